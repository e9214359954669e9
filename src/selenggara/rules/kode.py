"""Code lists of the voter list and the ad hoc bodies, as Django-ready choices.

Each list is a tuple of ``(code, Indonesian label)`` pairs, so
``models.CharField(max_length=panjang_maks(kode.STATUS_KAWIN), choices=kode.STATUS_KAWIN)``
works, while this module stays free of Django. Labels are marked with :func:`gettext_noop` for
``makemessages``; templates and forms translate them with ``gettext(label)``.

Sources: Sidalih / Model A fields (PKPU 7/2024, daftar pemilih): JK, STS, DIS, KTPel, SUMBER,
KET (TMS codes); PKPU 8/2022 (badan ad hoc) for roles; PKPU 17/2024 for TPS kinds.
The STS letters B/S/P are the project's reading of Sidalih exports (DOMAIN.md marks them
uncertain): change them here only, every model and importer imports them.
"""

from __future__ import annotations

import functools

from selenggara.rules.problem import gettext_noop

Pilihan = tuple[tuple[str, str], ...]

JENIS_KELAMIN: Pilihan = (
    ("L", gettext_noop("Laki-laki")),
    ("P", gettext_noop("Perempuan")),
)

STATUS_KAWIN: Pilihan = (
    ("B", gettext_noop("Belum kawin")),
    ("S", gettext_noop("Sudah kawin")),
    ("P", gettext_noop("Pernah kawin")),
)

# DIS (disabilitas) per Sidalih 2024.
DISABILITAS: Pilihan = (
    ("0", gettext_noop("Tidak ada")),
    ("1", gettext_noop("Disabilitas fisik")),
    ("2", gettext_noop("Disabilitas intelektual")),
    ("3", gettext_noop("Disabilitas mental")),
    ("4", gettext_noop("Disabilitas sensorik wicara")),
    ("5", gettext_noop("Disabilitas sensorik rungu")),
    ("6", gettext_noop("Disabilitas sensorik netra")),
)
TANPA_DISABILITAS = "0"

KTP_EL: Pilihan = (
    ("S", gettext_noop("Sudah memiliki KTP-el")),
    ("B", gettext_noop("Belum memiliki KTP-el")),
)

SUMBER: Pilihan = (
    ("DP4", gettext_noop("DP4 (data Kemendagri)")),
    ("DPTB", gettext_noop("DPTb (pindah memilih)")),
    ("DPK", gettext_noop("DPK (daftar pemilih khusus)")),
    ("BARU", gettext_noop("Pemilih baru (hasil coklit)")),
)

# In process order: A-Daftar Pemilih -> DPHP -> DPS -> DPSHP -> DPT (PKPU 7/2024).
TAHAP_DAFTAR: Pilihan = (
    ("ADAFTAR", gettext_noop("A-Daftar Pemilih")),
    ("DPHP", gettext_noop("Daftar Pemilih Hasil Pemutakhiran (DPHP)")),
    ("DPS", gettext_noop("Daftar Pemilih Sementara (DPS)")),
    ("DPSHP", gettext_noop("Daftar Pemilih Sementara Hasil Perbaikan (DPSHP)")),
    ("DPT", gettext_noop("Daftar Pemilih Tetap (DPT)")),
)
URUTAN_TAHAP_DAFTAR: dict[str, int] = {k: i for i, (k, _) in enumerate(TAHAP_DAFTAR)}

# Outcome of coklit for one voter.
HASIL_COKLIT: Pilihan = (
    ("SESUAI", gettext_noop("Sesuai")),
    ("UBAH", gettext_noop("Ubah data")),
    ("BARU", gettext_noop("Pemilih baru")),
    ("TMS", gettext_noop("Tidak memenuhi syarat (TMS)")),
)

# KET: TMS codes of Sidalih 2024.
TMS_KODE: Pilihan = (
    ("1", gettext_noop("Meninggal dunia")),
    ("2", gettext_noop("Ganda")),
    ("3", gettext_noop("Di bawah umur")),
    ("4", gettext_noop("Pindah domisili")),
    ("5", gettext_noop("Warga negara asing (WNA)")),
    ("6", gettext_noop("Anggota TNI")),
    ("7", gettext_noop("Anggota Polri")),
    ("8", gettext_noop("Salah TPS (pindah ke TPS lain di kelurahan/desa yang sama)")),
)
TMS_MENINGGAL = "1"
TMS_GANDA = "2"
TMS_DI_BAWAH_UMUR = "3"
TMS_PINDAH_DOMISILI = "4"
TMS_WNA = "5"
TMS_TNI = "6"
TMS_POLRI = "7"
TMS_SALAH_TPS = "8"
TMS_BUTUH_BUKTI = frozenset({TMS_MENINGGAL, TMS_TNI, TMS_POLRI})
"""Death letter (or RT/desa letter) for 1; member card for 6 and 7."""
TMS_PINDAH_TPS = frozenset({TMS_SALAH_TPS})
"""Code 8 is a MOVE to the right TPS in the same kelurahan, not a removal from the list."""
TMS_HAPUS = frozenset(k for k, _ in TMS_KODE) - TMS_PINDAH_TPS
"""Codes that take the voter off the list of this TPS for good."""

JENIS_TPS: Pilihan = (
    ("REGULER", gettext_noop("TPS reguler")),
    ("LOKSUS", gettext_noop("TPS lokasi khusus")),
)

JENIS_KONTESTASI: Pilihan = (
    ("GUBERNUR", gettext_noop("Gubernur dan Wakil Gubernur")),
    ("BUPATI", gettext_noop("Bupati dan Wakil Bupati")),
    ("WALIKOTA", gettext_noop("Wali Kota dan Wakil Wali Kota")),
)

PERAN: Pilihan = (
    ("KPU", gettext_noop("KPU Kabupaten/Kota")),
    ("PPK", gettext_noop("Panitia Pemilihan Kecamatan (PPK)")),
    ("PPS", gettext_noop("Panitia Pemungutan Suara (PPS)")),
    ("PANTARLIH", gettext_noop("Petugas Pemutakhiran Data Pemilih (Pantarlih)")),
    ("KPPS", gettext_noop("Kelompok Penyelenggara Pemungutan Suara (KPPS)")),
)

JABATAN: Pilihan = (
    ("KETUA", gettext_noop("Ketua")),
    ("ANGGOTA", gettext_noop("Anggota")),
    ("SEKRETARIS", gettext_noop("Sekretaris")),
    ("OPERATOR", gettext_noop("Operator")),
)


@functools.cache
def kode_set(pilihan: Pilihan) -> frozenset[str]:
    """The codes of a list, for membership checks in importers (built once per list: the
    import checks a million rows)."""
    return frozenset(k for k, _ in pilihan)


def label(pilihan: Pilihan, kode: str) -> str:
    """Label of ``kode`` in ``pilihan`` (untranslated); ValueError on an unknown code."""
    for k, lbl in pilihan:
        if k == kode:
            return lbl
    raise ValueError(
        f"Kode {kode!r} tidak dikenal; pilihan yang sah: {', '.join(k for k, _ in pilihan)}."
    )


def panjang_maks(pilihan: Pilihan) -> int:
    """Length of the longest code, for ``CharField(max_length=...)``."""
    return max(len(k) for k, _ in pilihan)
