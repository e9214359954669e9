"""The voter-write protocol: the one way a voter row changes.

Field apps work offline on copies of the list and download only "what changed since list
version N", so every change to a voter must do the same three things, whoever makes it (a
Pantarlih's sync, a PPS decision, KPU staff in the admin, an import, a list stage):

1. ``versi`` + 1: an offline copy edited from the old version is then detected as a conflict
   instead of silently overwriting the newer data (optimistic concurrency);
2. ``rev`` = the sequence number of the audit record of this change: downloads ask for
   ``rev > N``, and the audit record and the row commit together;
3. a move to another TPS leaves a :class:`PindahTPS` tombstone (same ``rev``), because the old
   TPS's phone downloads only its own voters and would never hear that one left.

:class:`PenulisPemilih` does all three under the audit lock that its caller's ``Appender``
holds, for one voter or thousands: rows are updated in memory at once (a second change to the
same voter in one batch sees the first) and written by :meth:`PenulisPemilih.flush` in one
``executemany``, guarded by the version read, so a writer that skipped the lock is caught.

Every write also moves the register's counters (``pemilih.rekap``: per TPS, per area above it,
per day) in the same transaction, so monitoring pages read counters, never voters.

Every audit record of a change also carries the keyed fingerprint of the whole row before and
after it (``audit.sidik``), and a bulk load one record per batch with the fingerprint of every
row it inserted, so ``selenggara audit verify --register`` finds a row changed any other way.
"""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime

from django.db.models import DateField, Model
from django.utils import timezone

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.audit.sidik import Muatan, Sidik
from selenggara.db import adapt, bulk_insert, bulk_update
from selenggara.web import jam

from . import kait
from .models import Pemilih, PindahTPS
from .rekap import FIELDS as FIELDS_HITUNG
from .rekap import Penghitung, baris_hitung

# Every column of the row except the key.
KOLOM = tuple(f.attname for f in Pemilih._meta.concrete_fields if not f.primary_key)
# What every change sets besides its own fields (the voter-write protocol).
_KOLOM_PROTOKOL = ("versi", "rev", "diubah")
# Field names and attnames (``tps`` and ``tps_id``) to the column a change sets.
_ATTNAME = {**{a: a for a in KOLOM}, **{f.name: f.attname for f in Pemilih._meta.concrete_fields
                                         if not f.primary_key}}
# Only dates and datetimes need converting for a raw cursor; the rest pass as they are.
_ATTNAME_WAKTU = frozenset(f.attname for f in Pemilih._meta.concrete_fields
                           if isinstance(f, DateField))
# The keyed fingerprint of a whole row (every column, the id included).
SIDIK = Sidik(Pemilih)


# Guards every voter write asks first (``pasang_penjaga``): a function of (election id,
# kelurahan id) returning a refusal or None. The list stages install one (a kelurahan whose
# list a plenary froze takes no change); it lives above this app, hence the hook.
_PENJAGA: list = []


def pasang_penjaga(fn) -> None:
    if fn not in _PENJAGA:
        _PENJAGA.append(fn)


def periksa_penjaga(pemilihan_id: int, kelurahan_ids, *, cache: dict | None = None) -> None:
    """Raise the guards' ``ServiceError`` when a write may not touch one of ``kelurahan_ids``.
    ``cache`` (per writer) keeps the answers: a batch asks once per kelurahan."""
    for kel in kelurahan_ids:
        key = (pemilihan_id, kel)
        if cache is not None and key in cache:
            galat = cache[key]
        else:
            galat = next((g for fn in _PENJAGA if (g := fn(pemilihan_id, kel)) is not None),
                         None)
            if cache is not None:
                cache[key] = galat
        if galat is not None:
            raise galat


def plain(value):
    """A value as JSON keeps it (dates as ISO strings), for before/after records."""
    return value.isoformat() if isinstance(value, date | datetime) else value


def nilai(p: Pemilih, names) -> dict:
    """``{name: plain value}`` of a voter's fields (``tps_id`` and other ids included)."""
    return {k: plain(getattr(p, k)) for k in names}


