from django.apps import AppConfig


class Config(AppConfig):
    name = "selenggara.coklit"
    label = "coklit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from selenggara.daftar.pleno import pasang_prasyarat
        from selenggara.pemilih.riwayat import pasang_terkait

        from . import scope_rules  # noqa: F401  (registers coklit models with petugas.scope)
        from .models import Perubahan
        from .prasyarat import antrean_kosong

        # A kelurahan's DPHP plenary waits for its PPS review queue to be settled.
        pasang_prasyarat(antrean_kosong)
        # A voter's history shows the PPS decisions on its coklit changes too.
        pasang_terkait(lambda p: {"coklit.perubahan": list(
            Perubahan.objects.filter(pemilih_id=p.pk).values_list("pk", flat=True)[:500])})
