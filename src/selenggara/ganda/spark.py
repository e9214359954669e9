"""The Spark engine for duplicate search: the same Splink model on a Spark session.

One city (hundreds of thousands of voters) runs on DuckDB in one process. A province (Jawa
Timur: 31 million) or the nation (204 million) outgrows one machine; Splink then runs the
same settings, blocking rules and trained model on Spark, and ``--engine spark`` selects it.
This module only builds the session and hands the feature table over; docs/ganda.md says how
to point it at a cluster.

- The session is ``local[*]`` unless ``SELENGGARA_SPARK_MASTER`` names a cluster
  (``spark://host:7077``, ``yarn``, ``k8s://...``). It carries Splink's Scala similarity jar,
  so Jaro-Winkler and the other string functions run inside the JVM as DuckDB's run inside
  DuckDB.
- The feature table crosses as Arrow (PySpark 4 takes a pyarrow table directly), no pandas.
- Checkpointing ("break lineage") writes to a local directory under the data dir, because
  Splink's iterative EM builds long query plans otherwise.
"""

from __future__ import annotations

import os
import tempfile
from functools import lru_cache

import pyarrow as pa


@lru_cache(maxsize=1)
def sesi():
    """One Spark session per process (starting a JVM takes seconds)."""
    from pyspark.sql import SparkSession
    from splink.backends.spark import similarity_jar_location

    master = os.environ.get("SELENGGARA_SPARK_MASTER", "local[*]")
    titik = os.path.join(tempfile.gettempdir(), "selenggara-spark-checkpoint")
    builder = (
        SparkSession.builder.master(master)
        .appName("selenggara-ganda")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", os.environ.get("SELENGGARA_SPARK_PARTISI", "8"))
        .config("spark.default.parallelism", os.environ.get("SELENGGARA_SPARK_PARTISI", "8"))
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.sql.execution.arrow.pyspark.enabled", "true")
        .config("spark.driver.memory", os.environ.get("SELENGGARA_SPARK_MEMORI", "2g"))
    )
    spark = builder.getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    spark.sparkContext.setCheckpointDir(titik)
    return spark


def spark_api():
    from splink.backends.spark import SparkAPI

    return SparkAPI(spark_session=sesi(), break_lineage_method="persist")


def ke_dataframe(tabel: pa.Table):
    """The feature table as a Spark DataFrame (Arrow all the way)."""
    return sesi().createDataFrame(tabel)
