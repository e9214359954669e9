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


def _lv(level, kode: str, m: float | None = None):
    if m is not None:
        return level.configure(label_for_charts=kode, m_probability=m)
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
    # Starting m values (EM re-estimates them): where EM starts decides which cluster it
    # finds, and a block of people with the same name in one kelurahan also holds families
    # whose members share a name; starting from "a duplicate shares the NIK or the birth
    # date" keeps EM on the duplicates.
    nik_tgl = cl.CustomComparison(output_column_name="nik_tgl", comparison_levels=[
        cll.Or(cll.NullLevel("nik"), cll.NullLevel("tgl")).configure(
            is_null_level=True, label_for_charts="nik:kosong"),
        _lv(cll.ExactMatchLevel("nik"), "nik:sama", 0.55),
        _lv(cll.And(cll.ExactMatchLevel("tgl"), cll.LevenshteinLevel("nik", 2),
                    tidak_sesuai), "nik:salah_ketik", 0.12),
        _lv(cll.And(cll.ExactMatchLevel("tgl"), cll.LevenshteinLevel("nik", 2)),
            "nik:urut", 0.08),
        _lv(cll.ExactMatchLevel("tgl"), "tgl:sama", 0.12),
        _lv(cll.LevenshteinLevel("nik", 1), "nik:beda1_tgl", 0.03),
        # 1980-03-05 typed 1980-05-03: the day and the month swapped.
        _lv(cll.CustomLevel("substr(tgl_l, 1, 4) = substr(tgl_r, 1, 4) "
                            "AND substr(tgl_l, 6, 2) = substr(tgl_r, 9, 2) "
                            "AND substr(tgl_l, 9, 2) = substr(tgl_r, 6, 2)"), "tgl:tertukar",
            0.02),
        _lv(cll.LevenshteinLevel("tgl", 1), "tgl:satu_angka", 0.03),
        _lv(cll.ExactMatchLevel("thn"), "tgl:tahun", 0.02),
        _lv(cll.ElseLevel(), "tgl:beda", 0.03),
    ])
    nama = cl.CustomComparison(output_column_name="nama", comparison_levels=[
        _null("nama_bersih"),
        # Common names ("SITI AMINAH") agree by chance more often: term frequencies.
        cll.ExactMatchLevel("nama_bersih").configure(
            label_for_charts="nama:sama", tf_adjustment_column="nama_bersih", m_probability=0.7,
            tf_adjustment_weight=1.0),
        _lv(cll.ExactMatchLevel("nama_rapat"), "nama:rapat", 0.06),
        _lv(cll.ExactMatchLevel("fonetik"), "nama:fonetik", 0.06),
        _lv(cll.JaroWinklerLevel("nama_rapat", 0.93), "nama:mirip", 0.1),
        _lv(cll.JaroWinklerLevel("nama_rapat", 0.82), "nama:agak", 0.04),
        # Twins and siblings share a household, an address, even a birth date: a name
        # that differs is what tells them apart (EM starts from "duplicates share a name").
        _lv(cll.ElseLevel(), "nama:beda", 0.04),
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
    # The household and the address in ONE comparison: members of one KK live at one RT, so
    # "same NKK" and "same RT" as two comparisons would count one fact twice and make
    # relatives who share a name (a father and his son) look like one person.
    alamat = cl.CustomComparison(output_column_name="alamat", comparison_levels=[
        _lv(cll.ExactMatchLevel("nkk"), "nkk:sama"),
        _lv(cll.ExactMatchLevel("rt_rw"), "alamat:rt"),
        _lv(cll.ExactMatchLevel("kel"), "alamat:kelurahan"),
        _lv(cll.ExactMatchLevel("kec"), "alamat:kecamatan"),
        _else("alamat:beda"),
    ])
    return [nik_tgl, nama, jk, tempat, alamat]


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
        # A level that a block never shows sees its m shrink geometrically each iteration,
        # until Splink refuses it as below 1e-300 and the round fails; ten iterations
        # converge the rest (the changes are below 1e-3 by then) and stay clear of it.
        max_iterations=10,
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
    lantai = prior_lantai(jumlah_rekam)
    if (linker._settings_obj._probability_two_random_records_match or 0) < lantai:
        # Few or no exact cases (coklit struck them already, or a clean list): Splink's
        # default prior (1e-4) would call thousands of look-alikes duplicates, and an
        # estimate of 0 makes every probability undefined. Assume one duplicate per
        # DUPLIKAT_LANTAI records instead: only strong evidence then makes a pair.
        linker._settings_obj._probability_two_random_records_match = lantai
    langkah("u", 40)
    # Two million random pairs pin u down for a city; a small list (a test, one kelurahan)
    # has fewer pairs than that, and sampling them all is slow in Splink for no gain.
    t.estimate_u_using_random_sampling(max_pairs=pasangan_u(jumlah_rekam), seed=seed)
    langkah("em", 55)
    blok_em = ([block_on("tgl", "jk"), block_on("nik")] if dasar
               else [block_on("tgl", "jk"),
                     # The NIK's region + birth part (no comparison reads that column, so all
                     # are estimated): neighbours born the same day, among whom duplicates
                     # stand out by name, household and address. A block on the name instead
                     # makes EM take same-name relatives for the match cluster.
                     block_on("nik_awal")])
    for blok in blok_em:
        # Splink takes the comparisons a blocking rule uses out of the model for the session
        # and puts them back only when training succeeds: a failing round (too few pairs in
        # a small list) must not leave the model without its NIK and birth-date comparison.
        inti = linker._settings_obj.core_model_settings.copy()
        try:
            # Both rounds keep the prior of the exact cases: the share of duplicates is what
            # the list's certain cases say, not what a block of look-alikes suggests (left
            # free, EM takes people born the same day with similar names for the cluster).
            t.estimate_parameters_using_expectation_maximisation(
                blok, fix_probability_two_random_records_match=not dasar)
        except Exception as e:  # too few pairs in a small list: keep the defaults
            log.info("EM on %s skipped: %s", blok, e)
            linker._settings_obj.core_model_settings = inti


# Additive smoothing of the estimated m (and of u never seen in the random sample): a level
# that EM saw almost never gets m ~ 1e-80, which would veto a match on that field alone (a
# birthplace spelled differently, a sex typed wrong). A pseudo-count per level keeps every
# level's weight finite and leaves well-observed levels as estimated.
ALFA_M = 0.002


def haluskan(model: dict[str, Any], *, pasangan_u: float) -> dict[str, Any]:
    """The trained model with smoothed m and filled-in u (see ALFA_M)."""
    for c in model.get("comparisons", []):
        levels = [lv for lv in c["comparison_levels"] if not lv.get("is_null_level")]
        k = len(levels)
        for lv in levels:
            m = lv.get("m_probability") or 0.0
            lv["m_probability"] = (m + ALFA_M) / (1 + ALFA_M * k)
            if not lv.get("u_probability"):
                lv["u_probability"] = 0.5 / max(pasangan_u, 1.0)
    return model


DUPLIKAT_LANTAI = 10_000


def prior_lantai(jumlah_rekam: int) -> float:
    """The least prior the model assumes: one duplicate per DUPLIKAT_LANTAI records."""
    n = max(jumlah_rekam, 2)
    return min(0.5, (n / DUPLIKAT_LANTAI) / (n * (n - 1) / 2))


def pasangan_u(jumlah_rekam: int) -> float:
    """How many random pairs u is estimated from (see latih)."""
    return min(2e6, max(1e4, jumlah_rekam * 20.0))


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
