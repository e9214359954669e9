"""What the synthetic demo knows and coklit has to find out.

The generator plants errors in the DP4 (deceased, moved, wrong TPS, duplicates, TNI/Polri,
under age, wrong data) and leaves some eligible people out; it also plants look-alikes that are
not duplicates (MIRIP), so duplicate detection can be scored on both sides. The truth is kept
here, apart from the voter register, so later simulations and tests can measure how much coklit
found, while no page or API that officers use ever reads it.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from selenggara.pemilih.models import Pemilih
from selenggara.wilayah.models import TPS


class Kategori(models.TextChoices):
    MENINGGAL = "MENINGGAL", _("Meninggal")
    PINDAH = "PINDAH", _("Pindah domisili")
    SALAH_TPS = "SALAH_TPS", _("Salah TPS")
    GANDA = "GANDA", _("Ganda")
    TNI = "TNI", _("Menjadi anggota TNI")
    POLRI = "POLRI", _("Menjadi anggota Polri")
    DIBAWAH_UMUR = "DIBAWAH_UMUR", _("Di bawah umur")
    DATA_SALAH = "DATA_SALAH", _("Elemen data salah")
    BELUM_TERDAFTAR = "BELUM_TERDAFTAR", _("Memenuhi syarat tetapi belum terdaftar")
    # Not an error: two records that look alike but are two people (twins, a father and son of
    # one name, strangers of one name and birth date), a trap for duplicate detection.
    MIRIP = "MIRIP", _("Mirip, bukan ganda")


class KebenaranDemo(models.Model):
    kategori = models.CharField(max_length=16, choices=Kategori.choices)
    # Null for people missing from the list: they have no voter row yet.
    pemilih = models.ForeignKey(Pemilih, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="+")
    tps = models.ForeignKey(TPS, on_delete=models.CASCADE, related_name="+")
    nik = models.CharField(max_length=16)
    data = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("kebenaran demo")
        verbose_name_plural = _("kebenaran demo")
        indexes = [models.Index(fields=["kategori"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(kategori__in=Kategori.values),
                                   name="kebenaran_kategori_valid"),
            models.CheckConstraint(
                condition=models.Q(kategori="BELUM_TERDAFTAR", pemilih__isnull=True)
                | (~models.Q(kategori="BELUM_TERDAFTAR") & models.Q(pemilih__isnull=False)),
                name="kebenaran_pemilih_sesuai_kategori"),
        ]

    def __str__(self) -> str:
        return f"{self.kategori} {self.pemilih_id or self.nik[:6]}"


class SimulasiDemo(models.Model):
    """Where the demo's coklit simulation stands (``selenggara demo simulasi``): one row.

    ``sampai`` is the last day played; a later run plays the days after it, so a month split
    into several runs gives the same register as one run. ``seed`` and ``kelurahan`` (the
    codes of a partial simulation, empty for the whole city) are fixed by the first run: the
    schedule is derived from them. ``harian`` keeps the day's figures as the counters showed
    them that evening (app and paper progress, PPS queue), for the command's table and docs.
    """

    seed = models.IntegerField(_("seed"))
    kelurahan = models.CharField(_("kelurahan yang disimulasikan"), max_length=1000, blank=True,
                                 default="")
    sampai = models.DateField(_("disimulasikan sampai"), null=True, blank=True)
    harian = models.JSONField(_("angka per hari"), default=dict)
    diperbarui = models.DateTimeField(_("diperbarui"))

    class Meta:
        verbose_name = _("simulasi demo")
        verbose_name_plural = _("simulasi demo")

    def __str__(self) -> str:
        return f"simulasi seed {self.seed} sampai {self.sampai}"
