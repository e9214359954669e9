"""The pace of coklit in the demo simulation, as plain Python: who visits which household on
which day, and when it reaches the server.

No Django, no database: :mod:`selenggara.demo.simulasi` hands in each Pantarlih's households
(in walking order, with how many people each holds) and plays what comes out day by day. Every
number is drawn from ``random.Random`` instances seeded from ``(seed, label)`` through SHA-256
(like the generator), labelled with stable names (the Pantarlih's username, the TPS code), so
the schedule of one Pantarlih never depends on another's, on database ids, or on how many days
an earlier run played. That is what makes a month split into several runs equal to one run.

The model, per Pantarlih (figures calibrated on Kota Kediri 2024: 53.33% in the app on day 8,
more on paper, 100% planned by the end of week 2, ``docs/demo.md``):

- **Visits (paper).** The TPS has a planned finishing day (most in days 10-12, some 13-15, one
  in ten slow at 16-20: a dense or scattered area), the Pantarlih a day more or less. The
  households are spread over the days up to it by daily weights: weekends 0.6, the first day
  0.7 (the kick-off), a day off now and then (about 1 in 20), and +-20% noise.
- **Entry into the app.** The forms are typed into e-coklit in the evening, in visiting order,
  as far as the evening allows: in the first week (days 1-8) that is 60-100% of the daily
  visiting pace (the app is new, the forms pile up), from day 9 more than twice the pace, so the
  backlog clears in week 2. About a third of Pantarlih ("berkala") enter and sync only every 2-3
  days, in one sitting.
- **Sync.** What is entered goes at the evening sync (19:00-23:00). In the first days a sync
  fails more often (30% on days 1-5, 15% on 6-8, then 4%: no signal, server load), and about 1
  Pantarlih in 12 stops syncing for 4-7 days (a broken phone, no data quota); whatever waits
  goes at the next successful sync. The Pantarlih's paper count of each day worked (KERTAS) is
  typed in the same evening and travels with that sync.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import date, timedelta

# Sync failure probability by day of coklit (1-based).
GAGAL_SINKRON = ((5, 0.30), (8, 0.15), (10_000, 0.04))
# Share of the daily visiting pace typed into the app per evening: week 1, then catching up.
ENTRI_MINGGU_1 = (0.6, 1.0)
ENTRI_SUSULAN = 2.2
HARI_ENTRI_AWAL = 8  # days 1-8 at the week-1 rate
BOBOT_AKHIR_PEKAN = 0.6
BOBOT_HARI_PERTAMA = 0.7
PELUANG_LIBUR = 0.05
PELUANG_BERKALA = 0.35
PELUANG_MACET = 0.08


def acak(seed: int, *label: object) -> random.Random:
    """An independent generator for one part of the schedule (stable across runs and hosts)."""
    kunci = repr(("simulasi", seed, *label)).encode()
    return random.Random(int.from_bytes(hashlib.sha256(kunci).digest()[:8], "big"))


def pecahan(seed: int, *label: object) -> float:
    """A stable number in [0, 1) for one decision (a PPS return, a recall draw)."""
    kunci = repr(("simulasi", seed, *label)).encode()
    return int.from_bytes(hashlib.sha256(kunci).digest()[:8], "big") / 2**64


@dataclass(frozen=True)
class Kalender:
    """The coklit days: day 1 is ``mulai`` (24 Jun 2024), the last is ``selesai`` (24 Jul)."""

    mulai: date
    selesai: date

    @property
    def jumlah_hari(self) -> int:
        return (self.selesai - self.mulai).days + 1

    def tanggal(self, hari: int) -> date:
        return self.mulai + timedelta(days=hari - 1)

    def hari(self, tanggal: date) -> int:
        return (tanggal - self.mulai).days + 1

    def akhir_pekan(self, hari: int) -> bool:
        return self.tanggal(hari).weekday() >= 5

    @property
    def batas_sinkron(self) -> int:
        """The day by which every field change has reached the server (two days before the
        end, so PPS can still decide what came last)."""
        return self.jumlah_hari - 2


def hari_selesai_tps(seed: int, kode_tps: str) -> int:
    """The day the TPS's paper round is planned to end: most in days 10-12, some 13-15, one
    in ten slow (16-20)."""
    r = acak(seed, "tps", kode_tps)
    x = r.random()
    if x < 0.75:
        return r.randint(10, 12)
    if x < 0.90:
        return r.randint(13, 15)
    return r.randint(16, 20)


@dataclass(frozen=True)
class Profil:
    """How one Pantarlih works."""

    selesai: int  # planned last day of visits
    berkala: bool  # enters and syncs only every ``selang`` days
    selang: int
    geser: int  # which days of the ``selang`` cycle are sync days
    macet: tuple[int, int] | None  # first and last day without any sync
    entri: float  # week-1 entry capacity, as a share of the visiting pace

    def hari_sinkron(self, hari: int) -> bool:
        """Whether this is one of the Pantarlih's sync evenings (before failures)."""
        if self.macet and self.macet[0] <= hari <= self.macet[1]:
            return False
        return (hari - self.geser) % self.selang == 0


