"""Keyed fingerprints of register rows, and the check that the register agrees with the log.

A writer that changes register rows only through its protocol (``pemilih.services``) stamps
each audit record with the fingerprint of the whole row before and after the change
(``sidik_sebelum`` / ``sidik_sesudah``); a bulk load stamps one record per batch with the
fingerprints of every row it inserted (:class:`Muatan`). :func:`periksa_register` then walks
the register and the log side by side, in id windows (two queries per window, never one per
row), and names the rows that were edited, inserted or deleted some other way (plain SQL).

A fingerprint is the first 8 bytes of HMAC-SHA256, under the audit key's ``baris`` subkey,
of the row's non-empty columns as canonical text (:class:`Sidik`). It is derived from the NIK
too, so it is keyed with the audit key (never ``SECRET_KEY``, which sits in the data folder):
without the key a fingerprint says nothing about the row (see ``docs/audit.md``). Empty
columns (NULL, "") are left out, so adding a nullable or blank column later keeps old
fingerprints valid.
"""

from __future__ import annotations

import base64
import functools
import json
import time
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from operator import attrgetter

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.models import BigIntegerField, Max, Min, Model
from django.db.models.functions import Cast
from django.utils.dateparse import parse_datetime

from . import kunci
from .models import AuditRecord

PANJANG = 8  # bytes of a fingerprint
KUNCI_MUAT = "sidik_muat"  # the key of a load's payload in ``sesudah``

_INT = {"AutoField", "BigAutoField", "SmallAutoField", "IntegerField", "BigIntegerField",
        "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
        "PositiveSmallIntegerField"}
_STR = {"CharField", "TextField", "SlugField", "EmailField", "URLField"}


@functools.lru_cache(maxsize=4096)
def _datetime(v) -> str:
    # Cached: a batch shares its few timestamps (``diubah`` of a whole load is one value).
    if isinstance(v, str):
        try:
            v = datetime.fromisoformat(v)
        except ValueError:
            v = parse_datetime(v)
    if v.tzinfo is not None:
        v = v.astimezone(UTC).replace(tzinfo=None)
    # Naive is UTC (what SQLite keeps); one text for every source.
    return v.isoformat(sep=" ", timespec="microseconds")


def _date(v) -> str:
    if isinstance(v, datetime):
        v = v.date()
    return v.isoformat() if isinstance(v, date) else date.fromisoformat(str(v)).isoformat()


def _int(v) -> str:
    return str(int(v))


def _str(v) -> str:
    return str(v)


def _bool(v) -> str:
    return "1" if v else "0"


def _json(v) -> str:
    return json.dumps(v, cls=DjangoJSONEncoder, sort_keys=True, separators=(",", ":"))


def _canon(f):
    target = f.target_field if f.is_relation else f
    kind = target.get_internal_type()
    if kind == "DateTimeField":
        return _datetime
    if kind == "DateField":
        return _date
    if kind in _INT:
        return _int
    if kind in _STR:
        return _str
    if kind == "BooleanField":
        return _bool
    return _json