class PenulisPemilih:
    """Applies voter changes under the audit lock held by ``appender`` (created FIRST by the
    caller's transaction, like every auditing writer)."""

    def __init__(self, appender: Appender, *, now: datetime | None = None):
        self.appender = appender
        self.now = now or jam.sekarang()
        self._rows: list[tuple[tuple[str, ...], int, list]] = []
        self._moves: list[PindahTPS] = []
        self.hitung = Penghitung(timezone.localtime(self.now).date())
        self._penjaga: dict = {}
        # Voters added or re-identified, for the hooks after the commit (pemilih.kait).
        self._kait: dict[int, list[int]] = {}

    def ubah(self, p: Pemilih, changed: dict, *, aksi: AksiAudit, user, sebelum: dict | None = None,
             sesudah: dict | None = None, catatan: dict | None = None) -> int:
        """Apply ``changed`` (field -> new value, ``tps_id`` for a move) to ``p`` and audit it.

        ``sebelum``/``sesudah`` default to the plain old and new values of the changed fields;
        ``catatan`` adds context to the audit record (the change id, a reason). Returns the
        audit sequence number, which is now ``p.rev``.
        """
        old_versi, old_tps = p.versi, p.tps_id
        kelurahan_lama = p.kelurahan_id
        periksa_penjaga(p.pemilihan_id, {kelurahan_lama, changed.get("kelurahan_id",
                                                                     kelurahan_lama)},
                        cache=self._penjaga)
        hitung_lama = baris_hitung(p)
        sidik_sebelum = SIDIK.objek(p)
        if sebelum is None:
            sebelum = nilai(p, changed)
        seq = self.appender.next_seq
        for name, value in changed.items():
            setattr(p, name, value)
        p.versi, p.rev, p.diubah = old_versi + 1, seq, self.now
        if p.tps_id != old_tps:
            self._moves.append(PindahTPS(pemilih_id=p.pk, tps_asal_id=old_tps,
                                         tps_tujuan_id=p.tps_id, rev=seq))
        self.hitung.ubah(p.pemilihan_id, old_tps, hitung_lama, p.tps_id, baris_hitung(p))
        # Snapshot now: a later change to the same voter in this batch mutates ``p`` again.
        # Only the columns the change sets (plus the protocol's): SQLite and PostgreSQL then
        # leave the indexes on the other columns alone, a third of a coklit batch's write
        # time. The version guard (``WHERE versi = old``) still proves the row was the one
        # in memory, so the fingerprint of ``p`` is the stored row's.
        kolom = tuple(sorted({_ATTNAME[k] for k in changed} | set(_KOLOM_PROTOKOL)))
        self._rows.append((kolom, p.pk, [adapt(getattr(p, k)) if k in _ATTNAME_WAKTU
                                         else getattr(p, k) for k in kolom] + [p.pk, old_versi]))
        if sesudah is None:
            sesudah = {k: plain(v) for k, v in changed.items()}
        if not kait.IDENTITAS.isdisjoint(changed) and not p.tms_kode:
            self._kait.setdefault(p.pemilihan_id, []).append(p.pk)
        self.appender.add(aksi, user=user, objek=p, sebelum=sebelum,
                          sesudah={**sesudah, **(catatan or {})}, sidik_sebelum=sidik_sebelum,
                          sidik_sesudah=SIDIK.objek(p))
        return seq

    def tambah(self, p: Pemilih, *, aksi: AksiAudit, user, sesudah=None,
               catatan: dict | None = None) -> Pemilih:
        """Insert a new voter (``versi`` 1, ``rev`` = its audit sequence) and audit it.

        ``sesudah``: what the audit record keeps, or a function of the saved voter (it has
        its id only after the insert); the whole row by default."""
        periksa_penjaga(p.pemilihan_id, {p.kelurahan_id}, cache=self._penjaga)
        p.rev, p.versi, p.diubah = self.appender.next_seq, 1, self.now
        p.save(force_insert=True)
        self.hitung.ubah(p.pemilihan_id, None, None, p.tps_id, baris_hitung(p))
        if not p.tms_kode:
            self._kait.setdefault(p.pemilihan_id, []).append(p.pk)
        if callable(sesudah):
            sesudah = sesudah(p)
        self.appender.add(aksi, user=user, objek=p,
                          sesudah={**(sesudah if sesudah is not None else _snapshot(p)),
                                   **(catatan or {})}, sidik_sesudah=SIDIK.objek(p))
        return p

    def flush(self) -> None:
        """Write the queued rows in order (one ``executemany``) and the tombstones."""
        if self._rows:
            matched = sum(bulk_update(Pemilih, kolom, rows, where=("id", "versi"))
                          for kolom, rows in _per_bentuk(self._rows))
            if matched != len(self._rows):
                raise RuntimeError("a voter changed under the audit lock")
            self._rows = []
        if self._moves:
            PindahTPS.objects.bulk_create(self._moves)
            self._moves = []
        self.hitung.flush()
        if self._kait:
            kait.setelah_tulis(self._kait)
            self._kait = {}


