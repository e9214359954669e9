"""Bulk writes that bypass the ORM's per-object work for lists of hundreds of thousands.

SQLite gets ``executemany`` in large batches inside the caller's transaction; PostgreSQL gets
``COPY ... FROM STDIN``, which is several times faster than any INSERT form there. Callers
pass rows as tuples in the order of ``columns`` and keep the transaction themselves, so a bulk
load is all-or-nothing.
"""

import uuid
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.db import connection
from django.db.models import Model

BATCH = 5000


def table_columns(model: type[Model], fields: Sequence[str]) -> list[str]:
    """Database column names of model fields (``tps`` → ``tps_id``)."""
    return [model._meta.get_field(name).column for name in fields]


def bulk_insert(model: type[Model], fields: Sequence[str], rows: Iterable[Sequence]) -> int:
    """Insert rows (tuples ordered like ``fields``) into ``model``'s table; returns the count."""
    table = model._meta.db_table
    columns = table_columns(model, fields)
    qn = connection.ops.quote_name
    column_sql = ", ".join(qn(c) for c in columns)
    count = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.copy(f"COPY {qn(table)} ({column_sql}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    count += 1
            return count
        sql = f"INSERT INTO {qn(table)} ({column_sql}) VALUES ({', '.join(['%s'] * len(columns))})"
        batch: list[Sequence] = []
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(sql, batch)
                count += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
    return count


# Field classes whose Python value is already what the database driver takes: skipping the
# ORM's per-value preparation for them is most of what makes :func:`sisipkan` cheap.
_POLOS = ("CharField", "TextField", "SlugField", "IntegerField", "BigIntegerField",
          "SmallIntegerField", "PositiveIntegerField", "PositiveBigIntegerField",
          "PositiveSmallIntegerField", "BooleanField", "ForeignKey", "OneToOneField")


def _pengubah(field):
    """How one field's value becomes a parameter (None: as it is). JSON, aware datetimes and
    UUIDs take the backend's own adapter directly, the step the ORM ends with anyway; any
    other value takes the field's whole ``get_db_prep_save``."""
    jenis = field.get_internal_type()
    if jenis in _POLOS or type(field).__name__ in _POLOS:
        return None
    lengkap = field.get_db_prep_save
    ops = connection.ops
    if jenis == "JSONField":
        encoder = field.encoder
        return lambda v, conn: ops.adapt_json_value(v, encoder)
    if jenis == "DateTimeField":
        def _waktu(v, conn):
            if type(v) is datetime and v.tzinfo is not None:
                return ops.adapt_datetimefield_value(v)
            return lengkap(v, conn)
        return _waktu
    if jenis == "UUIDField":
        asli = connection.features.has_native_uuid_field

        def _uuid(v, conn):
            if type(v) is uuid.UUID:
                return v if asli else v.hex
            return lengkap(v, conn)
        return _uuid
    return lengkap


def sisipkan(objs: Sequence[Model]) -> int:
    """INSERT unsaved model instances of one model in one ``executemany``, without the ORM's
    per-object compilation (``bulk_create`` spends most of a sync batch's write time there).

    Every concrete field is written except an auto primary key left empty (the database
    numbers the rows; the instances do not learn their ids, so use it only where nothing reads
    them back in the same transaction). Defaults were set when the instances were built;
    ``auto_now``/``auto_now_add`` fields are filled as ``save`` would.
    """
    if not objs:
        return 0
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields
              if not (f.primary_key and getattr(objs[0], f.attname) is None)]
    ubah = [(f.attname, _pengubah(f), getattr(f, "auto_now", False)
             or getattr(f, "auto_now_add", False), f) for f in fields]
    rows = []
    for obj in objs:
        row = []
        for attname, pengubah, otomatis, f in ubah:
            value = f.pre_save(obj, True) if otomatis else getattr(obj, attname)
            row.append(pengubah(value, connection) if pengubah is not None and value is not None
                       else value)
        rows.append(row)
    qn = connection.ops.quote_name
    cols = ", ".join(qn(f.column) for f in fields)
    sql = (f"INSERT INTO {qn(model._meta.db_table)} ({cols}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)


def next_id(model: type[Model]) -> int:
    """The first free primary key, for loaders that assign ids themselves."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT MAX(id) FROM {connection.ops.quote_name(model._meta.db_table)}")
        (current,) = cursor.fetchone()
    return (current or 0) + 1


def reset_sequence(model: type[Model]) -> None:
    """After inserting explicit ids, move PostgreSQL's sequence past them (SQLite needs nothing:
    its AUTOINCREMENT continues from the largest rowid)."""
    if connection.vendor != "postgresql":
        return
    from django.core.management.color import no_style

    with connection.cursor() as cursor:
        for sql in connection.ops.sequence_reset_sql(no_style(), [model]):
            cursor.execute(sql)


def bulk_update(model: type[Model], fields: Sequence[str], rows: Sequence[Sequence],
                where: Sequence[str] = ("id",)) -> int:
    """``UPDATE <table> SET fields... WHERE where...`` for each row, in one ``executemany``.

    Rows are tuples of the new values (ordered like ``fields``) followed by the values of the
    ``where`` columns. One statement for all of them (psycopg pipelines it, sqlite3 loops in
    C) keeps a batch short while it holds the audit lock. Returns the rows matched, so a
    caller guarding with a version column can check nothing changed under it.
    """
    if not rows:
        return 0
    qn = connection.ops.quote_name
    table = model._meta.db_table
    sets = ", ".join(f"{qn(c)} = %s" for c in table_columns(model, fields))
    cond = " AND ".join(f"{qn(c)} = %s" for c in table_columns(model, where))
    with connection.cursor() as cursor:
        cursor.executemany(f"UPDATE {qn(table)} SET {sets} WHERE {cond}", rows)
        return cursor.rowcount


def adapt(value):
    """A parameter for a raw cursor: dates and datetimes as the backend stores them."""
    if isinstance(value, datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, date):
        return connection.ops.adapt_datefield_value(value)
    return value


def bulk_add(model: type[Model], keys: Sequence[str], values: Sequence[str],
             rows: Sequence[Sequence]) -> int:
    """Add to counters: ``INSERT ... ON CONFLICT (keys) DO UPDATE SET v = v + excluded.v``.

    Rows are tuples of the key values followed by the increments (ordered like ``values``).
    One ``executemany`` for all of them, atomic per row on SQLite and PostgreSQL, so writers
    that run at once (other kab/kota, another process) never lose an increment.
    """
    if not rows:
        return 0
    qn = connection.ops.quote_name
    table = qn(model._meta.db_table)
    kcols = table_columns(model, keys)
    vcols = table_columns(model, values)
    cols = ", ".join(qn(c) for c in (*kcols, *vcols))
    marks = ", ".join(["%s"] * (len(kcols) + len(vcols)))
    sets = ", ".join(f"{qn(c)} = {table}.{qn(c)} + excluded.{qn(c)}" for c in vcols)
    sql = (f"INSERT INTO {table} ({cols}) VALUES ({marks}) "
           f"ON CONFLICT ({', '.join(qn(c) for c in kcols)}) DO UPDATE SET {sets}")
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
    return len(rows)
