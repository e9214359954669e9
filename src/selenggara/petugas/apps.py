from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.petugas"
    label = "petugas"
    default_auto_field = "django.db.models.BigAutoField"
