"""Synthetic Kota Kediri population for the demo: TPS, DP4 voters with coklit truth, officers.

Pure Python, no Django and no database: the demo loader consumes plain rows. The output
reproduces the public 2024 figures of KPU Kota Kediri exactly (see ``kediri.py``): DP4 per
kecamatan, 401 regular + 4 loksus TPS, 20 regular TPS at or below 400 voters so that the
400 rule gives 782 Pantarlih, DP4 disability counts. Everything else (names, households, ages)
is a random but plausible synthetic population; no real person's record is reproduced.

How it works, and why in this order:

1. ``_rencana`` (plan, once per seed, cached) fixes the numbers that must add up city-wide:
   TPS per kelurahan, the DP4 size of every TPS, and disability quotas per kelurahan. TPS sizes
   are tight (mean ~555 with a hard 600 ceiling), so they are planned before any person exists.
2. ``_tata_letak`` lays out each kelurahan: RW/RT numbers, street per RT, and which RTs each
   TPS covers, so an address maps to one TPS (the basis of the "salah TPS" check).
3. Each kelurahan is then filled TPS by TPS with whole households (a KK never straddles TPS),
   from its own sub-seed, so one kelurahan can be regenerated alone (``generate_kelurahan``)
   and ``iter_kelurahan`` only ever holds one kelurahan (~5,000 rows) in memory.
4. Imperfections that coklit must find are planted with the truth kept apart in ``TruthRow``.
   Duplicates come in kinds of realistic difficulty (``JENIS_GANDA``: the same NIK, the name
   written differently, a mistyped NIK, a second NIK), and look-alikes that are NOT duplicates
   (``MIRIP``: twins, a father and son of the same name, two strangers of the same name and
   birth date) are planted as a trap for duplicate detection.

Determinism: only ``random.Random`` instances seeded from ``(seed, label)`` through SHA-256 are
used, never the global generator or ``hash()``, so the same seed gives byte-identical output
on every run and machine. The kinds of duplicates and the look-alikes draw from generators of
their own (``acak_ganda``, ``acak_mirip``) and only change fields of records already drawn,
so every count and every other record is what it was before they existed.

NIK serial ranges (digits 13-16) are partitioned so independently generated parts never
collide on the same (kecamatan, birth date, sex): residents ``k*20 + index of the kelurahan in
its kecamatan + 1`` (0001..~0200), newcomers with an NIK issued elsewhere ``3001 + k*46 +
index of the kelurahan in the city``, officers from 5001. A duplicate's mistyped NIK keeps the
region and birth date and gets a serial no resident can have: one whose value mod 20 is 0, 18
or 19 (a kecamatan has at most 17 kelurahan), or one from 0400 to 1999 (resident serials stay
below 400: ``_nik_warga`` refuses a 21st person of one birth date and sex in a kelurahan). A
duplicate's second NIK, issued in another kab/kota, has serial ``2001 + k*46 + index of the
kelurahan in the city``.
"""

from __future__ import annotations

import hashlib
import heapq
import math
import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import NamedTuple

from selenggara.demo import kediri, names
from selenggara.rules.eligibility import umur_pada
from selenggara.rules.nik import make_nik
from selenggara.rules.tps import MAKS_PEMILIH_PER_TPS_PILKADA_2024, jumlah_pantarlih

# --- output contract ---------------------------------------------------------------------


@dataclass(frozen=True)
class TpsRow:
    kode_kelurahan: str  # dotted, "35.71.01.1001"
    nomor: int  # 1..n regular, then 901.. loksus (kediri.LOKSUS_NOMOR_AWAL)
    jenis: str  # "REGULER" | "LOKSUS"
    nama: str  # "TPS 001" / "TPS 901 Lapas Kelas IIA Kediri"
    alamat: str
    jumlah_pantarlih: int  # 400 rule for regular TPS; 0 for loksus (no DP4 list to coklit)
    tempat: str = ""  # the place a loksus TPS serves ("Lapas Kelas IIA Kediri"); TPS.nama


# fmt: off
PEMILIH_COLUMNS = (
    "kode_kelurahan", "tps_nomor", "nkk", "nik", "nama", "jenis_kelamin", "tempat_lahir",
    "tanggal_lahir", "status_kawin", "alamat", "rt", "rw", "disabilitas", "ktp_el",
)
# fmt: on
_C = {c: i for i, c in enumerate(PEMILIH_COLUMNS)}
_TPS, _NKK, _NIK, _NAMA = _C["tps_nomor"], _C["nkk"], _C["nik"], _C["nama"]
_JK = _C["jenis_kelamin"]
_TGL, _STS, _ALAMAT, _RT, _RW = (
    _C["tanggal_lahir"],
    _C["status_kawin"],
    _C["alamat"],
    _C["rt"],
    _C["rw"],
)
_DIS = _C["disabilitas"]
_TMP = _C["tempat_lahir"]

# fmt: off
KATEGORI = (
    "MENINGGAL", "PINDAH", "SALAH_TPS", "GANDA", "TNI", "POLRI", "DIBAWAH_UMUR", "DATA_SALAH",
    "BELUM_TERDAFTAR", "MIRIP",
)
# fmt: on

# Kinds of duplicate (``data["jenis"]`` of a GANDA truth row) and their shares:
# - NIK_SAMA: a copy with the same NIK and the same name (in the same or another KK);
# - NAMA_BEDA: the same NIK, the name written another way (names.varian_nama);
# - NIK_TYPO: one or two digits of the NIK's serial mistyped (region and birth date intact);
# - NIK_KEDUA: a second NIK issued in another kab/kota, same birth date part.
JENIS_GANDA = ("NIK_SAMA", "NAMA_BEDA", "NIK_TYPO", "NIK_KEDUA")
_BOBOT_GANDA = (0.35, 0.35, 0.20, 0.10)
# Chance of the name and of the birthplace written differently, per kind (independent).
_VARIAN_GANDA = {
    "NIK_SAMA": (0.0, 0.0),
    "NAMA_BEDA": (1.0, 0.0),
    "NIK_TYPO": (0.5, 0.3),
    "NIK_KEDUA": (0.6, 0.4),
}
_SERI_BEBAS_MOD_20 = (0, 18, 19)  # mistyped NIKs' serials (see the module docstring)
_SERI_BEBAS = range(400, 2000)
_SERI_WARGA_MAKS = 399
# Look-alikes that are not duplicates (kategori MIRIP, ``data["jenis"]``), about 100 in the
# city: twins of one household (same birth date and KK, other first name), a father and his
# son with the same full name in one KK, two strangers of one kelurahan with the same name,
# sex and birth date.
JENIS_MIRIP = ("KEMBAR", "AYAH_ANAK", "NAMA_UMUM")
_BOBOT_MIRIP = (0.4, 0.25, 0.35)
MIRIP_PER_PEMILIH = 100 / 222_451


