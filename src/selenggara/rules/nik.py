"""NIK and NKK: structure, decoding, consistency with the person's data, and masking.

Why this exists: the NIK is the key of the voter list. PKPU 7/2024 (penyusunan daftar pemilih)
has Pantarlih match every voter against the KTP-el or Kartu Keluarga during coklit, and Sidalih
rejects or flags NIKs that are malformed ("NIK invalid") or that disagree with the recorded
birth date and sex. A NIK (Perpres 96/2018 / Permendagri on population administration) is
16 digits::

    PP KK CC DDMMYY SSSS
    |  |  |  |      +-- nomor urut (serial) 0001..9999
    |  |  |  +--------- tanggal lahir; women have 40 added to DD (07-03-1990 -> 470390)
    |  |  +------------ kecamatan where the NIK was issued
    |  +--------------- kabupaten/kota
    +------------------ provinsi (11..99)

The region is where the NIK was *issued*; people move, so a different kecamatan is only a
warning. NIK and NKK are personal data under UU 27/2022 (Pelindungan Data Pribadi): public
pages show them masked (:func:`mask_nik`, :func:`mask_nik_tail`).

The two-digit year is ambiguous (``15`` is 1915 or 2015). :func:`parse_nik` picks the century
that does not put the birth in the future relative to ``reference``; this is right for everyone
younger than 100 years on ``reference``. When the birth date is known (the voter record has
TGL_LHR), :func:`validate_nik` compares only DD, MM and YY, so centenarians are not flagged.
"""

from __future__ import annotations

import dataclasses
from datetime import date

from selenggara.rules import wilayah_kode
from selenggara.rules.problem import ERROR, WARNING, Problem, gettext_noop

NIK_PANJANG = 16
NKK_PANJANG = 16
TAMBAHAN_TANGGAL_PEREMPUAN = 40
NOMOR_URUT_MAKS = 9999

_DIGIT = frozenset("0123456789")
_NAMA_JK = {"L": "laki-laki", "P": "perempuan"}


@dataclasses.dataclass(frozen=True)
class NikInfo:
    """What a structurally valid NIK says about its holder.

    Region codes are undotted (``"35"``, ``"3571"``, ``"357101"``) because that is how they
    appear inside the NIK; use :func:`selenggara.rules.wilayah_kode.normalise_kode` for the
    dotted form.
    """

    nik: str
    kode_provinsi: str
    kode_kabkota: str
    kode_kecamatan: str
    tanggal_lahir: date
    jenis_kelamin: str
    nomor_urut: str


