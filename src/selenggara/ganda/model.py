"""The record-linkage model for duplicate voters, built on Splink.

Why Splink: it is the reference implementation of the Fellegi-Sunter model at scale (the UK
Ministry of Justice links whole-population data with it), it estimates the weights from the
data instead of hand-set scores (u-probabilities by random sampling, m-probabilities by
expectation maximisation), and the same model runs on DuckDB on one machine and on Spark for a
province or the nation (``ganda.mesin``).

What is ours is the Indonesian part: comparisons over the comparable forms of
``rules.nama`` (titles and degrees removed, old spelling, Muhammad, Siti, Nur, doubled letters,
spaces inside names, an Indonesian phonetic key), a NIK compared digit by digit (a mistyped
digit, a second NIK of the same person), birth dates with day and month swapped, birthplaces
written differently, and the household and address.

Each comparison level carries a stable code in ``label_for_charts`` (``nama:rapat``) that
:mod:`selenggara.ganda.alasan` turns into the reviewer's sentence: the reasons of a pair are
data, their wording is the UI's.

:func:`settings_dasar` is the baseline the benchmark compares against: Splink's own default
comparisons on the raw fields, with comparable blocking.
"""

from __future__ import annotations

import logging
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

log = logging.getLogger(__name__)

# The columns of the table ganda.fitur builds (one row per voter).
KOLOM_FITUR = (
    "unique_id", "nik", "nik_awal", "nkk", "nama", "nama_bersih", "nama_rapat", "fonetik",
    "fonetik_depan", "jk", "tgl", "nik_sesuai", "thn", "tempat", "kec", "kel", "tps", "rt_rw",
    "versi",
)


def _lv(level, kode: str):
    return level.configure(label_for_charts=kode)


def _null(col: str):
    return cll.NullLevel(col).configure(label_for_charts=f"{col}:kosong")


def _else(kode: str):
    return cll.ElseLevel().configure(label_for_charts=kode)


def _custom(sql: str, kode: str):
    return cll.CustomLevel(sql).configure(label_for_charts=kode)


def perbandingan() -> list:
    """The comparisons of this project's model, most specific level first."""
    # The NIK and the birth date in ONE comparison: the NIK spells the birth date (digits
    # 7-12), so two separate comparisons would count the same evidence twice, and a
    # neighbour born the same day in the same kecamatan has a NIK one serial digit away.
    # What tells a mistyped NIK is a NIK that disagrees with its own record's birth date.
    tidak_sesuai = cll.Or(cll.CustomLevel("nik_sesuai_l = 'N'"),
                          cll.CustomLevel("nik_sesuai_r = 'N'"))
    nik_tgl = cl.CustomComparison(output_column_name="nik_tgl", comparison_levels=[
        cll.Or(cll.NullLevel("nik"), cll.NullLevel("tgl")).configure(
            is_null_level=True, label_for_charts="nik:kosong"),
        _lv(cll.ExactMatchLevel("nik"), "nik:sama"),
        _lv(cll.And(cll.ExactMatchLevel("tgl"), cll.LevenshteinLevel("nik", 2),
                    tidak_sesuai), "nik:salah_ketik"),
        _lv(cll.And(cll.ExactMatchLevel("tgl"), cll.LevenshteinLevel("nik", 2)),
            "nik:urut"),
        _lv(cll.ExactMatchLevel("tgl"), "tgl:sama"),
        _lv(cll.LevenshteinLevel("nik", 1), "nik:beda1_tgl"),
        # 1980-03-05 typed 1980-05-03: the day and the month swapped.
        _custom("substr(tgl_l, 1, 4) = substr(tgl_r, 1, 4) "
                "AND substr(tgl_l, 6, 2) = substr(tgl_r, 9, 2) "
                "AND substr(tgl_l, 9, 2) = substr(tgl_r, 6, 2)", "tgl:tertukar"),
        _lv(cll.LevenshteinLevel("tgl", 1), "tgl:satu_angka"),
        _lv(cll.ExactMatchLevel("thn"), "tgl:tahun"),
        _else("tgl:beda"),
    ])
    nama = cl.CustomComparison(output_column_name="nama", comparison_levels=[
        _null("nama_bersih"),
        # Common names ("SITI AMINAH") agree by chance more often: term frequencies.
        cll.ExactMatchLevel("nama_bersih").configure(
            label_for_charts="nama:sama", tf_adjustment_column="nama_bersih",
            tf_adjustment_weight=1.0),
        _lv(cll.ExactMatchLevel("nama_rapat"), "nama:rapat"),
        _lv(cll.ExactMatchLevel("fonetik"), "nama:fonetik"),
        _lv(cll.JaroWinklerLevel("nama_rapat", 0.93), "nama:mirip"),
        _lv(cll.JaroWinklerLevel("nama_rapat", 0.82), "nama:agak"),
        _else("nama:beda"),
    ])
    jk = cl.CustomComparison(output_column_name="jenis_kelamin", comparison_levels=[
        _null("jk"),
        _lv(cll.ExactMatchLevel("jk"), "jk:sama"),
        _else("jk:beda"),
    ])
    tempat = cl.CustomComparison(output_column_name="tempat_lahir", comparison_levels=[
        _null("tempat"),
        _lv(cll.ExactMatchLevel("tempat"), "tempat:sama"),
        _lv(cll.JaroWinklerLevel("tempat", 0.85), "tempat:mirip"),
        _else("tempat:beda"),
    ])
    nkk = cl.CustomComparison(output_column_name="nkk", comparison_levels=[
        _null("nkk"),
        _lv(cll.ExactMatchLevel("nkk"), "nkk:sama"),
        _else("nkk:beda"),
    ])
    alamat = cl.CustomComparison(output_column_name="alamat", comparison_levels=[
        _lv(cll.ExactMatchLevel("rt_rw"), "alamat:rt"),
        _lv(cll.ExactMatchLevel("kel"), "alamat:kelurahan"),
        _lv(cll.ExactMatchLevel("kec"), "alamat:kecamatan"),
        _else("alamat:beda"),
    ])
    return [nik_tgl, nama, jk, tempat, nkk, alamat]