@dataclass(frozen=True)
class TruthRow:
    """What coklit should find about one record (or one missing person).

    ``tps_nomor`` is the TPS whose list holds the record (for BELUM_TERDAFTAR: the TPS the
    person belongs to by address). ``urutan`` is the 0-based index of the record in its
    kelurahan's ``pemilih`` list. ``data`` is JSON-serialisable (dates as ISO strings).
    """

    kategori: str
    kode_kelurahan: str
    tps_nomor: int
    urutan: int | None
    nik: str
    data: dict


@dataclass(frozen=True)
class PetugasRow:
    peran: str  # "PPK" | "PPS" | "PANTARLIH" | "KPPS"
    jabatan: str  # "KETUA" | "ANGGOTA" | "SEKRETARIS"
    kode_wilayah: str  # kecamatan for PPK, kelurahan otherwise
    tps_nomor: int | None
    nama: str
    jenis_kelamin: str
    nik: str
    telepon: str


class KelurahanBatch(NamedTuple):
    kode_kelurahan: str
    pemilih: list[tuple]  # PEMILIH_COLUMNS order, in list order (TPS, household, member)
    truth: list[TruthRow]


# --- seeds ---------------------------------------------------------------------------------


def _rng(seed: int, *label: object) -> random.Random:
    """An independent generator for one part of the output (stable across Python runs)."""
    kunci = repr((seed, *label)).encode()
    return random.Random(int.from_bytes(hashlib.sha256(kunci).digest()[:8], "big"))


def _bulat_acak(rng: random.Random, x: float) -> int:
    """Round ``x`` up with probability equal to its fraction: exact expectation, low variance,
    so small per-kelurahan rates still add up to the intended city-wide share."""
    n = math.floor(x)
    return n + (1 if rng.random() < x - n else 0)


def _bagi_sisa_terbesar(total: int, bobot: list[float]) -> list[int]:
    """Split ``total`` proportionally to ``bobot`` with integer parts (largest remainder)."""
    jumlah = sum(bobot)
    kuota = [total * b / jumlah for b in bobot]
    hasil = [math.floor(q) for q in kuota]
    urut = sorted(range(len(bobot)), key=lambda i: (hasil[i] - kuota[i], i))
    for i in urut[: total - sum(hasil)]:
        hasil[i] += 1
    return hasil


# --- plan ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class _RencanaKelurahan:
    kel: kediri.Kelurahan
    indeks_kec: int  # position of the kelurahan in its kecamatan (NIK/NKK serial partition)
    indeks_kota: int  # position in the city (newcomer serial partition)
    ukuran_tps: tuple[int, ...]  # DP4 records per regular TPS 1..n
    loksus: tuple[kediri.LokasiKhusus, ...]  # one entry per loksus TPS
    disabilitas: tuple[tuple[int, int], ...]  # (DIS code, records) quotas


def _ukuran_tps_kecamatan(
    rng: random.Random, jumlah_tps: int, jumlah_kecil: int, dp4: int
) -> list[int]:
    maks = MAKS_PEMILIH_PER_TPS_PILKADA_2024
    batas = kediri.TPS_BESAR_MIN - 1
    kecil = set(rng.sample(range(jumlah_tps), jumlah_kecil))
    ukuran = [
        rng.randint(kediri.TPS_KECIL_MIN, batas) if i in kecil else 0 for i in range(jumlah_tps)
    ]
    besar = [i for i in range(jumlah_tps) if i not in kecil]
    # Large TPS sit just under the ceiling (KPU fills TPS up to 600 to save on TPS): draw the
    # shortfall below 600 from a gamma whose mean matches what the DP4 total needs, so the
    # exact-total correction below stays small and sizes do not pile up at exactly 600.
    kurang = maks - (dp4 - sum(ukuran)) / len(besar)
    for i in besar:
        ukuran[i] = maks - round(rng.gammavariate(2, kurang / 2))
        ukuran[i] = min(maks, max(kediri.TPS_BESAR_MIN, ukuran[i]))
    selisih = dp4 - sum(ukuran)
    # Spread the difference one voter at a time over the large TPS that still have room,
    # in a shuffled order, so no TPS crosses 600 or drops to 400 and none stands out.
    while selisih:
        arah = 1 if selisih > 0 else -1
        calon = [
            i for i in besar if (ukuran[i] < maks if arah > 0 else ukuran[i] > kediri.TPS_BESAR_MIN)
        ]
        if not calon:
            raise ValueError("DP4 tidak muat: jumlah TPS terlalu sedikit untuk batas 600.")
        rng.shuffle(calon)
        for i in calon[: abs(selisih)]:
            ukuran[i] += arah
        selisih -= arah * min(len(calon), abs(selisih))
    return ukuran


@lru_cache(maxsize=8)
def _rencana(seed: int) -> tuple[_RencanaKelurahan, ...]:
    """The city-wide plan for ``seed``. Cached because generate_tps, iter_kelurahan and
    generate_kelurahan all need it; call ``_rencana.cache_clear()`` after changing the
    figures in ``kediri`` (e.g. ``LOKASI_KHUSUS``) at run time."""
    rng = _rng(seed, "rencana")
    semua = kediri.kelurahan()
    kecil_per_kec = _bagi_sisa_terbesar(
        kediri.TPS_KECIL_TOTAL, [k.tps_reguler for k in kediri.KECAMATAN]
    )
    ukuran_per_kel: dict[str, list[int]] = {}
    for kec, jumlah_kecil in zip(kediri.KECAMATAN, kecil_per_kec, strict=True):
        kels = [k for k in semua if k.kode_kecamatan == kec.kode]
        # Kelurahan differ a lot in population; a log-normal weight gives that spread while
        # every kelurahan keeps at least 2 TPS.
        bobot = [rng.lognormvariate(0, 0.45) for _ in kels]
        tambahan = _bagi_sisa_terbesar(kec.tps_reguler - 2 * len(kels), bobot)
        jumlah_tps = [2 + t for t in tambahan]
        ukuran = _ukuran_tps_kecamatan(rng, kec.tps_reguler, jumlah_kecil, kec.dp4)
        awal = 0
        for kel, n in zip(kels, jumlah_tps, strict=True):
            ukuran_per_kel[kel.kode] = ukuran[awal : awal + n]
            awal += n

    kode_kel = [k.kode for k in semua]
    dp4_kel = [sum(ukuran_per_kel[k]) for k in kode_kel]
    kuota: dict[str, list[tuple[int, int]]] = {k: [] for k in kode_kel}
    for kode_dis, jumlah in sorted(kediri.DISABILITAS_DP4.items()):
        if not jumlah:
            continue
        hitung = dict.fromkeys(kode_kel, 0)
        for k in rng.choices(kode_kel, weights=dp4_kel, k=jumlah):
            hitung[k] += 1
        for k in kode_kel:
            if hitung[k]:
                kuota[k].append((kode_dis, hitung[k]))

    hasil = []
    for indeks_kota, kel in enumerate(semua):
        sekec = [k.kode for k in semua if k.kode_kecamatan == kel.kode_kecamatan]
        loksus = tuple(
            lk
            for lk in kediri.LOKASI_KHUSUS
            if lk.kode_kelurahan == kel.kode
            for _ in range(lk.jumlah_tps)
        )
        hasil.append(
            _RencanaKelurahan(
                kel=kel,
                indeks_kec=sekec.index(kel.kode),
                indeks_kota=indeks_kota,
                ukuran_tps=tuple(ukuran_per_kel[kel.kode]),
                loksus=loksus,
                disabilitas=tuple(kuota[kel.kode]),
            )
        )
    return tuple(hasil)


