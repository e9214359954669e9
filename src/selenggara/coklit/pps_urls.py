"""PPS evaluation of coklit, mounted at /pps/ (namespace ``pps``)."""

from django.urls import path

from . import pps_views as v

app_name = "pps"

urlpatterns = [
    path("", v.progres, name="progres"),
    path("tinjauan/", v.tinjauan, name="tinjauan"),
    path("tinjauan/<int:pk>/", v.detail, name="detail"),
    path("tinjauan/<int:pk>/setujui/", v.setujui, name="setujui"),
    path("tinjauan/<int:pk>/koreksi/", v.koreksi, name="koreksi"),
    path("tinjauan/<int:pk>/kembalikan/", v.kembalikan, name="kembalikan"),
    path("tinjauan/<int:pk>/konflik/", v.konflik, name="konflik"),
    path("foto/<uuid:foto_id>/", v.foto, name="foto"),
    path("pantarlih/", v.pantarlih, name="pantarlih"),
    path("pantarlih/tambah/", v.pantarlih_tambah, name="pantarlih_tambah"),
    path("pantarlih/<int:pk>/sandi/", v.pantarlih_sandi, name="pantarlih_sandi"),
    path("pantarlih/<int:pk>/aktif/", v.pantarlih_aktif, name="pantarlih_aktif"),
    path("pantarlih/templat.xlsx", v.pantarlih_templat, name="pantarlih_templat"),
    path("pantarlih/unggah/", v.pantarlih_unggah, name="pantarlih_unggah"),
]
