"""The voter-list import page of a KPU Kabupaten/Kota: upload, check, report, apply.

Staged like the command line: the upload is checked whole (:func:`selenggara.pemilih.impor.
periksa`) and its report shown; only a clean file offers "Terapkan", which writes everything in
one transaction (:func:`~selenggara.pemilih.impor.terapkan`), checking again first when the
register changed in between. Only the KPU role gets in, and only for its own election: the
staged upload is found by its token and the account and election it belongs to.

A file too large is refused by its ``Content-Length`` before the body is read, and an upload
without one stops at the limit (the view is CSRF-exempt only so that it can install that
limit before Django reads the body; the token is checked right after, ``csrf_protect``).
"""

from __future__ import annotations

import io

from django import forms
from django.contrib import messages
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from selenggara.errors import Jenis, ServiceError, teks
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.scope import get_scoped_or_404
from selenggara.web.akses import petugas_required
from selenggara.web.errors import ke_pesan

from . import impor
from .impor_unggah import hapus, muat_unggahan, simpan_unggahan

GALAT_DI_HALAMAN = 200
SISIP_MULTIPART = 64 * 1024  # what the form adds around the file in the request body


def _maks_unggah() -> int:
    return max(impor.MAKS_UKURAN_CSV, impor.MAKS_UKURAN_XLSX)


class ImporForm(forms.Form):
    berkas = forms.FileField(
        label=gettext_lazy("Berkas daftar pemilih (CSV atau XLSX)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,.txt"}))
    encoding = forms.ChoiceField(
        label=gettext_lazy("Pengodean CSV"), required=False,
        choices=[("", gettext_lazy("Otomatis (UTF-8, atau UTF-16 dengan BOM)")),
                 ("windows-1252", gettext_lazy("Windows-1252 (ANSI, CSV lama dari Excel)"))])


class _BatasUnggah(FileUploadHandler):
    """Stops reading an upload at the limit (a body without ``Content-Length``)."""

    def __init__(self, request=None, maks: int = 0):
        super().__init__(request)
        self.maks = maks
        self.terlampaui = False

    def receive_data_chunk(self, raw_data, start):
        if start + len(raw_data) > self.maks:
            self.terlampaui = True
            raise StopUpload(connection_reset=True)
        return raw_data

    def file_complete(self, file_size):
        return None


def _pemilihan(request) -> Pemilihan | None:
    pid = request.scope.pemilihan_id
    if pid is None:
        return None
    return get_scoped_or_404(Pemilihan.objects.select_related("wilayah"), request.scope, pk=pid)


def _terlalu_besar(request, form, pemilihan):
    mb = 1024 * 1024
    pesan = _(impor.PESAN_UNGGAH["terlalu_besar"]) % {"maks": f"{_maks_unggah() / mb:,.0f}"}
    return render(request, "pemilih/impor.html",
                  {"form": form, "pemilihan": pemilihan, "pesan": pesan, "galat": [],
                   "kolom": _kolom()}, status=413)


def _kolom() -> list[tuple[str, bool]]:
    return [(k.upper(), k in impor.WAJIB) for k in impor.KOLOM]


@csrf_exempt
@petugas_required("KPU")
def unggah(request):
    pemilihan = _pemilihan(request)
    if pemilihan is None:
        messages.warning(request, _("Pilih pemilihan dulu, lalu buka lagi halaman impor."))
        return redirect("pilih")
    if request.method == "POST":
        try:
            panjang = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            panjang = 0
        if panjang > _maks_unggah() + SISIP_MULTIPART:
            return _terlalu_besar(request, ImporForm(), pemilihan)
        batas = _BatasUnggah(request, _maks_unggah() + SISIP_MULTIPART)
        request.upload_handlers.insert(0, batas)
        return _unggah_post(request, pemilihan, batas)
    return render(request, "pemilih/impor.html",
                  {"form": ImporForm(), "pemilihan": pemilihan, "kolom": _kolom()})


