"""Model A-Daftar Pemilih per TPS (PDF), snapshot-tested.

The snapshot holds the document as :func:`model_a.susun` lays it out (pypdf is not in the venv;
the PDF itself is checked for its text streams, as the Berita Acara tests do). The list's
SHA-256 depends on the NIKs the factories number, so it is replaced by ``<SHA256>``.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime

import pytest

from selenggara.daftar import model_a
from selenggara.daftar.models import DaftarTetap
from selenggara.pemilih.models import Pemilih
from selenggara.web import jam
from tests.daftar.test_berita_acara import teks_pdf as _teks_pdf
from tests.daftar.test_pleno import set_dps

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(kediri_mini):
    jam.atur(datetime(2024, 8, 10, 10, 0))
    set_dps(kediri_mini)
    kediri_mini.dps = DaftarTetap.objects.select_related("pemilihan", "pleno").get(tahap="DPS")
    yield kediri_mini
    jam.nyata()


def teks_pdf(isi: bytes) -> str:
    """The PDF's text streams, with the string escapes of ``(`` and ``)`` undone."""
    return _teks_pdf(isi).replace("\\(", "(").replace("\\)", ")")


def _tanpa_hash(doc: dict, sha: str) -> dict:
    doc = dict(doc)
    doc["catatan"] = [c.replace(sha, "<SHA256>") for c in doc["catatan"]]
    return doc


def test_the_public_copy_of_a_tps(k, snapshot):
    doc = model_a.susun(k.dps, k.tps_bl1)
    assert doc["judul"][:2] == ["MODEL A-DAFTAR PEMILIH", "DAFTAR PEMILIH SEMENTARA (DPS)"]
    assert dict(doc["kepala"]) == {"Provinsi": "Jawa Timur", "Kabupaten/Kota": "Kota Kediri",
                                   "Kecamatan": "Mojoroto", "Kelurahan/Desa": "Bandar Lor",
                                   "TPS": "001 (Jl. Contoh No. 1, Bandar Lor)"}
    assert doc["kolom"][5] == "Usia" and len(doc["kolom"]) == 13
    assert doc["jumlah"] == {"l": 2, "p": 1, "total": 3}
    for row in doc["baris"]:
        assert re.fullmatch(r"357101\*{10}", row[2]) and row[1].endswith("*" * 10)
    assert _tanpa_hash(doc, k.dps.sha256) == snapshot


def test_the_internal_copy_has_full_identifiers_and_birth_dates(k):
    doc = model_a.susun(k.dps, k.tps_bl1, publik=False)
    assert doc["kolom"][5] == "Tanggal lahir"
    ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
    row = next(r for r in doc["baris"] if r[3] == ahmad.nama)
    assert (row[1], row[2], row[5]) == (ahmad.nkk, ahmad.nik, "12-05-1980")
    assert "TIDAK UNTUK DIUMUMKAN" in doc["judul"][3]


def test_the_pdf_draws_the_header_rows_and_totals(k):
    isi = model_a.pdf(k.dps, k.tps_bl1)
    teks = teks_pdf(isi)
    for s in ("MODEL A-DAFTAR PEMILIH - DAFTAR PEMILIH SEMENTARA (DPS)", "Bandar Lor",
              "Mojoroto", "Kota Kediri", "Jawa Timur", "357101**********",
              "Jumlah pemilih: laki-laki 2, perempuan 1, jumlah 3"):
        assert s in teks, s
    ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
    assert ahmad.nama in teks and ahmad.nik not in teks and ahmad.nkk not in teks
    assert model_a.pdf(k.dps, k.tps_bl1) == isi  # the same list gives the same file


def test_a_long_list_runs_over_pages_with_the_header_repeated(k):
    doc = model_a.susun(k.dps, k.tps_pj1)
    doc["baris"] = doc["baris"] * 40  # 80 rows: two pages or more
    teks = teks_pdf(model_a.pdf(k.dps, k.tps_pj1, doc=doc))
    assert teks.count("Nama") >= 2 and "halaman 2 dari" in teks


def test_a_kelurahan_zip_has_one_pdf_per_tps_with_voters(k):
    isi = model_a.zip_kelurahan(k.dps, k.bandar_lor)
    with zipfile.ZipFile(io.BytesIO(isi)) as z:
        names = z.namelist()
        assert names == ["Model-A-DPS-3571011001-TPS001.pdf", "Model-A-DPS-3571011001-TPS002.pdf"]
        assert all(z.read(n).startswith(b"%PDF-") for n in names)
