"""PPS evaluation pages at /pps/: progress, review queue, decisions, photos, Pantarlih accounts.

Pages read through ``petugas.scope`` (``scoped`` / ``get_scoped_or_404``); every write goes
through a service in ``coklit.evaluasi`` or ``coklit.akun``, which checks the role again.
KPU and PPK see their area read-only; Pantarlih and KPPS get a 403 page that sends them to their
own app; the public is sent to the login page.
"""

from __future__ import annotations

import base64
import uuid

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from selenggara.demo.loader import slug
from selenggara.pemilih.models import Pemilih
from selenggara.petugas.scope import get_scoped_or_404, scoped
from selenggara.portal.akses import paginate, petugas_required
from selenggara.rules import kode
from selenggara.rules.pemilih import FIELDS
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from . import akun, evaluasi
from .models import Aksi, Perubahan, Status, Tinjauan

PER_HALAMAN = 20


# -- access ---------------------------------------------------------------------------------------
# KPU, PPK and PPS (and a superuser) get in; the public goes to the login page; other roles get
# a 403 page saying where their work is, as does a PermissionDenied raised by a service.
akses = petugas_required(*evaluasi.PERAN_PEMANTAU, template="coklit/pps/tanpa_akses.html")


def _kembali(request, default: str):
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(nxt)
    return redirect(default)


def _konteks(request, **extra) -> dict:
    """What every /pps/ page shows: the tabs with queue counts, the area, the caller's rights."""
    scope = request.scope
    kelurahan = _kelurahan_pps(scope)
    return {
        "jumlah_tab": evaluasi.jumlah_per_tab(scope),
        "wilayah_saya": (Wilayah.objects.filter(pk=scope.wilayah_id).first()
                         if scope.wilayah_id else None),
        "kelurahan_pps": kelurahan,
        "boleh_meninjau": evaluasi.boleh_meninjau(scope),
        "boleh_kelola": akun.boleh_kelola(scope),
        **extra,
    }


def _kelurahan_pps(scope):
    if scope.tingkat == Tingkat.KELURAHAN and scope.tps_id is None:
        return Wilayah.objects.filter(pk=scope.wilayah_id).first()
    return None


def _kelurahan_dipilih(request):
    """PPS: its own kelurahan. KPU/PPK: the one chosen with ?kelurahan= (404 outside the area),
    or None for the overview."""
    scope = request.scope
    sendiri = _kelurahan_pps(scope)
    if sendiri is not None:
        return sendiri
    raw = request.GET.get("kelurahan")
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise Http404 from None
    return get_scoped_or_404(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), scope, pk=pk)


# -- progress -------------------------------------------------------------------------------------
@akses
@require_GET
def progres(request):
    kelurahan = _kelurahan_dipilih(request)
    data = evaluasi.progres(request.scope, kelurahan)
    return render(request, "coklit/pps/progres.html", _konteks(
        request, data=data, kelurahan=kelurahan, hari_ini=timezone.localdate(),
        tab="progres"))


# -- review queue ---------------------------------------------------------------------------------
TAB_JENIS = (
    ("SEMUA", gettext_lazy("Semua")),
    ("TMS", gettext_lazy("TMS")),
    ("UBAH", gettext_lazy("Ubah")),
    ("BARU", gettext_lazy("Baru")),
    ("KONFLIK", gettext_lazy("Konflik")),
    ("DIKEMBALIKAN", gettext_lazy("Dikembalikan")),
)


