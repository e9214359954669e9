"""Import the Kemendagri area table (provinsi, kab/kota, kecamatan, kelurahan/desa) from CSV.

The input is the four-file layout of ``data/wilayah/``::

    provinces.csv  code,name
    regencies.csv  code,province_code,name
    districts.csv  code,regency_code,name
    villages.csv   code,district_code,name

How it works, and why:

1. Every file is streamed once (the csv module over lines decoded one by one, so a bad byte is
   reported with its line) and every row is checked with :mod:`selenggara.rules.wilayah_kode`.
   Errors are collected (up to :data:`MAX_ERRORS`) rather than raised one at a time, so an
   operator fixes a file in one pass instead of re-running the import for each mistake.
2. Inside ONE transaction the current table is read once into a ``kode -> row`` dict, the
   parent of every row is checked against the files and the database, and only then does
   anything get written: new rows with ``bulk_create`` and changed rows with one ``UPDATE``
   run by ``executemany``,
   level by level so a parent always has its id before its children are written. Nothing goes
   through the ORM row by row: 90k villages load in seconds even on SQLite.
3. Nothing is ever deleted. TPS, officers and voters hang on areas (``on_delete=PROTECT``), and
   an area missing from a newer table is a matter for a person to decide; the result reports how
   many existing areas were not in the files.
4. A run that changed something appends one audit record (counts, the SHA-256 of each file, and
   the before/after of every updated row) in the same transaction; a run that changed nothing
   writes nothing, so re-running an import is always safe.
"""

from __future__ import annotations

import contextlib
import csv
import hashlib
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TextIO

from django.db import connection, transaction
from django.utils.translation import gettext as _

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import record
from selenggara.rules.wilayah_kode import KodeWilayahError, normalise_kode

from .models import Tingkat, Wilayah

MAX_ERRORS = 50
BATCH_SIZE = 2000  # Django lowers it further on SQLite to fit its 999-parameter limit
NAMA_MAX = Wilayah._meta.get_field("nama").max_length
AUDIT_AKSI = AksiAudit.WILAYAH_IMPORT
_BOM = b"\xef\xbb\xbf"


@dataclass(frozen=True)
class _FileSpec:
    tingkat: int
    name: str
    columns: tuple[str, ...]
    label: str  # what the file holds, for messages

    @property
    def parent_column(self) -> str | None:
        return self.columns[1] if len(self.columns) == 3 else None


# Parents before children: the order of reading, checking and writing.
FILES = (
    _FileSpec(Tingkat.PROVINSI, "provinces.csv", ("code", "name"), "provinsi"),
    _FileSpec(
        Tingkat.KABKOTA, "regencies.csv", ("code", "province_code", "name"), "kabupaten/kota"
    ),
    _FileSpec(Tingkat.KECAMATAN, "districts.csv", ("code", "regency_code", "name"), "kecamatan"),
    _FileSpec(
        Tingkat.KELURAHAN, "villages.csv", ("code", "district_code", "name"), "kelurahan/desa"
    ),
)
_SPEC = {spec.tingkat: spec for spec in FILES}
_CONTOH_KODE = {1: "35", 2: "35.71", 3: "35.71.01", 4: "35.71.01.1001"}


@dataclass(frozen=True)
class RowError:
    """One problem in the input: where it is (file, line, column) and what to do about it."""

    file: str
    line: int | None
    field: str
    message: str

    def __str__(self) -> str:
        where = [self.file] if self.file else []
        if self.line is not None:
            where.append(_("baris %(baris)d") % {"baris": self.line})
        if self.field:
            where.append(_("kolom %(kolom)s") % {"kolom": self.field})
        return f"{', '.join(where)}: {self.message}" if where else self.message


class WilayahImportError(Exception):
    """The input is not importable; nothing was written. ``errors`` lists every problem found."""

    def __init__(self, errors: list[RowError], truncated: bool = False):
        self.errors = errors
        self.truncated = truncated
        super().__init__("\n".join(str(e) for e in errors))


@dataclass
class LevelCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class ImportResult:
    """What an import did, per level (1 provinsi .. 4 kelurahan/desa)."""

    levels: dict[int, LevelCounts] = field(
        default_factory=lambda: {spec.tingkat: LevelCounts() for spec in FILES}
    )
    not_in_files: int = 0  # existing areas (within --prefix, if given) absent from the files
    seconds: float = 0.0
    prefix: str | None = None
    audit_seq: int | None = None  # the audit record of this run, if it changed anything

    @property
    def inserted(self) -> int:
        return sum(c.inserted for c in self.levels.values())

    @property
    def updated(self) -> int:
        return sum(c.updated for c in self.levels.values())

    @property
    def unchanged(self) -> int:
        return sum(c.unchanged for c in self.levels.values())

    @property
    def changed(self) -> bool:
        return bool(self.inserted or self.updated)


