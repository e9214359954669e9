from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from selenggara.api import api
from selenggara.portal.views import Masuk, masuk_admin
from selenggara.web.views import favicon

urlpatterns = [
    # The admin logs in through the one throttled login page.
    path("admin/login/", masuk_admin),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("coklit/", include("selenggara.coklit.urls")),
    path("daftar/", include("selenggara.daftar.urls_tanggapan")),
    path("daftar/", include("selenggara.daftar.urls")),
    path("ganda/", include("selenggara.ganda.urls")),
    # Login is throttled (web.masuk): too many failures answer registration/lockout.html, 429.
    # Each role lands on its own home after login (a Pantarlih on the field app).
    path("masuk/", Masuk.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("favicon.ico", favicon, name="favicon"),
    path("pemilih/", include("selenggara.pemilih.urls")),
    path("petugas/", include("selenggara.petugas.urls")),
    path("pps/", include("selenggara.coklit.pps_urls")),
    path("", include("selenggara.portal.urls")),
]
