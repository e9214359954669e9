"""Coklit as the commission sees it: the monitoring read model behind /pps/pantau/, its
exports and ``selenggara pantau coklit``.

**What it reads.** Counter rows only, never voters or change rows:

- ``pemilih.RekapHarian`` (the register's counters per day: ``pemilih`` listed, ``coklit``
  checked in the app, its outcomes ``coklit_sesuai/ubah/tms/baru``, ``tms_1..7``);
- ``coklit.RekapCoklitHarian`` (the workflow's per day: ``kertas`` the Pantarlih's own count on
  paper, ``stiker``, ``menunggu`` the PPS backlog, ``dikembalikan``...);
- ``coklit.AktivitasPantarlih`` (per Pantarlih: last sync, changes sent, returned by PPS) and
  ``coklit.LaporanKertas`` (per Pantarlih per day) for the Pantarlih rows and lists;
- the plan (``coklit.rencana``: the coklit stage and KPU's points).

The daily tables hold each day's *change*; a value "as of" day D is the sum of the rows up to D
(:func:`baca_hitungan` asks the database for it, with the last days kept apart for the pace and
the burn-up). So a page costs a fixed number of queries that read O(areas shown × days) counter
rows, whatever the number of voters; ``tests/coklit/test_pantau.py`` proves the count does not
grow with the voters.

**What it computes**, per area row (the "as of" date is the working date, ``jam.hari_ini()``,
unless one is asked for):

- ``aplikasi`` / ``kertas``: voters checked in the app / reported on paper, each with its % of
  the voters listed (``pemilih``);
- ``rencana``: the plan's % for that date (``Rencana.persen``) and the voters it means;
- ``kurang``: voters behind the plan, measured on the better of app and paper (an area whose
  Pantarlih only synced late is not "behind": ``belum_sinkron`` = paper − app shows that);
- ``laju``: the average number of voters checked in the app per day over the last
  :data:`LAJU_HARI` complete days (today, still running, is left out);
- ``perkiraan``: the day the app reaches 100% at that pace;
- ``perlu``: voters per day still needed in the app to finish by the plan's last day.

Laggards: TPS furthest behind the plan (in voters), Pantarlih without a sync for N days
(default :data:`TANPA_SINKRON_HARI`), Pantarlih with the most changes returned by PPS.

What the counters cannot say: TMS 8 (wrong TPS) is a move, counted as Ubah at the new TPS,
never as a TMS; ``tms_1..7`` count every voter marked TMS on the list, including those marked
before coklit. The sync and no-sync lists are the state now, whatever date is asked for.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta

from django.db.models import (
    Case,
    DateField,
    ExpressionWrapper,
    F,
    FloatField,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from selenggara.laporan import grafik
from selenggara.laporan.ekspor import ANGKA, DESIMAL, PERSEN, TANGGAL, TEKS, Kolom, Tabel
from selenggara.pemilih.models import Rekap, RekapHarian
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import Scope, scoped
from selenggara.web import jam
from selenggara.wilayah.hierarki import TINGKAT_TPS
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

from . import rencana as rencana_mod
from .models import AktivitasPantarlih, LaporanKertas, RekapCoklit, RekapCoklitHarian
from .rencana import Rencana

LAJU_HARI = 3
"""The pace is the average of this many last complete days."""
TANPA_SINKRON_HARI = 2
"""A Pantarlih without a sync for this many days is listed (``?hari=`` changes it)."""
MAKS_DAFTAR = 15
"""Rows of each laggard list."""
MAKS_HARI_PERKIRAAN = 366
"""Beyond a year at the current pace, no date is given (the pace is as good as none)."""
HARI_TANPA_RENCANA = 14
"""Days the burn-up shows when the election has no coklit stage (so no plan)."""

KOLOM_PEMILIH = ("pemilih", "coklit", "coklit_sesuai", "coklit_ubah", "coklit_tms",
                 "coklit_baru", "tms", "tms_1", "tms_2", "tms_3", "tms_4", "tms_5", "tms_6",
                 "tms_7", "baru")
KOLOM_COKLIT = ("kertas", "stiker", "menunggu", "dikembalikan", "kiriman")
_SEBELUM_DUNIA = datetime(2001, 1, 1)
"""AktivitasPantarlih keeps 2000-01-01 as the "sync" of a Pantarlih who only got a change back
from PPS: anything before this is "never synced"."""

PENJELASAN_SELISIH = (
    "Pantarlih mencatat coklit di kertas pada siang hari, lalu menyinkronkan aplikasi pada "
    "malam hari atau beberapa hari kemudian bila sinyal buruk, sehingga angka aplikasi "
    "tertinggal dari angka kertas: selisihnya (Belum sinkron) adalah pemilih yang sudah "
    "dikunjungi tetapi belum masuk aplikasi.")
CATATAN_TMS8 = (
    "TMS 8 (salah TPS) tidak dihitung sebagai TMS: pemilih dipindah ke TPS yang benar di "
    "kelurahan yang sama dan tercatat sebagai Ubah di TPS tujuan, jadi penghitung coklit tidak "
    "dapat menampilkannya terpisah. TMS 1-7 menghitung semua pemilih bertanda TMS di daftar, "
    "termasuk yang sudah TMS sebelum coklit.")

CATATAN_LAJU = (
    "Laju: rata-rata pemilih per hari yang masuk aplikasi dalam 3 hari penuh terakhir. "
    "Perkiraan selesai: tanggal aplikasi mencapai 100 persen dengan laju itu. Perlu per hari: "
    "pemilih per hari yang masih harus masuk aplikasi agar selesai pada akhir rencana.")


# -- reading the daily counters -------------------------------------------------------------------


@dataclass
class Deret:
    """One object's counters: totals up to the date asked for, and the change of each day from
    ``sejak`` on (earlier days are only in the totals)."""

    total: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    harian: dict[date, dict[str, int]] = field(default_factory=dict)

    def pada(self, kunci: str, hari: date) -> int:
        """The counter as of the end of ``hari`` (a day inside the window, or later)."""
        return self.total.get(kunci, 0) - sum(v.get(kunci, 0) for d, v in self.harian.items()
                                              if d > hari)

    def pada_hari(self, kunci: str, hari: date) -> int:
        """The change on ``hari`` alone."""
        return self.harian.get(hari, {}).get(kunci, 0)


def baca_hitungan(model, kolom: tuple[str, ...], scope: Scope, pemilihan_id: int | None,
                  objek: dict[int, object], tanggal: date, sejak: date | None
                  ) -> dict[tuple[int, int], Deret]:
    """``{(tingkat, id): Deret}`` for the objects ``objek`` (``{tingkat: ids or a subquery of
    ids}``) from a daily counter table (``RekapHarian`` or ``RekapCoklitHarian``), up to
    ``tanggal``; each day from ``sejak`` on kept apart. One query, through the scope helper."""
    q = Q()
    for tingkat, ids in objek.items():
        q |= Q(tingkat=tingkat, objek_id__in=ids)
    if not q:
        return {}
    qs = scoped(model.objects.filter(tanggal__lte=tanggal), scope).filter(q)
    if pemilihan_id is not None:
        qs = qs.filter(pemilihan_id=pemilihan_id)
    hari = (Case(When(tanggal__gte=sejak, then=F("tanggal")), default=Value(None),
                 output_field=DateField()) if sejak is not None
            else Value(None, output_field=DateField()))
    rows = (qs.annotate(hari=hari).values("tingkat", "objek_id", "hari")
            .annotate(**{f"j_{k}": Sum(k) for k in kolom}).order_by())
    out: dict[tuple[int, int], Deret] = defaultdict(Deret)
    for r in rows:
        deret = out[(r["tingkat"], r["objek_id"])]
        nilai = {k: r[f"j_{k}"] or 0 for k in kolom}
        for k, v in nilai.items():
            deret.total[k] += v
        if r["hari"] is not None:
            deret.harian[r["hari"]] = nilai
    return out


# -- one row --------------------------------------------------------------------------------------


@dataclass
class Baris:
    """One row of a monitoring table: an area, a TPS or a Pantarlih, with its numbers."""

    jenis: str  # "wilayah", "tps", "pantarlih"
    id: int
    kode: str
    nama: str
    induk: str = ""
    tingkat: int = 0
    pemilih: int = 0
    aplikasi: int = 0
    kertas: int = 0
    aplikasi_hari_ini: int = 0
    rencana_persen: float | None = None
    rencana_pemilih: int | None = None
    laju: float | None = None
    perkiraan: date | None = None
    perlu: int | None = None
    lewat_rencana: bool = False
    hitung: dict[str, int] = field(default_factory=dict)
    terakhir_sinkron: datetime | None = None
    hari_tanpa_sinkron: int | None = None
    kiriman: int = 0
    dikembalikan: int = 0
    laporan_kertas_terakhir: date | None = None
    aktif: bool = True
    tps_id: int | None = None
    """A Pantarlih row's TPS."""

    @property
    def persen_aplikasi(self) -> float:
        return _persen(self.aplikasi, self.pemilih)

    @property
    def persen_kertas(self) -> float:
        return _persen(self.kertas, self.pemilih)

    @property
    def kurang(self) -> int | None:
        """Voters behind the plan on the better of app and paper (negative: ahead)."""
        if self.rencana_pemilih is None:
            return None
        return self.rencana_pemilih - max(self.aplikasi, self.kertas)

    @property
    def belum_sinkron(self) -> int:
        """Voters reported on paper but not yet in the app (never negative)."""
        return max(0, self.kertas - self.aplikasi)

    @property
    def sisa(self) -> int:
        return max(0, self.pemilih - self.aplikasi)

    @property
    def status(self) -> str:
        if not self.pemilih:
            return ""
        if self.aplikasi >= self.pemilih:
            return "selesai"
        if self.rencana_pemilih is None:
            return ""
        if self.aplikasi >= self.rencana_pemilih:
            return "sesuai"
        if self.kertas >= self.rencana_pemilih:
            return "belum_sinkron"
        return "tertinggal"

    def ke_json(self) -> dict:
        """What ``selenggara pantau coklit --format json`` prints for the row."""
        return {"kode": self.kode, "nama": self.nama, "pemilih": self.pemilih,
                "selesai_aplikasi": self.aplikasi, "selesai_kertas": self.kertas,
                "rencana": self.rencana_persen, "persen": self.persen_aplikasi}