class Sidik:
    """The fingerprint function of one model (every concrete column, the key included).

    The MAC is over ``<label>`` then, for each non-empty column in name order, a line
    ``<attname>:<length>:<canonical text>`` (the length makes it unambiguous whatever the text
    holds); dates ISO, datetimes UTC to the microsecond, numbers in decimal."""

    def __init__(self, model: type[Model]):
        self.model = model
        self.label = model._meta.label_lower
        self.fields = list(model._meta.concrete_fields)
        self.attnames = tuple(f.attname for f in self.fields)
        # attrgetter of one name returns the value itself, of several a tuple
        self._ambil = (attrgetter(*self.attnames) if len(self.attnames) > 1
                       else lambda obj: (getattr(obj, self.attnames[0]),))
        self.columns = tuple(f.column for f in self.fields)
        # (position in a row, name, canonical text of a value) in name order
        self._spec = tuple(sorted(((i, f.attname, _canon(f)) for i, f in enumerate(self.fields)),
                                  key=lambda x: x[1]))
        self._prefix = f"{self.label}\n"

    def raw_row(self, row) -> bytes:
        """Of a row given as a sequence ordered like :attr:`attnames` (Python values or what
        the database driver returns)."""
        parts = [self._prefix]
        add = parts.append
        for i, name, canon in self._spec:
            v = row[i]
            if v is None or v == "":
                continue
            if canon is not _str or type(v) is not str:
                v = canon(v)
            add(f"{name}:{len(v)}:{v}\n")
        return kunci.mac(kunci.BARIS, "".join(parts).encode())[:PANJANG]

    def raw(self, values: Mapping) -> bytes:
        """Of a row given as ``{attname: value}``."""
        return self.raw_row([values[a] for a in self.attnames])

    def hex(self, values: Mapping) -> str:
        return self.raw(values).hex()

    def objek(self, obj: Model) -> str:
        """Of a model instance as it is in memory (what a writer is about to store)."""
        return self.raw_row(self._ambil(obj)).hex()

    def baris(self, fields, defaults: Mapping | None = None):
        """A function giving the fingerprint of a bulk row (a tuple ordered like ``fields``,
        model field names); columns not in ``fields`` take their default. The same MAC as
        :meth:`raw_row`, with the defaults' text worked out once."""
        attnames = [self.model._meta.get_field(n).attname for n in fields]
        where = {a: i for i, a in enumerate(attnames)}
        rest = {f.attname: f.get_default() for f in self.fields if f.attname not in where}
        rest.update(defaults or {})
        plan = []  # in name order: (index in the row, name, canon) or (None, text, None)
        for _i, name, canon in self._spec:
            if name in where:
                plan.append((where[name], name, canon))
            elif rest[name] is not None and rest[name] != "":
                t = canon(rest[name])
                plan.append((None, f"{name}:{len(t)}:{t}\n", None))
        prefix = self._prefix

        def of(row) -> bytes:
            parts = [prefix]
            add = parts.append
            for i, name, canon in plan:
                if i is None:
                    add(name)
                    continue
                v = row[i]
                if v is None or v == "":
                    continue
                if canon is not _str or type(v) is not str:
                    v = canon(v)
                add(f"{name}:{len(v)}:{v}\n")
            return kunci.mac(kunci.BARIS, "".join(parts).encode())[:PANJANG]

        return of

    def select_sql(self) -> str:
        """``SELECT <every column in attnames order> FROM <table> WHERE pk in [%s, %s)``."""
        qn = connection.ops.quote_name
        pk = qn(self.model._meta.pk.column)
        return (f"SELECT {', '.join(qn(c) for c in self.columns)} FROM "
                f"{qn(self.model._meta.db_table)} WHERE {pk} >= %s AND {pk} < %s")


class Muatan:
    """What a bulk load records: the fingerprint of each row it inserted, by primary key."""

    def __init__(self, sidik: Sidik):
        self.sidik = sidik
        self.rentang: list[list[int]] = []  # [first pk, count], in insertion order
        self._buf = bytearray()

    def __len__(self) -> int:
        return len(self._buf) // PANJANG

    def tambah(self, pk: int, raw: bytes) -> None:
        if self.rentang and sum(self.rentang[-1]) == pk:
            self.rentang[-1][1] += 1
        else:
            self.rentang.append([pk, 1])
        self._buf += raw

    def payload(self) -> dict:
        return {KUNCI_MUAT: {"model": self.sidik.label, "jumlah": len(self),
                             "rentang": self.rentang,
                             "sidik": base64.b64encode(bytes(self._buf)).decode()}}


@dataclass
class HasilRegister:
    model: str
    diperiksa: int = 0  # rows of the register
    jumlah_masalah: int = 0
    masalah: list[str] = field(default_factory=list)
    detik: float = 0.0

    @property
    def ok(self) -> bool:
        return self.jumlah_masalah == 0


@dataclass(order=True)
class _Segmen:
    awal: int
    jumlah: int
    seq: int
    blob: bytes = field(compare=False)
    offset: int = field(compare=False)


def _segmen(label: str) -> list[_Segmen]:
    out = []
    rows = (AuditRecord.objects.filter(objek_tipe=label, objek_id="").order_by("seq")
            .values_list("seq", "sesudah"))
    for seq, sesudah in rows.iterator(chunk_size=20):
        muat = (sesudah or {}).get(KUNCI_MUAT) if isinstance(sesudah, dict) else None
        if not muat or muat.get("model") != label:
            continue
        blob, offset = base64.b64decode(muat["sidik"]), 0
        for awal, jumlah in muat["rentang"]:
            out.append(_Segmen(awal, jumlah, seq, blob, offset))
            offset += jumlah * PANJANG
    out.sort()
    return out


def _batas(model: type[Model], label: str, segmen: list[_Segmen]) -> tuple[int, int] | None:
    lo, hi = [], []
    r = model._base_manager.aggregate(lo=Min("pk"), hi=Max("pk"))
    a = (AuditRecord.objects.filter(objek_tipe=label).exclude(objek_id="")
         .exclude(sidik_sesudah="").annotate(n=Cast("objek_id", BigIntegerField()))
         .aggregate(lo=Min("n"), hi=Max("n")))
    for d in (r, a):
        if d["lo"] is not None:
            lo.append(d["lo"])
            hi.append(d["hi"])
    if segmen:
        lo.append(min(s.awal for s in segmen))
        hi.append(max(s.awal + s.jumlah - 1 for s in segmen))
    return (min(lo), max(hi)) if lo else None


