"""Shared pieces of the benchmark harness.

Every figure is measured next to a baseline taken in the same run on the same machine, so the
ratio means something even where the absolute number depends on the hardware.

Why subprocesses: Django can be configured only once per process, each measurement wants its
own fresh database, and the peak memory of a child is attributable to exactly the work it did
(``os.wait4`` returns the resource usage of that one child).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
RESULTS = REPO / "bench" / "results"


@dataclass
class Figure:
    """One measured number, its same-run baseline and (optionally) the target it must meet."""

    name: str
    value: float
    unit: str
    baseline_name: str | None = None
    baseline_value: float | None = None
    target: str | None = None  # human text, e.g. "< 30 s"
    passed: bool | None = None  # None: informational, no target
    note: str = ""

    @property
    def ratio(self) -> float | None:
        """value / baseline_value: how many times the baseline's cost this figure is."""
        if self.baseline_value in (None, 0):
            return None
        return self.value / self.baseline_value

    def as_json(self) -> dict:
        return {**asdict(self), "ratio": self.ratio}


@dataclass
class Timer:
    seconds: float = 0.0
    _start: float = field(default=0.0, repr=False)


@contextmanager
def timer() -> Iterator[Timer]:
    """``with timer() as t: ...`` then ``t.seconds`` (wall clock, perf_counter)."""
    t = Timer(_start=time.perf_counter())
    try:
        yield t
    finally:
        t.seconds = time.perf_counter() - t._start


@dataclass
class ChildRun:
    args: list[str]
    returncode: int
    seconds: float  # wall clock of the whole child, start-up included
    peak_rss_mb: float  # maximum resident set size of that child
    stdout: str
    stderr: str

    def last_json(self) -> dict:
        """The last stdout line that parses as a JSON object (workers report that way)."""
        for line in reversed(self.stdout.splitlines()):
            line = line.strip()
            if line.startswith("{"):
                return json.loads(line)
        raise ValueError(f"no JSON line in the output of {' '.join(self.args)}:\n{self.stdout}")


def run_child(
    args: list[str], env: dict[str, str] | None = None, *, check: bool = True, cwd: Path = REPO
) -> ChildRun:
    """Run ``args`` and measure its wall time and peak RSS.

    ``os.wait4`` gives the rusage of this child alone, unlike
    ``getrusage(RUSAGE_CHILDREN)`` whose ``ru_maxrss`` is the largest of ALL children so far.
    Output goes to temporary files rather than pipes: nothing can block, and we are free to
    reap the child ourselves.
    """
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen(args, stdout=out, stderr=err, env=env, cwd=cwd)
        _pid, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)  # tell Popen it has been reaped
        out.seek(0)
        err.seek(0)
        run = ChildRun(
            args=list(args),
            returncode=proc.returncode,
            seconds=seconds,
            # Linux reports ru_maxrss in KiB (macOS in bytes; this harness targets Linux).
            peak_rss_mb=usage.ru_maxrss / 1024,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
        )
    if check and run.returncode != 0:
        raise RuntimeError(
            f"{' '.join(args)} exited with {run.returncode}\n{run.stdout}\n{run.stderr}"
        )
    return run


def python_module(module: str, *args: object) -> list[str]:
    """Command line running ``python -m module args`` with this interpreter."""
    return [sys.executable, "-m", module, *map(str, args)]


def selenggara(*args: object) -> list[str]:
    """Command line running the ``selenggara`` management command with this interpreter."""
    return python_module("selenggara.cli", *args)


def base_env() -> dict[str, str]:
    """The current environment minus anything pointing at a real database or data folder."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "SELENGGARA_DATA_DIR", "DJANGO_SETTINGS_MODULE"}
    }
    env["DJANGO_SETTINGS_MODULE"] = "selenggara.settings"
    env["SELENGGARA_SECRET_KEY"] = "bench-not-secret"
    env["SELENGGARA_AUDIT_KEY"] = "bench-audit-key-not-secret-" + "x" * 32
    return env


def fresh_sqlite(folder: Path) -> dict[str, str]:
    """Create ``folder``, point a child environment at a new SQLite file in it, and migrate.

    Returns the environment to pass to :func:`run_child`; the database is
    ``folder / "selenggara.sqlite3"`` with the same settings (WAL etc.) production uses.
    """
    folder = Path(folder).resolve()
    folder.mkdir(parents=True, exist_ok=True)
    env = base_env()
    env["SELENGGARA_DATA_DIR"] = str(folder)
    env["DATABASE_URL"] = f"sqlite:///{folder / 'selenggara.sqlite3'}"
    run_child(selenggara("migrate", "--no-input", "-v0"), env)
    return env


def sqlite_path(env: dict[str, str]) -> Path:
    """The database file of an environment made by :func:`fresh_sqlite`."""
    return Path(env["SELENGGARA_DATA_DIR"]) / "selenggara.sqlite3"


def _git_revision() -> str | None:
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            cwd=REPO,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def write_results(name: str, figures: list[Figure]) -> Path:
    """Save ``bench/results/<name>.json`` (gitignored) with the machine it ran on."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    payload = {
        "bench": name,
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "git": _git_revision(),
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "figures": [f.as_json() for f in figures],
    }
    path.write_text(json.dumps(payload, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def format_value(value: float | None, unit: str = "") -> str:
    if value is None:
        return "-"
    text = f"{value:,.3f}" if abs(value) < 10 else f"{value:,.1f}"
    return f"{text} {unit}".strip()


PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"


class TanpaPostgres(Exception):
    """No PostgreSQL server to measure against on this machine (the benchmark skips it)."""


def fresh_database(backend: str, tmp: Path, name: str) -> dict[str, str]:
    """A migrated database for a child process: SQLite under ``tmp``, or a new PostgreSQL
    database ``name`` (dropped again with :func:`drop_pg`, also when migrating fails).
    Raises :class:`TanpaPostgres` when no server answers."""
    if backend == "sqlite":
        return fresh_sqlite(tmp / "app")
    try:
        import psycopg

        with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as con:
            con.execute(f'DROP DATABASE IF EXISTS "{name}"')
            con.execute(f'CREATE DATABASE "{name}"')
    except Exception as exc:
        raise TanpaPostgres(str(exc)) from exc
    env = base_env()
    env["SELENGGARA_DATA_DIR"] = str(tmp)
    env["DATABASE_URL"] = PG_URL.format(name=name)
    try:
        run_child(selenggara("migrate", "--no-input", "-v0"), env)
    except Exception:
        drop_pg(env["DATABASE_URL"])
        raise
    return env


def drop_pg(url: str) -> None:
    import psycopg

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(PG_URL.format(name="postgres"), autocommit=True) as con:
        con.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
