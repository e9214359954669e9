"""Playing the demo's coklit forward, day by day: ``selenggara demo simulasi --sampai DATE``.

What the commission sees on a given evening of coklit (24 Jun - 24 Jul 2024) comes from the
same services the field app and the PPS pages call: every Pantarlih's changes go through
:func:`selenggara.coklit.sync.sync` in batches of at most 200 under the simulated moment of
their sync (``web.jam.pada``), and PPS decide through :mod:`selenggara.coklit.keputusan`. So
the counters, the audit chain, the review queue and the Pantarlih's activity are exactly what
real use would have left; nothing here writes a register row or a counter itself.

**The schedule** (:mod:`.simulasi_jadwal`) is a function of the seed and of stable names only
(usernames, TPS codes, NIKs): the day each household is visited, the day its changes reach the
server, the paper count of each day worked. A day is played in one transaction and the day
reached is stored (:class:`~selenggara.demo.models.SimulasiDemo`), so a run that stops midway
keeps whole days, and a later run plays exactly the remaining days: the month split into
several runs gives the same register and counters as one run.

**What the Pantarlih find.** Each planted error of ``KebenaranDemo`` is found with a recall
per kind (:data:`RECALL`, 85-95%) and recorded as the field app would: TMS 1 / 6 / 7 with the
evidence document, TMS 4 and 3, TMS 2 on the duplicate copy, TMS 8 to the right TPS of the
kelurahan, Ubah with the true values (a few with a typo PPS corrects later), Baru for the
eligible people missing from the list; what is not found is marked Sesuai, and so are the
look-alikes that are not duplicates (kategori MIRIP: twins, a father and son of one name). A
duplicate is found by its voter id, whatever its NIK looks like. One sticker per
household. Two Pantarlih of one TPS sometimes both check the boundary household: the later
sync is a conflict for PPS.

**What PPS do** (:mod:`.simulasi_pps`): from week 3 (8 Jul), Monday to Saturday, each kelurahan
works through its queue so that it is empty by the last day: approve most (``setujui_banyak``),
correct the typos (``koreksi``), return a few % with a note (``kembalikan``: the Pantarlih
re-checks it 1-3 days later, in a later sync), and settle every conflict (``putus_konflik``).
"""

from __future__ import annotations

import math
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from selenggara.coklit.models import Perubahan, RekapCoklit, Tinjauan
from selenggara.coklit.sync import MAKS_PER_BATCH, Change, sync
from selenggara.demo.models import KebenaranDemo, SimulasiDemo
from selenggara.demo.simulasi_jadwal import (
    Jadwal,
    Kalender,
    acak,
    hari_selesai_tps,
    pecahan,
    susun,
)
from selenggara.pemilih.models import Pemilih, PindahTPS, Rekap
from selenggara.pemilihan.models import Pemilihan, Tahapan
from selenggara.petugas.models import Petugas
from selenggara.rules import kode
from selenggara.rules.pemilih import FIELDS
from selenggara.web import jam
from selenggara.wilayah.models import TPS, Wilayah

DEFAULT_SEED = 2024
JAM_AKHIR = time(20, 0)  # the working moment a run leaves the demo at (WIB)

# Share of each planted error the Pantarlih find.
RECALL = {
    "MENINGGAL": 0.95, "PINDAH": 0.88, "SALAH_TPS": 0.86, "GANDA": 0.85, "TNI": 0.90,
    "POLRI": 0.90, "DIBAWAH_UMUR": 0.92, "DATA_SALAH": 0.87, "BELUM_TERDAFTAR": 0.90,
}
SALAH_KETIK = 0.06  # found name errors typed with a typo (PPS corrects them)
TUMPANG = 0.6  # share of two-Pantarlih TPS where both check the boundary household
BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")

_TMS = {
    "MENINGGAL": (kode.TMS_MENINGGAL, ("Surat keterangan kematian dari kelurahan",
                                       "Surat keterangan kematian dari ketua RT",
                                       "Akta kematian Dispendukcapil")),
    "PINDAH": (kode.TMS_PINDAH_DOMISILI, ("Keterangan keluarga: sudah pindah domisili",
                                          "Surat keterangan pindah (SKPWNI)")),
    "GANDA": (kode.TMS_GANDA, ("",)),
    "TNI": (kode.TMS_TNI, ("Kartu tanda anggota TNI",)),
    "POLRI": (kode.TMS_POLRI, ("Kartu tanda anggota Polri",)),
    "DIBAWAH_UMUR": (kode.TMS_DI_BAWAH_UMUR, ("",)),
}