def profil(seed: int, nama: str, selesai_tps: int) -> Profil:
    r = acak(seed, "profil", nama)
    selesai = max(7, selesai_tps + r.choice((-1, 0, 0, 1)))
    berkala = r.random() < PELUANG_BERKALA
    selang = r.choice((2, 2, 3)) if berkala else 1
    geser = r.randrange(selang)
    macet = None
    if r.random() < PELUANG_MACET:
        awal = r.randint(3, 10)
        macet = (awal, awal + r.randint(3, 6))
    return Profil(selesai=selesai, berkala=berkala, selang=selang, geser=geser, macet=macet,
                  entri=r.uniform(*ENTRI_MINGGU_1))


@dataclass
class Jadwal:
    """One Pantarlih's month: per household (in the order given) the day it is visited and the
    day its changes are synced; per day worked, the day its paper count is synced; per sync
    day, the minute of the evening it happens."""

    profil: Profil
    kunjungan: list[int] = field(default_factory=list)
    kirim: list[int] = field(default_factory=list)
    kertas: dict[int, int] = field(default_factory=dict)  # day worked -> sync day
    sesi: dict[int, int] = field(default_factory=dict)  # sync day -> minutes after 00:00 WIB

    def per_hari_kirim(self) -> dict[int, list[int]]:
        """Sync day -> indexes of the households synced that day (in visiting order)."""
        out: dict[int, list[int]] = {}
        for i, h in enumerate(self.kirim):
            out.setdefault(h, []).append(i)
        return out


def _gagal(hari: int) -> float:
    for sampai, p in GAGAL_SINKRON:
        if hari <= sampai:
            return p
    return GAGAL_SINKRON[-1][1]


def susun(seed: int, nama: str, ukuran: list[int], selesai_tps: int, kal: Kalender) -> Jadwal:
    """The schedule of Pantarlih ``nama`` for households of ``ukuran`` people each."""
    pr = profil(seed, nama, selesai_tps)
    r = acak(seed, "jadwal", nama)
    n = sum(ukuran)
    jadwal = Jadwal(pr)
    # Daily visiting weights up to the planned last day.
    bobot = []
    for hari in range(1, kal.jumlah_hari + 1):
        w = 0.0
        if hari <= pr.selesai:
            w = BOBOT_AKHIR_PEKAN if kal.akhir_pekan(hari) else 1.0
            if hari == 1:
                w *= BOBOT_HARI_PERTAMA
            if r.random() < PELUANG_LIBUR:
                w = 0.0
            w *= r.uniform(0.8, 1.2)
        bobot.append(w)
    if not any(bobot):
        bobot[0] = 1.0
    total = sum(bobot)
    kapasitas, acc = [], 0.0
    for w in bobot:
        acc += w
        kapasitas.append(acc / total * n)
    # A household is visited on the day the cumulative capacity passes its middle.
    hari, sudah = 0, 0
    for s in ukuran:
        while hari < len(kapasitas) - 1 and kapasitas[hari] < sudah + s / 2:
            hari += 1
        jadwal.kunjungan.append(hari + 1)
        sudah += s
    laju = n / max(1, sum(1 for w in bobot if w > 0))

    jadwal.kirim = [0] * len(ukuran)
    antre_entri: list[int] = []  # visited, not yet typed in
    antre_kirim: list[int] = []  # typed in, not yet synced
    kertas_tunggu: list[int] = []
    simpanan = 0.0  # a "berkala" Pantarlih's unused evenings
    berikut = 0
    for hari in range(1, kal.jumlah_hari + 1):
        hari_ini = []
        while berikut < len(ukuran) and jadwal.kunjungan[berikut] == hari:
            hari_ini.append(berikut)
            berikut += 1
        antre_entri += hari_ini
        if hari_ini:
            kertas_tunggu.append(hari)
        akhir = hari >= kal.batas_sinkron
        sinkron = akhir or (pr.hari_sinkron(hari) and r.random() >= _gagal(hari))
        kap = (pr.entri if hari <= HARI_ENTRI_AWAL else ENTRI_SUSULAN) * laju * r.uniform(0.8, 1.2)
        if pr.berkala:
            simpanan += kap
            kap, simpanan = (simpanan, 0.0) if sinkron else (0.0, simpanan)
        while antre_entri and (kap > 0 or akhir):
            i = antre_entri.pop(0)
            antre_kirim.append(i)
            kap -= ukuran[i]
        if sinkron and (antre_kirim or kertas_tunggu):
            for i in antre_kirim:
                jadwal.kirim[i] = hari
            for k in kertas_tunggu:
                jadwal.kertas[k] = hari
            antre_kirim, kertas_tunggu = [], []
            jadwal.sesi[hari] = r.randint(19 * 60, 23 * 60)
        if akhir and berikut >= len(ukuran) and not antre_entri:
            break
    return jadwal