def _persen(a: int, b: int) -> float:
    return round(100 * a / b, 1) if b else 0.0


MAKS_HARI_GRAFIK = 45
"""Coklit lasts a month (31 days in 2024): a burn-up of 45 days holds it with room to spare."""


@dataclass(frozen=True)
class Waktu:
    """The dates every number of one reading refers to."""

    tanggal: date
    """The "as of" date (end of that day; the working date by default)."""
    hari_ini: date
    """The working date (``jam.hari_ini``): a day not yet over is not a full day of pace."""
    rencana: Rencana | None

    @property
    def akhir_laju(self) -> date:
        """The last complete day: ``tanggal`` itself if it is over, else the day before."""
        return self.tanggal if self.tanggal < self.hari_ini else self.tanggal - timedelta(days=1)

    @property
    def hari_laju(self) -> list[date]:
        akhir = self.akhir_laju
        hari = [akhir - timedelta(days=i) for i in range(LAJU_HARI - 1, -1, -1)]
        if self.rencana is not None:
            hari = [d for d in hari if d >= self.rencana.mulai]
        return hari

    @property
    def awal_grafik(self) -> date:
        if self.rencana is not None:
            return min(self.rencana.mulai, self.tanggal)
        return self.tanggal - timedelta(days=HARI_TANPA_RENCANA - 1)

    @property
    def akhir_grafik(self) -> date:
        """The burn-up runs to the plan's end or the date read, but never more than
        ``MAKS_HARI_GRAFIK`` days from its start (read long after coklit, the chart and the
        daily table stay the coklit month, not every day since)."""
        akhir = max(self.rencana.selesai, self.tanggal) if self.rencana else self.tanggal
        return min(akhir, self.awal_grafik + timedelta(days=MAKS_HARI_GRAFIK - 1))

    @property
    def sejak(self) -> date:
        """The first day read apart (the burn-up's first day, or the pace's)."""
        return min(self.awal_grafik, self.akhir_laju - timedelta(days=LAJU_HARI))


