"""The audit key: kept out of the database and, by default, out of the data folder.

Everything that makes the audit log trustworthy against someone who can write to the database
is keyed with it: the chain (HMAC-SHA256 of each record), the head row, the anchor lines, the
fingerprints of register rows and the redacted NIK/NKK. Where it comes from, first match:

1. ``SELENGGARA_AUDIT_KEY``: the key itself (at least 32 characters), e.g. from a secrets
   manager or a systemd ``LoadCredential``;
2. ``SELENGGARA_AUDIT_KEY_FILE``: a file holding it;
3. ``$XDG_CONFIG_HOME/selenggara/audit_key`` (``~/.config/selenggara/audit_key`` without
   ``XDG_CONFIG_HOME``), created on first use with 32 random bytes, mode 0600 in a 0700 folder;
   never under the production profile (``SELENGGARA_PROFIL=produksi``): there the key is
   provisioned, and a copy escrowed, on purpose, since a lost key cannot be recovered.

Not ``SECRET_KEY``: that one lives in the data folder by default, next to the SQLite file, so
whoever copies the data folder would have it (and with it every NIK the log redacted). See
``docs/audit.md``.

One master key; each use gets its own subkey (``HMAC(master, "selenggara-audit/<use>")``), so
no value computed for one purpose can be replayed as another.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

ENV_KEY = "SELENGGARA_AUDIT_KEY"
ENV_KEY_FILE = "SELENGGARA_AUDIT_KEY_FILE"
KEY_FILE_NAME = "audit_key"
MIN_LENGTH = 32

# The uses of the key (domain separation); the numbers are part of the meaning.
RANTAI = "rantai/2"  # the hash of a record (versi_hash 2)
UJUNG = "ujung/1"  # the head row
JANGKAR = "jangkar/1"  # an anchor line
BARIS = "baris/1"  # the fingerprint of a register row
NIK = "nik/1"  # the redacted NIK / NKK


def config_dir() -> Path:
    """``$XDG_CONFIG_HOME/selenggara`` or ``~/.config/selenggara``."""
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base).expanduser().resolve() / "selenggara"


@dataclass(frozen=True)
class Sumber:
    """Where the key came from (for messages and system checks; never the key itself)."""

    jenis: str  # "env", "file" or "default"
    path: Path | None


def sumber() -> Sumber:
    if os.environ.get(ENV_KEY):
        return Sumber("env", None)
    if path := os.environ.get(ENV_KEY_FILE):
        return Sumber("file", Path(path).expanduser().resolve())
    return Sumber("default", config_dir() / KEY_FILE_NAME)


def _read(path: Path) -> bytes:
    try:
        key = path.read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"Kunci audit tidak terbaca dari {path}: {exc}") from exc
    if len(key) < MIN_LENGTH:
        raise ImproperlyConfigured(f"Kunci audit di {path} terlalu pendek "
                                   f"(minimal {MIN_LENGTH} karakter).")
    return key.encode()


def _create(path: Path) -> None:
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return  # another process created it first; read theirs
    with os.fdopen(fd, "w") as f:
        f.write(secrets.token_hex(32) + "\n")
        f.flush()
        os.fsync(f.fileno())


@functools.cache
def _master() -> bytes:
    src = sumber()
    if src.jenis == "env":
        key = os.environ[ENV_KEY].strip()
        if len(key) < MIN_LENGTH:
            raise ImproperlyConfigured(f"{ENV_KEY} terlalu pendek (minimal {MIN_LENGTH} "
                                       "karakter).")
        return key.encode()
    assert src.path is not None
    if src.jenis == "default" and not src.path.exists():
        if os.environ.get("SELENGGARA_PROFIL", "") == "produksi":
            raise ImproperlyConfigured(
                f"Profil produksi: kunci audit tidak dibuat otomatis. Setel {ENV_KEY} atau "
                f"{ENV_KEY_FILE} (dan simpan salinannya di luar server; lihat docs/audit.md).")
        try:
            _create(src.path)
        except OSError as exc:
            raise ImproperlyConfigured(
                f"Kunci audit tidak dapat dibuat di {src.path} ({exc}); setel {ENV_KEY} atau "
                f"{ENV_KEY_FILE}.") from exc
    return _read(src.path)


@functools.cache
def subkey(use: str) -> bytes:
    return hmac.digest(_master(), b"selenggara-audit/" + use.encode(), hashlib.sha256)


def mac(use: str, data: bytes) -> bytes:
    """HMAC-SHA256 of ``data`` under the subkey for ``use``."""
    return hmac.digest(subkey(use), data, hashlib.sha256)


def reset() -> None:
    """Forget the cached key (tests that change the environment)."""
    _master.cache_clear()
    subkey.cache_clear()
