"""Cek DPT for the public: the rate limits and the one answer shared by the HTML form
(``/cek-dpt/``) and the JSON endpoint (``POST /api/publik/cek-dpt``).

Scraping the list by enumerating NIKs must be impractical, so every lookup is counted, before
any work, against two limits in ``web.batas`` (shared by every process):

- per client address (``web.alamat``): ``CEK_DPT_BATAS_IP`` = (10 lookups, 600 s) by default;
- for the whole site: ``CEK_DPT_BATAS_GLOBAL`` = (600 lookups, 60 s) by default.

Either refusal answers "Terlalu banyak pencarian; coba lagi dalam N menit." with HTTP 429 and
``Retry-After``. At 10 per 10 minutes one address needs about 3 years to try the 160,000 NIKs
one kelurahan's prefix and birth dates allow; the global cap bounds a botnet to 600 a minute.

A malformed NIK (letters, the wrong length) and a well-formed NIK that is not listed get the
same answer, the same status and the same path (``daftar.cari.cari_nik`` runs the same query).
The NIK never reaches a URL, a log line or the audit log: the form is POST only, the counters
are keyed by the (hashed) client address, and nothing here writes an audit record (a lookup
changes nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from selenggara.daftar.cari import DaftarBelumTerbit, HasilCari, cari_nik
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.scope import unscoped
from selenggara.web import batas
from selenggara.web.alamat import alamat_klien

BATAS_IP = (10, 600)
BATAS_GLOBAL = (600, 60)
# One site-wide counter for the public DPS pages too (names are public there, but paging through
# every TPS of the kota is bulk collection): per address and overall.
BATAS_DPS_IP = (120, 600)
BATAS_DPS_GLOBAL = (3000, 60)
BATAS_PDF_IP = (20, 600)


@dataclass(frozen=True)
class Jawaban:
    """What the lookup answers; ``status`` is the HTTP status of both the page and the API."""

    status: int
    keadaan: str  # "terdaftar", "tidak_ditemukan", "belum_terbit", "terlalu_banyak"
    pesan: str
    hasil: HasilCari | None = None
    coba_lagi_detik: int = 0

    def as_dict(self) -> dict:
        return {"terdaftar": self.hasil is not None, "keadaan": self.keadaan,
                "pesan": self.pesan, "hasil": self.hasil.as_dict() if self.hasil else None}


def setelan_batas(nama: str, bawaan: tuple[int, int]) -> tuple[int, int]:
    n, detik = getattr(settings, nama, bawaan)
    return int(n), int(detik)


def pemilihan_publik() -> Pemilihan | None:
    """The election the public pages show: the latest one (as the public landing page)."""
    return (unscoped(Pemilihan.objects, "the public pages name the latest election")
            .select_related("wilayah").order_by("-tahun", "-id").first())


def pesan_terlalu_banyak(menit: int) -> str:
    return _("Terlalu banyak pencarian; coba lagi dalam %(n)s menit.") % {"n": menit}


def periksa_batas(request, jenis: str, per_ip: tuple[int, int], semua: tuple[int, int]
                  ) -> batas.Hasil | None:
    """Count one request against the per-address limit, then (only when that one allows it)
    against the site-wide one; the refusing :class:`~selenggara.web.batas.Hasil`, or None.
    An address that is already refused does not use up everybody else's budget."""
    n, detik = per_ip
    hasil = batas.hitung(batas.kunci(f"{jenis}-ip", alamat_klien(request)), n=n, detik=detik)
    if not hasil.boleh:
        return hasil
    n, detik = semua
    hasil = batas.hitung(f"{jenis}-semua", n=n, detik=detik)
    return None if hasil.boleh else hasil


def tolak_batas(hasil: batas.Hasil) -> Jawaban:
    return Jawaban(429, "terlalu_banyak", pesan_terlalu_banyak(hasil.sisa_menit),
                   coba_lagi_detik=hasil.sisa_detik)


def cek(request, nik: object) -> Jawaban:
    """The whole lookup for one request: limits, then the list."""
    ditolak = periksa_batas(request, "cekdpt", setelan_batas("CEK_DPT_BATAS_IP", BATAS_IP),
                            setelan_batas("CEK_DPT_BATAS_GLOBAL", BATAS_GLOBAL))
    if ditolak is not None:
        return tolak_batas(ditolak)
    pemilihan = pemilihan_publik()
    try:
        if pemilihan is None:
            raise DaftarBelumTerbit
        hasil = cari_nik(pemilihan, nik)
    except DaftarBelumTerbit:
        return Jawaban(200, "belum_terbit", _(
            "Daftar pemilih belum diumumkan: KPU belum menetapkan DPS. Silakan periksa lagi "
            "setelah DPS ditetapkan dan diumumkan."))
    if hasil is None:
        return Jawaban(200, "tidak_ditemukan", _(
            "NIK yang Anda masukkan tidak ditemukan dalam daftar pemilih. Periksa kembali 16 "
            "digit NIK pada KTP-el atau Kartu Keluarga. Bila NIK sudah benar dan Anda memenuhi "
            "syarat sebagai pemilih, hubungi PPS di kantor kelurahan/desa tempat tinggal Anda."))
    if hasil.pindah:
        pesan = _("Anda terdaftar dan pindah memilih (DPTb): gunakan hak pilih di TPS tujuan.")
    elif hasil.daftar == "DPT":
        pesan = _("Anda terdaftar dalam Daftar Pemilih Tetap (DPT).")
    else:
        pesan = _("Anda terdaftar dalam Daftar Pemilih Sementara (DPS).")
    return Jawaban(200, "terdaftar", pesan, hasil)
