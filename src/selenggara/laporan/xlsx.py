"""Reading an uploaded XLSX sheet and writing workbooks, for every feature that needs it."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from selenggara.errors import ServiceError, di_baris
from selenggara.rules.problem import Problem, gettext_noop

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass
class Lembar:
    """The rows of one sheet: ``baris`` as ``(sheet row number, {column: value})`` and the
    0-based index of each wanted column (``kolom``), for error reports by column letter."""

    judul: str
    baris: list[tuple[int, dict]]
    kolom: dict[str, int]


def _galat(message: str, baris: int = 0, **params) -> ServiceError:
    p = Problem(field="", code="berkas", message=message, params=params)
    return ServiceError([di_baris(p, baris)] if baris else [p])


def baca_lembar(berkas, *, kolom: tuple[str, ...], lembar: str, maks_baris: int,
                maks_ukuran: int) -> Lembar:
    """The rows of ``lembar`` (or the first sheet) with the header names ``kolom`` (case and
    spaces ignored), empty rows skipped. Any structural problem raises :class:`ServiceError`
    with a message that says how to fix the file."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    data = berkas.read(maks_ukuran + 1) if hasattr(berkas, "read") else bytes(berkas)
    if len(data) > maks_ukuran:
        raise _galat(gettext_noop(
            "Berkas lebih dari %(mb)s MB; gunakan templat dari Selenggara tanpa gambar atau "
            "lembar tambahan."), mb=maks_ukuran // (1024 * 1024))
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise _galat(gettext_noop(
            "Berkas tidak terbaca sebagai XLSX. Unduh templat, isi, simpan sebagai Excel "
            "Workbook (.xlsx), lalu unggah lagi.")) from None
    try:
        ws = wb[lembar] if lembar in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True)
        header = next(rows, None) or ()
        indeks: dict[str, int] = {}
        for i, v in enumerate(header):
            nama = str(v or "").strip().lower().replace(" ", "_")
            if nama in kolom and nama not in indeks:
                indeks[nama] = i
        kurang = [k for k in kolom if k not in indeks]
        if kurang:
            raise _galat(gettext_noop(
                "Judul kolom %(kolom)s tidak ada di baris 1 lembar '%(lembar)s'. Gunakan templat "
                "dari Selenggara dan jangan mengubah judul kolomnya."), baris=1,
                kolom=", ".join(kurang), lembar=ws.title)
        out: list[tuple[int, dict]] = []
        for nomor, row in enumerate(rows, start=2):
            values = {k: (row[i] if i < len(row) else None) for k, i in indeks.items()}
            if all(v is None or str(v).strip() == "" for v in values.values()):
                continue
            out.append((nomor, values))
            if len(out) > maks_baris:
                raise _galat(gettext_noop(
                    "Terlalu banyak baris (paling banyak %(maks)s per unggahan)."), baris=nomor,
                    maks=maks_baris)
        judul = ws.title
    finally:
        wb.close()
    return Lembar(judul=judul, baris=out, kolom=indeks)


def ke_bytes(wb) -> bytes:
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
