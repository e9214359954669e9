"""The e-coklit field app shell (a PWA) for Pantarlih."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from selenggara.petugas.scope import get_scope


@login_required
def app(request):
    scope = get_scope(request.user)
    return render(request, "coklit/app.html", {"is_pantarlih": scope.peran == "PANTARLIH"})


@never_cache
def service_worker(request):
    # Served from /coklit/ (not /static/) so its scope covers the whole app.
    return render(request, "coklit/sw.js", content_type="application/javascript")


def manifest(request):
    return render(request, "coklit/manifest.webmanifest",
                  content_type="application/manifest+json")
