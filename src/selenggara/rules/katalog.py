"""Everything the field app's offline checks need from :mod:`selenggara.rules`, as plain data.

The Pantarlih PWA checks a voter record on the phone before it is sent (static/coklit/
aturan.js): the same checks as :func:`selenggara.rules.pemilih.clean_fields` and
:func:`~selenggara.rules.pemilih.validate_record`. The JavaScript keeps only the logic; every
code list, label, limit, pattern and message comes from :func:`katalog`, which the command
``selenggara coklit aturan-js`` writes to static/coklit/aturan_data.js. So a code or a message
exists once, here in rules/, and a test fails when the generated file is stale.

``pesan`` maps each Problem code to its message template (``%(name)s`` placeholders, untranslated
Indonesian, exactly the ``Problem.message`` Python reports). Every code those checks emit has
exactly one message, so the code alone is the key.
"""

from __future__ import annotations

from selenggara.rules import eligibility, kode, nik, pemilih

KODE = ("JENIS_KELAMIN", "STATUS_KAWIN", "DISABILITAS", "KTP_EL", "TMS_KODE")
"""The code lists of :mod:`selenggara.rules.kode` the field app shows and checks."""


def _pesan() -> dict[str, str]:
    """The message templates of nik, pemilih and eligibility, one per Problem code."""
    pesan: dict[str, str] = {}
    for modul in (nik, pemilih, eligibility):
        for code, message in modul.PESAN.items():
            if pesan.get(code, message) != message:
                raise ValueError(
                    f"Kode masalah {code!r} punya dua pesan berbeda ({modul.__name__}); "
                    "beri salah satunya kode sendiri."
                )
            pesan[code] = message
    return pesan


def _nama_kode(pilihan: kode.Pilihan) -> str:
    for nama in KODE:
        if getattr(kode, nama) is pilihan:
            return nama
    raise ValueError(f"Daftar kode {pilihan!r} tidak ada di katalog.KODE.")


def katalog() -> dict:
    """The catalogue as JSON-able data (lists, dicts, str, int); see the module docstring."""
    return {
        "fields": list(pemilih.FIELDS),
        "label": dict(pemilih.LABEL),
        "kode": {
            **{nama: [list(pasangan) for pasangan in getattr(kode, nama)] for nama in KODE},
            "TMS_BUTUH_BUKTI": sorted(kode.TMS_BUTUH_BUKTI),
            "TMS_SALAH_TPS": kode.TMS_SALAH_TPS,
        },
        # field -> name of its code list in "kode" (rules.pemilih.PILIHAN)
        "pilihan": {field: _nama_kode(p) for field, p in pemilih.PILIHAN.items()},
        "status_kawin_sudah_atau_pernah": sorted(eligibility.STATUS_KAWIN_SUDAH_ATAU_PERNAH),
        "batas": {
            "panjang_maks": dict(pemilih.PANJANG_MAKS),
            "nik_panjang": nik.NIK_PANJANG,
            "nkk_panjang": nik.NKK_PANJANG,
            "tambahan_tanggal_perempuan": nik.TAMBAHAN_TANGGAL_PEREMPUAN,
            "umur_minimal_pemilih": eligibility.UMUR_MINIMAL_PEMILIH,
        },
        # Python ``re`` patterns that mean the same in JavaScript ``RegExp`` for ASCII input.
        "pola": {
            "nama": pemilih.POLA_NAMA.pattern,
            "rt_rw": pemilih.POLA_RT_RW.pattern,
        },
        "pesan": _pesan(),
    }
