"""What every search form shares: the guard that keeps a NIK out of URLs and logs.

The forms themselves live with their models (``wilayah.forms``, ``pemilih.forms``,
``petugas.forms``), their choices always from the caller's scope.
"""

from __future__ import annotations

import re

from django import forms
from django.utils.translation import gettext_lazy as _

# A NIK or NKK typed into a search box would land in the URL (GET), the browser history and
# every access log on the way. Seven digits or more in a row (spaces, dots and dashes between
# digits ignored, as people type "3571 0112...") is more than the 4-6 digit tail we accept.
_PEMISAH = re.compile(r"(?<=\d)[\s.\-]+(?=\d)")
_DIGIT_PANJANG = re.compile(r"\d{7,}")
_DIGIT = re.compile(r"\d+")

# The same rule for the browser (HTML ``pattern``, matched against the whole value): at most
# 6 digits in total, so a NIK is refused before the form is even sent.
POLA_HTML_TANPA_NIK = r"[^0-9]*([0-9][^0-9]*){0,6}"

PESAN_NIK_PENUH = _(
    "Demi perlindungan data pribadi, jangan mengetik NIK atau NKK lengkap di kotak pencarian: "
    "isi pencarian tercatat di alamat halaman. Ketik nama pemilih atau 4 sampai 6 digit "
    "terakhir NIK saja."
)


def berisi_nik_penuh(q: str) -> bool:
    """True when ``q`` holds 7 or more digits in a row (a full or partial NIK/NKK)."""
    return bool(_DIGIT_PANJANG.search(_PEMISAH.sub("", q)))




class PencarianAman(forms.CharField):
    """A search box that refuses a full NIK/NKK (the view redirects before rendering; this is
    the safety net for other callers)."""

    def clean(self, value):
        value = " ".join((super().clean(value) or "").split())
        if berisi_nik_penuh(value):
            raise forms.ValidationError(PESAN_NIK_PENUH)
        return value
