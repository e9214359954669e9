"""What PPS read while they review coklit: the queue, its tabs, the cards with before/after
tables and photos, and the labels of codes and data elements.

Read models only; the decisions are in :mod:`.keputusan`. Every query starts from the scope
helper, so a PPS sees its kelurahan's changes and nothing else.
"""

from __future__ import annotations

import uuid
from datetime import date

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _

from selenggara.pemilih.models import Pemilih
from selenggara.petugas.scope import Scope, scoped, unscoped
from selenggara.rules import kode
from selenggara.rules.coklit import efek
from selenggara.rules.pemilih import FIELDS
from selenggara.wilayah.models import TPS

from .models import Aksi, Foto, Perubahan, Status, Tinjauan


def label_elemen(name: str) -> str:
    if name == "tps_id":
        return _("TPS")
    try:
        return str(Pemilih._meta.get_field(name).verbose_name)
    except FieldDoesNotExist:
        return name


JENIS = {
    "TMS": Q(aksi=Aksi.TMS, status=Status.APPLIED),
    "UBAH": Q(aksi=Aksi.UBAH, status=Status.APPLIED),
    "BARU": Q(aksi=Aksi.BARU, status=Status.APPLIED),
    "KONFLIK": Q(status=Status.CONFLICT),
}


def antrean(scope: Scope, *, jenis: str = "", tps_id: int | None = None,
            kelurahan_id: int | None = None, tinjauan: str = Tinjauan.MENUNGGU) -> QuerySet:
    """Changes waiting for review (or returned ones), oldest first, in the caller's area."""
    qs = scoped(Perubahan.objects.all(), scope).filter(tinjauan=tinjauan)
    if jenis in JENIS:
        qs = qs.filter(JENIS[jenis])
    if tps_id:
        qs = qs.filter(tps_id=tps_id)
    if kelurahan_id:
        qs = qs.filter(kelurahan_id=kelurahan_id)
    return (qs.select_related("pemilih", "tps", "kelurahan", "petugas", "ditinjau_oleh")
            .order_by("diterima", "id"))


def jumlah_per_tab(scope: Scope, *, tps_id: int | None = None,
                   kelurahan_id: int | None = None) -> dict[str, int]:
    """Counts per queue tab, from one GROUP BY query."""
    qs = scoped(Perubahan.objects.all(), scope).filter(
        tinjauan__in=[Tinjauan.MENUNGGU, Tinjauan.DIKEMBALIKAN])
    if tps_id:
        qs = qs.filter(tps_id=tps_id)
    if kelurahan_id:
        qs = qs.filter(kelurahan_id=kelurahan_id)
    out = dict.fromkeys(("SEMUA", *JENIS, "DIKEMBALIKAN"), 0)
    for r in qs.values("tinjauan", "status", "aksi").annotate(n=Count("id")).order_by():
        if r["tinjauan"] == Tinjauan.DIKEMBALIKAN:
            out["DIKEMBALIKAN"] += r["n"]
            continue
        out["SEMUA"] += r["n"]
        if r["status"] == Status.CONFLICT:
            out["KONFLIK"] += r["n"]
        elif r["aksi"] in out:
            out[r["aksi"]] += r["n"]
    return out


def foto_ids(row: Perubahan) -> list[str]:
    """Photo ids a change names in ``data.foto`` (one id or a list)."""
    nilai = (row.data or {}).get("foto")
    if not nilai:
        return []
    nilai = nilai if isinstance(nilai, list) else [nilai]
    return [str(x) for x in nilai if isinstance(x, str) and x]


def foto_qs(scope: Scope) -> QuerySet:
    """Completed photos uploaded by a Pantarlih of a TPS in the caller's area."""
    return scoped(Foto.objects.filter(selesai=True, petugas__peran="PANTARLIH"), scope)


def label_kode(name: str, nilai) -> str:
    """A value as a PPS member reads it: codes with their label, dates as dd-mm-yyyy."""
    if nilai in (None, ""):
        return "–"
    pilihan = {"jenis_kelamin": kode.JENIS_KELAMIN, "status_kawin": kode.STATUS_KAWIN,
               "disabilitas": kode.DISABILITAS, "ktp_el": kode.KTP_EL,
               "tms_kode": kode.TMS_KODE, "coklit": kode.HASIL_COKLIT}.get(name)
    if pilihan is not None:
        try:
            return f"{nilai} · {_(kode.label(pilihan, str(nilai)))}"
        except ValueError:
            return str(nilai)
    if name == "tanggal_lahir":
        try:
            return date.fromisoformat(str(nilai)).strftime("%d-%m-%Y")
        except ValueError:
            return str(nilai)
    return str(nilai)


# -- cards ----------------------------------------------------------------------------------------
def _tampil_tps(t: TPS | None) -> str:
    return f"TPS {t.nomor:03d}" if t else "–"


# Rows of a before/after table in a fixed order (PostgreSQL's jsonb does not keep key order).
_URUTAN = {name: i for i, name in enumerate((*FIELDS, "tps_id", "tms_kode", "coklit"))}


