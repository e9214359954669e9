"""The list stages after coklit: plenaries, frozen lists, public responses, DPTb and DPK.

- :class:`Pleno` is one rapat pleno: PPS per kelurahan (DPHP, DPSHP), PPK per kecamatan (the
  same lists recapped), KPU per kab/kota (setting the DPS, the DPT). It keeps who was there, the
  recap tables it produced and the SHA-256 of its area's list at that moment. A PPS plenary
  freezes its kelurahan's list until KPU sets the list (``daftar.kunci``).
- :class:`DaftarTetap` + :class:`BarisDaftar` are the list KPU set (DPS, DPT): an immutable copy
  of the ordered records, whose hash the Berita Acara publishes. Later changes to the register
  do not touch it; the database refuses updates to its rows.
- :class:`Tanggapan` is a response from the public on the announced DPS, with its receipt code.
- :class:`PindahMemilih` (DPTb) and :class:`PemilihKhusus` (DPK) sit beside the DPT.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.rules import daftar as aturan
from selenggara.wilayah.models import TPS, Wilayah


class TahapPleno(models.TextChoices):
    DPHP = "DPHP", _("DPHP")
    DPS = "DPS", _("DPS")
    DPSHP = "DPSHP", _("DPSHP")
    DPT = "DPT", _("DPT")


class Pleno(models.Model):
    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    tahap = models.CharField(_("tahap"), max_length=5, choices=TahapPleno.choices)
    tingkat = models.PositiveSmallIntegerField(_("tingkat"))
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah"), on_delete=models.PROTECT,
                                related_name="+")
    nomor_ba = models.CharField(_("nomor berita acara"), max_length=80)
    tanggal = models.DateField(_("tanggal pleno"))
    tempat = models.CharField(_("tempat"), max_length=200)
    # [{"nama", "jabatan", "tanda_tangan": bool}] the members present (and whether they signed)
    hadir = models.JSONField(_("anggota yang hadir"), default=list)
    # [{"nama", "unsur"}] witnesses (saksi of the paslon), and Bawaslu/Panwaslu present
    saksi = models.JSONField(_("saksi"), default=list)
    pengawas = models.JSONField(_("pengawas (Bawaslu/Panwaslu)"), default=list)
    catatan = models.TextField(_("catatan"), blank=True, default="")
    keberatan = models.TextField(_("keberatan"), blank=True, default="")
    # The area's list at the plenary: eligible voters, L/P, TPS with voters, and SHA-256.
    jumlah = models.PositiveIntegerField(_("jumlah pemilih"))
    jumlah_l = models.PositiveIntegerField(_("laki-laki"))
    jumlah_p = models.PositiveIntegerField(_("perempuan"))
    jumlah_tps = models.PositiveIntegerField(_("jumlah TPS"))
    sha256 = models.CharField(_("SHA-256 daftar"), max_length=64)
    # {"tps": [...], "perubahan": {...}, "tms": {...}} (daftar.rekap.susun)
    rekap = models.JSONField(_("rekapitulasi"), default=dict)
    dibuat = models.DateTimeField(_("dicatat"))
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta:
        verbose_name = _("rapat pleno")
        verbose_name_plural = _("rapat pleno")
        ordering = ["pemilihan", "tanggal", "tingkat", "id"]
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "tahap", "wilayah"],
                                    name="pleno_sekali_per_wilayah"),
            models.CheckConstraint(condition=Q(tahap__in=TahapPleno.values),
                                   name="pleno_tahap_valid"),
            models.CheckConstraint(
                condition=(Q(tahap__in=["DPHP", "DPSHP"], tingkat__in=[3, 4])
                           | Q(tahap__in=["DPS", "DPT"], tingkat=2)),
                name="pleno_tahap_sesuai_tingkat"),
            models.CheckConstraint(condition=Q(jumlah=models.F("jumlah_l") + models.F("jumlah_p")),
                                   name="pleno_jumlah_l_p"),
        ]

    def __str__(self) -> str:
        return f"Pleno {self.tahap} {self.wilayah}"

    @property
    def penyelenggara(self) -> str:
        return aturan.NAMA_TINGKAT.get(self.tingkat, "")


class DaftarTetap(models.Model):
    """A list as KPU set it (DPS, DPT): the header of the frozen copy."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    tahap = models.CharField(_("tahap"), max_length=5, choices=TahapPleno.choices)
    pleno = models.OneToOneField(Pleno, on_delete=models.PROTECT, related_name="daftar")
    jumlah = models.PositiveIntegerField(_("jumlah pemilih"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    dibuat = models.DateTimeField(_("dibuat"))

    class Meta:
        verbose_name = _("daftar yang ditetapkan")
        verbose_name_plural = _("daftar yang ditetapkan")
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "tahap"], name="daftar_tetap_sekali"),
            models.CheckConstraint(condition=Q(tahap__in=["DPS", "DPT"]),
                                   name="daftar_tetap_dps_dpt"),
        ]

    def __str__(self) -> str:
        return f"{self.tahap} {self.pemilihan} ({self.jumlah})"


