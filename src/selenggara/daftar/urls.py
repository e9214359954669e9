"""The plenary pages of the list stages, mounted at /daftar/ (namespace ``daftar``)."""

from django.urls import path

from . import views

app_name = "daftar"

urlpatterns = [
    path("", views.beranda, name="beranda"),
    path("pleno/baru/<str:tahap>/", views.pleno_baru, name="pleno_baru"),
    path("pleno/<int:pk>/", views.pleno_detail, name="pleno"),
    path("pleno/<int:pk>/berita-acara.pdf", views.pleno_pdf, name="pleno_pdf"),
    path("pleno/<int:pk>/rekap.xlsx", views.pleno_xlsx, name="pleno_xlsx"),
    path("pleno/<int:pk>/selisih.xlsx", views.pleno_selisih, name="pleno_selisih"),
    path("model-a/<str:tahap>/tps/<int:tps_id>.pdf", views.model_a_tps, name="model_a_tps"),
    path("model-a/<str:tahap>/kelurahan/<int:kelurahan_id>.zip", views.model_a_kelurahan,
         name="model_a_kelurahan"),
]
