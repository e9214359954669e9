"""Rate limits shared by every process: logins, NIK lookups, public forms.

A limit is "at most ``n`` events per ``detik`` seconds for one key" in fixed windows. Counting
is one ``INSERT ... ON CONFLICT DO UPDATE ... RETURNING`` (atomic on SQLite and PostgreSQL).
Call it before the work it limits and outside the work's transaction, so a refused request
holds no lock and the count stays when the work fails.

Keys never hold personal data in clear: a username or NIK is hashed (:func:`kunci`) before it
is stored.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from django.db import connection, transaction

from .models import Batas

_SQL = {
    "sqlite": ("INSERT INTO web_batas (kunci, jendela, jumlah) VALUES (%s, %s, %s) "
               "ON CONFLICT (kunci, jendela) DO UPDATE SET jumlah = jumlah + excluded.jumlah "
               "RETURNING jumlah"),
    "postgresql": ("INSERT INTO web_batas (kunci, jendela, jumlah) VALUES (%s, %s, %s) "
                   "ON CONFLICT (kunci, jendela) DO UPDATE SET jumlah = web_batas.jumlah "
                   "+ excluded.jumlah RETURNING jumlah"),
}


@dataclass(frozen=True)
class Hasil:
    boleh: bool
    jumlah: int
    sisa_detik: int  # until the window ends (when refused: when to try again)

    @property
    def sisa_menit(self) -> int:
        return max(1, math.ceil(self.sisa_detik / 60))


def kunci(jenis: str, nilai: str) -> str:
    """A storable key for ``nilai`` (a username, an address, a NIK): keyed with the audit key
    (kept apart from the data folder, unlike SECRET_KEY), so a counter row gives no NIK away
    to someone who copied the database and the data folder."""
    from selenggara.audit.kunci import mac

    digest = mac("batas/1", f"{jenis}:{nilai}".encode()).hex()[:32]
    return f"{jenis}:{digest}"


def _jendela(detik: int, sekarang: float) -> tuple[int, int]:
    awal = int(sekarang // detik) * detik
    return awal, awal + detik - int(sekarang)


def hitung(key: str, *, n: int, detik: int, tambah: int = 1) -> Hasil:
    """Count one event for ``key`` and say whether it is within the limit."""
    sekarang = time.time()
    awal, sisa = _jendela(detik, sekarang)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(_SQL[connection.vendor], [key, awal, tambah])
        (jumlah,) = cursor.fetchone()
    return Hasil(boleh=jumlah <= n, jumlah=jumlah, sisa_detik=max(1, sisa))


def lihat(key: str, *, n: int, detik: int) -> Hasil:
    """The state of a limit without counting an event."""
    sekarang = time.time()
    awal, sisa = _jendela(detik, sekarang)
    jumlah = (Batas.objects.filter(kunci=key, jendela=awal).values_list("jumlah", flat=True)
              .first() or 0)
    return Hasil(boleh=jumlah < n, jumlah=jumlah, sisa_detik=max(1, sisa))


def bersihkan(lebih_tua_dari_detik: int = 86400) -> int:
    """Drop windows older than a day (called by the housekeeping command)."""
    batas = int(time.time()) - lebih_tua_dari_detik
    return Batas.objects.filter(jendela__lt=batas).delete()[0]


def tahan(key: str, detik: int) -> None:
    """Hold ``key`` back for ``detik`` seconds from now (an existing hold is extended)."""
    from datetime import timedelta

    from django.utils import timezone

    from .models import Tahanan

    Tahanan.objects.update_or_create(kunci=key, defaults={
        "sampai": timezone.now() + timedelta(seconds=detik)})


def ditahan(key: str) -> int:
    """Seconds ``key`` is still held back (0 when free)."""
    from django.utils import timezone

    from .models import Tahanan

    sampai = Tahanan.objects.filter(kunci=key).values_list("sampai", flat=True).first()
    if sampai is None:
        return 0
    return max(0, math.ceil((sampai - timezone.now()).total_seconds()))


def lepas(key: str) -> None:
    from .models import Tahanan

    Tahanan.objects.filter(kunci=key).delete()
