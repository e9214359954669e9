"""Appending to and verifying the audit chain.

Every service function that writes calls :func:`record` inside its own transaction, so the
change and its audit record commit or roll back together.
"""

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone

from .aksi import AksiAudit
from .chain import GENESIS, normalise, record_hash
from .models import AuditHead, AuditRecord


def snapshot(instance: Model, fields: list[str] | None = None) -> dict:
    """The values of a model instance as plain JSON data, for ``sebelum``/``sesudah``."""
    return normalise(model_to_dict(instance, fields=fields))


PERSONAL_KEYS = frozenset({"nik", "nkk"})


def redact(value):
    """NIK and NKK never enter the log in full (UU 27/2022): the log is append-only, so what
    goes in can never be erased. Each is kept as its region prefix plus a keyed hash, enough to
    tell that a value changed, or to match a value someone already knows, and nothing more."""
    if isinstance(value, dict):
        return {k: _redact_one(v) if k in PERSONAL_KEYS else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


def _redact_one(value):
    if not isinstance(value, str) or not value:
        return value
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"{value[:6]}**********#{digest[:12]}"


def _actor(user) -> tuple[object, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "sistem"
    return user, user.get_username()


class Appender:
    """Appends several records under one lock of the chain head, flushed in one bulk insert.

    Creating it locks the head row, so a service that changes rows other writers may touch
    should create it FIRST: every auditing writer then queues on the same lock, in the same
    order, and two of them can never wait on each other. The sequence numbers it hands out are
    final (the lock is held until commit), which lets callers stamp rows with them (``rev``).
    """

    def __init__(self):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("audit.Appender must be used inside transaction.atomic()")
        self.head, _created = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS})
        self.pending: list[AuditRecord] = []

    @property
    def next_seq(self) -> int:
        return self.head.seq + len(self.pending) + 1

    def add(self, aksi: AksiAudit, *, user=None, objek: Model | None = None, objek_tipe: str = "",
            objek_id: str | int = "", sebelum=None, sesudah=None, username: str | None = None
            ) -> int:
        if not isinstance(aksi, AksiAudit):
            raise TypeError(f"audit action {aksi!r} is not declared in selenggara.audit.aksi")
        if objek is not None:
            objek_tipe = objek_tipe or objek._meta.label_lower
            objek_id = objek_id or objek.pk
        actor, name = _actor(user)
        prev = self.pending[-1].hash if self.pending else self.head.hash
        fields = {
            "seq": self.next_seq, "waktu": timezone.now(), "username": username or name,
            "aksi": aksi, "objek_tipe": objek_tipe, "objek_id": str(objek_id),
            "sebelum": redact(normalise(sebelum)), "sesudah": redact(normalise(sesudah)),
            "prev_hash": prev,
        }
        self.pending.append(AuditRecord(user=actor, hash=record_hash(**fields), **fields))
        return fields["seq"]

    def flush(self) -> list[AuditRecord]:
        if not self.pending:
            return []
        records = AuditRecord.objects.bulk_create(self.pending)
        self.head.seq, self.head.hash = records[-1].seq, records[-1].hash
        self.head.save(update_fields=["seq", "hash"])
        self.pending = []
        return records


def record(aksi: AksiAudit, *, user=None, objek: Model | None = None, objek_tipe: str = "",
           objek_id: str | int = "", sebelum=None, sesudah=None, username: str | None = None
           ) -> AuditRecord:
    """Append one record to the chain, in the caller's transaction (or a new one)."""
    with transaction.atomic():
        appender = Appender()
        appender.add(aksi, user=user, objek=objek, objek_tipe=objek_tipe, objek_id=objek_id,
                     sebelum=sebelum, sesudah=sesudah, username=username)
        return appender.flush()[0]


def riwayat(objek: Model, *, terkait: dict[str, list] | None = None, batas: int = 100):
    """The records about ``objek`` (and about the related objects in ``terkait``:
    ``{"coklit.perubahan": [ids]}``), newest first. The caller has already checked that the
    reader may see ``objek``; what is kept about a NIK or NKK is the redacted form only."""
    from django.db.models import Q

    q = Q(objek_tipe=objek._meta.label_lower, objek_id=str(objek.pk))
    for tipe, ids in (terkait or {}).items():
        if ids:
            q |= Q(objek_tipe=tipe, objek_id__in=[str(i) for i in ids])
    return AuditRecord.objects.filter(q).order_by("-seq")[:batas]


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
