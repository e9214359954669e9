from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.web"
    label = "web"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from selenggara.audit.services import pasang_jam

        from . import jam

        # Audit records carry the working moment, so a simulated month reads as that month.
        pasang_jam(jam.sekarang)
