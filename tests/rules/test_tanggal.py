"""Dates and numbers in Indonesian words (rules.tanggal), as the Berita Acara writes them."""

from datetime import date

import pytest

from selenggara.rules.tanggal import nama_hari, tanggal_kata, tanggal_panjang, terbilang


@pytest.mark.parametrize(("n", "kata"), [
    (0, "nol"), (1, "satu"), (10, "sepuluh"), (11, "sebelas"), (12, "dua belas"),
    (19, "sembilan belas"), (20, "dua puluh"), (31, "tiga puluh satu"), (100, "seratus"),
    (101, "seratus satu"), (250, "dua ratus lima puluh"), (1000, "seribu"),
    (1945, "seribu sembilan ratus empat puluh lima"), (2024, "dua ribu dua puluh empat"),
    (222265, "dua ratus dua puluh dua ribu dua ratus enam puluh lima"),
    (1_000_000, "satu juta"),
])
def test_terbilang(n, kata):
    assert terbilang(n) == kata


def test_the_dates_of_the_dps_and_dpt_plenaries():
    assert nama_hari(date(2024, 8, 10)) == "Sabtu"
    assert tanggal_kata(date(2024, 8, 10)) == (
        "hari ini Sabtu tanggal sepuluh bulan Agustus tahun dua ribu dua puluh empat")
    assert tanggal_panjang(date(2024, 9, 19)) == "19 September 2024"
    assert nama_hari(date(2024, 9, 19)) == "Kamis"