def _isi(b: Baris, dp: Deret | None, dc: Deret | None, w: Waktu) -> Baris:
    """Fill an area's or TPS's numbers from its two counter series."""
    dp, dc = dp or Deret(), dc or Deret()
    b.pemilih = dp.total.get("pemilih", 0)
    b.aplikasi = dp.total.get("coklit", 0)
    b.kertas = dc.total.get("kertas", 0)
    b.aplikasi_hari_ini = dp.pada_hari("coklit", w.tanggal)
    b.hitung = {**{k: dp.total.get(k, 0) for k in KOLOM_PEMILIH},
                **{k: dc.total.get(k, 0) for k in KOLOM_COKLIT}}
    hari = w.hari_laju
    if hari:
        b.laju = sum(dp.pada_hari("coklit", d) for d in hari) / len(hari)
    if w.rencana is not None:
        b.rencana_persen = w.rencana.persen(w.tanggal)
        b.rencana_pemilih = w.rencana.pemilih(w.tanggal, b.pemilih)
    _perkirakan(b, w)
    return b


def _perkirakan(b: Baris, w: Waktu) -> None:
    sisa = b.sisa
    if sisa == 0:
        return
    akhir = w.akhir_laju
    if b.laju is not None and b.laju > 0:
        hari = math.ceil(sisa / b.laju)
        b.perkiraan = akhir + timedelta(days=hari) if hari <= MAKS_HARI_PERKIRAAN else None
    if w.rencana is not None:
        tersisa = (w.rencana.akhir - akhir).days
        if tersisa > 0:
            b.perlu = math.ceil(sisa / tersisa)
        else:
            b.lewat_rencana = True


# -- the page -------------------------------------------------------------------------------------


@dataclass
class Titik:
    """One day of the burn-up."""

    tanggal: date
    hari_ke: int | None
    aplikasi: int | None
    kertas: int | None
    persen_aplikasi: float | None
    persen_kertas: float | None
    rencana: float | None


