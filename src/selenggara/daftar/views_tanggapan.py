"""The PPS queue of public responses to the DPS: list, evidence photo, decide.

PPS, PPK and KPU see the responses of their area (``scoped``); only the PPS of the kelurahan
decides (the service checks it again). Another area's response answers 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from selenggara.errors import ServiceError
from selenggara.petugas.scope import get_scoped_or_404, scoped
from selenggara.rules import kode
from selenggara.rules.nik import mask_nik_tail
from selenggara.rules.pemilih import FIELDS, LABEL
from selenggara.web.akses import paginate, petugas_required
from selenggara.web.errors import ke_pesan
from selenggara.wilayah.models import TPS

from . import tanggapan as svc
from .models import JenisTanggapan, StatusTanggapan, Tanggapan

PER_HALAMAN = 20
PERBAIKAN = tuple(f for f in FIELDS if f not in ("disabilitas", "ktp_el"))


def _kode(pairs):
    return [(k, _(v)) for k, v in pairs]


PILIHAN = {"jenis_kelamin": kode.JENIS_KELAMIN, "status_kawin": kode.STATUS_KAWIN}


def _kartu(t: Tanggapan, tps_kel: dict[int, list]) -> dict:
    if t.pemilih_id:
        p = t.pemilih
        orang = {"nama": p.nama, "nik": mask_nik_tail(p.nik), "jk": p.jenis_kelamin,
                 "lahir": p.tanggal_lahir, "alamat": f"{p.alamat} RT {p.rt}/RW {p.rw}",
                 "tms": p.tms_kode, "nilai": {f: getattr(p, f) for f in PERBAIKAN}}
    else:
        d = t.data or {}
        orang = {"nama": d.get("nama", ""), "nik": mask_nik_tail(d.get("nik", "")),
                 "jk": d.get("jenis_kelamin", ""), "lahir": d.get("tanggal_lahir", ""),
                 "alamat": f"{d.get('alamat', '')} RT {d.get('rt', '')}/RW {d.get('rw', '')}",
                 "ada_nkk": bool(d.get("nkk")), "tms": ""}
    return {"t": t, "orang": orang, "tps_pilihan": tps_kel.get(t.kelurahan_id, []),
            "perbaikan": [(f, _(LABEL[f]), orang.get("nilai", {}).get(f, ""),
                           _kode(PILIHAN[f]) if f in PILIHAN else None)
                          for f in PERBAIKAN if f not in ("nik", "nkk")]}


@petugas_required("PPS", "PPK", "KPU")
@require_GET
def antrean(request):
    scope = request.scope
    status = request.GET.get("status") or StatusTanggapan.MENUNGGU
    if status not in StatusTanggapan.values:
        status = StatusTanggapan.MENUNGGU
    qs = (scoped(Tanggapan.objects, scope).filter(status=status)
          .select_related("kelurahan", "tps", "pemilih", "diputuskan_oleh"))
    qs = qs.order_by("diterima", "id") if status == StatusTanggapan.MENUNGGU else qs.order_by(
        "-diputuskan", "-id")
    page = paginate(request, qs, PER_HALAMAN)
    kel_ids = {t.kelurahan_id for t in page.object_list}
    tps_kel: dict[int, list] = {}
    for t in scoped(TPS.objects, scope).filter(kelurahan_id__in=kel_ids).order_by("nomor"):
        tps_kel.setdefault(t.kelurahan_id, []).append(t)
    jumlah = dict.fromkeys(StatusTanggapan.values, 0)
    for s in scoped(Tanggapan.objects, scope).values_list("status", flat=True):
        jumlah[s] += 1
    return render(request, "daftar/tanggapan_antrean.html", {
        "page": page, "kartu": [_kartu(t, tps_kel) for t in page.object_list],
        "status": status, "tabs": [(k, v, jumlah[k]) for k, v in StatusTanggapan.choices],
        "boleh_putus": scope.peran == "PPS" or scope.semua,
        "tms_pilihan": [(k, _(v)) for k, v in kode.TMS_KODE if k in kode.TMS_HAPUS],
        "jenis_tms": svc.JENIS_TMS})


@petugas_required("PPS", "PPK", "KPU")
@require_POST
def putuskan(request, pk: int):
    t = get_scoped_or_404(Tanggapan.objects, request.scope, pk=pk)
    post = request.POST
    terima = post.get("terima") == "1"
    perbaikan = {}
    if terima and t.jenis == JenisTanggapan.DATA_SALAH:
        perbaikan = {f: post.get(f"p_{f}", "") for f in PERBAIKAN
                     if post.get(f"p_{f}", "").strip()}
        if t.pemilih_id:
            perbaikan = {f: v for f, v in perbaikan.items()
                         if v.strip() != str(getattr(t.pemilih, f) or "")}
    elif terima and t.jenis == JenisTanggapan.BELUM_TERDAFTAR:
        perbaikan = {k: post.get(k, "") for k in ("tps", "nkk") if post.get(k, "").strip()}
    try:
        t = svc.putuskan(request.user, t, terima=terima, keputusan=post.get("keputusan", ""),
                         tms_kode=post.get("tms_kode") or None, perbaikan=perbaikan)
    except ServiceError as exc:
        ke_pesan(request, exc)
        for pesan in exc.galat.values():
            for m in pesan:
                if m != exc.pesan:
                    messages.error(request, m)
    else:
        messages.success(request, _("Tanggapan %(kode)s: %(status)s.")
                         % {"kode": t.kode, "status": t.get_status_display()})
    return redirect("layanan:tanggapan")


@petugas_required("PPS", "PPK", "KPU")
@require_GET
def foto(request, pk: int):
    t = get_scoped_or_404(Tanggapan.objects, request.scope, pk=pk)
    if not t.foto:
        raise Http404(_("Tanggapan ini tanpa foto."))
    try:
        berkas = t.foto.open("rb")
    except FileNotFoundError:
        raise Http404(_("Foto tidak ditemukan.")) from None
    tipe = "image/png" if t.foto.name.endswith(".png") else "image/jpeg"
    resp = FileResponse(berkas, content_type=tipe)
    resp["Content-Disposition"] = f'inline; filename="{t.kode}"'
    resp["Cache-Control"] = "private, no-store"
    resp["X-Content-Type-Options"] = "nosniff"
    return resp
