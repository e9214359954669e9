"""Who may vote: PKPU 7/2024 Pasal 4 (syarat pemilih), as used in coklit and list checks.

A voter must be an Indonesian citizen (WNI); **17 or older on polling day, or married / ever
married**; not an active member of the TNI or Polri; (and resident in the area, and not
deprived of the vote by a court: those need documents, not arithmetic, so they are not here).
Each failed condition maps to the TMS code a Pantarlih records (:data:`SYARAT_KE_TMS`).

Age is counted on the polling day (``hari_pemungutan``), not on the day of coklit: a person
who turns 17 on 27 Nov 2024 is listed in June 2024 already.
"""

from __future__ import annotations

from datetime import date

from selenggara.rules.problem import ERROR, Problem, gettext_noop

HARI_PEMUNGUTAN_PILKADA_2024 = date(2024, 11, 27)
"""Pilkada Serentak 2024 polling day. Callers pass the election's own date (from the
election record); this constant is for the demo and tests."""

UMUR_MINIMAL_PEMILIH = 17
"""UU 10/2016 Pasal 1 angka 6 and PKPU 7/2024 Pasal 4: 17 years on polling day."""

STATUS_KAWIN_SUDAH_ATAU_PERNAH = frozenset({"S", "P"})
_STATUS_KAWIN = frozenset({"B", "S", "P"})

# Problem code -> TMS code (see selenggara.rules.kode.TMS_KODE). TNI/Polri is one condition
# here; the Pantarlih chooses 6 (TNI) or 7 (Polri) from the member card.
SYARAT_KE_TMS = {
    "di_bawah_umur": ("3",),
    "bukan_wni": ("5",),
    "tni_polri_aktif": ("6", "7"),
}

# Problem code -> message template. Every Problem this module reports takes its message from
# here, so the field app's JavaScript copy of the checks (rules.katalog, coklit/aturan_data.js)
# shows the very same text. Each value stays a gettext_noop() literal for makemessages.
PESAN: dict[str, str] = {
    "lahir_setelah_pemungutan": gettext_noop(
        "Tanggal lahir %(tanggal_lahir)s sesudah hari pemungutan suara "
        "%(hari_pemungutan)s. Periksa tanggal lahir pada KTP-el atau Kartu Keluarga."
    ),
    "di_bawah_umur": gettext_noop(
        "Pada hari pemungutan suara %(hari_pemungutan)s umurnya baru %(umur)s tahun "
        "dan belum pernah kawin, sedangkan pemilih harus berumur %(umur_minimal)s "
        "tahun atau sudah/pernah kawin. Tandai TMS kode 3 (di bawah umur), atau "
        "perbaiki tanggal lahir / status kawin bila salah catat."
    ),
    "tni_polri_aktif": gettext_noop(
        "Anggota TNI atau Polri aktif tidak mempunyai hak pilih. Tandai TMS kode 6 "
        "(TNI) atau 7 (Polri) dengan bukti kartu anggota; bila sudah pensiun atau "
        "berhenti, catat sebagai purnawirawan dan tetap daftarkan."
    ),
    "bukan_wni": gettext_noop(
        "Hanya warga negara Indonesia yang mempunyai hak pilih. Tandai TMS kode 5 "
        "(WNA), atau perbaiki data kewarganegaraan bila salah catat."
    ),
}


def umur_pada(tanggal_lahir: date, tanggal: date) -> int:
    """Completed years of age on ``tanggal``.

    Someone born on 29 Feb turns a year older on 1 Mar in non-leap years (on 28 Feb they still
    have the previous age), which is what comparing (month, day) pairs gives: (2, 28) < (2, 29).
    Raises ValueError when ``tanggal`` is before the birth.
    """
    if tanggal < tanggal_lahir:
        raise ValueError(
            f"Tanggal {tanggal.isoformat()} sebelum tanggal lahir {tanggal_lahir.isoformat()}: "
            "umur tidak dapat dihitung. Periksa tanggal lahir."
        )
    umur = tanggal.year - tanggal_lahir.year
    if (tanggal.month, tanggal.day) < (tanggal_lahir.month, tanggal_lahir.day):
        umur -= 1
    return umur


