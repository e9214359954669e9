"""Officer pages of the list stages beside the plenaries, mounted under /daftar/ (namespace
``layanan``): the PPS queue of public responses, DPTb moves, the KPPS DPK form."""

from django.urls import path

from . import views_dptb, views_tanggapan

app_name = "layanan"

urlpatterns = [
    path("tanggapan/", views_tanggapan.antrean, name="tanggapan"),
    path("tanggapan/<int:pk>/putuskan/", views_tanggapan.putuskan, name="tanggapan_putuskan"),
    path("tanggapan/<int:pk>/foto/", views_tanggapan.foto, name="tanggapan_foto"),
    path("dptb/", views_dptb.dptb, name="dptb"),
    path("dptb/catat/<int:pk>/", views_dptb.dptb_catat, name="dptb_catat"),
    path("dptb/<int:pk>/surat.pdf", views_dptb.dptb_surat, name="dptb_surat"),
    path("dpk/", views_dptb.dpk, name="dpk"),
]
