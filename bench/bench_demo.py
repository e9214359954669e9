"""The Kota Kediri demo: the whole load, and the voter bulk path against raw sqlite3.

Figures:

- the full ``selenggara demo`` load (areas, election, 405 TPS, 3,774 officers with accounts,
  222,451 DP4 voters and the demo truth) into a freshly migrated SQLite database, measured inside
  the worker; target < 60 s;
- the peak RSS of that process; target < 500 MB;
- the voter bulk path: ``selenggara.db.bulk_insert`` of the demo's 222,451 voter rows through
  Django's connection, versus the baseline, a plain ``sqlite3`` connection ``executemany``-ing
  the same tuples with the same INSERT into the same table of the same database file (same
  indexes, CHECKs, foreign keys and PRAGMAs). Each is run twice, alternating, and the best of
  two is kept. Target: the bulk path at least half the baseline's speed (time ratio <= 2).
"""

from __future__ import annotations

import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from bench.common import Figure, fresh_sqlite, python_module, run_child, sqlite_path, timer

TARGET_LOAD_SECONDS = 60.0
TARGET_RSS_MB = 500.0
VOTERS = 222_451


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-demo-") as tmp:
        env = fresh_sqlite(Path(tmp) / "app")
        load = run_child(python_module("bench.bench_demo", "load"), env)
        bulk = run_child(python_module("bench.bench_demo", "bulk", sqlite_path(env)), env)
    ld, bk = load.last_json(), bulk.last_json()
    if ld["pemilih"] != VOTERS or bk["rows"] != VOTERS:
        raise RuntimeError(f"expected {VOTERS} voters: load {ld}, bulk {bk}")
    ratio = bk["ours"] / bk["raw"]
    return [
        Figure("demo load, 222,451 voters, fresh SQLite", ld["seconds"], "s",
               target=f"< {TARGET_LOAD_SECONDS:.0f} s",
               passed=ld["seconds"] < TARGET_LOAD_SECONDS,
               note=f"of which voters {ld['pemilih_seconds']:.1f} s"),
        Figure("peak RSS of the demo load", load.peak_rss_mb, "MB",
               target=f"< {TARGET_RSS_MB:.0f} MB", passed=load.peak_rss_mb < TARGET_RSS_MB),
        Figure("voter bulk path (bulk_insert), 222,451 rows", bk["ours"], "s",
               "raw sqlite3 executemany", bk["raw"], "time ratio <= 2 (>= half the speed)",
               ratio <= 2.0, note=f"{VOTERS / bk['ours']:,.0f} rows/s vs "
               f"{VOTERS / bk['raw']:,.0f} rows/s"),
    ]


# --- workers: run in a child process -------------------------------------------------------------


def _worker_load() -> dict:
    import django

    django.setup()
    from selenggara.demo.loader import load_demo

    with timer() as t:
        summary = load_demo()
    return {"seconds": t.seconds, "pemilih": summary.counts["pemilih"],
            "pemilih_seconds": summary.seconds["pemilih"]}


def _worker_bulk(db: str) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction

    from selenggara.db import bulk_insert
    from selenggara.demo.loader import PEMILIH_FIELDS
    from selenggara.pemilih.models import Pemilih

    columns = ", ".join(f'"{c}"' for c in ("id", "pemilihan_id", "kecamatan_id", "kelurahan_id",
                                           "tps_id", *PEMILIH_FIELDS[5:]))
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} FROM pemilih_pemilih ORDER BY id")
        rows = cursor.fetchall()

    def clear():
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM demo_kebenarandemo")
            cursor.execute("DELETE FROM pemilih_pemilih")

    def ours() -> float:
        clear()
        with timer() as t, transaction.atomic():
            bulk_insert(Pemilih, PEMILIH_FIELDS, rows)
        return t.seconds

    def raw() -> float:
        clear()
        connection.close()
        con = sqlite3.connect(db, isolation_level=None)
        con.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                          "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;")
        sql = (f"INSERT INTO pemilih_pemilih ({columns}) "
               f"VALUES ({', '.join('?' * len(PEMILIH_FIELDS))})")
        with timer() as t:
            con.execute("BEGIN IMMEDIATE")
            con.executemany(sql, rows)
            con.execute("COMMIT")
        con.close()
        return t.seconds

    times_ours, times_raw = [], []
    for _round in range(2):
        times_ours.append(ours())
        times_raw.append(raw())
    count = Pemilih.objects.count()
    return {"ours": min(times_ours), "raw": min(times_raw), "rows": count}


if __name__ == "__main__":
    workers = {"load": _worker_load, "bulk": _worker_bulk}
    print(json.dumps(workers[sys.argv[1]](*sys.argv[2:])))
