"""Reading an uploaded CSV as a stream, and writing CSV that spreadsheets open safely.

The reader keeps the same bounds as :mod:`selenggara.laporan.xlsx` whatever the file holds:
the size is checked before a byte is read (a 0-byte or too large file is refused at once), a
physical line may hold at most :data:`MAKS_PANJANG_BARIS` characters and a row at most
``MAKS_KOLOM`` columns (a file without line breaks cannot fill the memory), the data rows are
counted, and the rows are produced one at a time, so a file of millions of rows is read in
flat memory.

What a CSV from Excel, LibreOffice or Sidalih may look like, and what is accepted:

- separators ``;`` (Excel in an Indonesian locale), ``,`` or tab, found from the header line;
- UTF-8 with or without a BOM (Excel's "CSV UTF-8"), UTF-16 with a BOM (Excel's "Teks
  Unicode"); any other encoding only when the caller names it (``encoding="windows-1252"``).
  A file that is not valid UTF-8 is refused with the line and column of the first byte that is
  not, and, when that line reads as Windows-1252 (Excel's "CSV (dipisah koma)" on Windows),
  with the text as Windows-1252 would show it and how to save the file again;
- header names case-insensitive, surrounding spaces ignored, spaces read as ``_``.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import operator
import os
from collections.abc import Iterator
from dataclasses import dataclass, field

from selenggara.errors import Jenis, ServiceError, di_baris
from selenggara.rules.problem import Problem, gettext_noop

from .xlsx import MAKS_KOLOM, aman

CSV_MIME = "text/csv"
PEMISAH = (";", ",", "\t")
MAKS_PANJANG_BARIS = 64 * 1024
"""Characters per physical line: a Sidalih row is about 200."""
SAMPEL = 64 * 1024

NAMA_ENCODING = {
    "utf-8": "utf-8-sig", "utf8": "utf-8-sig", "utf-8-sig": "utf-8-sig",
    "utf-16": "utf-16", "utf16": "utf-16",
    "windows-1252": "cp1252", "cp1252": "cp1252", "ansi": "cp1252", "1252": "cp1252",
    "latin-1": "latin-1", "latin1": "latin-1", "iso-8859-1": "latin-1",
}
"""Encodings a caller may name (lower case), to Python's codec name."""

LABEL_ENCODING = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "cp1252": "Windows-1252",
                  "latin-1": "Latin-1 (ISO-8859-1)"}

