"""Server-side SVG charts (laporan.grafik) and the table exports (laporan.ekspor, laporan.pdf).

No database: pure functions. The charts must be valid XML, say what they show in a <title> and
<desc> the SVG points at, carry visible axis titles and tick labels, draw one polyline per
unbroken run of values at the right places, escape any text, and give the same bytes for the
same data (snapshotted).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zlib
from datetime import date, datetime

import pytest

from selenggara.laporan import ekspor, grafik
from selenggara.laporan.pdf import latin1

pytestmark = pytest.mark.django_db(databases=[])

NS = {"s": "http://www.w3.org/2000/svg"}
HARI = [f"{d}/6" for d in range(24, 31)] + [f"{d}/7" for d in range(1, 8)]  # 14 days


def _burnup() -> str:
    return grafik.garis(
        id="uji", judul="Coklit Kota <Kediri> & sekitarnya", keterangan="Aplikasi 27,3%.",
        label_x=HARI,
        deret=[grafik.Deret("Aplikasi", [0, 0, 18.2, 18.2, 27.3, 27.3, 36.4, 27.3] + [None] * 6,
                            **grafik.APLIKASI),
               grafik.Deret("Kertas", [0, 18.2, 27.3, 27.3, 36.4, 54.5, 54.5, 54.5] + [None] * 6,
                            **grafik.KERTAS),
               grafik.Deret("Rencana", [round(100 * (i + 1) / 14, 2) for i in range(14)],
                            **grafik.RENCANA)],
        sumbu_x="Tanggal", sumbu_y="Persen pemilih", tanda_x=7, label_tanda="per 1/7")


def _teks(root) -> list[str]:
    return [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")]


def test_line_chart_is_valid_accessible_svg():
    svg = _burnup()
    root = ET.fromstring(svg)
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    assert root.get("role") == "img"
    judul, ket = root.get("aria-labelledby").split()
    assert root.find("s:title", NS).get("id") == judul == "uji-judul"
    assert root.find("s:desc", NS).get("id") == ket == "uji-ket"
    assert root.find("s:title", NS).text == "Coklit Kota <Kediri> & sekitarnya"
    assert "&lt;Kediri&gt; &amp;" in svg  # escaped in the source
    teks = _teks(root)
    for label in ("Tanggal", "Persen pemilih", "0%", "40%", "100%", "24/6", "7/7", "per 1/7",
                  "Aplikasi", "Kertas", "Rencana"):
        assert label in teks, label
    # One polyline per series; the app's stops on the working date (8 points).
    deret = {g.get("data-nama"): g for g in root.iter("{http://www.w3.org/2000/svg}g")
             if g.get("data-nama")}
    assert set(deret) == {"Aplikasi", "Kertas", "Rencana"}
    titik = deret["Aplikasi"].find("s:polyline", NS).get("points").split()
    assert len(titik) == 8
    assert len(deret["Rencana"].find("s:polyline", NS).get("points").split()) == 14
    # x from the left edge of the plot to its right edge; 0% on the axis, 100% at the top.
    x0, y0 = map(float, titik[0].split(","))
    assert (x0, y0) == (62.0, 278.0)
    xr, yr = map(float, deret["Rencana"].find("s:polyline", NS).get("points").split()[-1]
                 .split(","))
    assert (xr, yr) == (742.0, 62.0)
    # Dashes differ, not only colours.
    assert deret["Kertas"].find("s:polyline", NS).get("stroke-dasharray") == "7 4"
    assert deret["Aplikasi"].find("s:polyline", NS).get("stroke-dasharray") is None


def test_a_gap_breaks_the_line_and_a_lone_value_is_a_dot():
    svg = grafik.garis(id="g", judul="j", keterangan="k", label_x=["a", "b", "c", "d", "e"],
                       deret=[grafik.Deret("x", [10, 20, None, 30, None])], sumbu_x="x",
                       sumbu_y="y")
    root = ET.fromstring(svg)
    g = next(g for g in root.iter("{http://www.w3.org/2000/svg}g") if g.get("data-nama"))
    assert len(g.findall("s:polyline", NS)) == 1 and len(g.findall("s:circle", NS)) == 1


def test_axis_grows_past_100_when_new_voters_push_it():
    assert grafik.batas_atas([50, 104.5]) == 125
    assert grafik.batas_atas([None, 30]) == 100


def test_bar_chart_draws_each_area_with_the_plan_tick():
    svg = grafik.batang(id="b", judul="Persen selesai per kecamatan", keterangan="Mojoroto...",
                        kategori=["Mojoroto", "Kota", "Pesantren dengan nama yang panjang sekali"],
                        deret=[grafik.Deret("Aplikasi", [33.3, 0, 50], **grafik.APLIKASI),
                               grafik.Deret("Kertas", [66.7, 0, None], **grafik.KERTAS)],
                        acuan=[57.1, 57.1, 57.1], label_acuan="Rencana", sumbu="Persen pemilih")
    root = ET.fromstring(svg)
    kategori = [g for g in root.iter("{http://www.w3.org/2000/svg}g")
                if g.get("class") == "kategori"]
    assert [g.get("data-nama") for g in kategori] == [
        "Mojoroto", "Kota", "Pesantren dengan nama yang panjang sekali"]
    assert len(kategori[0].findall("s:rect", NS)) == 2
    assert len(kategori[2].findall("s:rect", NS)) == 1  # no paper value, no bar
    assert all(g.find("s:line", NS).get("class") == "acuan" for g in kategori)
    teks = _teks(root)
    assert "Pesantren dengan nama yan…" in teks and "33,3%" in teks and "Persen pemilih" in teks
    # A bar of 50% is half the plot wide.
    lebar = float(kategori[2].find("s:rect", NS).get("width"))
    assert lebar == pytest.approx((760 - 190 - 52) / 2, abs=0.1)


def test_charts_are_stable(snapshot):
    assert _burnup() == snapshot
    assert grafik.batang(id="b", judul="Per TPS", keterangan="k", kategori=["TPS 001", "TPS 002"],
                         deret=[grafik.Deret("Aplikasi", [50, 0], **grafik.APLIKASI)],
                         acuan=[57.14, 57.14], label_acuan="Rencana",
                         sumbu="Persen pemilih") == snapshot


# -- exports ------------------------------------------------------------------------------------


def _tabel() -> ekspor.Tabel:
    return ekspor.Tabel(
        nama="progres", judul="Progres coklit per kecamatan · Kota Kediri · 1 Juli 2024",
        subjudul="Per akhir 1 Juli 2024", kolom=[
            ekspor.Kolom("nama", "Kecamatan", ekspor.TEKS, 2),
            ekspor.Kolom("pemilih", "Pemilih", ekspor.ANGKA),
            ekspor.Kolom("persen", "% aplikasi", ekspor.PERSEN),
            ekspor.Kolom("perkiraan", "Perkiraan selesai", ekspor.TANGGAL),
            ekspor.Kolom("sinkron", "Sinkron terakhir", ekspor.TANGGAL)],
        baris=[{"nama": "Mojoroto", "pemilih": 85459, "persen": 53.33,
                "perkiraan": date(2024, 7, 9), "sinkron": datetime(2024, 6, 30, 20, 0)},
               {"nama": "=1+1 Kota", "pemilih": 68087, "persen": None, "perkiraan": None,
                "sinkron": None}],
        catatan=["Pantarlih mencatat di kertas – lalu sinkron."], berkas="coklit-progres-uji")


def test_xlsx_has_title_header_numbers_and_escaped_text():
    from openpyxl import load_workbook

    isi, jenis, nama = ekspor.ekspor(_tabel(), "xlsx")
    assert nama == "coklit-progres-uji.xlsx" and jenis.startswith("application/vnd.openxml")
    ws = load_workbook(io.BytesIO(isi)).active
    assert ws.title == "progres"
    assert ws["A1"].value.startswith("Progres coklit per kecamatan") and ws["A1"].font.bold
    assert ws["A2"].value == "Per akhir 1 Juli 2024"
    assert [c.value for c in ws[4]] == ["Kecamatan", "Pemilih", "% aplikasi",
                                        "Perkiraan selesai", "Sinkron terakhir"]
    assert ws.freeze_panes == "A5"
    assert [c.value for c in ws[5]][:3] == ["Mojoroto", 85459, 53.33]
    assert ws["B5"].number_format == "#,##0" and ws["C5"].number_format == "0.0"
    assert ws["D5"].value == datetime(2024, 7, 9) and ws["D5"].number_format == "DD-MM-YYYY"
    assert ws["A6"].value == "'=1+1 Kota" and ws["A6"].data_type == "s"
    assert ws["A8"].value.startswith("Pantarlih mencatat")


def test_csv_is_excel_friendly_and_escaped():
    isi, jenis, nama = ekspor.ekspor(_tabel(), "csv")
    assert isi.startswith(b"\xef\xbb\xbf") and nama.endswith(".csv") and "csv" in jenis
    baris = isi.decode("utf-8-sig").splitlines()
    assert baris[0] == ("Progres coklit per kecamatan · Kota Kediri · 1 Juli 2024 "
                        "(Per akhir 1 Juli 2024)")
    assert baris[1] == "Kecamatan;Pemilih;% aplikasi;Perkiraan selesai;Sinkron terakhir"
    assert baris[2] == "Mojoroto;85459;53,3;2024-07-09;2024-06-30 20:00"
    assert baris[3] == "'=1+1 Kota;68087;;;"


def _teks_pdf(isi: bytes) -> str:
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", isi, re.S):
        try:
            out.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(out)


def test_pdf_holds_the_table_in_indonesian_number_format_with_the_chart():
    isi, jenis, nama = ekspor.ekspor(_tabel(), "pdf", svg=_burnup())
    assert isi.startswith(b"%PDF-") and jenis == "application/pdf" and nama.endswith(".pdf")
    teks = _teks_pdf(isi)
    assert "Progres coklit per kecamatan" in teks
    for sel in ("Mojoroto", "85.459", "53,3", "09-07-2024", "30-06-2024 20:00",
                "Pantarlih mencatat di kertas - lalu sinkron."):
        assert sel in teks, sel
    assert "Coklit Kota <Kediri> & sekitarnya" in teks.replace("\\(", "(")  # the chart's title


def test_pdf_text_is_folded_to_latin1():
    assert latin1("Ngadiluwih – “Ŝ” … ≤") == 'Ngadiluwih - "S" ... <='
    assert latin1("Rénata") == "Rénata"
    assert latin1("中") == "?"


def test_unknown_format_is_refused():
    with pytest.raises(ValueError):
        ekspor.ekspor(_tabel(), "docx")
