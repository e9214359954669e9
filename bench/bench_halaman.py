"""Pages that must stay flat as the list grows: the KPU home and the kota monitoring page.

The demo (222,451 voters) is loaded into a fresh database and both pages are requested as the
KPU Kota account, in-process through Django's test client (no network noise): p95 over 40
requests after a warm-up. Then the kota is grown tenfold (nine replicas of each of its
kecamatan, with their kelurahan, TPS and voters copied by SQL: 2.2 million voters) and the
counters are rebuilt, and the same pages are measured again.

The baseline, measured in the same run on the same table, is what a page would cost if it
counted voters itself: one ``COUNT``/``SUM(CASE)`` ``GROUP BY kecamatan`` over the kota's
voters. Targets: p95 < 50 ms and p95 at 10x / p95 at 1x < 1.5, on SQLite and PostgreSQL.
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
ULANG = 40
TARGET_P95_MS = 50.0
TARGET_RASIO = 1.5
PAGES = {"beranda KPU": "/", "pantau coklit kota": "/pps/pantau/"}


def run() -> list[Figure]:
    figures: list[Figure] = []
    for backend in ("sqlite", "postgresql"):
        try:
            figures += _backend(backend)
        except TanpaPostgres as exc:
            print(f"skipping {backend}: {exc}")
    return figures



def _backend(backend: str) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix=f"bench-halaman-{backend}-") as tmp:
        env = fresh_database(backend, Path(tmp), f"bench_halaman_{os.getpid()}")
        try:
            run_child(selenggara("demo"), env)
            satu = run_child(python_module("bench.bench_halaman", "ukur"), env).last_json()
            run_child(python_module("bench.bench_halaman", "perbanyak", REPLIKA), env)
            sepuluh = run_child(python_module("bench.bench_halaman", "ukur"), env).last_json()
        finally:
            if backend == "postgresql":
                drop_pg(env["DATABASE_URL"])
    out = []
    for name in (*PAGES, "baseline"):
        a, b = satu[name], sepuluh[name]
        if name == "baseline":
            continue
        rasio = b / a if a else float("nan")
        out.append(Figure(
            f"{backend}: {name}, p95 at {satu['pemilih']:,} voters", a, "ms",
            "raw GROUP BY kecamatan over the voters", satu["baseline"],
            f"< {TARGET_P95_MS:.0f} ms", a < TARGET_P95_MS))
        out.append(Figure(
            f"{backend}: {name}, p95 at {sepuluh['pemilih']:,} voters (10x)", b, "ms",
            "raw GROUP BY kecamatan over the voters", sepuluh["baseline"],
            f"< {TARGET_P95_MS:.0f} ms and 10x/1x < {TARGET_RASIO}",
            b < TARGET_P95_MS and rasio < TARGET_RASIO,
            note=f"10x/1x = {rasio:.2f}; baseline 10x/1x = "
                 f"{sepuluh['baseline'] / satu['baseline']:.1f}"))
    return out


# --- workers ---------------------------------------------------------------------------------


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1]


def _worker_ukur() -> dict:
    import time

    import django

    django.setup()
    from django.contrib.auth.models import User
    from django.db import connection
    from django.test import Client

    from selenggara.pemilih.models import Pemilih
    from selenggara.petugas.models import Petugas

    kpu = User.objects.get(username="kpu.kediri")
    pemilihan_id = Petugas.objects.get(user=kpu).pemilihan_id
    c = Client()
    c.force_login(kpu)
    out: dict = {"pemilih": Pemilih.objects.filter(pemilihan_id=pemilihan_id).count()}
    for name, url in PAGES.items():
        for _ in range(5):
            r = c.get(url)
            if r.status_code != 200:
                raise RuntimeError(f"{url}: {r.status_code}")
        waktu = []
        for _ in range(ULANG):
            t0 = time.perf_counter()
            c.get(url)
            waktu.append((time.perf_counter() - t0) * 1000)
        out[name] = _p95(waktu)
    sql = ("SELECT kecamatan_id, COUNT(*), SUM(CASE WHEN tms_kode = '' THEN 1 ELSE 0 END), "
           "SUM(CASE WHEN coklit <> '' THEN 1 ELSE 0 END) FROM pemilih_pemilih "
           "WHERE pemilihan_id = %s GROUP BY kecamatan_id")
    waktu = []
    with connection.cursor() as cur:
        for i in range(ULANG // 4 + 3):
            t0 = time.perf_counter()
            cur.execute(sql, [pemilihan_id])
            cur.fetchall()
            if i >= 3:
                waktu.append((time.perf_counter() - t0) * 1000)
    out["baseline"] = _p95(waktu)
    return out


def _worker_perbanyak(replika: str) -> dict:
    """Grow the kota: ``replika`` copies of each kecamatan with its kelurahan, TPS, voters."""
    import django

    django.setup()
    from django.db import connection, transaction

    from selenggara.coklit import rekap as rekap_coklit
    from selenggara.db import next_id, reset_sequence
    from selenggara.pemilih import rekap
    from selenggara.pemilih.models import Pemilih
    from selenggara.pemilihan.models import Pemilihan
    from selenggara.wilayah.models import TPS, Tingkat, Wilayah

    n = int(replika)
    pemilihan = Pemilihan.objects.get()
    kota = pemilihan.wilayah
    kecamatan = list(Wilayah.objects.filter(induk=kota, tingkat=Tingkat.KECAMATAN))
    kolom = [f.column for f in Pemilih._meta.concrete_fields]
    with transaction.atomic(), connection.cursor() as cur:
        cur.execute("CREATE TEMPORARY TABLE peta_tps (lama bigint, baru bigint, kel bigint, "
                    "kec bigint, geser bigint)")
        nomor_kec = 10
        offset = next_id(Pemilih)
        for r in range(1, n + 1):
            for kec in kecamatan:
                nomor_kec += 1
                kec_baru = Wilayah.objects.create(
                    kode=f"{kota.kode}.{nomor_kec:02d}", nama=f"{kec.nama} {r}",
                    tingkat=Tingkat.KECAMATAN, induk=kota)
                for kel in Wilayah.objects.filter(induk=kec):
                    kel_baru = Wilayah.objects.create(
                        kode=f"{kec_baru.kode}.{kel.kode[-4:]}", nama=f"{kel.nama} {r}",
                        tingkat=Tingkat.KELURAHAN, induk=kec_baru)
                    for t in TPS.objects.filter(kelurahan=kel):
                        t_baru = TPS.objects.create(kelurahan=kel_baru, nomor=t.nomor,
                                                    jenis=t.jenis, nama=t.nama, alamat=t.alamat)
                        cur.execute("INSERT INTO peta_tps VALUES (%s, %s, %s, %s, %s)",
                                    [t.pk, t_baru.pk, kel_baru.pk, kec_baru.pk, offset])
            offset += 300_000
        pilih = ", ".join(
            {"id": "p.id + m.geser", "kecamatan_id": "m.kec", "kelurahan_id": "m.kel",
             "tps_id": "m.baru"}.get(c, f"p.{c}") for c in kolom)
        cur.execute(f"INSERT INTO pemilih_pemilih ({', '.join(kolom)}) SELECT {pilih} "
                    "FROM pemilih_pemilih p JOIN peta_tps m ON p.tps_id = m.lama")
    reset_sequence(Pemilih)
    rekap.bangun_ulang(pemilihan.pk)
    rekap_coklit.bangun_ulang(pemilihan.pk)
    return {"pemilih": Pemilih.objects.count()}


if __name__ == "__main__":
    worker = {"ukur": _worker_ukur, "perbanyak": _worker_perbanyak}[sys.argv[1]]
    print(json.dumps(worker(*sys.argv[2:])))
