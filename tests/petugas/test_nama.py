"""One name rule for officers and voters: a formula is not a name."""

import pytest

from selenggara.errors import ServiceError
from selenggara.petugas import services as akun
from selenggara.rules.nik import make_nik
from selenggara.rules.pemilih import clean_fields

pytestmark = pytest.mark.django_db
RUMUS = '=HYPERLINK("http://x","y")'


def test_a_formula_is_refused_as_an_officer_name(kediri_mini):
    from datetime import date

    ns = kediri_mini
    data = {"nama": RUMUS, "nik": make_nik("35.71.01", date(1990, 1, 2), "L", 4400),
            "jenis_kelamin": "L", "telepon": "", "tps": ns.tps_bl2.pk}
    with pytest.raises(ServiceError) as exc:
        akun.buat_pantarlih(ns.pps_bl, data)
    assert "nama" in exc.value.galat and "diawali huruf" in exc.value.galat["nama"][0]
    for nama in ("-Budi", "@budi", "+62", "Budi 2"):
        _clean, problems = akun.bersihkan({**data, "nama": nama})
        assert [p.code for p in problems if p.field == "nama"] == ["nama_karakter"], nama


def test_the_same_rule_for_voters():
    for nama in (RUMUS, "-Budi"):
        _clean, problems = clean_fields({"nama": nama})
        assert [p.code for p in problems] == ["nama_karakter"]
    clean, problems = clean_fields({"nama": "Moch. Rizki (Iki)"})
    assert not problems and clean["nama"] == "MOCH. RIZKI (IKI)"