def blok_prediksi() -> list:
    """Blocking rules: which pairs are compared at all. Each keeps blocks small (a few dozen
    records), so the candidate set grows about linearly with the list: the same NIK; the same
    household; the same birth date and sex; the same NIK region and birth part (a birth date
    typed wrong where the NIK is right); the same kelurahan, sex and first-name key; the same name
    key and birth year anywhere (another kelurahan, another NIK, a date typed wrong)."""
    return [
        block_on("nik"),
        block_on("nkk"),
        block_on("tgl", "jk"),
        block_on("nik_awal"),
        block_on("kel", "fonetik_depan", "jk"),
        block_on("fonetik", "thn"),
    ]


def settings_kami(ambang_rekam: int | None = None) -> SettingsCreator:
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=perbandingan(),
        blocking_rules_to_generate_predictions=blok_prediksi(),
        retain_intermediate_calculation_columns=True,
        additional_columns_to_retain=["versi", "kel", "tps"],
    )


def settings_dasar() -> SettingsCreator:
    """The baseline: Splink's default comparisons on the raw Model A fields (no name
    cleaning, no phonetic key), blocked on the same keys computed from the raw fields."""
    return SettingsCreator(
        link_type="dedupe_only",
        comparisons=[
            cl.ExactMatch("nik"),
            cl.NameComparison("nama"),
            cl.DateOfBirthComparison("tgl", input_is_string=True),
            cl.ExactMatch("jk"),
            cl.ExactMatch("tempat_mentah"),
            cl.ExactMatch("nkk"),
            cl.ExactMatch("kel"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("nik"), block_on("nkk"), block_on("tgl", "jk"),
            block_on("kel", "nama_depan_mentah"),
        ],
        retain_intermediate_calculation_columns=False,
        additional_columns_to_retain=["versi", "kel", "tps"],
    )


def latih(linker, *, seed: int, jumlah_rekam: int, dasar: bool = False,
          langkah=lambda teks, persen: None) -> None:
    """Estimate the model from the list itself (no labels): the prior from the exact cases,
    u-probabilities from random pairs, m-probabilities by EM on two blockings so that every
    comparison is estimated on pairs it did not block on."""
    t = linker.training
    pasti = ["l.nik = r.nik"] if dasar else [
        "l.nik = r.nik", "l.nkk = r.nkk AND l.nama_bersih = r.nama_bersih AND l.tgl = r.tgl"]
    langkah("prior", 30)
    try:
        t.estimate_probability_two_random_records_match(pasti, recall=0.6)
    except Exception as e:  # a list with no exact duplicate at all
        log.info("prior not estimated (%s); Splink's default kept", e)
    langkah("u", 40)
    # Two million random pairs pin u down for a city; a small list (a test, one kelurahan)
    # has fewer pairs than that, and sampling them all is slow in Splink for no gain.
    n = jumlah_rekam
    t.estimate_u_using_random_sampling(max_pairs=min(2e6, max(1e4, n * 20.0)), seed=seed)
    langkah("em", 55)
    blok_em = ([block_on("tgl", "jk"), block_on("nik")] if dasar
               else [block_on("tgl", "jk"), block_on("nama_rapat", "kel")])
    for blok in blok_em:
        try:
            t.estimate_parameters_using_expectation_maximisation(blok)
        except Exception as e:  # too few pairs in a small list: keep the defaults
            log.info("EM on %s skipped: %s", blok, e)


def untuk_dialek(simpan: dict[str, Any], dialek: str, *, dasar: bool = False) -> dict[str, Any]:
    """A saved model (Splink's JSON, written in the SQL of the engine that trained it) for
    another engine: the settings built afresh in that engine's dialect, with the trained
    parameters (the prior and each level's m and u) carried over level by level, matched by
    the level codes. This is how the model DuckDB trained on one city runs on Spark."""
    baru = (settings_dasar() if dasar else settings_kami()).create_settings_dict(dialek)
    baru["probability_two_random_records_match"] = simpan.get(
        "probability_two_random_records_match", baru.get("probability_two_random_records_match"))
    lama = {c["output_column_name"]: c for c in simpan.get("comparisons", [])}
    for c in baru["comparisons"]:
        asal = lama.get(c["output_column_name"])
        if asal is None:
            continue
        parameter = {lv.get("label_for_charts"): lv for lv in asal["comparison_levels"]}
        for lv in c["comparison_levels"]:
            p = parameter.get(lv.get("label_for_charts"))
            if p is None:
                continue
            for kunci in ("m_probability", "u_probability"):
                if kunci in p:
                    lv[kunci] = p[kunci]
    return baru


def label_tingkat(model: dict[str, Any]) -> dict[str, dict[int, str]]:
    """``{comparison: {gamma value: level code}}`` from a saved model."""
    hasil: dict[str, dict[int, str]] = {}
    for c in model.get("comparisons", []):
        levels = [lv for lv in c["comparison_levels"] if not lv.get("is_null_level")]
        n = len(levels)
        peta = {-1: next((lv.get("label_for_charts", "")
                          for lv in c["comparison_levels"] if lv.get("is_null_level")), "")}
        for i, lv in enumerate(levels):
            peta[n - 1 - i] = lv.get("label_for_charts", "")
        hasil[c["output_column_name"]] = peta
    return hasil
