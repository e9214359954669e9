"""PPS evaluation of coklit, mounted at /pps/ (namespace ``pps``)."""

from django.urls import path

from .views import pantarlih, pantau, progres, tinjauan

app_name = "pps"

urlpatterns = [
    path("", progres.progres, name="progres"),
    path("pantau/", pantau.pantau, name="pantau"),
    path("pantau/rencana/", pantau.pantau_rencana, name="pantau_rencana"),
    path("pantau/ekspor/<slug:tabel>.<slug:format>", pantau.pantau_ekspor,
         name="pantau_ekspor"),
    path("tinjauan/", tinjauan.tinjauan, name="tinjauan"),
    path("tinjauan/<int:pk>/", tinjauan.detail, name="detail"),
    path("tinjauan/<int:pk>/setujui/", tinjauan.setujui, name="setujui"),
    path("tinjauan/<int:pk>/koreksi/", tinjauan.koreksi, name="koreksi"),
    path("tinjauan/<int:pk>/kembalikan/", tinjauan.kembalikan, name="kembalikan"),
    path("tinjauan/<int:pk>/konflik/", tinjauan.konflik, name="konflik"),
    path("foto/<uuid:foto_id>/", tinjauan.foto, name="foto"),
    path("pantarlih/", pantarlih.pantarlih, name="pantarlih"),
    path("pantarlih/tambah/", pantarlih.pantarlih_tambah, name="pantarlih_tambah"),
    path("pantarlih/<int:pk>/sandi/", pantarlih.pantarlih_sandi, name="pantarlih_sandi"),
    path("pantarlih/<int:pk>/aktif/", pantarlih.pantarlih_aktif, name="pantarlih_aktif"),
    path("pantarlih/templat.xlsx", pantarlih.pantarlih_templat, name="pantarlih_templat"),
    path("pantarlih/unggah/", pantarlih.pantarlih_unggah, name="pantarlih_unggah"),
]
