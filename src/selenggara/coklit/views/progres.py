"""PPS, PPK and KPU: coklit progress of the caller's area (read from the counters)."""

from __future__ import annotations

from django.shortcuts import render
from django.views.decorators.http import require_GET

from selenggara.web import jam

from .. import progres as progres_coklit
from .pps import akses, kelurahan_dipilih, konteks


@akses
@require_GET
def progres(request):
    kelurahan = kelurahan_dipilih(request)
    data = progres_coklit.progres(request.scope, kelurahan)
    return render(request, "coklit/pps/progres.html", konteks(
        request, data=data, kelurahan=kelurahan, hari_ini=jam.hari_ini(), tab="progres"))
