"""One table, three files: XLSX, CSV and PDF, as staff bring them to a rakor.

A feature describes its table once (:class:`Tabel`: a title that names the area and the
working date, the columns with their kind, the rows as dicts, the notes) and :func:`ekspor`
writes it in the format asked for:

- **XLSX**: the title and subtitle on top, the header row bold and frozen, numbers as numbers
  (thousands and one decimal formatted), dates as dates, every text cell through
  :func:`selenggara.laporan.xlsx.aman` (a name starting with ``=`` stays text);
- **CSV**: UTF-8 with a BOM and ``;`` (what Excel in an Indonesian locale opens), the title on
  the first line, decimals with a comma, dates ISO, text cells escaped the same way;
- **PDF**: :mod:`selenggara.laporan.pdf`, numbers the Indonesian way (1.234; 57,1).
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime

from .xlsx import XLSX_MIME, aman, ke_bytes, tulis

TEKS, ANGKA, PERSEN, DESIMAL, TANGGAL = "teks", "angka", "persen", "desimal", "tanggal"
FORMAT = {
    "xlsx": XLSX_MIME,
    "csv": "text/csv; charset=utf-8",
    "pdf": "application/pdf",
}


@dataclass(frozen=True)
class Kolom:
    kunci: str
    judul: str
    jenis: str = TEKS
    lebar: float = 1.0
    """Relative width (PDF) and, times 10, the XLSX column width."""


@dataclass
class Tabel:
    """A table as the page shows it: ``baris`` are dicts keyed by :attr:`Kolom.kunci`."""

    nama: str
    """Short name for the file (``progres``, ``tertinggal``...)."""
    judul: str
    kolom: Sequence[Kolom]
    baris: list[dict]
    subjudul: str = ""
    catatan: list[str] = field(default_factory=list)
    berkas: str = ""
    """File name without extension; default from ``nama`` and ``judul``."""

    def nilai(self, row: dict) -> list:
        return [row.get(k.kunci) for k in self.kolom]


def _slug(teks: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", teks.lower()).strip("-")[:90] or "tabel"


def nama_berkas(tabel: Tabel, fmt: str) -> str:
    return f"{tabel.berkas or _slug(tabel.nama + ' ' + tabel.judul)}.{fmt}"


def teks_sel(nilai, jenis: str) -> str:
    """A cell as text the Indonesian way (PDF, and the page's tests)."""
    if nilai is None or nilai == "":
        return "–"
    if jenis == TANGGAL and isinstance(nilai, date | datetime):
        return nilai.strftime("%d-%m-%Y %H:%M" if isinstance(nilai, datetime) else "%d-%m-%Y")
    if jenis in (PERSEN, DESIMAL) and isinstance(nilai, int | float):
        return f"{nilai:,.1f}".replace(",", "_").replace(".", ",").replace("_", ".")
    if jenis == ANGKA and isinstance(nilai, int | float):
        return f"{round(nilai):,}".replace(",", ".")
    return str(nilai)


# -- XLSX -----------------------------------------------------------------------------------------


def ke_xlsx(tabel: Tabel) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = re.sub(r"[\[\]:*?/\\]", "-", tabel.nama)[:31] or "Tabel"
    tulis(ws, [tabel.judul])
    ws["A1"].font = Font(bold=True, size=14)
    tulis(ws, [tabel.subjudul])
    ws.append([])
    tulis(ws, [k.judul for k in tabel.kolom])
    kepala = ws.max_row
    isi_kepala = PatternFill("solid", fgColor="EEF0F3")
    for cell in ws[kepala]:
        cell.font = Font(bold=True)
        cell.fill = isi_kepala
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in tabel.baris:
        ws.append([_sel_xlsx(v, k.jenis) for v, k in zip(tabel.nilai(row), tabel.kolom,
                                                          strict=True)])
        for cell, k in zip(ws[ws.max_row], tabel.kolom, strict=True):
            if isinstance(cell.value, str):
                cell.data_type = "s"
            elif k.jenis == ANGKA:
                cell.number_format = "#,##0"
            elif k.jenis in (PERSEN, DESIMAL):
                cell.number_format = "0.0"
            elif k.jenis == TANGGAL:
                cell.number_format = ("DD-MM-YYYY HH:MM" if isinstance(cell.value, datetime)
                                      else "DD-MM-YYYY")
    if tabel.catatan:
        ws.append([])
        for c in tabel.catatan:
            tulis(ws, [c])
    ws.freeze_panes = ws.cell(row=kepala + 1, column=1)
    for i, k in enumerate(tabel.kolom, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(8, min(60, 10 * k.lebar))
    return ke_bytes(wb)


def _sel_xlsx(nilai, jenis: str):
    if isinstance(nilai, datetime):
        return nilai.replace(tzinfo=None)  # openpyxl refuses aware datetimes; times are WIB
    if isinstance(nilai, str):
        return aman(nilai)
    return nilai


# -- CSV ------------------------------------------------------------------------------------------


def ke_csv(tabel: Tabel) -> bytes:
    from .csv import PenulisCSV

    buf = io.StringIO()
    w = PenulisCSV(buf)
    w.tulis([tabel.judul + (f" ({tabel.subjudul})" if tabel.subjudul else "")])
    w.tulis([k.judul for k in tabel.kolom])
    for row in tabel.baris:
        w.tulis([_sel_csv(v, k.jenis) for v, k in zip(tabel.nilai(row), tabel.kolom,
                                                       strict=True)])
    return buf.getvalue().encode("utf-8")


def _sel_csv(nilai, jenis: str):
    if nilai is None:
        return ""
    if isinstance(nilai, datetime):
        return nilai.strftime("%Y-%m-%d %H:%M")
    if isinstance(nilai, date):
        return nilai.isoformat()
    if isinstance(nilai, float):
        return f"{nilai:.1f}".replace(".", ",")
    return nilai


# -- PDF ------------------------------------------------------------------------------------------


def ke_pdf(tabel: Tabel, *, svg: str | None = None) -> bytes:
    from .pdf import KolomPDF
    from .pdf import tabel as tabel_pdf

    kolom = [KolomPDF(k.judul, k.lebar, k.jenis in (ANGKA, PERSEN, DESIMAL))
             for k in tabel.kolom]
    baris = [[teks_sel(v, k.jenis) for v, k in zip(tabel.nilai(row), tabel.kolom, strict=True)]
             for row in tabel.baris]
    return tabel_pdf(judul=tabel.judul, subjudul=tabel.subjudul, kolom=kolom, baris=baris,
                     catatan=tabel.catatan, svg=svg)


def ekspor(tabel: Tabel, fmt: str, *, svg: str | None = None) -> tuple[bytes, str, str]:
    """``(content, content type, file name)`` of ``tabel`` as ``fmt`` (xlsx, csv, pdf)."""
    if fmt == "xlsx":
        isi = ke_xlsx(tabel)
    elif fmt == "csv":
        isi = ke_csv(tabel)
    elif fmt == "pdf":
        isi = ke_pdf(tabel, svg=svg)
    else:
        raise ValueError(f"format {fmt!r} tidak dikenal")
    return isi, FORMAT[fmt], nama_berkas(tabel, fmt)