class NikError(ValueError):
    """Raised by :func:`parse_nik`; ``problems`` lists every structural problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(p.text() for p in self.problems))


# --------------------------------------------------------------------------- helpers


def _angka(s: str) -> bool:
    return all(c in _DIGIT for c in s)


def _tgl(d: date) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def _cek_jenis_kelamin(jenis_kelamin: str) -> None:
    if jenis_kelamin not in _NAMA_JK:
        raise ValueError(
            f"Jenis kelamin {jenis_kelamin!r} tidak dikenal: gunakan 'L' (laki-laki) atau "
            "'P' (perempuan)."
        )


# Problem code -> message template. Every Problem this module reports takes its message from
# here, so the field app's JavaScript copy of the checks (rules.katalog, coklit/aturan_data.js)
# shows the very same text. Each value stays a gettext_noop() literal for makemessages.
# Separate literal messages for NIK and NKK (not one template with the name as a parameter):
# parameters are not translated, so every Indonesian word must sit in the marked literal.
PESAN: dict[str, str] = {
    "nik_kosong": gettext_noop(
        "NIK belum diisi. Isi 16 digit NIK sesuai KTP-el atau Kartu Keluarga."
    ),
    "nik_bukan_angka": gettext_noop(
        "NIK hanya boleh berisi angka 0-9; ditemukan karakter %(karakter)s. Hapus spasi, "
        "titik, tanda petik atau huruf, lalu salin ulang NIK dari KTP-el atau Kartu Keluarga."
    ),
    "nik_panjang": gettext_noop(
        "NIK harus 16 digit angka; yang diisi %(panjang)s karakter. "
        "Periksa kembali NIK pada KTP-el."
    ),
    "nik_provinsi": gettext_noop(
        "Dua digit pertama NIK (%(kode)s) bukan kode provinsi yang sah (11 sampai 99). "
        "Periksa kembali NIK pada KTP-el atau Kartu Keluarga."
    ),
    "nik_kabkota": gettext_noop(
        "Digit ke-3 dan ke-4 NIK (kode kabupaten/kota) tidak boleh 00. "
        "Periksa kembali NIK pada KTP-el atau Kartu Keluarga."
    ),
    "nik_kecamatan": gettext_noop(
        "Digit ke-5 dan ke-6 NIK (kode kecamatan) tidak boleh 00. "
        "Periksa kembali NIK pada KTP-el atau Kartu Keluarga."
    ),
    "nik_tanggal": gettext_noop(
        "Digit ke-7 dan ke-8 NIK (%(tanggal)s) bukan tanggal lahir yang sah: "
        "01-31 untuk laki-laki, 41-71 untuk perempuan (tanggal + 40). "
        "Periksa kembali NIK pada KTP-el atau Kartu Keluarga."
    ),
    "nik_bulan": gettext_noop(
        "Digit ke-9 dan ke-10 NIK (%(bulan)s) bukan bulan lahir yang sah (01-12). "
        "Periksa kembali NIK pada KTP-el atau Kartu Keluarga."
    ),
    "nik_tanggal_tidak_ada": gettext_noop(
        "Tanggal lahir pada NIK (%(tanggal)s) tidak ada di kalender. "
        "Periksa kembali digit ke-7 sampai ke-12 NIK pada KTP-el atau "
        "Kartu Keluarga."
    ),
    "nik_nomor_urut": gettext_noop(
        "Empat digit terakhir NIK (nomor urut) tidak boleh 0000. "
        "Periksa kembali NIK pada KTP-el atau Kartu Keluarga."
    ),
    "nik_kecamatan_beda": gettext_noop(
        "Kode wilayah pada NIK (%(kode_nik)s) berbeda dengan kecamatan domisili "
        "(%(kode_kecamatan)s). Ini wajar bila pemilih pindah domisili; pastikan "
        "alamat sesuai KTP-el atau surat keterangan domisili."
    ),
    "nik_tanggal_lahir_beda": gettext_noop(
        "Tanggal lahir %(tanggal_lahir)s tidak cocok dengan NIK, yang mencatat "
        "tanggal %(tanggal_nik)s (hari-bulan-tahun 2 digit). Samakan dengan KTP-el: "
        "perbaiki tanggal lahir atau NIK yang salah ketik."
    ),
    "nik_jenis_kelamin_beda": gettext_noop(
        "Jenis kelamin %(jenis_kelamin)s tidak cocok dengan NIK: digit ke-7 dan ke-8 "
        "NIK (%(tanggal)s) menandakan %(jk_nik)s (L laki-laki: 01-31; P perempuan: "
        "tanggal lahir + 40, 41-71). Periksa jenis kelamin atau NIK pada KTP-el."
    ),
    "nkk_kosong": gettext_noop("NKK belum diisi. Isi 16 digit NKK sesuai Kartu Keluarga."),
    "nkk_bukan_angka": gettext_noop(
        "NKK hanya boleh berisi angka 0-9; ditemukan karakter %(karakter)s. Hapus spasi, "
        "titik, tanda petik atau huruf, lalu salin ulang NKK dari Kartu Keluarga."
    ),
    "nkk_panjang": gettext_noop(
        "NKK harus 16 digit angka; yang diisi %(panjang)s karakter. "
        "Periksa kembali NKK pada Kartu Keluarga."
    ),
    "nkk_provinsi": gettext_noop(
        "Dua digit pertama NKK (%(kode)s) bukan kode provinsi yang sah (11 sampai 99). "
        "Periksa kembali NKK pada Kartu Keluarga."
    ),
    "nkk_kabkota": gettext_noop(
        "Digit ke-3 dan ke-4 NKK (kode kabupaten/kota) tidak boleh 00. "
        "Periksa kembali NKK pada Kartu Keluarga."
    ),
    "nkk_kecamatan": gettext_noop(
        "Digit ke-5 dan ke-6 NKK (kode kecamatan) tidak boleh 00. "
        "Periksa kembali NKK pada Kartu Keluarga."
    ),
    "nkk_nol": gettext_noop(
        "NKK tidak boleh berisi angka 0 semua. Isi NKK dari Kartu Keluarga pemilih."
    ),
}


def _masalah(field: str, code: str, params: dict, severity: str = ERROR) -> Problem:
    """A Problem whose message is ``PESAN[code]``."""
    return Problem(field, code, PESAN[code], params, severity)


def _cek_nomor_16(nilai: object, field: str) -> list[Problem]:
    """Presence, ASCII digits and length: the checks shared by NIK and NKK."""
    if nilai is None or nilai == "":
        return [_masalah(field, f"{field}_kosong", {})]
    if not isinstance(nilai, str):
        raise TypeError(f"{field.upper()} harus berupa teks (str), bukan {type(nilai).__name__}.")
    problems: list[Problem] = []
    salah = [c for c in nilai if c not in _DIGIT]
    if salah:
        problems.append(_masalah(field, f"{field}_bukan_angka", {"karakter": repr(salah[0])}))
    if len(nilai) != NIK_PANJANG:
        problems.append(_masalah(field, f"{field}_panjang", {"panjang": len(nilai)}))
    return problems


def _cek_wilayah(nilai: str, field: str) -> list[Problem]:
    """Plausible region prefix: provinsi 11..99, kab/kota and kecamatan not 00."""
    problems: list[Problem] = []
    if int(nilai[:2]) < 11:
        problems.append(_masalah(field, f"{field}_provinsi", {"kode": nilai[:2]}))
    if nilai[2:4] == "00":
        problems.append(_masalah(field, f"{field}_kabkota", {}))
    if nilai[4:6] == "00":
        problems.append(_masalah(field, f"{field}_kecamatan", {}))
    return problems


def _urai(
    nik: object, reference: date | None, tahun_hint: int | None
) -> tuple[list[Problem], NikInfo | None, tuple[int, int, int, str] | None]:
    """Decode ``nik``.

    Returns (structural problems, info when there are none, and the raw birth part
    ``(day, month, yy, sex)`` whenever DD and MM are decodable, for the consistency checks).
    ``tahun_hint``: a known birth year; used as the year when its last two digits match YY.
    """
    problems = _cek_nomor_16(nik, "nik")
    if problems:
        return problems, None, None
    assert isinstance(nik, str)
    problems = _cek_wilayah(nik, "nik")

    dd, mm, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    lahir: tuple[int, int, int, str] | None = None
    if 1 <= dd <= 31:
        hari, jk = dd, "L"
    elif 1 + TAMBAHAN_TANGGAL_PEREMPUAN <= dd <= 31 + TAMBAHAN_TANGGAL_PEREMPUAN:
        hari, jk = dd - TAMBAHAN_TANGGAL_PEREMPUAN, "P"
    else:
        hari, jk = 0, ""
        problems.append(_masalah("nik", "nik_tanggal", {"tanggal": nik[6:8]}))
    if not 1 <= mm <= 12:
        problems.append(_masalah("nik", "nik_bulan", {"bulan": nik[8:10]}))
    tanggal: date | None = None
    if hari and 1 <= mm <= 12:
        lahir = (hari, mm, yy, jk)
        if tahun_hint is not None and tahun_hint % 100 == yy:
            tahun = tahun_hint
        else:
            ref = reference or date.today()
            # Compare tuples, not dates: 29-02-00 is a date in 2000 but not in 1900.
            tahun = (
                2000 + yy
                if (2000 + yy, mm, hari) <= (ref.year, ref.month, ref.day)
                else (1900 + yy)
            )
        try:
            tanggal = date(tahun, mm, hari)
        except ValueError:
            problems.append(
                _masalah(
                    "nik", "nik_tanggal_tidak_ada", {"tanggal": f"{hari:02d}-{mm:02d}-{tahun:04d}"}
                )
            )
    if nik[12:] == "0000":
        problems.append(_masalah("nik", "nik_nomor_urut", {}))
    if problems or tanggal is None:
        return problems, None, lahir
    info = NikInfo(
        nik=nik,
        kode_provinsi=nik[:2],
        kode_kabkota=nik[:4],
        kode_kecamatan=nik[:6],
        tanggal_lahir=tanggal,
        jenis_kelamin=jk,
        nomor_urut=nik[12:],
    )
    return [], info, lahir


# --------------------------------------------------------------------------- public API


def bersihkan_nik(raw: str) -> str:
    """Remove what spreadsheets and typists add around a NIK/NKK: spaces, dots, hyphens and
    the leading apostrophe Excel users type to stop a 16-digit number turning into 3.57E+15.

    Only for importers; forms should show the problem instead of silently fixing input.
    """
    s = raw.strip().lstrip("'")
    return "".join(c for c in s if c not in " .-\u00a0\t")


def parse_nik(nik: str, *, reference: date | None = None) -> NikInfo:
    """Decode a NIK; raise :class:`NikError` listing every structural problem.

    ``reference`` (default: today) resolves the two-digit year: 20YY unless that puts the
    birth after ``reference``, then 19YY. Pass the polling day or the import date for
    reproducible results.
    """
    problems, info, _ = _urai(nik, reference, None)
    if info is None:
        raise NikError(problems)
    return info


def is_nik_valid(nik: str, *, reference: date | None = None) -> bool:
    """True when ``nik`` is structurally valid (no person data compared)."""
    return _urai(nik, reference, None)[1] is not None


def validate_nik(
    nik: str,
    *,
    kode_kecamatan: str | None = None,
    tanggal_lahir: date | None = None,
    jenis_kelamin: str | None = None,
    reference: date | None = None,
) -> list[Problem]:
    """Structural problems, then mismatches with the person's recorded data. ``[]`` = valid.

    - ``kode_kecamatan`` (dotted or undotted) differing from NIK digits 1-6 is a WARNING:
      PKPU 7/2024 lists voters where they live, and people move without a new NIK.
    - ``tanggal_lahir`` differing in DD, MM or YY is an ERROR (Sidalih flags it; one of the two
      is a typo). The century is not compared because a NIK does not encode it.
    - ``jenis_kelamin`` ("L"/"P") disagreeing with the +40 rule is an ERROR.
    """
    if kode_kecamatan is not None:
        kec = wilayah_kode.undotted(kode_kecamatan)
        if len(kec) != 6:
            raise ValueError(
                f"kode_kecamatan {kode_kecamatan!r} bukan kode kecamatan: gunakan 6 digit, "
                "mis. 35.71.01 atau 357101."
            )
    if jenis_kelamin is not None:
        _cek_jenis_kelamin(jenis_kelamin)
    hint = tanggal_lahir.year if tanggal_lahir is not None else None
    problems, _, lahir = _urai(nik, reference, hint)
    if not isinstance(nik, str) or len(nik) != NIK_PANJANG or not _angka(nik):
        return problems

    if kode_kecamatan is not None and nik[:6] != kec:
        problems.append(
            _masalah(
                "nik",
                "nik_kecamatan_beda",
                {
                    "kode_nik": f"{nik[:2]}.{nik[2:4]}.{nik[4:6]}",
                    "kode_kecamatan": f"{kec[:2]}.{kec[2:4]}.{kec[4:6]}",
                },
                WARNING,
            )
        )
    if lahir is None:
        return problems
    hari, bulan, yy, jk = lahir
    if tanggal_lahir is not None and (
        tanggal_lahir.day,
        tanggal_lahir.month,
        tanggal_lahir.year % 100,
    ) != (hari, bulan, yy):
        problems.append(
            _masalah(
                "tanggal_lahir",
                "nik_tanggal_lahir_beda",
                {
                    "tanggal_lahir": _tgl(tanggal_lahir),
                    "tanggal_nik": f"{hari:02d}-{bulan:02d}-{yy:02d}",
                },
                ERROR,
            )
        )
    if jenis_kelamin is not None and jenis_kelamin != jk:
        problems.append(
            _masalah(
                "jenis_kelamin",
                "nik_jenis_kelamin_beda",
                {
                    "jenis_kelamin": jenis_kelamin,
                    "tanggal": nik[6:8],
                    "jk_nik": jk,
                },
                ERROR,
            )
        )
    return problems


def make_nik(kode_kecamatan: str, tanggal_lahir: date, jenis_kelamin: str, nomor_urut: int) -> str:
    """Build the NIK for a person (inverse of :func:`parse_nik`); used by the demo generator
    and by tests. ``kode_kecamatan`` dotted or undotted; ``nomor_urut`` 1..9999.
    """
    kec = wilayah_kode.undotted(kode_kecamatan)
    if len(kec) != 6:
        raise ValueError(
            f"kode_kecamatan {kode_kecamatan!r} bukan kode kecamatan: gunakan 6 digit, "
            "mis. 35.71.01 atau 357101."
        )
    if not isinstance(tanggal_lahir, date):
        raise TypeError("tanggal_lahir harus datetime.date.")
    _cek_jenis_kelamin(jenis_kelamin)
    if (
        isinstance(nomor_urut, bool)
        or not isinstance(nomor_urut, int)
        or not 1 <= nomor_urut <= NOMOR_URUT_MAKS
    ):
        raise ValueError(f"nomor_urut {nomor_urut!r} tidak sah: harus bilangan bulat 1-9999.")
    hari = tanggal_lahir.day + (TAMBAHAN_TANGGAL_PEREMPUAN if jenis_kelamin == "P" else 0)
    return f"{kec}{hari:02d}{tanggal_lahir.month:02d}{tanggal_lahir.year % 100:02d}{nomor_urut:04d}"


def validate_nkk(nkk: str) -> list[Problem]:
    """Problems with a Nomor Kartu Keluarga (NKK). ``[]`` = valid.

    An NKK is region(6) + issue date-ish part(6) + serial(4). Only the shape and the region
    prefix are checked: the middle part is the KK issue date and does not follow the NIK
    birth-date rules. All zeros is rejected explicitly because DP4 extracts use
    ``0000000000000000`` as "NKK unknown" and Sidalih treats it as missing.
    """
    problems = _cek_nomor_16(nkk, "nkk")
    if problems:
        return problems
    if nkk == "0" * NKK_PANJANG:
        return [_masalah("nkk", "nkk_nol", {})]
    return _cek_wilayah(nkk, "nkk")


def mask_nik(nik: str) -> str:
    """Keep the region (first 6 digits), hide birth date and serial: ``357101**********``.

    Use on PUBLIC lists of many people (DPS announcement at the kelurahan office and online,
    open-data downloads): everyone on such a list shares the region prefix, so it reveals
    nothing personal, while the birth date (digits 7-12) is personal data under UU 27/2022.
    Anything that is not a 16-digit string is masked completely.
    Never show :func:`mask_nik` and :func:`mask_nik_tail` of the same person on one page:
    together they reveal 10 of 16 digits.
    """
    if isinstance(nik, str) and len(nik) == NIK_PANJANG and _angka(nik):
        return nik[:6] + "*" * (NIK_PANJANG - 6)
    return "*" * NIK_PANJANG


def mask_nik_tail(nik: str, visible: int = 4) -> str:
    """Show only the last ``visible`` (0..4) digits: ``************1234``.

    Use where ONE person must recognise their own record or an operator must tell records
    apart (cek DPT result, A-Tanda Bukti Terdaftar, duplicate review lists): the serial does
    not reveal the birth date. ``visible`` is capped at 4 so the birth year is never shown.
    """
    if isinstance(visible, bool) or not isinstance(visible, int) or not 0 <= visible <= 4:
        raise ValueError("visible harus 0 sampai 4 agar tanggal lahir pada NIK tidak terlihat.")
    if isinstance(nik, str) and len(nik) == NIK_PANJANG and _angka(nik):
        return "*" * (NIK_PANJANG - visible) + nik[NIK_PANJANG - visible :]
    return "*" * NIK_PANJANG


mask_nkk = mask_nik
mask_nkk_tail = mask_nik_tail


def mask_nama(nama: str, visible: int = 3) -> str:
    """The first letters of each word of a name, the rest as stars: ``SIT* AMI***``.

    For answers that confirm a registration to someone who typed a NIK (the person or the
    Pantarlih standing with them) without telling a stranger whose NIK it is.
    """
    return " ".join(w[:visible] + "*" * max(0, len(w) - visible) for w in str(nama).split())
