"""Counters of the rate limits (login, NIK lookups, public endpoints), kept in the database so
every server process sees the same counts (gunicorn workers share nothing else)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Batas(models.Model):
    """One fixed window of one limit: ``kunci`` names who and what (``masuk:ip:1.2.3.4``)."""

    kunci = models.CharField(_("kunci"), max_length=200)
    jendela = models.BigIntegerField(_("awal jendela (detik epoch)"))
    jumlah = models.PositiveIntegerField(_("jumlah"), default=0)

    class Meta:
        verbose_name = _("batas permintaan")
        verbose_name_plural = _("batas permintaan")
        constraints = [models.UniqueConstraint(fields=["kunci", "jendela"], name="batas_unik")]
        indexes = [models.Index(fields=["jendela"])]

    def __str__(self) -> str:
        return f"{self.kunci} @{self.jendela}: {self.jumlah}"


class Tahanan(models.Model):
    """A key held back until ``sampai`` (an account after too many failed logins, an address
    that tried too many accounts)."""

    kunci = models.CharField(_("kunci"), max_length=200, unique=True)
    sampai = models.DateTimeField(_("ditahan sampai"))

    class Meta:
        verbose_name = _("tahanan")
        verbose_name_plural = _("tahanan")

    def __str__(self) -> str:
        return f"{self.kunci} -> {self.sampai}"


class JamKerja(models.Model):
    """The application's working date and time, when it is not the real one (the demo and the
    training simulations KPU runs for its ad hoc bodies). One row at most; none = real time.

    ``simulasi`` is the simulated moment at the real moment ``diset``; while ``berjalan`` the
    simulated clock runs on from there at real speed, otherwise it stands still."""

    simulasi = models.DateTimeField(_("waktu simulasi"))
    diset = models.DateTimeField(_("diatur pada (waktu nyata)"))
    berjalan = models.BooleanField(_("berjalan"), default=True)

    class Meta:
        verbose_name = _("jam kerja")
        verbose_name_plural = _("jam kerja")

    def __str__(self) -> str:
        return f"{self.simulasi:%Y-%m-%d %H:%M} ({'berjalan' if self.berjalan else 'berhenti'})"