def _per_bentuk(rows: list[tuple[tuple[str, ...], int, list]]):
    """The queued updates as (columns, rows) groups, one ``executemany`` each. Grouped by
    shape when no voter is updated twice (the usual batch); otherwise in runs of the queue's
    order, since each update of one voter is guarded by the version the one before set."""
    if len({pk for _k, pk, _r in rows}) == len(rows):
        groups: dict[tuple[str, ...], list[list]] = {}
        for kolom, _pk, row in rows:
            groups.setdefault(kolom, []).append(row)
        yield from groups.items()
        return
    run: list[list] = []
    for i, (kolom, _pk, row) in enumerate(rows):
        run.append(row)
        if i + 1 == len(rows) or rows[i + 1][0] != kolom:
            yield kolom, run
            run = []


def _snapshot(p: Model) -> dict:
    from selenggara.audit.services import snapshot

    return snapshot(p)


def ubah_satu(p: Pemilih, changed: dict, *, aksi: AksiAudit, user, appender: Appender,
              **kwargs) -> int:
    """One voter change written at once (PPS decisions, the admin): see :meth:`ubah`."""
    penulis = PenulisPemilih(appender)
    seq = penulis.ubah(p, changed, aksi=aksi, user=user, **kwargs)
    penulis.flush()
    return seq


def muat_massal(rows, fields, *, appender: Appender, aksi: AksiAudit = AksiAudit.PEMILIH_MUAT,
                user=None, catatan: dict | None = None) -> int:
    """Insert voters in bulk (the DP4 / A-Daftar load: an initial list, before any field app
    has a copy): rows are tuples ordered like ``fields`` (``id`` included) with ``rev`` 0 and
    ``versi`` 1, in the caller's transaction, through ``db.bulk_insert`` (executemany / COPY).

    One audit record (``aksi``, under the caller's ``appender``, created first as always) says
    what was loaded: the ids, their count and each row's keyed fingerprint (``catatan`` adds
    context, e.g. the kelurahan). Call it once per batch (a kelurahan), so no record grows
    with the size of the whole list."""
    if "id" not in fields:
        raise ValueError("muat_massal needs the ids in the rows: the load records them")
    pk = list(fields).index("id")
    sidik = SIDIK.baris(fields)
    muatan = Muatan(SIDIK)
    hitung = Penghitung()
    i_pemilihan, i_tps = _indeks(fields, "pemilihan"), _indeks(fields, "tps")
    i_kelurahan = _indeks(fields, "kelurahan")
    penjaga: dict = {}
    i_hitung = [_indeks(fields, f) for f in FIELDS_HITUNG]
    # Rows are tallied by what the counters read (a handful of distinct combinations per TPS),
    # and the counters worked out once per combination: a load of millions stays fast.
    jenis: Counter = Counter()

    # The guards are asked after the insert, in the same transaction (a refusal rolls the
    # load back): a query while PostgreSQL's COPY streams these rows would block on it.
    dilihat: set[tuple[int, int]] = set()

    ditulis: dict[int, list[int]] = {}
    catat = kait.ada() and i_pemilihan is not None

    def stamped():
        for row in rows:
            if catat:
                ditulis.setdefault(row[i_pemilihan], []).append(row[pk])
            if i_kelurahan is not None and _PENJAGA:
                dilihat.add((row[i_pemilihan], row[i_kelurahan]))
            muatan.tambah(row[pk], sidik(row))
            jenis[(row[i_pemilihan], row[i_tps],
                   *(row[i] if i is not None else None for i in i_hitung))] += 1
            yield row

    count = bulk_insert(Pemilih, fields, stamped())
    for pemilihan_id, kelurahan_id in sorted(dilihat):
        periksa_penjaga(pemilihan_id, (kelurahan_id,), cache=penjaga)
    for (pemilihan_id, tps_id, *nilai), n in jenis.items():
        hitung.tambah_baru(pemilihan_id, tps_id, dict(zip(FIELDS_HITUNG, nilai, strict=True)), n)
    hitung.flush()
    if ditulis:
        kait.setelah_tulis(ditulis)
    appender.add(aksi, user=user, objek_tipe=SIDIK.label,
                 sesudah={**(catatan or {}), "jumlah": count, **muatan.payload()})
    return count


def _indeks(fields, name: str) -> int | None:
    """Position of field ``name`` (or its ``_id`` column) in ``fields``, None if absent."""
    for i, f in enumerate(fields):
        if f in (name, f"{name}_id"):
            return i
    return None