def jumlah_dp4_per_tps(seed: int) -> dict[tuple[str, int], int]:
    """Planned DP4 records per regular TPS ``(kode_kelurahan, nomor)``, without generating
    anyone (what ``iter_kelurahan`` will produce; loksus TPS have 0)."""
    return {(r.kel.kode, j): n for r in _rencana(seed) for j, n in enumerate(r.ukuran_tps, 1)}


# --- kelurahan layout ----------------------------------------------------------------------


class _Rt(NamedTuple):
    rt: str
    rw: str
    alamat: str  # street / lingkungan part, shared by the RT
    bernomor: bool  # house numbers are written ("JL. X NO. 12")


@dataclass(frozen=True)
class _TataLetak:
    blok: tuple[tuple[_Rt, ...], ...]  # RTs covered by each regular TPS 1..n
    alamat_tps: tuple[str, ...]


def _tata_letak(seed: int, r: _RencanaKelurahan) -> _TataLetak:
    rng = _rng(seed, "tata-letak", r.kel.kode)
    # An urban RT has roughly 110-170 voters, so a TPS of ~550 covers 3-5 RTs.
    per_tps = [max(2, round(n / rng.uniform(110, 170))) for n in r.ukuran_tps]
    # RT 001..015 and RW 001..010 are the formats KPU shows: cap the layout to fit them.
    while sum(per_tps) > 150:
        per_tps[per_tps.index(max(per_tps))] -= 1
    total = sum(per_tps)
    jumlah_rw = min(10, max(2, round(total / rng.uniform(6, 10))))
    jumlah_rw = max(jumlah_rw, math.ceil(total / 15))
    rt_per_rw = _bagi_sisa_terbesar(total, [rng.uniform(0.7, 1.3) for _ in range(jumlah_rw)])
    # Largest remainder can still exceed 15 in one RW: move the excess to RWs with room.
    for i in range(jumlah_rw):
        while rt_per_rw[i] > 15:
            j = rt_per_rw.index(min(rt_per_rw))
            rt_per_rw[i] -= 1
            rt_per_rw[j] += 1
    urutan_rt: list[_Rt] = []
    jalan = rng.sample(names.JALAN, min(len(names.JALAN), jumlah_rw * 2))
    for rw in range(1, jumlah_rw + 1):
        gaya = rng.random()
        if gaya < 0.65:
            jalan_rw = jalan[(rw - 1) * 2 : rw * 2] or [rng.choice(names.JALAN)]
        else:
            lingkungan = rng.choice(names.LINGKUNGAN)
        for rt in range(1, rt_per_rw[rw - 1] + 1):
            if gaya < 0.65:
                dasar = f"JL. {rng.choice(jalan_rw)}"
                if rng.random() < 0.4:
                    dasar += f" GG. {rng.choice(names.ROMAWI)}"
                urutan_rt.append(_Rt(f"{rt:03d}", f"{rw:03d}", dasar, True))
            elif gaya < 0.92:
                urutan_rt.append(_Rt(f"{rt:03d}", f"{rw:03d}", f"LINGKUNGAN {lingkungan}", False))
            else:
                urutan_rt.append(_Rt(f"{rt:03d}", f"{rw:03d}", f"DSN. {lingkungan}", False))
    blok = []
    alamat_tps = []
    awal = 0
    for k in per_tps:
        b = tuple(urutan_rt[awal : awal + k])
        awal += k
        blok.append(b)
        # TPS are set up in a yard or hall inside the area they serve.
        lokasi = rng.choice(b)
        nomor = f" NO. {rng.randint(1, 120)}" if lokasi.bernomor else ""
        alamat_tps.append(f"{lokasi.alamat}{nomor} RT {lokasi.rt} RW {lokasi.rw}")
    return _TataLetak(tuple(blok), tuple(alamat_tps))


def generate_tps(seed: int) -> list[TpsRow]:
    """All 405 TPS: per kelurahan the regular TPS 1..n, then its loksus TPS from 901."""
    hasil = []
    for r in _rencana(seed):
        letak = _tata_letak(seed, r)
        for j, n in enumerate(r.ukuran_tps, 1):
            hasil.append(
                TpsRow(
                    r.kel.kode,
                    j,
                    "REGULER",
                    f"TPS {j:03d}",
                    letak.alamat_tps[j - 1],
                    jumlah_pantarlih(n),
                )
            )
        for k, lk in enumerate(r.loksus):
            nomor = kediri.LOKSUS_NOMOR_AWAL + k
            # 0 Pantarlih: loksus voters come through DPTb later, there is no DP4 list here.
            hasil.append(
                TpsRow(
                    r.kel.kode,
                    nomor,
                    "LOKSUS",
                    f"TPS {nomor} {lk.nama}",
                    lk.alamat,
                    0,
                    tempat=lk.nama,
                )
            )
    return hasil


# --- people --------------------------------------------------------------------------------

_HARI = kediri.HARI_PEMUNGUTAN
# Voters per KK in the DP4 (1..7, mean ~2.8).
_UKURAN_KK = (1, 2, 3, 4, 5, 6, 7)
_UKURAN_KK_KUM = (0.16, 0.47, 0.72, 0.89, 0.96, 0.99, 1.0)
_AWAL_KK = date(2008, 1, 1).toordinal()  # KK issue dates for DP4 households
_AKHIR_KK = date(2024, 3, 31).toordinal()
_AWAL_KK_BARU = date(2023, 8, 1).toordinal()  # newcomers' KK issued in the city recently
_AKHIR_KK_BARU = date(2024, 7, 20).toordinal()


def _tanggal_lahir(rng: random.Random, umur: int) -> date:
    """A birth date giving exactly ``umur`` completed years on polling day."""
    awal = date(_HARI.year - umur - 1, _HARI.month, _HARI.day).toordinal() + 1
    akhir = date(_HARI.year - umur, _HARI.month, _HARI.day).toordinal()
    return date.fromordinal(rng.randint(awal, akhir))


