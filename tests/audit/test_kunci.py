"""Where the audit key comes from: never the database, by default not the data folder."""

import stat

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from selenggara import audit
from selenggara.audit import kunci
from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import verify


def test_default_key_is_created_0600_in_the_config_folder(config_sendiri):
    path = config_sendiri / "audit_key"
    assert not path.exists()
    key = kunci.subkey(kunci.RANTAI)
    assert path.exists() and len(path.read_text().strip()) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
    # Not in the data folder, where the SQLite database and SECRET_KEY live.
    assert not path.is_relative_to(settings.DATA_DIR)
    assert settings.SECRET_KEY not in path.read_text()
    # Stable: read back, not regenerated.
    kunci.reset()
    assert kunci.subkey(kunci.RANTAI) == key
    assert kunci.sumber().jenis == "default"


def test_environment_key_wins_over_everything(config_sendiri, monkeypatch, tmp_path):
    monkeypatch.setenv(kunci.ENV_KEY, "e" * 40)
    (tmp_path / "k").write_text("f" * 40)
    monkeypatch.setenv(kunci.ENV_KEY_FILE, str(tmp_path / "k"))
    kunci.reset()
    from_env = kunci.subkey(kunci.RANTAI)
    assert kunci.sumber().jenis == "env"
    assert not (config_sendiri / "audit_key").exists()
    monkeypatch.delenv(kunci.ENV_KEY)
    kunci.reset()
    assert kunci.sumber().jenis == "file" and kunci.subkey(kunci.RANTAI) != from_env
    assert not (config_sendiri / "audit_key").exists()


def test_short_or_missing_keys_are_refused(monkeypatch, tmp_path):
    monkeypatch.setenv(kunci.ENV_KEY, "pendek")
    kunci.reset()
    with pytest.raises(ImproperlyConfigured, match="terlalu pendek"):
        kunci.subkey(kunci.RANTAI)
    monkeypatch.delenv(kunci.ENV_KEY)
    monkeypatch.setenv(kunci.ENV_KEY_FILE, str(tmp_path / "tidak-ada"))
    kunci.reset()
    with pytest.raises(ImproperlyConfigured, match="tidak terbaca"):
        kunci.subkey(kunci.RANTAI)


def test_production_never_creates_a_key(config_sendiri, monkeypatch, tmp_path):
    """A key created silently on a production box is a key nobody escrowed."""
    monkeypatch.setenv("SELENGGARA_PROFIL", "produksi")
    with pytest.raises(ImproperlyConfigured, match="Profil produksi"):
        kunci.subkey(kunci.RANTAI)
    assert not (config_sendiri / "audit_key").exists()
    (tmp_path / "k").write_text("p" * 64)
    monkeypatch.setenv(kunci.ENV_KEY_FILE, str(tmp_path / "k"))
    kunci.reset()
    assert kunci.subkey(kunci.RANTAI)


def test_each_use_has_its_own_subkey():
    uses = [kunci.RANTAI, kunci.UJUNG, kunci.JANGKAR, kunci.BARIS, kunci.NIK]
    assert len({kunci.subkey(u) for u in uses}) == len(uses)


@pytest.mark.django_db
def test_losing_the_key_makes_the_chain_unverifiable(config_sendiri):
    """Why docs/audit.md asks for a copy of the key kept offline: a new key cannot vouch for
    records made under the old one."""
    audit.record(AksiAudit.ADMIN_UBAH, objek_tipe="uji.benda", objek_id=1, sesudah={"a": 1})
    assert verify().ok
    (config_sendiri / "audit_key").unlink()
    kunci.reset()
    assert not verify().ok


def test_system_check_warns_about_a_key_in_the_data_folder(monkeypatch):
    from selenggara.audit.apps import periksa_kunci

    assert periksa_kunci(None) == []
    key = settings.DATA_DIR / "audit_key_uji"
    monkeypatch.setenv(kunci.ENV_KEY_FILE, str(key))
    (warning,) = periksa_kunci(None)
    assert warning.id == "selenggara.audit.W001"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(settings.DATA_DIR))
    monkeypatch.delenv(kunci.ENV_KEY_FILE)
    (warning,) = periksa_kunci(None)
    assert warning.id == "selenggara.audit.W001"