class _TooManyErrors(Exception):
    pass


class _Errors:
    def __init__(self) -> None:
        self.items: list[RowError] = []
        self.truncated = False

    def add(self, file: str, line: int | None, fld: str, message: str, **params) -> None:
        """Record one error; ``message`` is already translated, ``params`` fill its %(x)s."""
        if len(self.items) >= MAX_ERRORS:
            self.truncated = True
            raise _TooManyErrors
        self.items.append(RowError(file, line, fld, message % params if params else message))

    def raise_if_any(self) -> None:
        if self.items:
            order = {spec.name: i for i, spec in enumerate(FILES)}
            self.items.sort(key=lambda e: (order.get(e.file, -1), e.line or 0))
            raise WilayahImportError(self.items, self.truncated)


class _BadEncoding(Exception):
    def __init__(self, line: int, column: int, byte: bytes):
        self.line, self.column, self.byte = line, column, byte


class _Lines:
    """Decoded lines of a file, read as bytes so a non-UTF-8 byte is found with its line.

    Also keeps the SHA-256 of the bytes (for the audit record) and how much was read (for the
    progress bar).
    """

    def __init__(self, path: Path):
        self.path = path
        self.sha256 = hashlib.sha256()
        self.bytes_read = 0

    def __iter__(self) -> Iterator[str]:
        with open(self.path, "rb") as f:
            for number, raw in enumerate(f, 1):
                self.sha256.update(raw)
                self.bytes_read += len(raw)
                if number == 1 and raw.startswith(_BOM):
                    raw = raw[len(_BOM) :]  # Excel writes a BOM; it is not part of the header
                try:
                    yield raw.decode("utf-8")
                except UnicodeDecodeError as exc:
                    raise _BadEncoding(
                        number, exc.start + 1, raw[exc.start : exc.start + 1]
                    ) from None


class _Progress:
    """A rich progress display on ``stdout``, or nothing at all when ``stdout`` is None."""

    def __init__(self, stdout: TextIO | None):
        self._progress = None
        if stdout is not None:
            from rich.console import Console
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeElapsedColumn,
            )

            self._progress = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                MofNCompleteColumn(),
                TimeElapsedColumn(),
                console=Console(file=stdout),
                transient=False,
            )

    def __enter__(self) -> _Progress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, *exc) -> None:
        if self._progress is not None:
            self._progress.stop()

    def add(self, description: str, total: int) -> int | None:
        if self._progress is None:
            return None
        return self._progress.add_task(description, total=total)

    def update(self, task: int | None, completed: int) -> None:
        if self._progress is not None and task is not None:
            self._progress.update(task, completed=completed)


@dataclass
class _Parsed:
    """The rows of one file that are in scope: ``kode -> (nama, line)``."""

    rows: dict[str, tuple[str, int]] = field(default_factory=dict)
    complete: bool = True  # False when the file could not be read to its end
    sha256: str = ""


def _scope_test(prefix: str | None):
    """A predicate: is this (normalised) code inside the prefix subtree or one of its ancestors?"""
    if prefix is None:
        return None
    parts = prefix.split(".")
    ancestors = {".".join(parts[:i]) for i in range(1, len(parts) + 1)}
    inside = prefix + "."
    return lambda kode: kode in ancestors or kode.startswith(inside)