PESAN: dict[str, str] = {
    "kosong": gettext_noop(
        "Berkas kosong (0 byte). Pilih berkas CSV atau XLSX yang sudah berisi daftar pemilih."),
    "terlalu_besar": gettext_noop(
        "Berkas %(mb)s MB, lebih dari batas %(maks)s MB. Bagi daftar per kecamatan (satu "
        "berkas per kecamatan), lalu impor satu per satu."),
    "encoding_tidak_dikenal": gettext_noop(
        "Pengodean %(nama)s tidak dikenal; pilih UTF-8 atau Windows-1252."),
    "bukan_teks": gettext_noop(
        "Berkas berisi byte NUL, jadi bukan berkas teks CSV biasa (mungkin UTF-16 tanpa BOM, "
        "atau berkas lain yang diberi nama .csv). Di Excel pilih Simpan Sebagai, jenis "
        "\"CSV UTF-8 (dipisah koma)\", lalu unggah lagi."),
    "xlsx_bukan_csv": gettext_noop(
        "Berkas ini XLSX (Excel), bukan CSV. Unggah berkasnya sebagai .xlsx."),
    "bukan_utf8_1252": gettext_noop(
        "Berkas bukan UTF-8: baris %(baris)s kolom %(huruf)s berisi %(contoh)s yang tampaknya "
        "ditulis dengan pengodean Windows-1252 (ANSI). Di Excel pilih Simpan Sebagai, jenis "
        "\"CSV UTF-8 (dipisah koma)\", lalu unggah lagi; atau impor dengan pengodean "
        "Windows-1252 bila berkas memang ANSI."),
    "tidak_terbaca": gettext_noop(
        "Baris %(baris)s kolom %(huruf)s tidak terbaca dengan pengodean %(encoding)s. Simpan "
        "ulang berkas sebagai \"CSV UTF-8 (dipisah koma)\", lalu unggah lagi."),
    "baris_terlalu_panjang": gettext_noop(
        "Baris %(baris)s lebih dari %(maks)s karakter: berkas ini tampaknya bukan daftar per "
        "baris (pemisah baris hilang, atau tanda kutip tidak ditutup). Buka dan simpan ulang "
        "dari Excel sebagai CSV."),
    "csv_rusak": gettext_noop(
        "Baris %(baris)s tidak terbaca sebagai CSV (%(sebab)s). Periksa tanda kutip pada baris "
        "itu, atau simpan ulang dari Excel sebagai CSV."),
    "terlalu_banyak_kolom": gettext_noop(
        "Baris %(baris)s berisi %(jumlah)s kolom, lebih dari %(maks)s. Periksa pemisah kolom "
        "baris itu."),
    "terlalu_banyak_baris": gettext_noop(
        "Berkas berisi lebih dari %(maks)s baris data. Bagi daftar per kecamatan, lalu impor "
        "satu per satu."),
    "kolom_kurang": gettext_noop(
        "Judul kolom %(judul)s tidak ada di baris 1. Baris 1 harus berisi judul kolom "
        "Sidalih (%(semua)s), dipisah titik koma, koma atau tab; huruf besar/kecil bebas."),
    "kolom_ganda": gettext_noop(
        "Judul kolom %(judul)s muncul dua kali di baris 1 (kolom %(a)s dan %(b)s). Hapus salah "
        "satunya."),
}


def galat(code: str, baris: int = 0, *, jenis: Jenis = Jenis.TIDAK_VALID,
          **params) -> ServiceError:
    """A refusal of the file as a whole (or at one line), with a message from :data:`PESAN`."""
    p = Problem(field="", code=code, message=PESAN[code], params=params)
    # The column, when there is one, is named in the message itself.
    return ServiceError([di_baris(p, baris) if baris else p], jenis=jenis)


def nama_kolom(teks) -> str:
    """A header cell as a key: BOM, quotes and surrounding spaces off, lower case, spaces to
    ``_`` (``" Tgl Lhr "`` -> ``tgl_lhr``)."""
    s = str(teks or "").replace("\ufeff", "").strip().strip('"').strip()
    return "_".join(s.lower().split())


def huruf_kolom(indeks: int) -> str:
    """Spreadsheet letter of a 0-based column index (0 -> A, 26 -> AA), as Excel shows a CSV."""
    out = ""
    n = indeks + 1
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


def ukuran_berkas(f) -> int:
    """Size in bytes of a seekable binary file, without reading it."""
    try:
        return os.fstat(f.fileno()).st_size
    except (AttributeError, OSError, io.UnsupportedOperation):
        pos = f.tell()
        f.seek(0, os.SEEK_END)
        n = f.tell()
        f.seek(pos)
        return n


def periksa_ukuran(f, maks_ukuran: int) -> int:
    """Refuse a 0-byte or too large file before reading it; returns its size."""
    n = ukuran_berkas(f)
    if n == 0:
        raise galat("kosong")
    if n > maks_ukuran:
        mb = 1024 * 1024
        raise galat("terlalu_besar", jenis=Jenis.TERLALU_BESAR, mb=f"{n / mb:,.0f}",
                    maks=f"{maks_ukuran / mb:,.0f}")
    return n


