from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.daftar"
    label = "daftar"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Daftar pemilih: DPHP, DPS, DPSHP, DPT"

    def ready(self):
        from selenggara.pemilih.services import pasang_penjaga

        from . import kunci, scope_rules  # noqa: F401  (registers the models with the scope)

        # Every voter write asks whether its kelurahan's list is frozen by a plenary.
        pasang_penjaga(kunci.terkunci)
