"""Per-area summaries for the home and area pages: areas, TPS, officers, voters.

Each table is built from one query per source (areas, TPS, officers) and, for the voters, from
the counters the voter writers keep per area (``pemilih.Rekap``): a KPU Kota page covers ~222k
voters and 405 TPS, a province far more, and costs the areas it shows, never the voters.
Every queryset starts from :func:`selenggara.petugas.scope.scoped`, so a summary can only count
rows the caller may see.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, Count, IntegerField, Q, QuerySet, Value, When

from selenggara.pemilih.models import Rekap
from selenggara.petugas.models import Peran, Petugas
from selenggara.petugas.scope import Scope, scoped
from selenggara.wilayah.hierarki import TINGKAT_TPS
from selenggara.wilayah.models import TPS, JenisTPS, Tingkat, Wilayah

# Officer roles shown as columns below an area, top-down.
PERAN_DI_BAWAH = {
    Tingkat.PROVINSI: (Peran.KPU, Peran.PPK, Peran.PPS, Peran.PANTARLIH, Peran.KPPS),
    Tingkat.KABKOTA: (Peran.PPK, Peran.PPS, Peran.PANTARLIH, Peran.KPPS),
    Tingkat.KECAMATAN: (Peran.PPS, Peran.PANTARLIH, Peran.KPPS),
    Tingkat.KELURAHAN: (Peran.PANTARLIH, Peran.KPPS),
}


# Ketua first, as on every KPU decree listing a body's members (alphabetical would put
# "Anggota" before "Ketua").
URUTAN_JABATAN = Case(
    When(jabatan="KETUA", then=Value(0)),
    When(jabatan="SEKRETARIS", then=Value(1)),
    When(jabatan="ANGGOTA", then=Value(2)),
    default=Value(3),
    output_field=IntegerField(),
)


@dataclass
class Jumlah:
    """Voter counts of one group (L, P, total as on the recap sheets).

    ``laki``/``perempuan`` count eligible (MS) voters only; TMS rows are counted apart, as the
    DPHP recap does, so a TMS mark shows at once without hiding the voter from the officer.
    """

    laki: int = 0
    perempuan: int = 0
    tms: int = 0
    disabilitas: int = 0

    @property
    def total(self) -> int:
        return self.laki + self.perempuan

    def tambah(self, other: Jumlah) -> None:
        self.laki += other.laki
        self.perempuan += other.perempuan
        self.tms += other.tms
        self.disabilitas += other.disabilitas


def _jumlah(r: Rekap) -> Jumlah:
    return Jumlah(laki=r.ms_l, perempuan=r.ms_p, tms=r.tms, disabilitas=r.disabilitas)


def jumlah_rekap(scope: Scope, tingkat: int, ids) -> dict[int, Jumlah]:
    """Voter counts of the given areas (or TPS, ``tingkat`` 5) from the counters the writers
    keep: one row per area, whatever the number of voters below it."""
    qs = scoped(Rekap.objects.filter(tingkat=tingkat, objek_id__in=list(ids)), scope)
    return {r.objek_id: _jumlah(r) for r in qs.only("objek_id", "ms_l", "ms_p", "tms",
                                                      "disabilitas")}


@dataclass
class Baris:
    """One row of an area table: a child area with its counts."""

    wilayah: Wilayah | None
    kelurahan: int = 0
    tps_reguler: int = 0
    tps_loksus: int = 0
    petugas: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    pemilih: Jumlah = field(default_factory=Jumlah)

    @property
    def tps(self) -> int:
        return self.tps_reguler + self.tps_loksus

    def petugas_list(self, peran: tuple[str, ...]) -> list[int]:
        return [self.petugas.get(p, 0) for p in peran]

    def tambah(self, other: Baris) -> None:
        self.kelurahan += other.kelurahan
        self.tps_reguler += other.tps_reguler
        self.tps_loksus += other.tps_loksus
        for k, v in other.petugas.items():
            self.petugas[k] += v
        self.pemilih.tambah(other.pemilih)


@dataclass
class TabelWilayah:
    """The children of ``induk`` with their counts, plus a total row."""

    induk: Wilayah
    peran: tuple[str, ...]
    baris: list[Baris]
    total: Baris
    # Officers seated at the parent area itself (KPU at the kab/kota, PPK at the kecamatan).
    petugas_induk: dict[str, int]

    @property
    def anak_label(self) -> str:
        """Column heading for the children: Kab/Kota, Kecamatan or Kelurahan/Desa."""
        return str(Tingkat(self.induk.tingkat + 1).label)

    @property
    def dengan_kelurahan(self) -> bool:
        return self.induk.tingkat in (Tingkat.PROVINSI, Tingkat.KABKOTA)

    def rows_with_roles(self):
        for b in self.baris:
            yield b, b.petugas_list(self.peran)

    @property
    def total_roles(self) -> list[int]:
        return self.total.petugas_list(self.peran)


def tabel_wilayah(scope: Scope, induk: Wilayah) -> TabelWilayah:
    """Table of the children of a province, kab/kota or kecamatan, one query per table.

    The grouping key climbs to the child level: below a kab/kota a voter counts for its
    kecamatan (``kecamatan_id``), below a kecamatan for its kelurahan (``kelurahan_id``).
    """
    if induk.tingkat == Tingkat.KELURAHAN:
        raise ValueError("A kelurahan has TPS, not child areas: use tabel_tps().")
    anak = list(scoped(Wilayah.objects.filter(induk=induk), scope).order_by("kode"))
    baris = {w.id: Baris(wilayah=w) for w in anak}
    total = Baris(wilayah=None)
    peran = PERAN_DI_BAWAH[induk.tingkat]

    if induk.tingkat == Tingkat.PROVINSI:
        # A province view (superuser only) lists its kab/kota; voters and TPS hang three
        # levels down, reached through the kecamatan's parent.
        kel_qs = scoped(Wilayah.objects.filter(induk__induk__induk=induk), scope)
        kel_key = "induk__induk_id"
        tps_qs = scoped(TPS.objects.filter(kelurahan__induk__induk__induk=induk), scope)
        tps_key = "kelurahan__induk__induk_id"
        pem_tingkat = Tingkat.KABKOTA
    elif induk.tingkat == Tingkat.KABKOTA:
        kel_qs = scoped(Wilayah.objects.filter(induk__induk=induk), scope)
        kel_key = "induk_id"
        tps_qs = scoped(TPS.objects.filter(kelurahan__induk__induk=induk), scope)
        tps_key = "kelurahan__induk_id"
        pem_tingkat = Tingkat.KECAMATAN
    else:  # KECAMATAN
        kel_qs = None
        kel_key = ""
        tps_qs = scoped(TPS.objects.filter(kelurahan__induk=induk), scope)
        tps_key = "kelurahan_id"
        pem_tingkat = Tingkat.KELURAHAN

    if kel_qs is not None:
        for r in (
            kel_qs.filter(tingkat=Tingkat.KELURAHAN)
            .order_by()
            .values(kel_key)
            .annotate(n=Count("id"))
        ):
            if r[kel_key] in baris:
                baris[r[kel_key]].kelurahan = r["n"]

    for r in (
        tps_qs.order_by()
        .values(tps_key)
        .annotate(
            reguler=Count("id", filter=Q(jenis=JenisTPS.REGULER)),
            loksus=Count("id", filter=Q(jenis=JenisTPS.LOKSUS)),
        )
    ):
        if r[tps_key] in baris:
            baris[r[tps_key]].tps_reguler = r["reguler"]
            baris[r[tps_key]].tps_loksus = r["loksus"]

    for key, jumlah in jumlah_rekap(scope, pem_tingkat, baris).items():
        if key in baris:
            baris[key].pemilih = jumlah

    # Officers sit at a kecamatan (PPK) or a kelurahan (PPS, Pantarlih, KPPS): group by their
    # area and its two parents, then file each group under whichever is a child of ``induk``.
    petugas_induk: dict[str, int] = defaultdict(int)
    area = induk.id
    for r in (
        scoped(Petugas.objects.all(), scope)
        .filter(aktif=True)
        .filter(
            Q(wilayah_id=area)
            | Q(wilayah__induk_id=area)
            | Q(wilayah__induk__induk_id=area)
            | Q(wilayah__induk__induk__induk_id=area)
        )
        .order_by()
        .values("peran", "wilayah_id", "wilayah__induk_id", "wilayah__induk__induk_id")
        .annotate(n=Count("id"))
    ):
        if r["wilayah_id"] == area:
            petugas_induk[r["peran"]] += r["n"]
            continue
        for k in ("wilayah_id", "wilayah__induk_id", "wilayah__induk__induk_id"):
            if r[k] in baris:
                baris[r[k]].petugas[r["peran"]] += r["n"]
                break

    rows = list(baris.values())
    for b in rows:
        total.tambah(b)
    return TabelWilayah(
        induk=induk, peran=peran, baris=rows, total=total, petugas_induk=dict(petugas_induk)
    )


@dataclass
class BarisTPS:
    tps: TPS
    pemilih: Jumlah
    pantarlih: list[Petugas]


def tabel_tps(scope: Scope, tps_qs: QuerySet) -> tuple[list[BarisTPS], Jumlah]:
    """TPS rows (already filtered and scoped by the caller) with voters and Pantarlih.

    Two queries besides the TPS themselves: voters grouped by TPS, Pantarlih of those TPS.
    Meant for one kelurahan or one page of a TPS list, not for a whole province at once.
    """
    tps_list = list(tps_qs.select_related("kelurahan", "kelurahan__induk"))
    ids = [t.id for t in tps_list]
    jumlah = jumlah_rekap(scope, TINGKAT_TPS, ids)
    pantarlih: dict[int, list[Petugas]] = defaultdict(list)
    for p in (
        scoped(Petugas.objects.all(), scope)
        .filter(peran=Peran.PANTARLIH, aktif=True, tps_id__in=ids)
        .only("id", "nama", "tps_id", "jabatan")
        .order_by("tps_id", "nama")
    ):
        pantarlih[p.tps_id].append(p)
    rows = [
        BarisTPS(tps=t, pemilih=jumlah.get(t.id, Jumlah()), pantarlih=pantarlih[t.id])
        for t in tps_list
    ]
    total = Jumlah()
    for r in rows:
        total.tambah(r.pemilih)
    return rows, total
