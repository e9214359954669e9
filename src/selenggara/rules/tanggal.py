"""Dates and numbers in words, as a Berita Acara writes them ("Pada hari ini Sabtu tanggal
sepuluh bulan Agustus tahun dua ribu dua puluh empat")."""

from __future__ import annotations

from datetime import date

HARI = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
_SATUAN = ("nol", "satu", "dua", "tiga", "empat", "lima", "enam", "tujuh", "delapan",
           "sembilan", "sepuluh", "sebelas")


def terbilang(n: int) -> str:
    """A whole number in Indonesian words: 12 -> "dua belas", 2024 -> "dua ribu dua puluh
    empat", 1000 -> "seribu", 222265 -> "dua ratus dua puluh dua ribu dua ratus enam puluh
    lima"."""
    if n < 0:
        return "minus " + terbilang(-n)
    if n < 12:
        return _SATUAN[n]
    if n < 20:
        return f"{_SATUAN[n - 10]} belas"
    if n < 100:
        puluh, sisa = divmod(n, 10)
        return f"{_SATUAN[puluh]} puluh" + (f" {_SATUAN[sisa]}" if sisa else "")
    for besar, nama in ((10**12, "triliun"), (10**9, "miliar"), (10**6, "juta"),
                        (1000, "ribu"), (100, "ratus")):
        if n >= besar:
            depan, sisa = divmod(n, besar)
            if depan == 1 and besar in (100, 1000):
                kata = "seratus" if besar == 100 else "seribu"
            else:
                kata = f"{terbilang(depan)} {nama}"
            return kata + (f" {terbilang(sisa)}" if sisa else "")
    raise AssertionError(n)  # pragma: no cover


def nama_hari(d: date) -> str:
    return HARI[d.weekday()]


def tanggal_panjang(d: date) -> str:
    """``10 Agustus 2024``."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def tanggal_kata(d: date) -> str:
    """``hari ini Sabtu tanggal sepuluh bulan Agustus tahun dua ribu dua puluh empat``."""
    return (f"hari ini {nama_hari(d)} tanggal {terbilang(d.day)} bulan {BULAN[d.month - 1]} "
            f"tahun {terbilang(d.year)}")
