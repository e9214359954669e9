"""The voter-list import (``selenggara pemilih import``) of 1,000,000 rows, against raw inserts.

The file: the demo generator's Kota Kediri DP4 (``generator.iter_kelurahan``), the rows the
rules accept, replicated over synthetic kecamatan (``35.71.04``... with the same kelurahan and
TPS structure, "MOJOROTO 2"...) with NIK and NKK moved to each replica's region so none repeats,
written as a Sidalih CSV (``;``, UTF-8 with BOM, DD-MM-YYYY) until it holds 1,000,000 rows.

Figures, each database freshly migrated, the areas, TPS and election created, the list empty:

- the import, both passes (validation of every row with ``rules/``, the cross-row checks, the
  load through ``muat_massal`` with its audit records, the counter rebuild), measured inside
  the worker: rows/s, against the baseline, a raw ``sqlite3`` ``executemany`` of the very rows
  the import wrote (read back from the table) into the same, emptied table of the same file
  (same indexes, CHECKs, foreign keys and PRAGMAs). Target: at least half the baseline's
  speed (time ratio <= 2);
- the peak RSS of the import process; target < 500 MB;
- the same on PostgreSQL when a server answers at ``SELENGGARA_BENCH_PG`` (default
  ``postgres://postgres@127.0.0.1:5432/postgres``): a database is created for the run and
  dropped after; the baseline there is psycopg's ``executemany`` of the same rows.

``BENCH_IMPOR_BARIS`` changes the row count (e.g. 100000 for a quick look).
"""

from __future__ import annotations

import json
import os
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure, fresh_sqlite, python_module, run_child, sqlite_path, timer

BARIS = int(os.environ.get("BENCH_IMPOR_BARIS", "1000000"))
TARGET_RSS_MB = 500.0
TARGET_RATIO = 2.0
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432/postgres"
PROSES = min(os.cpu_count() or 1, 4)
KOLOM_PEMILIH = ("id", "pemilihan_id", "kecamatan_id", "kelurahan_id", "tps_id", "nkk", "nik",
                 "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "status_kawin",
                 "alamat", "rt", "rw", "disabilitas", "ktp_el", "sumber", "tahap", "tms_kode",
                 "coklit", "catatan_pps", "rev", "versi", "diubah")


def run() -> list[Figure]:
    figures: list[Figure] = []
    with tempfile.TemporaryDirectory(prefix="bench-impor-") as tmp:
        tmp_path = Path(tmp)
        csv_path = tmp_path / "dp4.csv"
        env = fresh_sqlite(tmp_path / "app")
        gen = run_child(python_module("bench.bench_impor", "siapkan", csv_path, BARIS), env)
        g = gen.last_json()
        imp = run_child(python_module("bench.bench_impor", "impor", csv_path), env)
        i = imp.last_json()
        raw = run_child(python_module("bench.bench_impor", "raw", sqlite_path(env)), env)
        r = raw.last_json()
        figures += _figures("SQLite", g, i, imp.peak_rss_mb, r, "raw sqlite3 executemany")
        pg = _pg_url()
        if pg is not None:
            figures += _run_pg(pg, tmp_path, csv_path, g)
        else:
            figures.append(Figure("PostgreSQL", 0, "", note="no server at "
                                  f"{os.environ.get('SELENGGARA_BENCH_PG', PG_DEFAULT)}; skipped"))
    return figures


def _figures(db: str, g: dict, i: dict, rss: float, r: dict, baseline: str) -> list[Figure]:
    if i["baris"] != g["baris"] or i["baru"] != g["baris"] or r["rows"] != g["baris"]:
        raise RuntimeError(f"expected {g['baris']} rows: file {g}, import {i}, raw {r}")
    n = g["baris"]
    ours, base = i["seconds"], r["raw"]
    ratio = ours / base
    return [
        Figure(f"{db}: import {n:,} rows (both passes)", ours, "s", baseline, base,
               f"time ratio <= {TARGET_RATIO:.0f} (>= half the speed)", ratio <= TARGET_RATIO,
               note=f"{n / ours:,.0f} rows/s vs {n / base:,.0f} rows/s raw; check "
               f"{i['periksa']:.1f} s ({PROSES} reader processes), write {i['terapkan']:.1f} s; "
               f"file {g['mb']:.0f} MB; counters {'equal' if i['rekap_ok'] else 'DIFFER'}"),
        Figure(f"{db}: peak RSS of the import", rss, "MB", target=f"< {TARGET_RSS_MB:.0f} MB",
               passed=rss < TARGET_RSS_MB),
    ]


# --- PostgreSQL ----------------------------------------------------------------------------


def _pg_url() -> str | None:
    url = os.environ.get("SELENGGARA_BENCH_PG", PG_DEFAULT)
    try:
        import psycopg

        with psycopg.connect(_dsn(url), connect_timeout=3, autocommit=True):
            return url
    except Exception:
        return None


def _dsn(url: str, dbname: str | None = None) -> str:
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if dbname is not None:
        parts = parts._replace(path=f"/{dbname}")
    return urlunsplit(parts)


