"""Appending to and verifying the audit chain.

Every service function that writes calls :func:`record` inside its own transaction, so the
change and its audit record commit or roll back together.
"""

import json
import os
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.db import connection, transaction
from django.db.models import Model
from django.forms.models import model_to_dict
from django.utils import timezone

from selenggara.db import sisipkan

from . import kunci
from .aksi import AksiAudit
from .chain import GENESIS, VERSI_HASH, head_mac, normalise, record_hash
from .models import AuditHead, AuditRecord


def snapshot(instance: Model, fields: list[str] | None = None) -> dict:
    """The values of a model instance as plain JSON data, for ``sebelum``/``sesudah``."""
    return normalise(model_to_dict(instance, fields=fields))


PERSONAL_KEYS = frozenset({"nik", "nkk"})


def redact(value):
    """NIK and NKK never enter the log in full (UU 27/2022): the log is append-only, so what
    goes in can never be erased. Each is kept as its region prefix plus a keyed hash, enough to
    tell that a value changed, or to match a value someone already knows, and nothing more.

    The hash is keyed with the audit key (``kunci.NIK``), which is kept neither in the database
    nor in the data folder: a NIK is its region, birth date, sex and a 4-digit serial, and the
    records keep the birth date and sex beside it, so with a key that sat next to the data
    (``SECRET_KEY`` did) the serial fell to at most 10,000 tries. See ``docs/audit.md``."""
    if isinstance(value, dict):
        return {k: _redact_one(v) if k in PERSONAL_KEYS else redact(v) for k, v in value.items()}
    if isinstance(value, list):
        return [redact(v) for v in value]
    return value


REDACTED = re.compile(r"^(\d{6})\*{10}#([0-9a-f]{12})$")


def _redact_one(value):
    if not isinstance(value, str) or not value or REDACTED.match(value):
        return value
    digest = kunci.mac(kunci.NIK, value.encode()).hex()
    return f"{value[:6]}**********#{digest[:12]}"


def redacted(value: str) -> str:
    """What the log keeps of a NIK or NKK (to look one up in the records)."""
    return _redact_one(value)


