"""Ad hoc bodies (PPK, PPS, KPPS), their officers, and the accounts that carry a role.

PKPU 8/2022: PPK has 5 members per kecamatan, PPS 3 per kelurahan/desa, KPPS 7 per TPS, each
with one ketua; Pantarlih (1 per TPS, 2 above 400 voters) are appointed by PPS but form no
body. KPU staff are officers too: their area is the whole kab/kota.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from selenggara.choices import text_choices
from selenggara.pemilihan.models import Pemilihan
from selenggara.rules import kode
from selenggara.wilayah.models import TPS, Wilayah

Peran = text_choices("Peran", kode.PERAN)
Jabatan = text_choices("Jabatan", kode.JABATAN)


class JenisBadan(models.TextChoices):
    PPK = "PPK", _("Panitia Pemilihan Kecamatan")
    PPS = "PPS", _("Panitia Pemungutan Suara")
    KPPS = "KPPS", _("Kelompok Penyelenggara Pemungutan Suara")


class BadanAdhoc(models.Model):
    """One ad hoc body: the PPK of a kecamatan, the PPS of a kelurahan, the KPPS of a TPS."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="badan")
    jenis = models.CharField(_("jenis"), max_length=4, choices=JenisBadan.choices)
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah"), on_delete=models.PROTECT,
                                related_name="badan")
    tps = models.OneToOneField(TPS, verbose_name=_("TPS"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="kpps")
    masa_mulai = models.DateField(_("masa kerja mulai"))
    masa_selesai = models.DateField(_("masa kerja selesai"))

    class Meta:
        verbose_name = _("badan ad hoc")
        verbose_name_plural = _("badan ad hoc")
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "jenis", "wilayah"],
                                    condition=Q(tps__isnull=True), name="badan_unik_per_wilayah"),
            models.CheckConstraint(condition=Q(jenis__in=JenisBadan.values),
                                   name="badan_jenis_valid"),
            # Only a KPPS belongs to a TPS.
            models.CheckConstraint(
                condition=(Q(jenis="KPPS", tps__isnull=False)
                           | (~Q(jenis="KPPS") & Q(tps__isnull=True))),
                name="badan_tps_hanya_kpps"),
            models.CheckConstraint(condition=Q(masa_selesai__gte=F("masa_mulai")),
                                   name="badan_masa_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.jenis} {self.tps or self.wilayah.nama}"


class Petugas(models.Model):
    """An officer with a role and an area; the account (if any) inherits exactly that scope."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="petugas")
    user = models.OneToOneField(settings.AUTH_USER_MODEL, null=True, blank=True,
                                on_delete=models.SET_NULL, related_name="petugas")
    peran = models.CharField(_("peran"), max_length=10, choices=Peran.choices)
    jabatan = models.CharField(_("jabatan"), max_length=10, choices=Jabatan.choices,
                               default=Jabatan.ANGGOTA)
    badan = models.ForeignKey(BadanAdhoc, verbose_name=_("badan"), null=True, blank=True,
                              on_delete=models.PROTECT, related_name="anggota")
    # The area the role covers: kab/kota (KPU), kecamatan (PPK), kelurahan (PPS, Pantarlih,
    # KPPS). Pantarlih and KPPS also name their TPS.
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah"), on_delete=models.PROTECT,
                                related_name="petugas")
    tps = models.ForeignKey(TPS, verbose_name=_("TPS"), null=True, blank=True,
                            on_delete=models.PROTECT, related_name="petugas")
    nama = models.CharField(_("nama"), max_length=150)
    nik = models.CharField(_("NIK"), max_length=16, blank=True)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1,
                                     choices=text_choices("JenisKelamin", kode.JENIS_KELAMIN))
    telepon = models.CharField(_("telepon"), max_length=20, blank=True)
    masa_mulai = models.DateField(_("masa kerja mulai"))
    masa_selesai = models.DateField(_("masa kerja selesai"))
    aktif = models.BooleanField(_("aktif"), default=True)

    class Meta:
        verbose_name = _("petugas")
        verbose_name_plural = _("petugas")
        ordering = ["peran", "wilayah__kode", "tps__nomor", "jabatan", "nama"]
        indexes = [models.Index(fields=["peran", "wilayah"])]
        constraints = [
            models.CheckConstraint(condition=Q(peran__in=Peran.values), name="petugas_peran_valid"),
            models.CheckConstraint(condition=Q(jabatan__in=Jabatan.values),
                                   name="petugas_jabatan_valid"),
            models.CheckConstraint(condition=Q(jenis_kelamin__in=["L", "P"]),
                                   name="petugas_jk_valid"),
            # Pantarlih and KPPS work at one TPS; the other roles cover an area, not a TPS.
            models.CheckConstraint(
                condition=(Q(peran__in=["PANTARLIH", "KPPS"], tps__isnull=False)
                           | (Q(peran__in=["KPU", "PPK", "PPS"]) & Q(tps__isnull=True))),
                name="petugas_tps_sesuai_peran"),
            models.CheckConstraint(condition=Q(masa_selesai__gte=F("masa_mulai")),
                                   name="petugas_masa_valid"),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.get_peran_display()})"
