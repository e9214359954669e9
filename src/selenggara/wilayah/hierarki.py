"""The areas above a TPS, for counters rolled up level by level.

Counters are kept per TPS and per area (kelurahan, kecamatan, kab/kota, provinsi) so a page
costs the areas it shows, never the voters below them. A writer that changes a TPS's counters
adds the same change to each area above it; this module says which those are, from a small
per-process cache of the area tree. The cache is safe because areas and TPS are never deleted
or moved once voters (and so counters) refer to them (PROTECT, and the TPS admin makes the
kelurahan read-only); ``lupakan()`` empties it (tests, which roll rows back, call it).
"""

from __future__ import annotations

from .models import TPS, Tingkat, Wilayah

TINGKAT_TPS = 5
"""The level of a TPS in the counter tables (below kelurahan = 4)."""

_induk: dict[int, int | None] = {}
_tps: dict[int, int] = {}


def lupakan() -> None:
    _induk.clear()
    _tps.clear()


def _muat_induk(ids: set[int]) -> None:
    missing = {i for i in ids if i not in _induk}
    while missing:
        rows = dict(Wilayah.objects.filter(pk__in=missing).values_list("pk", "induk_id"))
        _induk.update(rows)
        for i in missing - rows.keys():
            _induk[i] = None
        missing = {p for p in rows.values() if p is not None and p not in _induk}


def rantai_wilayah(wilayah_id: int) -> list[tuple[int, int]]:
    """``[(tingkat, id), ...]`` of an area and every area above it, lowest first. The level
    follows from the depth: the top of the chain is a province (1)."""
    chain, w = [], wilayah_id
    while w is not None:
        chain.append(w)
        if w not in _induk:
            _muat_induk({w})
        w = _induk.get(w)
    n = len(chain)
    return [(Tingkat.PROVINSI + n - 1 - i, wid) for i, wid in enumerate(chain)]


def rantai_tps(tps_id: int) -> list[tuple[int, int]]:
    """``[(5, tps), (4, kelurahan), (3, kecamatan), (2, kab/kota), (1, provinsi)]``."""
    if tps_id not in _tps:
        _tps.update(TPS.objects.filter(pk=tps_id).values_list("pk", "kelurahan_id"))
    return [(TINGKAT_TPS, tps_id), *rantai_wilayah(_tps[tps_id])]


def muat_tps(tps_ids) -> None:
    """Warm the cache for many TPS at once (one query for the TPS, a few for the areas)."""
    missing = [t for t in tps_ids if t not in _tps]
    if missing:
        _tps.update(TPS.objects.filter(pk__in=missing).values_list("pk", "kelurahan_id"))
        _muat_induk(set(_tps[t] for t in missing if t in _tps))
