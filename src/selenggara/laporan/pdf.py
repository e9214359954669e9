"""PDF tables with fpdf2 (pure Python, no system libraries): what staff print for a rakor.

One landscape A4 page (or more) per table: a title, a line under it (the working date, the
area, who printed it), the table with its header repeated on every page, then the notes. The
built-in Helvetica has no glyphs outside Latin-1, so text is folded to it first (``–`` becomes
``-``, accents are kept where Latin-1 has them, anything else becomes ``?``): a PDF never fails
on a name.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass

_GANTI = {"\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2018": "'", "\u2019": "'",
          "\u201c": '"', "\u201d": '"', "\u2026": "...", "\u2264": "<=", "\u2265": ">=",
          "\u2192": "->", "\u00a0": " "}


def latin1(teks: str) -> str:
    """``teks`` in the characters the PDF core fonts can draw."""
    out = []
    for ch in str(teks):
        ch = _GANTI.get(ch, ch)
        try:
            ch.encode("latin-1")
            out.append(ch)
        except UnicodeEncodeError:
            dasar = unicodedata.normalize("NFKD", ch).encode("latin-1", "ignore").decode("latin-1")
            out.append(dasar or "?")
    return "".join(out)


@dataclass(frozen=True)
class KolomPDF:
    judul: str
    lebar: float = 1.0
    """Relative width."""
    kanan: bool = False
    """Right-aligned (numbers)."""


def tabel(*, judul: str, subjudul: str, kolom: Sequence[KolomPDF], baris: Sequence[Sequence[str]],
          catatan: Sequence[str] = (), svg: str | None = None, penulis: str = "Selenggara"
          ) -> bytes:
    """A PDF of one table (cells already formatted as text). ``svg``: a chart drawn above it
    (fpdf2 renders the SVG's shapes; it is skipped if fpdf2 cannot read it)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(orientation="L", unit="mm", format="A4")
    pdf.set_title(latin1(judul))
    pdf.set_author(latin1(penulis))
    pdf.set_creator("Selenggara")
    pdf.set_auto_page_break(auto=True, margin=12)
    pdf.set_margins(10, 10, 10)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 13)
    pdf.multi_cell(0, 6, latin1(judul), new_x="LMARGIN", new_y="NEXT")
    if subjudul:
        pdf.set_font("Helvetica", "", 9)
        pdf.multi_cell(0, 5, latin1(subjudul), new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    if svg:
        # <title> and <desc> are for screen readers; fpdf2 would only warn about them.
        svg = re.sub(r"<(title|desc)\b[^>]*>.*?</\1>", "", svg, flags=re.S)
        try:
            pdf.image(io.BytesIO(svg.encode("utf-8")), w=min(200, pdf.epw))
            pdf.ln(2)
        except Exception:  # a chart fpdf2 cannot draw must not cost the table
            pass
    n = len(kolom)
    ukuran = 8 if n <= 12 else 7 if n <= 16 else 6
    pdf.set_font("Helvetica", "", ukuran)
    total = sum(k.lebar for k in kolom) or 1
    lebar = [pdf.epw * k.lebar / total for k in kolom]
    rata = tuple("RIGHT" if k.kanan else "LEFT" for k in kolom)
    kepala = FontFace(emphasis="BOLD", fill_color=(238, 240, 243))
    with pdf.table(col_widths=lebar, text_align=rata, headings_style=kepala,
                   line_height=ukuran * 0.55, repeat_headings=1,
                   borders_layout="HORIZONTAL_LINES", padding=1) as t:
        row = t.row()
        for k in kolom:
            row.cell(latin1(k.judul))
        for b in baris:
            row = t.row()
            for sel in b:
                row.cell(latin1("" if sel is None else str(sel)))
    if catatan:
        pdf.ln(3)
        pdf.set_font("Helvetica", "", 8)
        for c in catatan:
            pdf.multi_cell(0, 4, latin1(c), new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
