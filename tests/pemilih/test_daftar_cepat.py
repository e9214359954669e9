"""The voter list pages through millions without counting them: the count is a counter."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories

pytestmark = pytest.mark.django_db


def _hitung_pemilih(queries) -> list[str]:
    return [q["sql"] for q in queries
            if "COUNT(" in q["sql"].upper() and "pemilih_pemilih" in q["sql"]]


@pytest.mark.parametrize("who,params", [("kpu", {}), ("pps_bl", {}), ("pantarlih", {}),
                                        ("kpu", {"kelurahan": "bandar_lor"})])
def test_the_list_count_comes_from_the_counters(kediri_mini, client_as, who, params):
    ns = kediri_mini
    factories.buat_pemilih_banyak(ns.pemilihan, ns.tps_bl1, 60)
    get = {k: getattr(ns, v).pk for k, v in params.items()}
    with CaptureQueriesContext(connection) as q:
        r = client_as(getattr(ns, who)).get("/pemilih/", get)
    assert r.status_code == 200
    assert _hitung_pemilih(q.captured_queries) == []
    expected = {"kpu": 71, "pps_bl": 66, "pantarlih": 64}[who] if not params else 66
    assert r.context["page"].paginator.count == expected


def test_a_name_search_still_counts_what_it_found(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.kpu).get("/pemilih/", {"q": "Siti"})
    assert r.context["page"].paginator.count == 1