def _ktp_el(rng: random.Random, umur: int) -> str:
    # Recording KTP-el lags for new 17-year-olds and for the very old.
    if umur < 17:
        p = 0.9
    elif umur == 17:
        p = 0.35
    elif umur == 18:
        p = 0.15
    elif umur <= 20:
        p = 0.05
    elif umur <= 70:
        p = 0.008
    elif umur <= 85:
        p = 0.03
    else:
        p = 0.12
    return "B" if rng.random() < p else "S"


def _status_anak(rng: random.Random, umur: int) -> str:
    if umur < 20:
        return "B"
    if rng.random() < min(0.85, (umur - 19) / 16):
        return "P" if umur > 35 and rng.random() < 0.05 else "S"
    return "B"


class _Anggota(NamedTuple):
    jk: str
    umur: int
    status: str


def _komposisi(rng: random.Random, s: int) -> tuple[list[_Anggota], int | None]:
    """Ages, sexes and marital status of the ``s`` voters of one KK, and the mother's age
    (None for a one-person KK).

    Built as a family so ages relate: spouses a few years apart, children 19-40 years younger
    than their mother, widowed grandparents.
    """
    if s == 1:
        r = rng.random()
        if r < 0.40:  # young adult alone (student, worker renting a room)
            umur = int(rng.triangular(18, 45, 25))
            sts = "P" if umur > 28 and rng.random() < 0.05 else "B"
            return [_Anggota("L" if rng.random() < 0.5 else "P", umur, sts)], None
        if r < 0.84:  # widowed elderly, mostly women (they outlive their husbands)
            umur = min(100, int(rng.triangular(55, 99, 64)))
            sts = "S" if rng.random() < 0.12 else "P"
            return [_Anggota("P" if rng.random() < 0.62 else "L", umur, sts)], None
        umur = int(rng.triangular(30, 66, 45))
        return [_Anggota(rng.choice("LP"), umur, "S" if rng.random() < 0.4 else "P")], None

    pasangan = rng.random() < 0.82
    slot = s - (2 if pasangan else 1)
    if slot == 0:
        # Two voters only: mostly parents whose children are still under 17, else an
        # elderly couple whose children have left.
        if rng.random() < 0.6:
            kepala = int(rng.triangular(23, 50, 35))
        else:
            kepala = min(97, int(rng.triangular(48, 92, 58)))
    else:
        kepala = min(97, int(rng.triangular(38, 88, 50)))
    anggota: list[_Anggota] = []
    if pasangan:
        istri = kepala - round(rng.gauss(4, 3.5))
        # Brides under 19 are rare in the city (and legal only by dispensation).
        muda = 16 if rng.random() < 0.01 else 19
        if istri < muda:  # re-draw instead of clamping, so ages do not pile up at 19
            istri = muda + rng.randint(0, 3)
        istri = max(kepala - 15, min(istri, kepala + 5))
        if slot and istri < 37:
            istri = 37
        anggota.append(_Anggota("L", kepala, "S"))
        anggota.append(_Anggota("P", istri, "S"))
        ibu = istri
    else:
        jk = "P" if rng.random() < 0.62 else "L"
        kepala = max(kepala, 37) if slot else kepala
        anggota.append(_Anggota(jk, kepala, "P" if rng.random() < 0.85 else "S"))
        ibu = kepala
    ada_lansia = False
    anak_kawin: list[int] = []
    for _ in range(slot):
        r = rng.random()
        if r < 0.07 and ibu < 62 and not ada_lansia:
            ada_lansia = True
            umur = min(100, ibu + rng.randint(20, 34))
            anggota.append(_Anggota("P" if rng.random() < 0.66 else "L", umur, "P"))
            continue
        if r < 0.16 and anak_kawin:
            i = anak_kawin.pop()
            a = anggota[i]
            umur = max(19, a.umur + rng.randint(-5, 5))
            anggota.append(_Anggota("P" if a.jk == "L" else "L", umur, "S"))
            continue
        if ibu >= 62 and r < 0.30:
            umur = ibu - rng.randint(40, 58)
            if umur >= 17:
                anggota.append(_Anggota(rng.choice("LP"), umur, _status_anak(rng, umur)))
                continue
        # Gap drawn so the child is a voter (>= 17) without piling ages up at 17.
        umur = ibu - rng.randint(19, min(40, ibu - 17))
        sts = _status_anak(rng, umur)
        if sts == "S":
            anak_kawin.append(len(anggota))
        anggota.append(_Anggota(rng.choice("LP"), umur, sts))
    return anggota, ibu


