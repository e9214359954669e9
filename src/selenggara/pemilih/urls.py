from django.urls import path

from . import views, views_impor

app_name = "pemilih"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("<int:pk>/", views.detail, name="detail"),
    # the voter-list import (KPU): upload and check, the report, apply, the XLSX report
    path("impor/", views_impor.unggah, name="impor"),
    path("impor/<str:token>/", views_impor.hasil, name="impor_hasil"),
    path("impor/<str:token>/terapkan/", views_impor.terapkan, name="impor_terapkan"),
    path("impor/<str:token>/laporan.xlsx", views_impor.laporan, name="impor_laporan"),
]
