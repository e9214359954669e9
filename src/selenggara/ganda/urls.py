"""The duplicate-voter pages, mounted under /ganda/ (namespace ``ganda``)."""

from django.urls import path

from . import views

app_name = "ganda"

urlpatterns = [
    path("", views.antrean, name="antrean"),
    path("cari/", views.cari, name="cari"),
    path("pencarian/<int:pk>.json", views.status_pencarian, name="status"),
    path("lapangan/", views.lapangan, name="lapangan"),
    path("unduh.<str:fmt>", views.unduh, name="unduh"),
    path("<int:pk>/", views.rinci, name="rinci"),
    path("<int:pk>/putuskan/", views.putuskan, name="putuskan"),
    path("<int:pk>/lapangan/", views.lapor, name="lapor"),
]