def _read_file(
    folder: Path, spec: _FileSpec, errors: _Errors, in_scope, progress: _Progress
) -> _Parsed:
    parsed = _Parsed()
    path = folder / spec.name
    fname = spec.name
    if not path.is_file():
        parsed.complete = False
        msg = _(
            "berkas tidak ditemukan di %(folder)s. Letakkan keempat berkas provinces.csv, "
            "regencies.csv, districts.csv dan villages.csv dalam satu folder."
        )
        errors.add(fname, None, "", msg, folder=folder)
        return parsed

    lines = _Lines(path)
    task = progress.add(_("Membaca %(berkas)s") % {"berkas": fname}, path.stat().st_size)
    reader = csv.reader(lines)
    ncols = len(spec.columns)
    columns = ",".join(spec.columns)
    parent_col = spec.parent_column
    rows = parsed.rows
    last_line = 0
    try:
        header = next(reader, None)
        last_line = reader.line_num
        if header is None:
            parsed.complete = False
            msg = _("berkas kosong. Baris pertama harus judul kolom: %(kolom)s.")
            errors.add(fname, 1, "", msg, kolom=columns)
            return parsed
        if tuple(h.strip().lower() for h in header) != spec.columns:
            parsed.complete = False
            msg = _(
                "judul kolom tidak sesuai. Diharapkan: %(harap)s; ditemukan: %(temu)s. Ubah "
                "baris pertama berkas menjadi %(harap)s (urutan kolom juga harus sama)."
            )
            errors.add(fname, 1, "", msg, harap=columns, temu=",".join(header) or _("(kosong)"))
            return parsed

        for row in reader:
            line = last_line + 1
            last_line = reader.line_num
            if line % 4096 == 0:
                progress.update(task, lines.bytes_read)
            if not row:
                continue  # blank line, e.g. a trailing newline
            if len(row) != ncols:
                msg = _(
                    "baris berisi %(ada)d kolom, seharusnya %(harap)d (%(kolom)s). Jika nama "
                    "mengandung koma, apit nama dengan tanda kutip ganda."
                )
                errors.add(fname, line, "", msg, ada=len(row), harap=ncols, kolom=columns)
                continue
            try:
                kode = normalise_kode(row[0])
            except KodeWilayahError as exc:
                errors.add(fname, line, "code", str(exc))
                continue
            tingkat = kode.count(".") + 1
            if tingkat != spec.tingkat:
                msg = _(
                    "kode %(kode)s adalah kode %(tingkat_kode)s, padahal %(berkas)s hanya "
                    "berisi %(label)s (kode seperti %(contoh)s). Pindahkan baris ini ke "
                    "%(berkas_benar)s atau perbaiki kodenya."
                )
                errors.add(
                    fname,
                    line,
                    "code",
                    msg,
                    kode=kode,
                    tingkat_kode=_SPEC[tingkat].label,
                    berkas=fname,
                    label=spec.label,
                    contoh=_CONTOH_KODE[spec.tingkat],
                    berkas_benar=_SPEC[tingkat].name,
                )
                continue
            if in_scope is not None and not in_scope(kode):
                continue
            previous = rows.get(kode)
            if previous is not None:
                msg = _(
                    "kode %(kode)s ganda: sudah ada di baris %(baris_lama)d, muncul lagi di "
                    "baris %(baris)d. Hapus salah satu baris (setiap kode hanya boleh muncul "
                    "sekali)."
                )
                errors.add(fname, line, "code", msg, kode=kode, baris_lama=previous[1], baris=line)
                continue
            nama = row[-1].strip()
            # Record the code even when the name is bad below, so its children are not also
            # reported as orphans: one mistake, one message.
            rows[kode] = (nama, line)
            if parent_col is not None:
                raw_induk = row[1].strip()
                expected = kode.rpartition(".")[0]
                if raw_induk != expected:  # the common case costs one string comparison
                    _check_parent_column(errors, fname, line, parent_col, raw_induk, kode, expected)
            if not nama:
                msg = _("nama %(label)s %(kode)s kosong. Isi kolom name dengan nama resminya.")
                errors.add(fname, line, "name", msg, label=spec.label, kode=kode)
            elif len(nama) > NAMA_MAX:
                msg = _(
                    "nama %(kode)s terlalu panjang (%(panjang)d karakter, paling banyak "
                    "%(maks)d). Periksa apakah kolom tergeser oleh koma tanpa tanda kutip."
                )
                errors.add(fname, line, "name", msg, kode=kode, panjang=len(nama), maks=NAMA_MAX)
    except _BadEncoding as exc:
        parsed.complete = False
        msg = _(
            "berkas bukan UTF-8: byte 0x%(byte)s (byte ke-%(posisi)d pada baris ini) tidak "
            'dapat dibaca. Simpan ulang berkas sebagai "CSV UTF-8" (di Excel/LibreOffice pilih '
            "pengodean UTF-8), lalu impor lagi."
        )
        errors.add(fname, exc.line, "", msg, byte=exc.byte.hex().upper(), posisi=exc.column)
    except csv.Error as exc:
        parsed.complete = False
        msg = _("format CSV rusak (%(sebab)s). Periksa tanda kutip ganda pada baris ini.")
        errors.add(fname, reader.line_num or None, "", msg, sebab=exc)
    progress.update(task, lines.bytes_read)
    parsed.sha256 = lines.sha256.hexdigest()
    return parsed


