"""What happens after voter records are written: hooks of the apps above the register.

Duplicate detection (``ganda``) scores every new or re-identified voter against the list the
moment a coklit batch, a list import or a list-stage decision commits; it lives above this app
(and beside coklit), so it registers a function here and the voter writers call
:func:`setelah_tulis`. The functions run after the transaction commits
(``transaction.on_commit``): a failing or slow hook never rolls back or holds the lock of the
write it follows, and a write that rolls back calls nothing.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import transaction

log = logging.getLogger(__name__)

# The fields that identify a person: a change to one of them (or a record made eligible
# again) can create a duplicate, any other change cannot.
IDENTITAS = frozenset({"nik", "nkk", "nama", "tanggal_lahir", "tempat_lahir", "jenis_kelamin",
                       "tms_kode"})

_SETELAH: list[Callable[[int, list[int]], None]] = []


def pasang_setelah_tulis(fn: Callable[[int, list[int]], None]) -> None:
    """Register ``fn(pemilihan_id, pemilih_ids)``, called once per committed write."""
    if fn not in _SETELAH:
        _SETELAH.append(fn)


def ada() -> bool:
    return bool(_SETELAH)


def setelah_tulis(per_pemilihan: dict[int, Iterable[int]]) -> None:
    """Schedule the hooks for the voters written (``{pemilihan_id: ids}``) in the current
    transaction; outside a transaction they run at once."""
    if not _SETELAH:
        return
    daftar = {k: sorted(set(v)) for k, v in per_pemilihan.items() if v}
    if not daftar:
        return

    def jalankan():
        for pemilihan_id, ids in daftar.items():
            for fn in _SETELAH:
                try:
                    fn(pemilihan_id, ids)
                except Exception:  # a hook never breaks the write it follows
                    log.exception("hook after a voter write failed (%s)", fn.__qualname__)

    transaction.on_commit(jalankan)
