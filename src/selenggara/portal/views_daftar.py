"""The public side of the list stages: cek DPT (``/cek-dpt/``) and the DPS announcement
(``/dps/``). No account needed; every read is a deliberate ``unscoped`` one of the list KPU
published, and every request is counted against the limits of ``portal.cek_dpt``.

- ``/cek-dpt/``: a plain form (works without JavaScript), POST only so the NIK never sits in
  a URL; the answer never repeats the NIK typed.
- ``/dps/``: the kelurahan of the election; ``/dps/<kelurahan>/``: its TPS with their counts;
  ``/dps/<kelurahan>/<tps>/``: the DPS rows of one TPS (name, sex, age on polling day, RT/RW,
  NIK and NKK masked to their region prefix), 50 a page, searchable by name;
  ``.../pdf/``: the Model A-Daftar Pemilih posted at the kelurahan office. There is no bulk
  export: one TPS a page or a file, under a per-address limit.

Each page costs the rows it shows: the TPS page reads one page through the
``(daftar, tps, nomor)`` index and takes its size from the highest ``nomor`` (the numbers run
1..n in a TPS), the kelurahan page counts only that kelurahan's TPS.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from selenggara.daftar import model_a
from selenggara.daftar.models import BarisDaftar, DaftarTetap
from selenggara.petugas.scope import unscoped
from selenggara.rules.eligibility import umur_pada
from selenggara.rules.nik import mask_nik, mask_nkk
from selenggara.web.akses import Terhitung, paginate, query_tanpa_page
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from . import cek_dpt as cek

PER_HALAMAN_DPS = 50
MAKS_CARI_NAMA = 60


def _ditolak(request, hasil, template: str = "portal/cek_dpt_batas.html"):
    j = cek.tolak_batas(hasil)
    response = render(request, template, {"pesan": j.pesan}, status=429)
    response["Retry-After"] = str(j.coba_lagi_detik)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def cek_dpt(request):
    """The form (GET) and the answer (POST). Every POST is counted, whatever it holds."""
    ctx: dict = {"pemilihan": cek.pemilihan_publik()}
    if request.method != "POST":
        return render(request, "portal/cek_dpt.html", ctx)
    jawaban = cek.cek(request, request.POST.get("nik", ""))
    ctx["jawaban"] = jawaban
    response = render(request, "portal/cek_dpt.html", ctx, status=jawaban.status)
    if jawaban.coba_lagi_detik:
        response["Retry-After"] = str(jawaban.coba_lagi_detik)
    return response


# --- DPS announcement ---------------------------------------------------------------------------


def _batas_dps(request, pdf: bool = False):
    semua = cek.setelan_batas("DPS_BATAS_GLOBAL", cek.BATAS_DPS_GLOBAL)
    if pdf:
        return cek.periksa_batas(
            request, "dpspdf", cek.setelan_batas("DPS_BATAS_PDF_IP", cek.BATAS_PDF_IP), semua)
    return cek.periksa_batas(
        request, "dps", cek.setelan_batas("DPS_BATAS_IP", cek.BATAS_DPS_IP), semua)


def _dps():
    """(election, its DPS or None)."""
    pemilihan = cek.pemilihan_publik()
    if pemilihan is None:
        return None, None
    dps = (unscoped(DaftarTetap.objects, "the DPS is announced to the public")
           .filter(pemilihan=pemilihan, tahap="DPS").select_related("pleno").first())
    return pemilihan, dps


def _kelurahan(pemilihan, kode: str) -> Wilayah:
    kel = (unscoped(Wilayah.objects, "the areas of the announced DPS are public")
           .select_related("induk", "induk__induk").filter(kode=kode, tingkat=Tingkat.KELURAHAN)
           .first())
    if kel is None or kel.induk is None or kel.induk.induk_id != pemilihan.wilayah_id:
        raise Http404(_("Kelurahan tidak ditemukan."))
    return kel


def _belum(request, pemilihan):
    return render(request, "portal/dps_belum.html", {"pemilihan": pemilihan})


@never_cache
@require_GET
def dps_indeks(request):
    if (ditolak := _batas_dps(request)) is not None:
        return _ditolak(request, ditolak)
    pemilihan, dps = _dps()
    if dps is None:
        return _belum(request, pemilihan)
    wilayah = unscoped(Wilayah.objects, "the areas of the announced DPS are public")
    kecamatan = list(wilayah.filter(induk=pemilihan.wilayah, tingkat=Tingkat.KECAMATAN)
                     .order_by("kode"))
    kelurahan: dict[int, list] = {}
    for kel in wilayah.filter(induk__in=kecamatan, tingkat=Tingkat.KELURAHAN).order_by("kode"):
        kelurahan.setdefault(kel.induk_id, []).append(kel)
    return render(request, "portal/dps_indeks.html", {
        "pemilihan": pemilihan, "dps": dps,
        "kecamatan": [(kec, kelurahan.get(kec.pk, [])) for kec in kecamatan]})


@never_cache
@require_GET
def dps_kelurahan(request, kode: str):
    if (ditolak := _batas_dps(request)) is not None:
        return _ditolak(request, ditolak)
    pemilihan, dps = _dps()
    if dps is None:
        return _belum(request, pemilihan)
    kel = _kelurahan(pemilihan, kode)
    tps = list(unscoped(TPS.objects, "the TPS of the announced DPS are public")
               .filter(kelurahan=kel).order_by("nomor"))
    hitung: dict[int, dict[str, int]] = {}
    for tid, jk, n in (unscoped(BarisDaftar.objects, "counts of the announced DPS are public")
                       .filter(daftar=dps, tps_id__in=[t.pk for t in tps])
                       .values_list("tps_id", "jenis_kelamin").annotate(n=Count("id"))
                       .order_by()):
        hitung.setdefault(tid, {"L": 0, "P": 0})[jk] = n
    rows, jumlah = [], {"l": 0, "p": 0, "total": 0}
    for t in tps:
        h = hitung.get(t.pk)
        if h is None:
            continue
        r = {"tps": t, "l": h.get("L", 0), "p": h.get("P", 0)}
        r["total"] = r["l"] + r["p"]
        for key in jumlah:
            jumlah[key] += r[key]
        rows.append(r)
    return render(request, "portal/dps_kelurahan.html", {
        "pemilihan": pemilihan, "dps": dps, "kelurahan": kel, "rows": rows, "jumlah": jumlah})


def _tps(kel: Wilayah, nomor: int) -> TPS:
    t = (unscoped(TPS.objects, "the TPS of the announced DPS are public")
         .filter(kelurahan=kel, nomor=nomor).first())
    if t is None:
        raise Http404(_("TPS tidak ditemukan."))
    return t


@never_cache
@require_GET
def dps_tps(request, kode: str, nomor: int):
    if (ditolak := _batas_dps(request)) is not None:
        return _ditolak(request, ditolak)
    pemilihan, dps = _dps()
    if dps is None:
        return _belum(request, pemilihan)
    kel = _kelurahan(pemilihan, kode)
    tps = _tps(kel, nomor)
    qs = (unscoped(BarisDaftar.objects, "the announced DPS lists names per TPS")
          .filter(daftar=dps, tps=tps).order_by("nomor")
          .values_list("nomor", "nama", "jenis_kelamin", "tanggal_lahir", "rt", "rw", "nik",
                       "nkk"))
    nama = " ".join(request.GET.get("nama", "").split())[:MAKS_CARI_NAMA]
    if nama:
        # Bounded by the TPS (a few hundred rows on the index), counted by the paginator.
        sumber = qs.filter(nama__icontains=nama)
    else:
        # The numbers run 1..n within a TPS: its size is one index probe, not a COUNT.
        n = qs.order_by("-nomor").values_list("nomor", flat=True).first() or 0
        sumber = Terhitung(qs, n)
    page = paginate(request, sumber, per_page=PER_HALAMAN_DPS)
    hari = pemilihan.hari_pemungutan
    rows = [{"nomor": no, "nama": nm, "jk": jk, "usia": umur_pada(lahir, hari), "rt": rt,
             "rw": rw, "nik": mask_nik(nik), "nkk": mask_nkk(nkk)}
            for no, nm, jk, lahir, rt, rw, nik, nkk in page.object_list]
    return render(request, "portal/dps_tps.html", {
        "pemilihan": pemilihan, "dps": dps, "kelurahan": kel, "tps": tps, "page": page,
        "rows": rows, "nama": nama, "query": query_tanpa_page(request)})


@never_cache
@require_GET
def dps_pdf(request, kode: str, nomor: int):
    if (ditolak := _batas_dps(request, pdf=True)) is not None:
        return _ditolak(request, ditolak)
    pemilihan, dps = _dps()
    if dps is None:
        return _belum(request, pemilihan)
    kel = _kelurahan(pemilihan, kode)
    tps = (unscoped(TPS.objects, "the TPS of the announced DPS are public")
           .select_related("kelurahan__induk__induk__induk").filter(kelurahan=kel, nomor=nomor)
           .first())
    if tps is None:
        raise Http404(_("TPS tidak ditemukan."))
    isi = model_a.pdf(dps, tps, publik=True)
    response = HttpResponse(isi, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{model_a.nama_berkas(dps, tps)}"'
    return response
