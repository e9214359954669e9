"""Template filters of the officer pages: masking and code labels.

Masking lives in ``rules.nik`` (one definition); these filters only make it usable in
templates so no template ever slices a NIK by hand.
"""

from django import template
from django.utils.translation import gettext as _

from selenggara.rules import kode
from selenggara.rules import nik as nik_rules

register = template.Library()


@register.filter
def nik_tail(value: str) -> str:
    """``************1234``: the last 4 digits only, for list pages."""
    return nik_rules.mask_nik_tail(value or "")


@register.filter
def peran_label(peran: str | None) -> str:
    if not peran:
        return ""
    try:
        return _(kode_list_label(peran))
    except ValueError:
        return peran


def kode_list_label(peran: str) -> str:
    return kode.label(kode.PERAN, peran)


@register.filter
def peran_singkat(kode: str | None) -> str:
    """The short name officers use: KPU, PPK, PPS, Pantarlih, KPPS."""
    return {"PANTARLIH": "Pantarlih"}.get(kode or "", kode or "")


@register.filter
def tps_nomor(nomor: int | None) -> str:
    """TPS numbers are written with three digits (TPS 001), as on every KPU form."""
    return "" if nomor is None else f"{nomor:03d}"


@register.filter
def tahap_singkat(kode: str | None) -> str:
    """List stage as officers write it: A-Daftar, DPHP, DPS, DPSHP, DPT."""
    return {"ADAFTAR": "A-Daftar"}.get(kode or "", kode or "")


@register.filter
def menit(td) -> int:
    """Whole minutes of a timedelta, rounded up (the lockout page: "try again in N minutes")."""
    if td is None:
        return 0
    detik = int(td.total_seconds())
    return max(1, -(-detik // 60))


@register.filter
def nama_wilayah(wilayah) -> str:
    """ "Kecamatan Mojoroto", "Kelurahan Bandar Lor"; a kab/kota name already says what it is
    ("Kota Kediri"), so it is not prefixed."""
    if wilayah is None:
        return ""
    if wilayah.tingkat == 2:
        return wilayah.nama
    return f"{wilayah.sebutan} {wilayah.nama}"
