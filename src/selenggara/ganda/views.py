"""The duplicate-voter pages, under /ganda/.

- ``/ganda/``: the review queue of the caller's area (KPU: the kab/kota; PPK: its kecamatan,
  read-only; PPS: pairs touching its kelurahan), by status, with the last search and, for
  KPU, the button that starts one as a background job (the page refreshes itself while the
  run reports progress; ``/ganda/pencarian/<id>.json`` gives the same to scripts).
- ``/ganda/<id>/``: one pair side by side, the differing fields highlighted, the reasons, and
  the decision form (same person, with the record to strike preselected by the rule;
  different people; needs field check).
- ``/ganda/lapangan/``: the pairs waiting for a field check at the caller's TPS (Pantarlih)
  or kelurahan (PPS), with the form to report what was found.
- ``/ganda/unduh.<csv|xlsx|json>``: the queue of the caller's area as a file.

Every read goes through ``scoped``; another area's pair is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from selenggara.errors import ServiceError
from selenggara.laporan.ekspor import FORMAT
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.scope import get_scoped_or_404, scoped
from selenggara.rules import ganda as aturan
from selenggara.rules import kode
from selenggara.rules.nik import mask_nik_tail
from selenggara.web.akses import paginate, petugas_required
from selenggara.web.errors import ke_pesan

from . import alasan as teks_alasan
from . import ekspor, keputusan, pencarian
from .models import PasanganGanda, PencarianGanda, StatusPasangan, StatusPencarian

PER_HALAMAN = 25
akses = petugas_required("KPU", "PPK", "PPS")

LABEL = {"nik": "NIK", "nkk": "NKK", "nama": _("Nama"), "jenis_kelamin": _("Jenis kelamin"),
         "tempat_lahir": _("Tempat lahir"), "tanggal_lahir": _("Tanggal lahir"),
         "status_kawin": _("Status perkawinan"), "alamat": _("Alamat"), "rt": "RT", "rw": "RW",
         "tps": "TPS", "kelurahan": _("Kelurahan/desa")}


def _pemilihan(request) -> Pemilihan:
    scope = request.scope
    if scope.pemilihan_id is None:
        raise Http404(_("Pilih pemilihan dulu."))
    return get_scoped_or_404(Pemilihan.objects.select_related("wilayah"), scope,
                             pk=scope.pemilihan_id)


def _status(request) -> str:
    s = request.GET.get("status") or StatusPasangan.MENUNGGU
    return s if s in StatusPasangan.values else StatusPasangan.MENUNGGU


@akses
@require_GET
def antrean(request):
    if request.scope.pemilihan_id is None:
        messages.warning(request, _("Pilih pemilihan dulu, lalu buka lagi halaman data ganda."))
        return redirect("pilih")
    pemilihan = _pemilihan(request)
    scope = request.scope
    status = _status(request)
    semua = scoped(PasanganGanda.objects, scope).filter(pemilihan=pemilihan)
    jumlah = dict.fromkeys(StatusPasangan.values, 0)
    for s, n in _hitung(semua):
        jumlah[s] = n
    qs = (semua.filter(status=status)
          .select_related("pemilih_a__tps", "pemilih_b__tps", "kelurahan_a", "kelurahan_b"))
    qs = qs.order_by("-probabilitas", "pemilih_a_id", "pemilih_b_id") if status in (
        StatusPasangan.MENUNGGU, StatusPasangan.CEK_LAPANGAN) else qs.order_by("-diputuskan")
    page = paginate(request, qs, PER_HALAMAN)
    runs = scoped(PencarianGanda.objects, scope).filter(pemilihan=pemilihan)
    terakhir = runs.order_by("-dimulai", "-id").first()
    berjalan = terakhir is not None and terakhir.status in (StatusPencarian.ANTRE,
                                                           StatusPencarian.BERJALAN)
    return render(request, "ganda/antrean.html", {
        "pemilihan": pemilihan, "page": page, "status": status,
        "tabs": [(k, v, jumlah[k]) for k, v in StatusPasangan.choices],
        "baris": [{"x": x, "alasan": teks_alasan.ringkas(x.alasan)} for x in page.object_list],
        "terakhir": terakhir, "berjalan": berjalan,
        "boleh_cari": scope.semua or scope.peran == "KPU",
        "boleh_putus": scope.semua or scope.peran in keputusan.PERAN_PUTUS,
    })


def _hitung(qs):
    from django.db.models import Count

    return qs.order_by().values("status").annotate(n=Count("id")).values_list("status", "n")


@petugas_required("KPU")
@require_POST
def cari(request):
    pemilihan = _pemilihan(request)
    try:
        if not scoped(Pemilih.objects, request.scope).filter(pemilihan=pemilihan,
                                                            tms_kode="").exists():
            raise ServiceError.keadaan(_("Daftar pemilih masih kosong: muat atau impor daftar "
                                         "pemilih dulu, lalu cari data ganda."),
                                       code="daftar_kosong")
        p = pencarian.mulai(request.user, pemilihan)
    except ServiceError as exc:
        ke_pesan(request, exc)
    else:
        pencarian.jalankan_di_latar(p)
        messages.success(request, _("Pencarian data ganda #%(id)s dimulai. Halaman ini "
                                    "diperbarui sendiri sampai selesai.") % {"id": p.pk})
    return redirect("ganda:antrean")


@akses
@require_GET
def status_pencarian(request, pk: int):
    p = get_scoped_or_404(PencarianGanda.objects, request.scope, pk=pk)
    return JsonResponse({
        "id": p.pk, "status": p.status, "progres": p.progres, "langkah": p.langkah,
        "rekam": p.jumlah_rekam, "dibandingkan": p.jumlah_dibandingkan,
        "ditemukan": p.jumlah_ditemukan, "baru": p.jumlah_baru, "detik": p.detik,
        "memori_mb": p.memori_mb, "galat": p.galat,
    })


def _orang(p: Pemilih) -> dict:
    return {"nik": mask_nik_tail(p.nik), "nkk": mask_nik_tail(p.nkk), "nama": p.nama,
            "jenis_kelamin": p.jenis_kelamin, "tempat_lahir": p.tempat_lahir,
            "tanggal_lahir": p.tanggal_lahir.strftime("%d-%m-%Y"),
            "status_kawin": p.status_kawin, "alamat": p.alamat, "rt": p.rt, "rw": p.rw,
            "tps": p.tps.label, "kelurahan": p.kelurahan.nama}


def _banding(a: Pemilih, b: Pemilih) -> list[dict]:
    # Differences are judged on the real values (two masked NIKs look alike).
    asli_a = {k: getattr(a, k, None) for k in aturan.KOLOM_BANDING}
    asli_b = {k: getattr(b, k, None) for k in aturan.KOLOM_BANDING}
    asli_a["tps"], asli_b["tps"] = a.tps_id, b.tps_id
    asli_a["kelurahan"], asli_b["kelurahan"] = a.kelurahan_id, b.kelurahan_id
    beda = aturan.beda(asli_a, asli_b)
    oa, ob = _orang(a), _orang(b)
    return [{"kolom": k, "label": LABEL[k], "a": oa[k], "b": ob[k], "beda": k in beda}
            for k in aturan.KOLOM_BANDING]


@akses
@require_GET
def rinci(request, pk: int):
    x = get_scoped_or_404(PasanganGanda.objects.select_related(
        "pemilih_a__tps", "pemilih_a__kelurahan", "pemilih_b__tps", "pemilih_b__kelurahan",
        "diputuskan_oleh", "dicoret"), request.scope, pk=pk)
    a, b = x.pemilih_a, x.pemilih_b
    usul = keputusan.usulan_coret(a, b) if not (a.tms_kode or b.tms_kode) else None
    scope = request.scope
    return render(request, "ganda/rinci.html", {
        "x": x, "a": a, "b": b, "banding": _banding(a, b),
        "alasan": teks_alasan.kalimat(x.alasan, semua=True), "usul": usul,
        "basi": (a.versi, b.versi) != (x.versi_a, x.versi_b),
        "terbuka": x.status in (StatusPasangan.MENUNGGU, StatusPasangan.CEK_LAPANGAN),
        "boleh_putus": scope.semua or scope.peran in keputusan.PERAN_PUTUS,
        "tms_label": dict(kode.TMS_KODE),
    })


@akses
@require_POST
def putuskan(request, pk: int):
    post = request.POST
    try:
        x = keputusan.putuskan(request.user, pk, keputusan=post.get("keputusan", ""),
                               versi_a=int(post.get("versi_a") or 0),
                               versi_b=int(post.get("versi_b") or 0),
                               coret=post.get("coret") or None, catatan=post.get("catatan", ""))
    except ServiceError as exc:
        ke_pesan(request, exc)
        for pesan in exc.galat.values():
            for m in pesan:
                if m != exc.pesan:
                    messages.error(request, m)
        try:
            get_scoped_or_404(PasanganGanda.objects, request.scope, pk=pk)
        except Http404:
            return redirect("ganda:antrean")
        return redirect("ganda:rinci", pk=pk)
    messages.success(request, _("Pasangan %(a)s–%(b)s: %(status)s.") % {
        "a": x.pemilih_a_id, "b": x.pemilih_b_id, "status": x.get_status_display()})
    berikut = (scoped(PasanganGanda.objects, request.scope)
               .filter(pemilihan_id=x.pemilihan_id, status=StatusPasangan.MENUNGGU)
               .order_by("-probabilitas", "pemilih_a_id", "pemilih_b_id").first())
    if berikut is not None and post.get("lanjut") == "1":
        return redirect("ganda:rinci", pk=berikut.pk)
    return redirect("ganda:antrean")


@petugas_required("PANTARLIH", "PPS", "KPU")
@require_GET
def lapangan(request):
    qs = (scoped(PasanganGanda.objects, request.scope)
          .filter(status=StatusPasangan.CEK_LAPANGAN)
          .select_related("pemilih_a__tps", "pemilih_b__tps", "pemilih_a__kelurahan",
                          "pemilih_b__kelurahan")
          .order_by("pemilih_a__tps__nomor", "pemilih_a_id"))
    page = paginate(request, qs, PER_HALAMAN)
    return render(request, "ganda/lapangan.html", {
        "page": page, "baris": [{"x": x, "banding": _banding(x.pemilih_a, x.pemilih_b)}
                                for x in page.object_list]})


@petugas_required("PANTARLIH", "PPS", "KPU")
@require_POST
def lapor(request, pk: int):
    try:
        keputusan.catat_lapangan(request.user, pk, temuan=request.POST.get("temuan", ""),
                                 catatan=request.POST.get("catatan", ""))
    except ServiceError as exc:
        ke_pesan(request, exc)
        for pesan in exc.galat.values():
            for m in pesan:
                if m != exc.pesan:
                    messages.error(request, m)
    else:
        messages.success(request, _("Hasil cek lapangan tersimpan; pasangan kembali ke "
                                    "antrean PPS/KPU."))
    return redirect("ganda:lapangan")


@akses
@require_GET
def unduh(request, fmt: str):
    if fmt not in ("csv", "xlsx", "json"):
        raise Http404(_("Format tidak dikenal."))
    pemilihan = _pemilihan(request)
    qs = scoped(PasanganGanda.objects, request.scope).filter(pemilihan=pemilihan)
    if request.GET.get("status") in StatusPasangan.values:
        qs = qs.filter(status=request.GET["status"])
    isi = ekspor.tulis(ekspor.baris(qs), fmt,
                       judul=_("Data ganda · %(w)s") % {"w": pemilihan.wilayah.nama})
    resp = HttpResponse(isi, content_type=FORMAT.get(fmt, "application/json"))
    resp["Content-Disposition"] = f'attachment; filename="data-ganda.{fmt}"'
    return resp


def url_status(p: PencarianGanda) -> str:
    return reverse("ganda:status", args=[p.pk])
