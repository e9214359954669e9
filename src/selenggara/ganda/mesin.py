"""Run the linkage model on an engine: DuckDB on one machine, Spark for a province or more.

:func:`jalankan` takes the feature table (``ganda.fitur``), trains the model on it (or takes a
saved one), scores the blocked pairs and returns those at or above the threshold with their
reasons, plus the exact cases (``rules.ganda``), which are reported whatever their score.
Nothing here touches the Django database: the caller reads the register and stores the result.
"""

from __future__ import annotations

import logging
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field

import pyarrow as pa
from splink import Linker
from splink.blocking_analysis import count_comparisons_from_blocking_rules

from selenggara.rules import ganda as aturan

from . import model as model_ganda

log = logging.getLogger(__name__)
MESIN = ("duckdb", "spark")


@dataclass
class Pasangan:
    a: int
    b: int
    probabilitas: float
    bobot: float | None
    jenis: str
    alasan: list[dict] = field(default_factory=list)


@dataclass
class HasilMesin:
    pasangan: list[Pasangan]
    dibandingkan: int
    model: dict
    detik: float


def _api(mesin: str):
    if mesin == "duckdb":
        import duckdb
        from splink.backends.duckdb import DuckDBAPI

        # No progress bar on the console (the run reports its own progress).
        con = duckdb.connect()
        con.execute("SET enable_progress_bar = false")
        return DuckDBAPI(connection=con)
    if mesin == "spark":
        from .spark import spark_api

        return spark_api()
    raise ValueError(f"unknown engine {mesin!r}; use one of {MESIN}")


def _daftarkan(api, mesin: str, tabel: pa.Table):
    if mesin == "spark":
        from .spark import ke_dataframe

        return api.register(ke_dataframe(tabel))
    return api.register(tabel)


def pasangan_pasti(tabel: pa.Table) -> dict[tuple[int, int], str]:
    """The exact cases of ``rules.ganda`` over the feature table: pairs sharing a NIK, or an
    NKK + comparable name + birth date. Every pair inside a group (groups are tiny)."""
    ids = tabel.column("unique_id").to_pylist()
    kunci: dict[tuple, list[int]] = defaultdict(list)
    nik = tabel.column("nik").to_pylist()
    nkk = tabel.column("nkk").to_pylist()
    nama = tabel.column("nama_bersih").to_pylist()
    tgl = tabel.column("tgl").to_pylist()
    for i, pk in enumerate(ids):
        if nik[i]:
            kunci[(aturan.NIK_SAMA, nik[i])].append(pk)
        if nkk[i] and nama[i] and tgl[i]:
            kunci[(aturan.KK_NAMA_TGL, nkk[i], nama[i], tgl[i])].append(pk)
    hasil: dict[tuple[int, int], str] = {}
    for k, anggota in kunci.items():
        if len(anggota) < 2:
            continue
        for i in range(len(anggota)):
            for j in range(i + 1, len(anggota)):
                pair = aturan.pasangan(anggota[i], anggota[j])
                # A shared NIK is the stronger statement; keep it when both apply.
                if hasil.get(pair) != aturan.NIK_SAMA:
                    hasil[pair] = k[0]
    return hasil