@dataclass
class Pantauan:
    """Everything one monitoring page (or export) shows for one area or TPS."""

    scope: Scope
    pemilihan_id: int | None
    waktu: Waktu
    node: Wilayah | TPS
    total: Baris
    anak: list[Baris]
    tingkat_anak: int | None
    """Level of the rows (3, 4, 5 = TPS), None for the Pantarlih rows of a TPS."""
    deret: list[Titik]
    tertinggal: list[Baris]
    tanpa_sinkron: list[Baris]
    jumlah_tanpa_sinkron: int
    tanpa_sinkron_hari: int
    dikembalikan: list[Baris]

    @property
    def tanggal(self) -> date:
        return self.waktu.tanggal

    @property
    def rencana(self) -> Rencana | None:
        return self.waktu.rencana

    @property
    def di_tps(self) -> bool:
        return isinstance(self.node, TPS)

    @property
    def nama_node(self) -> str:
        return nama_objek(self.node)

    @property
    def label_anak(self) -> str:
        return label_tingkat(self.tingkat_anak)

    @property
    def per_anak(self) -> str:
        """The rows' level as in "per kecamatan", "per TPS"."""
        return per_tingkat(self.tingkat_anak)

    @property
    def hari_ke(self) -> int | None:
        return self.rencana.hari_ke(self.tanggal) if self.rencana else None

    # -- tables ---------------------------------------------------------------------------------

    def _judul(self, apa: str) -> str:
        return f"{apa} · {self.nama_node} · {tanggal_panjang(self.tanggal)}"

    def subjudul(self) -> str:
        bagian = [_("Per akhir %(tgl)s (tanggal kerja %(kerja)s)") % {
            "tgl": tanggal_panjang(self.tanggal), "kerja": tanggal_panjang(self.waktu.hari_ini)}]
        if self.hari_ke is not None:
            bagian.append(_("hari ke-%(n)s coklit") % {"n": self.hari_ke})
        if self.rencana is not None:
            bagian.append(_("rencana %(p)s%% (%(jenis)s, 100%% pada %(akhir)s)") % {
                "p": angka_id(self.total.rencana_persen), "akhir": tanggal_panjang(
                    self.rencana.akhir),
                "jenis": _("ditetapkan KPU") if self.rencana.sendiri else _("bawaan")})
        return " · ".join(bagian)

    def _tabel(self, nama: str, apa: str, kolom, baris, catatan=()) -> Tabel:
        return Tabel(nama=nama, judul=self._judul(apa), kolom=kolom, baris=baris,
                     subjudul=self.subjudul(), catatan=list(catatan),
                     berkas=f"coklit-{nama}-{_slug(self.nama_node)}-{self.tanggal.isoformat()}")

    def tabel_progres(self) -> Tabel:
        if self.di_tps:
            return self.tabel_pantarlih()
        return tabel_progres(self.anak, self.label_anak, judul=self._judul(
            _("Progres coklit per %(apa)s") % {"apa": self.per_anak}),
            subjudul=self.subjudul(),
            berkas=f"coklit-progres-{_slug(self.nama_node)}-{self.tanggal.isoformat()}")

    def tabel_hasil(self) -> Tabel:
        kolom = [Kolom("kode", _("Kode"), TEKS, 1.4), Kolom("nama", self.label_anak, TEKS, 2.2),
                 Kolom("sesuai", _("Sesuai"), ANGKA), Kolom("ubah", _("Ubah"), ANGKA),
                 Kolom("baru", _("Baru"), ANGKA), Kolom("coklit_tms", _("TMS (coklit)"), ANGKA)]
        kolom += [Kolom(f"tms_{i}", f"TMS {i}", ANGKA, 0.8) for i in range(1, 8)]
        kolom += [Kolom("stiker", _("Stiker"), ANGKA), Kolom("menunggu", _("Menunggu PPS"), ANGKA),
                  Kolom("dikembalikan", _("Dikembalikan"), ANGKA)]
        baris = [{"kode": b.kode, "nama": b.nama, "sesuai": b.hitung.get("coklit_sesuai", 0),
                  "ubah": b.hitung.get("coklit_ubah", 0), "baru": b.hitung.get("coklit_baru", 0),
                  "coklit_tms": b.hitung.get("coklit_tms", 0),
                  **{f"tms_{i}": b.hitung.get(f"tms_{i}", 0) for i in range(1, 8)},
                  "stiker": b.hitung.get("stiker", 0), "menunggu": b.hitung.get("menunggu", 0),
                  "dikembalikan": b.hitung.get("dikembalikan", 0), "_objek": (b.jenis, b.id)}
                 for b in self.anak]
        return self._tabel("hasil", _("Hasil coklit per %(apa)s") % {
            "apa": self.per_anak}, kolom, baris, [
            _(CATATAN_TMS8), _("Menunggu PPS: perubahan yang belum ditinjau PPS. "
                               "Dikembalikan: perubahan yang dikembalikan PPS ke Pantarlih.")])

    def tabel_tertinggal(self) -> Tabel:
        kolom = [Kolom("kode", _("Kode TPS"), TEKS, 1.6), Kolom("nama", _("TPS"), TEKS, 2.2),
                 Kolom("induk", _("Kelurahan/desa"), TEKS, 1.8),
                 Kolom("pemilih", _("Pemilih"), ANGKA), Kolom("aplikasi", _("Aplikasi"), ANGKA),
                 Kolom("kertas", _("Kertas"), ANGKA),
                 Kolom("rencana_pemilih", _("Rencana"), ANGKA),
                 Kolom("kurang", _("Kurang dari rencana"), ANGKA, 1.3)]
        baris = [{"kode": b.kode, "nama": b.nama, "induk": b.induk, "pemilih": b.pemilih,
                  "aplikasi": b.aplikasi, "kertas": b.kertas,
                  "rencana_pemilih": b.rencana_pemilih, "kurang": b.kurang,
                  "_objek": ("tps", b.id)} for b in self.tertinggal]
        return self._tabel("tertinggal", _("TPS paling tertinggal dari rencana"), kolom, baris, [
            _("Diurutkan menurut kekurangan terhadap rencana, dihitung dengan angka terbaik yang "
              "diketahui (aplikasi atau kertas, mana yang lebih besar).")])

    def tabel_tanpa_sinkron(self) -> Tabel:
        kolom = [Kolom("nama", _("Pantarlih"), TEKS, 2.2), Kolom("tps", _("TPS"), TEKS, 1.6),
                 Kolom("induk", _("Kelurahan/desa"), TEKS, 1.8),
                 Kolom("terakhir", _("Sinkron terakhir"), TANGGAL, 1.6),
                 Kolom("hari", _("Hari tanpa sinkron"), ANGKA, 1.2),
                 Kolom("kiriman", _("Perubahan terkirim"), ANGKA, 1.2)]
        baris = [_baris_pantarlih(b) for b in self.tanpa_sinkron]
        return self._tabel("tanpa-sinkron", _("Pantarlih tanpa sinkron %(n)s hari atau lebih") % {
            "n": self.tanpa_sinkron_hari}, kolom, baris, [
            _("%(n)s Pantarlih aktif belum sinkron dalam %(hari)s hari terakhir (yang tampil "
              "paling lama dulu). Berdasarkan sinkron terakhir yang tercatat sekarang.") % {
                "n": self.jumlah_tanpa_sinkron, "hari": self.tanpa_sinkron_hari}])

    def tabel_dikembalikan(self) -> Tabel:
        kolom = [Kolom("nama", _("Pantarlih"), TEKS, 2.2), Kolom("tps", _("TPS"), TEKS, 1.6),
                 Kolom("induk", _("Kelurahan/desa"), TEKS, 1.8),
                 Kolom("dikembalikan", _("Dikembalikan PPS"), ANGKA, 1.2),
                 Kolom("kiriman", _("Perubahan terkirim"), ANGKA, 1.2),
                 Kolom("persen_kembali", _("% dikembalikan"), PERSEN),
                 Kolom("terakhir", _("Sinkron terakhir"), TANGGAL, 1.6)]
        baris = [_baris_pantarlih(b) for b in self.dikembalikan]
        return self._tabel("dikembalikan", _("Pantarlih dengan perubahan terbanyak dikembalikan "
                                             "PPS"), kolom, baris)

    def tabel_pantarlih(self) -> Tabel:
        kolom = [Kolom("nama", _("Pantarlih"), TEKS, 2.4),
                 Kolom("kiriman", _("Perubahan terkirim"), ANGKA, 1.2),
                 Kolom("kertas", _("Dicoklit di kertas"), ANGKA, 1.2),
                 Kolom("laporan_kertas", _("Laporan kertas terakhir"), TANGGAL, 1.4),
                 Kolom("dikembalikan", _("Dikembalikan PPS"), ANGKA, 1.2),
                 Kolom("terakhir", _("Sinkron terakhir"), TANGGAL, 1.6),
                 Kolom("hari", _("Hari tanpa sinkron"), ANGKA, 1.2)]
        baris = [{**_baris_pantarlih(b), "kertas": b.kertas,
                  "laporan_kertas": b.laporan_kertas_terakhir} for b in self.anak]
        return self._tabel("pantarlih", _("Pantarlih"), kolom, baris, [
            _("Aplikasi per TPS tidak dapat dibagi per Pantarlih: dua Pantarlih satu TPS berbagi "
              "satu daftar. Kertas: jumlah yang dilaporkan Pantarlih sendiri.")])

    def tabel_harian(self) -> Tabel:
        kolom = [Kolom("tanggal", _("Tanggal"), TANGGAL, 1.2), Kolom("hari_ke", _("Hari ke"),
                                                                      ANGKA, 0.8),
                 Kolom("aplikasi", _("Aplikasi (kumulatif)"), ANGKA, 1.3),
                 Kolom("persen_aplikasi", _("% aplikasi"), PERSEN),
                 Kolom("kertas", _("Kertas (kumulatif)"), ANGKA, 1.3),
                 Kolom("persen_kertas", _("% kertas"), PERSEN),
                 Kolom("rencana", _("% rencana"), PERSEN)]
        baris = [{"tanggal": t.tanggal, "hari_ke": t.hari_ke, "aplikasi": t.aplikasi,
                  "persen_aplikasi": t.persen_aplikasi, "kertas": t.kertas,
                  "persen_kertas": t.persen_kertas, "rencana": t.rencana} for t in self.deret]
        return self._tabel("harian", _("Coklit harian (kumulatif)"), kolom, baris,
                           [_(PENJELASAN_SELISIH)])

    def tabel(self, nama: str) -> Tabel | None:
        """The table named ``nama`` (the export URLs), or None."""
        pembuat = {"progres": self.tabel_progres, "hasil": self.tabel_hasil,
                   "harian": self.tabel_harian, "tanpa-sinkron": self.tabel_tanpa_sinkron,
                   "dikembalikan": self.tabel_dikembalikan}
        if self.di_tps:
            pembuat["pantarlih"] = self.tabel_pantarlih
            pembuat.pop("hasil")
        else:
            pembuat["tertinggal"] = self.tabel_tertinggal
        f = pembuat.get(nama)
        return f() if f else None

    # -- charts ---------------------------------------------------------------------------------

    def grafik_burnup(self, id_: str = "grafik-burnup") -> str:
        label = [f"{t.tanggal.day}/{t.tanggal.month}" for t in self.deret]
        tanda = next((i for i, t in enumerate(self.deret) if t.tanggal == self.tanggal), None)
        deret = [grafik.Deret(_("Aplikasi"), [t.persen_aplikasi for t in self.deret],
                              **grafik.APLIKASI),
                 grafik.Deret(_("Kertas (laporan Pantarlih)"),
                              [t.persen_kertas for t in self.deret], **grafik.KERTAS)]
        if self.rencana is not None:
            deret.append(grafik.Deret(_("Rencana"), [t.rencana for t in self.deret],
                                      **grafik.RENCANA))
        t = self.total
        ket = _("Persen pemilih %(nama)s yang sudah dicoklit, per hari, dari %(awal)s sampai "
                "%(akhir)s. Per %(tgl)s: aplikasi %(a)s%%, kertas %(k)s%%") % {
            "nama": self.nama_node, "awal": tanggal_panjang(self.deret[0].tanggal),
            "akhir": tanggal_panjang(self.deret[-1].tanggal), "tgl": tanggal_panjang(
                self.tanggal), "a": angka_id(t.persen_aplikasi), "k": angka_id(t.persen_kertas)}
        if t.rencana_persen is not None:
            ket += _(", rencana %(r)s%%") % {"r": angka_id(t.rencana_persen)}
        return grafik.garis(
            id=id_, judul=_("Coklit %(nama)s: aplikasi dan kertas terhadap rencana") % {
                "nama": self.nama_node},
            keterangan=ket + ".", label_x=label, deret=deret, sumbu_x=_("Tanggal"),
            sumbu_y=_("Persen pemilih"), tanda_x=tanda,
            label_tanda=_("per %(tgl)s") % {"tgl": f"{self.tanggal.day}/{self.tanggal.month}"})

    def grafik_anak(self, id_: str = "grafik-anak") -> str:
        if self.di_tps or not self.anak:
            return ""
        rows = self.anak
        ket = "; ".join(f"{b.nama}: {_('aplikasi')} {angka_id(b.persen_aplikasi)}%, "
                        f"{_('kertas')} {angka_id(b.persen_kertas)}%" for b in rows[:60])
        acuan = ([b.rencana_persen for b in rows] if self.rencana is not None else None)
        return grafik.batang(
            id=id_, judul=_("Persen selesai per %(apa)s, %(tgl)s") % {
                "apa": self.per_anak, "tgl": tanggal_panjang(self.tanggal)},
            keterangan=ket + ".", kategori=[b.nama for b in rows],
            deret=[grafik.Deret(_("Aplikasi"), [b.persen_aplikasi for b in rows],
                                **grafik.APLIKASI),
                   grafik.Deret(_("Kertas"), [b.persen_kertas for b in rows], **grafik.KERTAS)],
            acuan=acuan, label_acuan=_("Rencana"), sumbu=_("Persen pemilih"))


