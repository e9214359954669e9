"""Cek DPT must stay fast as the list grows: p95 < 50 ms at 222k and at 2.2M voters in a set DPT.

The demo (222k voters) is loaded into a fresh database and its eligible voters are copied into
a set DPT (``daftar.pleno.salin``: the same ``INSERT ... SELECT`` the KPU plenary runs). Then
the whole lookup is requested in-process through Django's test client (no network noise): the
HTML form (``POST /cek-dpt/``) and the JSON endpoint (``POST /api/publik/cek-dpt``), each with
its two rate-limit counters, the list header, the indexed row read and the DPTb probe; 300
lookups, two in three of a listed NIK, one in three of an unknown or malformed one, p95 after a
warm-up. The limits are raised for the run (the limiter's writes still happen). Then the DPT is
grown tenfold (nine copies of its rows with new NIKs, by ``INSERT ... SELECT``: 2.2M rows) and
the same lookups are measured again. ``BENCH_CEK_DPT_BACKEND=sqlite`` runs one backend only.

The baseline, in the same run on the same table, is the raw indexed read the lookup cannot do
without: ``SELECT ... FROM daftar_barisdaftar WHERE daftar_id = %s AND nik = %s``.
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from bench.common import (
    Figure,
    TanpaPostgres,
    drop_pg,
    fresh_database,
    python_module,
    run_child,
    selenggara,
)

REPLIKA = 9
ULANG = 300
TARGET_P95_MS = 50.0


def run() -> list[Figure]:
    figures: list[Figure] = []
    # BENCH_CEK_DPT_BACKEND=sqlite (or postgresql) runs only that one.
    only = os.environ.get("BENCH_CEK_DPT_BACKEND", "")
    for backend in [b for b in ("sqlite", "postgresql") if not only or b == only]:
        try:
            figures += _backend(backend)
        except TanpaPostgres as exc:
            print(f"skipping {backend}: {exc}")
    return figures


def _backend(backend: str) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix=f"bench-cek-dpt-{backend}-") as tmp:
        env = fresh_database(backend, Path(tmp), f"bench_cek_dpt_{os.getpid()}")
        try:
            run_child(selenggara("demo"), env)
            run_child(python_module("bench.bench_cek_dpt", "tetapkan"), env)
            satu = run_child(python_module("bench.bench_cek_dpt", "ukur"), env).last_json()
            run_child(python_module("bench.bench_cek_dpt", "perbanyak", REPLIKA), env)
            sepuluh = run_child(python_module("bench.bench_cek_dpt", "ukur"), env).last_json()
        finally:
            if backend == "postgresql":
                drop_pg(env["DATABASE_URL"])
    out = []
    for hasil, skala in ((satu, ""), (sepuluh, " (10x)")):
        for name in ("cek DPT form", "cek DPT JSON"):
            out.append(Figure(
                f"{backend}: {name}, p95 at {hasil['baris']:,} voters in the DPT{skala}",
                hasil[name], "ms", "raw indexed SELECT by (daftar, nik)", hasil["baseline"],
                f"< {TARGET_P95_MS:.0f} ms", hasil[name] < TARGET_P95_MS,
                note=f"median {hasil[name + ' median']:.2f} ms; found {hasil['ketemu']} of "
                     f"{hasil['dikenal']} listed NIKs"))
    return out


# --- workers ---------------------------------------------------------------------------------


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _worker_tetapkan() -> dict:
    """Set a DPT of the demo's eligible voters the way the KPU plenary copies it."""
    import django

    django.setup()
    from django.db import transaction

    from selenggara.daftar import pleno
    from selenggara.daftar.models import DaftarTetap, Pleno
    from selenggara.pemilihan.models import Pemilihan
    from selenggara.rules import daftar as aturan
    from selenggara.web import jam

    pemilihan = Pemilihan.objects.select_related("wilayah").get()
    with transaction.atomic():
        p = Pleno.objects.create(
            pemilihan=pemilihan, tahap="DPT", tingkat=2, wilayah=pemilihan.wilayah,
            nomor_ba="bench", tanggal=jam.hari_ini(), tempat="bench", hadir=[], jumlah=0,
            jumlah_l=0, jumlah_p=0, jumlah_tps=0, sha256=aturan.HASH_KOSONG, rekap={},
            dibuat=jam.sekarang())
        d = DaftarTetap.objects.create(pemilihan=pemilihan, tahap="DPT", pleno=p, jumlah=0,
                                       sha256=aturan.HASH_KOSONG, dibuat=jam.sekarang())
        n = pleno.salin(d, pemilihan.wilayah)
    return {"baris": n}


