"""TPS sizing: voters per TPS, Pantarlih per TPS, ballots per TPS.

The numbers change from election to election (Pemilu 2024 allowed 300 voters per TPS, Pilkada
2024 allows 600), so every function takes its limit as a parameter and the module constants are
only the Pilkada 2024 defaults (DOMAIN.md: make uncertain facts configurable).

- PKPU 7/2024 (daftar pemilih): at most 600 voters per TPS in Pilkada 2024; one Pantarlih per
  TPS, two when the TPS has more than 400 voters.
- PKPU 17/2024 (pemungutan dan penghitungan suara): ballots per TPS per contest = DPT plus a
  2.5% reserve, rounded up. The arithmetic here is exact (integers and ``Fraction``), because a
  rounded-up count must never depend on binary rounding: the float 0.025 is slightly more than
  1/40, so ``ceil(Fraction(0.025) * 40)`` is 2 instead of 1. (Plain float products happen to
  round back to the right value for 2.5%, by luck: for 3.5% of 200 voters the float product is
  7.000000000000001 and its ceiling 8.)
"""

from __future__ import annotations

import math
from decimal import Decimal
from fractions import Fraction

from selenggara.rules.problem import ERROR, Problem, gettext_noop

MAKS_PEMILIH_PER_TPS_PILKADA_2024 = 600
BATAS_DUA_PANTARLIH = 400
CADANGAN_SURAT_SUARA = Fraction(25, 1000)

ANGGOTA_KPPS_PER_TPS = 7
"""KPPS members per TPS (PKPU 8/2022), 1 of them ketua."""
ANGGOTA_PPS = 3
"""PPS members per kelurahan/desa (PKPU 8/2022)."""
ANGGOTA_PPK = 5
"""PPK members per kecamatan (PKPU 8/2022)."""

Pecahan = Fraction | int | Decimal | str


def _bilangan(nilai: int, nama: str) -> int:
    if isinstance(nilai, bool) or not isinstance(nilai, int):
        raise TypeError(f"{nama} harus bilangan bulat (int), bukan {type(nilai).__name__}.")
    if nilai < 0:
        raise ValueError(f"{nama} tidak boleh negatif: {nilai}.")
    return nilai


def _positif(nilai: int, nama: str) -> int:
    if _bilangan(nilai, nama) == 0:
        raise ValueError(f"{nama} harus lebih dari 0.")
    return nilai


def _pecahan(nilai: Pecahan) -> Fraction:
    """An exact fraction; floats are refused because they are not exact (use "0.025")."""
    if isinstance(nilai, float):
        raise TypeError(
            "Persentase cadangan tidak boleh float (tidak eksak); gunakan Fraction(25, 1000), "
            "Decimal('0.025') atau teks '0.025'."
        )
    if isinstance(nilai, bool):
        raise TypeError("Persentase cadangan harus bilangan, bukan bool.")
    f = Fraction(nilai)
    if f < 0:
        raise ValueError(f"Persentase cadangan tidak boleh negatif: {nilai}.")
    return f


def cek_kapasitas_tps(
    jumlah_pemilih: int, maks: int = MAKS_PEMILIH_PER_TPS_PILKADA_2024
) -> list[Problem]:
    """Problems when a TPS has more voters than allowed; ``[]`` = within capacity.

    Checked when mapping voters to TPS (A-Daftar Pemilih, DPS, DPT) and as an outlier test on
    C.Hasil (DOMAIN.md rule 10).
    """
    _bilangan(jumlah_pemilih, "jumlah_pemilih")
    _positif(maks, "maks")
    if jumlah_pemilih <= maks:
        return []
    return [
        Problem(
            "jumlah_pemilih",
            "tps_melebihi_kapasitas",
            gettext_noop(
                "TPS berisi %(jumlah)s pemilih, melebihi batas %(maks)s pemilih per TPS. "
                "Pindahkan %(kelebihan)s pemilih ke TPS terdekat di kelurahan/desa yang sama "
                "atau tambah TPS baru."
            ),
            {"jumlah": jumlah_pemilih, "maks": maks, "kelebihan": jumlah_pemilih - maks},
            ERROR,
        )
    ]


def jumlah_pantarlih(jumlah_pemilih: int, batas: int = BATAS_DUA_PANTARLIH) -> int:
    """Pantarlih needed for one TPS: 1, or 2 when the TPS has MORE than ``batas`` voters.

    A TPS with 0 voters (a new loksus TPS before mapping) still needs its one Pantarlih.
    """
    _bilangan(jumlah_pemilih, "jumlah_pemilih")
    _bilangan(batas, "batas")
    return 2 if jumlah_pemilih > batas else 1


def cadangan_surat_suara(dpt: int, cadangan: Pecahan = CADANGAN_SURAT_SUARA) -> int:
    """Reserve ballots for a TPS: ``ceil(cadangan * dpt)``, exactly (2.5% of 229 -> 6)."""
    _bilangan(dpt, "dpt")
    return math.ceil(_pecahan(cadangan) * dpt)


def surat_suara_tps(dpt: int, cadangan: Pecahan = CADANGAN_SURAT_SUARA) -> int:
    """Ballots supplied to a TPS for one contest: DPT + reserve (PKPU 17/2024).

    C.Hasil check 8 compares "surat suara diterima" with this number (a warning when it
    differs: logistics may have redistributed reserves between TPS).
    """
    return dpt + cadangan_surat_suara(dpt, cadangan)


def jumlah_tps_minimal(jumlah_pemilih: int, maks: int = MAKS_PEMILIH_PER_TPS_PILKADA_2024) -> int:
    """Fewest TPS that hold ``jumlah_pemilih`` voters at ``maks`` per TPS (0 voters -> 0).

    A lower bound for planning: KPU also keeps TPS within walking distance and does not split
    a household (KK) across TPS, so the real count is usually higher (Kota Kediri 2024:
    222,265 voters need at least 371 TPS; it had 401 regular TPS).
    """
    _bilangan(jumlah_pemilih, "jumlah_pemilih")
    _positif(maks, "maks")
    return -(-jumlah_pemilih // maks)
