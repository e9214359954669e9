"""Voter list and voter detail for officers, always through the scope helper."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from selenggara.petugas.scope import ROLES_WITH_VOTER_ACCESS, get_scoped_or_404, scoped
from selenggara.web.akses import Terhitung, paginate, petugas_required, query_tanpa_page
from selenggara.web.forms import PESAN_NIK_PENUH, berisi_nik_penuh
from selenggara.wilayah.hierarki import TINGKAT_TPS
from selenggara.wilayah.models import Tingkat

from .forms import CariPemilihForm
from .models import Pemilih, Rekap
from .riwayat import riwayat_pemilih

_KOLOM_DAFTAR = (
    "id",
    "nik",
    "nkk",
    "nama",
    "jenis_kelamin",
    "tempat_lahir",
    "tanggal_lahir",
    "alamat",
    "rt",
    "rw",
    "disabilitas",
    "ktp_el",
    "tahap",
    "tms_kode",
    "coklit",
    "kelurahan_id",
    "tps_id",
    "kelurahan__nama",
    "tps__nomor",
)


@petugas_required(*ROLES_WITH_VOTER_ACCESS)
@require_GET
def daftar(request):
    scope = request.scope
    q = request.GET.get("q", "")
    if q and berisi_nik_penuh(q):
        # Send the browser to a clean URL at once, so the NIK does not stay in the address
        # bar, the history or a bookmark, and is not echoed into the page. The message says
        # what to type instead.
        params = request.GET.copy()
        params.pop("q", None)
        params.pop("page", None)
        messages.warning(request, PESAN_NIK_PENUH)
        url = request.path + (f"?{params.urlencode()}" if params else "")
        return redirect(url)

    form = CariPemilihForm(request.GET or None, scope=scope)
    qs = scoped(Pemilih.objects.select_related("kelurahan", "tps"), scope).only(*_KOLOM_DAFTAR)
    cari = False
    # What the list covers, for its count: the caller's area, or the kelurahan / TPS chosen.
    cakupan = (TINGKAT_TPS, scope.tps_id) if scope.tps_id else (scope.tingkat, scope.wilayah_id)
    if form.is_bound:
        if form.is_valid():
            words, tails = form.terms()
            for w in words:
                qs = qs.filter(nama__icontains=w)
            if tails:
                cond = Q()
                for t in tails:
                    cond |= Q(nik__endswith=t)
                qs = qs.filter(cond)
            if form.cleaned_data.get("kelurahan"):
                qs = qs.filter(kelurahan=form.cleaned_data["kelurahan"])
                cakupan = (Tingkat.KELURAHAN, form.cleaned_data["kelurahan"].pk)
            if form.cleaned_data.get("tps"):
                qs = qs.filter(tps=form.cleaned_data["tps"])
                cakupan = (TINGKAT_TPS, form.cleaned_data["tps"].pk)
            cari = bool(words or tails)
        else:
            qs = qs.none()
            cakupan = None
    # Without a name search the count is the area's counter (one row), not COUNT(*) over
    # hundreds of thousands of voters; a search still counts what it found.
    total = None
    if not cari and cakupan is not None and cakupan[1] is not None and not scope.semua:
        total = (scoped(Rekap.objects.filter(tingkat=cakupan[0], objek_id=cakupan[1]), scope)
                 .values_list("pemilih", flat=True).first() or 0)
    page = paginate(request, qs if total is None else Terhitung(qs, total))
    return render(
        request,
        "pemilih/daftar.html",
        {
            "form": form,
            "page": page,
            "query": query_tanpa_page(request),
            "cari": cari,
        },
    )


@petugas_required(*ROLES_WITH_VOTER_ACCESS)
@require_GET
def detail(request, pk: int):
    scope = request.scope
    pemilih = get_scoped_or_404(
        Pemilih.objects.select_related("kecamatan", "kelurahan", "tps", "pemilihan"),
        scope,
        pk=pk,
    )
    return render(request, "pemilih/detail.html",
                  {"pemilih": pemilih, "riwayat": riwayat_pemilih(pemilih)})
