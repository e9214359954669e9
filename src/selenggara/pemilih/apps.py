from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.pemilih"
    label = "pemilih"
    default_auto_field = "django.db.models.BigAutoField"