def tabel_progres(rows: list[Baris], label: str, *, judul: str, subjudul: str = "",
                  berkas: str = "") -> Tabel:
    """The main table: per area, voters, app, paper, plan, pace, forecast, needed pace."""
    kolom = [Kolom("kode", _("Kode"), TEKS, 1.4), Kolom("nama", label, TEKS, 2.2),
             Kolom("pemilih", _("Pemilih"), ANGKA),
             Kolom("aplikasi", _("Aplikasi"), ANGKA), Kolom("persen_aplikasi", _("% aplikasi"),
                                                            PERSEN, 0.9),
             Kolom("kertas", _("Kertas"), ANGKA), Kolom("persen_kertas", _("% kertas"), PERSEN,
                                                        0.9),
             Kolom("belum_sinkron", _("Belum sinkron"), ANGKA),
             Kolom("rencana_persen", _("% rencana"), PERSEN, 0.9),
             Kolom("kurang", _("Kurang dari rencana"), ANGKA, 1.2),
             Kolom("laju", _("Laju 3 hari (per hari)"), DESIMAL, 1.1),
             Kolom("perkiraan", _("Perkiraan selesai"), TANGGAL, 1.2),
             Kolom("perlu", _("Perlu per hari"), ANGKA, 1.0),
             Kolom("menunggu", _("Menunggu PPS"), ANGKA, 1.0)]
    if any(b.induk for b in rows):
        kolom.insert(2, Kolom("induk", _("Wilayah induk"), TEKS, 1.8))
    baris = [{"kode": b.kode, "nama": b.nama, "induk": b.induk, "pemilih": b.pemilih,
              "aplikasi": b.aplikasi, "persen_aplikasi": b.persen_aplikasi, "kertas": b.kertas,
              "persen_kertas": b.persen_kertas, "belum_sinkron": b.belum_sinkron,
              "rencana_persen": b.rencana_persen, "kurang": b.kurang, "laju": b.laju,
              "perkiraan": b.perkiraan, "perlu": b.perlu,
              "menunggu": b.hitung.get("menunggu", 0), "_objek": (b.jenis, b.id),
              "_status": b.status} for b in rows]
    return Tabel(nama="progres", judul=judul, kolom=kolom, baris=baris, subjudul=subjudul,
                 catatan=[_(PENJELASAN_SELISIH), _(CATATAN_LAJU)], berkas=berkas)


