"""Setting the DPT: the KPU Kota plenary at 222k voters and at 2.2 million.

The demo (222,451 voters) is loaded into a fresh database; every PPS and PPK plenary of both
rounds and the KPU's DPS are held through the service (``daftar.pleno.adakan``), untimed. Then
the figure: the KPU's DPT plenary (copy the list with one ``INSERT ... SELECT``, re-read and
hash it, check each kelurahan against its PPS plenary, recap, changes since the DPS, audit),
plus its Berita Acara PDF and recap XLSX, then the Model A-Daftar PDF of every TPS (zipped per
kelurahan, as PPS download them).

The baseline, in the same run on the same table: a raw ``INSERT INTO ... SELECT`` of the same
rows (the eligible voters, the list's columns) into a scratch table: what copying the list
costs with nothing checked. The ratio says what the plenary adds to a bare copy.

``python -m bench daftar`` runs 1x; ``BENCH_DAFTAR_10X=1`` adds the 10x kota (nine replicas of
each kecamatan, ``bench_halaman perbanyak``), whose lower plenaries take several minutes
(``BENCH_DAFTAR_10X=saja``: the 10x only); ``BENCH_DAFTAR_BACKEND=sqlite`` skips PostgreSQL.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
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
KELURAHAN_ASLI = 46  # Kota Kediri's kelurahan: the Model A printed at 1x and at 10x


def run() -> list[Figure]:
    figures: list[Figure] = []
    backends = os.environ.get("BENCH_DAFTAR_BACKEND", "sqlite,postgresql").split(",")
    for backend in backends:
        try:
            sepuluh = os.environ.get("BENCH_DAFTAR_10X", "")
            if sepuluh != "saja":
                figures += _backend(backend, kali=1)
            if sepuluh in ("1", "saja"):
                figures += _backend(backend, kali=10)
        except TanpaPostgres as exc:
            print(f"skipping {backend}: {exc}")
    return figures


def _backend(backend: str, *, kali: int) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix=f"bench-daftar-{backend}-") as tmp:
        env = fresh_database(backend, Path(tmp), f"bench_daftar_{os.getpid()}")
        try:
            run_child(selenggara("demo"), env)
            if kali > 1:
                run_child(python_module("bench.bench_halaman", "perbanyak", REPLIKA), env)
            siap = run_child(python_module("bench.bench_daftar", "siapkan"), env).last_json()
            hasil = run_child(python_module("bench.bench_daftar", "ukur"), env).last_json()
        finally:
            if backend == "postgresql":
                drop_pg(env["DATABASE_URL"])
    n = hasil["pemilih"]
    base = hasil["baseline"]
    label = f"{backend}: {n:,} voters" + (" (10x)" if kali > 1 else "")
    catatan = (f"lower plenaries (PPS+PPK, both rounds, and the DPS) took "
               f"{siap['detik']:.1f} s untimed; BA {hasil['ba_pdf']:.2f} s, XLSX "
               f"{hasil['rekap_xlsx']:.2f} s")
    return [
        Figure(f"{label}, DPT plenary (copy, hash, check, recap, audit)", hasil["pleno"], "s",
               "raw INSERT ... SELECT of the same rows", base, note=catatan),
        Figure(f"{label}, DPT plenary + BA PDF + recap XLSX", hasil["total"], "s",
               "raw INSERT ... SELECT of the same rows", base),
        Figure(f"{label}, Model A-Daftar PDFs of {hasil['model_a_tps']} TPS "
               f"({hasil['model_a_kelurahan']} kelurahan zips)", hasil["model_a"], "s",
               "the DPT plenary (same run)", hasil["pleno"],
               note=f"{hasil['model_a'] / max(hasil['model_a_tps'], 1) * 1000:.0f} ms per TPS, "
                    f"{hasil['model_a_mb']:.1f} MB of zips"),
    ]


# --- workers ---------------------------------------------------------------------------------

HADIR = [{"nama": "Ketua", "jabatan": "KETUA", "tanda_tangan": True}]


def _setup():
    import django

    django.setup()
    from django.contrib.auth.models import User

    from selenggara.pemilihan.models import Pemilihan

    admin = User.objects.filter(is_superuser=True).first() or User.objects.create_superuser(
        "bench-admin", password="bench-not-secret")
    return admin, Pemilihan.objects.select_related("wilayah").get()


def _worker_siapkan() -> dict:
    from datetime import datetime

    admin, pemilihan = _setup()
    from selenggara.daftar.pleno import DataPleno, adakan
    from selenggara.web import jam
    from selenggara.wilayah.models import Wilayah

    kota = pemilihan.wilayah
    kec = list(Wilayah.objects.filter(induk=kota).order_by("kode"))
    kel = list(Wilayah.objects.filter(induk__induk=kota).order_by("kode"))
    data = DataPleno(tempat="Aula", hadir=HADIR)
    t0 = time.perf_counter()
    for akhir, tanggal, bawah in (("DPS", datetime(2024, 8, 10, 10), "DPHP"),
                                  ("DPT", datetime(2024, 9, 19, 10), "DPSHP")):
        jam.atur(tanggal)
        for w in (*kel, *kec):
            adakan(admin, pemilihan=pemilihan, tahap=bawah, wilayah=w, data=data)
        if akhir == "DPS":
            adakan(admin, pemilihan=pemilihan, tahap="DPS", wilayah=kota, data=data)
    return {"detik": time.perf_counter() - t0, "kelurahan": len(kel)}


def _worker_ukur() -> dict:
    admin, pemilihan = _setup()
    from django.db import connection, transaction

    from selenggara.daftar import berita_acara, model_a
    from selenggara.daftar.pleno import KOLOM, DataPleno, adakan
    from selenggara.pemilih.models import Pemilih
    from selenggara.wilayah.models import Wilayah

    # Baseline first (a cold cache would favour the figure): the same rows, raw copy.
    cols = ", ".join(("pemilih_id", *KOLOM))
    pcols = ", ".join(("p.id", *(f"p.{c}" for c in KOLOM)))
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute(f"CREATE TEMPORARY TABLE salin_mentah AS SELECT {cols} FROM "
                    "daftar_barisdaftar WHERE 1 = 0")
        t0 = time.perf_counter()
        cur.execute(f"INSERT INTO salin_mentah ({cols}) SELECT {pcols} FROM pemilih_pemilih p "
                    "WHERE p.pemilihan_id = %s AND p.tms_kode = ''", [pemilihan.pk])
        baseline = time.perf_counter() - t0
        cur.execute("DROP TABLE salin_mentah")
    n = Pemilih.objects.filter(pemilihan=pemilihan, tms_kode="").count()
    t0 = time.perf_counter()
    p = adakan(admin, pemilihan=pemilihan, tahap="DPT", wilayah=pemilihan.wilayah,
               data=DataPleno(tempat="Aula KPU", hadir=HADIR))
    t1 = time.perf_counter()
    pdf = berita_acara.pdf(p)
    t2 = time.perf_counter()
    xlsx = berita_acara.rekap_xlsx(p)
    t3 = time.perf_counter()
    assert pdf.startswith(b"%PDF-") and xlsx and p.jumlah == n
    # The Model A-Daftar of every TPS (one PDF each, zipped per kelurahan as PPS download
    # them). A TPS's PDF costs O(its voters) whatever the size of the kota, so at 10x the
    # original city's 46 kelurahan (405 TPS) are printed: the 10x database, not 10x the paper.
    daftar = p.daftar
    kel = list(Wilayah.objects.filter(induk__induk=pemilihan.wilayah).order_by("kode")
               [:KELURAHAN_ASLI])
    t4 = time.perf_counter()
    ukuran = sum(len(model_a.zip_kelurahan(daftar, w)) for w in kel)
    t5 = time.perf_counter()
    n_tps = sum(len(model_a.tps_kelurahan(daftar, w)) for w in kel)
    return {"pemilih": n, "baseline": baseline, "pleno": t1 - t0, "ba_pdf": t2 - t1,
            "rekap_xlsx": t3 - t2, "total": t3 - t0, "model_a": t5 - t4, "model_a_tps": n_tps,
            "model_a_mb": ukuran / 1e6, "model_a_kelurahan": len(kel)}


if __name__ == "__main__":
    worker = {"siapkan": _worker_siapkan, "ukur": _worker_ukur}[sys.argv[1]]
    print(json.dumps(worker(*sys.argv[2:])))
