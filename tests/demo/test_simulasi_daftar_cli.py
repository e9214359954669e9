"""The published Kota Kediri list figures, as a newcomer gets them from the command line.

``selenggara demo`` then ``selenggara demo simulasi --sampai 2024-09-19`` on a fresh database
of the run's kind (a SQLite file, or a new PostgreSQL database in the PostgreSQL run), then
``selenggara daftar rekap`` and ``daftar snapshot --periksa`` must print the DPS and DPT that
KPU Kota Kediri set in 2024. Run as child processes against a real database file: the same
play inside the test runner's in-memory, rolled-back database takes about three times as long
(the in-process checks of every detail are in ``test_simulasi_daftar.py``, marked
``demo_penuh``).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.slow


def _env(tmp: Path) -> tuple[dict[str, str], str | None]:
    env = {k: v for k, v in os.environ.items()
           if k not in {"DATABASE_URL", "SELENGGARA_DATA_DIR"}}
    env.update(DJANGO_SETTINGS_MODULE="selenggara.settings", SELENGGARA_DATA_DIR=str(tmp),
               SELENGGARA_SECRET_KEY="uji-bukan-rahasia",
               SELENGGARA_AUDIT_KEY="uji-kunci-audit-bukan-rahasia-" + "x" * 32)
    db = settings.DATABASES["default"]
    if db["ENGINE"].endswith("postgresql"):
        import psycopg

        nama = f"selenggara_demo_{uuid.uuid4().hex[:8]}"
        kredensial = {k: db[k] for k in ("HOST", "PORT", "USER", "PASSWORD") if db.get(k)}
        url = "postgres://{u}{p}@{h}:{port}/".format(
            u=kredensial.get("USER", "postgres"),
            p=f":{kredensial['PASSWORD']}" if kredensial.get("PASSWORD") else "",
            h=kredensial.get("HOST", "127.0.0.1"), port=kredensial.get("PORT", 5432))
        with psycopg.connect(url + "postgres", autocommit=True) as con:
            con.execute(f'CREATE DATABASE "{nama}"')
        env["DATABASE_URL"] = url + nama
        return env, url
    env["DATABASE_URL"] = f"sqlite:///{tmp / 'demo.sqlite3'}"
    return env, None


def _jalankan(env, *args) -> str:
    r = subprocess.run([sys.executable, "-m", "selenggara.cli", *args], env=env,
                       capture_output=True, text=True, timeout=1800)
    assert r.returncode == 0, f"{args}: {r.stdout[-2000:]}\n{r.stderr[-4000:]}"
    return r.stdout


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("demo-daftar")
    env, pg = _env(tmp)
    try:
        _jalankan(env, "migrate", "--no-input", "-v0")
        _jalankan(env, "demo")
        out = _jalankan(env, "demo", "simulasi", "--sampai", "2024-09-19")
        yield env, out
    finally:
        if pg:
            import psycopg

            nama = env["DATABASE_URL"].rsplit("/", 1)[1]
            with psycopg.connect(pg + "postgres", autocommit=True) as con:
                con.execute(f'DROP DATABASE IF EXISTS "{nama}" WITH (FORCE)')


def _rekap(env, tahap: str, tingkat: str) -> list[dict]:
    return json.loads(_jalankan(env, "daftar", "rekap", "--tahap", tahap, "--tingkat", tingkat,
                                "--format", "json"))


def test_dps_as_kpu_kota_kediri_set_it(demo):
    env, out = demo
    (kota,) = _rekap(env, "DPS", "kota")
    assert (kota["total"], kota["l"], kota["p"], kota["tps"]) == (222_596, 108_616, 113_980, 404)
    tps = _rekap(env, "DPS", "tps")
    loksus = [b for b in tps if int(b["kode"][-3:]) >= 901]
    assert (len(tps) - len(loksus), len(loksus)) == (401, 3)
    assert "222,596" in out and "404 TPS" in out


def test_dpt_as_kpu_kota_kediri_set_it(demo):
    env, out = demo
    (kota,) = _rekap(env, "DPT", "kota")
    assert (kota["total"], kota["tps"]) == (222_265, 405)
    tps = _rekap(env, "DPT", "tps")
    loksus = [b for b in tps if int(b["kode"][-3:]) >= 901]
    reguler = [b for b in tps if int(b["kode"][-3:]) < 901]
    assert (len(reguler), sum(b["total"] for b in reguler)) == (401, 220_807)
    assert (len(loksus), sum(b["total"] for b in loksus)) == (4, 1_458)
    kec = {b["nama"]: b["tps"] for b in _rekap(env, "DPT", "kecamatan")}
    assert sum(kec.values()) == 405
    assert "894 dicoret" in out
    snap = _jalankan(env, "daftar", "snapshot", "--tahap", "DPT", "--periksa")
    assert "jumlah: 222265" in snap.replace(",", "").replace(".", "") and "cocok" in snap