def _baris_pantarlih(b: Baris) -> dict:
    return {"nama": b.nama, "tps": b.kode, "induk": b.induk, "terakhir": b.terakhir_sinkron,
            "hari": b.hari_tanpa_sinkron, "kiriman": b.kiriman, "dikembalikan": b.dikembalikan,
            "persen_kembali": _persen(b.dikembalikan, b.kiriman) if b.kiriman else None,
            "_objek": ("tps", b.tps_id)}


# -- names and dates ------------------------------------------------------------------------------


def tanggal_panjang(d: date | None) -> str:
    return formats.date_format(d, "j F Y") if d else ""


def angka_id(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.1f}".replace(".", ",")


def _slug(teks: str) -> str:
    import re

    return re.sub(r"[^a-z0-9]+", "-", teks.lower()).strip("-")


def nama_objek(obj) -> str:
    if isinstance(obj, TPS):
        return f"{obj.label}, {obj.kelurahan.sebutan} {obj.kelurahan.nama}"
    if obj.tingkat == Tingkat.KABKOTA:
        return obj.nama
    return f"{obj.sebutan} {obj.nama}"


def label_tingkat(tingkat: int | None) -> str:
    return {Tingkat.KECAMATAN: _("Kecamatan"), Tingkat.KELURAHAN: _("Kelurahan/desa"),
            TINGKAT_TPS: _("TPS")}.get(tingkat, _("Pantarlih"))


def per_tingkat(tingkat: int | None) -> str:
    """The level inside a sentence: "per kecamatan", "per TPS"."""
    return {Tingkat.KECAMATAN: _("kecamatan"), Tingkat.KELURAHAN: _("kelurahan/desa"),
            TINGKAT_TPS: _("TPS")}.get(tingkat, _("Pantarlih"))


TINGKAT_NAMA = {"kecamatan": Tingkat.KECAMATAN, "kelurahan": Tingkat.KELURAHAN,
                "tps": TINGKAT_TPS}


# -- assembling -----------------------------------------------------------------------------------


def akar(scope: Scope, pemilihan_id: int | None = None) -> Wilayah | None:
    """The area the caller monitors: its own (KPU kota, PPK kecamatan, PPS kelurahan), or a
    superuser's chosen election's kab/kota."""
    if scope.wilayah_id is not None and scope.tps_id is None:
        return scoped(Wilayah.objects.filter(pk=scope.wilayah_id), scope).first()
    pid = pemilihan_id or scope.pemilihan_id
    if scope.semua and pid is not None:
        wid = scoped(Pemilihan.objects.filter(pk=pid), scope).values_list(
            "wilayah_id", flat=True).first()
        return scoped(Wilayah.objects.filter(pk=wid), scope).first() if wid else None
    return None


def _kabkota_id(node) -> int | None:
    w = node.kelurahan if isinstance(node, TPS) else node
    while w is not None and w.tingkat > Tingkat.KABKOTA:
        w = w.induk
    return w.pk if w is not None else None


def pemilihan_untuk(scope: Scope, node) -> int | None:
    """The election the numbers are of: the caller's, or (a superuser that chose none) the
    newest of the node's kab/kota."""
    if scope.pemilihan_id is not None:
        return scope.pemilihan_id
    kk = _kabkota_id(node)
    return (scoped(Pemilihan.objects.filter(wilayah_id=kk), scope).order_by("-tahun", "-pk")
            .values_list("pk", flat=True).first()) if kk else None


def _anak_wilayah(scope: Scope, node: Wilayah, tingkat: int) -> list[Baris]:
    if tingkat == TINGKAT_TPS:
        qs = scoped(TPS.objects.select_related("kelurahan"), scope)
        qs = (qs.filter(kelurahan=node) if node.tingkat == Tingkat.KELURAHAN
              else qs.filter(kelurahan__kode__startswith=node.kode + "."))
        return [Baris(jenis="tps", id=t.pk, kode=t.kode, nama=t.label, tingkat=TINGKAT_TPS,
                      induk=t.kelurahan.nama if node.tingkat < Tingkat.KELURAHAN else "")
                for t in qs.order_by("kelurahan__kode", "nomor")]
    qs = scoped(Wilayah.objects.all(), scope).filter(
        tingkat=tingkat, kode__startswith=node.kode + ".")
    # Tuples, not model instances: a province's kelurahan are thousands of rows.
    return [Baris(jenis="wilayah", id=pk, kode=kode, nama=nama, tingkat=tingkat,
                  induk=induk if tingkat - node.tingkat > 1 else "")
            for pk, kode, nama, induk in qs.order_by("kode").values_list(
                "pk", "kode", "nama", "induk__nama")]


def _q_tps(node, tps_lookup: str) -> Q:
    """Rows whose TPS (at ``tps_lookup``) lies in ``node``."""
    if isinstance(node, TPS):
        return Q(**{f"{tps_lookup}_id": node.pk})
    if node.tingkat == Tingkat.KELURAHAN:
        return Q(**{f"{tps_lookup}__kelurahan_id": node.pk})
    return Q(**{f"{tps_lookup}__kelurahan__kode__startswith": node.kode + "."})


def _waktu(pemilihan_id: int | None, tanggal: date | None) -> Waktu:
    hari_ini = jam.hari_ini()
    return Waktu(tanggal=min(tanggal or hari_ini, hari_ini), hari_ini=hari_ini,
                 rencana=rencana_mod.untuk(pemilihan_id))


def tabel_tingkat(scope: Scope, node: Wilayah, tingkat: int, *, tanggal: date | None = None,
                  pemilihan_id: int | None = None) -> tuple[list[Baris], Waktu]:
    """The rows of level ``tingkat`` (kecamatan 3, kelurahan 4, TPS 5) under ``node``, as of
    ``tanggal``: the table of ``selenggara pantau coklit``."""
    pid = pemilihan_id or pemilihan_untuk(scope, node)
    w = _waktu(pid, tanggal)
    rows = _anak_wilayah(scope, node, tingkat)
    _isi_semua(scope, pid, w, rows, tingkat)
    return rows, w


