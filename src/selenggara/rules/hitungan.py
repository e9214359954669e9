"""What one voter row counts for, as plain data: the counters every monitoring page reads.

The register's writers keep per-area counters (``pemilih.Rekap``) by adding, for each change,
``hitungan(new row) - hitungan(old row)``; a rebuild sums ``hitungan`` over the register. The
two must agree (a property test checks it), so both use this one function.
"""

from __future__ import annotations

from collections.abc import Mapping

KOLOM = (
    "pemilih",  # rows listed (eligible or not)
    "ms", "ms_l", "ms_p",  # eligible (memenuhi syarat), and by sex
    "disabilitas",  # eligible with a disability
    "tms", "tms_1", "tms_2", "tms_3", "tms_4", "tms_5", "tms_6", "tms_7",
    "baru",  # added during coklit (sumber BARU)
    "coklit",  # checked in coklit (any outcome recorded)
    "coklit_sesuai", "coklit_ubah", "coklit_tms", "coklit_baru",
)
"""Counter columns, in order. TMS 8 is a move between TPS, not a removal: it never appears as
``tms_kode``; the voter counts at the new TPS."""


def hitungan(row: Mapping) -> dict[str, int]:
    """The counters one voter contributes (``row``: its fields ``jenis_kelamin``,
    ``tms_kode``, ``disabilitas``, ``sumber``, ``coklit``)."""
    tms = row.get("tms_kode") or ""
    ms = not tms
    jk = row.get("jenis_kelamin")
    coklit = row.get("coklit") or ""
    out = dict.fromkeys(KOLOM, 0)
    out["pemilih"] = 1
    if ms:
        out["ms"] = 1
        out["ms_l"] = int(jk == "L")
        out["ms_p"] = int(jk == "P")
        out["disabilitas"] = int((row.get("disabilitas") or "0") != "0")
    else:
        out["tms"] = 1
        if f"tms_{tms}" in out:
            out[f"tms_{tms}"] = 1
    out["baru"] = int(row.get("sumber") == "BARU")
    if coklit:
        out["coklit"] = 1
        key = f"coklit_{coklit.lower()}"
        if key in out:
            out[key] = 1
    return out


def selisih(lama: Mapping | None, baru: Mapping | None) -> dict[str, int]:
    """``hitungan(baru) - hitungan(lama)``; ``None`` for a row that did not / no longer exist."""
    a = hitungan(lama) if lama is not None else dict.fromkeys(KOLOM, 0)
    b = hitungan(baru) if baru is not None else dict.fromkeys(KOLOM, 0)
    return {k: b[k] - a[k] for k in KOLOM if b[k] != a[k]}