def _check_parent_column(
    errors: _Errors, fname: str, line: int, column: str, raw: str, kode: str, expected: str
) -> None:
    """The parent column must name the code's own prefix (undotted form allowed)."""
    try:
        induk = normalise_kode(raw)
    except KodeWilayahError as exc:
        errors.add(fname, line, column, str(exc))
        return
    if induk != expected:
        msg = _(
            "kolom %(kolom)s berisi %(induk)s, padahal kode %(kode)s berada di bawah %(harap)s "
            "(bagian depan kodenya sendiri). Samakan kolom %(kolom)s dengan %(harap)s, atau "
            "perbaiki kode di kolom code."
        )
        errors.add(fname, line, column, msg, kolom=column, induk=raw, kode=kode, harap=expected)


def _check_parents(parsed: dict[int, _Parsed], existing, errors: _Errors) -> None:
    """Every row's parent must be in the parent file or already in the database."""
    msg = _(
        "%(label_induk)s %(induk)s tidak ada di %(berkas_induk)s maupun di basis data, jadi "
        "%(label)s %(kode)s tidak punya induk. Tambahkan baris %(induk)s ke %(berkas_induk)s, "
        "atau perbaiki kode %(kode)s."
    )
    for spec in FILES[1:]:
        parent_level, level = parsed.get(spec.tingkat - 1), parsed.get(spec.tingkat)
        if parent_level is None or level is None or not parent_level.complete:
            continue  # that file already has an error; its rows are unknown, don't pile on
        parent_rows = parent_level.rows
        parent_spec = _SPEC[spec.tingkat - 1]
        for kode, (_nama, line) in level.rows.items():
            induk = kode.rpartition(".")[0]
            if induk not in parent_rows and induk not in existing:
                errors.add(
                    spec.name,
                    line,
                    spec.parent_column,
                    msg,
                    label_induk=parent_spec.label,
                    induk=induk,
                    berkas_induk=parent_spec.name,
                    label=spec.label,
                    kode=kode,
                )


def import_wilayah(
    folder: Path, *, user=None, stdout: TextIO | None = None, prefix: str | None = None
) -> ImportResult:
    """Load (or refresh) the area table from the four CSV files in ``folder``.

    ``prefix`` (e.g. ``"35.71"``) limits the import to that area, everything under it and its
    ancestors: a KPU Kota needs only its own areas. ``stdout``: where to draw a progress bar
    (the management command passes its terminal; tests pass nothing).

    Raises :class:`WilayahImportError` listing every problem (up to :data:`MAX_ERRORS`) when the
    input is not valid; the database is then untouched.
    """
    started = time.perf_counter()
    folder = Path(folder)
    errors = _Errors()
    if prefix is not None:
        try:
            prefix = normalise_kode(prefix)
        except KodeWilayahError as exc:
            raise WilayahImportError([RowError("", None, "--prefix", str(exc))]) from None
    in_scope = _scope_test(prefix)
    result = ImportResult(prefix=prefix)
    parsed: dict[int, _Parsed] = {}

    with _Progress(stdout) as progress:
        try:
            if not folder.is_dir():
                msg = _(
                    "folder tidak ditemukan. Berikan folder yang berisi provinces.csv, "
                    "regencies.csv, districts.csv dan villages.csv."
                )
                errors.add(str(folder), None, "", msg)
            else:
                for spec in FILES:
                    parsed[spec.tingkat] = _read_file(folder, spec, errors, in_scope, progress)
        except _TooManyErrors:
            pass
        if errors.items:
            if not errors.truncated:
                # Report missing parents in the same pass, so a second run does not reveal a
                # new kind of error the first one could already have shown.
                known = set(Wilayah.objects.values_list("kode", flat=True))
                with contextlib.suppress(_TooManyErrors):
                    _check_parents(parsed, known, errors)
            errors.raise_if_any()

        with transaction.atomic():
            # Read the current table inside the write transaction, so the diff is computed
            # against exactly what this transaction will change.
            existing = {
                kode: (pk, nama, induk_id, tingkat)
                for kode, pk, nama, induk_id, tingkat in Wilayah.objects.values_list(
                    "kode", "id", "nama", "induk_id", "tingkat"
                ).iterator(chunk_size=10_000)
            }
            try:
                if (
                    prefix is not None
                    and prefix not in existing
                    and not any(prefix in p.rows for p in parsed.values())
                ):
                    msg = _(
                        "wilayah %(kode)s tidak ada di berkas maupun di basis data. Periksa "
                        "kode awalan (mis. 35.71 untuk Kota Kediri)."
                    )
                    errors.add("", None, "--prefix", msg, kode=prefix)
                _check_parents(parsed, existing, errors)
            except _TooManyErrors:
                pass
            errors.raise_if_any()
            _write(parsed, existing, result, progress, folder, user, in_scope)

    result.seconds = time.perf_counter() - started
    return result


