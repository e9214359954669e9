"""PPS: the Pantarlih of the kelurahan, their accounts and the XLSX template and upload.

The accounts are made by ``petugas.services`` (one) and ``petugas.akun_xlsx`` (from a file);
this module only shows them.
"""

from __future__ import annotations

import base64

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from selenggara.errors import Jenis, ServiceError
from selenggara.petugas import akun_xlsx
from selenggara.petugas import services as akun
from selenggara.rules.teks import slug
from selenggara.web.akses import paginate
from selenggara.web.errors import ke_form, ke_pesan

from ..forms import PantarlihForm, UnggahForm
from .pps import akses, kelurahan_pps, konteks


def _boleh_kelola(request) -> None:
    if not akun.boleh_kelola(request.scope):
        raise ServiceError.keadaan(_("Akun Pantarlih dikelola oleh PPS kelurahan/desa "
                                     "masing-masing."), jenis=Jenis.DITOLAK)


def _data_uri(isi: bytes) -> str:
    return f"data:{akun_xlsx.XLSX_MIME};base64,{base64.b64encode(isi).decode()}"


def _tampil_akun(request, daftar: list[akun.AkunBaru], judul: str):
    """The one and only display of new passwords; the XLSX is embedded in the page (a data:
    link), made in memory now and never stored on the server."""
    berkas = akun_xlsx.xlsx_akun(daftar)
    nama = f"akun-pantarlih-{timezone.localtime().strftime('%Y%m%d-%H%M')}.xlsx"
    peringatan = [w for a in daftar for w in a.peringatan]
    return render(request, "coklit/pps/akun_baru.html", konteks(
        request, daftar=daftar, judul=judul, xlsx=_data_uri(berkas), nama_berkas=nama,
        peringatan=peringatan, tab="pantarlih"))


@akses
@require_GET
def pantarlih(request):
    scope = request.scope
    page = paginate(request, akun.pantarlih_qs(scope), 50)
    return render(request, "coklit/pps/pantarlih.html", konteks(
        request, page=page, ringkasan=akun.ringkasan_tps(scope)
        if kelurahan_pps(scope) else [], tab="pantarlih"))


@akses
def pantarlih_tambah(request):
    scope = request.scope
    _boleh_kelola(request)
    form = PantarlihForm(request.POST or None, scope=scope)
    if request.method == "POST":
        if form.is_valid():
            try:
                baru = akun.buat_pantarlih(request.user, form.cleaned_data)
            except ServiceError as exc:
                if not exc.untuk_form:
                    raise
                ke_form(form, exc)
            else:
                return _tampil_akun(request, [baru], _("Pantarlih baru"))
        else:
            # Show every problem at once, not the missing choices first and the NIK later.
            _clean, problems = akun.bersihkan(request.POST)
            tambahan = [p for p in problems if p.field not in form.errors]
            if tambahan:
                ke_form(form, ServiceError(tambahan))
    return render(request, "coklit/pps/pantarlih_tambah.html", konteks(
        request, form=form, tab="pantarlih"), status=422 if form.errors else 200)


@akses
@require_POST
def pantarlih_sandi(request, pk: int):
    try:
        hasil = akun.reset_sandi(request.user, pk)
    except ServiceError as exc:
        ke_pesan(request, exc)
        return redirect("pps:pantarlih")
    return _tampil_akun(request, [hasil], _("Kata sandi baru"))


@akses
@require_POST
def pantarlih_aktif(request, pk: int):
    aktif = request.POST.get("aktif") == "1"
    p = akun.atur_aktif(request.user, pk, aktif)
    if aktif:
        messages.success(request, _("%(nama)s aktif kembali dan dapat masuk.") % {"nama": p.nama})
    else:
        messages.success(request, _("%(nama)s dinonaktifkan: akunnya tidak dapat masuk lagi.")
                         % {"nama": p.nama})
    return redirect("pps:pantarlih")


@akses
@require_GET
def pantarlih_templat(request):
    _boleh_kelola(request)
    isi = akun_xlsx.templat_xlsx(request.scope)
    kel = kelurahan_pps(request.scope)
    nama = f"templat-pantarlih-{slug(kel.nama) if kel else 'pps'}.xlsx"
    resp = HttpResponse(isi, content_type=akun_xlsx.XLSX_MIME)
    resp["Content-Disposition"] = f'attachment; filename="{nama}"'
    return resp


@akses
def pantarlih_unggah(request):
    _boleh_kelola(request)
    form = UnggahForm(request.POST or None, request.FILES or None)
    galat = []
    pesan = ""
    if request.method == "POST" and form.is_valid():
        try:
            daftar = akun_xlsx.impor_xlsx(request.user, form.cleaned_data["berkas"])
        except ServiceError as exc:
            if exc.jenis != Jenis.TIDAK_VALID:
                raise
            galat, pesan = exc.baris, exc.pesan
        else:
            return _tampil_akun(request, daftar, _("Pantarlih dari berkas XLSX"))
    return render(request, "coklit/pps/pantarlih_unggah.html", konteks(
        request, form=form, galat=galat, pesan=pesan, tab="pantarlih"),
        status=422 if (galat or form.errors) else 200)
