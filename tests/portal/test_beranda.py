"""The home page per role shows exactly the caller's area, aggregated in a few queries."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import factories


def _rows(tabel):
    """{child name: (kelurahan, reguler, loksus, roles..., L, P, total, TMS)} of a TabelWilayah."""
    out = {}
    for b, roles in tabel.rows_with_roles():
        out[b.wilayah.nama] = (
            b.kelurahan,
            b.tps_reguler,
            b.tps_loksus,
            *roles,
            b.pemilih.laki,
            b.pemilih.perempuan,
            b.pemilih.total,
            b.pemilih.tms,
        )
    return out


def test_public_landing_has_election_and_login_link_but_no_voter_data(kediri_mini, client_as):
    r = client_as(None).get("/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "Pemilihan Serentak 2024 Kota Kediri" in html
    assert "27 November 2024" in html
    assert 'href="/masuk/"' in html
    for nama in kediri_mini.pemilih:
        assert nama not in html
    assert "TPS 001" not in html


def test_kpu_home_table_per_kecamatan(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.kpu).get("/")
    assert r.status_code == 200
    tabel = r.context["tabel"]
    assert tabel.induk == ns.kota
    assert [p for p in tabel.peran] == ["PPK", "PPS", "PANTARLIH", "KPPS"]
    # kel, reguler, loksus, PPK, PPS, Pantarlih, KPPS, L, P, total, TMS
    assert _rows(tabel) == {
        "Mojoroto": (2, 4, 1, 2, 4, 4, 2, 4, 4, 8, 1),
        "Kota": (1, 1, 0, 1, 1, 0, 0, 1, 1, 2, 0),
    }
    t = tabel.total
    assert (t.kelurahan, t.tps, t.pemilih.laki, t.pemilih.perempuan, t.pemilih.total) == (
        3,
        6,
        5,
        5,
        10,
    )
    assert tabel.petugas_induk == {"KPU": 1}
    html = r.content.decode()
    assert 'href="/wilayah/35.71.01/"' in html and 'href="/wilayah/35.71.02/"' in html


def test_ppk_home_table_per_kelurahan_of_its_kecamatan_only(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.ppk).get("/")
    tabel = r.context["tabel"]
    assert tabel.induk == ns.mojoroto
    assert tabel.peran == ("PPS", "PANTARLIH", "KPPS")
    # kel (not shown below a kecamatan), reguler, loksus, PPS, Pantarlih, KPPS, L, P, total, TMS
    assert _rows(tabel) == {
        "Bandar Lor": (0, 2, 1, 3, 3, 2, 3, 2, 5, 1),
        "Pojok": (0, 2, 0, 1, 1, 0, 1, 2, 3, 0),
    }
    assert tabel.petugas_induk == {"PPK": 2}
    html = r.content.decode()
    assert "Semampir" not in html
    assert "Kecamatan Mojoroto" in html


def test_pps_home_lists_its_tps_with_pantarlih_and_members(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.pps_bl).get("/")
    assert r.status_code == 200
    rows = r.context["tps_rows"]
    assert [(x.tps.nomor, x.tps.jenis) for x in rows] == [
        (1, "REGULER"),
        (2, "REGULER"),
        (901, "LOKSUS"),
    ]
    by_nomor = {x.tps.nomor: x for x in rows}
    assert (
        by_nomor[1].pemilih.laki,
        by_nomor[1].pemilih.perempuan,
        by_nomor[1].pemilih.total,
        by_nomor[1].pemilih.tms,
    ) == (2, 1, 3, 1)
    assert by_nomor[2].pemilih.total == 2
    assert by_nomor[901].pemilih.total == 0
    assert sorted(p.nama for p in by_nomor[1].pantarlih) == ["Endang Sri", "Joko Susilo"]
    assert [p.nama for p in by_nomor[2].pantarlih] == ["Bambang Irawan"]
    assert r.context["tps_total"].total == 5
    assert sorted(p.nama for p in r.context["anggota_pps"]) == ["Kartini", "Mulyono", "Sulastri"]
    html = r.content.decode()
    assert "Lapas Kelas IIA Kediri" in html
    assert f'href="/pemilih/?tps={ns.tps_bl1.pk}"' in html
    # Nothing of Pojok: not its TPS, not its Pantarlih, not its PPS.
    for asing in ("Heru Cahyono", "Suparno", "Pojok"):
        assert asing not in html


@pytest.mark.parametrize("who", ["pantarlih", "kpps"])
def test_tps_officer_home_shows_its_tps(kediri_mini, client_as, who):
    ns = kediri_mini
    r = client_as(getattr(ns, who)).get("/")
    assert r.status_code == 200
    assert r.context["tps"] == ns.tps_bl1
    j = r.context["jumlah"]
    assert (j.laki, j.perempuan, j.total, j.tms, j.disabilitas) == (2, 1, 3, 1, 1)
    html = r.content.decode()
    assert "TPS 001" in html and "Bandar Lor" in html
    assert 'href="/pemilih/"' in html
    # Its TPS colleagues only.
    assert {p.nama for p in r.context["rekan"]} == {
        "Joko Susilo",
        "Endang Sri",
        "Rahmat Hidayat",
        "Nur Aini",
    }


def test_superuser_without_officer_record_sees_the_election_area(kediri_mini, client_as):
    # A superuser has no area of its own: it chooses the election first (never a guess).
    c = client_as(kediri_mini.admin)
    assert c.get("/")["Location"] == "/pilih/"
    c.post("/pilih/", {"pemilihan": kediri_mini.pemilihan.pk})
    r = c.get("/")
    assert r.status_code == 200
    assert r.context["tabel"].total.pemilih.total == 10


def test_account_without_role_gets_explanation_not_data(kediri_mini, client_as):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create(username="tamu")
    r = client_as(user).get("/")
    assert r.status_code == 200
    assert "belum memiliki peran" in r.content.decode()
    assert client_as(user).get("/pemilih/").status_code == 403


@pytest.mark.parametrize("who", ["kpu", "ppk", "pps_bl", "pantarlih"])
def test_home_query_count_does_not_grow_with_data(kediri_mini, client_as, who):
    """Aggregates, not per-row loops: 200 more voters and 20 more TPS add no query."""
    ns = kediri_mini
    c = client_as(getattr(ns, who))
    c.get("/")  # warm up session/user caches
    with CaptureQueriesContext(connection) as before:
        c.get("/")
    for nomor in range(3, 23):
        tps = factories.buat_tps(ns.bandar_lor, nomor)
        factories.buat_pemilih_banyak(ns.pemilihan, tps, 10)
    factories.buat_pemilih_banyak(ns.pemilihan, ns.tps_bl1, 10)
    with CaptureQueriesContext(connection) as after:
        r = c.get("/")
    assert r.status_code == 200
    assert len(after.captured_queries) == len(before.captured_queries)
    assert len(after.captured_queries) <= 12
