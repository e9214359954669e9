"""The exact cases of duplicate detection: the same NIK twice, or the same NKK + name + birth
date (the name compared in its cleaned form, so a title or an old spelling does not hide it).
They are reported with probability 1 whatever the model says, in the one order ``a < b``.

No database: the feature table is built from rows as ``ganda.fitur.baca`` returns them, and the
one model trained here (about two seconds) is shared by the module.
"""

from __future__ import annotations

import logging
from datetime import date

import pytest

from selenggara.ganda import fitur, mesin
from selenggara.rules import ganda as aturan
from selenggara.rules.nik import make_nik

from . import populasi as P

LAHIR = date(1958, 1, 5)
KK = "3571010101990005"


def _baris(
    pk, nama, *, nik=None, nkk=KK, jk="L", lahir=LAHIR, tempat="KEDIRI", kel=11, tps=101, rt="001"
):
    nik = nik or make_nik("357101", lahir, jk, pk % 9000 + 1)
    return (pk, nik, nkk, nama, jk, tempat, lahir, 1, kel, tps, "002", rt, 1)


def _pasti(rows):
    return mesin.pasangan_pasti(fitur.tabel(rows))


def test_the_same_nik_twice_is_certain():
    nik = make_nik("357101", LAHIR, "L", 1234)
    rows = [
        _baris(10, "SUTRISNO", nik=nik, nkk="3571010101000001"),
        _baris(20, "SUTRISNO", nik=nik, nkk="3571010101000002", kel=12, tps=103),
        _baris(30, "SUPARDI"),
    ]
    assert _pasti(rows) == {(10, 20): aturan.NIK_SAMA}


def test_the_same_household_name_and_birth_date_is_certain_through_titles_and_spelling():
    # One man typed in twice in one KK, with a title and the old spelling on one record and a
    # NIK mistyped on the other: the NIKs differ, the cleaned names do not.
    rows = [
        _baris(10, "H. MOCH. SOEPRAPTO", nik=make_nik("357101", LAHIR, "L", 1503)),
        _baris(11, "MUHAMAD SUPRAPTO", nik=make_nik("357101", LAHIR, "L", 1504)),
    ]
    assert _pasti(rows) == {(10, 11): aturan.KK_NAMA_TGL}
    a, b = ({"nik": r[1], "nkk": r[2], "nama": r[3], "tanggal_lahir": r[6]} for r in rows)
    assert aturan.jenis_pasti(a, b) == aturan.KK_NAMA_TGL


@pytest.mark.parametrize("beda", ["nkk", "lahir", "nama"])
def test_household_name_and_date_must_all_agree(beda):
    kedua = {
        "nkk": {"nkk": "3571010101000009"},
        "lahir": {"lahir": date(1958, 1, 6)},
        "nama": {"nama": "MUHAMAD SUPRAPTONO"},
    }[beda]
    rows = [_baris(10, "H. MOCH. SOEPRAPTO"), _baris(11, **{"nama": "MUHAMAD SUPRAPTO", **kedua})]
    assert _pasti(rows) == {}


def test_a_pair_is_ordered_smaller_id_first_whatever_the_row_order():
    nik = make_nik("357101", LAHIR, "P", 77)
    rows = [
        _baris(900, "SITI AMINAH", nik=nik, jk="P"),
        _baris(5, "ST. AMINAH", nik=nik, jk="P"),
        _baris(40, "SITI AMINAH", nik=nik, jk="P", nkk="3571010101000003"),
    ]
    hasil = _pasti(rows)
    # Three records of one NIK: every pair of the group, each smaller id first.
    assert set(hasil) == {(5, 40), (5, 900), (40, 900)}
    assert all(a < b for a, b in hasil)
    assert aturan.pasangan(900, 5) == (5, 900)
    with pytest.raises(ValueError):
        aturan.pasangan(5, 5)


