"""Public facts about Kota Kediri's Pilkada 2024 that the demo population must reproduce.

Every number here comes from DOMAIN.md (KPU Kota Kediri reporting). The generator plans around
them exactly, and the tests check them, so a change here is a change of the demo's "truth".
The area codes and names live in ``data/wilayah/`` (an extract of the Kemendagri code table in
the same four-file CSV format the wilayah importer reads, ODbL, see the LICENSE.md there)
because a fresh clone must be able to build the demo without the shared data folder.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

DATA_WILAYAH = Path(__file__).resolve().parent / "data" / "wilayah"

HARI_PEMUNGUTAN = date(2024, 11, 27)  # Pilkada Serentak 2024 polling day
KODE_KOTA = "35.71"


@dataclass(frozen=True)
class Kecamatan:
    kode: str
    nama: str
    dp4: int  # DP4 records handed to KPU Kota
    tps_reguler: int  # regular TPS on polling day (DPT stage)


KECAMATAN = (
    Kecamatan("35.71.01", "Mojoroto", 85_459, 154),
    Kecamatan("35.71.02", "Kota", 68_087, 122),
    Kecamatan("35.71.03", "Pesantren", 68_905, 125),
)
DP4_TOTAL = 222_451
TPS_REGULER_TOTAL = 401

# 782 Pantarlih for 401 regular TPS under the 400 rule (2 Pantarlih above 400 voters) means
# exactly 782 - 401 = 381 TPS above 400 and 20 at or below it.
PANTARLIH_TOTAL = 782
TPS_KECIL_TOTAL = 2 * TPS_REGULER_TOTAL - PANTARLIH_TOTAL  # = 20

# Smallest DP4 size the planner gives a "small" (<= 400) TPS: real small TPS serve a cut-off
# neighbourhood, not a handful of houses.
TPS_KECIL_MIN = 250
TPS_BESAR_MIN = 401  # "large" = more than the 400 rule's threshold


@dataclass(frozen=True)
class LokasiKhusus:
    """A lokasi khusus (loksus) polling site: TPS inside a prison or pesantren.

    Loksus TPS get no DP4 voters: inmates and santri are registered later through DPTb (moving
    to vote there), so they also get no Pantarlih (there is no DP4 list to coklit there).
    """

    kode_kelurahan: str
    nama: str
    alamat: str  # illustrative street address
    jumlah_tps: int


# Public reporting on polling day 2024: the Lapas had TPS 901 and 902 (Mojoroto); pesantren
# loksus TPS were at Ponpes Wali Barokah (Burengan, Pesantren) and Ponpes Al Amien Ngasinan
# (kecamatan Kota). The kelurahan of Al Amien Ngasinan (Rejomulyo) is our assumption
# (uncertain): change it here if the real mapping differs.
LOKASI_KHUSUS = (
    LokasiKhusus("35.71.01.1001", "Lapas Kelas IIA Kediri", "JL. JAKSA AGUNG SUPRAPTO NO. 21", 2),
    LokasiKhusus("35.71.02.1017", "Pondok Pesantren Al Amien Ngasinan", "LINGKUNGAN NGASINAN", 1),
    LokasiKhusus("35.71.03.1015", "Pondok Pesantren Wali Barokah", "JL. HOS COKROAMINOTO", 1),
)
# Loksus TPS are numbered from 901 in their kelurahan (the Lapas had "TPS 901" and "TPS 902"),
# which keeps them after the regular TPS 001..n and clear of their numbers.
LOKSUS_NOMOR_AWAL = 901

# DP4 disability counts (DIS codes 1..6); DOMAIN.md: DP4 disability 1,075.
DISABILITAS_DP4 = {1: 306, 2: 91, 3: 181, 4: 497, 5: 0, 6: 0}

# DPS by sex (10 Aug 2024): the share of men the population should show.
DPS_L = 108_616
DPS_P = 113_980
RASIO_L = DPS_L / (DPS_L + DPS_P)  # ~0.488

# Ad hoc bodies (PKPU 8/2022): counts the officer generator must produce.
PPK_PER_KECAMATAN = 5
PPS_PER_KELURAHAN = 3
KPPS_PER_TPS = 7

# Share of DP4 records carrying each imperfection that coklit exists to find (truth kept apart
# by the generator). The removals (~2.6%) and the missing eligible residents (~2.65%) roughly
# cancel, as DP4 222,451 -> DPS 222,596 did in 2024.
TINGKAT_CACAT = {
    "MENINGGAL": 0.012,
    "PINDAH": 0.010,
    "SALAH_TPS": 0.008,
    "GANDA": 0.003,
    "TNI": 0.00025,
    "POLRI": 0.00025,
    "DIBAWAH_UMUR": 0.0003,
    "DATA_SALAH": 0.03,
    "BELUM_TERDAFTAR": 0.0265,
}

# Kecamatan outside this one where newcomers' NIKs were issued (a NIK keeps the code of the
# kecamatan that first issued it). Codes from the Kemendagri table.
# fmt: off
ASAL_PENDATANG = (
    ("35.06.01", "KAB. KEDIRI"), ("35.06.02", "KAB. KEDIRI"), ("35.06.03", "KAB. KEDIRI"),
    ("35.18.01", "NGANJUK"), ("35.18.03", "NGANJUK"), ("35.04.01", "TULUNGAGUNG"),
    ("35.04.03", "TULUNGAGUNG"), ("35.05.03", "KAB. BLITAR"), ("35.17.02", "JOMBANG"),
    ("35.78.02", "SURABAYA"), ("35.78.03", "SURABAYA"), ("35.73.02", "KOTA MALANG"),
    ("35.71.01", "KOTA KEDIRI"), ("35.71.02", "KOTA KEDIRI"), ("35.71.03", "KOTA KEDIRI"),
)
# Where people who moved out went (coklit records it on the TMS "pindah domisili" form).
TUJUAN_PINDAH = (
    "KAB. KEDIRI", "SURABAYA", "MALANG", "NGANJUK", "TULUNGAGUNG", "SIDOARJO", "JAKARTA",
    "BLITAR", "JOMBANG", "BATAM", "KOTA KEDIRI (KELURAHAN LAIN)",
)
# fmt: on


@dataclass(frozen=True)
class Kelurahan:
    kode: str
    kode_kecamatan: str
    nama: str


def baca_csv(nama_berkas: str) -> list[dict[str, str]]:
    with open(DATA_WILAYAH / nama_berkas, newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


def kelurahan() -> tuple[Kelurahan, ...]:
    """The 46 kelurahan of Kota Kediri, in code order, from ``data/wilayah/villages.csv``."""
    baris = baca_csv("villages.csv")
    hasil = tuple(
        Kelurahan(b["code"], b["district_code"], b["name"])
        for b in baris
        if b["code"].startswith(KODE_KOTA + ".")
    )
    return tuple(sorted(hasil, key=lambda k: k.kode))


# -- the list stages after coklit (demo simulasi past 24 Jul 2024) ---------------------------------
# Published (KPU Kota Kediri): the DPS of 10 Aug 2024 and the DPT of 19 Sep 2024.
DPS_TOTAL = DPS_L + DPS_P  # 222,596 at 404 TPS (401 regular + 3 loksus)
DPS_TPS = 404
DPT_TOTAL = 222_265  # at 405 TPS
DPT_REGULER = 220_807  # at the 401 regular TPS
DPT_LOKSUS = 1_458  # at the 4 loksus TPS
DPT_TPS = 405
DPS_DPT_HAPUS = 894  # struck out between the DPS and the DPT
DPS_DPT_BARU = DPT_TOTAL - DPS_TOTAL + DPS_DPT_HAPUS  # = 563 added between them

# Voters per loksus TPS, (kelurahan, TPS number) -> count. Only the DPT split (2 at the Lapas,
# 1 per pesantren, 1,458 in all) is published; the counts per TPS and the whole DPS column are
# our assumption (uncertain): at the DPS the Lapas had one TPS (901, 560 voters, close to the
# 600 limit); the inmates registered afterwards made KPU open TPS 902 for the DPT ("the fourth
# lokasi khusus TPS came later"), which is why the DPS has voters at 404 TPS and the DPT at 405.
LOKSUS_DPS = {
    ("35.71.01.1001", 901): 560, ("35.71.01.1001", 902): 0,
    ("35.71.02.1017", 901): 282, ("35.71.03.1015", 901): 296,
}
LOKSUS_DPT = {
    ("35.71.01.1001", 901): 430, ("35.71.01.1001", 902): 410,
    ("35.71.02.1017", 901): 300, ("35.71.03.1015", 901): 318,
}
# Between the DPS and the DPT, per loksus site (kelurahan): people struck out (released or
# transferred inmates, santri who left: TMS 4) and city residents already on the list at home
# who moved in (newly detained, new santri), moved to the loksus TPS. The rest of the growth is
# new registrations. (assumption)
LOKSUS_KELUAR = {"35.71.01.1001": 20, "35.71.02.1017": 2, "35.71.03.1015": 2}
LOKSUS_MASUK_LOKAL = {"35.71.01.1001": 40, "35.71.02.1017": 10, "35.71.03.1015": 10}
# Of the loksus voters at the DPS: the share who are city residents already in the DP4 (moved
# from their home TPS) and the share of men, per kind of site. (assumption)
LOKSUS_LOKAL = {"LAPAS": 0.40, "PONPES": 0.20}
LOKSUS_LAKI = {"LAPAS": 0.95, "PONPES": 0.60}

# Public responses to the DPS (18-27 Aug 2024), accepted by PPS, per kind, and refused ones
# (a report about a person alive and still there, a "missing" person already listed). Not
# published: a plausible figure (assumption). The 894 struck out and the 563 added that are
# not responses or loksus changes come from PPS's own fixes (Dukcapil data on deaths and moves,
# new 17-year-olds) in the days after the announcement.
TANGGAPAN_DITERIMA = {"MENINGGAL": 230, "PINDAH": 140, "GANDA": 30, "TMS": 20,
                      "DATA_SALAH": 40, "BELUM_TERDAFTAR": 180}
TANGGAPAN_DITOLAK = {"MENINGGAL": 14, "PINDAH": 18, "BELUM_TERDAFTAR": 16}

# DPTb moves recorded between the DPT and H-7 (20 Nov 2024), all inside Kota Kediri (the demo
# loads no other kab/kota): by reason (assumption).
DPTB = {"TUGAS": 150, "PINDAH_DOMISILI": 90, "BEKERJA": 40, "TAHANAN": 40,
        "TUGAS_BELAJAR": 40, "RAWAT_INAP": 20}