def jalankan(tabel: pa.Table, *, mesin: str = "duckdb", seed: int = 2024,
             model: dict | None = None, ambang: float = aturan.AMBANG_BAWAAN,
             dasar: bool = False, hitung_dibandingkan: bool = True,
             langkah: Callable[[str, int], None] = lambda teks, persen: None) -> HasilMesin:
    """Train (unless ``model`` is given) and predict. ``dasar``: the baseline model."""
    mulai = time.perf_counter()
    pasti = {} if dasar else pasangan_pasti(tabel)
    if tabel.num_rows < 2:
        return HasilMesin([], 0, model or {}, time.perf_counter() - mulai)
    api = _api(mesin)
    sdf = _daftarkan(api, mesin, tabel)
    tf_simpan = (model or {}).get(KUNCI_TF)
    if model is None:
        settings = model_ganda.settings_dasar() if dasar else model_ganda.settings_kami()
    elif model.get("sql_dialect", "duckdb") == api.sql_dialect.sql_dialect_str:
        settings = {k: v for k, v in model.items() if k != KUNCI_TF}
    else:
        settings = model_ganda.untuk_dialek(model, api.sql_dialect.sql_dialect_str, dasar=dasar)
    linker = Linker(sdf, settings, log_level=logging.WARNING)
    if tf_simpan:
        # A scoring of a few records against the list: name frequencies of the whole list,
        # as the run that trained the model counted them, not of the few records.
        linker.table_management.register_term_frequency_lookup(
            _daftarkan(api, mesin, _tf_tabel(tf_simpan, tabel)), "nama_bersih")
    if model is None:
        model_ganda.latih(linker, seed=seed, jumlah_rekam=tabel.num_rows, dasar=dasar,
                          langkah=langkah)
        if not dasar:  # the baseline keeps Splink's estimates as they come
            halus = model_ganda.haluskan(linker.misc.save_model_to_json(),
                                         pasangan_u=model_ganda.pasangan_u(tabel.num_rows))
            linker = Linker(sdf, halus, log_level=logging.WARNING)
    simpan = linker.misc.save_model_to_json()
    if not dasar:
        simpan[KUNCI_TF] = tf_simpan or _tf_dari(linker, tabel.num_rows)
    langkah("prediksi", 75)
    pred = linker.inference.predict(threshold_match_probability=min(ambang, 0.999999),
                                    warning_mode="never")
    baris = pred.as_pyarrow_table().to_pylist()
    dibandingkan = 0
    if hitung_dibandingkan:
        hitung = count_comparisons_from_blocking_rules(
            sdf, blocking_rules=simpan["blocking_rules_to_generate_predictions"],
            link_type="dedupe_only", record_sample_proportion=1.0)
        dibandingkan = int(hitung[-1]["cumulative_comparison_count"]) if hitung else 0
    label = model_ganda.label_tingkat(simpan)
    hasil: dict[tuple[int, int], Pasangan] = {}
    for r in baris:
        pair = aturan.pasangan(int(r["unique_id_l"]), int(r["unique_id_r"]))
        hasil[pair] = Pasangan(pair[0], pair[1], float(r["match_probability"]),
                               float(r["match_weight"]), pasti.get(pair, aturan.PROBABILISTIK),
                               _alasan(r, label))
    for pair, jenis in pasti.items():
        p = hasil.get(pair)
        if p is None:
            hasil[pair] = Pasangan(pair[0], pair[1], 1.0, None, jenis,
                                   [{"kolom": "nik" if jenis == aturan.NIK_SAMA else "nkk",
                                     "tingkat": "pasti:" + jenis.lower(), "bobot": None}])
        else:
            p.jenis, p.probabilitas = jenis, 1.0
    return HasilMesin(sorted(hasil.values(), key=lambda p: (p.a, p.b)), dibandingkan, simpan,
                      time.perf_counter() - mulai)


KUNCI_TF = "selenggara_tf_nama_bersih"


def _tf_dari(linker, n: int) -> dict:
    """The name frequencies of the list the model was trained on (names seen twice or more;
    a name seen once has frequency ``1/n``), saved with the model."""
    tf = linker.table_management.compute_tf_table("nama_bersih").as_pyarrow_table().to_pylist()
    satu = 1.0 / max(n, 1)
    return {"n": n, "nama": {r["nama_bersih"]: r["tf_nama_bersih"] for r in tf
                             if r["nama_bersih"] and r["tf_nama_bersih"] > satu * 1.5}}


def _tf_tabel(tf: dict, tabel: pa.Table) -> pa.Table:
    satu = 1.0 / max(int(tf.get("n", 1)), 1)
    nama = tf.get("nama", {})
    semua = {x for x in tabel.column("nama_bersih").to_pylist() if x}
    return pa.table({"nama_bersih": sorted(semua),
                     "tf_nama_bersih": [nama.get(x, satu) for x in sorted(semua)]})


def _alasan(r: dict, label: dict[str, dict[int, str]]) -> list[dict]:
    """Which fields agree and how, with each comparison's match weight (log2 Bayes factor,
    the name's including its term-frequency adjustment)."""
    out = []
    for kolom, peta in label.items():
        g = r.get(f"gamma_{kolom}")
        if g is None:
            continue
        bobot = r.get(f"mw_{kolom}")
        if bobot is not None and r.get(f"mw_tf_adj_{kolom}") is not None:
            bobot += r[f"mw_tf_adj_{kolom}"]
        out.append({"kolom": kolom, "tingkat": peta.get(int(g), ""),
                    "bobot": round(float(bobot), 2) if bobot is not None else None})
    return out
