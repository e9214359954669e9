"""The voter register: one row per listed person, with the Sidalih (Model A) fields.

A voter row moves through the list stages of PKPU 7/2024 (A-Daftar → DPHP → DPS → DPSHP → DPT)
rather than being copied per stage: the stage a row has reached is ``tahap`` and whether it is
still eligible is ``status``/``tms_kode``. Plenary snapshots (recap tables, BA) are kept by the
list services of later issues.
"""

from django.db import models
from django.db.models import Q
from django.db.models.functions import Length
from django.db.models.lookups import Exact
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from selenggara.choices import codes
from selenggara.pemilihan.models import Pemilihan
from selenggara.rules import kode
from selenggara.wilayah.models import TPS, Wilayah


def _choices(pairs):
    """rules/ marks its labels with gettext_noop; translate them lazily here."""
    return [(code, _(label)) for code, label in pairs]


class Pemilih(models.Model):
    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.PROTECT, related_name="+",
                                  db_index=False)
    # kecamatan and kelurahan repeat what the TPS implies: every scoped query filters on one
    # of them, and an indexed column beats a two-level join over hundreds of thousands of rows.
    kecamatan = models.ForeignKey(Wilayah, verbose_name=_("kecamatan"), on_delete=models.PROTECT,
                                  related_name="+", db_index=False)
    kelurahan = models.ForeignKey(Wilayah, verbose_name=_("kelurahan/desa"),
                                  on_delete=models.PROTECT, related_name="+", db_index=False)
    tps = models.ForeignKey(TPS, verbose_name=_("TPS"), on_delete=models.PROTECT,
                            related_name="pemilih", db_index=False)
    nkk = models.CharField(_("NKK"), max_length=16)
    nik = models.CharField(_("NIK"), max_length=16)
    nama = models.CharField(_("nama"), max_length=150)
    jenis_kelamin = models.CharField(_("jenis kelamin"), max_length=1,
                                     choices=_choices(kode.JENIS_KELAMIN))
    tempat_lahir = models.CharField(_("tempat lahir"), max_length=80)
    tanggal_lahir = models.DateField(_("tanggal lahir"))
    status_kawin = models.CharField(_("status perkawinan"), max_length=1,
                                    choices=_choices(kode.STATUS_KAWIN))
    alamat = models.CharField(_("alamat"), max_length=200)
    rt = models.CharField(_("RT"), max_length=3)
    rw = models.CharField(_("RW"), max_length=3)
    disabilitas = models.CharField(_("disabilitas"), max_length=1, default="0",
                                   choices=_choices(kode.DISABILITAS))
    ktp_el = models.CharField(_("KTP-el"), max_length=1, choices=_choices(kode.KTP_EL))
    sumber = models.CharField(_("sumber"), max_length=4, choices=_choices(kode.SUMBER),
                              default="DP4")
    tahap = models.CharField(_("tahap daftar"), max_length=7,
                             choices=_choices(kode.TAHAP_DAFTAR), default="ADAFTAR")
    # Sidalih's KET column: a TMS code 1-8, empty while the voter meets the requirements.
    tms_kode = models.CharField(_("keterangan TMS"), max_length=1, blank=True, default="",
                                choices=_choices(kode.TMS_KODE))
    # Coklit outcome ("" = not yet checked) and the PPS note when PPS returned it.
    coklit = models.CharField(_("hasil coklit"), max_length=6, blank=True, default="",
                              choices=_choices(kode.HASIL_COKLIT))
    coklit_waktu = models.DateTimeField(_("waktu coklit"), null=True, blank=True)
    catatan_pps = models.CharField(_("catatan PPS"), max_length=300, blank=True, default="")
    # Sequence number of the audit record that last changed this row: field apps download
    # "what changed since rev N" for their TPS (index tps+rev).
    rev = models.PositiveBigIntegerField(_("revisi"), default=0)
    # Optimistic-concurrency version: offline clients send the version they edited so a
    # stale change is detected instead of silently overwriting a newer one.
    versi = models.PositiveIntegerField(_("versi"), default=1)
    # Set by the voter-write protocol to the working moment (web.jam), so a simulated month
    # reads as that month; not auto_now, which would stamp the real clock over it.
    diubah = models.DateTimeField(_("diubah"), default=timezone.now)

    class Meta:
        verbose_name = _("pemilih")
        verbose_name_plural = _("pemilih")
        ordering = ["kelurahan_id", "tps_id", "nkk", "id"]
        indexes = [
            models.Index(fields=["kelurahan", "tps"]),
            models.Index(fields=["kecamatan"]),
            models.Index(fields=["tps", "nkk"]),
            models.Index(fields=["nik"]),
            models.Index(fields=["tps", "rev"]),
        ]
        constraints = [
            models.CheckConstraint(condition=Exact(Length("nik"), 16), name="pemilih_nik_16"),
            models.CheckConstraint(condition=Exact(Length("nkk"), 16), name="pemilih_nkk_16"),
            models.CheckConstraint(condition=Q(jenis_kelamin__in=codes(kode.JENIS_KELAMIN)),
                                   name="pemilih_jk_valid"),
            models.CheckConstraint(condition=Q(status_kawin__in=codes(kode.STATUS_KAWIN)),
                                   name="pemilih_kawin_valid"),
            models.CheckConstraint(condition=Q(disabilitas__in=codes(kode.DISABILITAS)),
                                   name="pemilih_dis_valid"),
            models.CheckConstraint(condition=Q(ktp_el__in=codes(kode.KTP_EL)),
                                   name="pemilih_ktpel_valid"),
            models.CheckConstraint(condition=Q(sumber__in=codes(kode.SUMBER)),
                                   name="pemilih_sumber_valid"),
            models.CheckConstraint(condition=Q(tahap__in=codes(kode.TAHAP_DAFTAR)),
                                   name="pemilih_tahap_valid"),
            models.CheckConstraint(condition=Q(coklit__in=["", *codes(kode.HASIL_COKLIT)]),
                                   name="pemilih_coklit_valid"),
            models.CheckConstraint(condition=Q(tms_kode__in=["", *codes(kode.TMS_KODE)]),
                                   name="pemilih_tms_valid"),
        ]

    def __str__(self) -> str:
        return self.nama

    @property
    def memenuhi_syarat(self) -> bool:
        return not self.tms_kode


