"""The few responses every site needs whatever the app: the favicon browsers ask for at /."""

from functools import cache
from pathlib import Path

from django.http import HttpResponse
from django.views.decorators.http import require_GET

_FAVICON = Path(__file__).resolve().parent / "static" / "selenggara" / "favicon.ico"


@cache
def _favicon() -> bytes:
    return _FAVICON.read_bytes()


@require_GET
def favicon(request):
    """Browsers request /favicon.ico on every page whatever the HTML says; answer it (a week
    in the cache) instead of logging a 404 each time."""
    resp = HttpResponse(_favicon(), content_type="image/x-icon")
    resp["Cache-Control"] = "public, max-age=604800"
    return resp
