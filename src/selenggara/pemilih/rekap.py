"""Counters of the register, kept by the writers: per TPS, per area above it, per day.

Every change to a voter goes through ``pemilih.services.PenulisPemilih``, which hands the old
and new row to :class:`Penghitung`; at flush the net change per TPS (``rules.hitungan``) is
added to the TPS's row and to each area above it, today's and the running total, in one
``executemany`` of atomic upserts, in the writer's transaction. So the counters are exactly
as committed as the voters, and a page of N areas reads N rows.

:func:`bangun_ulang` recomputes everything from the register (a command, after a bulk load,
and the reference the property test compares against).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Case, Count, IntegerField, Q, Sum, When

from selenggara.db import bulk_add
from selenggara.rules.hitungan import KOLOM, selisih
from selenggara.web import jam
from selenggara.wilayah.hierarki import muat_tps, rantai_tps

from .models import Pemilih, Rekap, RekapHarian

# The voter fields the counters read.
FIELDS = ("jenis_kelamin", "tms_kode", "disabilitas", "sumber", "coklit")


def baris_hitung(p) -> dict:
    return {f: getattr(p, f) for f in FIELDS}


class Penghitung:
    """Collects counter changes per (election, TPS) and writes them at :meth:`flush`."""

    def __init__(self, tanggal: date | None = None):
        self.tanggal = tanggal
        self._delta: dict[tuple[int, int], dict[str, int]] = defaultdict(
            lambda: defaultdict(int))

    def ubah(self, pemilihan_id: int, tps_lama: int | None, lama: dict | None,
             tps_baru: int | None, baru: dict | None) -> None:
        """A voter's row went from ``lama`` at ``tps_lama`` to ``baru`` at ``tps_baru`` (None
        for a row that did not exist / no longer exists)."""
        if tps_lama == tps_baru:
            for k, v in selisih(lama, baru).items():
                self._delta[(pemilihan_id, tps_baru)][k] += v
            return
        if tps_lama is not None:  # a move: out of the old TPS, into the new one
            for k, v in selisih(lama, None).items():
                self._delta[(pemilihan_id, tps_lama)][k] += v
        if tps_baru is not None:
            for k, v in selisih(None, baru).items():
                self._delta[(pemilihan_id, tps_baru)][k] += v

    def tambah_baru(self, pemilihan_id: int, tps_id: int, baru: dict, n: int = 1) -> None:
        """``n`` new rows alike in what the counters read (a bulk load)."""
        for k, v in selisih(None, baru).items():
            self._delta[(pemilihan_id, tps_id)][k] += v * n

    def flush(self) -> None:
        if not self._delta:
            return
        tanggal = self.tanggal or jam.hari_ini()
        muat_tps({tps for _p, tps in self._delta})
        per_objek: dict[tuple[int, int, int], dict[str, int]] = defaultdict(
            lambda: defaultdict(int))
        for (pemilihan_id, tps_id), delta in self._delta.items():
            for tingkat, objek in rantai_tps(tps_id):
                tujuan = per_objek[(pemilihan_id, tingkat, objek)]
                for k, v in delta.items():
                    tujuan[k] += v
        rows = [(p, t, o, *(d.get(k, 0) for k in KOLOM)) for (p, t, o), d in per_objek.items()
                if any(d.values())]
        bulk_add(Rekap, ("pemilihan", "tingkat", "objek_id"), KOLOM, rows)
        bulk_add(RekapHarian, ("pemilihan", "tingkat", "objek_id", "tanggal"), KOLOM,
                 [(p, t, o, tanggal, *rest) for p, t, o, *rest in rows])
        self._delta.clear()


def _agregat() -> dict:
    """``rules.hitungan`` as SQL: one SUM(CASE ...) per counter, over voter rows."""
    ms = Q(tms_kode="")
    one = {"then": 1}
    agg = {
        "pemilih": Count("id"),
        "ms": Sum(Case(When(ms, **one), default=0, output_field=IntegerField())),
        "ms_l": Sum(Case(When(ms & Q(jenis_kelamin="L"), **one), default=0)),
        "ms_p": Sum(Case(When(ms & Q(jenis_kelamin="P"), **one), default=0)),
        "disabilitas": Sum(Case(When(ms & ~Q(disabilitas="0"), **one), default=0)),
        "tms": Sum(Case(When(~ms, **one), default=0)),
        "baru": Sum(Case(When(sumber="BARU", **one), default=0)),
        "coklit": Sum(Case(When(~Q(coklit=""), **one), default=0)),
    }
    for k in "1234567":
        agg[f"tms_{k}"] = Sum(Case(When(tms_kode=k, **one), default=0))
    for k in ("SESUAI", "UBAH", "TMS", "BARU"):
        agg[f"coklit_{k.lower()}"] = Sum(Case(When(coklit=k, **one), default=0))
    # Annotation names must not shadow the voter's own fields (coklit, disabilitas...).
    return {f"h_{k}": v for k, v in agg.items()}


def hitung_register(pemilihan_id: int) -> dict[tuple[int, int], dict[str, int]]:
    """Every counter row recomputed from the register: ``{(tingkat, objek): counters}``."""
    out: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KOLOM, 0))
    per_tps = (Pemilih.objects.filter(pemilihan_id=pemilihan_id).values("tps_id")
               .annotate(**_agregat()).order_by())
    rows = list(per_tps)
    muat_tps({r["tps_id"] for r in rows})
    for r in rows:
        for tingkat, objek in rantai_tps(r["tps_id"]):
            tujuan = out[(tingkat, objek)]
            for k in KOLOM:
                tujuan[k] += r[f"h_{k}"] or 0
    return {k: v for k, v in out.items() if any(v.values())}


def bangun_ulang(pemilihan_id: int, *, tanggal: date | None = None) -> int:
    """Replace the election's counters by a recount of the register. The daily table gets
    the whole state on ``tanggal`` (default: today), with the coklit counters on the day each
    voter was checked (``coklit_waktu``), so the burn-up survives a rebuild."""
    tanggal = tanggal or jam.hari_ini()
    hitung = hitung_register(pemilihan_id)
    with transaction.atomic():
        Rekap.objects.filter(pemilihan_id=pemilihan_id).delete()
        RekapHarian.objects.filter(pemilihan_id=pemilihan_id).delete()
        bulk_add(Rekap, ("pemilihan", "tingkat", "objek_id"), KOLOM,
                 [(pemilihan_id, t, o, *(c[k] for k in KOLOM)) for (t, o), c in hitung.items()])
        harian = _harian_dari_register(pemilihan_id, hitung, tanggal)
        bulk_add(RekapHarian, ("pemilihan", "tingkat", "objek_id", "tanggal"), KOLOM, harian)
    return len(hitung)


_KOLOM_COKLIT = [k for k in KOLOM if k.startswith("coklit")]


def _harian_dari_register(pemilihan_id, hitung, tanggal) -> list[tuple]:
    """Daily rows for a rebuild: coklit counters on their day, the rest on ``tanggal``."""
    from django.db.models.functions import TruncDate

    coklit_agg = {k: v for k, v in _agregat().items() if k[2:] in _KOLOM_COKLIT}
    per_hari = (Pemilih.objects.filter(pemilihan_id=pemilihan_id).exclude(coklit="")
                .exclude(coklit_waktu=None)
                .annotate(hari=TruncDate("coklit_waktu")).values("tps_id", "hari")
                .annotate(**coklit_agg).order_by())
    harian: dict[tuple[int, int, date], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(KOLOM, 0))
    rows = list(per_hari)
    muat_tps({r["tps_id"] for r in rows})
    for r in rows:
        for tingkat, objek in rantai_tps(r["tps_id"]):
            tujuan = harian[(tingkat, objek, r["hari"])]
            for k in _KOLOM_COKLIT:
                tujuan[k] += r[f"h_{k}"] or 0
    # Whatever the dated coklit rows do not explain (a check without a time) and every other
    # counter sit on the rebuild's day, so that the days still sum to the total.
    for (t, o), c in hitung.items():
        tujuan = harian[(t, o, tanggal)]
        for k in KOLOM:
            if k not in _KOLOM_COKLIT:
                tujuan[k] += c[k]
    dated: dict[tuple[int, int], dict[str, int]] = defaultdict(lambda: dict.fromkeys(KOLOM, 0))
    for (t, o, _h), c in harian.items():
        for k in _KOLOM_COKLIT:
            dated[(t, o)][k] += c[k]
    for (t, o), c in hitung.items():
        tujuan = harian[(t, o, tanggal)]
        for k in _KOLOM_COKLIT:
            tujuan[k] += c[k] - dated[(t, o)][k]
    return [(pemilihan_id, t, o, h, *(c[k] for k in KOLOM)) for (t, o, h), c in harian.items()
            if any(c.values())]


def periksa(pemilihan_id: int) -> list[str]:
    """Where the kept counters differ from a recount (empty when they agree)."""
    hitung = hitung_register(pemilihan_id)
    simpan = {(r.tingkat, r.objek_id): {k: getattr(r, k) for k in KOLOM}
              for r in Rekap.objects.filter(pemilihan_id=pemilihan_id)}
    nol = dict.fromkeys(KOLOM, 0)
    beda = []
    for key in sorted(set(hitung) | set(simpan)):
        a, b = hitung.get(key, nol), simpan.get(key, nol)
        if a != b:
            diff = {k: (b[k], a[k]) for k in KOLOM if a[k] != b[k]}
            beda.append(f"tingkat {key[0]} id {key[1]}: tersimpan/terhitung {diff}")
    return beda