class PindahTPS(models.Model):
    """A voter moved to another TPS: by TMS code 8 (within the kelurahan), by a PPS returning
    such a move, by KPU staff in the admin, or later by a list import or a DPTb move.

    The old TPS's field app must drop the voter at its next download: this row is that
    tombstone (``rev`` is the audit sequence of the move).
    """

    pemilih = models.ForeignKey(Pemilih, on_delete=models.CASCADE, related_name="+")
    tps_asal = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    tps_tujuan = models.ForeignKey(TPS, on_delete=models.PROTECT, related_name="+")
    rev = models.PositiveBigIntegerField()

    class Meta:
        verbose_name = _("pindah TPS")
        verbose_name_plural = _("pindah TPS")
        indexes = [models.Index(fields=["tps_asal", "rev"])]
        constraints = [
            models.CheckConstraint(condition=~Q(tps_asal=models.F("tps_tujuan")),
                                   name="pindah_tps_berbeda"),
        ]

    def __str__(self) -> str:
        return f"{self.pemilih_id}: {self.tps_asal_id} -> {self.tps_tujuan_id}"


class _Hitungan(models.Model):
    """The counter columns of ``rules.hitungan.KOLOM`` (one definition; see that module)."""

    pemilih = models.IntegerField(default=0)
    ms = models.IntegerField(default=0)
    ms_l = models.IntegerField(default=0)
    ms_p = models.IntegerField(default=0)
    disabilitas = models.IntegerField(default=0)
    tms = models.IntegerField(default=0)
    tms_1 = models.IntegerField(default=0)
    tms_2 = models.IntegerField(default=0)
    tms_3 = models.IntegerField(default=0)
    tms_4 = models.IntegerField(default=0)
    tms_5 = models.IntegerField(default=0)
    tms_6 = models.IntegerField(default=0)
    tms_7 = models.IntegerField(default=0)
    baru = models.IntegerField(default=0)
    coklit = models.IntegerField(default=0)
    coklit_sesuai = models.IntegerField(default=0)
    coklit_ubah = models.IntegerField(default=0)
    coklit_tms = models.IntegerField(default=0)
    coklit_baru = models.IntegerField(default=0)

    class Meta:
        abstract = True


class Rekap(_Hitungan):
    """The register counted per TPS and per area above it, kept by the voter writers in the
    same transaction as each change (``pemilih.rekap``): a page reads the areas it shows.

    ``tingkat`` 1-4 is an area level (``objek_id`` a Wilayah), 5 a TPS (``objek_id`` a TPS)."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="+",
                                  db_index=False)
    tingkat = models.PositiveSmallIntegerField()
    objek_id = models.BigIntegerField()

    class Meta:
        verbose_name = _("rekap pemilih")
        verbose_name_plural = _("rekap pemilih")
        constraints = [models.UniqueConstraint(fields=["pemilihan", "tingkat", "objek_id"],
                                               name="rekap_unik")]

    def __str__(self) -> str:
        return f"{self.tingkat}:{self.objek_id} {self.pemilih}"


class RekapHarian(_Hitungan):
    """What changed in the counters of one TPS or area on one (working) day: the burn-up of
    coklit is the running sum of these. The sum over every day equals :class:`Rekap`."""

    pemilihan = models.ForeignKey(Pemilihan, on_delete=models.CASCADE, related_name="+",
                                  db_index=False)
    tingkat = models.PositiveSmallIntegerField()
    objek_id = models.BigIntegerField()
    tanggal = models.DateField()

    class Meta:
        verbose_name = _("rekap pemilih harian")
        verbose_name_plural = _("rekap pemilih harian")
        constraints = [models.UniqueConstraint(
            fields=["pemilihan", "tingkat", "objek_id", "tanggal"], name="rekap_harian_unik")]

    def __str__(self) -> str:
        return f"{self.tingkat}:{self.objek_id} {self.tanggal}"
