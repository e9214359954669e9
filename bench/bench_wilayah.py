"""Wilayah import: the whole Kemendagri table (91,599 rows) into a fresh SQLite database.

Figures:

- the full import (``import_wilayah`` on repo ``data/wilayah``) into a freshly migrated SQLite
  database; target < 30 s on a 2-core machine (the requirement), versus
- the baseline: plain ``sqlite3`` reading the same CSVs, resolving parent code -> id in Python
  and ``executemany``-ing the same rows into a table of the same shape (its DDL is copied from
  the migrated database, so indexes, CHECKs and the foreign key are identical) in a fresh file,
  with the same PRAGMAs. The ratio is the price of validation, the diff against existing rows,
  the ORM and the audit record.
- a re-run on the same files (a no-op: nothing written), against the same baseline;
- the peak RSS of the importing process versus the baseline process.

Each measured thing runs in its own process (``python -m bench.bench_wilayah <worker> ...``):
Django configures itself once per process, and the peak RSS is then attributable. Times are
taken inside the workers, so interpreter and Django start-up are not counted.
"""

from __future__ import annotations

import csv
import json
import sqlite3
import sys
import tempfile
from pathlib import Path

from bench.common import (
    REPO,
    Figure,
    base_env,
    fresh_sqlite,
    python_module,
    run_child,
    sqlite_path,
    timer,
)

DATA = REPO / "data" / "wilayah"
FILES = ("provinces.csv", "regencies.csv", "districts.csv", "villages.csv")
EXPECTED_ROWS = 91_599  # 38 + 514 + 7,285 + 83,762
TARGET_SECONDS = 30.0
BASELINE = "raw sqlite3 executemany"


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix="bench-wilayah-") as tmp:
        tmp = Path(tmp)
        env = fresh_sqlite(tmp / "app")
        # The baseline table is created from the migrated but still empty database's DDL.
        baseline = run_child(
            python_module(
                "bench.bench_wilayah", "baseline", DATA, tmp / "raw.sqlite3", sqlite_path(env)
            ),
            base_env(),
        )
        first = run_child(python_module("bench.bench_wilayah", "import", DATA), env)
        again = run_child(python_module("bench.bench_wilayah", "import", DATA), env)

    b, f, a = baseline.last_json(), first.last_json(), again.last_json()
    if b["rows"] != EXPECTED_ROWS or f["inserted"] != EXPECTED_ROWS:
        raise RuntimeError(f"expected {EXPECTED_ROWS} rows; baseline {b}, import {f}")
    if a["inserted"] or a["updated"]:
        raise RuntimeError(f"the re-run changed rows: {a}")

    return [
        Figure(
            f"import {EXPECTED_ROWS:,} areas, fresh SQLite",
            f["seconds"],
            "s",
            BASELINE,
            b["seconds"],
            f"< {TARGET_SECONDS:.0f} s",
            f["seconds"] < TARGET_SECONDS,
        ),
        Figure(
            "re-run on the same files (no-op)",
            a["seconds"],
            "s",
            BASELINE,
            b["seconds"],
            f"< {TARGET_SECONDS:.0f} s",
            a["seconds"] < TARGET_SECONDS,
        ),
        Figure(
            "peak RSS of the importing process",
            first.peak_rss_mb,
            "MB",
            "peak RSS, baseline process",
            baseline.peak_rss_mb,
        ),
    ]


# --- workers: run in a child process -------------------------------------------------------------


def _worker_import(folder: str) -> dict:
    import django

    django.setup()
    from selenggara.wilayah.importer import import_wilayah

    with timer() as t:
        result = import_wilayah(Path(folder))
    return {
        "seconds": t.seconds,
        "inserted": result.inserted,
        "updated": result.updated,
        "unchanged": result.unchanged,
    }


def _worker_baseline(folder: str, db: str, ddl_from: str) -> dict:
    src = sqlite3.connect(ddl_from)
    # Table first, then its indexes ('table' sorts after 'index', hence DESC).
    ddl = [
        sql
        for (sql,) in src.execute(
            "SELECT sql FROM sqlite_master WHERE tbl_name = 'wilayah_wilayah' AND sql IS NOT NULL "
            "ORDER BY type DESC"
        )
    ]
    src.close()
    con = sqlite3.connect(db)
    # The PRAGMAs selenggara.settings uses for SQLite, so only the loading code differs.
    con.executescript(
        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;"
    )
    for statement in ddl:
        con.execute(statement)
    con.commit()

    with timer() as t:
        ids: dict[str, int] = {}
        next_id = 1
        for tingkat, name in enumerate(FILES, 1):
            rows = []
            with open(Path(folder) / name, newline="", encoding="utf-8") as f:
                reader = csv.reader(f)
                next(reader)
                for row in reader:
                    kode = row[0]
                    ids[kode] = next_id
                    induk = ids[row[1]] if tingkat > 1 else None
                    rows.append((next_id, kode, row[-1], tingkat, induk))
                    next_id += 1
            con.executemany(
                "INSERT INTO wilayah_wilayah (id, kode, nama, tingkat, induk_id) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
        con.commit()
    count = con.execute("SELECT COUNT(*) FROM wilayah_wilayah").fetchone()[0]
    con.close()
    return {"seconds": t.seconds, "rows": count}


if __name__ == "__main__":
    workers = {"import": _worker_import, "baseline": _worker_baseline}
    print(json.dumps(workers[sys.argv[1]](*sys.argv[2:])))
