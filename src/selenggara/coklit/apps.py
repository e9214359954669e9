from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.coklit"
    label = "coklit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import scope_rules  # noqa: F401  (registers coklit models with petugas.scope)
