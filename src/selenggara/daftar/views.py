"""The plenary pages of KPU, PPK and PPS, mounted at /daftar/ (namespace ``daftar``).

- the rounds (DPS, DPT): for the caller's area, its own plenary and which areas below have held
  theirs (KPU sees the missing kecamatan and kelurahan);
- the form that holds the caller's plenary (``pleno.adakan``, refusals on the form);
- a plenary's page: the recap tables and the downloads (Berita Acara PDF, recap XLSX, the diff
  against the previous set list).

Every read goes through the scope helper: a PPS sees its kelurahan's plenaries and those above
it (the BA that set the list it works on), never another kelurahan's.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from selenggara.errors import Jenis, ServiceError
from selenggara.laporan.xlsx import XLSX_MIME
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.models import Petugas
from selenggara.petugas.scope import get_scoped_or_404, scoped
from selenggara.rules import daftar as aturan
from selenggara.rules.teks import slug
from selenggara.web import jam
from selenggara.web.akses import petugas_required
from selenggara.web.errors import ke_form
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from . import berita_acara, dptb, model_a, selisih
from .forms import HadirFormSet, PlenoForm, data_pleno
from .models import DaftarTetap, Pleno
from .pleno import PERAN_TINGKAT, adakan

akses = petugas_required("KPU", "PPK", "PPS")
TINGKAT_LABEL = {Tingkat.KECAMATAN: "Kecamatan", Tingkat.KELURAHAN: "Kelurahan/Desa"}


def _konteks(request) -> tuple[Pemilihan, Wilayah]:
    """The caller's election and area (a superuser: the kab/kota of the election it chose)."""
    scope = request.scope
    if scope.pemilihan_id is None:
        raise Http404(_("Pilih pemilihan dulu."))
    pemilihan = get_scoped_or_404(Pemilihan.objects.select_related("wilayah"), scope,
                                  pk=scope.pemilihan_id)
    if scope.semua:
        return pemilihan, pemilihan.wilayah
    wilayah = get_scoped_or_404(Wilayah.objects.select_related("induk"), scope,
                                pk=scope.wilayah_id)
    return pemilihan, wilayah


def _putaran(request, pemilihan: Pemilihan, wilayah: Wilayah) -> list[dict]:
    """Per round: the caller's plenary, and per level below, the areas held and missing."""
    scope = request.scope
    plenos = {(p.tahap, p.wilayah_id): p for p in scoped(
        Pleno.objects.filter(pemilihan=pemilihan).select_related("wilayah"), scope)}
    tetap = {d.tahap for d in scoped(DaftarTetap.objects.filter(pemilihan=pemilihan), scope)}
    bawah: list[tuple[int, list[Wilayah]]] = []
    if wilayah.tingkat == Tingkat.KABKOTA:
        kec = list(scoped(Wilayah.objects.filter(induk=wilayah), scope).order_by("kode"))
        kel = list(scoped(Wilayah.objects.filter(induk__induk=wilayah), scope).order_by("kode"))
        bawah = [(Tingkat.KECAMATAN, kec), (Tingkat.KELURAHAN, kel)]
    elif wilayah.tingkat == Tingkat.KECAMATAN:
        bawah = [(Tingkat.KELURAHAN, list(scoped(Wilayah.objects.filter(induk=wilayah), scope)
                                          .order_by("kode")))]
    out = []
    for akhir, per in aturan.PUTARAN.items():
        tahap = per[wilayah.tingkat]
        tingkat_bawah = []
        for t, areas in bawah:
            tb = per[t]
            sudah = [(w, plenos[(tb, w.pk)]) for w in areas if (tb, w.pk) in plenos]
            belum = [w for w in areas if (tb, w.pk) not in plenos]
            tingkat_bawah.append({"label": TINGKAT_LABEL[t], "tahap": tb, "sudah": sudah,
                                  "belum": belum, "jumlah": len(areas)})
        sendiri = plenos.get((tahap, wilayah.pk))
        sebelum = aturan.SEBELUM[akhir]
        out.append({
            "akhir": akhir, "tahap": tahap, "pleno": sendiri, "bawah": tingkat_bawah,
            "ditetapkan": akhir in tetap,
            "terbuka": sendiri is None and (sebelum is None or sebelum in tetap)
            and all(not b["belum"] for b in tingkat_bawah),
            "atas": [p for (t, _w), p in plenos.items()
                     if t == per[Tingkat.KABKOTA] and wilayah.tingkat != Tingkat.KABKOTA],
        })
    return out


