"""KPU, PPK and PPS: monitoring coklit (/pps/pantau/), its exports and the plan.

The page of an area (``?wilayah=<id>``, default: the caller's own) or of a TPS (``?tps=<id>``)
as of the working date or an earlier one (``?tanggal=YYYY-MM-DD``); ``?hari=N`` sets how many
days without a sync put a Pantarlih on the list. Everything comes from
:mod:`selenggara.coklit.pantau` (counter rows only), read through the scope helper, and each
table can be downloaded as XLSX, PDF or CSV with exactly the same rows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import escape
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from selenggara.errors import Jenis, ServiceError, masalah
from selenggara.laporan.ekspor import ANGKA, DESIMAL, FORMAT, PERSEN, TANGGAL, Tabel, ekspor
from selenggara.petugas.models import Peran
from selenggara.petugas.scope import get_scoped_or_404
from selenggara.rules.problem import gettext_noop
from selenggara.web import jam
from selenggara.web.templatetags.selenggara_ui import nama_wilayah
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from .. import pantau as pantau_mod
from .. import rencana as rencana_mod
from .pps import akses, konteks

MAKS_HARI = 31


# -- what the request asks for ------------------------------------------------------------------


def _int(raw: str | None) -> int | None:
    try:
        return int(raw) if raw else None
    except ValueError:
        raise Http404 from None


def _node(request):
    """The area or TPS asked for (404 outside the caller's scope), the caller's root area, and
    the areas between them (the breadcrumb)."""
    scope = request.scope
    akar = pantau_mod.akar(scope)
    if akar is None:
        return None, None, []
    tps_id, wil_id = _int(request.GET.get("tps")), _int(request.GET.get("wilayah"))
    if tps_id is not None:
        node = get_scoped_or_404(TPS.objects.select_related("kelurahan__induk__induk"), scope,
                                 pk=tps_id)
        atas = node.kelurahan
    elif wil_id is not None:
        node = get_scoped_or_404(Wilayah.objects.select_related("induk__induk"), scope,
                                 pk=wil_id, tingkat__gte=Tingkat.KABKOTA)
        atas = node.induk
    else:
        node, atas = akar, None
    kode_node = node.kelurahan.kode if isinstance(node, TPS) else node.kode
    if kode_node != akar.kode and not kode_node.startswith(akar.kode + "."):
        raise Http404  # a superuser's election is one kab/kota; the rest is not its page
    leluhur = []
    while atas is not None and node != akar:
        leluhur.append(atas)
        if atas.pk == akar.pk:
            break
        atas = atas.induk
    return node, akar, list(reversed(leluhur))


def _tanggal(request) -> date | None:
    raw = request.GET.get("tanggal")
    if not raw:
        return None
    try:
        return date.fromisoformat(raw)
    except ValueError:
        return None


def _hari(request) -> int:
    n = _int(request.GET.get("hari"))
    return min(max(n, 1), MAKS_HARI) if n else pantau_mod.TANPA_SINKRON_HARI


def _baca(request):
    node, akar, leluhur = _node(request)
    if node is None:
        return None, None, []
    data = pantau_mod.pantau(request.scope, node, tanggal=_tanggal(request),
                             tanpa_sinkron_hari=_hari(request))
    return data, akar, leluhur


# -- tables as the page shows them --------------------------------------------------------------


@dataclass
class TabelTampil:
    id: str
    tabel: Tabel
    kepala: list[tuple[str, bool]]
    badan: str
    """The table's rows as markup, built in one pass in :func:`_tampil` rather than cell by
    cell in the template (a kab/kota table has thousands of cells; every text is escaped)."""
    baris: int
    """How many rows (the template shows "no rows" for 0)."""
    ekspor: list[tuple[str, str]] = field(default_factory=list)


class _Format:
    """Cell texts for one request: the active language's separators looked up once, and each
    distinct date formatted once (Django's per-cell ``number_format``/``date_format`` were most
    of a large table's cost)."""

    def __init__(self) -> None:
        self.ribuan = formats.get_format("THOUSAND_SEPARATOR")
        self.desimal = formats.get_format("DECIMAL_SEPARATOR")
        self._tanggal: dict = {}

    def teks(self, nilai, jenis: str) -> str:
        if nilai is None or nilai == "":
            return "–"
        if jenis == TANGGAL:
            teks = self._tanggal.get(nilai)
            if teks is None:
                teks = (formats.date_format(timezone.localtime(nilai), "d-m-Y H:i")
                        if isinstance(nilai, datetime) else formats.date_format(nilai, "d-m-Y"))
                self._tanggal[nilai] = teks
            return teks
        if jenis in (PERSEN, DESIMAL, ANGKA):
            teks = f"{nilai:,.1f}" if jenis != ANGKA else f"{int(nilai):,}"
            return teks.replace(",", "\0").replace(".", self.desimal).replace("\0", self.ribuan)
        return str(nilai)


def _format(request) -> _Format:
    fmt = getattr(request, "_pantau_format", None)
    if fmt is None:
        fmt = request._pantau_format = _Format()
    return fmt


_ANGKA = (ANGKA, PERSEN, DESIMAL)


def _tampil(request, tabel: Tabel, *, tautan: str = "nama") -> TabelTampil:
    """``tabel`` as markup; the ``tautan`` column links each row to its own page (drill-down),
    keeping the date and the no-sync days asked for."""
    tetap = urlencode({k: v for k, v in request.GET.items() if k in ("tanggal", "hari")})
    tetap = f"&amp;{tetap}" if tetap else ""
    fmt = _format(request)
    # Per column, once: the cell's opening tag, and whether it carries the drill-down link.
    kolom = []
    for k in tabel.kolom:
        if k.kunci == "nama":
            buka, tutup = '<th scope="row" class="kiri">', "</th>"
        else:
            buka, tutup = ("<td>" if k.jenis in _ANGKA else '<td class="kiri">'), "</td>"
        kolom.append((k.kunci, k.jenis, buka, tutup, k.kunci == tautan))
    out = []
    for row in tabel.baris:
        objek = row.get("_objek")
        sel = []
        for kunci, jenis, buka, tutup, taut in kolom:
            isi = escape(fmt.teks(row.get(kunci), jenis))
            if taut and objek and objek[1] is not None:
                param = "tps" if objek[0] == "tps" else "wilayah"
                isi = f'<a href="?{param}={int(objek[1])}{tetap}">{isi}</a>'
            sel.append(f"{buka}{isi}{tutup}")
        kelas = row.get("_status", "")
        kelas = f' class="status-{escape(kelas)}"' if kelas else ""
        out.append(f"<tr{kelas}>{''.join(sel)}</tr>")
    query = request.GET.urlencode()
    unduh = [(fmt_.upper(), reverse("pps:pantau_ekspor", args=[tabel.nama, fmt_])
              + (f"?{query}" if query else "")) for fmt_ in FORMAT]
    return TabelTampil(id=f"tabel-{tabel.nama}", tabel=tabel,
                       kepala=[(k.judul, k.jenis in _ANGKA) for k in tabel.kolom],
                       badan=mark_safe("\n".join(out)),  # built from escaped parts only
                       baris=len(out), ekspor=unduh)


# -- pages ----------------------------------------------------------------------------------------


@akses
@require_GET
def pantau(request):
    data, akar, leluhur = _baca(request)
    if data is None:
        return render(request, "coklit/pps/pantau_tanpa_pemilihan.html", konteks(
            request, tab="pantau"))
    tabel = {"progres": _tampil(request, data.tabel_progres()),
             "harian": _tampil(request, data.tabel_harian()),
             "tanpa_sinkron": _tampil(request, data.tabel_tanpa_sinkron(), tautan="tps"),
             "dikembalikan": _tampil(request, data.tabel_dikembalikan(), tautan="tps")}
    if not data.di_tps:
        tabel["hasil"] = _tampil(request, data.tabel_hasil())
        tabel["tertinggal"] = _tampil(request, data.tabel_tertinggal())
    tetap = {k: v for k, v in request.GET.items() if k in ("tanggal", "hari")}
    remah = [(nama_wilayah(w), "?" + urlencode({"wilayah": w.pk, **tetap})) for w in leluhur]
    return render(request, "coklit/pps/pantau.html", konteks(
        request, data=data, akar=akar, remah=remah, tabel=tabel,
        grafik_burnup=mark_safe(data.grafik_burnup()),
        grafik_anak=mark_safe(data.grafik_anak()),
        penjelasan=_(pantau_mod.PENJELASAN_SELISIH), catatan_tms8=_(pantau_mod.CATATAN_TMS8),
        tanggal_iso=data.tanggal.isoformat(), hari_ini_iso=data.waktu.hari_ini.isoformat(),
        hari=data.tanpa_sinkron_hari, tab="pantau"))


@akses
@require_GET
def pantau_ekspor(request, tabel: str, format: str):
    if format not in FORMAT:
        raise Http404
    data, _akar, _leluhur = _baca(request)
    if data is None:
        raise Http404
    t = data.tabel(tabel)
    if t is None:
        raise Http404
    svg = data.grafik_burnup() if tabel in ("progres", "harian") and format == "pdf" else None
    isi, jenis, nama = ekspor(t, format, svg=svg)
    resp = HttpResponse(isi, content_type=jenis)
    resp["Content-Disposition"] = f'attachment; filename="{nama}"'
    return resp


# -- the plan -------------------------------------------------------------------------------------

BARIS_FORM = 8


def _baca_titik(post) -> tuple[list[tuple[date, str]], list]:
    """The filled rows of the plan form, and what could not be read (as problems)."""
    titik, salah = [], []
    for i in range(rencana_mod.MAKS_TITIK):
        t_raw = (post.get(f"tanggal_{i}") or "").strip()
        p_raw = (post.get(f"persen_{i}") or "").strip()
        if not t_raw and not p_raw:
            continue
        try:
            d = date.fromisoformat(t_raw)
        except ValueError:
            salah.append(masalah("titik", "rencana_tanggal", gettext_noop(
                "Baris %(no)s: tanggal belum diisi atau tidak terbaca."), no=i + 1))
            continue
        p = rencana_mod.baca_persen(p_raw)
        if p is None:
            salah.append(masalah("titik", "rencana_persen", gettext_noop(
                "Baris %(no)s: persen belum diisi atau bukan angka (contoh: 57,5)."), no=i + 1))
            continue
        titik.append((d, p))
    return titik, salah


@akses
@require_http_methods(["GET", "POST"])
def pantau_rencana(request):
    scope = request.scope
    boleh = scope.has_role(Peran.KPU) and scope.pemilihan_id is not None
    galat: list[str] = []
    isian = None
    status = 200
    if request.method == "POST":
        try:
            if request.POST.get("aksi") == "bawaan":
                rencana_mod.kembali_bawaan(request.user)
                messages.success(request, _("Rencana coklit kembali ke rencana bawaan."))
                return redirect("pps:pantau_rencana")
            titik, salah = _baca_titik(request.POST)
            if salah:
                raise ServiceError(salah, _("Rencana tidak disimpan: perbaiki baris yang "
                                            "disebut."))
            rencana_mod.simpan(request.user, titik)
        except ServiceError as exc:
            if exc.jenis != Jenis.TIDAK_VALID:
                raise
            galat = [m for ms in exc.galat.values() for m in ms] or [exc.pesan]
            status = 422
            isian = [(request.POST.get(f"tanggal_{i}", ""), request.POST.get(f"persen_{i}", ""))
                     for i in range(BARIS_FORM)]
        else:
            messages.success(request, _("Rencana coklit disimpan."))
            return redirect("pps:pantau_rencana")
    rencana = rencana_mod.untuk(scope.pemilihan_id)
    if isian is None:
        isian = [(d.isoformat(), rencana_mod.teks_persen(p))
                 for d, p in (rencana.titik if rencana and rencana.sendiri else ())]
        isian += [("", "")] * max(0, BARIS_FORM - len(isian))
    hari = []
    if rencana is not None:
        d = rencana.mulai
        while d <= rencana.akhir:
            hari.append((d, rencana.hari_ke(d), rencana.persen(d)))
            d += timedelta(days=1)
    return render(request, "coklit/pps/pantau_rencana.html", konteks(
        request, rencana=rencana, boleh_ubah=boleh, galat=galat, isian=list(enumerate(isian)),
        hari_rencana=hari, hari_ini=jam.hari_ini(), tab="pantau"), status=status)
