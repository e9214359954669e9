"""The hash of one audit record: pure, so verify and append compute it the same way."""

import hashlib
import json
from datetime import UTC, datetime

from django.core.serializers.json import DjangoJSONEncoder

GENESIS = "0" * 64


def normalise(value):
    """Round-trip a value through JSON so what is hashed is exactly what the database keeps."""
    if value is None:
        return None
    return json.loads(json.dumps(value, cls=DjangoJSONEncoder))


def record_hash(*, seq: int, waktu: datetime, username: str, aksi: str, objek_tipe: str,
                objek_id: str, sebelum, sesudah, prev_hash: str) -> str:
    content = {
        "seq": seq,
        # Microseconds in UTC: both SQLite and PostgreSQL keep them exactly.
        "waktu": waktu.astimezone(UTC).isoformat(timespec="microseconds"),
        "username": username,
        "aksi": aksi,
        "objek_tipe": objek_tipe,
        "objek_id": objek_id,
        "sebelum": sebelum,
        "sesudah": sesudah,
        "prev_hash": prev_hash,
    }
    blob = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(blob.encode()).hexdigest()
