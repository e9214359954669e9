"""The list stages of PKPU 7/2024 after coklit, as plain rules: which plenary sets which list at
which level, in what order, what a frozen list's record looks like when it is hashed, how a
recap rolls up, and which ballots a voter who moves to vote elsewhere (DPTb) keeps.

The path to the final list (DOMAIN.md, "Stages after coklit"):

    PPS (kelurahan)  rekapitulasi DPHP   ─┐
    PPK (kecamatan)  rekapitulasi DPHP    ├─ KPU Kab/Kota menetapkan DPS
    KPU (kab/kota)   penetapan DPS       ─┘   → pengumuman, tanggapan masyarakat
    PPS (kelurahan)  rekapitulasi DPSHP  ─┐
    PPK (kecamatan)  rekapitulasi DPSHP   ├─ KPU Kab/Kota menetapkan DPT
    KPU (kab/kota)   penetapan DPT       ─┘   → DPTb until H-7, DPK on polling day

A level holds its plenary only when every area below it has held its own for the same list, and
the next list's plenaries only after the previous list is set by KPU.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

from .problem import Problem, gettext_noop

# Area levels, as in wilayah.Tingkat (kept here as numbers: rules/ knows no Django).
KABKOTA, KECAMATAN, KELURAHAN = 2, 3, 4

# The list a plenary recaps or sets, per level, for each list KPU finally sets.
PUTARAN: dict[str, dict[int, str]] = {
    "DPS": {KELURAHAN: "DPHP", KECAMATAN: "DPHP", KABKOTA: "DPS"},
    "DPT": {KELURAHAN: "DPSHP", KECAMATAN: "DPSHP", KABKOTA: "DPT"},
}
# (list, level) -> the list KPU sets at the end of that round.
_PUTARAN_DARI = {(tahap, tingkat): akhir for akhir, per in PUTARAN.items()
                 for tingkat, tahap in per.items()}
# What must be set by KPU before a round opens.
SEBELUM = {"DPS": None, "DPT": "DPS"}

NAMA_TINGKAT = {KELURAHAN: "PPS", KECAMATAN: "PPK", KABKOTA: "KPU"}


def putaran(tahap: str, tingkat: int) -> str | None:
    """The list KPU sets at the end of the round a plenary of ``tahap`` at ``tingkat`` belongs
    to ("DPS" or "DPT"), or None when no such plenary exists."""
    return _PUTARAN_DARI.get((tahap, tingkat))


@dataclass(frozen=True)
class KeadaanPleno:
    """What the service read about the plenary asked for, for :func:`periksa_urutan`."""

    tahap: str
    tingkat: int
    nama_wilayah: str
    sudah_ada: bool = False
    # Areas directly below that have not held their plenary for the same list (names).
    bawah_belum: Sequence[str] = ()
    # Whether the list that must come first (DPS before the DPT round) is set.
    sebelumnya_ditetapkan: bool = True
    tanggal: date | None = None
    hari_ini: date | None = None


def periksa_urutan(k: KeadaanPleno) -> list[Problem]:
    """Refusals for a plenary out of order (empty = it may be held)."""
    akhir = putaran(k.tahap, k.tingkat)
    if akhir is None:
        return [Problem("tahap", "pleno_tidak_ada", gettext_noop(
            "Pleno %(tahap)s tidak diadakan di tingkat %(tingkat)s; pilih tahap yang sesuai "
            "dengan tingkat Anda."), {"tahap": k.tahap, "tingkat": NAMA_TINGKAT.get(
                k.tingkat, str(k.tingkat))})]
    if k.sudah_ada:
        return [Problem("tahap", "pleno_sudah_ada", gettext_noop(
            "%(tahap)s %(wilayah)s sudah ditetapkan dalam pleno; pleno yang sama tidak dapat "
            "diadakan dua kali. Perubahan berikutnya masuk tahap selanjutnya."),
            {"tahap": k.tahap, "wilayah": k.nama_wilayah})]
    problems = []
    if not k.sebelumnya_ditetapkan:
        problems.append(Problem("tahap", "tahap_sebelumnya_belum", gettext_noop(
            "%(sebelum)s belum ditetapkan KPU; pleno %(tahap)s menunggu penetapan itu."),
            {"sebelum": SEBELUM[akhir], "tahap": k.tahap}))
    if k.bawah_belum:
        nama = ", ".join(k.bawah_belum[:5]) + (
            f" (+{len(k.bawah_belum) - 5})" if len(k.bawah_belum) > 5 else "")
        problems.append(Problem("tahap", "bawah_belum_pleno", gettext_noop(
            "%(jumlah)s wilayah di bawah %(wilayah)s belum mengadakan pleno %(tahap)s: "
            "%(nama)s. Pleno tingkat ini menunggu semuanya."),
            {"jumlah": len(k.bawah_belum), "wilayah": k.nama_wilayah,
             "tahap": PUTARAN[akhir][k.tingkat + 1] if k.tingkat < KELURAHAN else k.tahap,
             "nama": nama}))
    if k.tanggal and k.hari_ini and k.tanggal > k.hari_ini:
        problems.append(Problem("tanggal", "pleno_tanggal_nanti", gettext_noop(
            "Tanggal pleno belum tiba; catat pleno pada hari pleno diadakan."), {}))
    return problems


# ---- the frozen list's records ---------------------------------------------------------------

# The fields of a record in a frozen list, in the order they are hashed. The published hash
# (in the Berita Acara) is SHA-256 over one line per record, in list order:
#   kode_tps|nomor|nkk|nik|nama|jenis_kelamin|tempat_lahir|tanggal_lahir|status_kawin|
#   alamat|rt|rw|disabilitas|ktp_el\n
# (UTF-8, dates as YYYY-MM-DD). Anyone holding the list can recompute it.
KOLOM_HASH = ("kode_tps", "nomor", "nkk", "nik", "nama", "jenis_kelamin", "tempat_lahir",
              "tanggal_lahir", "status_kawin", "alamat", "rt", "rw", "disabilitas", "ktp_el")


def baris_kanonik(nilai: Sequence) -> bytes:
    """One record as its hashed line (values in :data:`KOLOM_HASH` order)."""
    teks = "|".join("" if v is None else (v.isoformat() if isinstance(v, date) else str(v))
                    for v in nilai)
    return (teks.replace("\n", " ") + "\n").encode()


class PenghitungHash:
    """SHA-256 of a list streamed record by record, and of each area's part of it (the list is
    ordered by area code, so each kelurahan and kecamatan is a contiguous run)."""

    def __init__(self) -> None:
        self.semua = hashlib.sha256()
        self.per_area: dict[str, hashlib._Hash] = {}
        self.jumlah = 0

    def tambah(self, nilai: Sequence, areas: Iterable[str] = ()) -> None:
        line = baris_kanonik(nilai)
        self.semua.update(line)
        for a in areas:
            h = self.per_area.get(a)
            if h is None:
                h = self.per_area[a] = hashlib.sha256()
            h.update(line)
        self.jumlah += 1

    def hasil(self) -> str:
        return self.semua.hexdigest()

    def hasil_area(self) -> dict[str, str]:
        return {a: h.hexdigest() for a, h in self.per_area.items()}


HASH_KOSONG = hashlib.sha256(b"").hexdigest()


# ---- recap tables ----------------------------------------------------------------------------

KODE_DISABILITAS = ("1", "2", "3", "4", "5", "6")


@dataclass
class Rekap:
    """Voters of a list in one area or TPS: L/P/total, TPS count, disability by type."""

    l: int = 0  # noqa: E741 (the form's own column name)
    p: int = 0
    tps: int = 0
    disabilitas: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KODE_DISABILITAS, 0))

    @property
    def total(self) -> int:
        return self.l + self.p

    def tambah(self, lain: Rekap) -> None:
        self.l += lain.l
        self.p += lain.p
        self.tps += lain.tps
        for k, v in lain.disabilitas.items():
            self.disabilitas[k] = self.disabilitas.get(k, 0) + v

    def as_dict(self) -> dict:
        return {"l": self.l, "p": self.p, "total": self.total, "tps": self.tps,
                "disabilitas": dict(self.disabilitas)}

    @classmethod
    def dari(cls, d: Mapping) -> Rekap:
        return cls(l=d["l"], p=d["p"], tps=d["tps"],
                   disabilitas={k: int(v) for k, v in d.get("disabilitas", {}).items()})


def gulung(per_tps: Mapping[object, Rekap], induk: Mapping[object, object]) -> dict[object, Rekap]:
    """Roll TPS recaps up to every area above them: ``induk`` maps a TPS or an area to the area
    above it (None at the top). Returns a recap per TPS and per area."""
    hasil: dict[object, Rekap] = {}
    for kunci, r in per_tps.items():
        node = kunci
        while node is not None:
            hasil.setdefault(node, Rekap()).tambah(r)
            node = induk.get(node)
    return hasil


# ---- DPTb (pindah memilih) -------------------------------------------------------------------

ALASAN_PINDAH = (
    ("TUGAS", gettext_noop("Menjalankan tugas di tempat lain pada hari pemungutan suara")),
    ("RAWAT_INAP", gettext_noop("Menjalani rawat inap di rumah sakit atau puskesmas")),
    ("DISABILITAS", gettext_noop("Penyandang disabilitas yang menjalani perawatan di panti")),
    ("REHABILITASI", gettext_noop("Menjalani rehabilitasi narkoba")),
    ("TAHANAN", gettext_noop("Menjadi tahanan atau menjalani hukuman penjara")),
    ("TUGAS_BELAJAR", gettext_noop("Tugas belajar atau menempuh pendidikan")),
    ("PINDAH_DOMISILI", gettext_noop("Pindah domisili")),
    ("BENCANA", gettext_noop("Tertimpa bencana alam")),
    ("BEKERJA", gettext_noop("Bekerja di luar domisilinya")),
)
KODE_ALASAN_PINDAH = tuple(k for k, _ in ALASAN_PINDAH)


def batas_pindah(hari_pemungutan: date) -> date:
    """The last day a DPTb move may be recorded: H-7."""
    return hari_pemungutan - timedelta(days=7)


def surat_suara_pindah(kontestasi: Iterable[tuple[str, str]], *, tujuan_kabkota: str | None,
                       tujuan_provinsi: str | None) -> list[str]:
    """The contests whose ballot a moving voter keeps: those whose area contains the
    destination. ``kontestasi`` is ``(jenis, kode wilayah)`` (``("WALIKOTA", "35.71")``,
    ``("GUBERNUR", "35")``); the destination is given by its kab/kota and province codes (None
    when it is outside every contest's area, e.g. another province)."""
    tetap = []
    for jenis, kode_wilayah in kontestasi:
        if kode_wilayah.count(".") == 0:  # a province contest
            if tujuan_provinsi == kode_wilayah:
                tetap.append(jenis)
        elif tujuan_kabkota == kode_wilayah:
            tetap.append(jenis)
    return tetap


def periksa_pindah(*, tanggal: date, hari_pemungutan: date, alasan: str,
                   tujuan_sama: bool, sisa_kapasitas: int | None) -> list[Problem]:
    """Refusals for a DPTb move (empty = allowed). ``sisa_kapasitas``: room left at the
    destination TPS (None when the destination is outside this KPU's area)."""
    problems = []
    batas = batas_pindah(hari_pemungutan)
    if tanggal > batas:
        problems.append(Problem("tanggal", "dptb_lewat_h7", gettext_noop(
            "Pindah memilih hanya dapat dicatat sampai H-7 (%(batas)s). Setelah itu pemilih "
            "memilih di TPS asalnya."), {"batas": batas.strftime("%d-%m-%Y")}))
    if alasan not in KODE_ALASAN_PINDAH:
        problems.append(Problem("alasan", "dptb_alasan", gettext_noop(
            "Alasan pindah memilih tidak dikenal; pilih salah satu alasan yang diatur."), {}))
    if tujuan_sama:
        problems.append(Problem("tps_tujuan", "dptb_tps_sama", gettext_noop(
            "TPS tujuan sama dengan TPS asal; pilih TPS lain."), {}))
    if sisa_kapasitas is not None and sisa_kapasitas <= 0:
        problems.append(Problem("tps_tujuan", "dptb_tps_penuh", gettext_noop(
            "TPS tujuan sudah penuh (batas pemilih per TPS); pilih TPS lain di dekatnya."), {}))
    return problems


# ---- DPK on polling day ----------------------------------------------------------------------

DPK_MULAI, DPK_SELESAI = (12, 0), (13, 0)


def periksa_jam_dpk(jam: int, menit: int) -> list[Problem]:
    """DPK voters vote from 12:00 to 13:00 on polling day (PKPU 17/2024)."""
    if DPK_MULAI <= (jam, menit) <= DPK_SELESAI:
        return []
    return [Problem("waktu", "dpk_di_luar_jam", gettext_noop(
        "Pemilih DPK dilayani pukul 12.00-13.00; sekarang pukul %(jam)02d.%(menit)02d."),
        {"jam": jam, "menit": menit})]
