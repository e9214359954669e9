from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.ganda"
    label = "ganda"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from selenggara.pemilih.kait import pasang_setelah_tulis

        from . import scope_rules  # noqa: F401  (registers ganda models with petugas.scope)
        from .tandai import tandai_rekam_baru

        # A coklit batch or a list import that adds or edits voters has its records scored
        # against the list with the last trained model, once its transaction commits.
        pasang_setelah_tulis(tandai_rekam_baru)
