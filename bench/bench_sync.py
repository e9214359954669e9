"""e-coklit sync throughput and worklist download latency, on SQLite and PostgreSQL.

Setup per database: a fresh database with the full Kota Kediri demo, served by gunicorn
(4 worker processes x 4 threads, as a small production box would run it) on 127.0.0.1.

Figures:

- sync throughput: 20 concurrent Pantarlih clients (threads in a separate process, each with
  its own session), each sending its TPS's voters as batches of 50 changes (mostly Sesuai, one
  in five an Ubah of RT) to ``POST /api/coklit/sinkron``; applied changes per second over the
  whole run, with the p50/p95 batch latency. Target >= 1,000 changes/s. Baseline: the same
  number of row updates (coklit status, version, rev, timestamps; 50 per transaction) by raw
  SQL in one process (``sqlite3`` / ``psycopg``), which skips validation, audit, the change log
  and HTTP: the ratio is the price of all of those.
- worklist download: ``GET /api/coklit/daftar`` for the demo's largest TPS (600 voters),
  100 requests one after another; p95 target < 300 ms.
"""

from __future__ import annotations

import contextlib
import http.cookiejar
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from pathlib import Path

from bench.common import (
    Figure,
    TanpaPostgres,
    base_env,
    drop_pg,
    fresh_database,
    python_module,
    run_child,
    selenggara,
    sqlite_path,
    timer,
)

CLIENTS = 20
BATCH = 50
PASSWORD = "kediri2024"
TARGET_RATE = 1000.0
TARGET_P95_MS = 300.0


def run() -> list[Figure]:
    """Each backend measured on its own: a failure in one (a server that would not start, a
    crashed worker) is reported, what it started is stopped and what it created is dropped,
    and the other backend's figures are kept."""
    figures: list[Figure] = []
    for backend in ("sqlite", "postgresql"):
        try:
            figures += _run_backend(backend)
        except TanpaPostgres as exc:  # no PostgreSQL here: say so, measure SQLite only
            print(f"skipping {backend}: {exc}")
        except Exception as exc:  # keep the other backend's figures, say what failed
            print(f"{backend} failed: {exc}")
            figures.append(Figure(f"{backend}: sync", float("nan"), "changes/s",
                                  target=f">= {TARGET_RATE:,.0f} changes/s", passed=False,
                                  note=f"not measured: {str(exc)[:200]}"))
    return figures



def _run_backend(backend: str) -> list[Figure]:
    with tempfile.TemporaryDirectory(prefix=f"bench-sync-{backend}-") as tmp:
        env = fresh_database(backend, Path(tmp), f"bench_sync_{os.getpid()}")
        try:
            run_child(selenggara("demo"), env)
            accounts = run_child(python_module("bench.bench_sync", "accounts"), env).last_json()
            with _server(env) as base_url:
                load = run_child(python_module("bench.bench_sync", "clients", base_url,
                                               json.dumps(accounts)), base_env()).last_json()
            target = sqlite_path(env) if backend == "sqlite" else env["DATABASE_URL"]
            raw = run_child(python_module("bench.bench_sync", "raw", backend, target,
                                          load["applied"]), base_env()).last_json()
        finally:
            if backend == "postgresql":
                drop_pg(env["DATABASE_URL"])
    rate, raw_rate = load["applied"] / load["seconds"], raw["rows"] / raw["seconds"]
    return [
        Figure(f"{backend}: sync, {CLIENTS} clients x batches of {BATCH}", rate,
               "changes/s", "raw SQL row updates, one process", raw_rate,
               f">= {TARGET_RATE:,.0f} changes/s", rate >= TARGET_RATE,
               note=f"{load['applied']:,} applied in {load['seconds']:.1f} s; batch latency "
               f"p50 {load['p50_ms']:.0f} ms, p95 {load['p95_ms']:.0f} ms; "
               f"{load['other']} not applied"),
        Figure(f"{backend}: worklist download, {load['worklist_size']}-voter TPS, p95",
               load["worklist_p95_ms"], "ms", target=f"< {TARGET_P95_MS:.0f} ms",
               passed=load["worklist_p95_ms"] < TARGET_P95_MS,
               note=f"p50 {load['worklist_p50_ms']:.0f} ms over 100 requests"),
    ]