def batas_tanggal_lahir(tanggal: date, umur: int = UMUR_MINIMAL_PEMILIH) -> date:
    """The latest birth date at which a person has completed ``umur`` years on ``tanggal``.

    For database filters (``tanggal_lahir__lte=batas_tanggal_lahir(hari)``) instead of
    computing ages row by row. When ``tanggal`` is 29 Feb and the target year is not a leap
    year, the answer is 28 Feb (someone born on 1 Mar is still one year short).
    """
    try:
        return tanggal.replace(year=tanggal.year - umur)
    except ValueError:  # 29 Feb -> non-leap year
        return tanggal.replace(year=tanggal.year - umur, day=28)


def syarat_pemilih(
    tanggal_lahir: date,
    status_kawin: str,
    hari_pemungutan: date,
    *,
    tni_polri_aktif: bool = False,
    wni: bool = True,
    umur_minimal: int = UMUR_MINIMAL_PEMILIH,
) -> list[Problem]:
    """Conditions of PKPU 7/2024 Pasal 4 the person fails; ``[]`` = memenuhi syarat (MS).

    ``status_kawin``: "B" belum kawin, "S" sudah kawin, "P" pernah kawin. Marriage (now or
    before) makes a person under 17 eligible. Raises ValueError on an unknown status code.
    """
    if status_kawin not in _STATUS_KAWIN:
        raise ValueError(
            f"Status kawin {status_kawin!r} tidak dikenal: gunakan 'B' (belum kawin), "
            "'S' (sudah kawin) atau 'P' (pernah kawin)."
        )
    problems: list[Problem] = []
    if tanggal_lahir > hari_pemungutan:
        problems.append(
            Problem(
                "tanggal_lahir",
                "lahir_setelah_pemungutan",
                PESAN["lahir_setelah_pemungutan"],
                {
                    "tanggal_lahir": _tgl(tanggal_lahir),
                    "hari_pemungutan": _tgl(hari_pemungutan),
                },
                ERROR,
            )
        )
    elif (
        status_kawin not in STATUS_KAWIN_SUDAH_ATAU_PERNAH
        and umur_pada(tanggal_lahir, hari_pemungutan) < umur_minimal
    ):
        problems.append(
            Problem(
                "tanggal_lahir",
                "di_bawah_umur",
                PESAN["di_bawah_umur"],
                {
                    "hari_pemungutan": _tgl(hari_pemungutan),
                    "umur": umur_pada(tanggal_lahir, hari_pemungutan),
                    "umur_minimal": umur_minimal,
                },
                ERROR,
            )
        )
    if tni_polri_aktif:
        problems.append(
            Problem(
                "tni_polri_aktif",
                "tni_polri_aktif",
                PESAN["tni_polri_aktif"],
                {},
                ERROR,
            )
        )
    if not wni:
        problems.append(
            Problem(
                "wni",
                "bukan_wni",
                PESAN["bukan_wni"],
                {},
                ERROR,
            )
        )
    return problems


def memenuhi_syarat(
    tanggal_lahir: date,
    status_kawin: str,
    hari_pemungutan: date,
    *,
    tni_polri_aktif: bool = False,
    wni: bool = True,
    umur_minimal: int = UMUR_MINIMAL_PEMILIH,
) -> bool:
    """True when :func:`syarat_pemilih` finds no error (MS, memenuhi syarat)."""
    return not any(
        p.is_error
        for p in syarat_pemilih(
            tanggal_lahir,
            status_kawin,
            hari_pemungutan,
            tni_polri_aktif=tni_polri_aktif,
            wni=wni,
            umur_minimal=umur_minimal,
        )
    )


def _tgl(d: date) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"
