"""Pantarlih accounts from an XLSX template: the template, the all-or-nothing import, and the
one-time list of new usernames and passwords.

An upload is validated whole first; any error (listed by sheet row, column and what to fix)
creates nothing. Otherwise all accounts are created in one transaction
(:func:`selenggara.petugas.services.simpan_pantarlih`).
"""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from selenggara.errors import ServiceError, di_baris
from selenggara.laporan.xlsx import XLSX_MIME, baca_lembar, ke_bytes, tulis
from selenggara.rules.problem import Problem, gettext_noop
from selenggara.wilayah.models import TPS

from .scope import Scope
from .services import (
    AkunBaru,
    _scope_pps,
    batas_dua_pantarlih,
    bersihkan,
    masalah_nik_terpakai,
    nik_terpakai,
    simpan_pantarlih,
    tps_kelurahan,
)

__all__ = ["KOLOM", "XLSX_MIME", "impor_xlsx", "periksa_xlsx", "templat_xlsx", "xlsx_akun"]

KOLOM = ("nama", "nik", "jenis_kelamin", "telepon", "nomor_tps")
LEMBAR_DATA = "Pantarlih"
LEMBAR_PETUNJUK = "Petunjuk"
MAKS_BARIS = 500
MAKS_UKURAN_BERKAS = 2 * 1024 * 1024
BARIS_TEMPLAT = 200  # rows pre-formatted as text in the template


