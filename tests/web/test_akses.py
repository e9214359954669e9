"""portal.akses.petugas_required: the one access decorator of the officer pages (and /pps/)."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory

from selenggara.web.akses import petugas_required

PESAN = "Hanya PPS yang dapat memutuskan ini."


@petugas_required("PPS")
def _tolak_di_dalam(request):
    raise PermissionDenied(PESAN)


@petugas_required("PPS", template="coklit/pps/tanpa_akses.html")
def _halaman_pps(request):
    return HttpResponse(f"scope {request.scope.peran}")


def _get(user, path="/uji/"):
    request = RequestFactory().get(path)
    request.user = user
    return request


def test_permission_denied_from_the_view_becomes_the_403_page_with_its_message(kediri_mini):
    r = _tolak_di_dalam(_get(kediri_mini.pps_bl))
    assert r.status_code == 403
    html = r.content.decode()
    assert PESAN in html and "Tidak berwenang" in html
    assert "no-store" in r["Cache-Control"]


def test_own_template_for_the_403_page(kediri_mini):
    ns = kediri_mini
    r = _halaman_pps(_get(ns.pantarlih))
    assert r.status_code == 403
    html = r.content.decode()
    assert "Halaman evaluasi coklit untuk PPS" in html  # coklit/pps/tanpa_akses.html
    assert r.content.decode() != _tolak_di_dalam(_get(ns.pantarlih)).content.decode()
    r = _halaman_pps(_get(ns.pps_bl))
    assert r.status_code == 200 and r.content == b"scope PPS"
    assert "no-store" in r["Cache-Control"]
    r = _halaman_pps(_get(AnonymousUser(), "/pps/"))
    assert r.status_code == 302 and "next=/pps/" in r["Location"]