class _server:
    """gunicorn on a free loopback port for the duration of a ``with`` block.

    A busy 2-core machine can take several seconds for the first answer (the app imports and
    the workers boot); wait up to ``READY_S``, give up early if gunicorn died, and always stop
    the whole process group (master and workers) on the way out, also when the body failed.
    """

    READY_S = 90

    def __init__(self, env: dict[str, str]):
        self.env = env
        self.proc: subprocess.Popen | None = None

    def __enter__(self) -> str:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        self.log = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "selenggara.wsgi:application", "-b",
             f"127.0.0.1:{port}", "-w", "4", "--threads", "4", "--log-level", "warning"],
            env=self.env, stdout=subprocess.DEVNULL, stderr=self.log, start_new_session=True)
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + self.READY_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._stop()
                raise RuntimeError(f"gunicorn exited with {self.proc.returncode}: "
                                   f"{self._log_tail()}")
            try:
                urllib.request.urlopen(url + "/masuk/", timeout=5)
                return url
            except (OSError, urllib.error.HTTPError):  # URLError, refused, timeouts
                time.sleep(0.2)
        self._stop()
        raise RuntimeError(f"gunicorn did not answer within {self.READY_S} s: "
                           f"{self._log_tail()}")

    def _log_tail(self) -> str:
        self.log.seek(0)
        return self.log.read().decode("utf-8", "replace")[-500:]

    def _stop(self) -> None:
        """Stop the whole group: workers can outlive a master that already exited."""
        if self.proc is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGTERM)
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.proc.wait(timeout=20)
        for _ in range(100):
            try:
                os.killpg(self.proc.pid, 0)
            except ProcessLookupError:
                return
            time.sleep(0.1)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)

    def __exit__(self, *exc):
        self._stop()
        self.log.close()


# --- workers: run in a child process -------------------------------------------------------------


def _worker_accounts() -> dict:
    """20 Pantarlih of 20 different TPS (the largest ones), and one of the very largest."""
    import django

    django.setup()
    from django.db.models import Count

    from selenggara.petugas.models import Petugas

    sizes = (Petugas.objects.filter(peran="PANTARLIH", user__isnull=False)
             .values("tps_id", "user__username").annotate(n=Count("tps__pemilih"))
             .order_by("-n", "tps_id"))
    chosen, seen = [], set()
    for row in sizes:
        if row["tps_id"] not in seen:
            seen.add(row["tps_id"])
            chosen.append(row["user__username"])
        if len(chosen) == CLIENTS:
            break
    return {"clients": chosen, "largest": chosen[0]}