def cocokkan_kolom(judul: list[str], kolom: tuple[str, ...], wajib: tuple[str, ...],
                   alias: dict[str, str] | None, baris: int = 1) -> dict[str, int]:
    """``{wanted column: 0-based index}`` for a header row; missing required columns or a
    column named twice raise :class:`ServiceError` naming them."""
    alias = alias or {}
    indeks: dict[str, int] = {}
    for i, teks in enumerate(judul):
        nama = nama_kolom(teks)
        nama = alias.get(nama, nama)
        if nama not in kolom:
            continue
        if nama in indeks:
            raise galat("kolom_ganda", baris, judul=nama.upper(), a=huruf_kolom(indeks[nama]),
                        b=huruf_kolom(i))
        indeks[nama] = i
    kurang = [k.upper() for k in wajib if k not in indeks]
    if kurang:
        raise galat("kolom_kurang", baris, judul=", ".join(kurang),
                    semua=", ".join(k.upper() for k in kolom))
    return indeks


@dataclass
class LembarCSV:
    """An opened CSV: its header, where each wanted column sits, and :meth:`baris`.

    ``kolom``: wanted name -> 0-based index in the file; ``judul``: the header cells as
    written; ``tidak_dikenal``: header cells that are not wanted columns (ignored)."""

    berkas: object
    kolom: dict[str, int]
    judul: list[str]
    urutan: tuple[str, ...]
    pemisah: str
    encoding: str
    ukuran: int
    maks_baris: int
    tidak_dikenal: list[str] = field(default_factory=list)
    format: str = "csv"
    _awal_data: int = 0

    @property
    def label_encoding(self) -> str:
        return LABEL_ENCODING.get(self.encoding, self.encoding)

    def posisi(self) -> int:
        """Bytes read so far (for a progress bar)."""
        try:
            return self.berkas.tell()
        except (OSError, ValueError):
            return 0

    def baris(self, awal: int | None = None, akhir: int | None = None,
              baris_awal: int = 1) -> Iterator[tuple[int, tuple]]:
        """``(line number, values ordered like urutan)`` for each non-empty data row; missing
        columns are ``""``. The line number is the physical line where the row ends, which is
        the row number a spreadsheet shows for a file without line breaks inside quotes.

        ``awal``/``akhir``: only the bytes ``[awal, akhir)`` (whole lines, after the header),
        whose first line is line ``baris_awal`` (see :meth:`bagian`)."""
        f = self.berkas
        if awal is None:
            f.seek(0)
            sumber, lewati, geser = f, True, 0
        else:
            f.seek(awal)
            sumber = io.BufferedReader(_Jendela(f, akhir - awal))
            lewati, geser = False, baris_awal - 1
        teks = io.TextIOWrapper(sumber, encoding=self.encoding, errors="strict", newline="")
        try:
            reader = csv.reader(_baris_terbatas(teks, geser), delimiter=self.pemisah)
            pos = tuple(self.kolom.get(k, -1) for k in self.urutan)
            # Missing columns read from one extra empty cell appended to each row.
            ada = all(i >= 0 for i in pos)
            ambil = operator.itemgetter(*(i if i >= 0 else -1 for i in pos))
            perlu = max(pos) + 1
            n = 0
            nomor = geser
            try:
                if lewati:
                    next(reader)  # the header, read and matched by buka_csv
                for row in reader:
                    nomor = reader.line_num + geser
                    if not row:
                        continue
                    if len(row) > MAKS_KOLOM:
                        raise galat("terlalu_banyak_kolom", nomor, jumlah=len(row),
                                    maks=MAKS_KOLOM)
                    if len(row) < perlu:
                        row += [""] * (perlu - len(row))
                    if not ada:
                        row.append("")
                    values = ambil(row)
                    if not "".join(values).strip():
                        continue
                    n += 1
                    if n > self.maks_baris:
                        raise galat("terlalu_banyak_baris", nomor,
                                    maks=f"{self.maks_baris:,}".replace(",", "."))
                    yield nomor, values
            except csv.Error as exc:
                nomor = reader.line_num + geser + 1
                raise galat("csv_rusak", nomor, sebab=str(exc)) from None
            except UnicodeDecodeError:
                raise _galat_kode(f, self.encoding, self.pemisah) from None
        finally:
            teks.detach()

    def bagian(self, n: int) -> list[tuple[int, int, int]] | None:
        """The data split into ``n`` byte ranges of whole lines, for readers running side by
        side: ``[(start, end, first line number)]``; None when the file cannot be split safely
        (not an ASCII-compatible encoding, or a quoted field that could hold a line break)."""
        if n < 2 or self.encoding not in ("utf-8-sig", "cp1252", "latin-1"):
            return None
        f = self.berkas
        f.seek(0)
        while chunk := f.read(1024 * 1024):
            if b'"' in chunk:
                return None
        f.seek(0)
        f.readline(MAKS_PANJANG_BARIS * 4 + 1)
        mulai = f.tell()
        batas = [mulai]
        for k in range(1, n):
            f.seek(mulai + (self.ukuran - mulai) * k // n)
            f.readline(MAKS_PANJANG_BARIS * 4 + 1)
            batas.append(max(f.tell(), batas[-1]))
        batas.append(self.ukuran)
        out = []
        baris = 2
        f.seek(mulai)
        for a, b in itertools.pairwise(batas):
            out.append((a, b, baris))
            sisa = b - a
            while sisa > 0:
                chunk = f.read(min(sisa, 1024 * 1024))
                if not chunk:
                    break
                baris += chunk.count(b"\n")
                sisa -= len(chunk)
        return [x for x in out if x[1] > x[0]]


class _Jendela(io.RawIOBase):
    """At most ``n`` bytes of ``f`` from its current position."""

    def __init__(self, f, n: int):
        self._f, self._sisa = f, n

    def readable(self) -> bool:
        return True

    def readinto(self, b) -> int:
        if self._sisa <= 0:
            return 0
        data = self._f.read(min(len(b), self._sisa))
        b[:len(data)] = data
        self._sisa -= len(data)
        return len(data)


def _baris_terbatas(teks, geser: int = 0):
    """Physical lines of ``teks``, each at most MAKS_PANJANG_BARIS characters."""
    readline = teks.readline
    maks = MAKS_PANJANG_BARIS
    nomor = geser
    while True:
        line = readline(maks + 1)
        if not line:
            return
        nomor += 1
        if len(line) > maks:
            raise galat("baris_terlalu_panjang", nomor,
                        maks=f"{maks:,}".replace(",", "."))
        yield line


def _tebak_encoding(awal: bytes, encoding: str | None) -> str:
    if encoding:
        nama = NAMA_ENCODING.get(encoding.strip().lower())
        if nama is None:
            raise galat("encoding_tidak_dikenal", nama=encoding)
        if awal.startswith(codecs.BOM_UTF8) and nama in ("cp1252", "latin-1"):
            return "utf-8-sig"  # a BOM says UTF-8 whatever the caller thought
        return nama
    if awal.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if b"\x00" in awal:
        raise galat("bukan_teks")
    return "utf-8-sig"


def _galat_kode(f, encoding: str, pemisah: str) -> ServiceError:
    """Where exactly the file stops decoding, read again line by line (the error path only)."""
    f.seek(0)
    nomor = 0
    buang_bom = encoding == "utf-8-sig"
    while True:
        raw = f.readline(MAKS_PANJANG_BARIS * 4 + 1)
        if not raw:
            break
        nomor += 1
        if buang_bom and nomor == 1 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8):]
        try:
            raw.decode(encoding.replace("-sig", ""))
        except UnicodeDecodeError as exc:
            kolom = huruf_kolom(raw[:exc.start].count(pemisah.encode()))
            sel = raw.split(pemisah.encode())[raw[:exc.start].count(pemisah.encode())]
            if encoding == "utf-8-sig":
                try:
                    contoh = sel.decode("cp1252").strip()
                except UnicodeDecodeError:
                    contoh = None
                if contoh:
                    return galat("bukan_utf8_1252", nomor, huruf=kolom,
                                 contoh=f"\u201c{contoh[:40]}\u201d")
            return galat("tidak_terbaca", nomor, huruf=kolom,
                         encoding=LABEL_ENCODING.get(encoding, encoding))
    return galat("tidak_terbaca", 1, huruf="A",
                 encoding=LABEL_ENCODING.get(encoding, encoding))