class BarisDaftar(models.Model):
    """One record of a set list, copied at the plenary (never updated: a trigger refuses it)."""

    daftar = models.ForeignKey(DaftarTetap, on_delete=models.PROTECT, related_name="baris",
                               db_index=False)
    urutan = models.PositiveIntegerField()  # position in the whole list (hash order)
    nomor = models.PositiveIntegerField()  # nomor urut within its TPS (Model A-Daftar)
    # The register row it was copied from (a plain id: the copy outlives any later change).
    pemilih_id = models.BigIntegerField()
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+", db_index=False)
    kelurahan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+",
                                  db_index=False)
    kecamatan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+",
                                  db_index=False)
    nkk = models.CharField(max_length=16)
    nik = models.CharField(max_length=16)
    nama = models.CharField(max_length=150)
    jenis_kelamin = models.CharField(max_length=1)
    tempat_lahir = models.CharField(max_length=80)
    tanggal_lahir = models.DateField()
    status_kawin = models.CharField(max_length=1)
    alamat = models.CharField(max_length=200)
    rt = models.CharField(max_length=3)
    rw = models.CharField(max_length=3)
    disabilitas = models.CharField(max_length=1)
    ktp_el = models.CharField(max_length=1)
    sumber = models.CharField(max_length=4)

    class Meta:
        verbose_name = _("baris daftar")
        verbose_name_plural = _("baris daftar")
        constraints = [
            models.UniqueConstraint(fields=["daftar", "urutan"], name="baris_daftar_urutan"),
        ]
        indexes = [
            models.Index(fields=["daftar", "nik"], name="baris_daftar_nik"),
            models.Index(fields=["daftar", "tps", "nomor"], name="baris_daftar_tps"),
            models.Index(fields=["daftar", "pemilih_id"], name="baris_daftar_pemilih"),
        ]

    def __str__(self) -> str:
        return f"{self.daftar_id}:{self.urutan}"


class JenisTanggapan(models.TextChoices):
    MENINGGAL = "MENINGGAL", _("Sudah meninggal dunia")
    PINDAH = "PINDAH", _("Sudah pindah domisili")
    TMS = "TMS", _("Tidak memenuhi syarat (TNI/Polri, belum 17 tahun, bukan penduduk)")
    GANDA = "GANDA", _("Terdaftar lebih dari sekali")
    DATA_SALAH = "DATA_SALAH", _("Data tidak benar (nama, tanggal lahir, alamat)")
    BELUM_TERDAFTAR = "BELUM_TERDAFTAR", _("Memenuhi syarat tetapi belum terdaftar")


class StatusTanggapan(models.TextChoices):
    MENUNGGU = "MENUNGGU", _("Menunggu keputusan PPS")
    DITERIMA = "DITERIMA", _("Diterima: daftar diperbaiki")
    DITOLAK = "DITOLAK", _("Tidak diterima")