class SimulasiError(Exception):
    """A run refused before anything was played (the message says what to do)."""


def tanggal_id(d: date) -> str:
    """``1 Juli 2024``."""
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def uuid_dari(seed: int, *label: object) -> uuid.UUID:
    """A change id that is the same in every run (a replay of a known id writes nothing)."""
    r = acak(seed, "uuid", *label)
    return uuid.UUID(int=r.getrandbits(128), version=4)


# -- the people of a Pantarlih's round ----------------------------------------------------------
@dataclass
class Orang:
    pemilih_id: int | None  # None: an eligible person not on the list (Baru)
    # The key of this person's draws and change ids: the NIK, except for a planted duplicate
    # (the kept record's NIK) and a look-alike given a new NIK (its NIK before), i.e. the NIK
    # the record had before the demo gave such records NIKs of their own, so the schedule and
    # what is found did not move.
    nik: str
    nkk: str
    kategori: str = ""  # the planted error, "" for none
    data: dict = field(default_factory=dict)  # KebenaranDemo.data
    tujuan: int | None = None  # SALAH_TPS: the TPS the address belongs to


@dataclass
class Rumah:
    nkk: str
    kunci: tuple
    dp4: list[Orang] = field(default_factory=list)
    baru: list[Orang] = field(default_factory=list)
    tumpang: bool = False  # the other Pantarlih's household, checked a second time

    @property
    def ukuran(self) -> int:
        return len(self.dp4) + (0 if self.tumpang else len(self.baru))


@dataclass
class Lapangan:
    """One Pantarlih's month."""

    petugas: Petugas
    nama: str
    rumah: list[Rumah]
    jadwal: Jadwal
    kirim: dict[int, list[int]] = field(default_factory=dict)  # sync day -> households
    kertas_jumlah: dict[int, int] = field(default_factory=dict)  # day worked -> voters
    kertas_kirim: dict[int, list[int]] = field(default_factory=dict)  # sync day -> days
    menit_kunjungan: list[int] = field(default_factory=list)  # per household


@dataclass
class Kelurahan:
    id: int
    kode: str
    nama: str
    pps: list  # the PPS members' accounts


@dataclass
class Hasil:
    """What a run did."""

    dari: date | None
    sampai: date | None  # last day played (None: nothing to play)
    diminta: date
    hari: list[dict] = field(default_factory=list)  # the figures of each day played
    jawaban: Counter = field(default_factory=Counter)  # (aksi, status) -> n
    keputusan: Counter = field(default_factory=Counter)  # PPS decision -> n
    peringatan: list[str] = field(default_factory=list)
    berhenti_di_akhir_coklit: bool = False
    # After coklit (whole city only, :mod:`.simulasi_daftar`): the figures of each day played
    # and of the lists KPU set (``{"DPS": {...}, "DPT": {...}}``).
    hari_daftar: list[dict] = field(default_factory=list)
    daftar: dict = field(default_factory=dict)


