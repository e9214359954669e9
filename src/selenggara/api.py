"""The JSON API (django-ninja), documented at /api/docs.

Authentication is the web session (the field app is served by the same site and logs in
through the normal login page), so CSRF protection applies to every write.
"""

from ninja import NinjaAPI
from ninja.security import django_auth

api = NinjaAPI(
    title="Selenggara API",
    version="1",
    description="API Selenggara. e-coklit: unduh daftar kerja TPS, kirim perubahan "
                "(idempoten per id perubahan), unggah foto bukti secara bertahap.",
    auth=django_auth,
    urls_namespace="api",
)

api.add_router("/coklit/", "selenggara.coklit.api.router")