class Tanggapan(models.Model):
    """A response from the public to the announced DPS (no account needed).

    ``kode`` is the receipt the reporter follows it with. The reporter's contact and the NIK of
    a missing person are kept for PPS only, never shown on a public page."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    kode = models.CharField(_("kode tanda terima"), max_length=12, unique=True)
    jenis = models.CharField(_("jenis"), max_length=16, choices=JenisTanggapan.choices)
    kelurahan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(TPS, null=True, blank=True, on_delete=models.PROTECT,
                            related_name="+")
    # The listed person the response is about (a voter of the DPS), or for a missing person
    # the data given (nama, nik, tanggal_lahir, jenis_kelamin, alamat, rt, rw).
    pemilih = models.ForeignKey(Pemilih, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="+")
    data = models.JSONField(_("data orang yang dilaporkan"), default=dict, blank=True)
    alasan = models.TextField(_("alasan"), max_length=1000)
    foto = models.FileField(_("foto bukti"), upload_to="tanggapan/%Y/%m/", blank=True)
    pelapor_nama = models.CharField(_("nama pelapor"), max_length=100, blank=True)
    pelapor_kontak = models.CharField(_("kontak pelapor"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=8, choices=StatusTanggapan.choices,
                              default=StatusTanggapan.MENUNGGU)
    keputusan = models.TextField(_("keputusan PPS"), blank=True, default="")
    # What the decision did to the register (a TMS code, the new voter's id...).
    hasil = models.JSONField(default=dict, blank=True)
    diterima = models.DateTimeField(_("diterima"))
    diputuskan = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    diputuskan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("tanggapan masyarakat")
        verbose_name_plural = _("tanggapan masyarakat")
        ordering = ["diterima", "id"]
        indexes = [models.Index(fields=["kelurahan", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(jenis__in=JenisTanggapan.values),
                                   name="tanggapan_jenis_valid"),
            models.CheckConstraint(condition=Q(status__in=StatusTanggapan.values),
                                   name="tanggapan_status_valid"),
            models.CheckConstraint(
                condition=Q(jenis="BELUM_TERDAFTAR") | Q(pemilih__isnull=False),
                name="tanggapan_pemilih_disebut"),
        ]

    def __str__(self) -> str:
        return f"{self.kode} {self.jenis}"


class PindahMemilih(models.Model):
    """A DPTb move (Model A-Surat Pindah Memilih): the voter stays on the DPT of the origin TPS
    and is counted, for the ballots they keep, at the destination."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    pemilih = models.ForeignKey(Pemilih, on_delete=models.PROTECT, related_name="+")
    nomor_surat = models.CharField(_("nomor surat pindah memilih"), max_length=40, unique=True)
    alasan = models.CharField(_("alasan"), max_length=16,
                              choices=[(k, _(v)) for k, v in aturan.ALASAN_PINDAH])
    tps_asal = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    # A TPS of this KPU, or null when the destination is outside (``tujuan_wilayah``).
    tps_tujuan = models.ForeignKey(TPS, null=True, blank=True, on_delete=models.PROTECT,
                                   related_name="+")
    tujuan_wilayah = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("kab/kota tujuan"))
    tujuan_keterangan = models.CharField(_("keterangan tujuan"), max_length=200, blank=True)
    surat_suara = models.JSONField(_("surat suara yang diterima"), default=list)
    dicatat = models.DateTimeField(_("dicatat"))
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta:
        verbose_name = _("pindah memilih (DPTb)")
        verbose_name_plural = _("pindah memilih (DPTb)")
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "pemilih"], name="dptb_sekali"),
            models.CheckConstraint(condition=Q(alasan__in=aturan.KODE_ALASAN_PINDAH),
                                   name="dptb_alasan_valid"),
        ]
        indexes = [models.Index(fields=["tps_tujuan"]), models.Index(fields=["tps_asal"])]

    def __str__(self) -> str:
        return self.nomor_surat


class PemilihKhusus(models.Model):
    """A DPK voter: a resident with a KTP-el of the area, on no list, who voted at their TPS
    between 12:00 and 13:00 on polling day."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    nik = models.CharField(_("NIK"), max_length=16)
    nama = models.CharField(_("nama"), max_length=150)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    alamat = models.CharField(_("alamat"), max_length=200)
    rt = models.CharField(_("RT"), max_length=3)
    rw = models.CharField(_("RW"), max_length=3)
    dicatat = models.DateTimeField(_("dicatat"))
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL,
                             related_name="+")

    class Meta:
        verbose_name = _("pemilih khusus (DPK)")
        verbose_name_plural = _("pemilih khusus (DPK)")
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "nik"], name="dpk_nik_sekali"),
            models.CheckConstraint(condition=Q(jenis_kelamin__in=["L", "P"]),
                                   name="dpk_jk_valid"),
        ]
        indexes = [models.Index(fields=["tps"])]

    def __str__(self) -> str:
        return self.nama
