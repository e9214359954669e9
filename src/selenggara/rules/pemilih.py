"""Validation of a voter record's data elements (Sidalih / Model A), as sent by a field app.

Used by e-coklit for Ubah (corrections) and Baru (new voters), and by list imports. Input is
plain JSON-ish data (dates as ``YYYY-MM-DD`` strings); output is the cleaned values and the
problems, each naming its field, so an API can answer per field and a form can mark the input.
"""

from __future__ import annotations

import re
from datetime import date

from selenggara.rules import kode
from selenggara.rules.eligibility import syarat_pemilih
from selenggara.rules.nik import validate_nik, validate_nkk
from selenggara.rules.problem import ERROR, Problem, gettext_noop

FIELDS = ("nkk", "nik", "nama", "jenis_kelamin", "tempat_lahir", "tanggal_lahir",
          "status_kawin", "alamat", "rt", "rw", "disabilitas", "ktp_el")
"""The data elements a Pantarlih may record or correct."""

LABEL: dict[str, str] = {
    "nkk": gettext_noop("NKK"),
    "nik": gettext_noop("NIK"),
    "nama": gettext_noop("Nama"),
    "jenis_kelamin": gettext_noop("Jenis kelamin"),
    "tempat_lahir": gettext_noop("Tempat lahir"),
    "tanggal_lahir": gettext_noop("Tanggal lahir"),
    "status_kawin": gettext_noop("Status perkawinan"),
    "alamat": gettext_noop("Alamat"),
    "rt": gettext_noop("RT"),
    "rw": gettext_noop("RW"),
    "disabilitas": gettext_noop("Disabilitas"),
    "ktp_el": gettext_noop("KTP-el"),
}
"""Indonesian label of each of :data:`FIELDS`, as forms and the field app show it."""

PILIHAN: dict[str, kode.Pilihan] = {
    "jenis_kelamin": kode.JENIS_KELAMIN,
    "status_kawin": kode.STATUS_KAWIN,
    "disabilitas": kode.DISABILITAS,
    "ktp_el": kode.KTP_EL,
}
"""The code list each coded field must take its value from."""

# One name rule for voters and officers: letters first, then letters, spaces and the marks names
# are written with (Moch. Rizki, NUR'AINI, Yohanes (Anes)). A leading "=", "+", "-" or "@" would
# also be a spreadsheet formula in every export (the writers escape such cells too).
POLA_NAMA = re.compile(r"^[A-Za-z][A-Za-z .,'`\-()]*$")
POLA_RT_RW = re.compile(r"^\d{1,3}$")
PANJANG_MAKS = {"nama": 150, "tempat_lahir": 80, "alamat": 200}

# Problem code -> message template. Every Problem this module reports takes its message from
# here, so the field app's JavaScript copy of the checks (rules.katalog, coklit/aturan_data.js)
# shows the very same text. Each value stays a gettext_noop() literal for makemessages.
PESAN: dict[str, str] = {
    "wajib": gettext_noop("%(field)s wajib diisi; tulis seperti pada KTP-el atau KK."),
    "terlalu_panjang": gettext_noop(
        "%(field)s terlalu panjang (%(panjang)s karakter, paling banyak %(maks)s); "
        "singkat seperlunya."),
    "nama_karakter": gettext_noop(
        "Nama harus diawali huruf dan hanya boleh berisi huruf, spasi, titik, koma, tanda "
        "petik, tanda hubung dan tanda kurung; hapus angka atau simbol lain."),
    "tanggal_format": gettext_noop(
        "Tanggal lahir tidak terbaca; isi dengan format tahun-bulan-tanggal, "
        "mis. 1990-03-07."),
    "rt_rw": gettext_noop("%(field)s harus angka 1 sampai 999, mis. 003."),
    "kode_tidak_dikenal": gettext_noop(
        "Kode %(nilai)s tidak dikenal untuk %(field)s; pilih salah satu dari "
        "%(pilihan)s."),
    "tanggal_masa_depan": gettext_noop(
        "Tanggal lahir di masa depan; periksa tahun lahir pada KTP-el atau KK."),
    "kode_tms": gettext_noop("Kode TMS %(nilai)s tidak dikenal; pilih 1 sampai 8."),
    "bukti_wajib": gettext_noop(
        "TMS %(kode)s (%(arti)s) wajib menyebut dokumen bukti, mis. nomor surat kematian "
        "atau kartu anggota; isi kolom dokumen."),
}


