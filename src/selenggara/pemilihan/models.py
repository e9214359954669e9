"""The election, its contests, candidate pairs and stage calendar."""

from decimal import Decimal

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from selenggara.choices import text_choices
from selenggara.rules import kode
from selenggara.wilayah.models import Wilayah


class Pemilihan(models.Model):
    """One election run by this KPU Kab/Kota (e.g. Pilkada Serentak 2024 in Kota Kediri).

    Numbers that change from one election to the next (PKPU 7/2024 TPS size, PKPU 17/2024
    ballot reserve) are fields, not constants, so the next Pilkada needs no code change.
    """

    nama = models.CharField(_("nama"), max_length=150)
    tahun = models.PositiveSmallIntegerField(_("tahun"))
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah KPU"), on_delete=models.PROTECT,
                                related_name="+")
    hari_pemungutan = models.DateField(_("hari pemungutan suara"))
    maks_pemilih_per_tps = models.PositiveSmallIntegerField(_("maksimal pemilih per TPS"),
                                                            default=600)
    batas_dua_pantarlih = models.PositiveSmallIntegerField(
        _("jumlah pemilih di atas mana TPS mendapat 2 Pantarlih"), default=400)
    cadangan_surat_suara_persen = models.DecimalField(
        _("cadangan surat suara (%)"), max_digits=4, decimal_places=2, default=Decimal("2.50"))
    target_partisipasi_persen = models.DecimalField(
        _("target partisipasi (%)"), max_digits=5, decimal_places=2, default=Decimal("80.00"))

    class Meta:
        verbose_name = _("pemilihan")
        verbose_name_plural = _("pemilihan")
        constraints = [
            models.UniqueConstraint(fields=["wilayah", "tahun"], name="pemilihan_unik"),
            models.CheckConstraint(condition=Q(maks_pemilih_per_tps__gt=0),
                                   name="pemilihan_maks_tps_positif"),
            models.CheckConstraint(
                condition=Q(cadangan_surat_suara_persen__gte=0,
                            cadangan_surat_suara_persen__lte=100),
                name="pemilihan_cadangan_0_100"),
        ]

    def __str__(self) -> str:
        return self.nama


JenisKontestasi = text_choices("JenisKontestasi", kode.JENIS_KONTESTASI)


class Kontestasi(models.Model):
    """One contest, i.e. one ballot paper: Kota Kediri voters get two."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="kontestasi")
    jenis = models.CharField(_("jenis"), max_length=10, choices=JenisKontestasi.choices)
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah pemilihan"),
                                on_delete=models.PROTECT, related_name="+")
    nama = models.CharField(_("nama"), max_length=150)
    urutan = models.PositiveSmallIntegerField(_("urutan"), default=1)

    class Meta:
        verbose_name = _("kontestasi")
        verbose_name_plural = _("kontestasi")
        ordering = ["pemilihan", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "jenis"], name="kontestasi_unik"),
            models.CheckConstraint(condition=Q(jenis__in=JenisKontestasi.values),
                                   name="kontestasi_jenis_valid"),
        ]

    def __str__(self) -> str:
        return self.nama


class Paslon(models.Model):
    """A candidate pair (kepala + wakil) with its ballot number."""

    kontestasi = models.ForeignKey(Kontestasi, on_delete=models.CASCADE, related_name="paslon")
    nomor_urut = models.PositiveSmallIntegerField(_("nomor urut"))
    nama_kepala = models.CharField(_("calon kepala daerah"), max_length=150)
    nama_wakil = models.CharField(_("calon wakil kepala daerah"), max_length=150)
    sirekap_id = models.CharField(_("id Sirekap"), max_length=12, blank=True)
    warna = models.CharField(_("warna"), max_length=7, blank=True)

    class Meta:
        verbose_name = _("pasangan calon")
        verbose_name_plural = _("pasangan calon")
        ordering = ["kontestasi", "nomor_urut"]
        constraints = [
            models.UniqueConstraint(fields=["kontestasi", "nomor_urut"], name="paslon_nomor_unik"),
            models.CheckConstraint(condition=Q(nomor_urut__gte=1), name="paslon_nomor_positif"),
        ]

    def __str__(self) -> str:
        return f"{self.nomor_urut}. {self.nama_kepala} - {self.nama_wakil}"


class Tahapan(models.Model):
    """One stage of the calendar (PKPU 2/2024 as amended): coklit, DPS, DPT, polling..."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="tahapan")
    kode = models.SlugField(_("kode"), max_length=40)
    nama = models.CharField(_("nama"), max_length=150)
    mulai = models.DateField(_("mulai"))
    selesai = models.DateField(_("selesai"))
    urutan = models.PositiveSmallIntegerField(_("urutan"))

    class Meta:
        verbose_name = _("tahapan")
        verbose_name_plural = _("tahapan")
        ordering = ["pemilihan", "mulai", "urutan"]
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "kode"], name="tahapan_kode_unik"),
            models.CheckConstraint(condition=Q(selesai__gte=F("mulai")),
                                   name="tahapan_selesai_setelah_mulai"),
        ]

    def __str__(self) -> str:
        return self.nama