def _actor(user) -> tuple[object, str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return None, "sistem"
    return user, user.get_username()


# The application's clock (web.jam: real in production, the simulated working date in the
# demo and in training), installed by the web app; the real clock until then.
_jam = timezone.now


def pasang_jam(fn) -> None:
    global _jam
    _jam = fn


_SQL_HEAD = (f"UPDATE {AuditHead._meta.db_table} SET seq = %s, hash = %s, mac = %s "
             f"WHERE id = %s")


class Appender:
    """Appends several records under one lock of the chain head, flushed in one bulk insert.

    Creating it locks the head row, so a service that changes rows other writers may touch
    should create it FIRST: every auditing writer then queues on the same lock, in the same
    order, and two of them can never wait on each other. The sequence numbers it hands out are
    final (the lock is held until commit), which lets callers stamp rows with them (``rev``).
    Only one Appender per transaction: a second one would hand out the same numbers.
    """

    def __init__(self):
        if not transaction.get_connection().in_atomic_block:
            raise RuntimeError("audit.Appender must be used inside transaction.atomic()")
        self.head, _created = AuditHead.objects.select_for_update().get_or_create(
            pk=1, defaults={"seq": 0, "hash": GENESIS, "mac": head_mac(0, GENESIS)})
        self.pending: list[AuditRecord] = []
        # One working moment for the records of one transaction (the clock is read once).
        self.waktu = _jam()

    @property
    def next_seq(self) -> int:
        return self.head.seq + len(self.pending) + 1

    def add(self, aksi: AksiAudit, *, user=None, objek: Model | None = None, objek_tipe: str = "",
            objek_id: str | int = "", sebelum=None, sesudah=None, username: str | None = None,
            sidik_sebelum: str = "", sidik_sesudah: str = "") -> int:
        """Queue one record; returns its sequence number. ``sidik_*``: the keyed fingerprints
        of a register row before and after the change (``audit.sidik``)."""
        if not isinstance(aksi, AksiAudit):
            raise TypeError(f"audit action {aksi!r} is not declared in selenggara.audit.aksi")
        if objek is not None:
            objek_tipe = objek_tipe or objek._meta.label_lower
            objek_id = objek_id or objek.pk
        actor, name = _actor(user)
        prev = self.pending[-1].hash if self.pending else self.head.hash
        fields = {
            "seq": self.next_seq, "waktu": self.waktu,
            "user_id": actor.pk if actor is not None else None, "username": username or name,
            "aksi": aksi.value, "objek_tipe": objek_tipe, "objek_id": str(objek_id),
            "sebelum": redact(normalise(sebelum)), "sesudah": redact(normalise(sesudah)),
            "sidik_sebelum": sidik_sebelum, "sidik_sesudah": sidik_sesudah,
            "prev_hash": prev, "versi_hash": VERSI_HASH,
        }
        self.pending.append(AuditRecord(hash=record_hash(**fields), **fields))
        return fields["seq"]

    def flush(self) -> list[AuditRecord]:
        if not self.pending:
            return []
        # One executemany without the ORM's per-value compilation (a sync batch writes a
        # record per change); the records' ids are not read back, their seq is the key.
        records = self.pending
        sisipkan(records)
        self.head.seq, self.head.hash = records[-1].seq, records[-1].hash
        self.head.mac = head_mac(self.head.seq, self.head.hash)
        # The row is locked by this transaction (``__init__``): a plain UPDATE, without the
        # ORM's per-call compilation, once per batch of every auditing writer.
        with connection.cursor() as cursor:
            cursor.execute(_SQL_HEAD, [self.head.seq, self.head.hash, self.head.mac,
                                       self.head.pk])
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


# -- anchors: the head, kept outside the database ---------------------------------------------

ENV_ANCHOR_FILE = "SELENGGARA_AUDIT_ANCHOR_FILE"
ANCHOR_FILE_NAME = "jangkar-audit.jsonl"
VERSI_JANGKAR = 1


def berkas_jangkar() -> Path:
    """The default anchor file: ``SELENGGARA_AUDIT_ANCHOR_FILE``, else next to the audit key
    in the config folder (``~/.config/selenggara/jangkar-audit.jsonl``): not in the data
    folder, where the SQLite database itself lives."""
    if path := os.environ.get(ENV_ANCHOR_FILE):
        return Path(path).expanduser().resolve()
    return kunci.config_dir() / ANCHOR_FILE_NAME


def _mac_jangkar(seq: int, hash_: str, waktu: str, awal: str) -> str:
    return kunci.mac(kunci.JANGKAR, f"{VERSI_JANGKAR}|{seq}|{hash_}|{waktu}|{awal}".encode()).hex()


@dataclass(frozen=True)
class Jangkar:
    """The head of the chain at one moment: what a Berita Acara prints (``seq`` + ``hash``)."""

    seq: int
    hash: str
    waktu: datetime
    awal: str  # the hash of record #1: which chain this is
    berkas: Path

    @property
    def waktu_iso(self) -> str:
        return self.waktu.astimezone(UTC).isoformat(timespec="microseconds")

    def baris(self) -> str:
        """The anchor line (JSON), with its MAC."""
        return json.dumps({"v": VERSI_JANGKAR, "seq": self.seq, "hash": self.hash,
                           "waktu": self.waktu_iso, "awal": self.awal,
                           "mac": _mac_jangkar(self.seq, self.hash, self.waktu_iso, self.awal)},
                          separators=(",", ":"))


def _tulis_jangkar(j: Jangkar) -> None:
    j.berkas.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(j.berkas, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, (j.baris() + "\n").encode())
        os.fsync(fd)
    finally:
        os.close(fd)


def jangkar(*, user=None, ke: Path | str | None = None) -> Jangkar:
    """Anchor the chain: append an ``audit.jangkar`` record (it names the head before it) and,
    once the transaction commits, the new head (seq, hash, time, MAC) as one line of the
    append-only anchor file ``ke`` (default :func:`berkas_jangkar`). Returns the head for the
    caller to print (the plenary Berita Acara), final as soon as this returns."""
    path = Path(ke).expanduser().resolve() if ke else berkas_jangkar()
    with transaction.atomic():
        appender = Appender()
        appender.add(AksiAudit.AUDIT_JANGKAR, user=user, objek_tipe="audit.jangkar", sesudah={
            "ujung_sebelumnya": {"seq": appender.head.seq, "hash": appender.head.hash},
            "berkas": str(path)})
        rec = appender.flush()[0]
        awal = rec.hash if rec.seq == 1 else (
            AuditRecord.objects.filter(seq=1).values_list("hash", flat=True).first() or "")
        j = Jangkar(seq=rec.seq, hash=rec.hash, waktu=rec.waktu, awal=awal, berkas=path)
        transaction.on_commit(lambda: _tulis_jangkar(j))
    return j


def baca_jangkar(path: Path) -> tuple[list[dict], list[str]]:
    """The anchor lines of ``path`` whose MAC holds, and a problem for each other line."""
    lines, problems = [], []
    try:
        text = path.read_text()
    except OSError as exc:
        return [], [f"berkas jangkar {path} tidak terbaca: {exc}"]
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
            seq, hash_, waktu, awal, mac = (int(d["seq"]), str(d["hash"]), str(d["waktu"]),
                                            str(d["awal"]), str(d["mac"]))
            ok = int(d["v"]) == VERSI_JANGKAR and mac == _mac_jangkar(seq, hash_, waktu, awal)
        except (ValueError, KeyError, TypeError):
            problems.append(f"jangkar baris {n}: tidak terbaca")
            continue
        if not ok:
            problems.append(f"jangkar baris {n}: MAC tidak cocok (baris dipalsukan atau diubah)")
            continue
        lines.append({"baris": n, "seq": seq, "hash": hash_, "waktu": waktu, "awal": awal})
    return lines, problems


# -- verify ------------------------------------------------------------------------------------


@dataclass
class VerifyResult:
    ok: bool
    checked: int
    head_hash: str
    problems: list[str]
    head_seq: int = 0
    jangkar: int = 0  # anchor lines checked
    berkas_jangkar: Path | None = None
    register: list = field(default_factory=list)  # sidik.HasilRegister per model


class _Snapshot:
    """One consistent view for a whole verification, so appends made meanwhile are not
    mistaken for a cut tail, and writers are not held up: a REPEATABLE READ, READ ONLY
    transaction on PostgreSQL; a deferred read transaction on SQLite (in WAL mode a reader
    keeps its snapshot while writers go on; Django's own transactions there are IMMEDIATE,
    which would take the write lock). Inside a caller's transaction, that one is used."""

    def __enter__(self):
        self.conn = transaction.get_connection()
        self.mode = None
        if self.conn.in_atomic_block:
            return self
        if self.conn.vendor == "sqlite":
            self.mode = "sqlite"
            with self.conn.cursor() as cursor:
                cursor.execute("BEGIN DEFERRED")
            return self
        self.mode = "atomic"
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        if self.conn.vendor == "postgresql":
            with self.conn.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        return self

    def __exit__(self, *exc):
        if self.mode == "sqlite":
            with self.conn.cursor() as cursor:
                cursor.execute("COMMIT")
            return False
        if self.mode == "atomic":
            return self.atomic.__exit__(*exc)
        return False


def verify(batch_size: int = 5000, *, jangkar: Path | str | None = None, register=(),
           batas: int = 20) -> VerifyResult:
    """Walk the chain in order and report every break (lists the first ``batas``).

    ``jangkar``: an anchor file; every line's MAC must hold, the record at its seq must exist
    with its hash, and the chain must reach the newest one. ``register``: models whose rows
    must agree with the log (``audit.sidik.periksa_register``)."""
    with _Snapshot():
        return _verify(batch_size, Path(jangkar) if jangkar else None, register, batas)


def _verify(batch_size, jangkar, register, batas) -> VerifyResult:
    problems: list[str] = []
    anchors: list[dict] = []
    if jangkar is not None:
        anchors, problems = baca_jangkar(jangkar)
    wanted = {a["seq"] for a in anchors} | {1}
    seen: dict[int, str] = {}
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
            if rec.seq in wanted:
                seen[rec.seq] = rec.hash
            if rec.seq != expected_seq:
                problems.append(
                    f"#{rec.seq}: urutan melompat, seharusnya #{expected_seq} "
                    "(catatan dihapus atau disisipkan)")
            if rec.prev_hash != prev:
                problems.append(f"#{rec.seq}: prev_hash tidak cocok dengan catatan sebelumnya "
                                "(catatan dihapus atau diurutkan ulang)")
            if rec.versi_hash != VERSI_HASH:
                problems.append(f"#{rec.seq}: versi hash {rec.versi_hash} tidak dikenal "
                                f"(seharusnya {VERSI_HASH})")
            elif rec.hash != record_hash(
                    seq=rec.seq, waktu=rec.waktu, user_id=rec.user_id, username=rec.username,
                    aksi=rec.aksi, objek_tipe=rec.objek_tipe, objek_id=rec.objek_id,
                    sebelum=rec.sebelum, sesudah=rec.sesudah, sidik_sebelum=rec.sidik_sebelum,
                    sidik_sesudah=rec.sidik_sesudah, prev_hash=rec.prev_hash):
                problems.append(f"#{rec.seq}: isi catatan tidak cocok dengan hash-nya "
                                "(catatan diubah, atau dibuat tanpa kunci audit)")
            prev = rec.hash
            expected_seq = rec.seq + 1
            last_id = rec.seq
        if len(problems) > batas:
            break
    last_seq = expected_seq - 1
    head = AuditHead.objects.filter(pk=1).first()
    if head is None:
        if checked:
            problems.append(f"ujung rantai tidak ada, padahal ada {checked} catatan "
                            "(ujung dihapus)")
        head_seq, head_hash = 0, GENESIS
    else:
        head_seq, head_hash = head.seq, head.hash
        if head.mac != head_mac(head.seq, head.hash):
            problems.append(f"ujung rantai #{head.seq}: MAC tidak cocok (ujung diubah tanpa "
                            "kunci audit)")
    if not problems and (head_seq != last_seq or head_hash != prev):
        problems.append(f"ujung rantai tercatat #{head_seq}, tetapi catatan terakhir "
                        f"#{last_seq} (catatan di akhir dihapus)")
    for a in anchors:
        where = f"jangkar baris {a['baris']} ({a['waktu']}, #{a['seq']})"
        if a["seq"] > last_seq:
            problems.append(f"{where}: rantai hanya sampai #{last_seq} (catatan di ujung "
                            "dihapus, atau rantai dikosongkan)")
        elif a["seq"] not in seen:
            problems.append(f"{where}: catatan #{a['seq']} tidak ada")
        elif seen[a["seq"]] != a["hash"]:
            problems.append(f"{where}: hash catatan #{a['seq']} berbeda dari jangkar (rantai "
                            "ditulis ulang)")
        elif a["awal"] and seen.get(1) != a["awal"]:
            problems.append(f"{where}: catatan #1 berbeda dari jangkar (rantai lain, atau "
                            "ditulis ulang dari awal)")
    result = VerifyResult(ok=not problems, checked=checked, head_hash=prev,
                          problems=problems[:batas], head_seq=last_seq, jangkar=len(anchors),
                          berkas_jangkar=jangkar)
    if register and not problems:
        # A broken chain cannot vouch for the register: check the rows only on a sound one.
        from .sidik import periksa_register

        for model in register:
            hasil = periksa_register(model, batas=batas)
            result.register.append(hasil)
            result.ok = result.ok and hasil.ok
    return result


# -- register baseline -------------------------------------------------------------------------


def sidik_awal(model: type[Model], *, user=None, ukuran: int = 5000) -> int:
    """Record the fingerprints of every row of ``model`` as it is now (``audit.sidik_awal``,
    one record per ``ukuran`` rows): the starting point of ``verify --register`` for rows that
    were written before writers stamped fingerprints. It vouches for the rows as they are, so
    take it once, after the register was checked some other way. Returns the rows taken."""
    from .sidik import Muatan, Sidik, _sidik_semua

    sidik = Sidik(model)
    n = 0
    with transaction.atomic():
        appender = Appender()
        muatan = Muatan(sidik)
        for pk, raw in _sidik_semua(model, ukuran):
            muatan.tambah(pk, raw)
            n += 1
            if len(muatan) >= ukuran:
                appender.add(AksiAudit.AUDIT_SIDIK_AWAL, user=user, objek_tipe=sidik.label,
                             sesudah=muatan.payload())
                muatan = Muatan(sidik)
        if len(muatan):
            appender.add(AksiAudit.AUDIT_SIDIK_AWAL, user=user, objek_tipe=sidik.label,
                         sesudah=muatan.payload())
        appender.flush()
    return n