def _run_pg(url: str, tmp_path: Path, csv_path: Path, g: dict) -> list[Figure]:
    import psycopg

    from bench.common import base_env, selenggara

    name = f"bench_impor_{os.getpid()}"
    with psycopg.connect(_dsn(url), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}"')
        con.execute(f'CREATE DATABASE "{name}"')
    try:
        env = base_env()
        env["SELENGGARA_DATA_DIR"] = str(tmp_path / "pg")
        Path(env["SELENGGARA_DATA_DIR"]).mkdir()
        env["DATABASE_URL"] = _dsn(url, name)
        run_child(selenggara("migrate", "--no-input", "-v0"), env)
        run_child(python_module("bench.bench_impor", "siapkan", "-", BARIS), env)
        imp = run_child(python_module("bench.bench_impor", "impor", csv_path), env)
        raw = run_child(python_module("bench.bench_impor", "raw_pg", env["DATABASE_URL"]), env)
        return _figures("PostgreSQL", g, imp.last_json(), imp.peak_rss_mb, raw.last_json(),
                        "raw psycopg executemany")
    finally:
        with psycopg.connect(_dsn(url), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# --- workers: run in a child process -------------------------------------------------------------

REPLIKA_KEC = 3  # Kota Kediri's kecamatan, repeated per replica


def _worker_siapkan(csv_path: str, baris: str) -> dict:
    """Areas, TPS and the election (in the database of the environment); with a path, also
    the CSV of ``baris`` rows."""
    import django

    django.setup()
    from selenggara.demo import generator, pilkada2024
    from selenggara.pemilihan.models import Pemilihan
    from selenggara.wilayah.models import TPS, Wilayah

    target = int(baris)
    seed = 2024
    tps_rows = generator.generate_tps(seed)
    kel_nama = _nama_kelurahan()
    kec_nama = {"35.71.01": "MOJOROTO", "35.71.02": "KOTA", "35.71.03": "PESANTREN"}
    replika = -(-target // 215_000) + 1
    prov = Wilayah.objects.create(kode="35", nama="JAWA TIMUR", tingkat=1)
    kota = Wilayah.objects.create(kode="35.71", nama="KOTA KEDIRI", tingkat=2, induk=prov)
    kec_obj, kel_obj = {}, {}
    for r in range(replika):
        for asal, nama in kec_nama.items():
            k = _kec_replika(asal, r)
            kec_obj[k] = Wilayah(kode=k, nama=nama if r == 0 else f"{nama} {r + 1}", tingkat=3,
                                 induk=kota)
    Wilayah.objects.bulk_create(kec_obj.values())
    for r in range(replika):
        for asal, nama in kel_nama.items():
            k = _kel_replika(asal, r)
            kel_obj[k] = Wilayah(kode=k, nama=nama, tingkat=4, induk=kec_obj[k[:8]])
    Wilayah.objects.bulk_create(kel_obj.values())
    TPS.objects.bulk_create(
        TPS(kelurahan=kel_obj[_kel_replika(t.kode_kelurahan, r)], nomor=t.nomor, jenis=t.jenis,
            nama=t.tempat, alamat=t.alamat)
        for r in range(replika) for t in tps_rows)
    Pemilihan.objects.create(nama=pilkada2024.NAMA_PEMILIHAN, tahun=2024, wilayah=kota,
                             hari_pemungutan=pilkada2024.HARI_PEMUNGUTAN)
    if csv_path == "-":
        return {"baris": target}
    with timer() as t:
        n = _tulis_csv(Path(csv_path), target, seed, kel_nama, kec_nama)
    return {"baris": n, "detik": t.seconds, "mb": Path(csv_path).stat().st_size / 1024 / 1024}


def _nama_kelurahan() -> dict[str, str]:
    import csv

    from selenggara.demo.kediri import DATA_WILAYAH

    out = {}
    with open(Path(DATA_WILAYAH) / "villages.csv", newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["code"].startswith("35.71."):
                out[row["code"]] = row["name"].upper()
    return out


def _kec_replika(kode_kec: str, r: int) -> str:
    return f"35.71.{int(kode_kec[6:8]) + REPLIKA_KEC * r:02d}"


def _kel_replika(kode_kel: str, r: int) -> str:
    return f"{_kec_replika(kode_kel[:8], r)}.{kode_kel[9:]}"


def _tulis_csv(path: Path, target: int, seed: int, kel_nama: dict, kec_nama: dict) -> int:
    """The demo's rows that the rules accept, replicated until ``target`` rows."""
    from selenggara.demo import generator
    from selenggara.laporan.csv import PenulisCSV
    from selenggara.pemilih.impor import KOLOM
    from selenggara.rules.eligibility import HARI_PEMUNGUTAN_PILKADA_2024
    from selenggara.rules.pemilih import validate_record

    bersih: list[tuple] = []
    nik_seen: set[str] = set()
    for batch in generator.iter_kelurahan(seed):
        for (kode_kel, tps_nomor, nkk, nik, nama, jk, tempat, tgl, kawin, alamat, rt, rw, dis,
             ktp) in batch.pemilih:
            if nik in nik_seen:
                continue
            problems = validate_record(
                {"nik": nik, "nkk": nkk, "tanggal_lahir": tgl, "jenis_kelamin": jk,
                 "status_kawin": kawin}, hari_pemungutan=HARI_PEMUNGUTAN_PILKADA_2024)
            if any(p.is_error for p in problems):
                continue
            nik_seen.add(nik)
            bersih.append((kode_kel, tps_nomor, nkk, nik, nama, jk, tempat, tgl, kawin, alamat,
                           rt, rw, dis, ktp))
    n = 0
    dpid = 10_000_000
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = PenulisCSV(f)
        w.tulis([k.upper() for k in KOLOM])
        r = 0
        while n < target:
            for (kode_kel, tps_nomor, nkk, nik, nama, jk, tempat, tgl, kawin, alamat, rt, rw,
                 dis, ktp) in bersih:
                if n >= target:
                    break
                kec = _kec_replika(kode_kel[:8], r)
                polos = kec.replace(".", "")
                sendiri = nik[:6] == kode_kel[:8].replace(".", "")
                nik_r = (polos + nik[6:]) if sendiri else f"{nik[:4]}{80 + r:02d}{nik[6:]}"
                nkk_r = f"{nkk[:4]}{int(nkk[4:6]) + REPLIKA_KEC * r:02d}{nkk[6:]}"
                dpid += 1
                w.tulis([kec_nama[kode_kel[:8]] + ("" if r == 0 else f" {r + 1}"),
                         kel_nama[kode_kel], dpid, nkk_r, nik_r, nama, jk, tempat,
                         tgl.strftime("%d-%m-%Y"), kawin, alamat, rt, rw, dis, ktp, "DP4", "",
                         f"{tps_nomor:03d}"])
                n += 1
            r += 1
    return n


def _worker_impor(csv_path: str) -> dict:
    import django

    django.setup()
    from selenggara.pemilih import impor, rekap
    from selenggara.pemilihan.models import Pemilihan

    pemilihan = Pemilihan.objects.get()
    t0 = time.perf_counter()
    # As `selenggara pemilih import` does: one reader process per CPU (at most 4).
    rencana = impor.periksa(csv_path, pemilihan=pemilihan, proses=PROSES)
    t1 = time.perf_counter()
    if not rencana.ok:
        raise RuntimeError(f"{rencana.jumlah_galat} problems: "
                           + "; ".join(str(p.params) + p.text() for p in rencana.galat[:5]))
    hasil = impor.terapkan(rencana, csv_path)
    t2 = time.perf_counter()
    return {"seconds": t2 - t0, "periksa": t1 - t0, "terapkan": t2 - t1, "baris": rencana.baris,
            "baru": hasil.baru, "rekap_ok": rekap.periksa(pemilihan.pk) == []}


def _rows_for_baseline(cursor) -> list[tuple]:
    cursor.execute(f"SELECT {', '.join(KOLOM_PEMILIH)} FROM pemilih_pemilih ORDER BY id")
    return cursor.fetchall()


def _worker_raw(db: str) -> dict:
    import django

    django.setup()
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        rows = _rows_for_baseline(cursor)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM pemilih_pemilih")
    connection.close()
    con = sqlite3.connect(db, isolation_level=None)
    con.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                      "PRAGMA foreign_keys=ON; PRAGMA temp_store=MEMORY;")
    sql = (f"INSERT INTO pemilih_pemilih ({', '.join(KOLOM_PEMILIH)}) "
           f"VALUES ({', '.join('?' * len(KOLOM_PEMILIH))})")
    with timer() as t:
        con.execute("BEGIN IMMEDIATE")
        con.executemany(sql, rows)
        con.execute("COMMIT")
    (count,) = con.execute("SELECT COUNT(*) FROM pemilih_pemilih").fetchone()
    con.close()
    return {"raw": t.seconds, "rows": count}


def _worker_raw_pg(url: str) -> dict:
    import django

    django.setup()
    import psycopg
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        rows = _rows_for_baseline(cursor)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM pemilih_pemilih")
    connection.close()
    sql = (f"INSERT INTO pemilih_pemilih ({', '.join(KOLOM_PEMILIH)}) "
           f"VALUES ({', '.join(['%s'] * len(KOLOM_PEMILIH))})")
    with psycopg.connect(url) as con:
        with timer() as t, con.cursor() as cur:
            cur.executemany(sql, rows)
            con.commit()
        (count,) = con.execute("SELECT COUNT(*) FROM pemilih_pemilih").fetchone()
    return {"raw": t.seconds, "rows": count}


if __name__ == "__main__":
    workers = {"siapkan": _worker_siapkan, "impor": _worker_impor, "raw": _worker_raw,
               "raw_pg": _worker_raw_pg}
    print(json.dumps(workers[sys.argv[1]](*sys.argv[2:])))
