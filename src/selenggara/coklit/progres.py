"""Coklit progress per kelurahan, TPS and Pantarlih, for PPS, PPK and KPU.

GROUP BY queries only (a handful of queries for any area size), each starting from the scope
helper, so a caller counts only the rows of its area and election.
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, time

from django.db.models import Count, Max, Q, QuerySet
from django.utils import timezone

from selenggara.pemilih.models import Pemilih
from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import Scope, scoped
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .models import Aksi, Perubahan, Status, StikerKK, Tinjauan


def awal_hari_ini() -> datetime:
    return timezone.make_aware(datetime.combine(timezone.localdate(), time.min))


def _persen(a: int, b: int) -> float:
    return round(100 * a / b, 1) if b else 0.0


_KOLOM_PEMILIH = ("pemilih", "selesai", "tms", "ubah", "baru", "sesuai", "hari_ini", "stiker",
                  "menunggu")


def _agregat_pemilih(qs: QuerySet, by: str, sejak: datetime) -> dict[int, dict]:
    rows = qs.values(by).annotate(
        pemilih=Count("id"),
        selesai=Count("id", filter=~Q(coklit="")),
        sesuai=Count("id", filter=Q(coklit="SESUAI")),
        tms=Count("id", filter=Q(coklit="TMS")),
        ubah=Count("id", filter=Q(coklit="UBAH")),
        baru=Count("id", filter=Q(coklit="BARU")),
        hari_ini=Count("id", filter=~Q(coklit="") & Q(coklit_waktu__gte=sejak)),
    ).order_by()
    return {r[by]: r for r in rows}


def progres(scope: Scope, kelurahan: Wilayah | None) -> dict:
    """Progress tables from GROUP BY queries only (a handful of queries for any area size).

    With a kelurahan: one row per TPS and one per Pantarlih. Without (KPU/PPK overview): one
    row per kelurahan of the caller's area.
    """
    sejak = awal_hari_ini()
    pemilih = scoped(Pemilih.objects.all(), scope)
    perubahan = scoped(Perubahan.objects.all(), scope)
    stiker = scoped(StikerKK.objects.all(), scope)
    if kelurahan is None:
        baris = list(scoped(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), scope)
                     .select_related("induk").order_by("induk__nama", "nama"))
        p = _agregat_pemilih(pemilih, "kelurahan_id", sejak)
        s = dict(stiker.values_list("tps__kelurahan_id").annotate(n=Count("id")).order_by())
        ch = {r["kelurahan_id"]: r for r in perubahan.values("kelurahan_id").annotate(
            terakhir=Max("diterima"),
            menunggu=Count("id", filter=Q(tinjauan=Tinjauan.MENUNGGU))).order_by()}
        tabel = [_baris(w, p.get(w.id), s.get(w.id, 0), ch.get(w.id)) for w in baris]
        return {"kelurahan": tabel, "total": _total(tabel)}

    tps_list = list(scoped(TPS.objects.filter(kelurahan=kelurahan), scope).order_by("nomor"))
    pemilih = pemilih.filter(kelurahan=kelurahan)
    p = _agregat_pemilih(pemilih, "tps_id", sejak)
    s = dict(stiker.filter(tps__kelurahan=kelurahan).values_list("tps_id")
             .annotate(n=Count("id")).order_by())
    perubahan = perubahan.filter(kelurahan=kelurahan)
    ch = {r["tps_id"]: r for r in perubahan.values("tps_id").annotate(
        terakhir=Max("diterima"),
        menunggu=Count("id", filter=Q(tinjauan=Tinjauan.MENUNGGU))).order_by()}
    tabel_tps = [_baris(t, p.get(t.id), s.get(t.id, 0), ch.get(t.id)) for t in tps_list]

    petugas = list(scoped(Petugas.objects.filter(peran=Peran.PANTARLIH, wilayah=kelurahan), scope)
                   .filter(tps__isnull=False).select_related("tps", "user")
                   .order_by("tps__nomor", "nama"))
    applied = Q(status=Status.APPLIED)
    per_petugas = {r["petugas_id"]: r for r in perubahan.values("petugas_id").annotate(
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
        terakhir=Max("diterima"),
    ).order_by()}
    tabel_petugas = []
    for pt in petugas:
        r = per_petugas.get(pt.id) or {}
        tabel_petugas.append({"petugas": pt, **{k: r.get(k, 0) for k in (
            "kirim", "sesuai", "ubah", "tms", "baru", "stiker", "konflik", "ditolak", "hari_ini",
            "menunggu", "dikembalikan")}, "terakhir": r.get("terakhir")})
    return {"tps": tabel_tps, "total": _total(tabel_tps), "pantarlih": tabel_petugas}


def _baris(objek, p: dict | None, stiker: int, ch: dict | None) -> dict:
    p = p or {}
    row = {"objek": objek, **{k: p.get(k, 0) for k in _KOLOM_PEMILIH}, "stiker": stiker,
           "menunggu": (ch or {}).get("menunggu", 0), "terakhir": (ch or {}).get("terakhir")}
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