def templat_xlsx(scope: Scope) -> bytes:
    """The upload template: a data sheet with the five columns (NIK and telephone formatted as
    text, drop-down lists for L/P and the kelurahan's TPS numbers) and an instructions sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    daftar_tps = list(tps_kelurahan(scope))
    wb = Workbook()
    ws = wb.active
    ws.title = LEMBAR_DATA
    tebal = Font(bold=True)
    isi = PatternFill("solid", fgColor="EEF0F3")
    tulis(ws, list(KOLOM))
    for cell in ws[1]:
        cell.font, cell.fill = tebal, isi
    for huruf, lebar in zip("ABCDE", (32, 20, 14, 16, 11), strict=True):
        ws.column_dimensions[huruf].width = lebar
    for r in range(2, BARIS_TEMPLAT + 2):
        for huruf in "BDE":  # nik, telepon, nomor_tps as text: no 3.57E+15, no lost zeros
            ws[f"{huruf}{r}"].number_format = "@"
    ws.freeze_panes = "A2"
    jk = DataValidation(type="list", formula1='"L,P"', allow_blank=True,
                        error=_("Isi L atau P."), errorTitle=_("Jenis kelamin"))
    jk.add(f"C2:C{BARIS_TEMPLAT + 1}")
    ws.add_data_validation(jk)
    if daftar_tps:
        nomor = ",".join(f"{t.nomor:03d}" for t in daftar_tps)
        if len(nomor) < 250:  # Excel's limit for an inline list
            dv = DataValidation(type="list", formula1=f'"{nomor}"', allow_blank=True,
                                error=_("Pilih nomor TPS kelurahan/desa Anda."),
                                errorTitle=_("Nomor TPS"))
            dv.add(f"E2:E{BARIS_TEMPLAT + 1}")
            ws.add_data_validation(dv)

    info = wb.create_sheet(LEMBAR_PETUNJUK)
    info.column_dimensions["A"].width = 16
    info.column_dimensions["B"].width = 90
    kelurahan = {t.kelurahan.nama for t in daftar_tps}
    baris = [
        (_("Templat akun Pantarlih"), ", ".join(sorted(kelurahan))),
        ("", ""),
        (_("Cara mengisi"), _("Isi satu Pantarlih per baris pada lembar '%(lembar)s', mulai "
                              "baris 2. Jangan mengubah judul kolom di baris 1.")
         % {"lembar": LEMBAR_DATA}),
        ("nama", _("Nama lengkap sesuai KTP-el. Wajib.")),
        ("nik", _("16 digit NIK dari KTP-el. Kolom ini berformat Teks; bila menempel dari "
                  "berkas lain, tempel sebagai nilai (Paste Values) agar tidak berubah menjadi "
                  "3,57E+15. Wajib.")),
        ("jenis_kelamin", _("L (laki-laki) atau P (perempuan); harus cocok dengan NIK. Wajib.")),
        ("telepon", _("Nomor HP aktif, mis. 081234567890. Boleh kosong.")),
        ("nomor_tps", _("Nomor TPS tempat bertugas, mis. 001 (lihat daftar di bawah). Wajib.")),
        ("", ""),
        (_("Setelah diunggah"), _("Semua baris diperiksa dulu. Bila ada satu saja yang salah, "
                                  "tidak ada akun yang dibuat dan Selenggara menunjukkan baris, "
                                  "kolom dan cara memperbaikinya. Bila semua benar, nama "
                                  "pengguna dan kata sandi setiap Pantarlih ditampilkan SEKALI; "
                                  "unduh atau catat saat itu juga.")),
        (_("Aturan"), _("1 Pantarlih per TPS; 2 Pantarlih bila TPS memiliki lebih dari "
                        "%(batas)s pemilih.") % {"batas": batas_dua_pantarlih(scope.pemilihan_id)}),
        ("", ""),
        (_("Nomor TPS"), _("Lokasi")),
    ]
    for a, b in baris:
        tulis(info, [a, b])
    info["A1"].font = Font(bold=True, size=14)
    info.cell(row=len(baris), column=1).font = tebal
    info.cell(row=len(baris), column=2).font = tebal
    for t in daftar_tps:
        tulis(info, [f"{t.nomor:03d}", " · ".join(x for x in (t.nama, t.alamat) if x)])
    for row in info.iter_rows(min_row=1, max_col=2):
        row[1].alignment = Alignment(wrap_text=True, vertical="top")
        row[0].alignment = Alignment(vertical="top")
    wb.active = 0
    return ke_bytes(wb)


def periksa_xlsx(scope: Scope, berkas) -> list[tuple[dict, TPS]]:
    """Validate every row of an upload; all problems at once, or the clean rows with their TPS."""
    from openpyxl.utils import get_column_letter

    lembar = baca_lembar(berkas, kolom=KOLOM, lembar=LEMBAR_DATA, maks_baris=MAKS_BARIS,
                         maks_ukuran=MAKS_UKURAN_BERKAS)
    if not lembar.baris:
        raise ServiceError(Problem("", "lembar_kosong", gettext_noop(
            "Lembar '%(lembar)s' belum berisi data Pantarlih (mulai baris 2)."),
            {"lembar": LEMBAR_DATA}))
    kolom = lembar.kolom
    tps_by_nomor = {t.nomor: t for t in tps_kelurahan(scope)}
    nama_kelurahan = ", ".join(sorted({t.kelurahan.nama for t in tps_by_nomor.values()}))
    galat: list[Problem] = []
    hasil: list[tuple[dict, TPS]] = []
    nik_baris: dict[str, int] = {}

    def di(p: Problem, nomor: int) -> Problem:
        name = p.field if p.field in kolom else "nik"
        located = Problem(name, p.code, p.message, p.params, p.severity)
        return di_baris(located, nomor, get_column_letter(kolom[name] + 1))

    for nomor, values in lembar.baris:
        clean, salah = bersihkan(values)
        mentah = values.get("nomor_tps")
        tps = None
        try:
            nomor_tps = int(str(mentah).strip()) if mentah not in (None, "") else None
        except ValueError:
            nomor_tps = None
        if nomor_tps is None:
            salah.append(Problem("nomor_tps", "nomor_tps", gettext_noop(
                "Isi nomor TPS, mis. 001."), {}))
        else:
            tps = tps_by_nomor.get(nomor_tps)
            if tps is None:
                salah.append(Problem("nomor_tps", "tps_tidak_ada", gettext_noop(
                    "TPS %(nomor)s tidak ada di %(kelurahan)s; lihat daftar TPS di lembar "
                    "Petunjuk."), {"nomor": f"{nomor_tps:03d}", "kelurahan": nama_kelurahan}))
        nik = clean.get("nik")
        if nik:
            if nik in nik_baris:
                salah.append(Problem("nik", "nik_ganda_berkas", gettext_noop(
                    "NIK sama dengan baris %(b)s."), {"b": nik_baris[nik]}))
            else:
                nik_baris[nik] = nomor
        galat.extend(di(p, nomor) for p in salah)
        if not salah and tps is not None:
            hasil.append((clean, tps))
    if nik_baris:
        for nik, p in nik_terpakai(scope.pemilihan_id, list(nik_baris)).items():
            galat.append(di(masalah_nik_terpakai(p, scope), nik_baris[nik]))
    if galat:
        raise berkas_tidak_valid(galat)
    return hasil


def berkas_tidak_valid(galat: list[Problem]) -> ServiceError:
    return ServiceError(galat, _("Tidak ada akun yang dibuat: perbaiki %(n)s masalah di berkas "
                                 "lalu unggah lagi.") % {"n": len(galat)})


def impor_xlsx(user, berkas) -> list[AkunBaru]:
    """Create every Pantarlih of an uploaded template, or none (all problems listed)."""
    scope = _scope_pps(user)
    baris = periksa_xlsx(scope, berkas)
    return simpan_pantarlih(user, scope, baris)


def xlsx_akun(akun: list[AkunBaru]) -> bytes:
    """The one-time list of new usernames and passwords, made in memory for one download."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    ws.title = _("Akun Pantarlih")
    tulis(ws, [_("Nama"), _("TPS"), _("Nama pengguna"), _("Kata sandi")])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for a in akun:
        t = a.petugas.tps
        tulis(ws, [a.petugas.nama, f"TPS {t.nomor:03d} {t.kelurahan.nama}", a.username,
                   a.password])
    tulis(ws, [])
    tulis(ws, [_("Berikan kata sandi kepada masing-masing Pantarlih secara pribadi, lalu hapus "
                 "berkas ini. Selenggara tidak menyimpan kata sandi dan tidak dapat "
                 "menampilkannya lagi; bila hilang, buat kata sandi baru.")])
    tulis(ws, [_("Dibuat %(waktu)s") % {"waktu": timezone.localtime().strftime("%d-%m-%Y %H:%M")}])
    for huruf, lebar in zip("ABCD", (32, 28, 34, 18), strict=True):
        ws.column_dimensions[huruf].width = lebar
    return ke_bytes(wb)
