"""The voter-list import (DP4 / A-Daftar Pemilih) of a KPU Kabupaten/Kota: CSV or XLSX with
the Sidalih columns, validated whole, then applied in one transaction, or not at all.

Two streaming passes, so memory stays flat for millions of rows (``docs/impor.md``):

1. :func:`periksa` reads the file once, row by row. Each row is checked with ``rules/`` (the
   data elements, NIK and NKK, NIK against birth date and sex, eligibility on polling day), its
   kecamatan, desa and TPS are resolved within the election's kab/kota, and only what the
   checks across rows need is kept, compactly: the NIKs seen (an int each, with the line),
   each household's TPS (one packed int per NKK), and a counter per TPS. NIKs already on the
   election's list are looked up in batches (index on NIK) and compared. At the end the
   households and TPS sizes are checked against the voters already listed and not in the file.
   While no error has been found, every row to write goes, cleaned, to a spool file (batches
   of plain tuples, in a temporary folder), so the second pass neither parses nor validates
   again.
2. :func:`terapkan` takes the audit lock first (``audit.Appender``), re-runs the first pass
   inside the transaction if anything was audited since it started (the register may have
   changed), then streams the spool: new voters in batches through
   ``pemilih.services.muat_massal`` (``db.bulk_insert``: executemany / COPY; one audit record
   per batch with the fingerprint of each row), changed voters through ``PenulisPemilih``
   (``versi`` + 1, ``rev``, a ``PindahTPS`` tombstone for a TPS move, one audit record each).
   Both writers move the register's counters (``pemilih.rekap``) as they write. Last, one
   ``pemilih.impor`` record says what the import did: counts and the file's SHA-256, never a
   NIK.

Identity is the NIK within the election. A row whose NIK is already listed with the same values
changes nothing, so importing the same file again is a no-op (and writes no audit record). A
row with other values updates that voter, through the voter-write protocol, while the voter is
still as an import left it (A-Daftar stage, no coklit outcome); once coklit or a later stage
has touched the voter, the file is refused at that row: data checked in the field are not
overwritten by a file. Voters on the list but not in the file are left alone (an import never
removes anyone; removal is a TMS decision of coklit).
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import pickle
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.models import AuditHead
from selenggara.audit.services import Appender
from selenggara.db import adapt, next_id, reset_sequence
from selenggara.errors import Jenis, ServiceError, di_baris, teks
from selenggara.laporan.csv import (
    MAKS_PANJANG_BARIS,
    PenulisCSV,
    buka_csv,
    huruf_kolom,
    periksa_ukuran,
)
from selenggara.laporan.xlsx import XLSX_MIME, aman, buka_lembar
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.scope import get_scope
from selenggara.rules import kode
from selenggara.rules.nik import bersihkan_nik, validate_nik, validate_nkk
from selenggara.rules.pemilih import clean_fields, validate_record, validate_tms
from selenggara.rules.problem import ERROR, WARNING, Problem, gettext_noop
from selenggara.rules.tps import cek_kapasitas_tps
from selenggara.rules.wilayah_kode import KodeWilayahError, undotted
from selenggara.web import jam
from selenggara.wilayah.models import TPS, Wilayah

from .models import Pemilih
from .services import PenulisPemilih, muat_massal

__all__ = [
    "KOLOM",
    "WAJIB",
    "XLSX_MIME",
    "Hasil",
    "Rencana",
    "impor",
    "laporan_csv",
    "laporan_xlsx",
    "periksa",
    "terapkan",
]

# -- the file ---------------------------------------------------------------------------------

KOLOM = ("kecamatan", "desa", "dpid", "nkk", "nik", "nama", "jk", "tmpt_lhr", "tgl_lhr", "sts",
         "alamat", "rt", "rw", "dis", "ktpel", "sumber", "ket", "tps")
"""The Sidalih columns, in their usual order (the header may order them any way)."""
WAJIB = ("kecamatan", "desa", "nkk", "nik", "nama", "jk", "tmpt_lhr", "tgl_lhr", "sts",
         "alamat", "rt", "rw", "ktpel", "tps")
"""Columns a file must have. DPID (Sidalih's own id, not kept), DIS (empty = 0), SUMBER
(empty = DP4) and KET (empty = memenuhi syarat) may be left out."""
ALIAS = {
    "kec": "kecamatan", "kelurahan": "desa", "kel": "desa", "kelurahan/desa": "desa",
    "desa/kelurahan": "desa", "no_kk": "nkk", "jenis_kelamin": "jk", "l/p": "jk",
    "tempat_lahir": "tmpt_lhr", "tanggal_lahir": "tgl_lhr", "status_kawin": "sts",
    "status_perkawinan": "sts", "sts_kawin": "sts", "disabilitas": "dis", "difabel": "dis",
    "ktp_el": "ktpel", "ktp-el": "ktpel", "keterangan": "ket", "no_tps": "tps",
    "nomor_tps": "tps",
}
MB = 1024 * 1024
MAKS_UKURAN_CSV = 160 * MB
"""About a million Sidalih rows; a bigger list is imported per kecamatan."""
MAKS_UKURAN_XLSX = 40 * MB
MAKS_BARIS = 2_000_000
MAKS_GALAT = 10_000
"""Problems kept in detail (line, column, message); beyond this they are only counted."""
BATCH = 10_000
"""New voters per load batch (one audit record each, with their fingerprints)."""
BATCH_CEK = 2_000
"""Rows per lookup of NIKs already on the list."""
BATCH_UBAH = 1_000
LANGKAH_KEMAJUAN = 5_000
MIN_PARALEL = 16 * MB
"""A CSV at least this big may be read by several processes side by side (first loads)."""

# rules field -> the import column that holds it
KOLOM_RULES = {"nkk": "nkk", "nik": "nik", "nama": "nama", "jenis_kelamin": "jk",
               "tempat_lahir": "tmpt_lhr", "tanggal_lahir": "tgl_lhr", "status_kawin": "sts",
               "alamat": "alamat", "rt": "rt", "rw": "rw", "disabilitas": "dis",
               "ktp_el": "ktpel", "kode": "ket"}

# A cleaned row (the spool, and what is compared with a listed voter), after the line number:
# the voter fields in this order.
FIELDS_BARIS = ("kecamatan_id", "kelurahan_id", "tps_id", "nkk", "nik", "nama",
                "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "status_kawin", "alamat",
                "rt", "rw", "disabilitas", "ktp_el", "sumber", "tms_kode")
KOLOM_FIELD = ("kecamatan", "desa", "tps", "nkk", "nik", "nama", "jk", "tmpt_lhr", "tgl_lhr",
               "sts", "alamat", "rt", "rw", "dis", "ktpel", "sumber", "ket")
"""The import column of each of :data:`FIELDS_BARIS` (to name what differs)."""
_I_NIK = 1 + FIELDS_BARIS.index("nik")
_I_TGL = 1 + FIELDS_BARIS.index("tanggal_lahir")

# The columns of a bulk row (pemilih.services.muat_massal), ids included.
FIELDS_MUAT = ("id", "pemilihan", "kecamatan", "kelurahan", "tps", "nkk", "nik", "nama",
               "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "status_kawin", "alamat", "rt",
               "rw", "disabilitas", "ktp_el", "sumber", "tahap", "tms_kode", "coklit",
               "catatan_pps", "rev", "versi", "diubah")

SUMBER_KODE = kode.kode_set(kode.SUMBER)
TMS_IMPOR = kode.kode_set(kode.TMS_KODE) - kode.TMS_PINDAH_TPS
TAHAP_AWAL = "ADAFTAR"

# Problem code -> message. Every message of this module is here, marked for translation.
PESAN: dict[str, str] = {
    "wajib": gettext_noop("%(judul)s wajib diisi."),
    "kecamatan_tidak_ada": gettext_noop(
        "Kecamatan %(nilai)s tidak ada di %(kabkota)s. Tulis nama kecamatan seperti pada data "
        "Kemendagri (mis. %(contoh)s) atau kodenya (mis. %(kode)s)."),
    "desa_tidak_ada": gettext_noop(
        "Desa/kelurahan %(nilai)s tidak ada di Kecamatan %(kecamatan)s. Tulis nama seperti pada "
        "data Kemendagri (mis. %(contoh)s) atau kodenya (mis. %(kode)s)."),
    "desa_ganda": gettext_noop(
        "Ada lebih dari satu desa/kelurahan bernama %(nilai)s di Kecamatan %(kecamatan)s; tulis "
        "kodenya (%(kode)s)."),
    "tps_format": gettext_noop(
        "Nomor TPS %(nilai)s tidak terbaca. Tulis nomor TPS di desa/kelurahan itu, mis. 001 "
        "atau 12."),
    "tps_tidak_ada": gettext_noop(
        "TPS %(nomor)s tidak ada di %(desa)s (yang ada: %(daftar)s). Periksa nomor TPS, atau "
        "tambahkan TPS itu dulu, lalu impor lagi."),
    "tps_kode_beda": gettext_noop(
        "Kode TPS %(nilai)s bukan kode TPS di %(desa)s (kode desa %(kode)s). Tulis nomor TPS "
        "saja, mis. 001."),
    "tanggal_format": gettext_noop(
        "Tanggal lahir %(nilai)s tidak terbaca. Tulis tanggal-bulan-tahun (07-03-1990 atau "
        "07/03/1990) atau tahun-bulan-tanggal (1990-03-07)."),
    "nomor_angka": gettext_noop(
        "%(judul)s tersimpan sebagai angka di Excel (%(nilai)s), sehingga digit terakhirnya "
        "hilang. Format kolom %(judul)s sebagai Teks, salin ulang dari sumbernya, lalu unggah "
        "lagi."),
    "ket_pindah": gettext_noop(
        "KET 8 (salah TPS) berarti pemilih dipindah ke TPS yang benar, bukan dicoret. Tulis TPS "
        "yang benar di kolom TPS dan kosongkan KET."),
    "sumber_tidak_dikenal": gettext_noop(
        "SUMBER %(nilai)s tidak dikenal; isi DP4, DPTB, DPK atau BARU (kosong berarti DP4)."),
    "nik_ganda_berkas": gettext_noop(
        "NIK ini sudah ada di baris %(baris_awal)s berkas ini. Satu orang hanya satu baris: "
        "hapus salah satu, atau perbaiki NIK yang salah ketik."),
    "kk_terbelah": gettext_noop(
        "KK ini (NKK sama dengan baris %(baris_awal)s) dipetakan ke %(tps_awal)s di baris "
        "%(baris_awal)s, tetapi ke %(tps)s di baris ini. Satu KK harus memilih di satu TPS: "
        "samakan TPS seluruh anggota KK."),
    "kk_terbelah_daftar": gettext_noop(
        "Anggota lain KK ini yang sudah ada di daftar (dan tidak ada di berkas) terdaftar di "
        "%(tps_awal)s, tetapi baris ini memetakan KK itu ke %(tps)s. Satu KK harus di satu TPS: "
        "pakai %(tps_awal)s, atau sertakan semua anggota KK di berkas dengan TPS yang sama."),
    "tps_penuh": gettext_noop(
        "%(tps)s akan berisi %(jumlah)s pemilih memenuhi syarat (%(berkas)s dari berkas, baris "
        "%(awal)s sampai %(akhir)s, dan %(lama)s yang sudah ada di daftar), melebihi batas "
        "%(maks)s pemilih per TPS pemilihan ini. Pindahkan %(kelebihan)s pemilih ke TPS lain di "
        "desa/kelurahan yang sama, atau tambah TPS."),
    "nik_ganda_daftar": gettext_noop(
        "NIK ini tercatat %(jumlah)s kali di daftar pemilihan ini, jadi tidak jelas pemilih mana "
        "yang diperbarui. Selesaikan data ganda itu dulu (TMS ganda lewat coklit), lalu impor "
        "lagi."),
    "sudah_dicoklit": gettext_noop(
        "Pemilih dengan NIK ini sudah ada di daftar dan sudah dicoklit; datanya berbeda dengan "
        "berkas pada kolom %(beda)s. Data yang sudah diperiksa di lapangan tidak ditimpa "
        "impor: samakan baris ini dengan data sekarang, hapus barisnya, atau ubah lewat coklit "
        "dan keputusan PPS."),
    "tahap_lanjut": gettext_noop(
        "Pemilih dengan NIK ini sudah ada di daftar tahap %(tahap)s; datanya berbeda dengan "
        "berkas pada kolom %(beda)s. Impor hanya memperbarui pemilih tahap A-Daftar: samakan "
        "baris ini dengan data sekarang atau hapus barisnya."),
    "tanpa_data": gettext_noop(
        "Berkas hanya berisi judul kolom, tanpa baris data. Isi satu pemilih per baris mulai "
        "baris 2."),
    "tidak_berubah": gettext_noop(
        "Pemilihan ini sudah berubah sejak berkas diperiksa, dan pemeriksaan ulang menemukan "
        "%(n)s masalah. Tidak ada data yang diubah; buka laporan pemeriksaan yang baru."),
}

PESAN_UNGGAH: dict[str, str] = {
    "terlalu_besar": gettext_noop(
        "Berkas lebih dari %(maks)s MB. Bagi daftar per kecamatan (satu berkas per kecamatan), "
        "lalu impor satu per satu, atau impor lewat baris perintah (selenggara pemilih "
        "import)."),
}

LABEL_PERINGATAN: dict[str, str] = {
    "nik_kecamatan_beda": gettext_noop(
        "NIK diterbitkan di kecamatan lain (wajar bila pemilih pindah domisili)"),
}
"""What a warning of ``rules/`` means, for the summary (it does not block the import)."""

RINGKASAN_GALAT = gettext_noop(
    "Tidak ada data yang diubah: %(n)s masalah di %(b)s baris. Perbaiki berkas, lalu impor lagi.")


def _p(code: str, /, **params) -> Problem:
    return Problem(field="", code=code, message=PESAN[code], params=params, severity=ERROR)


def angka(n: int) -> str:
    """1234567 -> ``1.234.567`` (Indonesian digit grouping) for message parameters."""
    return f"{n:,}".replace(",", ".")


def _kunci_nama(s: str) -> str:
    return " ".join(str(s).upper().replace(".", ". ").split())


_AWALAN = ("KECAMATAN ", "KEC. ", "KELURAHAN ", "KEL. ", "DESA ", "DS. ")


def _tanpa_awalan(s: str) -> str:
    for a in _AWALAN:
        if s.startswith(a):
            return s[len(a):].strip()
    return s


# -- the plan (the first pass's result) --------------------------------------------------------


@dataclass
class Rencana:
    """What :func:`periksa` found: counts, the problems, and the spool of rows to write."""

    pemilihan_id: int
    nama_berkas: str
    sha256: str
    ukuran: int
    format: str
    encoding: str = ""
    pemisah: str = ""
    judul: list[str] = field(default_factory=list)
    kolom: dict[str, int] = field(default_factory=dict)
    tidak_dikenal: list[str] = field(default_factory=list)
    baris: int = 0
    baru: int = 0
    ubah: int = 0
    sama: int = 0
    pindah_tps: int = 0
    jumlah_galat: int = 0
    galat: list[Problem] = field(default_factory=list)
    per_kode: Counter = field(default_factory=Counter)
    peringatan: Counter = field(default_factory=Counter)
    seq_awal: int = 0
    spool: str = ""
    detik: float = 0.0

    @property
    def ok(self) -> bool:
        return self.jumlah_galat == 0

    @property
    def baris_galat(self) -> list[int]:
        """The lines (sorted) of the problems kept in detail."""
        return sorted({int(p.params.get("baris") or 0) for p in self.galat} - {0})

    def galat_urut(self) -> list[Problem]:
        return sorted(self.galat, key=lambda p: (int(p.params.get("baris") or 0),
                                                 str(p.params.get("kolom") or "")))

    def sebagai_galat(self) -> ServiceError:
        """The refusal, as the one error type (``ServiceError.baris`` lists line and column)."""
        pesan = _(RINGKASAN_GALAT) % {"n": angka(self.jumlah_galat),
                                      "b": angka(len(self.baris_galat))}
        return ServiceError(self.galat_urut(), pesan, jenis=Jenis.TIDAK_VALID)

    def ke_json(self) -> dict:
        d = {k: getattr(self, k) for k in (
            "pemilihan_id", "nama_berkas", "sha256", "ukuran", "format", "encoding", "pemisah",
            "judul", "kolom", "tidak_dikenal", "baris", "baru", "ubah", "sama", "pindah_tps",
            "jumlah_galat", "seq_awal", "spool", "detik")}
        d["per_kode"] = dict(self.per_kode)
        d["peringatan"] = dict(self.peringatan)
        d["galat"] = [{"field": p.field, "code": p.code, "message": p.message,
                       "params": p.params, "severity": p.severity} for p in self.galat]
        return d

    @classmethod
    def dari_json(cls, d: dict) -> Rencana:
        d = dict(d)
        galat = [Problem(**g) for g in d.pop("galat", [])]
        per_kode = Counter(d.pop("per_kode", {}))
        peringatan = Counter(d.pop("peringatan", {}))
        return cls(**d, galat=galat, per_kode=per_kode, peringatan=peringatan)


@dataclass
class Hasil:
    """What :func:`terapkan` wrote."""

    baru: int
    ubah: int
    sama: int
    pindah_tps: int
    seq: int | None  # the pemilih.impor audit record; None when nothing changed
    detik: float
    diperiksa_ulang: bool = False

    @property
    def berubah(self) -> bool:
        return bool(self.baru or self.ubah)


Kemajuan = Callable[[str, int, int], None]


# -- opening a file ---------------------------------------------------------------------------


def sha256_berkas(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1024 * 1024):
            h.update(chunk)
    return h.hexdigest()


def _buka(f, encoding: str | None):
    """A CSV or XLSX reader for ``f`` (by content, not by name)."""
    f.seek(0)
    awal = f.read(4)
    f.seek(0)
    if awal == b"PK\x03\x04":
        periksa_ukuran(f, MAKS_UKURAN_XLSX)
        return buka_lembar(f, kolom=KOLOM, wajib=WAJIB, alias=ALIAS, maks_baris=MAKS_BARIS,
                           maks_ukuran=MAKS_UKURAN_XLSX)
    return buka_csv(f, kolom=KOLOM, wajib=WAJIB, alias=ALIAS, maks_ukuran=MAKS_UKURAN_CSV,
                    maks_baris=MAKS_BARIS, encoding=encoding)


def _seq_sekarang() -> int:
    return AuditHead.objects.filter(pk=1).values_list("seq", flat=True).first() or 0


# -- the first pass ---------------------------------------------------------------------------


def periksa(path, *, pemilihan: Pemilihan | int, nama_berkas: str = "",
            encoding: str | None = None, spool_dir: str | Path | None = None,
            kemajuan: Kemajuan | None = None, proses: int = 1,
            min_paralel: int = MIN_PARALEL) -> Rencana:
    """Validate a whole file (first pass); nothing is written to the database.

    ``path``: the file on disk. ``spool_dir``: where the spool of rows to write goes (a new
    temporary folder by default; the caller removes it, see :func:`buang_spool`). The file as
    a whole being unreadable (size, encoding, columns) raises :class:`ServiceError`; problems
    of rows are collected in the returned :class:`Rencana` (``ok`` False).

    ``proses`` > 1: a CSV of at least ``min_paralel`` bytes loaded into an election whose list
    is still empty is read by that many processes side by side (the command line does this;
    pages do not fork)."""
    t0 = time.perf_counter()
    if not isinstance(pemilihan, Pemilihan):
        pemilihan = Pemilihan.objects.select_related("wilayah").get(pk=pemilihan)
    path = Path(path)
    seq_awal = _seq_sekarang()
    with open(path, "rb") as f:
        lembar = _buka(f, encoding)
        rencana = Rencana(
            pemilihan_id=pemilihan.pk, nama_berkas=nama_berkas or path.name,
            sha256=sha256_berkas(path), ukuran=lembar.ukuran, format=lembar.format,
            encoding=getattr(lembar, "encoding", ""),
            pemisah=getattr(lembar, "pemisah", ""), judul=list(lembar.judul),
            kolom=dict(lembar.kolom), tidak_dikenal=list(lembar.tidak_dikenal),
            seq_awal=seq_awal)
        folder = Path(spool_dir) if spool_dir else Path(tempfile.mkdtemp(prefix="impor-"))
        folder.mkdir(parents=True, exist_ok=True)
        rencana.spool = str(folder / "spool.bin")
        try:
            with open(rencana.spool, "wb") as spool:
                pemeriksa = _Pemeriksa(pemilihan, lembar, rencana, _Spool(spool))
                pemeriksa.path = path
                bagian = (lembar.bagian(proses) if _bisa_paralel(pemeriksa, proses, min_paralel)
                          else None)
                if bagian and len(bagian) > 1:
                    _baca_paralel(pemeriksa, bagian, folder, spool, kemajuan)
                else:
                    total = pemeriksa.total()
                    maju = (None if kemajuan is None
                            else (lambda pos: kemajuan("periksa", pos, total)))
                    pemeriksa.baca(lembar.baris(), maju)
                pemeriksa.selesai(kemajuan)
        except BaseException:
            buang_spool(rencana)
            raise
    if not rencana.ok:
        buang_spool(rencana)
    rencana.detik = time.perf_counter() - t0
    return rencana


def buang_spool(rencana: Rencana) -> None:
    """Remove the spool file (its folder too when it is one :func:`periksa` made)."""
    if not rencana.spool:
        return
    p = Path(rencana.spool)
    p.unlink(missing_ok=True)
    if p.parent.name.startswith("impor-") and p.parent.parent == Path(tempfile.gettempdir()):
        shutil.rmtree(p.parent, ignore_errors=True)
    rencana.spool = ""


class _Pemeriksa:
    """The first pass over one file (see the module docstring)."""

    def __init__(self, pemilihan: Pemilihan, lembar, rencana: Rencana, spool):
        self.pemilihan = pemilihan
        self.pid = pemilihan.pk
        self.hari = pemilihan.hari_pemungutan
        self.maks = pemilihan.maks_pemilih_per_tps
        self.hari_ini = jam.hari_ini()
        self.lembar = lembar
        self.r = rencana
        self.spool = spool
        self.path: Path | None = None
        self.xlsx = lembar.format == "xlsx"
        # Where each column is, to locate problems: key -> (letter, header as written).
        self.letak = {k: (huruf_kolom(i), lembar.judul[i].strip() or k.upper())
                      for k, i in lembar.kolom.items()}
        self._wilayah()
        # Cross-row state, compact: ints, not strings.
        self.nik_baris: dict[int, int] = {}
        self.nkk_tps: dict[int, int] = {}  # nkk -> tps_id << 32 | first line
        self.tps_ms: Counter = Counter()  # eligible rows of the file per TPS
        self.tps_baris: dict[int, list[int]] = {}  # first and last line per TPS
        self.ada_pemilih = Pemilih.objects.filter(pemilihan_id=self.pid).exists()
        self.cek: list[tuple] = []  # cleaned rows waiting for the lookup of listed NIKs
        self.tulis: list[tuple] = []  # rows for the spool (while no problem was found)
        self.memo_kode: dict = {}
        self.memo_alamat: dict = {}
        self.memo_tempat: dict = {}
        self.memo_tgl: dict = {}
        self._nkk_akhir: str | None = None
        self._nkk_salah: list[Problem] = []

    # -- areas ---------------------------------------------------------------------------

    def _wilayah(self) -> None:
        kab = self.pemilihan.wilayah
        self.kab = kab
        awal = kab.kode + "."
        self.kec_kode: dict[str, Wilayah] = {}
        self.kec_nama: dict[str, Wilayah] = {}
        self.kel_kode: dict[str, Wilayah] = {}
        self.kel_nama: dict[tuple[int, str], list[Wilayah]] = {}
        for w in Wilayah.objects.filter(kode__startswith=awal, tingkat__in=(3, 4)).order_by(
                "kode"):
            if w.tingkat == 3:
                self.kec_kode[w.kode_polos] = w
                self.kec_nama.setdefault(_kunci_nama(w.nama), w)
            else:
                self.kel_kode[w.kode_polos] = w
                self.kel_nama.setdefault((w.induk_id, _kunci_nama(w.nama)), []).append(w)
        self.kec_by_id = {w.pk: w for w in self.kec_kode.values()}
        self.tps: dict[tuple[int, int], int] = {}
        self.tps_label: dict[int, str] = {}
        self.tps_per_kel: dict[int, list[int]] = {}
        kel_by_id = {w.pk: w for w in self.kel_kode.values()}
        self.kel_by_id = kel_by_id
        for pk, kel_id, nomor, nama in (TPS.objects.filter(kelurahan_id__in=kel_by_id)
                                        .values_list("pk", "kelurahan_id", "nomor", "nama")):
            self.tps[(kel_id, nomor)] = pk
            kel = kel_by_id[kel_id]
            self.tps_label[pk] = (f"TPS {nomor:03d}" + (f" {nama}" if nama else "")
                                  + f" {kel.nama}")
            self.tps_per_kel.setdefault(kel_id, []).append(nomor)
        self.lokasi: dict[tuple, tuple | list] = {}

    def _contoh_kec(self) -> tuple[str, str]:
        w = next(iter(self.kec_kode.values()), None)
        return (w.nama, w.kode) if w else ("-", "-")

    def _lokasi(self, kec_raw: str, desa_raw: str, tps_raw: str):
        """(kecamatan id, kelurahan id, TPS id, undotted kecamatan code) or [(column,
        Problem)]."""
        salah: list[tuple[str, Problem]] = []
        kec_s, desa_s, tps_s = kec_raw.strip(), desa_raw.strip(), tps_raw.strip()
        if not kec_s:
            salah.append(("kecamatan", _p("wajib", judul="KECAMATAN")))
        if not desa_s:
            salah.append(("desa", _p("wajib", judul="DESA")))
        if not tps_s:
            salah.append(("tps", _p("wajib", judul="TPS")))
        if salah:
            return salah
        kec = self._cari_kec(kec_s)
        if kec is None:
            nama, kd = self._contoh_kec()
            return [("kecamatan", _p("kecamatan_tidak_ada", nilai=kec_s, kabkota=self.kab.nama,
                                     contoh=nama, kode=kd))]
        kel = self._cari_desa(kec, desa_s)
        if isinstance(kel, Problem):
            return [("desa", kel)]
        nomor = self._nomor_tps(tps_s, kel)
        if isinstance(nomor, Problem):
            return [("tps", nomor)]
        tps_id = self.tps.get((kel.pk, nomor))
        if tps_id is None:
            daftar = ", ".join(f"{n:03d}" for n in sorted(self.tps_per_kel.get(kel.pk, []))) or "-"
            return [("tps", _p("tps_tidak_ada", nomor=f"{nomor:03d}", desa=kel.nama,
                               daftar=daftar))]
        return (kec.pk, kel.pk, tps_id, kec.kode_polos)

    def _cari_kec(self, s: str) -> Wilayah | None:
        if s.replace(".", "").isdigit():
            try:
                return self.kec_kode.get(undotted(s))
            except KodeWilayahError:
                return None
        key = _kunci_nama(s)
        return self.kec_nama.get(key) or self.kec_nama.get(_tanpa_awalan(key))

    def _cari_desa(self, kec: Wilayah, s: str) -> Wilayah | Problem:
        contoh = next((w for w in self.kel_kode.values() if w.induk_id == kec.pk), None)
        c_nama, c_kode = (contoh.nama, contoh.kode) if contoh else ("-", "-")
        if s.replace(".", "").isdigit():
            try:
                kel = self.kel_kode.get(undotted(s))
            except KodeWilayahError:
                kel = None
            if kel is not None and kel.induk_id == kec.pk:
                return kel
        else:
            key = _kunci_nama(s)
            found = self.kel_nama.get((kec.pk, key)) or self.kel_nama.get(
                (kec.pk, _tanpa_awalan(key)))
            if found and len(found) == 1:
                return found[0]
            if found:
                return _p("desa_ganda", nilai=s, kecamatan=kec.nama,
                          kode=", ".join(w.kode for w in found))
        return _p("desa_tidak_ada", nilai=s, kecamatan=kec.nama, contoh=c_nama, kode=c_kode)

    def _nomor_tps(self, s: str, kel: Wilayah) -> int | Problem:
        t = s.upper().removeprefix("TPS").strip().lstrip("-").strip()
        if t.isdigit() and len(t) == 13:
            if t[:10] != kel.kode_polos:
                return _p("tps_kode_beda", nilai=s, desa=kel.nama, kode=kel.kode_polos)
            t = t[10:]
        if not t.isdigit() or not 1 <= int(t) <= 999:
            return _p("tps_format", nilai=s)
        return int(t)

    # -- problems ---------------------------------------------------------------------------

    def _galat(self, nomor: int, kolom: str, p: Problem) -> None:
        r = self.r
        r.jumlah_galat += 1
        r.per_kode[p.code] += 1
        if len(r.galat) < MAKS_GALAT:
            huruf, nama = self.letak.get(kolom, ("", kolom.upper()))
            located = Problem(nama, p.code, p.message, p.params, p.severity)
            r.galat.append(di_baris(located, nomor, huruf))

    def _rules(self, nomor: int, problems: list[Problem], tms: str) -> bool:
        """Record the problems of ``rules/``; True when one of them blocks."""
        blok = False
        for p in problems:
            if p.severity == WARNING:
                self.r.peringatan[p.code] += 1
                continue
            if tms and p.code == "di_bawah_umur":
                continue  # already TMS (KET): eligibility does not apply
            self._galat(nomor, KOLOM_RULES.get(p.field, p.field), p)
            blok = True
        return blok

    # -- one row ------------------------------------------------------------------------------

    def _teks_xlsx(self, nomor: int, v: tuple) -> tuple[tuple, set[str]]:
        """Cell values of a sheet as the text a CSV would hold; a NIK or NKK stored as a number
        (Excel keeps 15 significant digits, so its last digit is lost) is a problem, and those
        columns are returned."""
        out = []
        rusak: set[str] = set()
        for k, x in zip(KOLOM, v, strict=True):
            if x is None:
                out.append("")
            elif isinstance(x, str):
                out.append(x)
            elif isinstance(x, datetime | date):
                out.append(x.strftime("%Y-%m-%d"))
            elif isinstance(x, int | float) and k in ("nik", "nkk"):
                # A number cell holds 15 significant digits: the 16th is already lost.
                self._galat(nomor, k, _p("nomor_angka", judul=k.upper(), nilai=f"{x:.15g}"))
                rusak.add(k)
                out.append("")
            elif isinstance(x, float):
                out.append(str(int(x)) if x.is_integer() else str(x))
            else:
                out.append(str(x))
        return tuple(out), rusak

    def _bersih_banyak(self, key, fields, memo: dict):
        """Clean values of ``fields`` (``(rules field, raw)``) through rules.pemilih.clean_fields,
        memoised under ``key``: (the values, None for a wrong one; [(column, problem)])."""
        clean, problems = clean_fields(dict(fields), tuple(f for f, _raw in fields))
        salah = [(KOLOM_RULES[p.field], p) for p in problems]
        hit = (tuple(clean.get(f) for f, _raw in fields), salah)
        if len(memo) > 100_000:
            memo.clear()
        memo[key] = hit
        return hit

    def _tanggal(self, raw: str):
        hit = self.memo_tgl.get(raw)
        if hit is None:
            hit = _parse_tanggal(raw)
            if len(self.memo_tgl) > 200_000:
                self.memo_tgl.clear()
            self.memo_tgl[raw] = hit
        return hit

    def baris(self, nomor: int, v: tuple) -> None:
        rusak = ()
        if self.xlsx:
            v, rusak = self._teks_xlsx(nomor, v)
        (kec, desa, _dpid, nkk_raw, nik_raw, nama_raw, jk, tmpt, tgl, sts, alamat, rt, rw, dis,
         ktp, sumber, ket, tps) = v
        self.r.baris += 1
        ok = not rusak
        galat = self._galat

        lok = self.lokasi.get((kec, desa, tps))
        if lok is None:
            lok = self._lokasi(kec, desa, tps)
            if len(self.lokasi) > 100_000:
                self.lokasi.clear()
            self.lokasi[(kec, desa, tps)] = lok
        if type(lok) is list:
            for kolom, p in lok:
                galat(nomor, kolom, p)
            ok = False
            tps_id = None
        else:
            tps_id = lok[2]

        # The data elements through rules.pemilih.clean_fields, memoised: codes, RT/RW,
        # addresses and birth places repeat across rows (a household shares its address).
        hit = self.memo_kode.get((jk, sts, dis, ktp))
        if hit is None:
            hit = self._bersih_banyak(
                (jk, sts, dis, ktp), (("jenis_kelamin", jk.strip().upper()),
                                      ("status_kawin", sts.strip().upper()),
                                      ("disabilitas", dis.strip() or kode.TANPA_DISABILITAS),
                                      ("ktp_el", ktp.strip().upper())), self.memo_kode)
        kode_v, salah = hit
        if salah:
            for kolom, p in salah:
                galat(nomor, kolom, p)
            ok = False
        hit = self.memo_alamat.get((alamat, rt, rw))
        if hit is None:
            hit = self._bersih_banyak((alamat, rt, rw), (("alamat", alamat), ("rt", rt),
                                                         ("rw", rw)), self.memo_alamat)
        alamat_v, salah = hit
        if salah:
            for kolom, p in salah:
                galat(nomor, kolom, p)
            ok = False
        hit = self.memo_tempat.get(tmpt)
        if hit is None:
            hit = self._bersih_banyak(tmpt, (("tempat_lahir", tmpt),), self.memo_tempat)
        tempat_v, salah = hit
        if salah:
            for kolom, p in salah:
                galat(nomor, kolom, p)
            ok = False
        clean, problems = clean_fields({"nama": nama_raw}, ("nama",))  # names rarely repeat
        nama = clean.get("nama")
        if problems:
            galat(nomor, "nama", problems[0])
            ok = False
        tanggal, p = self._tanggal(tgl)
        record: dict = {}
        if p is not None:
            galat(nomor, "tgl_lhr", p)
            ok = False
        else:
            record["tanggal_lahir"] = tanggal

        tms = ket.strip()
        if tms:
            if tms in kode.TMS_PINDAH_TPS:
                galat(nomor, "ket", _p("ket_pindah"))
                ok = False
            elif tms not in TMS_IMPOR:
                galat(nomor, "ket", validate_tms(tms)[0])
                ok = False
        sumber = sumber.strip().upper() or "DP4"
        if sumber not in SUMBER_KODE:
            galat(nomor, "sumber", _p("sumber_tidak_dikenal", nilai=sumber))
            ok = False

        # NIK (with birth date and sex) and NKK through rules: validate_record for the person,
        # validate_nkk once per household (its members are consecutive rows).
        nik = nik_raw if (len(nik_raw) == 16 and nik_raw.isascii() and nik_raw.isdigit()) \
            else bersihkan_nik(nik_raw)
        nkk = nkk_raw if (len(nkk_raw) == 16 and nkk_raw.isascii() and nkk_raw.isdigit()) \
            else bersihkan_nik(nkk_raw)
        nik_ok = nkk_ok = True
        if "nik" not in rusak:
            record["nik"] = nik
        if kode_v[0] is not None:
            record["jenis_kelamin"] = kode_v[0]
        if kode_v[1] is not None:
            record["status_kawin"] = kode_v[1]
        problems = validate_record(record, hari_pemungutan=self.hari, hari_ini=self.hari_ini)
        if problems:
            for p in problems:
                if p.severity == ERROR and p.field == "nik":
                    nik_ok = False
            if self._rules(nomor, problems, tms):
                ok = False
        if "nkk" not in rusak:
            if nkk != self._nkk_akhir:
                self._nkk_akhir, self._nkk_salah = nkk, validate_nkk(nkk)
            if self._nkk_salah:
                nkk_ok = False
                if self._rules(nomor, self._nkk_salah, tms):
                    ok = False
        else:
            nkk_ok = False
        nik_ok = nik_ok and len(nik) == 16 and nik.isdigit() and nik[0] != "0"
        nkk_ok = nkk_ok and len(nkk) == 16 and nkk.isdigit() and nkk[0] != "0"
        if nik_ok and tps_id is not None and nik[:6] != lok[3]:
            # NIK issued in another kecamatan: a warning (people move), from rules.nik.
            for p in validate_nik(nik, kode_kecamatan=lok[3]):
                if p.severity == WARNING:
                    self.r.peringatan[p.code] += 1

        # -- across rows ----------------------------------------------------------------
        if nik_ok:
            nik_int = int(nik)
            awal = self.nik_baris.get(nik_int)
            if awal is not None:
                galat(nomor, "nik", _p("nik_ganda_berkas", baris_awal=awal))
                ok = False
            else:
                self.nik_baris[nik_int] = nomor
        if nkk_ok and tps_id is not None:
            nkk_int = int(nkk)
            packed = self.nkk_tps.get(nkk_int)
            if packed is None:
                self.nkk_tps[nkk_int] = tps_id << 32 | nomor
            elif packed >> 32 != tps_id:
                awal = packed & 0xFFFFFFFF
                galat(nomor, "tps", _p("kk_terbelah", baris_awal=awal,
                                       tps_awal=self.tps_label[packed >> 32],
                                       tps=self.tps_label[tps_id]))
                ok = False
        if tps_id is not None:
            if not tms:
                self.tps_ms[tps_id] += 1
            b = self.tps_baris.get(tps_id)
            if b is None:
                self.tps_baris[tps_id] = [nomor, nomor]
            else:
                b[1] = nomor
        if not ok:
            return
        row = (nomor, lok[0], lok[1], tps_id, nkk, nik, nama, kode_v[0], tempat_v[0],
               tanggal.isoformat(), kode_v[1], alamat_v[0], alamat_v[1], alamat_v[2], kode_v[2],
               kode_v[3], sumber, tms)
        if self.ada_pemilih:
            self.cek.append(row)
            if len(self.cek) >= BATCH_CEK:
                self._cek_daftar()
        elif self.r.jumlah_galat == 0:
            self.r.baru += 1
            self.tulis.append(("B", *row))
            if len(self.tulis) >= BATCH_CEK:
                self._tulis_spool()

    # -- against the list ---------------------------------------------------------------------

    def _tulis_spool(self) -> None:
        if self.r.jumlah_galat == 0:
            self.spool.writerows(self.tulis)
        self.tulis = []

    def _cek_daftar(self) -> None:
        """Compare a batch of clean rows with the voters listed under the same NIK."""
        rows, self.cek = self.cek, []
        if not rows:
            return
        ada: dict[str, list[tuple]] = {}
        q = (Pemilih.objects.filter(pemilihan_id=self.pid, nik__in=[r[_I_NIK] for r in rows])
             .values_list("nik", "coklit", "tahap", *FIELDS_BARIS))
        for rec in q:
            ada.setdefault(rec[0], []).append(rec)
        for row in rows:
            nomor, nik = row[0], row[_I_NIK]
            listed = ada.get(nik)
            if not listed:
                self.r.baru += 1
                self.tulis.append(("B", *row))
                continue
            if len(listed) > 1:
                self._galat(nomor, "nik", _p("nik_ganda_daftar", jumlah=len(listed)))
                continue
            _nik, coklit, tahap, *lama = listed[0]
            lama[FIELDS_BARIS.index("tanggal_lahir")] = _iso(lama[_I_TGL - 1])
            beda = [KOLOM_FIELD[i] for i, (a, b) in enumerate(zip(lama, row[1:], strict=True))
                    if a != b]
            if not beda:
                self.r.sama += 1
                continue
            kolom = ", ".join(self.letak.get(k, ("", k.upper()))[1] for k in beda)
            if coklit:
                self._galat(nomor, beda[0], _p("sudah_dicoklit", beda=kolom))
                continue
            if tahap != TAHAP_AWAL:
                self._galat(nomor, beda[0], _p("tahap_lanjut", beda=kolom,
                                               tahap=kode.label(kode.TAHAP_DAFTAR, tahap)))
                continue
            self.r.ubah += 1
            if lama[2] != row[3]:
                self.r.pindah_tps += 1
            self.tulis.append(("U", *row))
        self._tulis_spool()

    def _selesai_daftar(self) -> Counter:
        """The voters listed and not in the file: their households' TPS against the file's,
        and how many eligible ones each TPS keeps."""
        lama_ms: Counter = Counter()
        if not self.ada_pemilih:
            return lama_ms
        dilapor: set[int] = set()
        q = (Pemilih.objects.filter(pemilihan_id=self.pid)
             .values_list("nik", "nkk", "tps_id", "tms_kode").order_by())
        nik_baris, nkk_tps = self.nik_baris, self.nkk_tps
        for nik, nkk, tps_id, tms in q.iterator(chunk_size=10_000):
            try:
                if int(nik) in nik_baris:
                    continue  # in the file: its TPS is the file's
            except ValueError:
                pass
            if not tms:
                lama_ms[tps_id] += 1
            try:
                nkk_int = int(nkk)
            except ValueError:
                continue
            packed = nkk_tps.get(nkk_int)
            if packed is not None and packed >> 32 != tps_id and nkk_int not in dilapor:
                dilapor.add(nkk_int)
                self._galat(packed & 0xFFFFFFFF, "tps", _p(
                    "kk_terbelah_daftar", tps_awal=self._label_tps(tps_id),
                    tps=self.tps_label[packed >> 32]))
        return lama_ms

    def _label_tps(self, tps_id: int) -> str:
        label = self.tps_label.get(tps_id)
        if label is None:
            t = TPS.objects.select_related("kelurahan").get(pk=tps_id)
            label = f"{t.label} {t.kelurahan.nama}"
        return label

    # -- the whole pass -----------------------------------------------------------------------

    def total(self) -> int:
        lembar = self.lembar
        return lembar.ukuran if lembar.format == "csv" else lembar.perkiraan_baris

    def baca(self, rows, kemajuan: Callable[[int], None] | None = None) -> None:
        """Every row of ``rows`` (the row-by-row checks and those across rows of the file)."""
        lembar = self.lembar
        for n, (nomor, values) in enumerate(rows, start=1):
            self.baris(nomor, values)
            if kemajuan is not None and n % LANGKAH_KEMAJUAN == 0:
                kemajuan(lembar.posisi())
        self._cek_daftar()
        self._tulis_spool()

    def selesai(self, kemajuan: Kemajuan | None) -> None:
        """The checks that need the whole file: households and TPS sizes with the list."""
        total = self.total()
        if self.r.baris == 0:
            self._galat(2, "", _p("tanpa_data"))
        lama_ms = self._selesai_daftar()
        for tps_id, n_file in self.tps_ms.items():
            n_lama = lama_ms.get(tps_id, 0)
            for p in cek_kapasitas_tps(n_file + n_lama, self.maks):
                awal, akhir = self.tps_baris[tps_id]
                self._galat(awal, "tps", _p(
                    "tps_penuh", tps=self.tps_label[tps_id], jumlah=angka(n_file + n_lama),
                    berkas=angka(n_file), lama=angka(n_lama), awal=awal, akhir=akhir,
                    maks=angka(self.maks), kelebihan=angka(p.params["kelebihan"])))
        if kemajuan is not None:
            kemajuan("periksa", total, total)


# -- the first pass on several processors ----------------------------------------------------

_PEKERJA: tuple | None = None  # what a forked reader inherits: (_Pemeriksa, progress array)


def _bisa_paralel(pemeriksa: _Pemeriksa, proses: int, min_ukuran: int) -> bool:
    lembar = pemeriksa.lembar
    # Without voters on the list a reader needs no database: it checks its rows against the
    # areas and TPS loaded before the fork, and the file's own rows.
    return (proses > 1 and lembar.format == "csv" and lembar.ukuran >= min_ukuran
            and not pemeriksa.ada_pemilih)


def _baca_bagian(tugas: tuple) -> dict:
    """One reader process: the rows of one byte range (runs in a forked child)."""
    i, awal, akhir, baris_awal, spool_path = tugas
    assert _PEKERJA is not None
    pemeriksa, posisi = _PEKERJA
    lembar = pemeriksa.lembar
    with open(pemeriksa.path, "rb") as f, open(spool_path, "wb") as spool:
        lembar.berkas = f  # its own file (and offset), not the parent's
        pemeriksa.spool = _Spool(spool)

        def maju(_pos: int) -> None:
            posisi[i] = f.tell() - awal

        try:
            pemeriksa.baca(lembar.baris(awal, akhir, baris_awal), maju)
        except ServiceError as exc:  # the file itself is unreadable there: sent back as data
            return {"ditolak": exc.problems, "jenis": str(exc.jenis)}
        posisi[i] = akhir - awal
    r = pemeriksa.r
    return {"baris": r.baris, "baru": r.baru, "jumlah_galat": r.jumlah_galat,
            "galat": r.galat, "per_kode": r.per_kode, "peringatan": r.peringatan,
            "nik_baris": pemeriksa.nik_baris, "nkk_tps": pemeriksa.nkk_tps,
            "tps_ms": pemeriksa.tps_ms, "tps_baris": pemeriksa.tps_baris}


def _baca_paralel(pemeriksa: _Pemeriksa, bagian: list[tuple[int, int, int]], folder: Path,
                  spool_file, kemajuan: Kemajuan | None) -> None:
    """Read the ranges in forked processes, then merge what they found, in file order: a NIK
    or a household met in an earlier range is checked as if one reader had read it all."""
    import multiprocessing

    global _PEKERJA
    ctx = multiprocessing.get_context("fork")
    posisi = ctx.Array("q", len(bagian), lock=False)
    total = pemeriksa.total()
    tugas = [(i, a, b, baris, str(folder / f"spool-{i}.bin"))
             for i, (a, b, baris) in enumerate(bagian)]
    _PEKERJA = (pemeriksa, posisi)
    try:
        with ctx.Pool(len(bagian)) as pool:
            jalan = pool.map_async(_baca_bagian, tugas)
            while not jalan.ready():
                jalan.wait(0.25)
                if kemajuan is not None:
                    kemajuan("periksa", sum(posisi), total)
            hasil = jalan.get()
    finally:
        _PEKERJA = None
    for h in hasil:
        if "ditolak" in h:
            raise ServiceError(h["ditolak"], jenis=Jenis(h["jenis"]))
    r = pemeriksa.r
    for k, h in enumerate(hasil):
        r.baris += h["baris"]
        r.baru += h["baru"]
        r.jumlah_galat += h["jumlah_galat"]
        r.per_kode.update(h["per_kode"])
        r.peringatan.update(h["peringatan"])
        r.galat.extend(h["galat"])
        pemeriksa.tps_ms.update(h["tps_ms"])
        for tps_id, (a, b) in h["tps_baris"].items():
            ada = pemeriksa.tps_baris.get(tps_id)
            pemeriksa.tps_baris[tps_id] = [a, b] if ada is None else [min(ada[0], a),
                                                                      max(ada[1], b)]
        if k == 0:
            pemeriksa.nik_baris, pemeriksa.nkk_tps = h["nik_baris"], h["nkk_tps"]
            continue
        nik_baris, nkk_tps, label = pemeriksa.nik_baris, pemeriksa.nkk_tps, pemeriksa.tps_label
        for nik, nomor in h["nik_baris"].items():
            awal = nik_baris.get(nik)
            if awal is None:
                nik_baris[nik] = nomor
            else:
                pemeriksa._galat(nomor, "nik", _p("nik_ganda_berkas", baris_awal=awal))
        for nkk, packed in h["nkk_tps"].items():
            lama = nkk_tps.get(nkk)
            if lama is None:
                nkk_tps[nkk] = packed
            elif lama >> 32 != packed >> 32:
                pemeriksa._galat(packed & 0xFFFFFFFF, "tps", _p(
                    "kk_terbelah", baris_awal=lama & 0xFFFFFFFF, tps_awal=label[lama >> 32],
                    tps=label[packed >> 32]))
    if len(r.galat) > MAKS_GALAT:
        r.galat = r.galat_urut()[:MAKS_GALAT]
    for _i, _a, _b, _baris, part in tugas:
        if r.jumlah_galat == 0:
            with open(part, "rb") as f:
                shutil.copyfileobj(f, spool_file, 1024 * 1024)
        Path(part).unlink(missing_ok=True)


def _iso(v) -> str:
    return v.isoformat() if isinstance(v, date) else str(v)


def _parse_tanggal(raw: str) -> tuple[date | None, Problem | None]:
    """DD-MM-YYYY, DD/MM/YYYY, DD.MM.YYYY or YYYY-MM-DD (a time part is ignored)."""
    s = raw.strip().split(" ")[0].split("T")[0]
    for sep in ("-", "/", "."):
        parts = s.split(sep)
        if len(parts) == 3 and all(p.isdigit() for p in parts):
            a, b, c = parts
            try:
                if len(a) == 4:
                    return date(int(a), int(b), int(c)), None
                if len(c) == 4:
                    return date(int(c), int(b), int(a)), None
            except ValueError:
                pass
            break
    return None, _p("tanggal_format", nilai=raw.strip() or "-")


# -- the second pass --------------------------------------------------------------------------


class _Spool:
    """The rows to write, in batches: pickled lists of tuples of ints and strings, which read
    back at C speed. Written and read by this module only, within one import; read with
    :class:`_UnpicklerData`, which refuses anything but plain data."""

    def __init__(self, f):
        self._f = f

    def writerows(self, rows: list[tuple]) -> None:
        if rows:
            pickle.dump(rows, self._f, protocol=5)


class _UnpicklerData(pickle.Unpickler):
    """Lists, tuples, strings and numbers only: no class or function is ever looked up, so a
    spool file, even one someone replaced, cannot run code."""

    def find_class(self, module, name):
        raise pickle.UnpicklingError(f"spool impor hanya berisi data ({module}.{name})")


def _baca_spool(path: str):
    with open(path, "rb") as f:
        while True:
            try:
                # One unpickler per batch: each batch is its own pickle, with its own memo.
                batch = _UnpicklerData(f).load()
            except EOFError:
                return
            yield from batch


def terapkan(rencana: Rencana, path, *, user=None, encoding: str | None = None,
             asal: str = "cli", kemajuan: Kemajuan | None = None) -> Hasil:
    """Apply a clean plan in one transaction (second pass); see the module docstring.

    When anything was audited since the plan was made (``seq_awal``), the first pass runs
    again inside the transaction, under the audit lock; if it now finds problems,
    :class:`ServiceError` (nothing written). ``user``: the account applying it (its role must
    be KPU of the plan's election); None for the command line."""
    t0 = time.perf_counter()
    if user is not None:
        _cek_peran(user, rencana.pemilihan_id)
    if not rencana.ok:
        raise rencana.sebagai_galat()
    pemilihan = Pemilihan.objects.select_related("wilayah").get(pk=rencana.pemilihan_id)
    ulang = False
    with transaction.atomic():
        appender = Appender()
        if appender.head.seq != rencana.seq_awal or not rencana.spool or not Path(
                rencana.spool).exists():
            lama_spool = rencana.spool
            baru = periksa(path, pemilihan=pemilihan, nama_berkas=rencana.nama_berkas,
                           encoding=encoding, kemajuan=kemajuan,
                           spool_dir=Path(lama_spool).parent if lama_spool else None)
            ulang = True
            if baru.sha256 != rencana.sha256:
                raise ServiceError.keadaan(_("Berkas berubah sejak diperiksa; periksa lagi."))
            rencana.__dict__.update(baru.__dict__)
            if not rencana.ok:
                raise rencana.sebagai_galat()
        if not (rencana.baru or rencana.ubah):
            buang_spool(rencana)
            return Hasil(0, 0, rencana.sama, 0, None, time.perf_counter() - t0, ulang)
        penulis = _Penulis(pemilihan, rencana, appender, user, kemajuan)
        penulis.jalankan()
        if penulis.baru:
            reset_sequence(Pemilih)
        seq = appender.add(AksiAudit.PEMILIH_IMPOR, user=user, objek=pemilihan, sesudah={
            "berkas": rencana.nama_berkas, "sha256": rencana.sha256, "ukuran": rencana.ukuran,
            "format": rencana.format, "baris": rencana.baris, "baru": penulis.baru,
            "ubah": penulis.ubah, "sama": rencana.sama, "pindah_tps": penulis.pindah,
            "peringatan": dict(rencana.peringatan), "asal": asal,
            "catatan_muat": penulis.catatan})
        appender.flush()
    buang_spool(rencana)
    return Hasil(penulis.baru, penulis.ubah, rencana.sama, penulis.pindah, seq,
                 time.perf_counter() - t0, ulang)


def _cek_peran(user, pemilihan_id: int) -> None:
    scope = get_scope(user)
    if not scope.has_role("KPU"):
        raise ServiceError.keadaan(_("Hanya KPU Kabupaten/Kota yang dapat mengimpor daftar "
                                     "pemilih."), jenis=Jenis.DITOLAK)
    if not scope.semua and scope.pemilihan_id != pemilihan_id:
        raise ServiceError.keadaan(_("Impor ini bukan untuk pemilihan Anda."),
                                   jenis=Jenis.TIDAK_DITEMUKAN)


class _Penulis:
    """The second pass: the spool into the register (see :func:`terapkan`)."""

    def __init__(self, pemilihan, rencana: Rencana, appender: Appender, user,
                 kemajuan: Kemajuan | None):
        self.pemilihan = pemilihan
        self.r = rencana
        self.appender = appender
        self.user = user
        self.kemajuan = kemajuan
        self.now = jam.sekarang()
        self.diubah = adapt(self.now)
        self.next_pk = next_id(Pemilih)
        self.penulis = PenulisPemilih(appender, now=self.now)
        self.baru = self.ubah = self.pindah = 0
        self.catatan = 0  # load records written

    def jalankan(self) -> None:
        total = self.r.baru + self.r.ubah
        batch_baru: list[tuple] = []
        batch_ubah: list[tuple] = []
        selesai = 0
        for row in _baca_spool(self.r.spool):
            if row[0] == "B":
                batch_baru.append(row)
                if len(batch_baru) >= BATCH:
                    self._muat(batch_baru)
                    selesai += len(batch_baru)
                    batch_baru = []
                    if self.kemajuan is not None:
                        self.kemajuan("tulis", selesai, total)
            else:
                batch_ubah.append(row)
                if len(batch_ubah) >= BATCH_UBAH:
                    self._ubah(batch_ubah)
                    selesai += len(batch_ubah)
                    batch_ubah = []
        if batch_baru:
            self._muat(batch_baru)
        if batch_ubah:
            self._ubah(batch_ubah)
        if self.kemajuan is not None:
            self.kemajuan("tulis", total, total)

    def _muat(self, batch: list[tuple]) -> None:
        pid = self.pemilihan.pk
        # The rows carry the sequence number of their own load record as ``rev``, so a field
        # app that already downloaded its TPS gets them at its next "changed since" download.
        seq = self.appender.next_seq
        diubah = self.diubah
        pk = self.next_pk
        # Dates stay ISO text: what SQLite stores, and what COPY's text format reads.
        rows = [(pk + i, pid, kec, kel, tps, nkk, nik, nama, jk, tempat, tgl, sts, alamat, rt, rw,
                 dis, ktp, sumber, TAHAP_AWAL, tms, "", "", seq, 1, diubah)
                for i, (_s, _nomor, kec, kel, tps, nkk, nik, nama, jk, tempat, tgl, sts, alamat,
                        rt, rw, dis, ktp, sumber, tms) in enumerate(batch)]
        self.next_pk = pk + len(rows)
        self.baru += muat_massal(rows, FIELDS_MUAT, appender=self.appender,
                                 aksi=AksiAudit.PEMILIH_MUAT, user=self.user,
                                 catatan={"impor_sha256": self.r.sha256})
        self.catatan += 1
        self.appender.flush()

    def _ubah(self, batch: list[tuple]) -> None:
        pid = self.pemilihan.pk
        niks = [r[1 + _I_NIK] for r in batch]
        listed = {p.nik: p for p in Pemilih.objects.filter(pemilihan_id=pid, nik__in=niks)}
        for row in batch:
            nomor, *values = row[1:]
            p = listed.get(values[_I_NIK - 1])
            if p is None or p.coklit or p.tahap != TAHAP_AWAL:
                raise ServiceError.keadaan(_("Daftar berubah selama impor; periksa lagi."))
            baru = dict(zip(FIELDS_BARIS, values, strict=True))
            baru["tanggal_lahir"] = date.fromisoformat(baru["tanggal_lahir"])
            changed = {k: v for k, v in baru.items() if getattr(p, k) != v}
            if not changed:
                continue
            if "tps_id" in changed:
                self.pindah += 1
            self.penulis.ubah(p, changed, aksi=AksiAudit.PEMILIH_IMPOR_UBAH, user=self.user,
                              catatan={"impor_sha256": self.r.sha256, "baris": nomor})
            self.ubah += 1
        self.penulis.flush()
        self.appender.flush()


# -- both passes ------------------------------------------------------------------------------


def impor(path, *, pemilihan: Pemilihan | int, user=None, encoding: str | None = None,
          nama_berkas: str = "", asal: str = "cli", kemajuan: Kemajuan | None = None
          ) -> tuple[Rencana, Hasil]:
    """Check a file and, when it is clean, apply it: :func:`periksa` then :func:`terapkan`.
    A file with problems raises :class:`ServiceError` listing them (nothing written)."""
    rencana = periksa(path, pemilihan=pemilihan, encoding=encoding, nama_berkas=nama_berkas,
                      kemajuan=kemajuan)
    if not rencana.ok:
        raise rencana.sebagai_galat()
    try:
        hasil = terapkan(rencana, path, user=user, encoding=encoding, asal=asal,
                         kemajuan=kemajuan)
    finally:
        buang_spool(rencana)
    return rencana, hasil


# -- the error report -------------------------------------------------------------------------

BARIS_LAPORAN_PENUH = 5_000
"""Files up to this many rows get every row in the report (fix it there and upload it again);
bigger files only the rows in error."""
KOLOM_LAPORAN = ("BARIS", "KOLOM SALAH", "KETERANGAN")


def _baris_asli(rencana: Rencana, path, encoding: str | None, semua: bool):
    """The original cells of the rows to report, read again from the file (streaming)."""
    wanted = set(rencana.baris_galat)
    with open(path, "rb") as f:
        f.seek(0)
        if f.read(4) == b"PK\x03\x04":
            f.seek(0)
            yield from _baris_xlsx(f, wanted, semua)
            return
        f.seek(0)
        enc = rencana.encoding or "utf-8-sig"
        text = io.TextIOWrapper(f, encoding=enc, errors="replace", newline="")

        def lines():
            while line := text.readline(MAKS_PANJANG_BARIS + 1):
                yield line

        reader = csv.reader(lines(), delimiter=rencana.pemisah or ";")
        try:
            next(reader, None)
            for row in reader:
                if not row:
                    continue
                if semua or reader.line_num in wanted:
                    yield reader.line_num, row
        except csv.Error:
            return
        finally:
            text.detach()


def _baris_xlsx(f, wanted: set[int], semua: bool):
    from openpyxl import load_workbook

    data = f.read(MAKS_UKURAN_XLSX + 1)
    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        ws = wb.worksheets[0]
        for nomor, row in enumerate(ws.iter_rows(min_row=2, values_only=True, max_col=64),
                                    start=2):
            if all(v is None or str(v).strip() == "" for v in row):
                continue
            if semua or nomor in wanted:
                yield nomor, ["" if v is None else v for v in row]
    finally:
        wb.close()


def _per_baris(rencana: Rencana) -> dict[int, list[Problem]]:
    out: dict[int, list[Problem]] = {}
    for p in rencana.galat_urut():
        out.setdefault(int(p.params.get("baris") or 0), []).append(p)
    return out


def _isi_laporan(rencana: Rencana, path, encoding: str | None):
    """(header, rows, problems by line) for a report."""
    semua = rencana.baris <= BARIS_LAPORAN_PENUH
    per_baris = _per_baris(rencana)
    judul = list(rencana.judul)

    def rows():
        for nomor, cells in _baris_asli(rencana, path, encoding, semua):
            masalah = per_baris.get(nomor, [])
            kolom = ", ".join(dict.fromkeys(
                f"{p.params.get('kolom')} ({p.field})" if p.params.get("kolom") else p.field
                for p in masalah if p.field))
            keterangan = "\n".join(teks(p) for p in masalah)
            cells = list(cells)[:len(judul)] + [""] * max(0, len(judul) - len(cells))
            yield [*cells, nomor, kolom, keterangan]

    return [*judul, *KOLOM_LAPORAN], rows(), per_baris


def _ringkasan(rencana: Rencana) -> list[list]:
    semua = rencana.baris <= BARIS_LAPORAN_PENUH
    out = [
        [_("Laporan pemeriksaan impor daftar pemilih")],
        [],
        [_("Berkas"), rencana.nama_berkas],
        [_("SHA-256"), rencana.sha256],
        [_("Baris data dibaca"), rencana.baris],
        [_("Jumlah masalah"), rencana.jumlah_galat],
        [_("Baris bermasalah (yang dicatat)"), len(rencana.baris_galat)],
        [_("Hasil"), _("Tidak ada data yang diubah. Perbaiki setiap baris yang disebut, lalu "
                       "impor lagi.")],
        [_("Lembar Data"), _("Semua baris berkas, dengan kolom KETERANGAN pada baris yang "
                             "salah. Lembar ini dapat diperbaiki lalu diunggah lagi.") if semua
         else _("Hanya baris yang salah (berkas besar). Perbaiki berkas aslinya, lalu impor "
                "lagi.")],
    ]
    if rencana.jumlah_galat > len(rencana.galat):
        out.append([_("Catatan"), _("Hanya %(n)s masalah pertama yang dirinci; setelah "
                                    "diperbaiki, impor lagi untuk melihat sisanya.")
                    % {"n": angka(len(rencana.galat))}])
    tanpa_baris = [p for p in rencana.galat if not p.params.get("baris")]
    for p in tanpa_baris:
        out.append([_("Masalah berkas"), teks(p)])
    out.append([])
    out.append([_("Masalah per jenis"), _("Jumlah"), _("Contoh")])
    contoh: dict[str, Problem] = {}
    for p in rencana.galat:
        contoh.setdefault(p.code, p)
    for code, n in rencana.per_kode.most_common():
        out.append([code, n, teks(contoh[code]) if code in contoh else ""])
    if rencana.peringatan:
        out.append([])
        out.append([_("Peringatan (tidak menghalangi impor)"), _("Jumlah")])
        for code, n in rencana.peringatan.most_common():
            out.append([code, n])
    return out


def laporan_xlsx(rencana: Rencana, path, out, *, encoding: str | None = None) -> None:
    """The error report as XLSX into ``out`` (a binary file): sheet "Data" with the original
    columns, then BARIS, KOLOM SALAH and KETERANGAN (what is wrong and how to fix it); sheet
    "Ringkasan" with the counts per kind of problem. Written in streaming mode; every text cell
    escaped (``laporan.xlsx.aman``) and kept as text."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment, Font, PatternFill

    wb = Workbook(write_only=True)
    data = wb.create_sheet(_("Data"))
    header, rows, _per = _isi_laporan(rencana, path, encoding)
    tebal = Font(bold=True)
    merah = PatternFill("solid", fgColor="FDE2E1")
    bungkus = Alignment(wrap_text=True, vertical="top")
    data.freeze_panes = "A2"
    for i, lebar in enumerate([14] * len(rencana.judul) + [8, 22, 80]):
        data.column_dimensions[huruf_kolom(i)].width = lebar

    def sel(ws, v, *, font=None, fill=None, align=None):
        c = WriteOnlyCell(ws, value=aman(v))
        if isinstance(c.value, str):
            c.data_type = "s"
        if font:
            c.font = font
        if fill:
            c.fill = fill
        if align:
            c.alignment = align
        return c

    data.append([sel(data, h, font=tebal) for h in header])
    n_judul = len(rencana.judul)
    for row in rows:
        salah = bool(row[-1])
        data.append([sel(data, v, fill=merah if salah and i >= n_judul else None,
                         align=bungkus if i == len(row) - 1 else None)
                     for i, v in enumerate(row)])
    ring = wb.create_sheet(_("Ringkasan"))
    ring.column_dimensions["A"].width = 34
    ring.column_dimensions["B"].width = 70
    ring.column_dimensions["C"].width = 90
    for i, row in enumerate(_ringkasan(rencana)):
        ring.append([sel(ring, v, font=tebal if i == 0 else None) for v in row])
    wb.save(out)


def laporan_csv(rencana: Rencana, path, out, *, encoding: str | None = None) -> None:
    """The report's "Data" sheet as CSV into ``out`` (a text file), cells escaped."""
    header, rows, _per = _isi_laporan(rencana, path, encoding)
    w = PenulisCSV(out)
    w.tulis(header)
    w.tulis_banyak(rows)


def nama_laporan(nama_berkas: str, ext: str = "xlsx") -> str:
    stem = os.path.splitext(os.path.basename(nama_berkas))[0] or "impor"
    aman_nama = "".join(c if c.isalnum() or c in "-_" else "-" for c in stem)[:60]
    return f"{aman_nama}-galat.{ext}"
