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


RASIO_TERURAI = 12
"""An XLSX is a zip of XML: real sheets inflate 5-10 times. Anything inflating more than this
(relative to the size limit) is refused before a byte of XML is parsed: a 383 KB file of empty
rows inflated to 150 MB and held a server for minutes."""
MAKS_ANGGOTA_ZIP = 500
TOLERANSI_BARIS_KOSONG = 1000
"""Empty rows count too: a sheet may hold this many more physical rows than ``maks_baris``."""
MAKS_KOLOM = 64


def periksa_zip(data: bytes, maks_ukuran: int) -> None:
    """Refuse a zip bomb by what its directory declares. Python's zipfile never inflates a
    member past its declared size, so the declared total bounds what any reader will see."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            infos = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _galat(gettext_noop(
            "Berkas tidak terbaca sebagai XLSX. Unduh templat, isi, simpan sebagai Excel "
            "Workbook (.xlsx), lalu unggah lagi.")) from None
    terurai = sum(i.file_size for i in infos)
    if len(infos) > MAKS_ANGGOTA_ZIP or terurai > maks_ukuran * RASIO_TERURAI:
        raise _galat(gettext_noop(
            "Isi berkas terlalu besar setelah dibuka (%(mb)s MB), biasanya karena ribuan baris "
            "atau kolom kosong yang terformat. Salin hanya baris berisi data ke templat baru, "
            "lalu unggah lagi."), mb=terurai // (1024 * 1024))


def _buka(berkas, maks_ukuran: int):
    """An uploaded workbook opened read-only, within the bounds every reader keeps: at most
    ``maks_ukuran`` bytes read, not empty, not a zip bomb (:func:`periksa_zip`), an XLSX."""
    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    data = berkas.read(maks_ukuran + 1) if hasattr(berkas, "read") else bytes(berkas)
    if len(data) > maks_ukuran:
        raise _galat(gettext_noop(
            "Berkas lebih dari %(mb)s MB; gunakan templat dari Selenggara tanpa gambar atau "
            "lembar tambahan."), mb=maks_ukuran // (1024 * 1024))
    if not data:
        raise _galat(gettext_noop("Berkas kosong (0 byte); pilih berkas XLSX yang sudah diisi."))
    periksa_zip(data, maks_ukuran)
    try:
        return data, load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise _galat(gettext_noop(
            "Berkas tidak terbaca sebagai XLSX. Unduh templat, isi, simpan sebagai Excel "
            "Workbook (.xlsx), lalu unggah lagi.")) from None


def baca_lembar(berkas, *, kolom: tuple[str, ...], lembar: str, maks_baris: int,
                maks_ukuran: int) -> Lembar:
    """The rows of ``lembar`` (or the first sheet) with the header names ``kolom`` (case and
    spaces ignored), empty rows skipped. Any structural problem raises :class:`ServiceError`
    with a message that says how to fix the file.

    Bounded whatever the file: the upload is read up to ``maks_ukuran`` bytes, the zip is
    checked by its declared inflated size (:func:`periksa_zip`), the sheet is streamed
    (read-only mode) and reading stops after ``maks_baris`` data rows or that many plus
    ``TOLERANSI_BARIS_KOSONG`` physical rows, and at ``MAKS_KOLOM`` columns."""
    _data, wb = _buka(berkas, maks_ukuran)
    try:
        ws = wb[lembar] if lembar in wb.sheetnames else wb.worksheets[0]
        rows = ws.iter_rows(values_only=True, max_col=MAKS_KOLOM)
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
        maks_fisik = maks_baris + TOLERANSI_BARIS_KOSONG
        for nomor, row in enumerate(rows, start=2):
            if nomor > maks_fisik + 1:
                raise _galat(gettext_noop(
                    "Lembar berisi lebih dari %(maks)s baris (termasuk baris kosong). Hapus "
                    "baris kosong di bawah data, atau salin data ke templat baru."),
                    baris=nomor, maks=maks_fisik)
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


# A cell that starts with one of these is run as a formula by spreadsheets (CSV injection):
# "=HYPERLINK(...)" in a name would become a link, "+", "-", "@" formulas too; tab and CR
# are read as field breaks by some importers. OWASP's remedy: a leading apostrophe.
_AWAL_RUMUS = ("=", "+", "-", "@", "\t", "\r")


def aman(nilai):
    """A cell value safe to write into XLSX or CSV: text that a spreadsheet would take for a
    formula gets a leading apostrophe; numbers, dates and other text are left alone."""
    if isinstance(nilai, str) and nilai.startswith(_AWAL_RUMUS):
        return "'" + nilai
    return nilai


def tulis(ws, nilai_nilai) -> None:
    """Append one row to an openpyxl sheet, every text cell escaped and stored as text."""
    ws.append([aman(v) for v in nilai_nilai])
    for cell in ws[ws.max_row]:
        if isinstance(cell.value, str):
            cell.data_type = "s"


# -- streaming a big sheet (the voter-list import): rows one at a time, same bounds ------------


@dataclass
class LembarAliran:
    """An opened sheet read row by row (:meth:`baris`), for lists too long to hold as dicts.

    ``kolom``: wanted name -> 0-based column index; ``judul``: the header cells as written;
    ``tidak_dikenal``: header cells that are not wanted columns (ignored)."""

    judul_lembar: str
    kolom: dict[str, int]
    judul: list[str]
    urutan: tuple[str, ...]
    ukuran: int
    maks_baris: int
    tidak_dikenal: list
    perkiraan_baris: int
    format: str = "xlsx"
    _wb: object = None
    _dibaca: int = 0

    def posisi(self) -> int:
        """Rows read so far (for a progress bar; ``perkiraan_baris`` is the total)."""
        return self._dibaca

    def baris(self):
        """``(sheet row number, values ordered like urutan)`` for each non-empty data row."""
        ws = self._wb[self.judul_lembar]
        rows = ws.iter_rows(min_row=2, values_only=True, max_col=MAKS_KOLOM)
        pos = tuple(self.kolom.get(k, -1) for k in self.urutan)
        maks_fisik = self.maks_baris + TOLERANSI_BARIS_KOSONG
        n = 0
        try:
            for nomor, row in enumerate(rows, start=2):
                self._dibaca = nomor
                if nomor > maks_fisik + 1:
                    raise _galat(gettext_noop(
                        "Lembar berisi lebih dari %(maks)s baris (termasuk baris kosong). Hapus "
                        "baris kosong di bawah data, atau salin data ke templat baru."),
                        baris=nomor, maks=maks_fisik)
                values = tuple((row[i] if 0 <= i < len(row) else None) for i in pos)
                if all(v is None or str(v).strip() == "" for v in values):
                    continue
                n += 1
                if n > self.maks_baris:
                    raise _galat(gettext_noop(
                        "Terlalu banyak baris (paling banyak %(maks)s per unggahan)."),
                        baris=nomor, maks=self.maks_baris)
                yield nomor, values
        finally:
            self.tutup()

    def tutup(self) -> None:
        if self._wb is not None:
            self._wb.close()


def buka_lembar(berkas, *, kolom: tuple[str, ...], wajib: tuple[str, ...] = (),
                alias: dict | None = None, lembar: str = "", maks_baris: int,
                maks_ukuran: int) -> LembarAliran:
    """:func:`baca_lembar` as a stream: the same bounds (size read at most ``maks_ukuran``
    bytes, the zip checked by :func:`periksa_zip`, read-only parsing, ``maks_baris`` data rows
    plus ``TOLERANSI_BARIS_KOSONG`` physical rows, ``MAKS_KOLOM`` columns), but the rows come
    one at a time from :meth:`LembarAliran.baris`. Header names as in
    :func:`selenggara.laporan.csv.cocokkan_kolom` (``wajib`` required, ``alias`` accepted)."""
    from .csv import cocokkan_kolom

    data, wb = _buka(berkas, maks_ukuran)
    try:
        ws = wb[lembar] if lembar in wb.sheetnames else wb.worksheets[0]
        header = next(ws.iter_rows(max_row=1, values_only=True, max_col=MAKS_KOLOM), None) or ()
        judul = ["" if v is None else str(v) for v in header]
        indeks = cocokkan_kolom(judul, kolom, wajib, alias)
    except BaseException:
        wb.close()
        raise
    dipakai = set(indeks.values())
    lain = [j for i, j in enumerate(judul) if i not in dipakai and j.strip()]
    return LembarAliran(judul_lembar=ws.title, kolom=indeks, judul=judul, urutan=kolom,
                        ukuran=len(data), maks_baris=maks_baris, tidak_dikenal=lain,
                        perkiraan_baris=max(0, (ws.max_row or 1) - 1), _wb=wb)
