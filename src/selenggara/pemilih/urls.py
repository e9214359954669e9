from django.urls import path

from . import views

app_name = "pemilih"

urlpatterns = [
    path("", views.daftar, name="daftar"),
    path("<int:pk>/", views.detail, name="detail"),
]