@csrf_protect
def _unggah_post(request, pemilihan, batas: _BatasUnggah):
    form = ImporForm(request.POST, request.FILES)
    if batas.terlampaui:
        return _terlalu_besar(request, ImporForm(), pemilihan)
    konteks = {"form": form, "pemilihan": pemilihan, "kolom": _kolom()}
    if not form.is_valid():
        return render(request, "pemilih/impor.html", konteks, status=422)
    upload = form.cleaned_data["berkas"]
    encoding = form.cleaned_data.get("encoding") or None
    try:
        u = simpan_unggahan(upload, user=request.user, pemilihan_id=pemilihan.pk,
                            encoding=encoding, maks_ukuran=_maks_unggah())
    except ServiceError as exc:
        return render(request, "pemilih/impor.html",
                      {**konteks, "pesan": _("Berkas tidak dapat diimpor; tidak ada data yang "
                                             "diubah."), "galat": exc.baris},
                      status=exc.status_http)
    try:
        rencana = impor.periksa(u.berkas, pemilihan=pemilihan, nama_berkas=u.meta["nama"],
                                encoding=encoding, spool_dir=u.folder)
    except ServiceError as exc:
        hapus(u)
        return render(request, "pemilih/impor.html",
                      {**konteks, "pesan": _("Berkas tidak dapat diimpor; tidak ada data yang "
                                             "diubah."), "galat": exc.baris},
                      status=exc.status_http)
    u.rencana = rencana
    u.simpan()
    return redirect("pemilih:impor_hasil", token=u.token)


def _unggahan(request, token: str):
    u = muat_unggahan(token, user=request.user, pemilihan_id=request.scope.pemilihan_id)
    if u is None:
        raise Http404(_("Impor ini tidak ada, sudah kedaluwarsa, atau bukan milik akun Anda."))
    return u


@petugas_required("KPU")
@require_GET
def hasil(request, token: str):
    u = _unggahan(request, token)
    rencana = u.rencana
    pemilihan = _pemilihan(request)
    galat = []
    if rencana is not None and not rencana.ok:
        galat = rencana.sebagai_galat().baris[:GALAT_DI_HALAMAN]
    peringatan = [(_(impor.LABEL_PERINGATAN.get(k, k)), n)
                  for k, n in (rencana.peringatan.most_common() if rencana else [])]
    per_kode = []
    if rencana is not None:
        contoh = {}
        for p in rencana.galat:
            contoh.setdefault(p.code, p)
        per_kode = [(k, n, teks(contoh[k]) if k in contoh else "")
                    for k, n in rencana.per_kode.most_common()]
    return render(request, "pemilih/impor_hasil.html", {
        "u": u, "rencana": rencana, "hasil": u.hasil, "pemilihan": pemilihan, "galat": galat,
        "galat_lain": max(0, (rencana.jumlah_galat if rencana else 0) - len(galat)),
        "peringatan": peringatan, "per_kode": per_kode,
        "pesan": rencana.sebagai_galat().pesan if rencana and not rencana.ok else "",
    }, status=200 if rencana is None or rencana.ok else 422)


@petugas_required("KPU")
@require_POST
def terapkan(request, token: str):
    u = _unggahan(request, token)
    rencana = u.rencana
    if u.hasil is not None:
        messages.info(request, _("Impor ini sudah diterapkan."))
        return redirect("pemilih:impor_hasil", token=u.token)
    if rencana is None or not rencana.ok:
        messages.error(request, _("Berkas ini masih bermasalah; perbaiki lalu unggah lagi."))
        return redirect("pemilih:impor_hasil", token=u.token)
    try:
        h = impor.terapkan(rencana, u.berkas, user=request.user, encoding=u.encoding,
                           asal="web")
    except ServiceError as exc:
        if exc.jenis == Jenis.TIDAK_VALID and not rencana.ok:
            # Checked again (the list changed since): the new report replaces the old one.
            u.rencana = rencana
            u.simpan()
            messages.error(request, exc.pesan)
            return redirect("pemilih:impor_hasil", token=u.token)
        ke_pesan(request, exc)
        return redirect("pemilih:impor_hasil", token=u.token)
    u.rencana = rencana
    u.hasil = h
    u.selesai()
    u.simpan()
    if h.berubah:
        messages.success(request, _("Impor diterapkan: %(baru)s pemilih baru, %(ubah)s diubah "
                                    "(log audit #%(seq)s).") % {
            "baru": impor.angka(h.baru), "ubah": impor.angka(h.ubah), "seq": h.seq})
    else:
        messages.info(request, _("Tidak ada perubahan: semua baris sudah sama dengan daftar."))
    return redirect("pemilih:impor_hasil", token=u.token)


@petugas_required("KPU")
@require_GET
def laporan(request, token: str):
    u = _unggahan(request, token)
    rencana = u.rencana
    if rencana is None or rencana.ok or not u.berkas.exists():
        raise Http404(_("Tidak ada laporan masalah untuk impor ini."))
    buf = io.BytesIO()
    impor.laporan_xlsx(rencana, u.berkas, buf, encoding=u.encoding)
    resp = HttpResponse(buf.getvalue(), content_type=impor.XLSX_MIME)
    resp["Content-Disposition"] = (
        f'attachment; filename="{impor.nama_laporan(rencana.nama_berkas)}"')
    return resp