def periksa_register(model: type[Model], *, batas: int = 20, ukuran: int = 1000
                     ) -> HasilRegister:
    """Compare every row of ``model`` with what the audit log says it should be.

    Per primary key, in ``seq`` order: a load's fingerprint sets the expected state; a write
    must start from the expected state (``sidik_sebelum``, empty for an insert) and sets it to
    its ``sidik_sesudah``. The row must exist exactly when there is an expected state, and
    its fingerprint must equal it. Names the first ``batas`` rows that disagree, counts all.
    The caller verified the chain first (a forged record would otherwise be believed).
    """
    t0 = time.perf_counter()
    sidik = Sidik(model)
    label = sidik.label
    hasil = HasilRegister(model=label)

    def masalah(text: str) -> None:
        hasil.jumlah_masalah += 1
        if len(hasil.masalah) < batas:
            hasil.masalah.append(text)

    segmen = _segmen(label)
    bounds = _batas(model, label, segmen)
    if bounds is None:
        hasil.detik = time.perf_counter() - t0
        return hasil
    nama = model._meta.model_name
    select = sidik.select_sql()
    pk_at = sidik.attnames.index(model._meta.pk.attname)
    aktif: list[_Segmen] = []
    i = 0
    w = bounds[0]
    while w <= bounds[1]:
        akhir = w + ukuran
        while i < len(segmen) and segmen[i].awal < akhir:
            aktif.append(segmen[i])
            i += 1
        aktif = [s for s in aktif if s.awal + s.jumlah > w]
        with connection.cursor() as cursor:
            cursor.execute(select, [w, akhir])
            rows = {r[pk_at]: r for r in cursor.fetchall()}
        peristiwa: dict[int, list[tuple]] = defaultdict(list)
        for s in aktif:
            for pk in range(max(s.awal, w), min(s.awal + s.jumlah, akhir)):
                o = s.offset + (pk - s.awal) * PANJANG
                peristiwa[pk].append((s.seq, None, s.blob[o:o + PANJANG].hex()))
        for seq, objek_id, sebelum, sesudah in (
                AuditRecord.objects.filter(objek_tipe=label,
                                           objek_id__in=[str(n) for n in range(w, akhir)])
                .exclude(sidik_sesudah="").order_by("seq")
                .values_list("seq", "objek_id", "sidik_sebelum", "sidik_sesudah")):
            peristiwa[int(objek_id)].append((seq, sebelum, sesudah))
        hasil.diperiksa += len(rows)
        for pk in sorted(rows.keys() | peristiwa.keys()):
            harap, terakhir = None, None
            for seq, sebelum, sesudah in sorted(peristiwa.get(pk, ())):
                if sebelum is not None and (sebelum or None) != harap:
                    masalah(f"{nama} id {pk}: sebelum catatan #{seq} barisnya tidak sama dengan "
                            "catatan sebelumnya (diubah di luar protokol, lalu ditimpa)")
                harap, terakhir = sesudah, seq
            row = rows.get(pk)
            if row is None:
                if harap is not None:
                    masalah(f"{nama} id {pk}: tidak ada di register, padahal catatan #{terakhir} "
                            "mencatatnya (dihapus di luar protokol)")
                continue
            if harap is None:
                masalah(f"{nama} id {pk}: tidak tercatat di log audit (disisipkan di luar "
                        "protokol)")
            elif sidik.raw_row(row).hex() != harap:
                masalah(f"{nama} id {pk}: isinya berbeda dari catatan terakhir #{terakhir} "
                        "(diubah di luar protokol)")
        w = akhir
    hasil.detik = time.perf_counter() - t0
    return hasil


def _sidik_semua(model: type[Model], ukuran: int):
    """(pk, fingerprint) of every row, in pk order, in batches."""
    sidik = Sidik(model)
    pk_at = sidik.attnames.index(model._meta.pk.attname)
    last = None
    while True:
        qs = model._base_manager.order_by("pk")
        if last is not None:
            qs = qs.filter(pk__gt=last)
        rows = list(qs.values_list(*sidik.attnames)[:ukuran])
        if not rows:
            return
        for r in rows:
            yield r[pk_at], sidik.raw_row(r)
        last = rows[-1][pk_at]
