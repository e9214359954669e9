"""The same model on Spark: trained by DuckDB on a small list (300 people, 15 duplicates
planted), applied by Spark (local, one JVM: 20 to 30 seconds to start), it finds the same pairs
with the same probabilities. That is what ``--engine spark`` promises for a province."""

from __future__ import annotations

import logging
import os
import shutil

import pytest

from selenggara.ganda import fitur, mesin

from . import populasi as P

pytestmark = pytest.mark.skipif(
    shutil.which("java") is None,
    reason="Spark needs a Java runtime (java on PATH; Debian: apt-get install openjdk-17-jre)",
)


@pytest.fixture(scope="module")
def tabel():
    orang = P.penduduk(300, seed=13)
    return fitur.tabel(P.baris(orang + [c for _, c in P.tanam(orang, 15, seed=17)]))


@pytest.fixture(scope="module")
def sesi_spark():
    """One local session with one shuffle partition (a 300-row list needs no more; the
    default 8 only adds tasks on a shared 2-core machine), stopped afterwards."""
    from selenggara.ganda import spark

    lama = os.environ.get("SELENGGARA_SPARK_PARTISI")
    os.environ["SELENGGARA_SPARK_PARTISI"] = "1"
    spark.sesi.cache_clear()
    try:
        yield
    finally:
        if spark.sesi.cache_info().currsize:
            spark.sesi().stop()
            spark.sesi.cache_clear()
        if lama is None:
            os.environ.pop("SELENGGARA_SPARK_PARTISI", None)
        else:
            os.environ["SELENGGARA_SPARK_PARTISI"] = lama


def test_spark_scores_the_duckdb_model_like_duckdb(tabel, sesi_spark):
    logging.disable(logging.WARNING)
    try:
        duck = mesin.jalankan(tabel, mesin="duckdb", seed=2024, hitung_dibandingkan=False)
        spark = mesin.jalankan(tabel, mesin="spark", model=duck.model, hitung_dibandingkan=False)
    finally:
        logging.disable(logging.NOTSET)
    assert duck.model.get("sql_dialect", "duckdb") == "duckdb"
    per_duck = {(p.a, p.b): p for p in duck.pasangan}
    per_spark = {(p.a, p.b): p for p in spark.pasangan}
    assert len(per_duck) >= 12  # most of the 15 planted copies (the exact ones at least)
    assert set(per_spark) == set(per_duck)
    for key, p in per_duck.items():
        q = per_spark[key]
        assert q.probabilitas == pytest.approx(p.probabilitas, abs=1e-6), key
        assert q.jenis == p.jenis
        if p.bobot is not None:
            assert q.bobot == pytest.approx(p.bobot, abs=1e-6), key
        assert [a["tingkat"] for a in q.alasan] == [a["tingkat"] for a in p.alasan], key