def _banding(row: Perubahan, tps_map: dict[int, TPS]) -> dict:
    """Rows of (element, before, after) for one change, labelled for a PPS member."""

    def nilai(name, v):
        if name == "tps_id":
            return _tampil_tps(tps_map.get(v))
        return label_kode(name, v)

    baris = []
    p = row.pemilih
    if row.status == Status.CONFLICT:
        data = row.data or {}
        usulan = efek(row.aksi, data)
        for name, v in sorted(usulan.items(), key=lambda kv: _URUTAN.get(kv[0], 99)):
            now = getattr(p, name, None) if p is not None else None
            if name == "tanggal_lahir" and now is not None:
                now = now.isoformat()
            baris.append({"label": label_elemen(name), "sebelum": nilai(name, now),
                          "sesudah": nilai(name, v), "beda": str(now) != str(v)})
        return {"judul_sebelum": _("Data sekarang"), "judul_sesudah": _("Versi Pantarlih"),
                "baris": baris}
    sebelum, sesudah = row.sebelum or {}, row.sesudah or {}
    if row.aksi == Aksi.BARU:
        for name in FIELDS:
            baris.append({"label": label_elemen(name), "sebelum": "",
                          "sesudah": nilai(name, sesudah.get(name)), "beda": True})
    else:
        for name, v in sorted(sesudah.items(), key=lambda kv: _URUTAN.get(kv[0], 99)):
            if name in ("perubahan",):
                continue
            baris.append({"label": label_elemen(name),
                          "sebelum": nilai(name, sebelum.get(name)), "sesudah": nilai(name, v),
                          "beda": sebelum.get(name) != v})
    return {"judul_sebelum": _("Sebelum"), "judul_sesudah": _("Sesudah"), "baris": baris}


def kartu(rows: list[Perubahan], scope) -> list[dict]:
    """Everything a card shows, for a page of changes, in a fixed number of queries."""
    tps_ids = {r.tps_id for r in rows}
    for r in rows:
        for src in (r.sesudah or {}, r.sebelum or {}):
            if isinstance(src.get("tps_id"), int):
                tps_ids.add(src["tps_id"])
        tujuan = (r.data or {}).get("tps_tujuan")
        if isinstance(tujuan, int):
            tps_ids.add(tujuan)
        if r.pemilih is not None:
            tps_ids.add(r.pemilih.tps_id)
    # Only the TPS these changes name (a TMS 8 names a TPS of the same kelurahan).
    tps_map = {t.id: t for t in unscoped(TPS.objects, "TPS named by changes in scope")
               .filter(pk__in=tps_ids)}
    semua_foto = {f for r in rows for f in foto_ids(r)}
    ada_foto = set()
    if semua_foto:
        valid = []
        for f in semua_foto:
            try:
                valid.append(uuid.UUID(f))
            except ValueError:
                continue
        ada_foto = {str(x) for x in foto_qs(scope).filter(pk__in=valid)
                    .values_list("pk", flat=True)}
    baru_nik = {r.pemilih.nik: r.pemilih_id for r in rows
                if r.aksi == Aksi.BARU and r.pemilih is not None}
    pemilihan_ids = {r.pemilih.pemilihan_id for r in rows if r.pemilih is not None}
    ganda: dict[str, list] = {}
    if baru_nik:
        # Same election only: the next Pilkada's list in the same database is not a duplicate.
        # Across the whole kab/kota, by design: a duplicate is often listed elsewhere.
        for nik, pk, nomor, kel in (unscoped(Pemilih.objects, "duplicate-NIK hint for PPS")
                                    .filter(nik__in=baru_nik, tms_kode="",
                                                           pemilihan__in=pemilihan_ids)
                                    .values_list("nik", "pk", "tps__nomor",
                                                 "tps__kelurahan__nama")):
            if pk != baru_nik[nik]:
                ganda.setdefault(nik, []).append(f"TPS {nomor:03d} {kel}")
    out = []
    for r in rows:
        data = r.data or {}
        tms_kode = str(data.get("kode", "")) if r.aksi == Aksi.TMS else ""
        fotos = foto_ids(r)
        out.append({
            "row": r,
            "banding": _banding(r, tps_map),
            "tms": label_kode("tms_kode", tms_kode) if tms_kode else "",
            "tujuan": _tampil_tps(tps_map.get(data.get("tps_tujuan")))
            if tms_kode == kode.TMS_SALAH_TPS else "",
            "dokumen": str(data.get("dokumen") or ""),
            "foto": [f for f in fotos if f in ada_foto],
            "foto_belum": len([f for f in fotos if f not in ada_foto]),
            "ganda": ganda.get(r.pemilih.nik, []) if r.aksi == Aksi.BARU and r.pemilih else [],
            "tps_sekarang": tps_map.get(r.pemilih.tps_id) if r.pemilih else None,
        })
    return out
