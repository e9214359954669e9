"""Appending to and verifying the audit chain.

Every service function that writes calls :func:`record` inside its own transaction, so the
change and its audit record commit or roll back together.
"""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone

from .chain import GENESIS, normalise, record_hash
from .models import AuditHead, AuditRecord


def snapshot(instance: Model, fields: list[str] | None = None) -> dict:
    """The values of a model instance as plain JSON data, for ``sebelum``/``sesudah``."""
    return normalise(model_to_dict(instance, fields=fields))


def _actor(user) -> tuple[object, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "sistem"
    return user, user.get_username()


def record(aksi: str, *, user=None, objek: Model | None = None, objek_tipe: str = "",
           objek_id: str | int = "", sebelum=None, sesudah=None, username: str | None = None
           ) -> AuditRecord:
    """Append one record to the chain. Must run inside the caller's transaction."""
    if objek is not None:
        objek_tipe = objek_tipe or objek._meta.label_lower
        objek_id = objek_id or objek.pk
    actor, name = _actor(user)
    with transaction.atomic():
        # The head row serialises appenders: on PostgreSQL by a row lock, on SQLite by the
        # IMMEDIATE write transaction that is already open.
        head, _created = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS})
        waktu = timezone.now()
        sebelum, sesudah = normalise(sebelum), normalise(sesudah)
        seq = head.seq + 1
        fields = {
            "seq": seq, "waktu": waktu, "username": username or name, "aksi": aksi,
            "objek_tipe": objek_tipe, "objek_id": str(objek_id), "sebelum": sebelum,
            "sesudah": sesudah, "prev_hash": head.hash,
        }
        digest = record_hash(**fields)
        rec = AuditRecord.objects.create(user=actor, hash=digest, **fields)
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return rec


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    head_hash: str
    problems: list[str]


def verify(batch_size: int = 5000) -> VerifyResult:
    """Walk the chain in order and report every break (stops listing after 20)."""
    problems: list[str] = []
    prev = GENESIS
    expected_seq = 1
    checked = 0
    last_id = 0
    while True:
        batch = list(AuditRecord.objects.filter(seq__gt=last_id).order_by("seq")[:batch_size])
        if not batch:
            break
        for rec in batch:
            checked += 1
            if rec.seq != expected_seq:
                problems.append(
                    f"#{rec.seq}: urutan melompat, seharusnya #{expected_seq} "
                    "(catatan dihapus atau disisipkan)")
            if rec.prev_hash != prev:
                problems.append(f"#{rec.seq}: prev_hash tidak cocok dengan catatan sebelumnya "
                                "(catatan dihapus atau diurutkan ulang)")
            digest = record_hash(
                seq=rec.seq, waktu=rec.waktu, username=rec.username, aksi=rec.aksi,
                objek_tipe=rec.objek_tipe, objek_id=rec.objek_id, sebelum=rec.sebelum,
                sesudah=rec.sesudah, prev_hash=rec.prev_hash)
            if digest != rec.hash:
                problems.append(f"#{rec.seq}: isi catatan tidak cocok dengan hash-nya "
                                "(catatan diubah)")
            prev = rec.hash
            expected_seq = rec.seq + 1
            last_id = rec.seq
        if len(problems) > 20:
            break
    head = AuditHead.objects.filter(pk=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, GENESIS)
    if not problems and (head_seq != expected_seq - 1 or head_hash != prev):
        problems.append(f"ujung rantai tercatat #{head_seq}, tetapi catatan terakhir "
                        f"#{expected_seq - 1} (catatan di akhir dihapus)")
    return VerifyResult(ok=not problems, checked=checked, head_hash=prev, problems=problems[:20])
