"""Tanggapan masyarakat, the public side (no account, no JavaScript needed).

``/tanggapan/``: choose the kelurahan, then the TPS, then the person from the announced DPS of
that TPS (names masked, searchable by name) or "orang yang belum terdaftar", and send the
response with an optional photo. The answer is a receipt code; ``/tanggapan/<kode>/`` shows the
status and the PPS decision, with nothing personal beyond the masked name.

Abuse limits, per client address (``web.alamat``) and for everyone together (``web.batas``):
:data:`MAKS_IP_JAM` responses an hour per address, :data:`MAKS_COBA_JAM` submissions (valid or
not) an hour per address, :data:`MAKS_SEMUA_JAM` responses an hour in all. A body larger than a
photo allows is refused on its ``Content-Length`` before it is read (the view is CSRF-exempt
only so that it can install that limit first; the token is checked right after).
"""

from __future__ import annotations

from django import forms
from django.core.files.uploadhandler import FileUploadHandler, StopUpload
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from selenggara.daftar import tanggapan as svc
from selenggara.daftar.models import BarisDaftar, DaftarTetap, JenisTanggapan, Tanggapan
from selenggara.errors import ServiceError, teks
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.scope import unscoped
from selenggara.rules import kode
from selenggara.rules.nik import mask_nama
from selenggara.web import batas
from selenggara.web.alamat import alamat_klien
from selenggara.web.errors import ke_form
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

MAKS_IP_JAM = 5
MAKS_COBA_JAM = 30
MAKS_SEMUA_JAM = 1000
JAM = 3600
SISIP_MULTIPART = 64 * 1024
MAKS_BADAN = svc.MAKS_FOTO + SISIP_MULTIPART
MAKS_DAFTAR = 600  # a TPS holds at most 600 voters

BARU = "BARU"
FIELD_BARU = ("nama", "nik", "nkk", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
              "status_kawin", "alamat", "rt", "rw")


class _BatasUnggah(FileUploadHandler):
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


def _pilihan(pairs):
    return [("", "—")] + [(k, _(v)) for k, v in pairs]


class TanggapanForm(forms.Form):
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis tanggapan"), choices=[
        (k, v) for k, v in JenisTanggapan.choices if k != JenisTanggapan.BELUM_TERDAFTAR])
    alasan = forms.CharField(label=gettext_lazy("Alasan dan keterangan"),
                             widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
                             max_length=5000,
                             help_text=gettext_lazy("Teks biasa, 10 sampai 1.000 karakter."))
    foto = forms.FileField(label=gettext_lazy("Foto bukti (tidak wajib)"), required=False,
                           widget=forms.ClearableFileInput(
                               attrs={"accept": "image/jpeg,image/png"}),
                           help_text=gettext_lazy("JPEG atau PNG, paling besar 2 MB."))
    pelapor_nama = forms.CharField(label=gettext_lazy("Nama Anda (tidak wajib)"),
                                   required=False, max_length=500)
    pelapor_kontak = forms.CharField(
        label=gettext_lazy("Nomor telepon atau surel (tidak wajib)"), required=False,
        max_length=500, help_text=gettext_lazy("Hanya untuk PPS; tidak ditampilkan."))


