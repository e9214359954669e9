from django.urls import path

from . import views

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("pilih/", views.pilih, name="pilih"),
    path("wilayah/<str:kode>/", views.wilayah_detail, name="wilayah"),
    path("tps/", views.tps_list, name="tps_daftar"),
    path("tps/pilihan/", views.tps_pilihan, name="tps_pilihan"),
    path("tps/<int:pk>/", views.tps_detail, name="tps_detail"),
]
