"""A voter's history as officers read it: who changed what, when, from the audit log."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import FieldDoesNotExist

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import riwayat

from .models import Pemilih

# Bookkeeping every write carries; not what a reader means by "what changed".
_ABAIKAN = {"id", "versi", "rev", "diubah", "perubahan", "coklit_waktu", "pemilihan",
            "kecamatan", "kelurahan", "dibiarkan"}


# Apps above the register (coklit) install how to find the records about their rows that
# concern a voter (a PPS approval is recorded against the coklit change, not the voter).
_TERKAIT: list = []


def pasang_terkait(fn) -> None:
    """``fn(pemilih) -> {"app.model": [ids]}``: more records that belong in a voter's history."""
    _TERKAIT.append(fn)


@dataclass
class Peristiwa:
    waktu: datetime
    oleh: str
    aksi: str
    perubahan: list[tuple[str, object, object]] = field(default_factory=list)
    catatan: str = ""


def _label(name: str) -> str:
    if name in ("tps", "tps_id"):
        return "TPS"
    try:
        return str(Pemilih._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


def riwayat_pemilih(p: Pemilih, batas: int = 100) -> list[Peristiwa]:
    """Newest first. The caller fetched ``p`` through the scope helper."""
    out = []
    terkait: dict[str, list] = {}
    for fn in _TERKAIT:
        for tipe, ids in fn(p).items():
            terkait.setdefault(tipe, []).extend(ids)
    for rec in riwayat(p, terkait=terkait, batas=batas):
        sebelum, sesudah = rec.sebelum or {}, rec.sesudah or {}
        try:
            aksi = AksiAudit(rec.aksi).label
        except ValueError:
            aksi = rec.aksi
        names = [k for k in sesudah if k not in _ABAIKAN and not isinstance(sesudah[k], dict)]
        perubahan = [(_label(k), sebelum.get(k), sesudah.get(k)) for k in names
                     if sebelum.get(k) != sesudah.get(k)]
        catatan = ""
        if rec.aksi == AksiAudit.COKLIT_TOLAK:
            galat = sesudah.get("galat") or {}
            catatan = "; ".join(m for ms in galat.values() for m in ms)
            perubahan = []
        out.append(Peristiwa(waktu=rec.waktu, oleh=rec.username, aksi=aksi,
                             perubahan=perubahan, catatan=catatan))
    return out
