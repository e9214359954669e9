from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.pemilih"
    label = "pemilih"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from selenggara.petugas.services import pasang_hitung_pemilih

        from . import scope_rules  # noqa: F401  (registers the voter rows with petugas.scope)
        from .hitung import pemilih_ms_per_tps

        pasang_hitung_pemilih(pemilih_ms_per_tps)