def _p(field: str, code: str, /, **params) -> Problem:
    return Problem(field=field, code=code, message=PESAN[code], params=params, severity=ERROR)


def baca_tanggal(nilai) -> date | None:
    """A date, or an ISO date string, as a date; None when it is not one."""
    if isinstance(nilai, date):
        return nilai
    try:
        return date.fromisoformat(str(nilai))
    except ValueError:
        return None


_tanggal = baca_tanggal


def masalah_nama(teks: str, field: str = "nama") -> Problem | None:
    """The name rule (voters and officers): None when ``teks`` is a well-formed name."""
    if POLA_NAMA.match(teks):
        return None
    return _p(field, "nama_karakter")


def clean_fields(data: dict, fields=FIELDS) -> tuple[dict, list[Problem]]:
    """Check each given field on its own and normalise it (upper-case names, 3-digit RT/RW)."""
    clean: dict = {}
    problems: list[Problem] = []
    for field in fields:
        if field not in data:
            continue
        nilai = data[field]
        teks = "" if nilai is None else str(nilai).strip()
        if field in ("nama", "tempat_lahir", "alamat"):
            if not teks:
                problems.append(_p(field, "wajib", field=LABEL[field]))
            elif len(teks) > PANJANG_MAKS[field]:
                problems.append(_p(field, "terlalu_panjang", field=LABEL[field], panjang=len(teks),
                                   maks=PANJANG_MAKS[field]))
            elif field == "nama" and (p := masalah_nama(teks)) is not None:
                problems.append(p)
            else:
                clean[field] = re.sub(r"\s+", " ", teks).upper()
        elif field in ("nik", "nkk"):
            clean[field] = teks
        elif field == "tanggal_lahir":
            tgl = _tanggal(teks)
            if tgl is None:
                problems.append(_p(field, "tanggal_format"))
            else:
                clean[field] = tgl
        elif field in ("rt", "rw"):
            if not POLA_RT_RW.match(teks) or int(teks) == 0:
                problems.append(_p(field, "rt_rw", field=field.upper()))
            else:
                clean[field] = f"{int(teks):03d}"
        else:
            pilihan = PILIHAN[field]
            if teks not in kode.kode_set(pilihan):
                problems.append(_p(field, "kode_tidak_dikenal", nilai=teks or "-",
                                   field=LABEL[field], pilihan=", ".join(k for k, _ in pilihan)))
            else:
                clean[field] = teks
    return clean, problems


def validate_record(record: dict, *, hari_pemungutan: date, kode_kecamatan: str | None = None,
                    hari_ini: date | None = None) -> list[Problem]:
    """Whole-record checks on cleaned values: NIK/NKK structure, NIK against birth date and
    sex (PKPU 7/2024 relies on the NIK as the voter's key), birth date not in the future, and
    eligibility on polling day (17, or married/ever married)."""
    problems: list[Problem] = []
    tgl = record.get("tanggal_lahir")
    if tgl is not None and hari_ini is not None and tgl > hari_ini:
        problems.append(_p("tanggal_lahir", "tanggal_masa_depan"))
        return problems
    if "nik" in record:
        problems += validate_nik(record["nik"], kode_kecamatan=kode_kecamatan,
                                 tanggal_lahir=tgl, jenis_kelamin=record.get("jenis_kelamin"),
                                 reference=hari_pemungutan)
    if "nkk" in record:
        problems += validate_nkk(record["nkk"])
    if tgl is not None and record.get("status_kawin") in kode.kode_set(kode.STATUS_KAWIN):
        problems += syarat_pemilih(tgl, record["status_kawin"], hari_pemungutan)
    return problems


def validate_tms(kode_tms: str, *, dokumen: str = "") -> list[Problem]:
    """A TMS outcome needs a known code, and codes 1, 6 and 7 need their evidence document
    (death letter, TNI or Polri member card)."""
    if kode_tms not in kode.kode_set(kode.TMS_KODE):
        return [_p("kode", "kode_tms", nilai=kode_tms or "-")]
    if kode_tms in kode.TMS_BUTUH_BUKTI and not dokumen.strip():
        return [_p("dokumen", "bukti_wajib", kode=kode_tms,
                   arti=kode.label(kode.TMS_KODE, kode_tms))]
    return []
