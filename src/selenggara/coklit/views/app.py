"""The e-coklit field app shell (a PWA) for Pantarlih."""

import hashlib
import json
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import ensure_csrf_cookie

from selenggara.petugas.models import Petugas
from selenggara.petugas.scope import get_scope, get_scoped_or_404

_APP_DIR = Path(__file__).resolve().parent.parent
_STATIC_DIR = _APP_DIR / "static" / "coklit"
_TEMPLATE_DIR = _APP_DIR / "templates" / "coklit"
_SHELL_TEMPLATES = ("app.html", "sw.js", "manifest.webmanifest")


@login_required
@ensure_csrf_cookie  # the app's API writes send the csrftoken cookie back as X-CSRFToken
@never_cache
def app(request):
    scope = get_scope(request.user)
    petugas = None
    if scope.peran == "PANTARLIH" and scope.petugas_id is not None:
        petugas = get_scoped_or_404(Petugas.objects.select_related("pemilihan").only(
            "nama", "pemilihan__hari_pemungutan"), scope, pk=scope.petugas_id)
    return render(request, "coklit/app.html", {
        "is_pantarlih": petugas is not None,
        "nama_petugas": petugas.nama if petugas else "",
        "hari_pemungutan": petugas.pemilihan.hari_pemungutan if petugas else None,
    })


def _shell_files() -> list[Path]:
    return sorted(p for p in _STATIC_DIR.rglob("*") if p.is_file())


def _shell_version(files: list[Path]) -> str:
    """A hash of everything the service worker caches: any change gives a new worker, and
    the phone swaps its cached app for the new one at the next online visit."""
    digest = hashlib.sha256()
    for path in [*files, *(_TEMPLATE_DIR / name for name in _SHELL_TEMPLATES)]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@never_cache
def service_worker(request):
    # Served from /coklit/ (not /static/) so its scope covers the whole app.
    files = _shell_files()
    aset = [static(f"coklit/{p.relative_to(_STATIC_DIR).as_posix()}") for p in files]
    aset.append(reverse("coklit:manifest"))
    return render(request, "coklit/sw.js", {
        "versi": _shell_version(files),
        "halaman": reverse("coklit:app"),
        "aset_json": json.dumps(aset),
    }, content_type="application/javascript")


def manifest(request):
    return render(request, "coklit/manifest.webmanifest",
                  content_type="application/manifest+json")
