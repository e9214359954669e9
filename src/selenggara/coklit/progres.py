"""Coklit progress per kelurahan, TPS and Pantarlih, for PPS, PPK and KPU (the /pps/ page).

Read from the counters (``pemilih.RekapHarian``, ``coklit.RekapCoklitHarian``, through
:func:`selenggara.coklit.pantau.baca_hitungan`; the overview's last sync from
``coklit.AktivitasPantarlih``), never from the voters: a page of N rows reads N counter rows per
day, whatever the number of voters.

The one exception is the per-Pantarlih breakdown on a kelurahan's page (Sesuai, Ubah, TMS,
Baru, Stiker, today's changes, the PPS backlog, the last change): no counter is kept per
Pantarlih for these, so they come from one GROUP BY over that one kelurahan's change rows
(indexed by kelurahan), bounded by what one kelurahan's Pantarlih sent. The monitoring pages
(``coklit.pantau``) do without it.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time

from django.db.models import Count, Max, Q
from django.utils import timezone

from selenggara.pemilih.models import RekapHarian
from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import Scope, scoped
from selenggara.web import jam
from selenggara.wilayah.hierarki import TINGKAT_TPS
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .models import Aksi, AktivitasPantarlih, Perubahan, RekapCoklitHarian, Status, Tinjauan
from .pantau import Deret, baca_hitungan
from .pantau import sinkron_nyata as nyata


def _persen(a: int, b: int) -> float:
    return round(100 * a / b, 1) if b else 0.0


_KOLOM_PEMILIH = ("pemilih", "selesai", "tms", "ubah", "baru", "sesuai", "hari_ini", "stiker",
                  "menunggu")
_DARI_REKAP = {"pemilih": "pemilih", "selesai": "coklit", "sesuai": "coklit_sesuai",
               "tms": "coklit_tms", "ubah": "coklit_ubah", "baru": "coklit_baru"}


def _baca(scope: Scope, tingkat: int, ids: list[int], hari_ini) -> tuple[dict, dict]:
    """The register's and the workflow's counters of ``ids`` (two queries), today kept apart."""
    objek = {tingkat: ids}
    dp = baca_hitungan(RekapHarian, tuple(_DARI_REKAP.values()), scope, scope.pemilihan_id,
                       objek, hari_ini, hari_ini)
    dc = baca_hitungan(RekapCoklitHarian, ("stiker", "menunggu"), scope, scope.pemilihan_id,
                       objek, hari_ini, hari_ini)
    return dp, dc


def _hitung(dp: Deret | None, dc: Deret | None, hari_ini) -> dict:
    dp, dc = dp or Deret(), dc or Deret()
    out = {k: dp.total.get(v, 0) for k, v in _DARI_REKAP.items()}
    out["hari_ini"] = dp.pada_hari("coklit", hari_ini)
    out["stiker"] = dc.total.get("stiker", 0)
    out["menunggu"] = dc.total.get("menunggu", 0)
    return out


def progres(scope: Scope, kelurahan: Wilayah | None) -> dict:
    """Progress tables from the counters (at most six queries for any area size).

    With a kelurahan: one row per TPS and one per Pantarlih. Without (KPU/PPK overview): one
    row per kelurahan of the caller's area.
    """
    sekarang = timezone.localtime(jam.sekarang())
    hari_ini = sekarang.date()
    if kelurahan is None:
        baris = list(scoped(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), scope)
                     .select_related("induk").order_by("induk__nama", "nama"))
        dp, dc = _baca(scope, Tingkat.KELURAHAN, [w.pk for w in baris], hari_ini)
        terakhir: dict[int, datetime] = {}
        for kel, waktu in (scoped(AktivitasPantarlih.objects.all(), scope)
                           .values_list("tps__kelurahan_id", "terakhir_sinkron")):
            waktu = nyata(waktu)
            if waktu and (kel not in terakhir or waktu > terakhir[kel]):
                terakhir[kel] = waktu
        tabel = [_baris(w, _hitung(dp.get((Tingkat.KELURAHAN, w.pk)),
                                   dc.get((Tingkat.KELURAHAN, w.pk)), hari_ini),
                        terakhir.get(w.pk)) for w in baris]
        return {"kelurahan": tabel, "total": _total(tabel)}

    tps_list = list(scoped(TPS.objects.filter(kelurahan=kelurahan), scope).order_by("nomor"))
    dp, dc = _baca(scope, TINGKAT_TPS, [t.pk for t in tps_list], hari_ini)
    petugas = list(scoped(Petugas.objects.filter(peran=Peran.PANTARLIH, wilayah=kelurahan), scope)
                   .filter(tps__isnull=False).select_related("tps", "user")
                   .order_by("tps__nomor", "nama"))

    # Per Pantarlih: no counter holds these, so one GROUP BY over this kelurahan's changes
    # (per Pantarlih and TPS: the TPS's last change comes from the same rows).
    sejak = timezone.make_aware(datetime.combine(hari_ini, time.min))
    applied = Q(status=Status.APPLIED)
    per_petugas: dict[int, dict] = {}
    terakhir_tps: dict[int, datetime] = {}
    for r in (scoped(Perubahan.objects.filter(kelurahan=kelurahan), scope)
              .values("petugas_id", "tps_id").annotate(
                  kirim=Count("id"),
                  sesuai=Count("id", filter=applied & Q(aksi=Aksi.SESUAI)),
                  ubah=Count("id", filter=applied & Q(aksi=Aksi.UBAH)),
                  tms=Count("id", filter=applied & Q(aksi=Aksi.TMS)),
                  baru=Count("id", filter=applied & Q(aksi=Aksi.BARU)),
                  stiker=Count("id", filter=applied & Q(aksi=Aksi.STIKER)),
                  konflik=Count("id", filter=Q(status=Status.CONFLICT)),
                  ditolak=Count("id", filter=Q(status=Status.REJECTED)),
                  hari_ini=Count("id", filter=applied & Q(diterima__gte=sejak)),
                  menunggu=Count("id", filter=Q(tinjauan=Tinjauan.MENUNGGU)),
                  dikembalikan=Count("id", filter=Q(tinjauan=Tinjauan.DIKEMBALIKAN)),
                  terakhir=Max("diterima")).order_by()):
        tujuan = per_petugas.setdefault(r["petugas_id"], defaultdict(int))
        for k in _KOLOM_PETUGAS:
            tujuan[k] += r[k]
        if r["terakhir"] and (tujuan.get("terakhir") is None or r["terakhir"] > tujuan["terakhir"]):
            tujuan["terakhir"] = r["terakhir"]
        t = r["tps_id"]
        if r["terakhir"] and (t not in terakhir_tps or r["terakhir"] > terakhir_tps[t]):
            terakhir_tps[t] = r["terakhir"]
    tabel_tps = [_baris(t, _hitung(dp.get((TINGKAT_TPS, t.pk)), dc.get((TINGKAT_TPS, t.pk)),
                                   hari_ini), terakhir_tps.get(t.pk)) for t in tps_list]
    tabel_petugas = []
    for pt in petugas:
        r = per_petugas.get(pt.id) or {}
        tabel_petugas.append({"petugas": pt, **{k: r.get(k, 0) for k in _KOLOM_PETUGAS},
                              "terakhir": r.get("terakhir")})
    return {"tps": tabel_tps, "total": _total(tabel_tps), "pantarlih": tabel_petugas}


_KOLOM_PETUGAS = ("kirim", "sesuai", "ubah", "tms", "baru", "stiker", "konflik", "ditolak",
                  "hari_ini", "menunggu", "dikembalikan")


def _baris(objek, hitung: dict, terakhir) -> dict:
    row = {"objek": objek, **{k: hitung.get(k, 0) for k in _KOLOM_PEMILIH},
           "terakhir": terakhir}
    row["persen"] = _persen(row["selesai"], row["pemilih"])
    return row


def _total(rows: list[dict]) -> dict:
    total: dict = defaultdict(int)
    for r in rows:
        for k in _KOLOM_PEMILIH:
            total[k] += r[k]
    terakhir = [r["terakhir"] for r in rows if r["terakhir"]]
    total["terakhir"] = max(terakhir) if terakhir else None
    total["persen"] = _persen(total["selesai"], total["pemilih"])
    return dict(total)