class OrangBaruForm(forms.Form):
    """The missing person's data (prefix ``b``); NIK and NKK are never rendered back."""

    nama = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150, required=False)
    nik = forms.CharField(label=gettext_lazy("NIK (16 digit)"), max_length=40, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    nkk = forms.CharField(label=gettext_lazy("Nomor KK (tidak wajib)"), max_length=40,
                          required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    jenis_kelamin = forms.ChoiceField(label=gettext_lazy("Jenis kelamin"), required=False,
                                      choices=_pilihan(kode.JENIS_KELAMIN))
    tempat_lahir = forms.CharField(label=gettext_lazy("Tempat lahir"), max_length=80,
                                   required=False)
    tanggal_lahir = forms.CharField(label=gettext_lazy("Tanggal lahir"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    status_kawin = forms.ChoiceField(label=gettext_lazy("Status perkawinan"), required=False,
                                     choices=_pilihan(kode.STATUS_KAWIN))
    alamat = forms.CharField(label=gettext_lazy("Alamat"), max_length=200, required=False)
    rt = forms.CharField(label="RT", max_length=3, required=False,
                         widget=forms.TextInput(attrs={"inputmode": "numeric"}))
    rw = forms.CharField(label="RW", max_length=3, required=False,
                         widget=forms.TextInput(attrs={"inputmode": "numeric"}))


def _pemilihan(request, *, baca_post: bool = True) -> Pemilihan | None:
    """The election whose DPS is announced now (the latest such), else the latest election."""
    semua = unscoped(Pemilihan.objects, "the public form names the elections it serves"
                     ).select_related("wilayah").order_by("-tahun", "-id")
    pid = request.GET.get("pemilihan") or (request.POST.get("pemilihan") if baca_post
                                           and request.method == "POST" else None)
    if pid and str(pid).isdigit():
        p = semua.filter(pk=int(pid)).first()
        if p is not None:
            return p
    terbuka = unscoped(DaftarTetap.objects, "which elections have an announced DPS is public"
                       ).filter(tahap="DPS").exclude(
        pemilihan__in=unscoped(DaftarTetap.objects, "the same, for the DPT").filter(
            tahap="DPT").values("pemilihan")).values("pemilihan")
    return semua.filter(pk__in=terbuka).first() or semua.first()


def _int(nilai) -> int | None:
    try:
        return int(nilai)
    except (TypeError, ValueError):
        return None


def _konteks(request, pemilihan: Pemilihan, data) -> dict:
    kelurahan_qs = (unscoped(Wilayah.objects, "the areas of the election are public")
                    .filter(tingkat=Tingkat.KELURAHAN, induk__induk=pemilihan.wilayah)
                    .select_related("induk").order_by("induk__nama", "nama"))
    kel = kelurahan_qs.filter(pk=_int(data.get("kelurahan"))).first()
    tps = None
    tps_list = []
    if kel is not None:
        tps_list = list(unscoped(TPS.objects, "the TPS of a kelurahan are public")
                        .filter(kelurahan=kel).order_by("nomor"))
        tps = next((t for t in tps_list if t.pk == _int(data.get("tps"))), None)
    orang = []
    q = " ".join(str(data.get("q") or "").split())[:60]
    dps = unscoped(DaftarTetap.objects, "the announced DPS is public").filter(
        pemilihan=pemilihan, tahap="DPS").first()
    if tps is not None and dps is not None:
        rows = (unscoped(BarisDaftar.objects, "the announced DPS of a TPS is public, masked")
                .filter(daftar=dps, tps=tps).order_by("nomor"))
        if q:
            rows = rows.filter(nama__icontains=q)
        orang = [{"id": r.pk, "nomor": r.nomor, "nama": mask_nama(r.nama),
                  "jk": r.jenis_kelamin, "rt": r.rt, "rw": r.rw}
                 for r in rows.only("pk", "nomor", "nama", "jenis_kelamin", "rt", "rw")
                 [:MAKS_DAFTAR]]
    tutup = svc.jendela(pemilihan, kel)
    return {"pemilihan": pemilihan, "kelurahan_list": kelurahan_qs, "kel": kel,
            "tps_list": tps_list, "tps": tps, "orang": orang, "q": q,
            "tutup": teks(tutup) if tutup else "", "dipilih": str(data.get("orang") or "")}


def _render(request, pemilihan, data, form=None, baru=None, status=200, pesan=""):
    konteks = _konteks(request, pemilihan, data)
    konteks.update(form=form or TanggapanForm(), baru=baru or OrangBaruForm(prefix="b"),
                   pesan=pesan)
    return render(request, "portal/tanggapan.html", konteks, status=status)


@never_cache
@csrf_exempt
def formulir(request):
    if request.method != "POST":
        pemilihan = _pemilihan(request)
        if pemilihan is None:
            raise Http404(_("Belum ada pemilihan."))
        return _render(request, pemilihan, request.GET)
    # The limit goes in before anything reads the body (request.POST included).
    panjang = _int(request.META.get("CONTENT_LENGTH")) or 0
    if panjang > MAKS_BADAN:
        pemilihan = _pemilihan(request, baca_post=False)
        if pemilihan is None:
            raise Http404(_("Belum ada pemilihan."))
        return _render(request, pemilihan, request.GET, status=413, pesan=_(
            "Kiriman terlalu besar: foto bukti paling besar 2 MB. Kecilkan foto lalu kirim "
            "lagi."))
    pembatas = _BatasUnggah(request, MAKS_BADAN)
    request.upload_handlers.insert(0, pembatas)
    return _kirim(request, pembatas)


def _ditahan(request, pemilihan, hasil: batas.Hasil, data):
    return _render(request, pemilihan, data, status=429, pesan=_(
        "Terlalu banyak tanggapan dari jaringan ini. Coba lagi dalam %(menit)s menit.")
        % {"menit": hasil.sisa_menit})


@csrf_protect
def _kirim(request, pembatas: _BatasUnggah):
    post = request.POST
    pemilihan = _pemilihan(request)
    if pemilihan is None:
        raise Http404(_("Belum ada pemilihan."))
    if pembatas.terlampaui:
        return _render(request, pemilihan, post, status=413, pesan=_(
            "Kiriman terlalu besar: foto bukti paling besar 2 MB. Kecilkan foto lalu kirim "
            "lagi."))
    alamat = alamat_klien(request)
    coba = batas.hitung(batas.kunci("tanggapan-coba", alamat or "-"), n=MAKS_COBA_JAM,
                        detik=JAM)
    k_ip = batas.kunci("tanggapan-ip", alamat or "-")
    k_semua = "tanggapan-semua"
    for h in (coba, batas.lihat(k_ip, n=MAKS_IP_JAM, detik=JAM),
              batas.lihat(k_semua, n=MAKS_SEMUA_JAM, detik=JAM)):
        if not h.boleh:
            return _ditahan(request, pemilihan, h, post)
    form = TanggapanForm(post, request.FILES)
    baru = OrangBaruForm(post, prefix="b")
    konteks = _konteks(request, pemilihan, post)
    orang = konteks["dipilih"]
    if orang == BARU:
        form.data = form.data.copy()
        form.data["jenis"] = JenisTanggapan.BELUM_TERDAFTAR
        form.fields["jenis"].choices = JenisTanggapan.choices
    valid = form.is_valid() & baru.is_valid()
    if konteks["kel"] is None:
        form.add_error(None, _("Pilih kelurahan dulu."))
        valid = False
    pemilih = None
    if orang != BARU:
        baris = next((o for o in konteks["orang"] if str(o["id"]) == orang), None)
        if baris is None:
            form.add_error(None, _("Pilih orang dari daftar DPS TPS ini, atau pilih "
                                   "\"orang yang belum terdaftar\"."))
            valid = False
        else:
            pid = (unscoped(BarisDaftar.objects, "the row the public chose on the DPS list")
                   .filter(pk=baris["id"]).values_list("pemilih_id", flat=True).first())
            pemilih = unscoped(Pemilih.objects, "the listed person the response is about"
                               ).filter(pk=pid).first()
    if valid:
        data = None
        if orang == BARU:
            data = {k: baru.cleaned_data.get(k, "") for k in FIELD_BARU}
            data["tps"] = konteks["tps"].pk if konteks["tps"] else ""
        try:
            t = svc.ajukan(pemilihan, jenis=form.cleaned_data["jenis"], kelurahan=konteks["kel"],
                           pemilih=pemilih, data=data, alasan=form.cleaned_data["alasan"],
                           foto=form.cleaned_data.get("foto"),
                           pelapor_nama=form.cleaned_data.get("pelapor_nama", ""),
                           pelapor_kontak=form.cleaned_data.get("pelapor_kontak", ""),
                           alamat=alamat)
        except ServiceError as exc:
            for name, pesan in exc.galat.items():
                target = baru if name in baru.fields else form
                for m in pesan:
                    target.add_error(name if name in target.fields else None, m)
            if not exc.galat:
                ke_form(form, exc)
            return _render_gagal(request, pemilihan, post, form, baru, exc.status_http)
        batas.hitung(k_ip, n=MAKS_IP_JAM, detik=JAM)
        batas.hitung(k_semua, n=MAKS_SEMUA_JAM, detik=JAM)
        return redirect("tanggapan_tanda_terima", kode=t.kode)
    return _render_gagal(request, pemilihan, post, form, baru, 422)


def _render_gagal(request, pemilihan, post, form, baru, status):
    # NIK and NKK are not sent back to the browser, even the reporter's own typing.
    baru.data = baru.data.copy()
    for name in ("b-nik", "b-nkk"):
        baru.data[name] = ""
    return _render(request, pemilihan, post, form=form, baru=baru, status=status)


def _tanggapan(kode: str) -> Tanggapan:
    t = (unscoped(Tanggapan.objects, "the receipt code is the reporter's own key")
         .select_related("kelurahan", "tps", "pemilih").filter(
             kode=svc.normalkan_kode(kode)).first())
    if t is None:
        raise Http404(_("Kode tanda terima tidak ditemukan."))
    return t


@never_cache
def tanda_terima(request, kode: str):
    t = _tanggapan(kode)
    nama = t.pemilih.nama if t.pemilih_id else t.data.get("nama", "")
    return render(request, "portal/tanggapan_tanda_terima.html", {
        "t": t, "nama": mask_nama(nama), "baru": request.GET.get("baru") == "1"})


@never_cache
def lacak(request):
    kode = svc.normalkan_kode(request.GET.get("kode", ""))
    if kode:
        return redirect("tanggapan_tanda_terima", kode=kode)
    return redirect("tanggapan")
