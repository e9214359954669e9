from django.urls import path

from . import views, views_daftar, views_tanggapan

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("pilih/", views.pilih, name="pilih"),
    path("wilayah/<str:kode>/", views.wilayah_detail, name="wilayah"),
    path("tps/", views.tps_list, name="tps_daftar"),
    path("tps/pilihan/", views.tps_pilihan, name="tps_pilihan"),
    path("tps/<int:pk>/", views.tps_detail, name="tps_detail"),
    path("tanggapan/", views_tanggapan.formulir, name="tanggapan"),
    path("tanggapan/lacak/", views_tanggapan.lacak, name="tanggapan_lacak"),
    path("tanggapan/<str:kode>/", views_tanggapan.tanda_terima, name="tanggapan_tanda_terima"),
    # Public: cek DPT and the DPS announcement (portal/views_daftar.py).
    path("cek-dpt/", views_daftar.cek_dpt, name="cek_dpt"),
    path("dps/", views_daftar.dps_indeks, name="dps"),
    path("dps/<str:kode>/", views_daftar.dps_kelurahan, name="dps_kelurahan"),
    path("dps/<str:kode>/<int:nomor>/", views_daftar.dps_tps, name="dps_tps"),
    path("dps/<str:kode>/<int:nomor>/pdf/", views_daftar.dps_pdf, name="dps_pdf"),
]
