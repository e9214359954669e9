from django.apps import AppConfig
from django.core import checks


def periksa_kunci(app_configs, **kwargs):
    """The audit key must not sit in the data folder (next to the SQLite database and
    ``SECRET_KEY``): whoever copied that folder could then rebuild the chain and open every
    redacted NIK. Looks at paths only; never creates or reads the key."""
    from django.conf import settings

    from . import kunci

    src = kunci.sumber()
    if getattr(settings, "PRODUKSI", False) and src.jenis == "default":
        # In production the key is configured on purpose (and escrowed), never made up on the
        # first write: say so at deploy time, not at the first audited change.
        return [checks.Error(
            "Profil produksi: kunci audit belum diatur.",
            hint=f"Isi {kunci.ENV_KEY} (dari pengelola rahasia) atau {kunci.ENV_KEY_FILE}, dan "
                 "simpan salinannya di tempat aman (lihat docs/audit.md).",
            id="selenggara.audit.E001")]
    if src.path is None:
        return []
    data = settings.DATA_DIR.resolve()
    if src.path.is_relative_to(data):
        return [checks.Warning(
            f"Kunci audit ({src.path}) berada di folder data {data}.",
            hint=f"Simpan di luar folder data: {kunci.ENV_KEY} dari pengelola rahasia, "
                 f"atau {kunci.ENV_KEY_FILE} di tempat lain (lihat docs/audit.md).",
            id="selenggara.audit.W001")]
    return []


class Config(AppConfig):
    name = "selenggara.audit"
    label = "audit"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        checks.register(periksa_kunci, checks.Tags.security)
