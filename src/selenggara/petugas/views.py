"""Officer list, scoped like every other page."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from selenggara.web.akses import paginate, petugas_required, query_tanpa_page

from .forms import CariPetugasForm
from .models import Petugas
from .scope import ROLES_WITH_VOTER_ACCESS, scoped


@petugas_required(*ROLES_WITH_VOTER_ACCESS)
@require_GET
def daftar(request):
    scope = request.scope
    form = CariPetugasForm(request.GET or None, scope=scope)
    qs = scoped(Petugas.objects.all(), scope).select_related("wilayah", "tps", "tps__kelurahan")
    if form.is_bound:
        if form.is_valid():
            data = form.cleaned_data
            for w in data["q"].split():
                qs = qs.filter(nama__icontains=w)
            if data.get("peran"):
                qs = qs.filter(peran=data["peran"])
            if data.get("kelurahan"):
                qs = qs.filter(wilayah=data["kelurahan"])
        else:
            qs = qs.none()
    page = paginate(request, qs)
    return render(
        request,
        "petugas/daftar.html",
        {
            "form": form,
            "page": page,
            "query": query_tanpa_page(request),
        },
    )
