"""Duplicate detection (ganda): a search run, the pairs it found and the decisions on them.

- :class:`PencarianGanda` is one run of ``selenggara ganda cari`` (or of the KPU page's
  background job): its area, its progress, the counts, and the trained Splink model as JSON,
  so a result can be explained and repeated.
- :class:`PasanganGanda` is one pair of voter records that are likely the same person, in the
  one order ``pemilih_a < pemilih_b``, with the match probability and the reasons. It carries
  the decision too: the queue *is* the memory. A re-run updates the score of a pending pair,
  and leaves a decided pair alone unless one of its records changed since (``versi_a`` /
  ``versi_b`` are the records' versions when it was scored or decided).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.rules import ganda as aturan
from selenggara.wilayah.models import Wilayah


class StatusPencarian(models.TextChoices):
    ANTRE = "ANTRE", _("Menunggu dijalankan")
    BERJALAN = "BERJALAN", _("Berjalan")
    SELESAI = "SELESAI", _("Selesai")
    GAGAL = "GAGAL", _("Gagal")


class PencarianGanda(models.Model):
    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+")
    wilayah = models.ForeignKey(Wilayah, verbose_name=_("wilayah"), on_delete=models.PROTECT,
                                related_name="+")
    mesin = models.CharField(_("mesin"), max_length=8, default="duckdb")
    status = models.CharField(_("status"), max_length=8, choices=StatusPencarian.choices,
                              default=StatusPencarian.ANTRE)
    progres = models.PositiveSmallIntegerField(_("progres (%)"), default=0)
    langkah = models.CharField(_("langkah"), max_length=200, blank=True, default="")
    dimulai = models.DateTimeField(_("dimulai"))
    selesai = models.DateTimeField(_("selesai"), null=True, blank=True)
    oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="+")
    # Records searched, candidate pairs compared (after blocking), pairs at or above the
    # threshold, of which new to the queue; seconds and peak memory of the run.
    jumlah_rekam = models.PositiveIntegerField(_("rekam diperiksa"), default=0)
    jumlah_dibandingkan = models.PositiveBigIntegerField(_("pasangan dibandingkan"), default=0)
    jumlah_ditemukan = models.PositiveIntegerField(_("pasangan ditemukan"), default=0)
    jumlah_baru = models.PositiveIntegerField(_("pasangan baru"), default=0)
    detik = models.FloatField(_("lama (detik)"), null=True, blank=True)
    memori_mb = models.FloatField(_("memori puncak (MB)"), null=True, blank=True)
    ambang = models.FloatField(_("ambang probabilitas"), default=aturan.AMBANG_BAWAAN)
    # The trained Splink model (settings with m and u probabilities), as Splink saves it.
    model = models.JSONField(_("model terlatih"), default=dict, blank=True)
    galat = models.TextField(_("galat"), blank=True, default="")

    class Meta:
        verbose_name = _("pencarian ganda")
        verbose_name_plural = _("pencarian ganda")
        ordering = ["-dimulai", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=StatusPencarian.values),
                                   name="pencarian_ganda_status_valid"),
            # One run at a time per election: the second is told so (ganda.pencarian).
            models.UniqueConstraint(fields=["pemilihan"],
                                    condition=Q(status__in=["ANTRE", "BERJALAN"]),
                                    name="pencarian_ganda_satu_berjalan"),
        ]

    def __str__(self) -> str:
        return f"pencarian ganda {self.pk} {self.status}"


class JenisPasangan(models.TextChoices):
    NIK_SAMA = aturan.NIK_SAMA, _("NIK sama")
    KK_NAMA_TGL = aturan.KK_NAMA_TGL, _("NKK, nama dan tanggal lahir sama")
    PROBABILISTIK = aturan.PROBABILISTIK, _("Kemungkinan orang yang sama")


class StatusPasangan(models.TextChoices):
    MENUNGGU = "MENUNGGU", _("Menunggu keputusan")
    SAMA = "SAMA", _("Orang yang sama")
    BERBEDA = "BERBEDA", _("Orang berbeda")
    CEK_LAPANGAN = "CEK", _("Perlu cek lapangan")


class PasanganGanda(models.Model):
    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+",
                                  db_index=False)
    pemilih_a = models.ForeignKey(Pemilih, on_delete=models.CASCADE, related_name="+")
    pemilih_b = models.ForeignKey(Pemilih, on_delete=models.CASCADE, related_name="+")
    # The two records' kelurahan when scored: the PPS of either sees the pair.
    kelurahan_a = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+",
                                    db_index=False)
    kelurahan_b = models.ForeignKey(Wilayah, on_delete=models.PROTECT, related_name="+",
                                    db_index=False)
    pencarian = models.ForeignKey(PencarianGanda, null=True, blank=True,
                                  on_delete=models.SET_NULL, related_name="pasangan")
    jenis = models.CharField(_("jenis"), max_length=16, choices=JenisPasangan.choices)
    probabilitas = models.FloatField(_("probabilitas"))
    bobot = models.FloatField(_("bobot kecocokan"), null=True, blank=True)
    # [{"kolom", "tingkat", "bobot"}]: which fields agree, how, and what each contributed.
    alasan = models.JSONField(_("alasan"), default=list)
    versi_a = models.PositiveIntegerField()
    versi_b = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=8, choices=StatusPasangan.choices,
                              default=StatusPasangan.MENUNGGU)
    # Which record a "same person" decision struck (TMS 2), and the decision's note.
    dicoret = models.ForeignKey(Pemilih, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    catatan = models.CharField(_("catatan"), max_length=500, blank=True, default="")
    ditemukan = models.DateTimeField(_("ditemukan"))
    diputuskan = models.DateTimeField(_("diputuskan"), null=True, blank=True)
    diputuskan_oleh = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("pasangan ganda")
        verbose_name_plural = _("pasangan ganda")
        ordering = ["-probabilitas", "pemilih_a_id", "pemilih_b_id"]
        indexes = [
            models.Index(fields=["pemilihan", "status"]),
            models.Index(fields=["kelurahan_a", "status"]),
            models.Index(fields=["kelurahan_b", "status"]),
        ]
        constraints = [
            models.UniqueConstraint(fields=["pemilihan", "pemilih_a", "pemilih_b"],
                                    name="pasangan_ganda_unik"),
            models.CheckConstraint(condition=Q(pemilih_a__lt=models.F("pemilih_b")),
                                   name="pasangan_ganda_urut"),
            models.CheckConstraint(condition=Q(status__in=StatusPasangan.values),
                                   name="pasangan_ganda_status_valid"),
            models.CheckConstraint(condition=Q(jenis__in=JenisPasangan.values),
                                   name="pasangan_ganda_jenis_valid"),
            models.CheckConstraint(condition=Q(probabilitas__gte=0, probabilitas__lte=1),
                                   name="pasangan_ganda_probabilitas"),
        ]

    def __str__(self) -> str:
        return f"{self.pemilih_a_id}~{self.pemilih_b_id} {self.status}"

    @property
    def lintas_kelurahan(self) -> bool:
        return self.kelurahan_a_id != self.kelurahan_b_id
