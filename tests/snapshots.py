"""Stable, readable forms of generated reports, for syrupy's ``snapshot`` fixture.

A report file is not snapshotted as bytes: an XLSX is a zip whose entries carry timestamps (and
openpyxl writes the creation time into ``docProps/core.xml``), so the bytes change on every
run while nothing the reader sees does. :func:`xlsx_snapshot` turns a workbook into plain data
(sheets, cell values, number formats that matter, drop-down lists, frozen panes, widths), which
syrupy's ``.ambr`` files then store as text and diff line by line.

Usage::

    def test_report(snapshot):
        assert xlsx_snapshot(response.content) == snapshot

Keep ids out of what is snapshotted: database ids differ between SQLite and PostgreSQL runs.
Pass ``ganti={"<id text>": "<ID>"}`` to replace such values in cells if a report must hold
them.
"""

from __future__ import annotations

import io
from datetime import date, datetime, time
from decimal import Decimal


def _nilai(v, ganti: dict[str, str]):
    if isinstance(v, datetime | date | time):
        return v.isoformat()
    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, str):
        for lama, baru in ganti.items():
            v = v.replace(lama, baru)
    return v


def xlsx_snapshot(isi: bytes, *, ganti: dict[str, str] | None = None) -> list[dict]:
    """A workbook as a list of sheets, each a dict with:

    - ``judul``: the sheet name;
    - ``baris``: the rows up to the last non-empty one, each trimmed of trailing empty cells
      (dates as ISO text, so the snapshot is plain data);
    - ``format``: ``{cell: number format}`` for cells of non-empty rows whose format is not
      "General" (e.g. NIK columns formatted as text, ``@``), plus one entry per column for the
      formatted but still empty template rows (``"B2:B201": "@"``);
    - ``validasi``: each data validation as ``(type, formula1, ranges)``;
    - ``beku``: the frozen-pane anchor cell, ``lebar``: column widths that were set;
    - ``gabung``: merged ranges.
    """
    from openpyxl import load_workbook

    ganti = ganti or {}
    wb = load_workbook(io.BytesIO(isi))
    out = []
    for ws in wb.worksheets:
        baris = []
        for row in ws.iter_rows():
            nilai = [_nilai(c.value, ganti) for c in row]
            while nilai and nilai[-1] is None:
                nilai.pop()
            baris.append(nilai)
        while baris and not baris[-1]:
            baris.pop()
        format_sel: dict[str, str] = {}
        format_kolom: dict[tuple[str, str], list[int]] = {}
        for row in ws.iter_rows():
            for c in row:
                if c.number_format == "General":
                    continue
                if c.row <= len(baris):
                    format_sel[c.coordinate] = c.number_format
                else:
                    format_kolom.setdefault((c.column_letter, c.number_format), []).append(c.row)
        for (huruf, fmt), rows in sorted(format_kolom.items()):
            format_sel[f"{huruf}{min(rows)}:{huruf}{max(rows)}"] = fmt
        out.append({
            "judul": ws.title,
            "baris": baris,
            "format": format_sel,
            "validasi": sorted(
                (dv.type, dv.formula1, str(dv.sqref))
                for dv in ws.data_validations.dataValidation),
            "beku": ws.freeze_panes,
            "lebar": {k: d.width for k, d in sorted(ws.column_dimensions.items())
                      if d.customWidth},
            "gabung": sorted(str(r) for r in ws.merged_cells.ranges),
        })
    return out