def buka_csv(berkas, *, kolom: tuple[str, ...], wajib: tuple[str, ...] = (),
             alias: dict[str, str] | None = None, maks_ukuran: int, maks_baris: int,
             encoding: str | None = None) -> LembarCSV:
    """Open a CSV upload (a seekable binary file): check its size, find its encoding and
    separator, match the header with ``kolom`` (``wajib`` must all be there, ``alias`` maps
    other names onto them). Rows are then read by :meth:`LembarCSV.baris`, one at a time.

    Any problem raises :class:`ServiceError` whose message says where and how to fix it."""
    ukuran = periksa_ukuran(berkas, maks_ukuran)
    berkas.seek(0)
    awal = berkas.read(SAMPEL)
    berkas.seek(0)
    if awal.startswith(b"PK\x03\x04"):
        raise galat("xlsx_bukan_csv", jenis=Jenis.TIPE_SALAH)
    enc = _tebak_encoding(awal, encoding)
    teks = io.TextIOWrapper(berkas, encoding=enc, errors="strict", newline="")
    try:
        try:
            header = teks.readline(MAKS_PANJANG_BARIS + 1)
        except UnicodeDecodeError:
            raise _galat_kode(berkas, enc, _pemisah_kasar(awal)) from None
        if len(header) > MAKS_PANJANG_BARIS:
            raise galat("baris_terlalu_panjang", 1,
                        maks=f"{MAKS_PANJANG_BARIS:,}".replace(",", "."))
    finally:
        teks.detach()
    pemisah, judul = _pilih_pemisah(header, kolom, alias)
    if len(judul) > MAKS_KOLOM:
        raise galat("terlalu_banyak_kolom", 1, jumlah=len(judul), maks=MAKS_KOLOM)
    indeks = cocokkan_kolom(judul, kolom, wajib, alias)
    dipakai = set(indeks.values())
    lain = [j for i, j in enumerate(judul) if i not in dipakai and j.strip()]
    return LembarCSV(berkas=berkas, kolom=indeks, judul=judul, urutan=kolom, pemisah=pemisah,
                     encoding=enc, ukuran=ukuran, maks_baris=maks_baris, tidak_dikenal=lain)


