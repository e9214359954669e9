"""Kemendagri area codes and TPS ids."""

from __future__ import annotations

import csv
import os
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from selenggara.rules.wilayah_kode import (
    DESA,
    KABKOTA,
    KECAMATAN,
    PROVINSI,
    KodeWilayahError,
    induk_kode,
    is_dalam_wilayah,
    is_desa,
    is_kelurahan,
    is_kota,
    jenis_desa,
    kode_pada_tingkat,
    kode_tps,
    normalise_kode,
    parse_kode_tps,
    tingkat_kode,
    undotted,
)

from . import strategies as s


@pytest.mark.parametrize(
    ("k", "dotted", "flat", "tingkat", "induk"),
    [
        ("35", "35", "35", PROVINSI, None),
        ("35.71", "35.71", "3571", KABKOTA, "35"),
        ("3571", "35.71", "3571", KABKOTA, "35"),
        ("35.71.01", "35.71.01", "357101", KECAMATAN, "35.71"),
        ("357103", "35.71.03", "357103", KECAMATAN, "35.71"),
        ("35.71.01.1001", "35.71.01.1001", "3571011001", DESA, "35.71.01"),
        ("3571011001", "35.71.01.1001", "3571011001", DESA, "35.71.01"),
        (" 35.71.02.1017 ", "35.71.02.1017", "3571021017", DESA, "35.71.02"),
        ("91.03.01.3007", "91.03.01.3007", "9103013007", DESA, "91.03.01"),  # desa adat
    ],
)
def test_table(k: str, dotted: str, flat: str, tingkat: int, induk: str | None) -> None:
    assert normalise_kode(k) == dotted
    assert undotted(k) == flat
    assert tingkat_kode(k) == tingkat
    assert induk_kode(k) == induk


@pytest.mark.parametrize(
    "bad",
    [
        "", "3", "357", "35710", "3571011", "35710110011", "35.7101", "35.71.1", "35.71.01.101",
        "35.71.01.1001.001", "35..71", "3a", "35.71.0a", "10", "00.71", "35.00", "35.71.00",
        "35.71.01.0001", "35.71.01.4001", "35.71.01.1000", "３５", "35.71.01.", ".35",
    ],
)  # fmt: skip
def test_malformed_codes_raise_indonesian_value_errors(bad: str) -> None:
    for f in (normalise_kode, undotted, tingkat_kode, induk_kode):
        with pytest.raises(KodeWilayahError) as e:
            f(bad)
        assert isinstance(e.value, ValueError)
        assert "kode" in str(e.value).lower()


def test_non_string_raises_value_error() -> None:
    with pytest.raises(ValueError):
        normalise_kode(3571)  # type: ignore[arg-type]


def test_kelurahan_desa() -> None:
    assert is_kelurahan("35.71.01.1001") and not is_desa("35.71.01.1001")
    assert is_desa("35.06.01.2001") and not is_kelurahan("3506012001")
    assert jenis_desa("91.03.01.3007") == "desa adat" and is_desa("91.03.01.3007")
    assert jenis_desa("35.71.01.1001") == "kelurahan"
    with pytest.raises(ValueError):
        is_kelurahan("35.71.01")


def test_kota() -> None:
    assert is_kota("35.71") and is_kota("35.71.01.1001")
    assert not is_kota("35.06")
    with pytest.raises(ValueError):
        is_kota("35")


def test_kode_tps() -> None:
    assert kode_tps("35.71.01.1001", 1) == "3571011001001"
    assert kode_tps("3571011001", 154) == "3571011001154"
    assert parse_kode_tps("3571011001001") == ("35.71.01.1001", 1)
    for args in [("35.71.01", 1), ("35.71.01.1001", 0), ("35.71.01.1001", 1000),
                 ("35.71.01.1001", True), ("35.71.01.1001", "1")]:  # fmt: skip
        with pytest.raises(ValueError):
            kode_tps(*args)
    for bad in ["357101100100", "3571011001000", "35710110010a1", "0071011001001"]:
        with pytest.raises(ValueError):
            parse_kode_tps(bad)


def test_scope_helpers() -> None:
    assert kode_pada_tingkat("3571011001", KECAMATAN) == "35.71.01"
    assert kode_pada_tingkat("35.71.01.1001", DESA) == "35.71.01.1001"
    with pytest.raises(ValueError):
        kode_pada_tingkat("35.71", KECAMATAN)
    assert is_dalam_wilayah("35.71.01.1001", "3571")
    assert is_dalam_wilayah("35.71", "35.71")
    assert not is_dalam_wilayah("35.71.01.1001", "35.71.02")
    assert not is_dalam_wilayah("35.71", "35.71.01")


@given(k=s.kode_desa(), potong=st.integers(1, 4), nomor=st.integers(1, 999))
def test_round_trips_and_hierarchy(k: str, potong: int, nomor: int) -> None:
    sub = kode_pada_tingkat(k, potong)
    assert tingkat_kode(sub) == potong
    assert normalise_kode(undotted(sub)) == sub
    assert undotted(normalise_kode(undotted(sub))) == undotted(sub)
    assert is_dalam_wilayah(k, sub)
    induk = induk_kode(sub)
    if potong == 1:
        assert induk is None
    else:
        assert induk is not None and tingkat_kode(induk) == potong - 1
        assert sub.startswith(induk + ".")
    tps = kode_tps(k, nomor)
    assert len(tps) == 13 and tps.startswith(undotted(k))
    assert parse_kode_tps(tps) == (k, nomor)


def _wilayah_dir() -> Path | None:
    repo = Path(__file__).resolve().parents[2]
    for d in (
        os.environ.get("SELENGGARA_WILAYAH_DIR"),
        repo / "data" / "wilayah",
        repo.parent / "shared" / "data" / "wilayah",
    ):
        if d and (Path(d) / "villages.csv").exists():
            return Path(d)
    return None


def test_every_kemendagri_code_is_accepted() -> None:
    d = _wilayah_dir()
    if d is None:
        pytest.skip("data/wilayah not found; set SELENGGARA_WILAYAH_DIR to run this test")
    jumlah = {"kelurahan": 0, "desa": 0, "desa adat": 0}
    for nama, tingkat in [("provinces", 1), ("regencies", 2), ("districts", 3), ("villages", 4)]:
        with open(d / f"{nama}.csv", newline="", encoding="utf-8") as f:
            for row in csv.DictReader(f):
                k = row["code"]
                assert normalise_kode(k) == k
                assert tingkat_kode(k) == tingkat
                if tingkat == 4:
                    assert induk_kode(k) == row["district_code"]
                    jumlah[jenis_desa(k)] += 1
    assert jumlah["kelurahan"] > 8000 and jumlah["desa"] > 70000
