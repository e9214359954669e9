from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from selenggara.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("coklit/", include("selenggara.coklit.urls")),
    # Login is throttled by django-axes (settings.AXES_*): after the failure limit for a
    # username and IP the middleware answers with registration/lockout.html and status 429.
    path("masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("pemilih/", include("selenggara.pemilih.urls")),
    path("petugas/", include("selenggara.petugas.urls")),
    path("pps/", include("selenggara.coklit.pps_urls")),
    path("", include("selenggara.portal.urls")),
]