class SaringForm(forms.Form):
    jenis = forms.ChoiceField(label=gettext_lazy("Jenis"), choices=TAB_JENIS, required=False)
    tps = forms.TypedChoiceField(label=gettext_lazy("TPS"), coerce=int, required=False,
                                 empty_value=None)

    def __init__(self, *args, scope, kelurahan=None, **kwargs):
        super().__init__(*args, **kwargs)
        if _kelurahan_pps(scope) is None:
            # KPU and PPK choose a kelurahan first; the TPS list follows it.
            pilihan = scoped(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), scope)
            self.fields["kelurahan"] = forms.TypedChoiceField(
                label=_("Kelurahan/desa"), coerce=int, required=False, empty_value=None,
                choices=[("", _("Semua kelurahan/desa"))]
                + [(w.id, w.nama) for w in pilihan.order_by("nama")])
        qs = scoped(TPS.objects.select_related("kelurahan"), scope)
        if kelurahan is not None:
            qs = qs.filter(kelurahan=kelurahan)
        self.fields["tps"].choices = [("", _("Semua TPS"))] + [
            (t.id, f"TPS {t.nomor:03d} {t.kelurahan.nama}")
            for t in qs.order_by("kelurahan__nama", "nomor")]


class KembalikanForm(forms.Form):
    catatan = forms.CharField(
        label=gettext_lazy("Catatan untuk Pantarlih"), max_length=evaluasi.MAKS_CATATAN,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": evaluasi.MAKS_CATATAN}),
        help_text=gettext_lazy("Wajib. Tulis apa yang harus diperiksa ulang, mis. \"Cek tanggal "
                               "lahir di KK, tampaknya 1985 bukan 1958\"."))


def _pilihan(pairs, kosong=False):
    out = [(k, f"{k} · {_(label)}") for k, label in pairs]
    return [("", "–"), *out] if kosong else out