def test_a_shared_nik_wins_over_household_name_and_date():
    nik = make_nik("357101", LAHIR, "L", 55)
    rows = [_baris(1, "SUTRISNO", nik=nik), _baris(2, "SOETRISNO", nik=nik)]
    assert _pasti(rows) == {(1, 2): aturan.NIK_SAMA}


# ---- against the model ----------------------------------------------------------------------

# Two exact pairs the model alone would not call: the same NIK on two records that agree on
# nothing else (another name, sex, birth date, birthplace, household and kecamatan), and one KK
# where the cleaned name and date agree but the NIK, birthplace and address do not.
NIK_DIPAKAI = make_nik("357101", date(1975, 4, 2), "L", 4001)
LAIN = [
    (
        9001,
        NIK_DIPAKAI,
        "3571010101990101",
        "BAMBANG HARTONO",
        "L",
        "KEDIRI",
        date(1975, 4, 2),
        1,
        11,
        101,
        "002",
        "001",
        1,
    ),
    (
        9002,
        NIK_DIPAKAI,
        "3571010101990102",
        "SRI REJEKI",
        "P",
        "BLITAR",
        date(1999, 12, 30),
        2,
        13,
        105,
        "007",
        "009",
        1,
    ),
    (
        9003,
        make_nik("357101", LAHIR, "L", 4002),
        KK,
        "H. MOCH. SOEPRAPTO",
        "L",
        "KEDIRI",
        LAHIR,
        1,
        11,
        101,
        "002",
        "001",
        1,
    ),
    (
        9004,
        make_nik("357102", date(1958, 5, 1), "L", 4003),
        KK,
        "MUHAMAD SUPRAPTO",
        "L",
        "SURABAYA",
        LAHIR,
        2,
        13,
        105,
        "005",
        "008",
        1,
    ),
]


@pytest.fixture(scope="module")
def latih():
    logging.disable(logging.WARNING)
    try:
        orang = P.penduduk(300, seed=3)
        rows = P.baris(orang + [c for _, c in P.tanam(orang, 8, seed=5)]) + LAIN
        tabel = fitur.tabel(rows)
        return tabel, mesin.jalankan(tabel, seed=2024)
    finally:
        logging.disable(logging.NOTSET)


def test_exact_pairs_are_reported_with_probability_one(latih):
    _tabel, hasil = latih
    per = {(p.a, p.b): p for p in hasil.pasangan}
    assert per[(9001, 9002)].jenis == aturan.NIK_SAMA
    assert per[(9003, 9004)].jenis == aturan.KK_NAMA_TGL
    for key in ((9001, 9002), (9003, 9004)):
        assert per[key].probabilitas == 1.0
    assert all(p.a < p.b for p in hasil.pasangan)
    assert hasil.pasangan == sorted(hasil.pasangan, key=lambda p: (p.a, p.b))


def test_exact_pairs_are_reported_even_when_the_model_reports_nothing(latih):
    tabel, hasil = latih
    # The trained model with a prior so small that no pair reaches the threshold on evidence:
    # what remains are the exact cases, each with probability 1 and no model weight.
    buta = {**hasil.model, "probability_two_random_records_match": 1e-12}
    sisa = mesin.jalankan(tabel, model=buta, hitung_dibandingkan=False)
    pasti = mesin.pasangan_pasti(tabel)
    assert {(p.a, p.b): p.jenis for p in sisa.pasangan} == pasti
    assert (9001, 9002) in pasti and (9003, 9004) in pasti
    for p in sisa.pasangan:
        assert p.probabilitas == 1.0 and p.bobot is None
        assert p.alasan and p.alasan[0]["tingkat"].startswith("pasti:")


def test_a_list_without_any_duplicate_gives_no_pair():
    rows = P.baris(P.penduduk(200, seed=21))
    hasil = mesin.jalankan(fitur.tabel(rows), hitung_dibandingkan=False)
    assert [p for p in hasil.pasangan if p.jenis != aturan.PROBABILISTIK] == []