class _Kelurahan:
    """Mutable state while one kelurahan is generated (discarded after it is yielded)."""

    def __init__(self, seed: int, r: _RencanaKelurahan) -> None:
        self.r = r
        self.kode = r.kel.kode
        self.kec = r.kel.kode_kecamatan.replace(".", "")
        self.rng = _rng(seed, "kelurahan", r.kel.kode)
        # Separate streams for the kinds of duplicates and the look-alikes: drawing from
        # ``self.rng`` would change every record generated after them.
        self.acak_ganda = _rng(seed, "ganda-jenis", r.kel.kode)
        self.acak_mirip = _rng(seed, "mirip", r.kel.kode)
        self._nik_khusus: set[str] = set()  # mistyped NIKs given out in this kelurahan
        self._seri_kedua: dict[tuple, int] = {}
        self.letak = _tata_letak(seed, r)
        self.baris: list[list] = []
        self.umur: list[int] = []
        self.kk: list[int] = []  # household id per record
        self.tanda: list[str | None] = []  # truth category per record ("_ASLI": kept twin)
        self.truth: list[TruthRow] = []
        self._seri_nik: dict[tuple, int] = {}
        self._seri_nkk: dict[int, int] = {}
        self._jumlah_kk = 0
        n = sum(r.ukuran_tps)
        t = kediri.TINGKAT_CACAT
        # Per-household probabilities derived from per-record rates (mean 2.8 voters/KK;
        # about 31% of KK have a mother of an age to have a 17-year-old, about 25% have
        # three or more voters and a mother under 55).
        self.p_ganda = t["GANDA"] * 2.8
        self.p_salah_tps = t["SALAH_TPS"]
        self.p_bawah_umur = t["DIBAWAH_UMUR"] * 2.8 / 0.25
        self.p_pemula = t["BELUM_TERDAFTAR"] * 0.55 * 2.8 / 0.31
        self.jumlah_pendatang = _bulat_acak(self.rng, t["BELUM_TERDAFTAR"] * 0.45 * n)

    # -- identifiers --

    def _nik(self, kec: str, tgl: date, jk: str, dasar: int, langkah: int) -> str:
        kunci = (kec, tgl, jk)
        k = self._seri_nik.get(kunci, 0)
        self._seri_nik[kunci] = k + 1
        return make_nik(kec, tgl, jk, dasar + k * langkah)

    def _nik_warga(self, tgl: date, jk: str) -> str:
        nik = self._nik(self.kec, tgl, jk, self.r.indeks_kec + 1, 20)
        if int(nik[12:]) > _SERI_WARGA_MAKS:  # never in practice (at most 5 per kelurahan)
            raise ValueError(f"Terlalu banyak warga lahir {tgl} ({jk}) di {self.kode}.")
        return nik

    def _nkk(self, awal: int, akhir: int) -> str:
        hari = self.rng.randint(awal, akhir)
        k = self._seri_nkk.get(hari, 0)
        self._seri_nkk[hari] = k + 1
        d = date.fromordinal(hari)
        seri = k * 20 + self.r.indeks_kec + 1
        return f"{self.kec}{d.day:02d}{d.month:02d}{d.year % 100:02d}{seri:04d}"

    # -- people --

    def _orang(
        self, a: _Anggota, keluarga: tuple, nik: str | None = None, tgl: date | None = None
    ) -> list:
        rng = self.rng
        tps, nkk, alamat, rt, budaya, marga = keluarga
        if tgl is None:
            tgl = _tanggal_lahir(rng, a.umur)
        nama = names.nama_orang(rng, a.jk, tgl.year, budaya, marga)
        muslim = budaya == "JAWA" or (budaya == "LAIN" and marga not in names.BATAK_MARGA)
        nama = names.beri_gelar(rng, nama, a.jk, tgl.year, muslim)
        if rng.random() < 0.015:  # some records were typed in mixed case
            nama = nama.title()
        if nik is None:
            nik = self._nik_warga(tgl, a.jk)
        return [
            self.kode,
            tps,
            nkk,
            nik,
            nama,
            a.jk,
            names.tempat_lahir(rng, tgl.year),
            tgl,
            a.status,
            alamat,
            rt.rt,
            rt.rw,
            0,
            _ktp_el(rng, a.umur),
        ]

    def _tambah(self, baris: list, umur: int, tanda: str | None) -> int:
        self.baris.append(baris)
        self.umur.append(umur)
        self.kk.append(self._jumlah_kk)
        self.tanda.append(tanda)
        return len(self.baris) - 1

    def _alamat(self, rt: _Rt) -> str:
        if rt.bernomor or self.rng.random() < 0.3:
            return f"{rt.alamat} NO. {self.rng.randint(1, 160)}"
        return rt.alamat

    def _rumah_tangga(self, tps: int, s: int) -> None:
        rng = self.rng
        n_tps = len(self.r.ukuran_tps)
        self._jumlah_kk += 1
        salah_tps = rng.random() < self.p_salah_tps
        tps_alamat = tps
        if salah_tps:
            tps_alamat = tps + 1 if tps == 1 or (tps < n_tps and rng.random() < 0.5) else tps - 1
        rt = rng.choice(self.letak.blok[tps_alamat - 1])
        budaya = names.pilih_budaya(rng)
        keluarga = (
            tps,
            self._nkk(_AWAL_KK, _AKHIR_KK),
            self._alamat(rt),
            rt,
            budaya,
            names.marga_keluarga(rng, budaya),
        )
        ganda = not salah_tps and bool(self.baris) and rng.random() < self.p_ganda
        nyata = s - 1 if ganda else s
        pemula = not salah_tps and rng.random() < self.p_pemula
        anggota, ibu = _komposisi(rng, nyata) if nyata else ([], None)
        bawah_umur = (
            not salah_tps
            and len(anggota) >= 3
            and ibu is not None
            and ibu < 55
            and rng.random() < self.p_bawah_umur
        )
        if bawah_umur:
            # The youngest child is really 15-16 on polling day but got into DP4.
            anggota[-1] = _Anggota(anggota[-1].jk, rng.randint(15, 16), "B")
        awal = len(self.baris)
        for i, a in enumerate(anggota):
            tanda = "SALAH_TPS" if salah_tps else None
            if bawah_umur and i == len(anggota) - 1:
                tanda = "DIBAWAH_UMUR"
            idx = self._tambah(self._orang(a, keluarga), a.umur, tanda)
            if tanda == "SALAH_TPS":
                self._catat("SALAH_TPS", idx, {"tps_benar": tps_alamat})
            elif tanda == "DIBAWAH_UMUR":
                self._catat("DIBAWAH_UMUR", idx, {"umur_pada_hari_pemungutan": a.umur})
        if ganda and not self._ganda(keluarga, awal):
            # No suitable record to duplicate: the seat goes to a real person instead, so
            # the TPS keeps its planned size.
            a = _komposisi(rng, 1)[0][0]
            self._tambah(self._orang(a, keluarga), a.umur, None)
        if pemula and ibu is not None and 36 <= ibu <= 52:
            # A child who turns 17 by polling day but was not in the DP4 extract.
            umur = 17 if rng.random() < 0.85 else 18
            a = _Anggota(rng.choice("LP"), umur, "B")
            baris = self._orang(a, keluarga)
            baris[-1] = "B" if rng.random() < 0.6 else "S"
            self._belum_terdaftar(baris, "PEMILIH_PEMULA", {})

    def _ganda(self, keluarga: tuple, awal: int) -> bool:
        """Add a second DP4 record of someone already listed.

        Either a double entry inside the same KK, or an old KK that still lists someone who
        has since moved into another household (typically after marriage). The copy keeps
        the birth date and sex; its NIK, name and birthplace depend on its kind
        (:meth:`_jenis_ganda`).
        """
        rng = self.rng
        sama_kk = len(self.baris) > awal and rng.random() < 0.3
        if sama_kk:
            calon = [i for i in range(awal, len(self.baris)) if self.tanda[i] is None]
        else:
            calon = [
                i for i in (rng.randrange(awal) for _ in range(8) if awal) if self.tanda[i] is None
            ][:1]
        if not calon:
            return False
        asli = rng.choice(calon)
        a = self.baris[asli]
        baris = list(a)
        if not sama_kk:
            tps, nkk, alamat, rt, _, _ = keluarga
            baris[_TPS], baris[_NKK], baris[_ALAMAT] = tps, nkk, alamat
            baris[_RT], baris[_RW] = rt.rt, rt.rw
            if a[_STS] == "S" and self.umur[asli] < 45:
                baris[_STS] = "B"  # the old KK still shows them unmarried
        if rng.random() < 0.5:
            # Drawn only to keep ``self.rng``'s stream as it was (every later record depends
            # on it); the copy's name is chosen by :meth:`_jenis_ganda`.
            names.varian_ejaan(rng, a[_NAMA])
        jenis = self._jenis_ganda(a, baris, sama_kk)
        self.tanda[asli] = "_ASLI"
        idx = self._tambah(baris, self.umur[asli], "GANDA")
        self._catat(
            "GANDA",
            idx,
            {
                "urutan_dipertahankan": asli,
                "tps_dipertahankan": a[_TPS],
                "nama_dipertahankan": a[_NAMA],
                "nik_dipertahankan": a[_NIK],
                "kk_sama": sama_kk,
                **jenis,
            },
        )
        return True

    def _jenis_ganda(self, a: list, baris: list, sama_kk: bool) -> dict:
        """Make copy ``baris`` of record ``a`` one kind of duplicate; returns its truth data
        (``jenis``, ``varian``: what differs besides the NIK, ``cara_nama``: how the name
        differs). Draws from ``acak_ganda`` only."""
        r = self.acak_ganda
        jenis = r.choices(JENIS_GANDA, _BOBOT_GANDA)[0]
        if jenis == "NIK_TYPO":
            baris[_NIK] = self._nik_salah_ketik(a[_NIK])
        elif jenis == "NIK_KEDUA":
            baris[_NIK] = self._nik_kedua(a[_TGL], a[_JK])
        p_nama, p_tempat = _VARIAN_GANDA[jenis]
        data: dict = {"jenis": jenis}
        if r.random() < p_nama:
            baris[_NAMA], data["cara_nama"] = names.varian_nama(r, a[_NAMA], a[_JK], a[_TGL].year)
        if r.random() < p_tempat:
            baris[_TMP] = names.varian_tempat_lahir(r, a[_TMP])
        beda = {"KK": _NKK, "NAMA": _NAMA, "TEMPAT_LAHIR": _TMP, "STATUS_KAWIN": _STS}
        data["varian"] = [k for k, c in beda.items() if baris[c] != a[c]]
        return data

    def _nik_salah_ketik(self, nik: str) -> str:
        """``nik`` with one (70%) or two of its serial digits mistyped, unique in the city."""
        seri = nik[12:]
        satu, dua = [], []
        for s in range(1, 3000):
            if s % 20 not in _SERI_BEBAS_MOD_20 and s not in _SERI_BEBAS:
                continue
            calon = f"{nik[:12]}{s:04d}"
            if calon in self._nik_khusus:
                continue
            beda = sum(x != y for x, y in zip(calon[12:], seri, strict=True))
            (satu if beda == 1 else dua if beda == 2 else []).append(calon)
        r = self.acak_ganda
        hasil = r.choice(satu if satu and (not dua or r.random() < 0.7) else dua)
        self._nik_khusus.add(hasil)
        return hasil

    def _nik_kedua(self, tgl: date, jk: str) -> str:
        """A second NIK of the same person, issued by another kab/kota (same birth part)."""
        asal = [k for k, _ in kediri.ASAL_PENDATANG if not k.startswith(kediri.KODE_KOTA)]
        kec = self.acak_ganda.choice(asal).replace(".", "")
        kunci = (kec, tgl, jk)
        k = self._seri_kedua.get(kunci, 0)
        self._seri_kedua[kunci] = k + 1
        return make_nik(kec, tgl, jk, 2001 + self.r.indeks_kota + 46 * k)

    def _catat(self, kategori: str, idx: int, data: dict) -> None:
        b = self.baris[idx]
        self.truth.append(TruthRow(kategori, self.kode, b[_TPS], idx, b[_NIK], data))

    def _belum_terdaftar(self, baris: list, jenis: str, lain: dict) -> None:
        rekam = {
            c: (v.isoformat() if isinstance(v, date) else v)
            for c, v in zip(PEMILIH_COLUMNS, baris, strict=True)
        }
        self.truth.append(
            TruthRow(
                "BELUM_TERDAFTAR",
                self.kode,
                baris[_TPS],
                None,
                baris[_NIK],
                {"jenis": jenis, "pemilih": rekam, **lain},
            )
        )

    def _pendatang(self) -> None:
        """Households that moved in after the DP4 extract: eligible, not on the list."""
        rng = self.rng
        sisa = self.jumlah_pendatang
        n_tps = len(self.r.ukuran_tps)
        while sisa > 0:
            s = min(sisa, rng.choices((1, 2, 3, 4), (0.35, 0.35, 0.2, 0.1))[0])
            sisa -= s
            tps = rng.randint(1, n_tps)
            rt = rng.choice(self.letak.blok[tps - 1])
            budaya = names.pilih_budaya(rng)
            keluarga = (
                tps,
                self._nkk(_AWAL_KK_BARU, _AKHIR_KK_BARU),
                self._alamat(rt),
                rt,
                budaya,
                names.marga_keluarga(rng, budaya),
            )
            kode_asal, asal = rng.choice(kediri.ASAL_PENDATANG)
            kec_asal = kode_asal.replace(".", "")
            for a in _komposisi(rng, s)[0]:
                tgl = _tanggal_lahir(rng, a.umur)
                # A NIK keeps the kecamatan that issued it, so newcomers carry their old code.
                nik = self._nik(kec_asal, tgl, a.jk, 3001 + self.r.indeks_kota, 46)
                baris = self._orang(a, keluarga, nik=nik, tgl=tgl)
                if rng.random() < 0.5:
                    baris[_C["tempat_lahir"]] = asal.replace("KAB. ", "").replace("KOTA ", "")
                self._belum_terdaftar(baris, "PENDATANG", {"asal": asal})

    # -- imperfections on existing records --

    def _pilih(self, k: int, bobot) -> list[int]:
        """``k`` unflagged records drawn without replacement with weight ``bobot(i)``
        (Efraimidis-Spirakis keys)."""
        if k <= 0:
            return []
        rng = self.rng
        kunci = []
        for i, t in enumerate(self.tanda):
            if t is not None or self.umur[i] < 17:
                continue
            w = bobot(i)
            if w > 0:
                kunci.append((math.log(1.0 - rng.random()) / w, i))
        return [i for _, i in heapq.nlargest(k, kunci)]

    def _cacat(self) -> None:
        rng = self.rng
        n = len(self.baris)
        t = kediri.TINGKAT_CACAT
        umur = self.umur

        # Deaths: mortality roughly doubles every 8 years of age.
        for i in self._pilih(
            _bulat_acak(rng, t["MENINGGAL"] * n), lambda i: math.exp(0.085 * (umur[i] - 60))
        ):
            self.tanda[i] = "MENINGGAL"
            wafat = date.fromordinal(
                rng.randint(date(2022, 1, 1).toordinal(), date(2024, 6, 15).toordinal())
            )
            self._catat("MENINGGAL", i, {"tanggal_meninggal": wafat.isoformat()})

        # Moving out: mostly young adults; sometimes the whole household goes.
        per_kk: dict[int, list[int]] = {}
        for j, k in enumerate(self.kk):
            per_kk.setdefault(k, []).append(j)
        kuota = _bulat_acak(rng, t["PINDAH"] * n)
        for i in self._pilih(kuota, lambda i: 2.0 if 20 <= umur[i] <= 40 else 0.5):
            if kuota <= 0:
                break
            if self.tanda[i] is not None:
                continue
            ikut = [i]
            if rng.random() < 0.35:
                ikut = [j for j in per_kk[self.kk[i]] if self.tanda[j] is None]
            ikut = ikut[:kuota]
            tujuan = rng.choice(kediri.TUJUAN_PINDAH)
            for j in ikut:
                self.tanda[j] = "PINDAH"
                self._catat("PINDAH", j, {"tujuan": tujuan, "sekeluarga": len(ikut) > 1})
            kuota -= len(ikut)

        # Joined the armed forces or police since their KTP was made: young men.
        for kategori, ket in (("TNI", "anggota TNI aktif"), ("POLRI", "anggota Polri aktif")):
            for i in self._pilih(
                _bulat_acak(rng, t[kategori] * n),
                lambda i: 1.0 if self.baris[i][_JK] == "L" and 19 <= umur[i] <= 40 else 0.0,
            ):
                self.tanda[i] = kategori
                self._catat(kategori, i, {"keterangan": ket})

        # Wrong data elements: the record shows a wrong value, the truth the right one.
        for i in self._pilih(_bulat_acak(rng, t["DATA_SALAH"] * n), lambda i: 1.0):
            self.tanda[i] = "DATA_SALAH"
            self._data_salah(i)

    def _data_salah(self, i: int) -> None:
        rng = self.rng
        b = self.baris[i]
        r = rng.random()
        if r < 0.35:
            elemen = {"nama": names.varian_ejaan(rng, b[_NAMA])}
        elif r < 0.55:
            elemen = {"tanggal_lahir": self._tanggal_salah(b[_TGL])}
        elif r < 0.62:
            elemen = {"jenis_kelamin": "P" if b[_JK] == "L" else "L"}
        elif r < 0.80:
            rt, rw = int(b[_RT]), int(b[_RW])
            if rng.random() < 0.7:
                rt = rt + 1 if rt == 1 or rng.random() < 0.5 else rt - 1
                elemen = {"rt": f"{rt:03d}"}
            else:
                rw = rw + 1 if rw == 1 or rng.random() < 0.5 else rw - 1
                elemen = {"rw": f"{rw:03d}"}
        else:
            sts = b[_STS]
            if sts == "B":
                salah = "S"
            elif sts == "S":
                salah = "B" if self.umur[i] < 45 else "P"
            else:
                salah = "S"
            if self.umur[i] < 17:  # a married 16-year-old listed as unmarried would be TMS
                salah = sts
            elemen = {"status_kawin": salah}
        if all(b[_C[k]] == v for k, v in elemen.items()):
            elemen = {"nama": names.varian_ejaan(rng, b[_NAMA])}
        benar = {k: b[_C[k]] for k in elemen}
        for k, v in elemen.items():
            b[_C[k]] = v

        def iso(d: dict) -> dict:
            return {k: (v.isoformat() if isinstance(v, date) else v) for k, v in d.items()}

        self._catat(
            "DATA_SALAH",
            i,
            {
                "elemen": sorted(elemen),
                "tercatat": iso(elemen),
                "benar": iso(benar),
            },
        )

    def _tanggal_salah(self, tgl: date) -> date:
        """A plausible wrong birth date: day/month swapped, a year off, or a day slip,
        never one that would make the voter look under 17."""
        rng = self.rng
        r = rng.random()
        if r < 0.3 and tgl.day <= 12 and tgl.day != tgl.month:
            salah = date(tgl.year, tgl.day, tgl.month)
        elif r < 0.65:
            salah = tgl.replace(day=min(tgl.day, 28), year=tgl.year - 1)
        else:
            salah = tgl - timedelta(days=rng.randint(1, 9))
        if salah == tgl or umur_pada(salah, _HARI) < 17:
            salah = tgl.replace(day=min(tgl.day, 28), year=tgl.year - 1)
        return salah

    def _disabilitas(self) -> None:
        """Exact DIS quotas for this kelurahan, weighted towards older voters."""
        umur = self.umur
        dipakai: set[int] = set()

        def bobot_fisik(i: int) -> float:
            return 0.3 + max(0, umur[i] - 40) / 8

        def bobot_mental(i: int) -> float:
            return 1.0 + max(0, umur[i] - 40) / 30

        for kode, jumlah in self.r.disabilitas:
            fungsi = bobot_mental if kode in (2, 3) else bobot_fisik
            # Flagged records (duplicates and their twins among them) are skipped, so both
            # records of one person keep the same DIS.
            pilihan = self._pilih(jumlah, lambda i, f=fungsi: 0.0 if i in dipakai else f(i))
            if len(pilihan) != jumlah:
                raise ValueError(f"Kuota disabilitas {kode} tidak terpenuhi di {self.kode}.")
            for i in pilihan:
                self.baris[i][_DIS] = kode
                dipakai.add(i)

    # -- look-alikes that are not duplicates --

    def _mirip(self) -> None:
        """Plant look-alike pairs among records with no truth yet (drawn from ``acak_mirip``,
        after everything else, so no other record changes). One truth row per pair, on the
        record that was changed; its partner is ``data["pasangan_urutan"]``."""
        r = self.acak_mirip
        per_kk: dict[int, list[int]] = {}
        for i, k in enumerate(self.kk):
            per_kk.setdefault(k, []).append(i)
        for _ in range(_bulat_acak(r, MIRIP_PER_PEMILIH * len(self.baris))):
            pertama = r.choices(JENIS_MIRIP, _BOBOT_MIRIP)[0]
            for jenis in (pertama, *(j for j in JENIS_MIRIP if j != pertama)):
                calon = self._calon_mirip(jenis, per_kk)
                if calon:
                    self._tanam_mirip(jenis, *r.choice(calon))
                    break

    def _bebas(self, i: int) -> bool:
        """A record a look-alike may be made of: no truth, eligible by age, no title."""
        nama = self.baris[i][_NAMA]
        return (
            self.tanda[i] is None
            and self.umur[i] >= 17
            and nama == nama.upper()
            and "." not in nama
            and "," not in nama
        )

    def _calon_mirip(self, jenis: str, per_kk: dict[int, list[int]]) -> list[tuple[int, int]]:
        """Candidate pairs ``(kept, changed)`` for one look-alike of kind ``jenis``."""
        b, umur = self.baris, self.umur
        calon = []
        if jenis == "NAMA_UMUM":
            sama: dict[tuple, list[int]] = {}
            for i in range(len(b)):
                if self._bebas(i):
                    sama.setdefault((b[i][_TGL], b[i][_JK]), []).append(i)
            for grup in sama.values():
                for x in grup:
                    calon += [
                        (x, y)
                        for y in grup
                        if y > x and b[y][_NKK] != b[x][_NKK] and b[y][_NAMA] != b[x][_NAMA]
                    ]
            return calon
        for anggota in per_kk.values():
            kepala = anggota[0]
            if jenis == "KEMBAR":
                # Unmarried children at home: clearly younger than the head of the KK.
                anak = [
                    i
                    for i in anggota[1:]
                    if self._bebas(i) and b[i][_STS] == "B" and umur[i] <= umur[kepala] - 14
                ]
                calon += [
                    (x, y)
                    for x in anak
                    for y in anak
                    if b[x][_TGL] < b[y][_TGL]
                    and umur[x] - umur[y] <= 6
                    and b[x][_NAMA].split(" ")[0] != b[y][_NAMA].split(" ")[0]
                ]
            elif b[kepala][_JK] == "L" and self._bebas(kepala):  # AYAH_ANAK
                calon += [
                    (kepala, i)
                    for i in anggota[1:]
                    if self._bebas(i)
                    and b[i][_JK] == "L"
                    and b[i][_STS] == "B"
                    and umur[i] <= umur[kepala] - 18
                    and b[i][_NAMA] != b[kepala][_NAMA]
                ]
        return calon

    def _tanam_mirip(self, jenis: str, x: int, y: int) -> None:
        a, b = self.baris[x], self.baris[y]
        semula: dict = {}
        if jenis == "KEMBAR":
            # The younger child gets the elder's birth date (and birthplace), so a new NIK.
            semula = {"tanggal_lahir": b[_TGL].isoformat(), "nik": b[_NIK]}
            if b[_TMP] != a[_TMP]:
                semula["tempat_lahir"] = b[_TMP]
                b[_TMP] = a[_TMP]
            b[_TGL] = a[_TGL]
            self.umur[y] = self.umur[x]
            b[_NIK] = self._nik_warga(b[_TGL], b[_JK])
        else:  # the son named after his father; a stranger with the same common name
            semula = {"nama": b[_NAMA]}
            b[_NAMA] = a[_NAMA]
        self.tanda[x], self.tanda[y] = "_MIRIP", "MIRIP"
        self._catat(
            "MIRIP",
            y,
            {
                "jenis": jenis,
                "pasangan_urutan": x,
                "pasangan_nik": a[_NIK],
                "pasangan_tps": a[_TPS],
                "semula": semula,
            },
        )

    def bangkitkan(self) -> KelurahanBatch:
        for j, target in enumerate(self.r.ukuran_tps, 1):
            sisa = target
            while sisa > 0:
                s = min(self.rng.choices(_UKURAN_KK, cum_weights=_UKURAN_KK_KUM)[0], sisa)
                self._rumah_tangga(j, s)
                sisa -= s
        self._pendatang()
        self._disabilitas()
        self._cacat()
        self._mirip()
        self.truth.sort(key=lambda t: (t.urutan is None, t.urutan or 0, t.tps_nomor, t.nik))
        return KelurahanBatch(self.kode, [tuple(b) for b in self.baris], self.truth)


