"""The hash of one audit record: pure, so verify and append compute it the same way.

``versi_hash`` 2 (the current one): HMAC-SHA256, under the audit key (``kunci.py``), of every
field of the record except the surrogate ``id`` (records are ordered and named by ``seq``):
the version itself, seq, time, user id and name, action, object, before/after, the row
fingerprints and the previous record's hash. Without the key nobody can recompute it, so an
edited, inserted or renumbered record cannot be given a valid hash.

``versi_hash`` 1 was an unkeyed SHA-256 without ``user_id``: anyone with database access could
rebuild it. Migration ``0002`` checks a v1 chain and re-keys it to v2; :func:`record_hash_v1` is
kept for that and for its tests only.
"""

import hashlib
import json
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder

from . import kunci

GENESIS = "0" * 64
VERSI_HASH = 2


def normalise(value):
    """Round-trip a value through JSON so what is hashed is exactly what the database keeps."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def _waktu(waktu: datetime) -> str:
    # Microseconds in UTC: both SQLite and PostgreSQL keep them exactly.
    return waktu.astimezone(UTC).isoformat(timespec="microseconds")


def _blob(content: dict) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode()


def record_hash(*, seq: int, waktu: datetime, user_id: int | None, username: str, aksi: str,
                objek_tipe: str, objek_id: str, sebelum, sesudah, sidik_sebelum: str,
                sidik_sesudah: str, prev_hash: str, versi_hash: int = VERSI_HASH) -> str:
    if versi_hash != VERSI_HASH:
        raise ValueError(f"versi_hash {versi_hash} is not the current one ({VERSI_HASH})")
    content = {
        "versi_hash": versi_hash,
        "seq": seq,
        "waktu": _waktu(waktu),
        "user_id": user_id,
        "username": username,
        "aksi": aksi,
        "objek_tipe": objek_tipe,
        "objek_id": objek_id,
        "sebelum": sebelum,
        "sesudah": sesudah,
        "sidik_sebelum": sidik_sebelum,
        "sidik_sesudah": sidik_sesudah,
        "prev_hash": prev_hash,
    }
    return kunci.mac(kunci.RANTAI, _blob(content)).hex()


def record_hash_v1(*, seq: int, waktu: datetime, username: str, aksi: str, objek_tipe: str,
                   objek_id: str, sebelum, sesudah, prev_hash: str) -> str:
    """The old, unkeyed hash (versi_hash 1): for migrating old chains only."""
    content = {
        "seq": seq, "waktu": _waktu(waktu), "username": username, "aksi": aksi,
        "objek_tipe": objek_tipe, "objek_id": objek_id, "sebelum": sebelum,
        "sesudah": sesudah, "prev_hash": prev_hash,
    }
    return hashlib.sha256(_blob(content)).hexdigest()


def head_mac(seq: int, hash_: str) -> str:
    """The head row's own MAC: a head moved back to an earlier record needs the key."""
    return kunci.mac(kunci.UJUNG, f"{seq}:{hash_}".encode()).hex()