@akses
@require_GET
def beranda(request):
    if request.scope.pemilihan_id is None:  # a superuser that has not chosen an election
        messages.warning(request, _("Pilih pemilihan dulu, lalu buka lagi halaman pleno."))
        return redirect("pilih")
    pemilihan, wilayah = _konteks(request)
    return render(request, "daftar/beranda.html", {
        "pemilihan": pemilihan, "wilayah": wilayah,
        "putaran": _putaran(request, pemilihan, wilayah)})


def _hadir_awal(request, pemilihan: Pemilihan, wilayah: Wilayah) -> list[dict]:
    """The members of the caller's body, to tick who came and signed."""
    peran = PERAN_TINGKAT.get(wilayah.tingkat)
    qs = scoped(Petugas.objects.filter(pemilihan=pemilihan, peran=peran, wilayah=wilayah,
                                       aktif=True), request.scope)
    urut = {"KETUA": 0, "ANGGOTA": 1, "SEKRETARIS": 2, "OPERATOR": 3}
    anggota = sorted(qs, key=lambda p: (urut.get(p.jabatan, 9), p.nama))
    return [{"nama": p.nama, "jabatan": p.jabatan, "tanda_tangan": True} for p in anggota]


@akses
def pleno_baru(request, tahap: str):
    pemilihan, wilayah = _konteks(request)
    if aturan.putaran(tahap, wilayah.tingkat) is None:
        raise Http404(_("Pleno ini tidak diadakan di tingkat Anda."))
    if request.method == "POST":
        form = PlenoForm(request.POST)
        hadir = HadirFormSet(request.POST, prefix="hadir")
        if form.is_valid() and hadir.is_valid():
            try:
                p = adakan(request.user, pemilihan=pemilihan, tahap=tahap, wilayah=wilayah,
                           data=data_pleno(form, hadir))
            except ServiceError as exc:
                if exc.jenis in (Jenis.DITOLAK, Jenis.TIDAK_DITEMUKAN):
                    raise
                ke_form(form, exc)
            else:
                messages.success(request, _("Pleno %(tahap)s %(wilayah)s tercatat: %(n)s "
                                            "pemilih di %(tps)s TPS.") % {
                    "tahap": tahap, "wilayah": wilayah.nama, "n": p.jumlah, "tps": p.jumlah_tps})
                return redirect("daftar:pleno", pk=p.pk)
    else:
        form = PlenoForm(initial={"tanggal": jam.hari_ini(),
                                  "tempat": _tempat_awal(wilayah)})
        hadir = HadirFormSet(prefix="hadir",
                             initial=_hadir_awal(request, pemilihan, wilayah))
    status = 422 if form.errors or any(hadir.errors) or hadir.non_form_errors() else 200
    return render(request, "daftar/pleno_baru.html", {
        "pemilihan": pemilihan, "wilayah": wilayah, "tahap": tahap, "form": form,
        "hadir": hadir, "judul": berita_acara.JUDUL_TAHAP[tahap]}, status=status)


def _tempat_awal(wilayah: Wilayah) -> str:
    if wilayah.tingkat == Tingkat.KABKOTA:
        return f"Aula KPU {wilayah.nama}"
    return f"Kantor {wilayah.sebutan} {wilayah.nama}"


def _pleno(request, pk: int) -> Pleno:
    return get_scoped_or_404(Pleno.objects.select_related("wilayah__induk__induk", "pemilihan"),
                             request.scope, pk=pk)


def _banding(request, p: Pleno):
    """The diff the plenary's page offers: (earlier list, later list or None for the register
    now, area) or None. A DPT plenary: DPS -> DPT; a DPSHP plenary: DPS -> the DPT once set,
    the register now before. A caller below the plenary's area gets its own area's part."""
    if p.tahap not in ("DPSHP", "DPT"):
        return None
    lists = {d.tahap: d for d in scoped(DaftarTetap.objects.filter(pemilihan=p.pemilihan),
                                        request.scope)}
    if "DPS" not in lists:
        return None
    scope = request.scope
    area = p.wilayah
    if not scope.semua and scope.tingkat and scope.tingkat > p.tingkat:
        area = get_scoped_or_404(Wilayah.objects, scope, pk=scope.wilayah_id)
    return lists["DPS"], lists.get("DPT"), (None if area.tingkat == Tingkat.KABKOTA else area)


