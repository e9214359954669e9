"""Coklit (pencocokan dan penelitian): what Pantarlih send from the field, and PPS review.

Each change a phone sends is kept as one :class:`Perubahan`, keyed by the id the phone made
for it. That id makes a replayed upload harmless (the stored answer is returned, nothing is
written twice), and the row is also the PPS review queue: every applied TMS, Ubah and Baru, and
every conflict, waits here for PPS to approve, correct or return it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selenggara.pemilih.models import Pemilih
from selenggara.petugas.models import Petugas
from selenggara.wilayah.models import TPS, Wilayah


def waktu_kerja():
    from selenggara.web import jam

    return jam.sekarang()


class Aksi(models.TextChoices):
    SESUAI = "SESUAI", _("Sesuai")
    UBAH = "UBAH", _("Ubah data")
    TMS = "TMS", _("Tidak memenuhi syarat")
    BARU = "BARU", _("Pemilih baru")
    STIKER = "STIKER", _("Stiker coklit")
    KERTAS = "KERTAS", _("Laporan harian coklit di kertas")


class Status(models.TextChoices):
    APPLIED = "applied", _("diterapkan")
    CONFLICT = "conflict", _("konflik")
    REJECTED = "rejected", _("ditolak")


class Tinjauan(models.TextChoices):
    """Where a change stands in the PPS review."""

    TIDAK_PERLU = "", _("tidak perlu ditinjau")
    MENUNGGU = "MENUNGGU", _("menunggu tinjauan PPS")
    DISETUJUI = "DISETUJUI", _("disetujui PPS")
    DIKOREKSI = "DIKOREKSI", _("dikoreksi PPS")
    DIKEMBALIKAN = "DIKEMBALIKAN", _("dikembalikan ke Pantarlih")
    DITOLAK = "DITOLAK", _("ditolak PPS")


class Perubahan(models.Model):
    client_id = models.UUIDField(_("id perubahan dari perangkat"), unique=True)
    aksi = models.CharField(_("aksi"), max_length=6, choices=Aksi.choices)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    # Null for a rejected Baru (no voter was created) and for stickers.
    pemilih = models.ForeignKey(Pemilih, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="perubahan")
    # No single-column indexes on these three: the composite indexes below lead with them
    # and serve every lookup (and the PROTECT checks), and each index costs every insert of a
    # sync batch.
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+", db_index=False)
    kelurahan = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+",
                                  db_index=False)
    petugas = models.ForeignKey(Petugas, on_delete=models.PROTECT, related_name="perubahan",
                                db_index=False)
    versi_dasar = models.PositiveIntegerField(_("versi dasar"), null=True, blank=True)
    data = models.JSONField(_("data dari perangkat"), default=dict)
    sebelum = models.JSONField(_("nilai sebelum"), null=True, blank=True)
    sesudah = models.JSONField(_("nilai sesudah"), null=True, blank=True)
    hasil = models.JSONField(_("jawaban server"), default=dict)
    waktu_perangkat = models.DateTimeField(_("waktu di perangkat"), null=True, blank=True)
    # The working moment (web.jam): in a simulated month the change arrives on its simulated
    # day, so a rebuild of the counters dates it as the live counters did.
    diterima = models.DateTimeField(_("diterima server"), default=waktu_kerja)
    tinjauan = models.CharField(_("tinjauan PPS"), max_length=12, choices=Tinjauan.choices,
                                blank=True, default="")
    catatan_pps = models.TextField(_("catatan PPS"), blank=True)
    ditinjau_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.SET_NULL, related_name="+")
    ditinjau_pada = models.DateTimeField(_("ditinjau pada"), null=True, blank=True)

    class Meta:
        verbose_name = _("perubahan coklit")
        verbose_name_plural = _("perubahan coklit")
        ordering = ["-diterima", "-id"]
        indexes = [
            models.Index(fields=["kelurahan", "tinjauan"]),
            models.Index(fields=["tps", "diterima"]),
            models.Index(fields=["petugas", "tinjauan"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(aksi__in=Aksi.values), name="perubahan_aksi_valid"),
            models.CheckConstraint(condition=Q(status__in=Status.values),
                                   name="perubahan_status_valid"),
            models.CheckConstraint(condition=Q(tinjauan__in=Tinjauan.values),
                                   name="perubahan_tinjauan_valid"),
            # Only what was applied or conflicted can wait for PPS.
            models.CheckConstraint(condition=~Q(status="rejected") | Q(tinjauan=""),
                                   name="perubahan_ditolak_tanpa_tinjauan"),
        ]

    def __str__(self) -> str:
        return f"{self.aksi} {self.status} {self.client_id}"


class StikerKK(models.Model):
    """The coklit sticker placed on a household's door (one per KK)."""

    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    nkk = models.CharField(_("NKK"), max_length=16)
    petugas = models.ForeignKey(Petugas, on_delete=models.PROTECT, related_name="+")
    waktu = models.DateTimeField(_("waktu tempel"))
    foto = models.ForeignKey("Foto", null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    lintang = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)
    bujur = models.DecimalField(max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("stiker coklit")
        verbose_name_plural = _("stiker coklit")
        constraints = [
            models.UniqueConstraint(fields=["tps", "nkk"], name="stiker_unik_per_kk"),
            models.CheckConstraint(
                condition=Q(lintang__isnull=True) | Q(lintang__gte=-90, lintang__lte=90),
                name="stiker_lintang_valid"),
            models.CheckConstraint(
                condition=Q(bujur__isnull=True) | Q(bujur__gte=-180, bujur__lte=180),
                name="stiker_bujur_valid"),
        ]

    def __str__(self) -> str:
        return f"stiker {self.tps_id}/{self.nkk[-4:]}"


class Foto(models.Model):
    """An evidence or sticker photo, uploaded in resumable chunks."""

    id = models.UUIDField(primary_key=True)
    petugas = models.ForeignKey(Petugas, on_delete=models.PROTECT, related_name="+")
    tipe = models.CharField(_("jenis berkas"), max_length=20)
    ukuran = models.PositiveIntegerField(_("ukuran (byte)"))
    diterima = models.PositiveIntegerField(_("byte diterima"), default=0)
    selesai = models.BooleanField(_("selesai"), default=False)
    dibuat = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("foto")
        verbose_name_plural = _("foto")
        constraints = [
            models.CheckConstraint(condition=Q(diterima__lte=models.F("ukuran")),
                                   name="foto_diterima_tidak_lebih"),
        ]

    def __str__(self) -> str:
        return str(self.id)

    @property
    def path(self):
        return settings.MEDIA_ROOT / "coklit" / f"{self.id}.bin"


class LaporanKertas(models.Model):
    """How many voters a Pantarlih checked on paper on one day, as they report it from the
    field app (offline, synced like every change). A later report for the same day replaces
    the earlier one. The monitoring pages show it beside what the app has received, so the gap
    that confused Kota Kediri in 2024 (53.33% in the app on day 8, more on paper) is visible."""

    petugas = models.ForeignKey(Petugas, on_delete=models.PROTECT, related_name="+")
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    tanggal = models.DateField(_("tanggal"))
    jumlah = models.PositiveIntegerField(_("pemilih dicoklit di kertas"))
    diterima = models.DateTimeField(_("diterima server"))

    class Meta:
        verbose_name = _("laporan kertas coklit")
        verbose_name_plural = _("laporan kertas coklit")
        constraints = [models.UniqueConstraint(fields=["petugas", "tanggal"],
                                               name="kertas_unik_per_hari")]

    def __str__(self) -> str:
        return f"{self.petugas_id} {self.tanggal}: {self.jumlah}"


KOLOM_REKAP_COKLIT = ("kiriman", "diterapkan", "konflik", "ditolak", "stiker", "kertas",
                      "menunggu", "disetujui", "dikoreksi", "dikembalikan", "dipertahankan")
"""Counters of the coklit workflow per TPS and area (the register's own are pemilih.Rekap):
changes received and their answers, stickers placed, voters reported on paper, the PPS
backlog (``menunggu``: + when a change starts waiting, - when PPS decides it) and decisions."""


class _HitunganCoklit(models.Model):
    kiriman = models.IntegerField(default=0)
    diterapkan = models.IntegerField(default=0)
    konflik = models.IntegerField(default=0)
    ditolak = models.IntegerField(default=0)
    stiker = models.IntegerField(default=0)
    kertas = models.IntegerField(default=0)
    menunggu = models.IntegerField(default=0)
    disetujui = models.IntegerField(default=0)
    dikoreksi = models.IntegerField(default=0)
    dikembalikan = models.IntegerField(default=0)
    dipertahankan = models.IntegerField(default=0)

    class Meta:
        abstract = True


class RekapCoklit(_HitunganCoklit):
    """Coklit workflow counters per TPS (``tingkat`` 5) and area (1-4), kept by the sync and
    the PPS decisions in their own transactions (``coklit.rekap``)."""

    pemilihan = models.ForeignKey("pemilihan.Pemilihan", on_delete=models.CASCADE,
                                  related_name="+", db_index=False)
    tingkat = models.PositiveSmallIntegerField()
    objek_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("rekap coklit")
        verbose_name_plural = _("rekap coklit")
        constraints = [models.UniqueConstraint(fields=["pemilihan", "tingkat", "objek_id"],
                                               name="rekap_coklit_unik")]

    def __str__(self) -> str:
        return f"{self.tingkat}:{self.objek_id}"


class RekapCoklitHarian(_HitunganCoklit):
    """What changed in those counters on one working day (sums to :class:`RekapCoklit`)."""

    pemilihan = models.ForeignKey("pemilihan.Pemilihan", on_delete=models.CASCADE,
                                  related_name="+", db_index=False)
    tingkat = models.PositiveSmallIntegerField()
    objek_id = models.BigIntegerField()
    tanggal = models.DateField()

    class Meta:
        verbose_name = _("rekap coklit harian")
        verbose_name_plural = _("rekap coklit harian")
        constraints = [models.UniqueConstraint(
            fields=["pemilihan", "tingkat", "objek_id", "tanggal"],
            name="rekap_coklit_harian_unik")]

    def __str__(self) -> str:
        return f"{self.tingkat}:{self.objek_id} {self.tanggal}"


class AktivitasPantarlih(models.Model):
    """When each Pantarlih last synced, and what came in: the laggard list ("no sync for N
    days") reads one row per Pantarlih instead of scanning their changes."""

    petugas = models.OneToOneField(Petugas, on_delete=models.CASCADE, primary_key=True,
                                   related_name="+")
    tps = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    terakhir_sinkron = models.DateTimeField(_("terakhir sinkron"))
    kiriman = models.PositiveIntegerField(default=0)
    dikembalikan = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("aktivitas Pantarlih")
        verbose_name_plural = _("aktivitas Pantarlih")

    def __str__(self) -> str:
        return f"{self.petugas_id} {self.terakhir_sinkron:%Y-%m-%d %H:%M}"


class RencanaCoklit(models.Model):
    """One point of the coklit plan KPU set for its election: by the end of ``tanggal``,
    ``persen`` of the voters should be checked. The points rise to 100 within the coklit stage
    (``coklit.rencana`` checks it and writes them, audited); without any point the plan is the
    default one, linear to 100% at the end of week 2."""

    pemilihan = models.ForeignKey("pemilihan.Pemilihan", on_delete=models.CASCADE,
                                  related_name="+")
    tanggal = models.DateField(_("tanggal"))
    persen = models.DecimalField(_("persen pemilih selesai dicoklit"), max_digits=5,
                                 decimal_places=2)

    class Meta:
        verbose_name = _("rencana coklit")
        verbose_name_plural = _("rencana coklit")
        ordering = ["pemilihan", "tanggal"]
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "tanggal"],
                                    name="rencana_coklit_unik_per_tanggal"),
            models.CheckConstraint(condition=Q(persen__gt=0, persen__lte=100),
                                   name="rencana_coklit_persen_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.tanggal}: {self.persen}%"
