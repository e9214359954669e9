"""Small charts drawn on the server as SVG: no script, no CDN, readable when printed.

Two kinds, the ones the monitoring pages need:

- :func:`garis`: lines over days (a burn-up: done so far against the plan), with a marker
  for the working date;
- :func:`batang`: horizontal bars per area (app and paper side by side) with the plan as a
  tick on each row.

Each chart is one ``<svg role="img">`` with a ``<title>`` and a ``<desc>`` that say in words
what it shows (screen readers read them; the page gives the same numbers as a table), visible
axis titles and tick labels, a legend, and lines that differ by dash as well as colour (so
they read in black and white and for colour-blind readers). Output is plain text with fixed
rounding, so the same data give the same bytes (the tests snapshot it).

Pure Python: no Django, so the PDF writer and the CLI use it too.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from xml.sax.saxutils import escape, quoteattr

HURUF = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', Arial, sans-serif"
WARNA_TEKS = "#1d2430"
WARNA_REDUP = "#5b6575"
WARNA_GARIS = "#d5dae1"

# The series of the monitoring pages, one look each (colour AND dash).
APLIKASI = {"warna": "#a4161a", "garis": "", "tebal": 3.0}
KERTAS = {"warna": "#1f5fa8", "garis": "7 4", "tebal": 2.5}
RENCANA = {"warna": "#3d4451", "garis": "2 4", "tebal": 2.0}
PERKIRAAN = {"warna": "#a4161a", "garis": "1 5", "tebal": 2.0}


@dataclass(frozen=True)
class Deret:
    """One series: a value (or None, no point) per category / x position."""

    nama: str
    nilai: Sequence[float | None]
    warna: str = WARNA_TEKS
    garis: str = ""
    """``stroke-dasharray``; empty for a solid line."""
    tebal: float = 2.5


def _f(x: float) -> str:
    """A coordinate with one decimal, without a trailing ``.0``."""
    teks = f"{x:.1f}"
    return teks[:-2] if teks.endswith(".0") else teks


def _angka(x: float, satuan: str = "") -> str:
    """A tick label the Indonesian way (decimal comma, thousands dot)."""
    if abs(x - round(x)) < 1e-9:
        teks = f"{round(x):,}".replace(",", ".")
    else:
        teks = f"{x:.1f}".replace(".", ",")
    return teks + satuan


def _langkah(maks: float, n: int = 5) -> float:
    """A round step for about ``n`` ticks up to ``maks``."""
    if maks <= 0:
        return 1.0
    kasar = maks / n
    pangkat = 10 ** math.floor(math.log10(kasar))
    for k in (1, 2, 2.5, 5, 10):
        if kasar <= k * pangkat:
            return k * pangkat
    return 10 * pangkat


def batas_atas(nilai: Sequence[float | None], minimum: float = 100.0) -> float:
    """The top of a percent axis: 100, or above it when a value passes it (new voters)."""
    tertinggi = max((v for v in nilai if v is not None), default=0.0)
    if tertinggi <= minimum:
        return minimum
    langkah = _langkah(tertinggi)
    return math.ceil(tertinggi / langkah) * langkah


def _teks(x: float, y: float, isi: str, *, anchor: str = "start", ukuran: int = 12,
          warna: str = WARNA_TEKS, tebal: bool = False, kelas: str = "", putar: int = 0) -> str:
    atribut = [f'x="{_f(x)}"', f'y="{_f(y)}"', f'font-size="{ukuran}"', f'fill="{warna}"']
    if anchor != "start":
        atribut.append(f'text-anchor="{anchor}"')
    if tebal:
        atribut.append('font-weight="700"')
    if kelas:
        atribut.append(f'class="{kelas}"')
    if putar:
        atribut.append(f'transform="rotate({putar} {_f(x)} {_f(y)})"')
    return f"<text {' '.join(atribut)}>{escape(isi)}</text>"


def _kepala(id_: str, lebar: float, tinggi: float, judul: str, keterangan: str,
            kelas: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="grafik {kelas}" id={quoteattr(id_)} '
        f'role="img" aria-labelledby="{id_}-judul {id_}-ket" viewBox="0 0 {_f(lebar)} '
        f'{_f(tinggi)}" width="{_f(lebar)}" height="{_f(tinggi)}" '
        f'preserveAspectRatio="xMinYMin meet" font-family={quoteattr(HURUF)}>',
        f'<title id="{id_}-judul">{escape(judul)}</title>',
        f'<desc id="{id_}-ket">{escape(keterangan)}</desc>',
        f'<rect x="0" y="0" width="{_f(lebar)}" height="{_f(tinggi)}" fill="#ffffff"/>',
        _teks(12, 22, judul, ukuran=15, tebal=True, kelas="judul-grafik"),
    ]


def _legenda(deret: Sequence[Deret], x: float, y: float, tambahan: Sequence[Deret] = (),
             *, kotak: bool = False) -> list[str]:
    """Swatches with names: a line per series (its dash), or a box (bar charts), then the
    ``tambahan`` entries as lines."""
    out = ['<g class="legenda">']
    for i, d in enumerate((*deret, *tambahan)):
        if kotak and i < len(deret):
            out.append(f'<rect x="{_f(x)}" y="{_f(y - 10)}" width="26" height="10" '
                       f'{_isi_batang(d)}/>')
        else:
            dash = f' stroke-dasharray="{d.garis}"' if d.garis else ""
            out.append(f'<line x1="{_f(x)}" y1="{_f(y - 4)}" x2="{_f(x + 26)}" '
                       f'y2="{_f(y - 4)}" stroke="{d.warna}" stroke-width="{_f(d.tebal)}"'
                       f'{dash}/>')
        out.append(_teks(x + 32, y, d.nama, ukuran=12))
        x += 32 + 7.2 * len(d.nama) + 22
    out.append("</g>")
    return out


def _isi_batang(d: Deret) -> str:
    """A solid bar, or (a series with a dash) a light bar with a solid outline, so two bars
    differ in more than colour."""
    if d.garis:
        return (f'fill="{d.warna}" fill-opacity="0.3" stroke="{d.warna}" '
                f'stroke-width="1.5"')
    return f'fill="{d.warna}"'


def garis(*, id: str, judul: str, keterangan: str, label_x: Sequence[str],
          deret: Sequence[Deret], sumbu_x: str, sumbu_y: str, y_maks: float | None = None,
          satuan: str = "%", tanda_x: int | None = None, label_tanda: str = "",
          lebar: int = 760, tinggi: int = 340) -> str:
    """A line chart: ``deret`` over the x positions ``label_x`` (days). ``tanda_x``: the
    index of the working date, drawn as a vertical line labelled ``label_tanda``."""
    n = len(label_x)
    semua = [v for d in deret for v in d.nilai]
    y_maks = y_maks if y_maks is not None else batas_atas(semua)
    kiri, kanan, atas, bawah = 62.0, 18.0, 62.0, 62.0
    lebar_plot, tinggi_plot = lebar - kiri - kanan, tinggi - atas - bawah

    def px(i: float) -> float:
        return kiri + (lebar_plot * i / (n - 1) if n > 1 else lebar_plot / 2)

    def py(v: float) -> float:
        return atas + tinggi_plot * (1 - min(max(v, 0.0), y_maks) / y_maks)

    out = _kepala(id, lebar, tinggi, judul, keterangan, "grafik-garis")
    out += _legenda(deret, kiri, 44)
    # grid and y ticks
    out.append('<g class="sumbu-y">')
    langkah = _langkah(y_maks)
    v = 0.0
    while v <= y_maks + 1e-9:
        y = py(v)
        out.append(f'<line x1="{_f(kiri)}" y1="{_f(y)}" x2="{_f(kiri + lebar_plot)}" '
                   f'y2="{_f(y)}" stroke="{WARNA_GARIS}" stroke-width="1"/>')
        out.append(_teks(kiri - 6, y + 4, _angka(v, satuan), anchor="end", ukuran=11,
                         warna=WARNA_REDUP))
        v += langkah
    out.append(_teks(16, atas + tinggi_plot / 2, sumbu_y, anchor="middle", ukuran=12,
                     warna=WARNA_REDUP, putar=-90, kelas="label-sumbu"))
    out.append("</g>")
    # x axis and ticks (at most about 12 labels)
    out.append('<g class="sumbu-x">')
    y0 = atas + tinggi_plot
    out.append(f'<line x1="{_f(kiri)}" y1="{_f(y0)}" x2="{_f(kiri + lebar_plot)}" y2="{_f(y0)}" '
               f'stroke="{WARNA_TEKS}" stroke-width="1"/>')
    setiap = max(1, math.ceil(n / 12))
    for i, label in enumerate(label_x):
        if i % setiap and i != n - 1:
            continue
        x = px(i)
        out.append(f'<line x1="{_f(x)}" y1="{_f(y0)}" x2="{_f(x)}" y2="{_f(y0 + 5)}" '
                   f'stroke="{WARNA_TEKS}" stroke-width="1"/>')
        out.append(_teks(x, y0 + 19, label, anchor="middle", ukuran=11, warna=WARNA_REDUP))
    out.append(_teks(kiri + lebar_plot / 2, tinggi - 12, sumbu_x, anchor="middle", ukuran=12,
                     warna=WARNA_REDUP, kelas="label-sumbu"))
    out.append("</g>")
    if tanda_x is not None and 0 <= tanda_x < n:
        x = px(tanda_x)
        out.append(f'<g class="tanda"><line x1="{_f(x)}" y1="{_f(atas)}" x2="{_f(x)}" '
                   f'y2="{_f(y0)}" stroke="{WARNA_REDUP}" stroke-width="1" '
                   f'stroke-dasharray="3 3"/>')
        anchor = "end" if tanda_x > n / 2 else "start"
        out.append(_teks(x + (-5 if anchor == "end" else 5), atas + 12, label_tanda,
                         anchor=anchor, ukuran=11, warna=WARNA_REDUP))
        out.append("</g>")
    # the series: one polyline per unbroken run of values
    for d in deret:
        dash = f' stroke-dasharray="{d.garis}"' if d.garis else ""
        out.append(f'<g class="deret" data-nama={quoteattr(d.nama)}>')
        run: list[str] = []
        for i, val in enumerate([*d.nilai, None]):
            if val is not None:
                run.append(f"{_f(px(i))},{_f(py(val))}")
                continue
            if len(run) == 1:
                x, y = run[0].split(",")
                out.append(f'<circle cx="{x}" cy="{y}" r="3" fill="{d.warna}"/>')
            elif run:
                out.append(f'<polyline points="{" ".join(run)}" fill="none" '
                           f'stroke="{d.warna}" stroke-width="{_f(d.tebal)}"{dash} '
                           f'stroke-linejoin="round" stroke-linecap="round"/>')
            run = []
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)


def _pendek(teks: str, maks: int) -> str:
    return teks if len(teks) <= maks else teks[:maks - 1] + "…"


def batang(*, id: str, judul: str, keterangan: str, kategori: Sequence[str],
           deret: Sequence[Deret], acuan: Sequence[float | None] | None = None,
           label_acuan: str = "", sumbu: str, x_maks: float | None = None,
           satuan: str = "%", lebar: int = 760) -> str:
    """Horizontal bars: one group per ``kategori`` (an area), one bar per ``deret``, and
    ``acuan`` (the plan) as a dark tick across each group."""
    semua = [v for d in deret for v in d.nilai] + list(acuan or [])
    x_maks = x_maks if x_maks is not None else batas_atas(semua)
    kiri, kanan, atas, bawah = 190.0, 52.0, 62.0, 52.0
    tinggi_batang, jarak = 12.0, 10.0
    tinggi_grup = tinggi_batang * len(deret) + jarak
    tinggi = int(atas + bawah + tinggi_grup * max(1, len(kategori)))
    lebar_plot = lebar - kiri - kanan

    def px(v: float) -> float:
        return kiri + lebar_plot * min(max(v, 0.0), x_maks) / x_maks

    out = _kepala(id, lebar, tinggi, judul, keterangan, "grafik-batang")
    tambahan = ([Deret(label_acuan, [], warna=RENCANA["warna"], tebal=3.0)]
                if acuan is not None else [])
    out += _legenda(deret, kiri, 44, tambahan, kotak=True)
    y_akhir = atas + tinggi_grup * max(1, len(kategori))
    out.append('<g class="sumbu-x">')
    langkah = _langkah(x_maks)
    v = 0.0
    while v <= x_maks + 1e-9:
        x = px(v)
        out.append(f'<line x1="{_f(x)}" y1="{_f(atas - 4)}" x2="{_f(x)}" y2="{_f(y_akhir)}" '
                   f'stroke="{WARNA_GARIS}" stroke-width="1"/>')
        out.append(_teks(x, y_akhir + 16, _angka(v, satuan), anchor="middle", ukuran=11,
                         warna=WARNA_REDUP))
        v += langkah
    out.append(_teks(kiri + lebar_plot / 2, tinggi - 10, sumbu, anchor="middle", ukuran=12,
                     warna=WARNA_REDUP, kelas="label-sumbu"))
    out.append("</g>")
    for k, nama in enumerate(kategori):
        y = atas + k * tinggi_grup
        out.append(f'<g class="kategori" data-nama={quoteattr(nama)}>')
        out.append(_teks(kiri - 8, y + tinggi_grup / 2 + 1, _pendek(nama, 26), anchor="end",
                         ukuran=12))
        for j, d in enumerate(deret):
            val = d.nilai[k] if k < len(d.nilai) else None
            yb = y + j * tinggi_batang
            if val is None:
                continue
            w = px(val) - kiri
            out.append(f'<rect x="{_f(kiri)}" y="{_f(yb)}" width="{_f(max(w, 0.5))}" '
                       f'height="{_f(tinggi_batang - 2)}" {_isi_batang(d)}/>')
            out.append(_teks(kiri + w + 4, yb + tinggi_batang - 3, _angka(round(val, 1), satuan),
                             ukuran=10, warna=WARNA_REDUP))
        if acuan is not None and k < len(acuan) and acuan[k] is not None:
            x = px(acuan[k])
            out.append(f'<line class="acuan" x1="{_f(x)}" y1="{_f(y - 3)}" x2="{_f(x)}" '
                       f'y2="{_f(y + tinggi_grup - jarak + 1)}" stroke="{RENCANA["warna"]}" '
                       f'stroke-width="3"/>')
        out.append("</g>")
    out.append("</svg>")
    return "\n".join(out)
