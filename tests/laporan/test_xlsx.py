"""Reading uploads with bounds (zip bombs, empty-row bombs) and writing cells safely."""

import io
import time
import zipfile

import pytest
from openpyxl import Workbook, load_workbook

from selenggara.errors import ServiceError
from selenggara.laporan.xlsx import aman, baca_lembar, tulis

KOLOM = ("nama", "nik")
MB = 1024 * 1024


def _xlsx(rows=(("nama", "nik"), ("Budi", "3571010101900001"))) -> bytes:
    wb = Workbook()
    for r in rows:
        wb.active.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _ganti(data: bytes, nama: str, isi: bytes) -> bytes:
    """The same workbook with one zip member replaced (how a crafted file is made)."""
    keluar = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, \
            zipfile.ZipFile(keluar, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zout.writestr(info.filename, isi if info.filename == nama else zin.read(info))
        if nama not in zin.namelist():
            zout.writestr(nama, isi)
    return keluar.getvalue()


def _baca(data, **kw):
    return baca_lembar(io.BytesIO(data), kolom=KOLOM, lembar="Sheet", maks_baris=500,
                       maks_ukuran=2 * MB, **kw)


def test_a_good_sheet_reads():
    lembar = _baca(_xlsx())
    assert lembar.baris == [(2, {"nama": "Budi", "nik": "3571010101900001"})]


def test_millions_of_empty_rows_stop_at_the_row_limit_quickly():
    rows = "".join(f'<row r="{i}"/>' for i in range(3, 400_000))
    sheet = ('<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.'
             'openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
             '<row r="1"><c r="A1" t="inlineStr"><is><t>nama</t></is></c>'
             '<c r="B1" t="inlineStr"><is><t>nik</t></is></c></row>'
             f'{rows}</sheetData></worksheet>').encode()
    bom = _ganti(_xlsx(), "xl/worksheets/sheet1.xml", sheet)
    assert len(bom) < 2 * MB
    t0 = time.perf_counter()
    with pytest.raises(ServiceError) as exc:
        _baca(bom)
    assert time.perf_counter() - t0 < 5
    assert "lebih dari 1500 baris" in exc.value.baris[0].pesan


def test_a_file_that_inflates_far_beyond_its_size_is_refused_unopened():
    bom = _ganti(_xlsx(), "xl/sharedStrings.xml", b"<sst>" + b"x" * (40 * MB) + b"</sst>")
    assert len(bom) < 2 * MB
    with pytest.raises(ServiceError) as exc:
        _baca(bom)
    assert "terlalu besar setelah dibuka" in exc.value.pesan or \
        "terlalu besar setelah dibuka" in exc.value.baris[0].pesan


def test_empty_and_non_xlsx_files_are_explained():
    for data, kata in ((b"", "Berkas kosong"), (b"nama,nik\nx,y\n", "tidak terbaca")):
        with pytest.raises(ServiceError) as exc:
            _baca(data)
        assert kata in str(exc.value.baris[0])


def test_cells_that_spreadsheets_would_run_are_escaped():
    assert aman('=HYPERLINK("http://x","y")') == '\'=HYPERLINK("http://x","y")'
    for v in ("+1", "-1+2", "@SUM(A1)", "\tx", "\rx"):
        assert aman(v).startswith("'")
    assert aman("Budi") == "Budi" and aman(12) == 12
    wb = Workbook()
    tulis(wb.active, ["=1+1", "Budi", 7])
    buf = io.BytesIO()
    wb.save(buf)
    ws = load_workbook(io.BytesIO(buf.getvalue())).active
    assert ws["A1"].value == "'=1+1" and ws["A1"].data_type == "s"
    assert ws["B1"].value == "Budi" and ws["C1"].value == 7
