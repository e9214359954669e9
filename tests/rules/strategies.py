"""Hypothesis strategies shared by the rules tests."""

from __future__ import annotations

from datetime import date

from hypothesis import strategies as st

DIGITS = "0123456789"

kode_provinsi = st.integers(11, 99).map(lambda n: f"{n:02d}")
dua_digit_bukan_nol = st.integers(1, 99).map(lambda n: f"{n:02d}")


@st.composite
def kode_kecamatan(draw: st.DrawFn, dotted: bool | None = None) -> str:
    """A structurally valid kecamatan code, dotted or undotted."""
    parts = (draw(kode_provinsi), draw(dua_digit_bukan_nol), draw(dua_digit_bukan_nol))
    titik = draw(st.booleans()) if dotted is None else dotted
    return ".".join(parts) if titik else "".join(parts)


@st.composite
def kode_desa(draw: st.DrawFn) -> str:
    """A structurally valid dotted kelurahan/desa code."""
    kec = draw(kode_kecamatan(dotted=True))
    jenis = draw(st.sampled_from("123"))
    sisa = draw(st.integers(1, 999))
    return f"{kec}.{jenis}{sisa:03d}"


tanggal_lahir = st.dates(date(1900, 1, 1), date(2010, 12, 31))
jenis_kelamin = st.sampled_from(["L", "P"])
nomor_urut = st.integers(1, 9999)
status_kawin = st.sampled_from(["B", "S", "P"])
enam_belas_digit = st.text(alphabet=DIGITS, min_size=16, max_size=16)