class _Client:
    def __init__(self, base: str, username: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        page = self.opener.open(base + "/masuk/").read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        form = urllib.parse.urlencode({"username": username, "password": PASSWORD,
                                       "csrfmiddlewaretoken": token}).encode()
        req = urllib.request.Request(base + "/masuk/", data=form,
                                     headers={"Referer": base + "/masuk/"})
        self.opener.open(req).read()
        self.csrf = next(c.value for c in self.jar if c.name == "csrftoken")

    def get(self, path: str) -> dict:
        return json.loads(self.opener.open(self.base + path).read())

    def post(self, path: str, payload: dict) -> dict:
        req = urllib.request.Request(
            self.base + path, data=json.dumps(payload).encode(), method="POST",
            headers={"Content-Type": "application/json", "X-CSRFToken": self.csrf,
                     "Referer": self.base + "/coklit/"})
        return json.loads(self.opener.open(req, timeout=120).read())


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[int(q) - 1]


def _worker_clients(base: str, accounts_json: str) -> dict:
    accounts = json.loads(accounts_json)
    clients = [_Client(base, u) for u in accounts["clients"]]
    largest = clients[0]
    worklist_ms = []
    for _ in range(100):
        with timer() as t:
            size = len(largest.get("/api/coklit/daftar")["pemilih"])
        worklist_ms.append(t.seconds * 1000)
    plans = []
    for client in clients:
        voters = client.get("/api/coklit/daftar")["pemilih"]
        changes = []
        for i, v in enumerate(voters):
            if i % 5 == 4:
                changes.append({"id": str(uuid.uuid4()), "aksi": "UBAH", "pemilih_id": v["id"],
                                "versi": v["versi"],
                                "data": {"ubah": {"rt": str(int(v["rt"]) % 15 + 16)}}})
            else:
                changes.append({"id": str(uuid.uuid4()), "aksi": "SESUAI", "pemilih_id": v["id"],
                                "versi": v["versi"], "data": {}})
        plans.append([changes[i:i + BATCH] for i in range(0, len(changes), BATCH)])
    latencies: list[float] = []
    statuses: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(len(clients) + 1)

    def work(client: _Client, batches: list[list[dict]]):
        start.wait()
        for batch in batches:
            with timer() as t:
                answers = client.post("/api/coklit/sinkron", {"perubahan": batch})["hasil"]
            with lock:
                latencies.append(t.seconds * 1000)
                for a in answers:
                    statuses[a["status"]] = statuses.get(a["status"], 0) + 1

    threads = [threading.Thread(target=work, args=(c, p)) for c, p in zip(clients, plans,
                                                                          strict=True)]
    for th in threads:
        th.start()
    with timer() as total:
        start.wait()
        for th in threads:
            th.join()
    applied = statuses.get("applied", 0)
    return {"applied": applied, "other": sum(statuses.values()) - applied,
            "seconds": total.seconds, "p50_ms": _percentile(latencies, 50),
            "p95_ms": _percentile(latencies, 95), "worklist_size": size,
            "worklist_p50_ms": _percentile(worklist_ms, 50),
            "worklist_p95_ms": _percentile(worklist_ms, 95)}


def _worker_raw(backend: str, target: str, count: str) -> dict:
    """The same number of voter row updates by raw SQL, 50 per transaction, one process."""
    n = int(count)
    sql = ("UPDATE pemilih_pemilih SET coklit = {p}, coklit_waktu = {p}, catatan_pps = '', "
           "versi = versi + 1, rev = {p}, diubah = {p} WHERE id = {p} AND versi = {p}")
    if backend == "sqlite":
        import sqlite3

        con = sqlite3.connect(target, isolation_level=None)
        con.executescript("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;")
        rows = con.execute("SELECT id, versi FROM pemilih_pemilih ORDER BY id DESC LIMIT ?",
                           (n,)).fetchall()
        stmt, now = sql.format(p="?"), "2024-07-01 02:00:00"
        with timer() as t:
            for i in range(0, len(rows), BATCH):
                con.execute("BEGIN IMMEDIATE")
                for pk, versi in rows[i:i + BATCH]:
                    con.execute(stmt, ("SESUAI", now, 10**9 + pk, now, pk, versi))
                con.execute("COMMIT")
        return {"rows": len(rows), "seconds": t.seconds}
    from datetime import UTC, datetime

    import psycopg

    with psycopg.connect(target) as con:
        rows = con.execute("SELECT id, versi FROM pemilih_pemilih ORDER BY id DESC LIMIT %s",
                           (n,)).fetchall()
        con.commit()
        stmt, now = sql.format(p="%s"), datetime.now(UTC)
        with timer() as t:
            for i in range(0, len(rows), BATCH):
                with con.transaction():
                    for pk, versi in rows[i:i + BATCH]:
                        con.execute(stmt, ("SESUAI", now, 10**9 + pk, now, pk, versi))
    return {"rows": len(rows), "seconds": t.seconds}


if __name__ == "__main__":
    workers = {"accounts": _worker_accounts, "clients": _worker_clients, "raw": _worker_raw}
    result = workers[sys.argv[1]](*sys.argv[2:])
    print(json.dumps(result))
