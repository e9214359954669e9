"""PPS review of coklit: the queue, one change in detail, and the decisions.

Every decision goes through a service in :mod:`..keputusan`, which checks the role again and
answers a refusal with a :class:`~selenggara.errors.ServiceError` shown on the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from selenggara.errors import ServiceError
from selenggara.petugas.scope import get_scoped_or_404
from selenggara.web.akses import paginate
from selenggara.web.errors import ke_form, ke_pesan

from .. import antrean, keputusan
from ..forms import TAB_JENIS, KembalikanForm, KoreksiForm, SaringForm
from ..models import Perubahan, Status, Tinjauan
from .pps import akses, kelurahan_dipilih, kembali, konteks

PER_HALAMAN = 20


@akses
@require_GET
def tinjauan(request):
    scope = request.scope
    kelurahan = kelurahan_dipilih(request)
    form = SaringForm(request.GET or None, scope=scope, kelurahan=kelurahan)
    jenis, tps_id = "SEMUA", None
    if form.is_bound:
        form.is_valid()  # keep what is valid (a TPS of another kelurahan is simply dropped)
        jenis = form.cleaned_data.get("jenis") or "SEMUA"
        tps_id = form.cleaned_data.get("tps")
    status = Tinjauan.DIKEMBALIKAN if jenis == "DIKEMBALIKAN" else Tinjauan.MENUNGGU
    kel_id = kelurahan.id if kelurahan else None
    qs = antrean.antrean(scope, jenis=jenis, tps_id=tps_id, kelurahan_id=kel_id,
                          tinjauan=status)
    if status == Tinjauan.DIKEMBALIKAN:
        qs = qs.order_by("-ditinjau_pada", "-id")
    page = paginate(request, qs, PER_HALAMAN)
    kartu = antrean.kartu(list(page.object_list), scope)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("jenis", None)
    jumlah = antrean.jumlah_per_tab(scope, tps_id=tps_id, kelurahan_id=kel_id)
    tabs = [{"kode": k, "label": label, "jumlah": jumlah[k],
             "url": "?" + "&".join(x for x in (params.urlencode(), f"jenis={k}") if x)}
            for k, label in TAB_JENIS]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "coklit/pps/tinjauan.html", konteks(
        request, form=form, page=page, kartu=kartu, jenis=jenis, tabs=tabs,
        kelurahan=kelurahan, query=query.urlencode(), kembali=request.get_full_path(),
        kembalikan_form=KembalikanForm(), tab="tinjauan"))


@akses
@require_GET
def detail(request, pk: int):
    scope = request.scope
    row = get_scoped_or_404(
        Perubahan.objects.select_related("pemilih", "tps", "kelurahan", "petugas",
                                         "ditinjau_oleh"), scope, pk=pk)
    koreksi_form = kembalikan_form = None
    if row.pemilih is not None and row.status == Status.APPLIED:
        koreksi_form = KoreksiForm(initial=KoreksiForm.awal(row.pemilih))
        kembalikan_form = KembalikanForm()
    return _render_detail(request, row, koreksi_form, kembalikan_form)


def _render_detail(request, row, koreksi_form, kembalikan_form, status=200):
    kartu = antrean.kartu([row], request.scope)[0]
    return render(request, "coklit/pps/detail.html", konteks(
        request, k=kartu, row=row, koreksi_form=koreksi_form,
        kembalikan_form=kembalikan_form, kembali=request.POST.get("next")
        or request.GET.get("next") or reverse("pps:tinjauan"), tab="tinjauan"),
        status=status)


def _hasil(request, hasil: keputusan.Hasil, label: str) -> None:
    nama = hasil.perubahan.pemilih.nama if hasil.perubahan.pemilih_id else ""
    messages.success(request, f"{label}: {nama}. {hasil.pesan}" if nama else hasil.pesan)
    for w in hasil.peringatan:
        messages.warning(request, w)


@akses
@require_POST
def setujui(request, pk: int):
    try:
        hasil = keputusan.setujui(request.user, pk)
    except ServiceError as exc:
        ke_pesan(request, exc)
    else:
        _hasil(request, hasil, _("Disetujui"))
    return kembali(request, reverse("pps:tinjauan"))


@akses
@require_POST
def koreksi(request, pk: int):
    form = KoreksiForm(request.POST)
    if form.is_valid():
        try:
            hasil = keputusan.koreksi(request.user, pk, dict(form.cleaned_data))
        except ServiceError as exc:
            if not exc.untuk_form:
                ke_pesan(request, exc)
                return kembali(request, reverse("pps:tinjauan"))
            ke_form(form, exc)
        else:
            _hasil(request, hasil, _("Dikoreksi"))
            return kembali(request, reverse("pps:tinjauan"))
    row = get_scoped_or_404(Perubahan.objects.select_related("pemilih", "tps", "petugas"),
                            request.scope, pk=pk)
    return _render_detail(request, row, form, KembalikanForm(), status=422)


@akses
@require_POST
def kembalikan(request, pk: int):
    form = KembalikanForm(request.POST)
    if form.is_valid():
        try:
            hasil = keputusan.kembalikan(request.user, pk, form.cleaned_data["catatan"])
        except ServiceError as exc:
            if not exc.untuk_form:
                ke_pesan(request, exc)
                return kembali(request, reverse("pps:tinjauan"))
            ke_form(form, exc)
        else:
            _hasil(request, hasil, _("Dikembalikan ke Pantarlih"))
            return kembali(request, reverse("pps:tinjauan"))
    row = get_scoped_or_404(Perubahan.objects.select_related("pemilih", "tps", "petugas"),
                            request.scope, pk=pk)
    koreksi_form = (KoreksiForm(initial=KoreksiForm.awal(row.pemilih))
                    if row.pemilih is not None else None)
    return _render_detail(request, row, koreksi_form, form, status=422)


@akses
@require_POST
def konflik(request, pk: int):
    try:
        hasil = keputusan.putus_konflik(request.user, pk, request.POST.get("pilihan", ""),
                                        request.POST.get("catatan", ""))
    except ServiceError as exc:
        ke_pesan(request, exc)
    else:
        _hasil(request, hasil, _("Konflik diputuskan"))
    return kembali(request, reverse("pps:tinjauan"))


@akses
@require_GET
def foto(request, foto_id):
    """A Pantarlih's photo, only for callers whose area holds that Pantarlih's TPS."""
    f = antrean.foto_qs(request.scope).filter(pk=foto_id).first()
    if f is None or not f.path.exists():
        raise Http404(_("Foto tidak ditemukan di wilayah Anda."))
    resp = FileResponse(open(f.path, "rb"), content_type=f.tipe)  # noqa: SIM115 - FileResponse closes it
    resp["Content-Disposition"] = f'inline; filename="{f.id}"'
    resp["Cache-Control"] = "private, no-store"
    return resp
