from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.petugas"
    label = "petugas"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import scope  # noqa: F401  (installs the scope resolver and the area rules)
