from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.pemilihan"
    label = "pemilihan"
    default_auto_field = "django.db.models.BigAutoField"