@akses
@require_GET
def pleno_detail(request, pk: int):
    p = _pleno(request, pk)
    w = p.wilayah
    tabel = []
    for t, label in ((Tingkat.KECAMATAN, _("Kecamatan")), (Tingkat.KELURAHAN,
                                                           _("Kelurahan/Desa")), (5, _("TPS"))):
        if t > w.tingkat:
            tabel.append({"label": label, "tps": t == 5,
                          "baris": berita_acara.baris_rekap(p, t)})
    banding = _banding(request, p)
    pemilih_tps, jumlah = _pemilih_tps(p)
    # The printed lists (Model A-Daftar) of a set list, one zip per kelurahan the caller sees.
    model_a_kel = (list(scoped(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN,
                                                      induk__induk=p.wilayah), request.scope)
                        .order_by("kode").only("pk", "nama", "kode"))
                   if p.tahap in ("DPS", "DPT") else [])
    return render(request, "daftar/pleno.html", {
        "model_a_kel": model_a_kel,
        "pemilih_tps": pemilih_tps, "pemilih_tps_jumlah": jumlah,
        "p": p, "wilayah": w, "tabel": tabel, "ba": berita_acara.susun(p),
        "total": berita_acara.total_pleno(p), "perubahan": (p.rekap or {}).get("perubahan", {}),
        "banding": banding})


def _pemilih_tps(p: Pleno) -> tuple[list[dict], dict]:
    """Beside the DPT plenary's recap: per TPS of its area, the DPT and what moved since (DPTb
    in and out, DPK on polling day), counted now (``dptb.rekap_tps``: a GROUP BY each)."""
    if p.tahap != "DPT":
        return [], {}
    hitung = dptb.rekap_tps(p.pemilihan)
    kolom = ("dpt", "dptb_masuk", "dptb_keluar", "dpk")
    baris, jumlah = [], dict.fromkeys(kolom, 0)
    # baris_rekap keeps the stored TPS order, with the kelurahan's name.
    for b, tampil in zip((p.rekap or {}).get("tps", []),
                         berita_acara.baris_rekap(p, "tps"), strict=True):
        h = hitung.get(b["tps_id"], {})
        baris.append({"nama": tampil["nama"], "kelurahan": tampil["kelurahan"],
                      **{k: h.get(k, 0) for k in kolom}})
        for k in kolom:
            jumlah[k] += h.get(k, 0)
    return baris, jumlah


def _unduh(isi: bytes, jenis: str, nama: str) -> HttpResponse:
    resp = HttpResponse(isi, content_type=jenis)
    resp["Content-Disposition"] = f'attachment; filename="{nama}"'
    return resp


@akses
@require_GET
def pleno_pdf(request, pk: int):
    p = _pleno(request, pk)
    return _unduh(berita_acara.pdf(p), "application/pdf", berita_acara.nama_berkas(p, "pdf"))


@akses
@require_GET
def pleno_xlsx(request, pk: int):
    p = _pleno(request, pk)
    nama = berita_acara.nama_berkas(p, "xlsx").replace("ba-", "rekap-", 1)
    return _unduh(berita_acara.rekap_xlsx(p), XLSX_MIME, nama)


@akses
@require_GET
def pleno_selisih(request, pk: int):
    p = _pleno(request, pk)
    banding = _banding(request, p)
    if banding is None:
        raise Http404(_("Belum ada daftar sebelumnya untuk dibandingkan."))
    lama, baru, area = banding
    nama = f"selisih-{lama.tahap.lower()}-{(baru.tahap if baru else 'kini').lower()}-" \
           f"{slug((area or p.wilayah).nama)}.xlsx"
    return _unduh(selisih.ke_xlsx(lama, baru, area), XLSX_MIME, nama)


@petugas_required("KPU", "PPK", "PPS", "KPPS")
@require_GET
def model_a_tps(request, tahap: str, tps_id: int):
    """Model A-Daftar Pemilih of one TPS of a set list (the copy KPPS and PPS use), with the
    identifiers masked as on public copies. Scoped: a KPPS gets its own TPS only."""
    if tahap not in ("DPS", "DPT"):
        raise Http404
    tps = get_scoped_or_404(TPS.objects.select_related("kelurahan__induk__induk__induk"),
                            request.scope, pk=tps_id)
    daftar = get_scoped_or_404(DaftarTetap.objects.select_related("pemilihan"), request.scope,
                               tahap=tahap)
    return _unduh(model_a.pdf(daftar, tps), "application/pdf", model_a.nama_berkas(daftar, tps))


@akses
@require_GET
def model_a_kelurahan(request, tahap: str, kelurahan_id: int):
    """Every TPS of a kelurahan in one zip (for its PPS, and KPU/PPK above it)."""
    if tahap not in ("DPS", "DPT"):
        raise Http404
    kel = get_scoped_or_404(Wilayah.objects.filter(tingkat=Tingkat.KELURAHAN), request.scope,
                            pk=kelurahan_id)
    daftar = get_scoped_or_404(DaftarTetap.objects.select_related("pemilihan"), request.scope,
                               tahap=tahap)
    nama = f"Model-A-{tahap}-{kel.kode_polos}.zip"
    return _unduh(model_a.zip_kelurahan(daftar, kel), "application/zip", nama)