# -- the world, read once per run ---------------------------------------------------------------
class Dunia:
    """Everything a run needs, read once: the calendar, the Pantarlih and their rounds, the
    kelurahan and their PPS, the truth for PPS checks. Built from the original list (voters of
    DP4, each at the TPS it had before any TMS 8), so it is the same in every run."""

    def __init__(self, pemilihan: Pemilihan, seed: int, kelurahan_kode: list[str]):
        self.pemilihan, self.seed = pemilihan, seed
        coklit = Tahapan.objects.filter(pemilihan=pemilihan, kode="coklit").first()
        if coklit is None:
            raise SimulasiError("Tahapan coklit tidak ada di kalender pemilihan demo.")
        self.kal = Kalender(coklit.mulai, coklit.selesai)
        kel_qs = Wilayah.objects.filter(tingkat=4, induk__induk_id=pemilihan.wilayah_id)
        if kelurahan_kode:
            kel_qs = kel_qs.filter(kode__in=kelurahan_kode)
        self.kelurahan = {w.id: Kelurahan(w.id, w.kode, w.nama, []) for w in
                          kel_qs.order_by("kode")}
        for p in (Petugas.objects.filter(pemilihan=pemilihan, peran="PPS", aktif=True,
                                         wilayah_id__in=self.kelurahan, user__isnull=False)
                  .select_related("user").order_by("wilayah_id", "jabatan", "id")):
            self.kelurahan[p.wilayah_id].pps.append(p.user)
        self.tps = {t.id: t for t in TPS.objects.filter(kelurahan_id__in=self.kelurahan)
                    .select_related("kelurahan")}
        self.tps_nomor = {(t.kelurahan_id, t.nomor): t.id for t in self.tps.values()}
        self.benar: dict[int, dict] = {}  # voter -> true values of a DATA_SALAH record
        self.lapangan: list[Lapangan] = []
        self._bangun()
        self.by_petugas = {lp.petugas.id: lp for lp in self.lapangan}

    def _bangun(self) -> None:
        seed, kal = self.seed, self.kal
        kebenaran: dict[int, tuple] = {}
        hilang: dict[int, list] = defaultdict(list)  # TPS -> missing people, in truth order
        kunci: dict[int, str] = {}  # voter -> the NIK its draws are keyed on (Orang.nik)
        for kategori, pemilih_id, tps_id, nik, data in (
                KebenaranDemo.objects.filter(tps__kelurahan_id__in=self.kelurahan)
                .order_by("id").values_list("kategori", "pemilih_id", "tps_id", "nik", "data")):
            if kategori == "MIRIP":  # not an error: nothing for a Pantarlih to find
                if "nik" in data.get("semula", {}):
                    kunci[pemilih_id] = data["semula"]["nik"]
                continue
            if pemilih_id is None:
                hilang[tps_id].append((nik, data))
            else:
                kebenaran[pemilih_id] = (kategori, data)
                if kategori == "DATA_SALAH":
                    self.benar[pemilih_id] = data["benar"]
                elif kategori == "GANDA":
                    kunci[pemilih_id] = data.get("nik_dipertahankan", nik)
        asal = {}
        for pemilih_id, tps_asal in (PindahTPS.objects.filter(
                pemilih__kelurahan_id__in=self.kelurahan).order_by("-rev")
                .values_list("pemilih_id", "tps_asal_id")):
            asal[pemilih_id] = tps_asal  # the earliest move wins (read last)
        rumah: dict[int, dict[str, Rumah]] = defaultdict(dict)
        for pid, tps_id, nkk, nik, rw, rt in (
                Pemilih.objects.filter(pemilihan=self.pemilihan, sumber="DP4",
                                       kelurahan_id__in=self.kelurahan)
                .order_by("id").values_list("id", "tps_id", "nkk", "nik", "rw", "rt")):
            tps_id = asal.get(pid, tps_id)
            kategori, data = kebenaran.get(pid, ("", {}))
            if kategori == "DATA_SALAH":  # the household's place as the DP4 listed it
                rt = data["tercatat"].get("rt", rt)
                rw = data["tercatat"].get("rw", rw)
            o = Orang(pid, kunci.get(pid, nik), nkk, kategori, data)
            if kategori == "SALAH_TPS":
                o.tujuan = self.tps_nomor.get((self.tps[tps_id].kelurahan_id,
                                               data["tps_benar"]))
            r = rumah[tps_id].get(nkk)
            if r is None:
                r = rumah[tps_id][nkk] = Rumah(nkk, (rw, rt, pid))
            r.dp4.append(o)
        for tps_id, orang in hilang.items():
            for i, (nik, data) in enumerate(orang):
                p = data["pemilih"]
                o = Orang(None, nik, p["nkk"], "BELUM_TERDAFTAR", data)
                r = rumah[tps_id].get(p["nkk"])
                if r is None:
                    r = rumah[tps_id][p["nkk"]] = Rumah(p["nkk"], (p["rw"], p["rt"], 10**15 + i))
                r.baru.append(o)
        pantarlih: dict[int, list[Petugas]] = defaultdict(list)
        for p in (Petugas.objects.filter(pemilihan=self.pemilihan, peran="PANTARLIH", aktif=True,
                                         tps_id__in=self.tps, user__isnull=False)
                  .select_related("user", "pemilihan", "tps__kelurahan")):
            pantarlih[p.tps_id].append(p)
        for tps_id in sorted(pantarlih, key=lambda t: self.tps[t].kode):
            petugas = sorted(pantarlih[tps_id], key=lambda p: p.user.username)
            kode_tps = self.tps[tps_id].kode
            daftar = sorted(rumah.get(tps_id, {}).values(), key=lambda r: r.kunci)
            bagian = _bagi(daftar, len(petugas))
            if (len(petugas) == 2 and bagian[1] and pecahan(seed, "tumpang", kode_tps) < TUMPANG
                    and bagian[1][0].dp4 and not any(o.kategori == "SALAH_TPS"
                                                     for o in bagian[1][0].dp4)):
                b = bagian[1][0]
                bagian[0] = [*bagian[0], Rumah(b.nkk, b.kunci, list(b.dp4), [], tumpang=True)]
            selesai = hari_selesai_tps(seed, kode_tps)
            for p, daftar_p in zip(petugas, bagian, strict=True):
                nama = p.user.username
                jadwal = susun(seed, nama, [r.ukuran for r in daftar_p], selesai, kal)
                lp = Lapangan(p, nama, daftar_p, jadwal, jadwal.per_hari_kirim())
                per_hari: dict[int, int] = Counter(jadwal.kunjungan)
                urutan: Counter = Counter()
                for i, r in enumerate(daftar_p):
                    h = jadwal.kunjungan[i]
                    lp.menit_kunjungan.append(8 * 60 + urutan[h] * 480 // max(1, per_hari[h]))
                    urutan[h] += 1
                    if not r.tumpang:
                        n = sum(1 for o in r.dp4 if self.aksi(nama, o)[1].get("kode")
                                != kode.TMS_SALAH_TPS)
                        lp.kertas_jumlah[h] = lp.kertas_jumlah.get(h, 0) + n
                for h_kerja, h_kirim in jadwal.kertas.items():
                    lp.kertas_kirim.setdefault(h_kirim, []).append(h_kerja)
                self.lapangan.append(lp)

    # -- what a Pantarlih records for one person --------------------------------------------------
    def aksi(self, nama: str, o: Orang) -> tuple[str, dict]:
        """(action, data) the Pantarlih records for list voter ``o``."""
        k = o.kategori
        if not k or pecahan(self.seed, "temuan", nama, k, o.nik, o.nkk) >= RECALL[k]:
            return "SESUAI", {}
        if k == "SALAH_TPS":
            if o.tujuan is None:
                return "SESUAI", {}
            return "TMS", {"kode": kode.TMS_SALAH_TPS, "tps_tujuan": o.tujuan}
        if k == "DATA_SALAH":
            ubah = dict(o.data["benar"])
            if "nama" in ubah and pecahan(self.seed, "ketik", nama, o.nik) < SALAH_KETIK:
                ketik = salah_ketik(ubah["nama"])
                if _sama(ketik, ubah["nama"]) or _sama(ketik, o.data["tercatat"]["nama"]):
                    return "UBAH", {"ubah": ubah}
                ubah["nama"] = ketik
            return "UBAH", {"ubah": ubah}
        kode_tms, dokumen = _TMS[k]
        data = {"kode": kode_tms}
        d = dokumen[int(pecahan(self.seed, "dokumen", o.nik) * len(dokumen))]
        if d:
            data["dokumen"] = d
        return "TMS", data

    def ditemukan(self, nama: str, o: Orang) -> bool:
        """Whether the Pantarlih adds missing person ``o`` (Baru)."""
        return pecahan(self.seed, "temuan", nama, o.kategori, o.nik, o.nkk) < RECALL[o.kategori]

    def perubahan_rumah(self, lp: Lapangan, i: int) -> list[Change]:
        """The changes of household ``i`` of ``lp``'s round, in the order the phone queues them:
        the sticker first (at the door), each listed member, the new members (a household of
        newcomers gets its sticker after them: its KK is not on the list before)."""
        seed, r = self.seed, lp.rumah[i]
        pada = timezone.make_aware(datetime.combine(
            self.kal.tanggal(lp.jadwal.kunjungan[i]), time.min)) + timedelta(
            minutes=lp.menit_kunjungan[i])
        stiker = Change(id=uuid_dari(seed, lp.nama, "stiker", r.nkk), aksi="STIKER",
                        data=_gps(seed, r.nkk), waktu_perangkat=pada)
        out: list[Change] = []
        if r.dp4 and not r.tumpang:
            out.append(stiker)
        for o in r.dp4:
            aksi, data = self.aksi(lp.nama, o)
            out.append(Change(id=uuid_dari(seed, lp.nama, "pemilih", o.nik, o.nkk, o.kategori,
                                           r.tumpang),
                              aksi=aksi, pemilih_id=o.pemilih_id, versi=1, data=data,
                              waktu_perangkat=pada))
        if not r.tumpang:
            for o in r.baru:
                if self.ditemukan(lp.nama, o):
                    baru = {k: str(o.data["pemilih"][k]) for k in FIELDS}
                    out.append(Change(id=uuid_dari(seed, lp.nama, "baru", o.nik), aksi="BARU",
                                      data={"pemilih": baru}, waktu_perangkat=pada))
            if not r.dp4 and len(out):
                out.append(stiker)
        return out

    def perkiraan(self, hari: int) -> dict:
        """What the counters will show on the evening of ``hari`` (before PPS start returning
        changes, i.e. weeks 1-2), from the schedule alone, without playing anything: voters
        listed, voters checked in the app, voters on the paper reports received. A played run
        gives exactly these numbers (the tests check it), so the calibration of the whole city
        can be checked in seconds."""
        dp4 = coklit = baru = kertas = 0
        tercatat: dict[tuple[str, str, str], int] = {}  # household -> first sync day
        for lp in self.lapangan:
            for i, r in enumerate(lp.rumah):
                h = lp.jadwal.kirim[i]
                kunci = (r.nkk, str(lp.petugas.tps_id), str(r.kunci))
                tercatat[kunci] = min(h, tercatat.get(kunci, h))
                if r.tumpang:
                    continue
                dp4 += len(r.dp4)
                if h <= hari:
                    baru += sum(1 for o in r.baru if self.ditemukan(lp.nama, o))
            kertas += sum(lp.kertas_jumlah.get(k, 0) for k, h in lp.jadwal.kertas.items()
                          if h <= hari)
        for lp in self.lapangan:
            for r in lp.rumah:
                if not r.tumpang and tercatat[(r.nkk, str(lp.petugas.tps_id),
                                               str(r.kunci))] <= hari:
                    coklit += len(r.dp4)
        return {"pemilih": dp4 + baru, "coklit": coklit + baru, "kertas": kertas}

    def kertas(self, lp: Lapangan, hari_kerja: int) -> Change:
        tanggal = self.kal.tanggal(hari_kerja)
        return Change(id=uuid_dari(self.seed, lp.nama, "kertas", hari_kerja), aksi="KERTAS",
                      data={"tanggal": tanggal.isoformat(),
                            "jumlah": lp.kertas_jumlah.get(hari_kerja, 0)},
                      waktu_perangkat=timezone.make_aware(datetime.combine(tanggal, time(17))))


def _bagi(rumah: list[Rumah], n: int) -> list[list[Rumah]]:
    """Split the TPS's households between its ``n`` Pantarlih: contiguous halves by voters."""
    if n <= 1:
        return [rumah]
    total = sum(r.ukuran for r in rumah)
    bagian: list[list[Rumah]] = [[] for _ in range(n)]
    acc = 0
    for r in rumah:
        j = min(n - 1, acc * n // max(1, total))
        bagian[j].append(r)
        acc += r.ukuran
    return bagian


def _sama(a: str, b: str) -> bool:
    return " ".join(a.split()).upper() == " ".join(b.split()).upper()


def salah_ketik(nama: str) -> str:
    """A typing slip in a name: two neighbouring letters of its longest word swapped (or, when
    they are the same letter, one left out)."""
    kata = nama.split()
    if not kata:
        return nama
    j = max(range(len(kata)), key=lambda i: (len(kata[i]), -i))
    w = kata[j]
    if len(w) < 4:
        return nama
    k = len(w) // 2
    kata[j] = (w[:k - 1] + w[k] + w[k - 1] + w[k + 1:] if w[k] != w[k - 1]
               else w[:k] + w[k + 1:])
    return " ".join(kata)


def _gps(seed: int, nkk: str) -> dict:
    """A GPS fix inside Kota Kediri (about 7.77-7.87 S, 111.97-112.06 E)."""
    r = acak(seed, "gps", nkk)
    return {"nkk": nkk, "lintang": round(-7.87 + r.random() * 0.10, 6),
            "bujur": round(111.97 + r.random() * 0.09, 6)}


# -- playing the days ---------------------------------------------------------------------------
def _pada(tanggal: date, menit: int) -> datetime:
    return timezone.make_aware(datetime.combine(tanggal, time.min)) + timedelta(minutes=menit)


def _kirim(dunia: Dunia, lp: Lapangan, changes: list[Change], waktu: datetime,
           hasil: Hasil) -> None:
    """Sync ``changes`` from ``lp``'s phone at ``waktu``, in batches of at most 200."""
    with jam.pada(waktu):
        for awal in range(0, len(changes), MAKS_PER_BATCH):
            batch = changes[awal:awal + MAKS_PER_BATCH]
            for c, a in zip(batch, sync(lp.petugas, lp.petugas.user, batch), strict=True):
                hasil.jawaban[(c.aksi, str(a.status))] += 1
                if a.status == "rejected":
                    hasil.peringatan.append(
                        f"{waktu:%d-%m %H:%M} {lp.nama} {c.aksi} pemilih {c.pemilih_id}: "
                        f"ditolak {a.galat or a.pesan}")


def _ulang_tertunda(dunia: Dunia, tanggal: date) -> dict[int, list[dict]]:
    """Returned changes whose voter the Pantarlih re-checks today (1-3 days after the return,
    while the voter still carries the PPS note), by Pantarlih."""
    out: dict[int, list[dict]] = defaultdict(list)
    rows = (Perubahan.objects.filter(tinjauan=Tinjauan.DIKEMBALIKAN, pemilih__coklit="",
                                     kelurahan_id__in=dunia.kelurahan)
            .exclude(pemilih__catatan_pps="").order_by("id")
            .values("client_id", "petugas_id", "pemilih_id", "aksi", "data", "ditinjau_pada"))
    for r in rows:
        jeda = 1 + int(pecahan(dunia.seed, "ulang", str(r["client_id"])) * 3)
        if timezone.localtime(r["ditinjau_pada"]).date() + timedelta(days=jeda) <= tanggal:
            out[r["petugas_id"]].append(r)
    return out


def _perubahan_ulang(dunia: Dunia, lp: Lapangan, rows: list[dict], tanggal: date
                     ) -> list[Change]:
    """The re-check of returned changes: the same finding sent again on the current version
    (a returned Baru is confirmed as Sesuai)."""
    versi = dict(Pemilih.objects.filter(pk__in=[r["pemilih_id"] for r in rows])
                 .values_list("id", "versi"))
    pada = timezone.make_aware(datetime.combine(tanggal, time(10)))
    out = []
    for r in rows:
        aksi, data = (("SESUAI", {}) if r["aksi"] == "BARU" else (r["aksi"], r["data"]))
        out.append(Change(id=uuid_dari(dunia.seed, lp.nama, "ulang", str(r["client_id"])),
                          aksi=aksi, pemilih_id=r["pemilih_id"], versi=versi[r["pemilih_id"]],
                          data=data, waktu_perangkat=pada))
    return out


def main_hari(dunia: Dunia, hari: int, hasil: Hasil) -> None:
    """Play one coklit day: PPS sessions in office hours, Pantarlih syncs in the evening, in
    the order of their moments."""
    from selenggara.demo import simulasi_pps

    tanggal = dunia.kal.tanggal(hari)
    seed = dunia.seed
    ulang = _ulang_tertunda(dunia, tanggal) if hari <= dunia.kal.batas_sinkron else {}
    peristiwa = []
    for lp in dunia.lapangan:
        menit = lp.jadwal.sesi.get(hari)
        if menit is None and lp.petugas.id in ulang:
            menit = 19 * 60 + int(pecahan(seed, "menit-ulang", lp.nama, hari) * 180)
        if menit is not None:
            peristiwa.append((menit, 1, lp.nama, lp))
    if simulasi_pps.hari_kerja(dunia.kal, hari):
        for kel in dunia.kelurahan.values():
            menit = 9 * 60 + int(pecahan(seed, "pps", kel.kode, hari) * 360)
            peristiwa.append((menit, 0, kel.kode, kel))
    peristiwa.sort(key=lambda e: e[:3])
    for menit, jenis, _nama, obj in peristiwa:
        waktu = _pada(tanggal, menit)
        if jenis == 0:
            simulasi_pps.sesi(dunia, obj, hari, waktu, hasil)
            continue
        lp: Lapangan = obj
        changes: list[Change] = []
        for i in lp.kirim.get(hari, ()):
            changes += dunia.perubahan_rumah(lp, i)
        changes += [dunia.kertas(lp, h) for h in sorted(lp.kertas_kirim.get(hari, ()))]
        if lp.petugas.id in ulang:
            changes += _perubahan_ulang(dunia, lp, ulang[lp.petugas.id], tanggal)
        if changes:
            _kirim(dunia, lp, changes, waktu, hasil)


def angka(dunia: Dunia) -> dict:
    """The evening's figures as the counters show them, for the area simulated."""
    pid = dunia.pemilihan.id
    if len(dunia.kelurahan) == Wilayah.objects.filter(
            tingkat=4, induk__induk_id=dunia.pemilihan.wilayah_id).count():
        area = {"tingkat": 2, "objek_id__in": [dunia.pemilihan.wilayah_id]}
    else:
        area = {"tingkat": 4, "objek_id__in": list(dunia.kelurahan)}
    reg = Counter()
    for r in Rekap.objects.filter(pemilihan_id=pid, **area).values(
            "pemilih", "coklit", "ms", "tms", "baru"):
        reg.update(r)
    ck = Counter()
    for r in RekapCoklit.objects.filter(pemilihan_id=pid, **area).values(
            "kertas", "stiker", "menunggu", "disetujui", "dikoreksi", "dikembalikan", "konflik",
            "dipertahankan", "kiriman"):
        ck.update(r)
    tps = Rekap.objects.filter(pemilihan_id=pid, tingkat=5, objek_id__in=[
        t for t, v in dunia.tps.items() if v.jenis == "REGULER"]).values_list("pemilih", "coklit")
    n = reg["pemilih"] or 1
    return {
        "pemilih": reg["pemilih"], "coklit": reg["coklit"], "kertas": ck["kertas"],
        "persen_aplikasi": round(100 * reg["coklit"] / n, 2),
        "persen_kertas": round(100 * ck["kertas"] / n, 2),
        "tps_selesai": sum(1 for p, c in tps if p and c >= p), "tps": len(tps),
        "ms": reg["ms"], "tms": reg["tms"], "baru": reg["baru"], "stiker": ck["stiker"],
        "kiriman": ck["kiriman"], "menunggu": ck["menunggu"], "disetujui": ck["disetujui"],
        "dikoreksi": ck["dikoreksi"], "dikembalikan": ck["dikembalikan"],
        "konflik": ck["konflik"], "dipertahankan": ck["dipertahankan"],
    }


def _kelurahan_kode(kelurahan: list[str] | None) -> list[str]:
    out = []
    for k in kelurahan or []:
        for bagian in str(k).split(","):
            b = bagian.strip().replace(".", "")
            if not b:
                continue
            if not (b.isdigit() and len(b) == 10):
                raise SimulasiError(f"Kode kelurahan {bagian.strip()!r} tidak dikenal; tulis "
                                    "kode Kemendagri, mis. 35.71.01.1001.")
            out.append(f"{b[:2]}.{b[2:4]}.{b[4:6]}.{b[6:]}")
    return sorted(set(out))


def simulasikan(sampai: date, *, seed: int | None = None, kelurahan: list[str] | None = None,
                progress: Callable[[dict], None] | None = None) -> Hasil:
    """Play the demo's coklit up to the evening of ``sampai`` (see the module docstring)."""
    pemilihan = Pemilihan.objects.order_by("id").first()
    if pemilihan is None or not KebenaranDemo.objects.exists():
        raise SimulasiError("Belum ada demo yang dimuat: jalankan `selenggara demo` dahulu, "
                            "lalu `selenggara demo simulasi --sampai 2024-07-01`.")
    kode_kel = _kelurahan_kode(kelurahan)
    keadaan = SimulasiDemo.objects.first()
    if keadaan is not None:
        if seed is not None and seed != keadaan.seed:
            raise SimulasiError(
                f"Demo ini sudah disimulasikan dengan seed {keadaan.seed}; lanjutkan tanpa "
                f"--seed (atau --seed {keadaan.seed}). Untuk seed lain, muat demo baru.")
        if kelurahan is not None and ",".join(kode_kel) != keadaan.kelurahan:
            raise SimulasiError(
                "Demo ini sudah disimulasikan untuk "
                + (f"kelurahan {keadaan.kelurahan}" if keadaan.kelurahan else "seluruh kota")
                + "; lanjutkan dengan wilayah yang sama, atau muat demo baru.")
        seed, kode_kel = keadaan.seed, [k for k in keadaan.kelurahan.split(",") if k]
    seed = DEFAULT_SEED if seed is None else seed
    coklit = Tahapan.objects.filter(pemilihan=pemilihan, kode="coklit").first()
    if coklit is None:
        raise SimulasiError("Tahapan coklit tidak ada di kalender pemilihan demo.")
    if sampai < coklit.mulai:
        raise SimulasiError(
            f"Coklit dimulai {tanggal_id(coklit.mulai)}; tidak ada yang disimulasikan sebelum "
            f"itu. Pilih tanggal {coklit.mulai.isoformat()} atau sesudahnya.")
    sudah = keadaan.sampai if keadaan is not None else None
    if sudah is not None and sampai < sudah:
        raise SimulasiError(
            f"Demo ini sudah disimulasikan sampai {tanggal_id(sudah)}; simulasi tidak dapat "
            f"mundur ke {tanggal_id(sampai)}. Untuk mulai dari tanggal yang lebih awal, muat "
            "demo baru ke database kosong (hapus database atau pakai SELENGGARA_DATA_DIR/"
            "DATABASE_URL lain, lalu `selenggara migrate` dan `selenggara demo`), kemudian "
            f"jalankan `selenggara demo simulasi --sampai {sampai.isoformat()}`.")
    akhir = min(sampai, coklit.selesai)
    hasil = Hasil(dari=None, sampai=None, diminta=sampai,
                  berhenti_di_akhir_coklit=sampai > coklit.selesai and bool(kode_kel))
    mulai = coklit.mulai if sudah is None else sudah + timedelta(days=1)
    if mulai <= akhir:
        hasil.dari = mulai
        dunia = Dunia(pemilihan, seed, kode_kel)
        if kode_kel and len(dunia.kelurahan) != len(kode_kel):
            dikenal = {k.kode for k in dunia.kelurahan.values()}
            raise SimulasiError("Kelurahan tidak dikenal di demo: "
                                + ", ".join(k for k in kode_kel if k not in dikenal))
        for hari in range(dunia.kal.hari(mulai), dunia.kal.hari(akhir) + 1):
            tanggal = dunia.kal.tanggal(hari)
            with transaction.atomic():
                main_hari(dunia, hari, hasil)
                figur = {"tanggal": tanggal.isoformat(), "hari": hari, **angka(dunia)}
                keadaan = SimulasiDemo.objects.select_for_update().first() or SimulasiDemo(
                    seed=seed, kelurahan=",".join(kode_kel))
                keadaan.sampai = tanggal
                keadaan.harian = {**keadaan.harian, tanggal.isoformat(): figur}
                keadaan.diperbarui = timezone.now()
                keadaan.save()
            hasil.hari.append(figur)
            hasil.sampai = tanggal
            if progress is not None:
                progress(figur)
    if sampai > coklit.selesai and not kode_kel:
        _pasca(pemilihan, seed, sampai, sudah, hasil, progress)
    # The working date for every process: the evening of the day the demo now stands at.
    berdiri = akhir if sudah is None or akhir > sudah else sudah
    if hasil.hari_daftar:
        berdiri = date.fromisoformat(hasil.hari_daftar[-1]["tanggal"])
    jam.atur(timezone.make_aware(datetime.combine(berdiri, JAM_AKHIR)), berjalan=False)
    return hasil


def _pasca(pemilihan: Pemilihan, seed: int, sampai: date, sudah: date | None, hasil: Hasil,
           progress: Callable[[dict], None] | None) -> None:
    """Play the days after coklit up to ``sampai`` (at most H-7), one transaction each."""
    from selenggara.demo import simulasi_daftar as sd

    coklit = Tahapan.objects.get(pemilihan=pemilihan, kode="coklit")
    mulai = max(coklit.selesai + timedelta(days=1),
                (sudah + timedelta(days=1)) if sudah else coklit.selesai)
    akhir = min(sampai, sd.AKHIR)
    if mulai > akhir:
        return
    pasca = sd.Pasca(sd.Konteks(pemilihan, seed))
    hari = mulai
    while hari <= akhir:
        with transaction.atomic():
            peristiwa = sd.main_hari(pasca, hari, hasil)
            figur = {**sd.angka(pasca.ktx, hari), "peristiwa": peristiwa}
            keadaan = SimulasiDemo.objects.select_for_update().get()
            keadaan.sampai = hari
            keadaan.harian = {**keadaan.harian, hari.isoformat(): figur}
            keadaan.diperbarui = timezone.now()
            keadaan.save()
        hasil.hari_daftar.append(figur)
        hasil.sampai = hari
        if hasil.dari is None:
            hasil.dari = hari
        if progress is not None:
            progress(figur)
        hari += timedelta(days=1)


def ringkasan_harian() -> list[dict]:
    """The figures of every day played so far (from the stored state), in date order."""
    keadaan = SimulasiDemo.objects.first()
    if keadaan is None:
        return []
    return [keadaan.harian[k] for k in sorted(keadaan.harian)]


def kuota(backlog: int, sisa_hari: int, minimum: int = 25) -> int:
    """How many queue items a PPS works through today so the queue is empty on the last day."""
    if sisa_hari <= 1:
        return backlog
    return min(backlog, max(minimum, math.ceil(backlog / sisa_hari)))
