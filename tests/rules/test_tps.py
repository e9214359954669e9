"""TPS sizing: capacity, Pantarlih, ballots (exact arithmetic)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.rules.tps import (
    BATAS_DUA_PANTARLIH,
    CADANGAN_SURAT_SUARA,
    MAKS_PEMILIH_PER_TPS_PILKADA_2024,
    cadangan_surat_suara,
    cek_kapasitas_tps,
    jumlah_pantarlih,
    jumlah_tps_minimal,
    surat_suara_tps,
)

pemilih = st.integers(0, 100_000)


def test_pilkada_2024_defaults() -> None:
    assert MAKS_PEMILIH_PER_TPS_PILKADA_2024 == 600
    assert BATAS_DUA_PANTARLIH == 400
    assert Fraction(25, 1000) == CADANGAN_SURAT_SUARA


# --------------------------------------------------------------------- Pantarlih


@pytest.mark.parametrize(("n", "pantarlih"), [(0, 1), (1, 1), (400, 1), (401, 2), (600, 2)])
def test_pantarlih_table(n: int, pantarlih: int) -> None:
    assert jumlah_pantarlih(n) == pantarlih


@given(n=pemilih, batas=st.integers(0, 1000))
def test_pantarlih_is_one_or_two_and_monotonic(n: int, batas: int) -> None:
    k = jumlah_pantarlih(n, batas)
    assert k == (2 if n > batas else 1)
    assert jumlah_pantarlih(n + 1, batas) >= k


# --------------------------------------------------------------------- ballots


@pytest.mark.parametrize(
    ("dpt", "cadangan", "total"),
    [(0, 0, 0), (1, 1, 2), (40, 1, 41), (41, 2, 43), (229, 6, 235), (400, 10, 410),
     (600, 15, 615), (601, 16, 617)],
)  # fmt: skip
def test_ballot_table(dpt: int, cadangan: int, total: int) -> None:
    assert cadangan_surat_suara(dpt) == cadangan
    assert surat_suara_tps(dpt) == total


@given(dpt=pemilih)
def test_reserve_is_ceil_of_2_5_percent(dpt: int) -> None:
    total = surat_suara_tps(dpt)
    oracle = -(-dpt * 25 // 1000)  # integer ceil(dpt * 0.025)
    assert total - dpt == oracle == cadangan_surat_suara(dpt)
    assert total - dpt >= 0
    assert (total - dpt) * 1000 >= dpt * 25 > (total - dpt - 1) * 1000 or dpt == 0


@given(dpt=pemilih)
def test_ballots_are_monotonic(dpt: int) -> None:
    assert surat_suara_tps(dpt + 1) > surat_suara_tps(dpt)
    assert cadangan_surat_suara(dpt + 1) >= cadangan_surat_suara(dpt)


@given(dpt=pemilih)
def test_reserve_accepts_exact_forms(dpt: int) -> None:
    a = surat_suara_tps(dpt, Fraction(1, 40))
    assert a == surat_suara_tps(dpt, Decimal("0.025")) == surat_suara_tps(dpt, "0.025")
    assert a == surat_suara_tps(dpt)


def test_float_reserve_is_refused() -> None:
    # The float 0.025 is above 1/40: taken exactly it would give 2 reserve ballots for 40 voters.
    assert Fraction(0.025) > Fraction(1, 40)
    assert -(-Fraction(0.025) * 40 // 1) == 2
    with pytest.raises(TypeError):
        surat_suara_tps(40, 0.025)  # type: ignore[arg-type]


def test_other_reserve_rates() -> None:
    assert surat_suara_tps(300, Fraction(2, 100)) == 306
    assert surat_suara_tps(300, 0) == 300
    # float 200 * 0.035 == 7.000000000000001, whose ceil is 8; the exact answer is 7
    assert surat_suara_tps(200, "0.035") == 207
    assert cadangan_surat_suara(100, Decimal("0.07")) == 7
    with pytest.raises(ValueError):
        surat_suara_tps(300, Fraction(-1, 100))


# --------------------------------------------------------------------- capacity


def test_capacity() -> None:
    assert cek_kapasitas_tps(600) == []
    [p] = cek_kapasitas_tps(601)
    assert (p.code, p.severity, p.field) == ("tps_melebihi_kapasitas", "error", "jumlah_pemilih")
    assert p.params == {"jumlah": 601, "maks": 600, "kelebihan": 1}
    assert "601" in p.text() and "600" in p.text()
    assert cek_kapasitas_tps(301, maks=300) != []  # Pemilu 2024 limit


@given(n=pemilih, maks=st.integers(1, 1000))
def test_capacity_property(n: int, maks: int) -> None:
    assert (cek_kapasitas_tps(n, maks) == []) == (n <= maks)


@pytest.mark.parametrize(("n", "tps"), [(0, 0), (1, 1), (600, 1), (601, 2), (222_265, 371)])
def test_minimum_tps_table(n: int, tps: int) -> None:
    assert jumlah_tps_minimal(n) == tps


@given(n=pemilih, maks=st.integers(1, 1000))
def test_minimum_tps_is_minimal_and_enough(n: int, maks: int) -> None:
    t = jumlah_tps_minimal(n, maks)
    assert t * maks >= n
    assert (t - 1) * maks < n or t == 0
    if t:
        assert cek_kapasitas_tps(-(-n // t), maks) == []  # an even split fits


@pytest.mark.parametrize(
    "call",
    [
        lambda: cek_kapasitas_tps(-1),
        lambda: cek_kapasitas_tps(10, maks=0),
        lambda: jumlah_pantarlih(-1),
        lambda: surat_suara_tps(-5),
        lambda: jumlah_tps_minimal(10, maks=0),
    ],
)
def test_negative_or_zero_limits_raise(call: Callable[[], object]) -> None:
    with pytest.raises(ValueError):
        call()


@pytest.mark.parametrize("bad", [1.5, "10", True])
def test_non_integers_raise(bad: object) -> None:
    with pytest.raises(TypeError):
        surat_suara_tps(bad)  # type: ignore[arg-type]
