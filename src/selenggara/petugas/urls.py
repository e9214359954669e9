from django.urls import path

from . import views

app_name = "petugas"

urlpatterns = [
    path("", views.daftar, name="daftar"),
]