def _worker_perbanyak(replika: str) -> dict:
    """``replika`` copies of the DPT's rows, each with NIKs of its own (first two digits 9r)."""
    import django

    django.setup()
    from django.db import connection, transaction

    from selenggara.daftar.models import BarisDaftar, DaftarTetap

    d = DaftarTetap.objects.get(tahap="DPT")
    n = BarisDaftar.objects.filter(daftar=d).count()
    kolom = [f.column for f in BarisDaftar._meta.concrete_fields if f.column != "id"]
    with transaction.atomic(), connection.cursor() as cur:
        for r in range(1, int(replika) + 1):
            pilih = ", ".join({"urutan": f"urutan + {r * n}",
                               "nik": f"'9{r}' || substr(nik, 3)"}.get(c, c) for c in kolom)
            cur.execute(f"INSERT INTO daftar_barisdaftar ({', '.join(kolom)}) SELECT {pilih} "
                        "FROM daftar_barisdaftar WHERE daftar_id = %s AND urutan <= %s",
                        [d.pk, n])
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE daftar_barisdaftar")
    return {"baris": BarisDaftar.objects.filter(daftar=d).count()}


def _worker_ukur() -> dict:
    import random
    import time

    import django

    django.setup()
    from django.db import connection
    from django.test import Client, override_settings

    from selenggara.daftar.models import BarisDaftar, DaftarTetap

    d = DaftarTetap.objects.get(tahap="DPT")
    total = BarisDaftar.objects.filter(daftar=d).count()
    rng = random.Random(9)
    urutan = rng.sample(range(1, total + 1), ULANG * 2 // 3)
    dikenal = list(BarisDaftar.objects.filter(daftar=d, urutan__in=urutan)
                   .values_list("nik", flat=True))
    asing = [f"35710{rng.randrange(10**10, 10**11)}" for _ in range(ULANG // 6)]
    salah = ["3571 01AB " + str(i) for i in range(ULANG // 6)]
    niks = dikenal + asing + salah
    rng.shuffle(niks)
    c = Client()
    out: dict = {"baris": total, "dikenal": len(dikenal)}
    batas = {"CEK_DPT_BATAS_IP": (10**9, 600), "CEK_DPT_BATAS_GLOBAL": (10**9, 60)}
    with override_settings(**batas):
        ketemu = 0
        for nik in niks[:20]:  # warm-up
            c.post("/cek-dpt/", {"nik": nik})
        for name, kirim in (
                ("cek DPT form", lambda nik: c.post("/cek-dpt/", {"nik": nik})),
                ("cek DPT JSON", lambda nik: c.post("/api/publik/cek-dpt", json.dumps(
                    {"nik": nik}), content_type="application/json"))):
            waktu = []
            for nik in niks:
                t0 = time.perf_counter()
                r = kirim(nik)
                waktu.append((time.perf_counter() - t0) * 1000)
                if r.status_code != 200:
                    raise RuntimeError(f"{name}: {r.status_code}")
                if name == "cek DPT JSON" and r.json()["terdaftar"]:
                    ketemu += 1
            out[name] = _p95(waktu)
            out[name + " median"] = statistics.median(waktu)
    out["ketemu"] = ketemu
    sql = ("SELECT pemilih_id, nama, tps_id, kelurahan_id, kecamatan_id FROM daftar_barisdaftar "
           "WHERE daftar_id = %s AND nik = %s")
    waktu = []
    with connection.cursor() as cur:
        for nik in niks:
            t0 = time.perf_counter()
            cur.execute(sql, [d.pk, nik])
            cur.fetchall()
            waktu.append((time.perf_counter() - t0) * 1000)
    out["baseline"] = _p95(waktu)
    return out


if __name__ == "__main__":
    worker = {"tetapkan": _worker_tetapkan, "ukur": _worker_ukur,
              "perbanyak": _worker_perbanyak}[sys.argv[1]]
    print(json.dumps(worker(*sys.argv[2:])))
