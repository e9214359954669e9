"""What "now" and "today" are for the application: the one clock everything reads.

In production it is the real clock. In the demo and in training simulations it is a chosen
moment of the election calendar (a :class:`~selenggara.web.models.JamKerja` row, set by
``selenggara demo simulasi`` or ``selenggara jam``), so the field app's pace, "Hari ini", stage
checks, deadlines such as H-7 and eligibility on polling day all see the same simulated date.

- :func:`sekarang` / :func:`hari_ini`: the working moment and date (Asia/Jakarta).
- :func:`pada`: a context manager that fixes the clock in this thread only (the simulation
  plays many days in one process without writing the setting for each step).
- :func:`atur` / :func:`nyata`: set or clear the stored setting.

A request reads the setting at most once, on first use (:class:`JamPermintaan`), and that
moment holds for the whole request: a page or a sync batch costs one query at most, and every
part of it sees the same moment.
"""

from __future__ import annotations

import contextvars
from contextlib import contextmanager
from datetime import date, datetime

from django.utils import timezone

_tetap: contextvars.ContextVar[datetime | None] = contextvars.ContextVar("jam_tetap",
                                                                         default=None)
_permintaan: contextvars.ContextVar[dict | None] = contextvars.ContextVar("jam_permintaan",
                                                                         default=None)


def _setelan():
    """(simulasi, diset, berjalan) of the stored row, or None for the real clock."""
    from django.db import DatabaseError

    from .models import JamKerja

    try:
        return JamKerja.objects.order_by("-pk").values_list(
            "simulasi", "diset", "berjalan").first()
    except DatabaseError:  # before migrate (a management command on an empty database)
        return None


def lupakan_cache() -> None:
    """Forget what this request read (after changing the setting within it)."""
    permintaan = _permintaan.get()
    if permintaan is not None:
        permintaan.clear()


def _hitung() -> tuple[datetime, bool]:
    """(the working moment, whether it is simulated), from the stored setting."""
    row = _setelan()
    nyata_kini = timezone.now()
    if row is None:
        return nyata_kini, False
    simulasi_, diset, berjalan = row
    return (simulasi_ + (nyata_kini - diset) if berjalan else simulasi_), True


def _baca() -> tuple[datetime, bool]:
    tetap = _tetap.get()
    if tetap is not None:
        return tetap, True
    permintaan = _permintaan.get()
    if permintaan is None:
        return _hitung()
    if "waktu" not in permintaan:  # first use in this request: read once, keep for it
        permintaan["waktu"], permintaan["sim"] = _hitung()
    return permintaan["waktu"], permintaan["sim"]


def sekarang() -> datetime:
    """The working moment (aware)."""
    return _baca()[0]


def hari_ini() -> date:
    """The working date in the election's time zone (WIB)."""
    return timezone.localtime(sekarang()).date()


def awal_hari(tanggal: date | None = None) -> datetime:
    """00:00 WIB of ``tanggal`` (default: the working date), aware."""
    from datetime import time

    return timezone.make_aware(datetime.combine(tanggal or hari_ini(), time.min))


def simulasi() -> datetime | None:
    """The simulated moment when the clock is not the real one, else None (for the banner)."""
    waktu, sim = _baca()
    return waktu if sim else None


class JamPermintaan:
    """Middleware: a fresh, lazily read clock for each request (see the module docstring)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _permintaan.set({})
        try:
            return self.get_response(request)
        finally:
            _permintaan.reset(token)


@contextmanager
def pada(waktu: datetime):
    """Fix the clock at ``waktu`` in this thread (and its context) for the ``with`` block."""
    if timezone.is_naive(waktu):
        waktu = timezone.make_aware(waktu)
    token = _tetap.set(waktu)
    try:
        yield waktu
    finally:
        _tetap.reset(token)


def atur(waktu: datetime, *, berjalan: bool = True) -> None:
    """Store a simulated clock for every process (the demo, a training)."""
    from .models import JamKerja

    if timezone.is_naive(waktu):
        waktu = timezone.make_aware(waktu)
    JamKerja.objects.all().delete()
    JamKerja.objects.create(simulasi=waktu, diset=timezone.now(), berjalan=berjalan)
    lupakan_cache()


def nyata() -> None:
    """Back to the real clock."""
    from .models import JamKerja

    JamKerja.objects.all().delete()
    lupakan_cache()