def generate_kelurahan(seed: int, kode_kelurahan: str) -> KelurahanBatch:
    """One kelurahan's DP4 records and truth; identical to its batch in ``iter_kelurahan``."""
    for r in _rencana(seed):
        if r.kel.kode == kode_kelurahan:
            return _Kelurahan(seed, r).bangkitkan()
    raise KeyError(f"Kelurahan {kode_kelurahan} bukan bagian dari Kota Kediri.")


def iter_kelurahan(seed: int) -> Iterator[KelurahanBatch]:
    """DP4 records of all 46 kelurahan, one kelurahan at a time (bounded memory)."""
    for r in _rencana(seed):
        yield _Kelurahan(seed, r).bangkitkan()


# --- officers ------------------------------------------------------------------------------

# fmt: off
_PREFIKS_HP = ("0812", "0813", "0821", "0822", "0852", "0853", "0857", "0877", "0878",
               "0881", "0895", "0896", "0838", "0819")
# fmt: on


def generate_petugas(seed: int, tps: list[TpsRow]) -> list[PetugasRow]:
    """Ad hoc officers: PPK (5 per kecamatan + 1 secretary), PPS (3 per kelurahan),
    Pantarlih (per TPS by the 400 rule, as in ``TpsRow.jumlah_pantarlih``), KPPS (7 per TPS,
    loksus included). Synthetic people separate from the voter rows."""
    rng = _rng(seed, "petugas")
    seri: dict[tuple, int] = {}
    kec_kel = {k.kode: k.kode_kecamatan for k in kediri.kelurahan()}
    hasil: list[PetugasRow] = []

    def orang(
        peran: str,
        jabatan: str,
        wilayah: str,
        kec: str,
        tps_nomor: int | None,
        umur_min: int,
        umur_maks: int,
    ) -> None:
        jk = "P" if rng.random() < 0.45 else "L"
        umur = int(rng.triangular(umur_min, umur_maks + 1, (umur_min + umur_maks) / 2.5))
        tgl = _tanggal_lahir(rng, umur)
        budaya = names.pilih_budaya(rng)
        nama = names.nama_orang(rng, jk, tgl.year, budaya, names.marga_keluarga(rng, budaya))
        nama = names.beri_gelar(rng, nama, jk, tgl.year, budaya == "JAWA")
        kunci = (kec, tgl, jk)
        seri[kunci] = seri.get(kunci, 0) + 1
        nik = make_nik(kec, tgl, jk, 5000 + seri[kunci])
        panjang = rng.randint(11, 13)
        telepon = rng.choice(_PREFIKS_HP) + "".join(
            str(rng.randrange(10)) for _ in range(panjang - 4)
        )
        hasil.append(PetugasRow(peran, jabatan, wilayah, tps_nomor, nama, jk, nik, telepon))

    for kec in kediri.KECAMATAN:
        for i in range(kediri.PPK_PER_KECAMATAN):
            orang("PPK", "KETUA" if i == 0 else "ANGGOTA", kec.kode, kec.kode, None, 25, 58)
        # The PPK secretary is a civil servant of the kecamatan office.
        orang("PPK", "SEKRETARIS", kec.kode, kec.kode, None, 30, 56)
    for kel in kediri.kelurahan():
        for i in range(kediri.PPS_PER_KELURAHAN):
            orang(
                "PPS", "KETUA" if i == 0 else "ANGGOTA", kel.kode, kel.kode_kecamatan, None, 21, 60
            )
    for t in tps:
        for _ in range(t.jumlah_pantarlih):
            orang(
                "PANTARLIH", "ANGGOTA", t.kode_kelurahan, kec_kel[t.kode_kelurahan], t.nomor, 20, 58
            )
    for t in tps:
        for i in range(kediri.KPPS_PER_TPS):
            orang(
                "KPPS",
                "KETUA" if i == 0 else "ANGGOTA",
                t.kode_kelurahan,
                kec_kel[t.kode_kelurahan],
                t.nomor,
                17,
                55,
            )
    return hasil
