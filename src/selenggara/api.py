"""The JSON API (django-ninja), documented at /api/docs.

Authentication is the web session (the field app is served by the same site and logs in
through the normal login page), so CSRF protection applies to every write.

Every error is answered here, once, in one documented shape ``{"detail": str, "jenis": str,
"galat": {field: [messages]}}`` with its HTTP status: a service's refusal
(:class:`~selenggara.errors.ServiceError`, the status of its kind), invalid input (422, the
pydantic errors by field path), django-ninja's own errors (401 keeps ``detail`` "Unauthorized",
which the field app recognises), a body too large (413) and any unexpected exception (500,
logged with its traceback; never an HTML page).
"""

import logging

from django.core.exceptions import PermissionDenied, RequestDataTooBig, SuspiciousOperation
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import django_auth

from selenggara.coklit.validasi import galat_pydantic
from selenggara.errors import STATUS_HTTP, ServiceError
from selenggara.web.errors import isi_api

log = logging.getLogger("selenggara.api")

api = NinjaAPI(
    title="Selenggara API",
    version="1",
    description="API Selenggara. e-coklit: unduh daftar kerja TPS, kirim perubahan "
                "(idempoten per id perubahan), unggah foto bukti secara bertahap. Setiap galat "
                'berbentuk {"detail", "jenis", "galat"}.',
    auth=django_auth,
    urls_namespace="api",
)

# The kind of an error answered by status (the ServiceError kinds, plus what ninja raises).
JENIS_STATUS = {status: str(jenis) for jenis, status in STATUS_HTTP.items()} | {
    400: "tidak_valid", 401: "belum_masuk", 405: "tidak_valid", 500: "galat_server"}

_PESAN_NINJA = {
    "Cannot parse request body": lambda: _("Isi permintaan bukan JSON yang sah."),
    "CSRF check Failed": lambda: _("Token keamanan (CSRF) tidak cocok; muat ulang halaman."),
    "Forbidden": lambda: _("Anda tidak boleh melakukan ini."),
}


def galat_json(request, status: int, detail: str, galat: dict | None = None, *,
               jenis: str | None = None):
    return api.create_response(request, {
        "detail": detail, "jenis": jenis or JENIS_STATUS.get(status, "tidak_valid"),
        "galat": galat or {}}, status=status)


@api.exception_handler(ServiceError)
def _service_error(request, exc: ServiceError):
    response = api.create_response(request, isi_api(exc), status=exc.status_http)
    coba_lagi = getattr(exc, "coba_lagi_detik", None)
    if coba_lagi:
        response["Retry-After"] = str(int(coba_lagi))
    return response


@api.exception_handler(ValidationError)
def _validation_error(request, exc: ValidationError):
    return galat_json(request, 422, _("Data tidak valid: periksa isian yang ditandai."),
                      galat_pydantic(exc.errors))


@api.exception_handler(AuthenticationError)
def _authentication_error(request, exc: AuthenticationError):
    # "Unauthorized" as django-ninja says it: the field app shows its own "masuk lagi".
    return galat_json(request, 401, "Unauthorized", jenis="belum_masuk")


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    pesan = str(exc)
    for awal, terjemah in _PESAN_NINJA.items():
        if pesan.startswith(awal):
            pesan = terjemah()
            break
    return galat_json(request, exc.status_code, pesan)


@api.exception_handler(Http404)
def _not_found(request, exc: Http404):
    return galat_json(request, 404, _("Tidak ditemukan."))


@api.exception_handler(PermissionDenied)
def _permission_denied(request, exc: PermissionDenied):
    return galat_json(request, 403, _("Anda tidak boleh melakukan ini."))


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc: RequestDataTooBig):
    return galat_json(request, 413, _("Permintaan terlalu besar; kirim lebih sedikit data "
                                      "sekaligus."))


@api.exception_handler(SuspiciousOperation)
@api.exception_handler(MultiPartParserError)
def _unreadable(request, exc: Exception):
    return galat_json(request, 400, _("Permintaan tidak dapat dibaca."))


@api.exception_handler(Exception)
def _unexpected(request, exc: Exception):
    log.exception("galat tak terduga di %s %s", request.method, request.path)
    return galat_json(request, 500, _("Terjadi galat di server; coba lagi nanti. Data di ponsel "
                                      "tetap tersimpan."))


api.add_router("/coklit/", "selenggara.coklit.api.router")
api.add_router("/publik/", "selenggara.portal.api_publik.router")