def _update_rows(rows: list[tuple[str, int | None, int, int]]) -> None:
    """UPDATE the given rows with one prepared statement run by ``executemany``.

    Why not ``bulk_update``: it builds one ``CASE WHEN id=.. THEN ..`` per column per batch,
    which on SQLite (999 parameters a statement) took 30 s to rename all 83k villages; the
    plain statement takes about a second on SQLite and PostgreSQL (psycopg pipelines it).
    """
    meta = Wilayah._meta
    q = connection.ops.quote_name
    col = {name: q(meta.get_field(name).column) for name in ("nama", "induk", "tingkat")}
    sql = (
        f"UPDATE {q(meta.db_table)} SET {col['nama']} = %s, {col['induk']} = %s, "
        f"{col['tingkat']} = %s WHERE {q(meta.pk.column)} = %s"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE):
            cursor.executemany(sql, rows[start : start + BATCH_SIZE])


def _write(
    parsed: dict[int, _Parsed],
    existing: dict,
    result: ImportResult,
    progress: _Progress,
    folder: Path,
    user,
    in_scope,
) -> None:
    ids = {kode: row[0] for kode, row in existing.items()}
    code_of = {row[0]: kode for kode, row in existing.items()}  # id -> kode, for the audit text
    before: dict[str, dict] = {}
    after: dict[str, dict] = {}
    total = sum(len(p.rows) for p in parsed.values())
    task = progress.add(_("Menulis wilayah"), total)
    done = 0
    for spec in FILES:
        counts = result.levels[spec.tingkat]
        new: list[Wilayah] = []
        changed: list[tuple[str, int | None, int, int]] = []  # (nama, induk_id, tingkat, id)
        tingkat = int(spec.tingkat)
        for kode, (nama, _line) in parsed[tingkat].rows.items():
            induk_id = ids[kode.rpartition(".")[0]] if tingkat > 1 else None
            current = existing.get(kode)
            if current is None:
                new.append(Wilayah(kode=kode, nama=nama, tingkat=tingkat, induk_id=induk_id))
            elif current[1] != nama or current[2] != induk_id or current[3] != tingkat:
                changed.append((nama, induk_id, tingkat, current[0]))
                # Only the fields that changed: a renamed village costs one short entry.
                old_new = (
                    ("nama", current[1], nama),
                    ("induk", code_of.get(current[2]), kode.rpartition(".")[0] or None),
                    ("tingkat", current[3], tingkat),
                )
                before[kode] = {k: old for k, old, new_ in old_new if old != new_}
                after[kode] = {k: new_ for k, old, new_ in old_new if old != new_}
            else:
                counts.unchanged += 1
        done += counts.unchanged
        # Chunks of BATCH_SIZE so the progress bar moves; Django splits them further on SQLite.
        for start in range(0, len(new), BATCH_SIZE):
            batch = new[start : start + BATCH_SIZE]
            Wilayah.objects.bulk_create(batch, batch_size=BATCH_SIZE)
            done += len(batch)
            progress.update(task, done)
        if new and new[0].pk is None:
            # Backends that cannot return ids from a bulk insert: one query per level.
            ids.update(Wilayah.objects.filter(tingkat=tingkat).values_list("kode", "id"))
        else:
            ids.update((w.kode, w.pk) for w in new)
        if changed:
            _update_rows(changed)
        counts.inserted, counts.updated = len(new), len(changed)
        done += len(changed)
        progress.update(task, done)

    in_files = set()
    for p in parsed.values():
        in_files.update(p.rows)
    result.not_in_files = sum(
        1 for kode in existing if kode not in in_files and (in_scope is None or in_scope(kode))
    )

    if result.changed:
        rec = record(
            AUDIT_AKSI,
            user=user,
            objek_tipe=Wilayah._meta.label_lower,
            objek_id=result.prefix or "",
            sebelum={"diubah": before} if before else None,
            sesudah={
                "folder": str(folder),
                "prefix": result.prefix,
                "berkas": {spec.name: parsed[spec.tingkat].sha256 for spec in FILES},
                "ditambah": {_SPEC[t].label: c.inserted for t, c in result.levels.items()},
                "diubah_jumlah": {_SPEC[t].label: c.updated for t, c in result.levels.items()},
                "tidak_di_berkas": result.not_in_files,
                "diubah": after,
            },
        )
        result.audit_seq = rec.seq
