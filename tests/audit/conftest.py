"""Every audit test gets its own config folder (the audit key and anchor file) and no key in
the environment, so what it proves does not depend on the machine it runs on."""

import pytest

from selenggara.audit import kunci


@pytest.fixture(autouse=True)
def config_sendiri(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in (kunci.ENV_KEY, kunci.ENV_KEY_FILE, "SELENGGARA_AUDIT_ANCHOR_FILE",
                 "SELENGGARA_PROFIL"):
        monkeypatch.delenv(name, raising=False)
    kunci.reset()
    yield tmp_path / "config" / "selenggara"
    kunci.reset()