def _isi_semua(scope, pid, w: Waktu, rows: list[Baris], tingkat: int,
               tambahan: dict[int, list[int]] | None = None) -> tuple[dict, dict]:
    objek: dict[int, list[int]] = defaultdict(list)
    for b in rows:
        objek[tingkat].append(b.id)
    for t, ids in (tambahan or {}).items():
        objek[t].extend(ids)
    dp = baca_hitungan(RekapHarian, KOLOM_PEMILIH, scope, pid, objek, w.tanggal, w.sejak)
    dc = baca_hitungan(RekapCoklitHarian, KOLOM_COKLIT, scope, pid, objek, w.tanggal, w.sejak)
    for b in rows:
        _isi(b, dp.get((tingkat, b.id)), dc.get((tingkat, b.id)), w)
    return dp, dc


def pantau(scope: Scope, node: Wilayah | TPS, *, tanggal: date | None = None,
           tanpa_sinkron_hari: int = TANPA_SINKRON_HARI) -> Pantauan:
    """The monitoring page of ``node`` (an area or a TPS the caller may see) as of
    ``tanggal`` (default and at most: the working date)."""
    pid = pemilihan_untuk(scope, node)
    w = _waktu(pid, tanggal)
    di_tps = isinstance(node, TPS)
    tingkat_node = TINGKAT_TPS if di_tps else node.tingkat
    if di_tps:
        tingkat_anak = None
        anak = []
    else:
        tingkat_anak = (TINGKAT_TPS if node.tingkat == Tingkat.KELURAHAN
                        else node.tingkat + 1)
        anak = _anak_wilayah(scope, node, tingkat_anak)
    total = Baris(jenis="tps" if di_tps else "wilayah", id=node.pk,
                  kode=node.kode, nama=nama_objek(node), tingkat=tingkat_node)
    if di_tps:
        dp, dc = _isi_semua(scope, pid, w, [total], TINGKAT_TPS)
        anak = _pantarlih_tps(scope, node, w)
    else:
        dp, dc = _isi_semua(scope, pid, w, anak, tingkat_anak,
                            tambahan={tingkat_node: [node.pk]})
        _isi(total, dp.get((tingkat_node, node.pk)), dc.get((tingkat_node, node.pk)), w)
    deret = _deret(dp.get((tingkat_node, node.pk)) or Deret(),
                   dc.get((tingkat_node, node.pk)) or Deret(), total.pemilih, w)
    if di_tps:
        tertinggal = []
    elif tingkat_anak == TINGKAT_TPS:
        tertinggal = [replace(b, induk=node.nama) for b in _urut_tertinggal(anak)]
    else:
        tertinggal = _tps_tertinggal(scope, pid, node, w)
    n_tanpa, tanpa = _tanpa_sinkron(scope, node, w, tanpa_sinkron_hari)
    return Pantauan(scope=scope, pemilihan_id=pid, waktu=w, node=node, total=total,
                    anak=anak, tingkat_anak=tingkat_anak, deret=deret,
                    tertinggal=tertinggal, tanpa_sinkron=tanpa, jumlah_tanpa_sinkron=n_tanpa,
                    tanpa_sinkron_hari=tanpa_sinkron_hari,
                    dikembalikan=_dikembalikan(scope, node, w))


def _deret(dp: Deret, dc: Deret, pemilih: int, w: Waktu) -> list[Titik]:
    out = []
    d = w.awal_grafik
    while d <= w.akhir_grafik:
        ada = d <= w.tanggal
        a = dp.pada("coklit", d) if ada else None
        k = dc.pada("kertas", d) if ada else None
        out.append(Titik(
            tanggal=d, hari_ke=w.rencana.hari_ke(d) if w.rencana else None, aplikasi=a,
            kertas=k, persen_aplikasi=_persen(a, pemilih) if a is not None else None,
            persen_kertas=_persen(k, pemilih) if k is not None else None,
            rencana=w.rencana.persen(d) if w.rencana else None))
        d += timedelta(days=1)
    return out


def _urut_tertinggal(rows: list[Baris]) -> list[Baris]:
    kandidat = [b for b in rows if b.kurang is not None and b.kurang > 0]
    kandidat.sort(key=lambda b: (-b.kurang, b.kode))
    return kandidat[:MAKS_DAFTAR]


def _tertinggal_kini(scope, pid, tps_ids, bagian: float):
    """The ``MAKS_DAFTAR`` TPS furthest behind ``bagian`` of their voters as of now, from the
    running totals, ranked in SQL: ``({key: Deret}, {key: Deret})`` like the daily reads."""
    kertas = Subquery(RekapCoklit.objects.filter(
        pemilihan_id=OuterRef("pemilihan_id"), tingkat=TINGKAT_TPS,
        objek_id=OuterRef("objek_id")).values("kertas")[:1])
    qs = (scoped(Rekap.objects.filter(tingkat=TINGKAT_TPS, objek_id__in=tps_ids), scope)
          .annotate(j_kertas=Coalesce(kertas, Value(0)))
          .annotate(j_sudah=Greatest("coklit", "j_kertas"))
          .annotate(j_kurang=ExpressionWrapper(F("pemilih") * Value(bagian) - F("j_sudah"),
                                               output_field=FloatField()))
          .filter(j_kurang__gt=0).order_by("-j_kurang", "objek_id"))
    if pid is not None:
        qs = qs.filter(pemilihan_id=pid)
    dp, dc = {}, {}
    for objek_id, pemilih, coklit, j_kertas in qs.values_list(
            "objek_id", "pemilih", "coklit", "j_kertas")[:MAKS_DAFTAR * 2]:
        a, b = Deret(), Deret()
        a.total.update(pemilih=pemilih, coklit=coklit)
        b.total["kertas"] = j_kertas
        dp[(TINGKAT_TPS, objek_id)], dc[(TINGKAT_TPS, objek_id)] = a, b
    return dp, dc


