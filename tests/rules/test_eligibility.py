"""Voter eligibility (PKPU 7/2024 Pasal 4) and age arithmetic."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from selenggara.rules.eligibility import (
    HARI_PEMUNGUTAN_PILKADA_2024,
    SYARAT_KE_TMS,
    batas_tanggal_lahir,
    memenuhi_syarat,
    syarat_pemilih,
    umur_pada,
)
from selenggara.rules.kode import TMS_KODE

from . import strategies as s

H = HARI_PEMUNGUTAN_PILKADA_2024
semua_tanggal = st.dates(date(1900, 1, 1), date(2100, 12, 31))


def _ulang_tahun(lahir: date, tahun: int) -> date:
    """Independent oracle: the birthday in ``tahun``; 29 Feb falls on 1 Mar in other years."""
    try:
        return lahir.replace(year=tahun)
    except ValueError:
        return date(tahun, 3, 1)


def _umur_oracle(lahir: date, tanggal: date) -> int:
    return sum(
        1 for y in range(lahir.year + 1, tanggal.year + 1) if _ulang_tahun(lahir, y) <= tanggal
    )


# --------------------------------------------------------------------- umur_pada


@pytest.mark.parametrize(
    ("lahir", "tanggal", "umur"),
    [
        (date(2007, 11, 27), date(2024, 11, 27), 17),
        (date(2007, 11, 28), date(2024, 11, 27), 16),
        (date(2000, 2, 29), date(2017, 2, 28), 16),  # not yet: non-leap year birthday is 1 Mar
        (date(2000, 2, 29), date(2017, 3, 1), 17),
        (date(2000, 2, 29), date(2016, 2, 28), 15),
        (date(2000, 2, 29), date(2016, 2, 29), 16),
        (date(1990, 3, 7), date(1990, 3, 7), 0),
        (date(1999, 12, 31), date(2000, 1, 1), 0),
    ],
)
def test_umur_pada_table(lahir: date, tanggal: date, umur: int) -> None:
    assert umur_pada(lahir, tanggal) == umur


@given(lahir=semua_tanggal, hari=st.integers(0, 120 * 366))
@example(lahir=date(2000, 2, 29), hari=365 * 17 + 4)  # 2017-02-28
@example(lahir=date(2004, 2, 29), hari=0)
def test_umur_pada_counts_birthdays_passed(lahir: date, hari: int) -> None:
    tanggal = lahir + timedelta(days=hari)
    assert umur_pada(lahir, tanggal) == _umur_oracle(lahir, tanggal)


@given(lahir=semua_tanggal, hari=st.integers(1, 120 * 366))
def test_umur_never_decreases_and_grows_by_at_most_one_a_day(lahir: date, hari: int) -> None:
    t = lahir + timedelta(days=hari)
    a, b = umur_pada(lahir, t - timedelta(days=1)), umur_pada(lahir, t)
    assert b - a in (0, 1)


def test_umur_before_birth_raises() -> None:
    with pytest.raises(ValueError):
        umur_pada(date(2000, 1, 2), date(2000, 1, 1))


# --------------------------------------------------------------------- batas_tanggal_lahir


@given(tanggal=st.dates(date(1950, 1, 1), date(2100, 12, 31)), umur=st.integers(1, 40))
@example(tanggal=date(2024, 2, 29), umur=17)
@example(tanggal=date(2025, 2, 28), umur=17)
def test_batas_tanggal_lahir_is_the_latest_birth_date_of_that_age(tanggal: date, umur: int) -> None:
    b = batas_tanggal_lahir(tanggal, umur)
    assert umur_pada(b, tanggal) >= umur
    assert umur_pada(b + timedelta(days=1), tanggal) < umur


def test_batas_tanggal_lahir_pilkada_2024() -> None:
    assert batas_tanggal_lahir(H) == date(2007, 11, 27)


# --------------------------------------------------------------------- syarat_pemilih


def test_exactly_17_on_polling_day_is_eligible() -> None:
    assert syarat_pemilih(date(2007, 11, 27), "B", H) == []
    assert memenuhi_syarat(date(2007, 11, 27), "B", H)


def test_one_day_short_is_not_eligible_unless_married() -> None:
    [p] = syarat_pemilih(date(2007, 11, 28), "B", H)
    assert (p.code, p.field, p.severity) == ("di_bawah_umur", "tanggal_lahir", "error")
    assert p.params["umur"] == 16
    assert "TMS kode 3" in p.text()
    assert memenuhi_syarat(date(2007, 11, 28), "S", H)
    assert memenuhi_syarat(date(2007, 11, 28), "P", H)


@given(hari_pemungutan=st.dates(date(2000, 1, 1), date(2100, 12, 31)), status=s.status_kawin)
@example(hari_pemungutan=date(2028, 2, 29), status="B")
@example(hari_pemungutan=date(2029, 2, 28), status="B")
def test_17th_birthday_boundary(hari_pemungutan: date, status: str) -> None:
    tepat = batas_tanggal_lahir(hari_pemungutan, 17)
    assert umur_pada(tepat, hari_pemungutan) == 17
    assert memenuhi_syarat(tepat, status, hari_pemungutan)
    sehari_kurang = tepat + timedelta(days=1)
    assert memenuhi_syarat(sehari_kurang, status, hari_pemungutan) == (status in ("S", "P"))


@given(lahir=s.tanggal_lahir, status=s.status_kawin)
def test_eligibility_matches_the_rule(lahir: date, status: str) -> None:
    expected = umur_pada(lahir, H) >= 17 or status in ("S", "P")
    assert memenuhi_syarat(lahir, status, H) == expected


def test_tni_polri_and_wna_are_not_eligible() -> None:
    dewasa = date(1980, 1, 1)
    assert [p.code for p in syarat_pemilih(dewasa, "S", H, tni_polri_aktif=True)] == [
        "tni_polri_aktif"
    ]
    assert [p.code for p in syarat_pemilih(dewasa, "S", H, wni=False)] == ["bukan_wni"]
    codes = [p.code for p in syarat_pemilih(date(2010, 1, 1), "B", H, tni_polri_aktif=True,
                                            wni=False)]  # fmt: skip
    assert codes == ["di_bawah_umur", "tni_polri_aktif", "bukan_wni"]
    assert not memenuhi_syarat(dewasa, "S", H, tni_polri_aktif=True)
    assert not memenuhi_syarat(dewasa, "S", H, wni=False)


def test_born_after_polling_day_is_a_data_error() -> None:
    [p] = syarat_pemilih(date(2025, 1, 1), "B", H)
    assert p.code == "lahir_setelah_pemungutan"
    assert not memenuhi_syarat(date(2025, 1, 1), "S", H)


def test_minimum_age_is_configurable() -> None:
    assert memenuhi_syarat(date(2008, 1, 1), "B", H, umur_minimal=16)
    assert not memenuhi_syarat(date(2008, 1, 1), "B", H)


@pytest.mark.parametrize("status", ["", "K", "b", None])
def test_unknown_status_kawin_raises(status: str) -> None:
    with pytest.raises(ValueError):
        syarat_pemilih(date(1980, 1, 1), status, H)


def test_problem_codes_map_to_existing_tms_codes() -> None:
    tms = {k for k, _ in TMS_KODE}
    for kodes in SYARAT_KE_TMS.values():
        assert set(kodes) <= tms
    assert SYARAT_KE_TMS["di_bawah_umur"] == ("3",)


@given(lahir=s.tanggal_lahir, status=s.status_kawin, tni=st.booleans(), wni=st.booleans())
def test_messages_render(lahir: date, status: str, tni: bool, wni: bool) -> None:
    for p in syarat_pemilih(lahir, status, H, tni_polri_aktif=tni, wni=wni):
        assert "%(" not in p.text()
