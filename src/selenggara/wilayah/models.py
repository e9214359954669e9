"""Administrative areas (Kemendagri codes) and polling stations."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from selenggara.choices import text_choices
from selenggara.rules import kode


class Tingkat(models.IntegerChoices):
    PROVINSI = 1, _("Provinsi")
    KABKOTA = 2, _("Kabupaten/Kota")
    KECAMATAN = 3, _("Kecamatan")
    KELURAHAN = 4, _("Kelurahan/Desa")


class Wilayah(models.Model):
    """One area of the Kemendagri table, kept in its dotted code form ``35.71.01.1001``.

    One table for all four levels keeps the tree walkable with a single foreign key; the level
    is stored (not derived from the code length) so it can be indexed and CHECKed.
    """

    kode = models.CharField(_("kode"), max_length=13, unique=True)
    nama = models.CharField(_("nama"), max_length=100)
    tingkat = models.PositiveSmallIntegerField(_("tingkat"), choices=Tingkat.choices)
    induk = models.ForeignKey(
        "self", verbose_name=_("induk"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="anak",
    )

    class Meta:
        verbose_name = _("wilayah")
        verbose_name_plural = _("wilayah")
        ordering = ["kode"]
        indexes = [models.Index(fields=["induk", "kode"])]
        constraints = [
            models.CheckConstraint(condition=Q(tingkat__gte=1, tingkat__lte=4),
                                   name="wilayah_tingkat_1_4"),
            # Only a province has no parent; everything else hangs under one.
            models.CheckConstraint(
                condition=Q(tingkat=1, induk__isnull=True) | Q(tingkat__gt=1, induk__isnull=False),
                name="wilayah_induk_sesuai_tingkat",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nama} ({self.kode})"

    @property
    def kode_polos(self) -> str:
        """The undotted form used by KPU systems (Sidalih, Sirekap): ``3571011001``."""
        return self.kode.replace(".", "")

    @property
    def is_desa(self) -> bool:
        return self.tingkat == Tingkat.KELURAHAN and self.kode.rsplit(".", 1)[-1].startswith("2")

    @property
    def sebutan(self) -> str:
        """How the area is called: a 2xxx code is a desa, a 1xxx code a kelurahan."""
        if self.tingkat == Tingkat.KELURAHAN:
            return str(_("Desa") if self.is_desa else _("Kelurahan"))
        return str(Tingkat(self.tingkat).label)


JenisTPS = text_choices("JenisTPS", kode.JENIS_TPS)


class TPS(models.Model):
    """A polling station inside one kelurahan/desa, numbered 1.. within it."""

    kelurahan = models.ForeignKey(
        Wilayah, verbose_name=_("kelurahan/desa"), on_delete=models.PROTECT, related_name="tps",
        limit_choices_to={"tingkat": Tingkat.KELURAHAN},
    )
    nomor = models.PositiveSmallIntegerField(_("nomor"))
    jenis = models.CharField(_("jenis"), max_length=8, choices=JenisTPS.choices,
                             default=JenisTPS.REGULER)
    # The place a TPS serves when it has one ("Lapas Kelas IIA Kediri"); empty for most.
    nama = models.CharField(_("nama tempat"), max_length=120, blank=True)
    alamat = models.CharField(_("lokasi"), max_length=200, blank=True)
    lintang = models.DecimalField(_("lintang"), max_digits=9, decimal_places=6, null=True,
                                  blank=True)
    bujur = models.DecimalField(_("bujur"), max_digits=9, decimal_places=6, null=True, blank=True)

    class Meta:
        verbose_name = _("TPS")
        verbose_name_plural = _("TPS")
        ordering = ["kelurahan__kode", "nomor"]
        constraints = [
            models.UniqueConstraint(fields=["kelurahan", "nomor"], name="tps_unik_per_kelurahan"),
            models.CheckConstraint(condition=Q(nomor__gte=1, nomor__lte=999),
                                   name="tps_nomor_1_999"),
            models.CheckConstraint(condition=Q(jenis__in=["REGULER", "LOKSUS"]),
                                   name="tps_jenis_valid"),
        ]

    def __str__(self) -> str:
        return f"TPS {self.nomor:03d} {self.kelurahan.nama}"

    @property
    def label(self) -> str:
        """"TPS 001", or "TPS 901 Lapas Kelas IIA Kediri" for a TPS with a place name."""
        return f"TPS {self.nomor:03d}" + (f" {self.nama}" if self.nama else "")

    @property
    def kode(self) -> str:
        """KPU's TPS id: undotted kelurahan code + 3-digit number (``3571011001001``)."""
        return f"{self.kelurahan.kode_polos}{self.nomor:03d}"