def _tps_tertinggal(scope, pid, node: Wilayah, w: Waktu) -> list[Baris]:
    """TPS under an area furthest behind the plan: their totals (no daily rows), ranked, and
    the names of the few shown (three queries, whatever the number of TPS or voters)."""
    if w.rencana is None:
        return []
    tps_ids = scoped(TPS.objects.filter(kelurahan__kode__startswith=node.kode + "."),
                     scope).values("pk")
    if w.tanggal >= w.hari_ini:
        # As of now: the database ranks the running totals (one row per TPS) and hands back
        # only the few shown, so the page does not walk every TPS of a large kab/kota.
        dp, dc = _tertinggal_kini(scope, pid, tps_ids, w.rencana.persen(w.tanggal) / 100)
    else:
        dp = baca_hitungan(RekapHarian, ("pemilih", "coklit"), scope, pid,
                           {TINGKAT_TPS: tps_ids}, w.tanggal, None)
        dc = baca_hitungan(RekapCoklitHarian, ("kertas",), scope, pid, {TINGKAT_TPS: tps_ids},
                           w.tanggal, None)
    rows = []
    for key in set(dp) | set(dc):
        b = Baris(jenis="tps", id=key[1], kode="", nama="", tingkat=TINGKAT_TPS)
        p, c = dp.get(key) or Deret(), dc.get(key) or Deret()
        b.pemilih, b.aplikasi = p.total.get("pemilih", 0), p.total.get("coklit", 0)
        b.kertas = c.total.get("kertas", 0)
        b.rencana_persen = w.rencana.persen(w.tanggal)
        b.rencana_pemilih = w.rencana.pemilih(w.tanggal, b.pemilih)
        rows.append(b)
    rows = [b for b in rows if b.kurang and b.kurang > 0]
    rows.sort(key=lambda b: (-b.kurang, b.id))
    rows = rows[:MAKS_DAFTAR]
    nama = {t.pk: t for t in scoped(TPS.objects.filter(pk__in=[b.id for b in rows]), scope)
            .select_related("kelurahan")}
    out = []
    for b in rows:
        t = nama.get(b.id)
        if t is None:
            continue
        b.kode, b.nama, b.induk = t.kode, t.label, t.kelurahan.nama
        out.append(b)
    out.sort(key=lambda b: (-b.kurang, b.kode))
    return out


def _hari_tanpa(terakhir: datetime | None, tanggal: date) -> int | None:
    if terakhir is None:
        return None
    return max(0, (tanggal - timezone.localtime(terakhir).date()).days)


def sinkron_nyata(nilai: datetime | None) -> datetime | None:
    """A real last sync, or None (never synced; the 2000-01-01 placeholder)."""
    if nilai is None or nilai < timezone.make_aware(_SEBELUM_DUNIA):
        return None
    return nilai


def _tanpa_sinkron(scope, node, w: Waktu, n: int) -> tuple[int, list[Baris]]:
    """Active Pantarlih under ``node`` with no sync in the last ``n`` days up to the date
    (never synced first, then the longest silent). Two queries."""
    batas = jam.awal_hari(w.tanggal - timedelta(days=max(n, 1) - 1))
    akt = scoped(AktivitasPantarlih.objects.filter(petugas_id=OuterRef("pk")), scope)
    qs = (scoped(Petugas.objects.filter(peran=Peran.PANTARLIH, aktif=True, tps__isnull=False),
                 scope).filter(_q_tps(node, "tps"))
          .annotate(terakhir=Subquery(akt.values("terakhir_sinkron")[:1]),
                    kiriman_=Subquery(akt.values("kiriman")[:1]))
          .filter(Q(terakhir__isnull=True) | Q(terakhir__lt=batas)))
    jumlah = qs.count()
    rows = []
    for p in (qs.select_related("tps__kelurahan")
              .order_by(F("terakhir").asc(nulls_first=True), "tps__kelurahan__kode",
                        "tps__nomor", "nama")[:MAKS_DAFTAR]):
        terakhir = sinkron_nyata(p.terakhir)
        rows.append(Baris(jenis="pantarlih", id=p.pk, kode=p.tps.label, nama=p.nama,
                          induk=p.tps.kelurahan.nama, tps_id=p.tps_id,
                          terakhir_sinkron=terakhir, hari_tanpa_sinkron=_hari_tanpa(
                              terakhir, w.tanggal), kiriman=p.kiriman_ or 0))
    return jumlah, rows


def _dikembalikan(scope, node, w: Waktu) -> list[Baris]:
    rows = []
    for a in (scoped(AktivitasPantarlih.objects.filter(dikembalikan__gt=0), scope)
              .filter(_q_tps(node, "tps")).select_related("petugas", "tps__kelurahan")
              .order_by("-dikembalikan", "tps__kelurahan__kode", "tps__nomor")[:MAKS_DAFTAR]):
        terakhir = sinkron_nyata(a.terakhir_sinkron)
        rows.append(Baris(jenis="pantarlih", id=a.petugas_id, kode=a.tps.label,
                          nama=a.petugas.nama, induk=a.tps.kelurahan.nama, tps_id=a.tps_id,
                          terakhir_sinkron=terakhir, hari_tanpa_sinkron=_hari_tanpa(
                              terakhir, w.tanggal), kiriman=a.kiriman,
                          dikembalikan=a.dikembalikan))
    return rows


def _pantarlih_tps(scope, tps: TPS, w: Waktu) -> list[Baris]:
    """The Pantarlih of one TPS: sync activity and their own paper reports (three queries)."""
    petugas = list(scoped(Petugas.objects.filter(peran=Peran.PANTARLIH, tps=tps), scope)
                   .order_by("-aktif", "nama"))
    ids = [p.pk for p in petugas]
    akt = {a.petugas_id: a for a in scoped(AktivitasPantarlih.objects.filter(
        petugas_id__in=ids), scope)}
    kertas = {r["petugas_id"]: r for r in scoped(LaporanKertas.objects.filter(
        petugas_id__in=ids, tanggal__lte=w.tanggal), scope).values("petugas_id").annotate(
        n=Sum("jumlah"), akhir=Max("tanggal")).order_by()}
    rows = []
    for p in petugas:
        a = akt.get(p.pk)
        k = kertas.get(p.pk) or {}
        terakhir = sinkron_nyata(a.terakhir_sinkron) if a else None
        rows.append(Baris(jenis="pantarlih", id=p.pk, kode=tps.label, nama=p.nama,
                          induk=tps.kelurahan.nama, tps_id=tps.pk, aktif=p.aktif,
                          kertas=k.get("n") or 0, laporan_kertas_terakhir=k.get("akhir"),
                          terakhir_sinkron=terakhir,
                          hari_tanpa_sinkron=_hari_tanpa(terakhir, w.tanggal),
                          kiriman=a.kiriman if a else 0,
                          dikembalikan=a.dikembalikan if a else 0))
    return rows
