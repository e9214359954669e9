"""Pages beside the DPT: DPTb moves (PPS, KPU) with the A-Surat Pindah Memilih, and the DPK
form of a KPPS on polling day (phone-sized, big buttons)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from selenggara.errors import ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.petugas.scope import get_scoped_or_404, scoped, unscoped
from selenggara.rules import daftar as aturan
from selenggara.rules import kode
from selenggara.rules.nik import mask_nik_tail
from selenggara.web.akses import petugas_required
from selenggara.web.errors import ke_form, ke_pesan
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from . import dpk as dpk_svc
from . import dptb as svc
from . import surat_pindah
from .models import BarisDaftar, DaftarTetap, PemilihKhusus, PindahMemilih

MAKS_HASIL = 50


def _dpt(scope):
    return scoped(DaftarTetap.objects, scope).filter(tahap="DPT").first()


def _int(nilai):
    try:
        return int(nilai)
    except (TypeError, ValueError):
        return None


@petugas_required("PPS", "KPU")
@require_GET
def dptb(request):
    scope = request.scope
    dpt = _dpt(scope)
    tps_list = list(scoped(TPS.objects, scope).select_related("kelurahan")
                    .order_by("kelurahan__nama", "nomor"))
    tps = next((t for t in tps_list if t.pk == _int(request.GET.get("tps"))), None)
    q = " ".join(str(request.GET.get("q") or "").split())[:60]
    hasil = []
    if dpt is not None and tps is not None:
        rows = scoped(BarisDaftar.objects, scope).filter(daftar=dpt, tps=tps).order_by("nomor")
        if q:
            rows = rows.filter(nama__icontains=q)
        rows = list(rows[:MAKS_HASIL])
        pindah = dict(scoped(PindahMemilih.objects, scope).filter(
            pemilih_id__in=[r.pemilih_id for r in rows]).values_list("pemilih_id", "pk"))
        hasil = [{"baris": r, "nik": mask_nik_tail(r.nik), "pindah": pindah.get(r.pemilih_id)}
                 for r in rows]
    terakhir = (scoped(PindahMemilih.objects, scope)
                .select_related("pemilih", "tps_asal__kelurahan", "tps_tujuan__kelurahan",
                                "tujuan_wilayah").order_by("-dicatat", "-id")[:50])
    batas = None
    if dpt is not None:
        batas = aturan.batas_pindah(dpt.pemilihan.hari_pemungutan)
    return render(request, "daftar/dptb.html", {
        "dpt": dpt, "tps_list": tps_list, "tps": tps, "q": q, "hasil": hasil,
        "terakhir": terakhir, "batas": batas})


def _tps_tujuan(pemilihan):
    return (unscoped(TPS.objects, "a DPTb destination may be any TPS of this KPU")
            .filter(kelurahan__induk__induk=pemilihan.wilayah).select_related("kelurahan")
            .order_by("kelurahan__nama", "nomor"))


def _kabkota_lain(pemilihan):
    return (unscoped(Wilayah.objects, "a DPTb destination outside names any kab/kota")
            .filter(tingkat=Tingkat.KABKOTA).exclude(pk=pemilihan.wilayah_id)
            .select_related("induk").order_by("induk__kode", "kode"))


class PindahForm(forms.Form):
    alasan = forms.ChoiceField(label=gettext_lazy("Alasan pindah memilih"),
                               choices=[(k, gettext_lazy(v)) for k, v in aturan.ALASAN_PINDAH])
    tujuan = forms.ChoiceField(label=gettext_lazy("Tujuan"), widget=forms.RadioSelect,
                               initial="tps", choices=[
                                   ("tps", gettext_lazy("TPS di wilayah KPU ini")),
                                   ("luar", gettext_lazy("Kabupaten/kota lain"))])
    tps_tujuan = forms.ModelChoiceField(label=gettext_lazy("TPS tujuan"), required=False,
                                        queryset=unscoped(TPS.objects, "set per form").none())
    tujuan_wilayah = forms.ModelChoiceField(label=gettext_lazy("Kabupaten/kota tujuan"),
                                            required=False,
                                            queryset=unscoped(Wilayah.objects,
                                                              "set per form").none())
    keterangan = forms.CharField(label=gettext_lazy("Keterangan tujuan (tidak wajib)"),
                                 required=False, max_length=400,
                                 help_text=gettext_lazy("Mis. nama rumah sakit, lapas, kampus."))

    def __init__(self, *a, pemilihan, **kw):
        super().__init__(*a, **kw)
        self.fields["tps_tujuan"].queryset = _tps_tujuan(pemilihan)
        self.fields["tps_tujuan"].label_from_instance = (
            lambda t: f"{t.kelurahan.nama} · {t.label}")
        self.fields["tujuan_wilayah"].queryset = _kabkota_lain(pemilihan)
        self.fields["tujuan_wilayah"].label_from_instance = (
            lambda w: f"{w.nama} ({w.induk.nama if w.induk_id else ''})")


@petugas_required("PPS", "KPU")
def dptb_catat(request, pk: int):
    scope = request.scope
    baris = get_scoped_or_404(BarisDaftar.objects.select_related(
        "daftar__pemilihan__wilayah", "tps__kelurahan"), scope, pk=pk, daftar__tahap="DPT")
    pemilih = get_scoped_or_404(Pemilih.objects, scope, pk=baris.pemilih_id)
    pemilihan = baris.daftar.pemilihan
    form = PindahForm(request.POST or None, pemilihan=pemilihan)
    status = 200
    if request.method == "POST":
        status = 422
        if form.is_valid():
            d = form.cleaned_data
            ke_tps = d["tujuan"] == "tps"
            try:
                pindah = svc.catat(request.user, pemilih, alasan=d["alasan"],
                                   tps_tujuan=d["tps_tujuan"] if ke_tps else None,
                                   tujuan_wilayah=None if ke_tps else d["tujuan_wilayah"],
                                   keterangan=d["keterangan"])
            except ServiceError as exc:
                if not exc.untuk_form:
                    ke_pesan(request, exc)
                    status = exc.status_http
                else:
                    ke_form(form, exc)
            else:
                messages.success(request, _("Pindah memilih tercatat: surat %(nomor)s.")
                                 % {"nomor": pindah.nomor_surat})
                for w in pindah.peringatan:
                    messages.warning(request, w)
                return redirect(f"{reverse('layanan:dptb')}?tps={baris.tps_id}")
    return render(request, "daftar/dptb_catat.html", {
        "baris": baris, "nik": mask_nik_tail(baris.nik), "form": form,
        "batas": aturan.batas_pindah(pemilihan.hari_pemungutan)}, status=status)


@petugas_required("PPS", "KPU")
@require_GET
def dptb_surat(request, pk: int):
    pindah = get_scoped_or_404(PindahMemilih.objects, request.scope, pk=pk)
    resp = HttpResponse(surat_pindah.pdf(pindah), content_type="application/pdf")
    nama = pindah.nomor_surat.replace("/", "-")
    resp["Content-Disposition"] = f'attachment; filename="A-Surat-Pindah-Memilih-{nama}.pdf"'
    return resp


class DPKForm(forms.Form):
    nik = forms.CharField(label=gettext_lazy("NIK (KTP-el)"), max_length=40,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    nama = forms.CharField(label=gettext_lazy("Nama"), max_length=150)
    jenis_kelamin = forms.ChoiceField(label=gettext_lazy("Jenis kelamin"),
                                      widget=forms.RadioSelect,
                                      choices=[(k, gettext_lazy(v))
                                               for k, v in kode.JENIS_KELAMIN])
    tanggal_lahir = forms.DateField(label=gettext_lazy("Tanggal lahir"),
                                    widget=forms.DateInput(attrs={"type": "date"}))
    alamat = forms.CharField(label=gettext_lazy("Alamat"), max_length=200)
    rt = forms.CharField(label="RT", max_length=3,
                         widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    rw = forms.CharField(label="RW", max_length=3,
                         widget=forms.TextInput(attrs={"inputmode": "numeric"}))


@petugas_required("KPPS")
def dpk(request):
    scope = request.scope
    tps = None
    if scope.tps_id is not None:
        tps = get_scoped_or_404(TPS.objects.select_related("kelurahan"), scope, pk=scope.tps_id)
    form = DPKForm(request.POST or None)
    status = 200
    if request.method == "POST" and tps is not None:
        status = 422
        if form.is_valid():
            try:
                orang = dpk_svc.catat(request.user, tps, **form.cleaned_data)
            except ServiceError as exc:
                ke_form(form, exc)
                status = exc.status_http
            else:
                messages.success(request, _("Pemilih DPK tercatat: %(nama)s.")
                                 % {"nama": orang.nama})
                return redirect("layanan:dpk")
        # NIK never sent back to the browser.
        form.data = form.data.copy()
        form.data["nik"] = ""
    daftar = []
    if tps is not None:
        daftar = [{"nama": p.nama, "nik": mask_nik_tail(p.nik), "jk": p.jenis_kelamin,
                   "waktu": p.dicatat}
                  for p in scoped(PemilihKhusus.objects, scope).filter(tps=tps)
                  .order_by("dicatat", "id")]
    return render(request, "daftar/dpk.html", {"tps": tps, "form": form, "daftar": daftar},
                  status=status)
