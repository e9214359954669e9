"""The sync benchmark cleans up after itself and keeps what it measured."""

import os
import time

import pytest

from bench import bench_sync
from bench.common import Figure, base_env


def test_a_server_that_cannot_start_is_reported_and_stopped(tmp_path):
    env = {**base_env(), "DJANGO_SETTINGS_MODULE": "selenggara.tidak_ada",
           "SELENGGARA_DATA_DIR": str(tmp_path)}
    server = bench_sync._server(env)
    t0 = time.monotonic()
    with pytest.raises(RuntimeError, match="gunicorn"):
        server.__enter__()
    assert time.monotonic() - t0 < bench_sync._server.READY_S
    assert server.proc.poll() is not None  # nothing left running
    with pytest.raises(ProcessLookupError):
        os.killpg(server.proc.pid, 0)


def test_one_backend_failing_keeps_the_others_figures(monkeypatch):
    def fake(backend):
        if backend == "postgresql":
            raise RuntimeError("gunicorn did not answer")
        return [Figure("sqlite: sync", 2000.0, "changes/s")]

    monkeypatch.setattr(bench_sync, "_run_backend", fake)
    figures = bench_sync.run()
    assert figures[0].value == 2000.0
    assert figures[1].passed is False and "not measured" in figures[1].note
