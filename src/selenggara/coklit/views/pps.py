"""What every /pps/ page shares: who gets in, the tabs with their counts, the chosen area."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme

from selenggara.daftar.models import StatusTanggapan, Tanggapan
from selenggara.petugas import services as akun
from selenggara.petugas.scope import get_scoped_or_404, scoped
from selenggara.web.akses import petugas_required
from selenggara.wilayah.models import Tingkat, Wilayah

from .. import antrean, keputusan

# -- access ---------------------------------------------------------------------------------------
# KPU, PPK and PPS (and a superuser) get in; the public goes to the login page; other roles get
# a 403 page saying where their work is, as does a refusal (ServiceError DITOLAK) of a service.
akses = petugas_required(*keputusan.PERAN_PEMANTAU, template="coklit/pps/tanpa_akses.html")


def kembali(request, default: str):
    nxt = request.POST.get("next") or request.GET.get("next") or ""
    if nxt and url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
        return redirect(nxt)
    return redirect(default)


def konteks(request, **extra) -> dict:
    """What every /pps/ page shows: the tabs with queue counts, the area, the caller's rights."""
    scope = request.scope
    kelurahan = kelurahan_pps(scope)
    return {
        "jumlah_tab": antrean.jumlah_per_tab(scope),
        # Public responses to the DPS wait in the same PPS's queue (daftar.tanggapan).
        "jumlah_tanggapan": scoped(Tanggapan.objects.filter(
            status=StatusTanggapan.MENUNGGU), scope).count(),
        "wilayah_saya": (scoped(Wilayah.objects.filter(pk=scope.wilayah_id), scope).first()
                         if scope.wilayah_id else None),
        "kelurahan_pps": kelurahan,
        "boleh_meninjau": keputusan.boleh_meninjau(scope),
        "boleh_kelola": akun.boleh_kelola(scope),
        **extra,
    }


def kelurahan_pps(scope):
    if scope.tingkat == Tingkat.KELURAHAN and scope.tps_id is None:
        return scoped(Wilayah.objects.filter(pk=scope.wilayah_id), scope).first()
    return None


def kelurahan_dipilih(request):
    """PPS: its own kelurahan. KPU/PPK: the one chosen with ?kelurahan= (404 outside the area),
    or None for the overview."""
    scope = request.scope
    sendiri = kelurahan_pps(scope)
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
