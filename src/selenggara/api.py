"""The JSON API (django-ninja), documented at /api/docs.

Authentication is the web session (the field app is served by the same site and logs in
through the normal login page), so CSRF protection applies to every write. A service's refusal
(:class:`~selenggara.errors.ServiceError`) is answered once, here, in the documented error shape
``{"detail", "jenis", "galat"}`` with the status of its kind.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

from selenggara.errors import ServiceError
from selenggara.web.errors import isi_api

api = NinjaAPI(
    title="Selenggara API",
    version="1",
    description="API Selenggara. e-coklit: unduh daftar kerja TPS, kirim perubahan "
                "(idempoten per id perubahan), unggah foto bukti secara bertahap.",
    auth=django_auth,
    urls_namespace="api",
)


@api.exception_handler(ServiceError)
def _service_error(request, exc: ServiceError):
    return api.create_response(request, isi_api(exc), status=exc.status_http)


api.add_router("/coklit/", "selenggara.coklit.api.router")
