"""Voters with a NIK that agrees with their birth date, sex and kecamatan."""

from __future__ import annotations

from datetime import date

import factory
from factory.django import DjangoModelFactory

from selenggara.pemilih.models import Pemilih
from selenggara.rules.nik import make_nik
from tests.pemilihan.factories import PemilihanFactory
from tests.wilayah.factories import TPSFactory

_urut = {"n": 0}


def nomor_urut() -> int:
    """A fresh NIK serial per voter so no two test voters share a NIK."""
    _urut["n"] = _urut["n"] % 9999 + 1
    return _urut["n"]


class PemilihFactory(DjangoModelFactory):
    """An eligible voter of ``tps`` (kecamatan and kelurahan follow the TPS); without
    ``pemilihan`` the election of the TPS's kab/kota is created."""

    class Meta:
        model = Pemilih

    tps = factory.SubFactory(TPSFactory)
    kelurahan = factory.SelfAttribute("tps.kelurahan")
    kecamatan = factory.SelfAttribute("kelurahan.induk")
    pemilihan = factory.SubFactory(
        PemilihanFactory, wilayah=factory.SelfAttribute("..kecamatan.induk"))
    nama = factory.Sequence(lambda n: f"Warga {n:04d}")
    jenis_kelamin = "L"
    tanggal_lahir = date(1980, 1, 1)
    # The serial for the NIK is drawn before the NKK's (declaration order), as it always was.
    nik = factory.LazyAttribute(
        lambda o: make_nik(o.kecamatan.kode, o.tanggal_lahir, o.jenis_kelamin, nomor_urut()))
    # An NKK: region + an issue date + serial; the shape only matters here.
    nkk = factory.LazyAttribute(lambda o: f"{o.kecamatan.kode_polos}010120{nomor_urut():04d}")
    tempat_lahir = "Kediri"
    status_kawin = "S"
    alamat = factory.LazyAttribute(lambda o: f"Jl. {o.kelurahan.nama}")
    rt = "001"
    rw = "002"
    disabilitas = "0"
    ktp_el = "S"
    tms_kode = ""