def _pemisah_kasar(awal: bytes) -> str:
    line = awal.split(b"\n", 1)[0]
    return max(PEMISAH, key=lambda p: line.count(p.encode()))


def _pilih_pemisah(header: str, kolom: tuple[str, ...], alias: dict[str, str] | None
                   ) -> tuple[str, list[str]]:
    """The separator that splits the header into the most known column names."""
    alias = alias or {}
    terbaik: tuple[int, int, str, list[str]] | None = None
    for p in PEMISAH:
        try:
            judul = next(csv.reader([header], delimiter=p), [])
        except csv.Error:
            continue
        cocok = sum(1 for j in judul if alias.get(nama_kolom(j), nama_kolom(j)) in kolom)
        kandidat = (cocok, len(judul), p, judul)
        if terbaik is None or kandidat[:2] > terbaik[:2]:
            terbaik = kandidat
    assert terbaik is not None
    return terbaik[2], [j.replace("\ufeff", "") for j in terbaik[3]]


class PenulisCSV:
    """Rows written as CSV that a spreadsheet opens without running anything: every text
    cell goes through :func:`selenggara.laporan.xlsx.aman` (a leading ``=``, ``+``, ``-``,
    ``@``, tab or CR gets an apostrophe). ``bom``: start with a UTF-8 BOM so Excel reads the
    file as UTF-8; ``pemisah`` ``;`` by default, what Excel expects in an Indonesian locale."""

    def __init__(self, f, *, pemisah: str = ";", bom: bool = True):
        if bom:
            f.write("\ufeff")
        self._w = csv.writer(f, delimiter=pemisah, lineterminator="\r\n")

    def tulis(self, nilai_nilai) -> None:
        self._w.writerow(["" if v is None else aman(v) for v in nilai_nilai])

    def tulis_banyak(self, baris_baris) -> None:
        for row in baris_baris:
            self.tulis(row)