class KoreksiForm(forms.Form):
    """The voter's data elements; validation is the service's (rules.pemilih), per field."""

    nik = forms.CharField(label="NIK", max_length=16, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    nkk = forms.CharField(label="NKK", max_length=16, required=False,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}))
    nama = forms.CharField(label=gettext_lazy("Nama"), max_length=150, required=False)
    jenis_kelamin = forms.ChoiceField(label=gettext_lazy("Jenis kelamin"), required=False)
    tempat_lahir = forms.CharField(label=gettext_lazy("Tempat lahir"), max_length=80,
                                   required=False)
    tanggal_lahir = forms.CharField(label=gettext_lazy("Tanggal lahir"), required=False,
                                    widget=forms.DateInput(attrs={"type": "date"}))
    status_kawin = forms.ChoiceField(label=gettext_lazy("Status perkawinan"), required=False)
    alamat = forms.CharField(label=gettext_lazy("Alamat"), max_length=200, required=False)
    rt = forms.CharField(label="RT", max_length=3, required=False,
                         widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
    rw = forms.CharField(label="RW", max_length=3, required=False,
                         widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}))
    disabilitas = forms.ChoiceField(label=gettext_lazy("Disabilitas"), required=False)
    ktp_el = forms.ChoiceField(label=gettext_lazy("KTP-el"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis_kelamin"].choices = _pilihan(kode.JENIS_KELAMIN)
        self.fields["status_kawin"].choices = _pilihan(kode.STATUS_KAWIN)
        self.fields["disabilitas"].choices = _pilihan(kode.DISABILITAS)
        self.fields["ktp_el"].choices = _pilihan(kode.KTP_EL)

    @staticmethod
    def awal(p: Pemilih) -> dict:
        data = {name: getattr(p, name) for name in FIELDS}
        data["tanggal_lahir"] = p.tanggal_lahir.isoformat()
        return data


def _ke_form(form: forms.Form, galat: dict[str, list[str]]) -> None:
    for name, pesan in galat.items():
        for m in pesan:
            form.add_error(name if name in form.fields else None, m)


def _tampil_tps(t: TPS | None) -> str:
    return f"TPS {t.nomor:03d}" if t else "–"


# Rows of a before/after table in a fixed order (PostgreSQL's jsonb does not keep key order).
_URUTAN = {name: i for i, name in enumerate((*FIELDS, "tps_id", "tms_kode", "coklit"))}


def _banding(row: Perubahan, tps_map: dict[int, TPS]) -> dict:
    """Rows of (element, before, after) for one change, labelled for a PPS member."""

    def nilai(name, v):
        if name == "tps_id":
            return _tampil_tps(tps_map.get(v))
        return evaluasi.label_kode(name, v)

    baris = []
    p = row.pemilih
    if row.status == Status.CONFLICT:
        data = row.data or {}
        if row.aksi == Aksi.UBAH:
            usulan = dict(data.get("ubah") or {})
        elif row.aksi == Aksi.TMS:
            k = str(data.get("kode", ""))
            usulan = ({"tps_id": data.get("tps_tujuan")} if k == kode.TMS_SALAH_TPS
                      else {"tms_kode": k})
        else:
            usulan = {k: data[k] for k in ("disabilitas", "ktp_el") if k in data}
        usulan.setdefault("coklit", {"UBAH": "UBAH", "TMS": "TMS"}.get(row.aksi, "SESUAI"))
        if usulan.get("tps_id") is not None:
            usulan["coklit"] = "UBAH"
        for name, v in sorted(usulan.items(), key=lambda kv: _URUTAN.get(kv[0], 99)):
            now = getattr(p, name, None) if p is not None else None
            if name == "tanggal_lahir" and now is not None:
                now = now.isoformat()
            baris.append({"label": evaluasi.label_elemen(name), "sebelum": nilai(name, now),
                          "sesudah": nilai(name, v), "beda": str(now) != str(v)})
        return {"judul_sebelum": _("Data sekarang"), "judul_sesudah": _("Versi Pantarlih"),
                "baris": baris}
    sebelum, sesudah = row.sebelum or {}, row.sesudah or {}
    if row.aksi == Aksi.BARU:
        for name in FIELDS:
            baris.append({"label": evaluasi.label_elemen(name), "sebelum": "",
                          "sesudah": nilai(name, sesudah.get(name)), "beda": True})
    else:
        for name, v in sorted(sesudah.items(), key=lambda kv: _URUTAN.get(kv[0], 99)):
            if name in ("perubahan",):
                continue
            baris.append({"label": evaluasi.label_elemen(name),
                          "sebelum": nilai(name, sebelum.get(name)), "sesudah": nilai(name, v),
                          "beda": sebelum.get(name) != v})
    return {"judul_sebelum": _("Sebelum"), "judul_sesudah": _("Sesudah"), "baris": baris}


def _siapkan(rows: list[Perubahan], scope) -> list[dict]:
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
    tps_map = {t.id: t for t in TPS.objects.filter(pk__in=tps_ids)}
    semua_foto = {f for r in rows for f in evaluasi.foto_ids(r)}
    ada_foto = set()
    if semua_foto:
        valid = []
        for f in semua_foto:
            try:
                valid.append(uuid.UUID(f))
            except ValueError:
                continue
        ada_foto = {str(x) for x in evaluasi.foto_qs(scope).filter(pk__in=valid)
                    .values_list("pk", flat=True)}
    baru_nik = {r.pemilih.nik: r.pemilih_id for r in rows
                if r.aksi == Aksi.BARU and r.pemilih is not None}
    pemilihan_ids = {r.pemilih.pemilihan_id for r in rows if r.pemilih is not None}
    ganda: dict[str, list] = {}
    if baru_nik:
        # Same election only: the next Pilkada's list in the same database is not a duplicate.
        for nik, pk, nomor, kel in (Pemilih.objects.filter(nik__in=baru_nik, tms_kode="",
                                                           pemilihan__in=pemilihan_ids)
                                    .values_list("nik", "pk", "tps__nomor",
                                                 "tps__kelurahan__nama")):
            if pk != baru_nik[nik]:
                ganda.setdefault(nik, []).append(f"TPS {nomor:03d} {kel}")
    out = []
    for r in rows:
        data = r.data or {}
        tms_kode = str(data.get("kode", "")) if r.aksi == Aksi.TMS else ""
        fotos = evaluasi.foto_ids(r)
        out.append({
            "row": r,
            "banding": _banding(r, tps_map),
            "tms": evaluasi.label_kode("tms_kode", tms_kode) if tms_kode else "",
            "tujuan": _tampil_tps(tps_map.get(data.get("tps_tujuan")))
            if tms_kode == kode.TMS_SALAH_TPS else "",
            "dokumen": str(data.get("dokumen") or ""),
            "foto": [f for f in fotos if f in ada_foto],
            "foto_belum": len([f for f in fotos if f not in ada_foto]),
            "ganda": ganda.get(r.pemilih.nik, []) if r.aksi == Aksi.BARU and r.pemilih else [],
            "tps_sekarang": tps_map.get(r.pemilih.tps_id) if r.pemilih else None,
        })
    return out


@akses
@require_GET
def tinjauan(request):
    scope = request.scope
    kelurahan = _kelurahan_dipilih(request)
    form = SaringForm(request.GET or None, scope=scope, kelurahan=kelurahan)
    jenis, tps_id = "SEMUA", None
    if form.is_bound:
        form.is_valid()  # keep what is valid (a TPS of another kelurahan is simply dropped)
        jenis = form.cleaned_data.get("jenis") or "SEMUA"
        tps_id = form.cleaned_data.get("tps")
    status = Tinjauan.DIKEMBALIKAN if jenis == "DIKEMBALIKAN" else Tinjauan.MENUNGGU
    kel_id = kelurahan.id if kelurahan else None
    qs = evaluasi.antrean(scope, jenis=jenis, tps_id=tps_id, kelurahan_id=kel_id,
                          tinjauan=status)
    if status == Tinjauan.DIKEMBALIKAN:
        qs = qs.order_by("-ditinjau_pada", "-id")
    page = paginate(request, qs, PER_HALAMAN)
    kartu = _siapkan(list(page.object_list), scope)
    params = request.GET.copy()
    params.pop("page", None)
    params.pop("jenis", None)
    jumlah = evaluasi.jumlah_per_tab(scope, tps_id=tps_id, kelurahan_id=kel_id)
    tabs = [{"kode": k, "label": label, "jumlah": jumlah[k],
             "url": "?" + "&".join(x for x in (params.urlencode(), f"jenis={k}") if x)}
            for k, label in TAB_JENIS]
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "coklit/pps/tinjauan.html", _konteks(
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
    kartu = _siapkan([row], request.scope)[0]
    return render(request, "coklit/pps/detail.html", _konteks(
        request, k=kartu, row=row, koreksi_form=koreksi_form,
        kembalikan_form=kembalikan_form, kembali=request.POST.get("next")
        or request.GET.get("next") or reverse("pps:tinjauan"), tab="tinjauan"),
        status=status)


def _hasil(request, hasil: evaluasi.Hasil, label: str) -> None:
    nama = hasil.perubahan.pemilih.nama if hasil.perubahan.pemilih_id else ""
    messages.success(request, f"{label}: {nama}. {hasil.pesan}" if nama else hasil.pesan)
    for w in hasil.peringatan:
        messages.warning(request, w)


@akses
@require_POST
def setujui(request, pk: int):
    try:
        hasil = evaluasi.setujui(request.user, pk)
    except evaluasi.TinjauanError as exc:
        messages.error(request, exc.pesan)
    else:
        _hasil(request, hasil, _("Disetujui"))
    return _kembali(request, reverse("pps:tinjauan"))


@akses
@require_POST
def koreksi(request, pk: int):
    form = KoreksiForm(request.POST)
    if form.is_valid():
        try:
            hasil = evaluasi.koreksi(request.user, pk, dict(form.cleaned_data))
        except evaluasi.DataTidakValid as exc:
            _ke_form(form, exc.galat)
            if not exc.galat:
                form.add_error(None, exc.pesan)
        except evaluasi.TinjauanError as exc:
            messages.error(request, exc.pesan)
            return _kembali(request, reverse("pps:tinjauan"))
        else:
            _hasil(request, hasil, _("Dikoreksi"))
            return _kembali(request, reverse("pps:tinjauan"))
    row = get_scoped_or_404(Perubahan.objects.select_related("pemilih", "tps", "petugas"),
                            request.scope, pk=pk)
    return _render_detail(request, row, form, KembalikanForm(), status=422)


@akses
@require_POST
def kembalikan(request, pk: int):
    form = KembalikanForm(request.POST)
    if form.is_valid():
        try:
            hasil = evaluasi.kembalikan(request.user, pk, form.cleaned_data["catatan"])
        except evaluasi.DataTidakValid as exc:
            _ke_form(form, exc.galat)
        except evaluasi.TinjauanError as exc:
            messages.error(request, exc.pesan)
            return _kembali(request, reverse("pps:tinjauan"))
        else:
            _hasil(request, hasil, _("Dikembalikan ke Pantarlih"))
            return _kembali(request, reverse("pps:tinjauan"))
    row = get_scoped_or_404(Perubahan.objects.select_related("pemilih", "tps", "petugas"),
                            request.scope, pk=pk)
    koreksi_form = (KoreksiForm(initial=KoreksiForm.awal(row.pemilih))
                    if row.pemilih is not None else None)
    return _render_detail(request, row, koreksi_form, form, status=422)


@akses
@require_POST
def konflik(request, pk: int):
    try:
        hasil = evaluasi.putus_konflik(request.user, pk, request.POST.get("pilihan", ""),
                                       request.POST.get("catatan", ""))
    except evaluasi.TinjauanError as exc:
        messages.error(request, exc.pesan)
    else:
        _hasil(request, hasil, _("Konflik diputuskan"))
    return _kembali(request, reverse("pps:tinjauan"))


@akses
@require_GET
def foto(request, foto_id):
    """A Pantarlih's photo, only for callers whose area holds that Pantarlih's TPS."""
    f = evaluasi.foto_qs(request.scope).filter(pk=foto_id).first()
    if f is None or not f.path.exists():
        raise Http404(_("Foto tidak ditemukan di wilayah Anda."))
    resp = FileResponse(open(f.path, "rb"), content_type=f.tipe)  # noqa: SIM115 - FileResponse closes it
    resp["Content-Disposition"] = f'inline; filename="{f.id}"'
    resp["Cache-Control"] = "private, no-store"
    return resp


# -- Pantarlih accounts ---------------------------------------------------------------------------
class PantarlihForm(forms.Form):
    nama = forms.CharField(label=gettext_lazy("Nama lengkap"), max_length=150)
    nik = forms.CharField(label="NIK", max_length=40,
                          widget=forms.TextInput(attrs={"inputmode": "numeric",
                                                        "autocomplete": "off"}),
                          help_text=gettext_lazy("16 digit, dari KTP-el."))
    jenis_kelamin = forms.ChoiceField(label=gettext_lazy("Jenis kelamin"),
                                      widget=forms.RadioSelect)
    telepon = forms.CharField(label=gettext_lazy("Nomor HP"), max_length=20, required=False,
                              widget=forms.TextInput(attrs={"inputmode": "tel"}))
    tps = forms.CharField(label=gettext_lazy("TPS"), widget=forms.Select)

    def __init__(self, *args, scope, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["jenis_kelamin"].choices = [(k, _(v)) for k, v in kode.JENIS_KELAMIN]
        # A plain field, not a model choice: a TPS id outside the kelurahan must reach the
        # service and get its 404, as any object outside the caller's area.
        self.fields["tps"].widget.choices = [("", "–")] + [
            (t["tps"].id, f"TPS {t['tps'].nomor:03d} · {t['aktif']}/{t['perlu']} Pantarlih")
            for t in akun.ringkasan_tps(scope)]


def _data_uri(isi: bytes) -> str:
    return f"data:{akun.XLSX_MIME};base64,{base64.b64encode(isi).decode()}"


def _tampil_akun(request, daftar: list[akun.AkunBaru], judul: str):
    """The one and only display of new passwords; the XLSX is embedded in the page (a data:
    link), made in memory now and never stored on the server."""
    berkas = akun.xlsx_akun(daftar)
    nama = f"akun-pantarlih-{timezone.localtime().strftime('%Y%m%d-%H%M')}.xlsx"
    peringatan = [w for a in daftar for w in a.peringatan]
    return render(request, "coklit/pps/akun_baru.html", _konteks(
        request, daftar=daftar, judul=judul, xlsx=_data_uri(berkas), nama_berkas=nama,
        peringatan=peringatan, tab="pantarlih"))


@akses
@require_GET
def pantarlih(request):
    scope = request.scope
    page = paginate(request, akun.pantarlih_qs(scope), 50)
    return render(request, "coklit/pps/pantarlih.html", _konteks(
        request, page=page, ringkasan=akun.ringkasan_tps(scope)
        if _kelurahan_pps(scope) else [], tab="pantarlih"))


@akses
def pantarlih_tambah(request):
    scope = request.scope
    if not akun.boleh_kelola(scope):
        raise PermissionDenied(_("Akun Pantarlih dikelola oleh PPS kelurahan/desa masing-masing."))
    form = PantarlihForm(request.POST or None, scope=scope)
    if request.method == "POST":
        if form.is_valid():
            try:
                baru = akun.buat_pantarlih(request.user, form.cleaned_data)
            except akun.DataTidakValid as exc:
                _ke_form(form, exc.galat)
            else:
                return _tampil_akun(request, [baru], _("Pantarlih baru"))
        else:
            # Show every problem at once, not the missing choices first and the NIK later.
            _clean, galat = akun.bersihkan(request.POST)
            _ke_form(form, {k: v for k, v in galat.items() if k not in form.errors})
    return render(request, "coklit/pps/pantarlih_tambah.html", _konteks(
        request, form=form, tab="pantarlih"), status=422 if form.errors else 200)


@akses
@require_POST
def pantarlih_sandi(request, pk: int):
    try:
        hasil = akun.reset_sandi(request.user, pk)
    except akun.AkunError as exc:
        messages.error(request, exc.pesan)
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
    if not akun.boleh_kelola(request.scope):
        raise PermissionDenied(_("Akun Pantarlih dikelola oleh PPS kelurahan/desa masing-masing."))
    isi = akun.templat_xlsx(request.scope)
    kel = _kelurahan_pps(request.scope)
    nama = f"templat-pantarlih-{slug(kel.nama) if kel else 'pps'}.xlsx"
    resp = HttpResponse(isi, content_type=akun.XLSX_MIME)
    resp["Content-Disposition"] = f'attachment; filename="{nama}"'
    return resp


class UnggahForm(forms.Form):
    berkas = forms.FileField(label=gettext_lazy("Berkas XLSX yang sudah diisi"),
                             widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}))


@akses
def pantarlih_unggah(request):
    scope = request.scope
    if not akun.boleh_kelola(scope):
        raise PermissionDenied(_("Akun Pantarlih dikelola oleh PPS kelurahan/desa masing-masing."))
    form = UnggahForm(request.POST or None, request.FILES or None)
    galat = []
    pesan = ""
    if request.method == "POST" and form.is_valid():
        try:
            daftar = akun.impor_xlsx(request.user, form.cleaned_data["berkas"])
        except akun.BerkasTidakValid as exc:
            galat, pesan = exc.galat, exc.pesan
        except akun.DataTidakValid as exc:
            galat = [akun.GalatBaris(0, "", "", m) for ms in exc.galat.values() for m in ms]
            pesan = exc.pesan
        else:
            return _tampil_akun(request, daftar, _("Pantarlih dari berkas XLSX"))
    return render(request, "coklit/pps/pantarlih_unggah.html", _konteks(
        request, form=form, galat=galat, pesan=pesan, tab="pantarlih"),
        status=422 if (galat or form.errors) else 200)
