"""A small synthetic voter list for the duplicate tests, with duplicates planted by hand.

:func:`penduduk` draws ``n`` distinct people (Javanese names of their generation from the demo's
name pools, households of one to four, valid NIKs whose serials start at 2001 so they never meet
the factories' NIKs) spread over a few places; :func:`baris` turns them into the rows
``ganda.fitur.tabel`` reads (no database), :func:`simpan_ke_db` into voters of ``kediri_mini``
(one bulk insert). Each TPS of a kelurahan holds its own RTs, so "the TPS that serves the RT"
(``rules.ganda.dipertahankan``) is clear for every record.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, replace
from datetime import date, timedelta

from selenggara.demo import names
from selenggara.pemilih.models import Pemilih
from selenggara.rules.nik import make_nik
from tests.factories import hitung_ulang, pemilih_baru

TEMPAT = ("KEDIRI", "KEDIRI", "KEDIRI", "NGANJUK", "TULUNGAGUNG", "BLITAR", "JOMBANG")


@dataclass(frozen=True)
class Orang:
    nama: str
    jk: str
    lahir: date
    nik: str
    nkk: str
    tempat: str
    tempat_ke: int  # which place (index into the caller's list of TPS)
    rt: str
    rw: str = "002"


def _rt(tempat_ke: int, rng: random.Random) -> str:
    # TPS 0, 2, 4 of the list hold RT 001-003; TPS 1, 3 hold RT 004-006 (see kediri_tps).
    awal = 1 if tempat_ke % 2 == 0 else 4
    return f"{awal + rng.randrange(3):03d}"


def penduduk(n: int, *, seed: int = 7, tempat: int = 5, kec: str = "357101") -> list[Orang]:
    """``n`` distinct people over ``tempat`` places, in households of one to four."""
    rng = random.Random(seed)
    out: list[Orang] = []
    dilihat: set[tuple] = set()
    seri = 2000
    kk = 0
    while len(out) < n:
        kk += 1
        ke = rng.randrange(tempat)
        rt = _rt(ke, rng)
        nkk = f"{kec}0101{kk:06d}"
        for _ in range(min(rng.randint(1, 4), n - len(out))):
            jk = rng.choice("LP")
            lahir = date(1950, 1, 1) + timedelta(days=rng.randrange(55 * 365))
            nama = names.nama_orang(rng, jk, lahir.year, "JAWA")
            if (nama, lahir) in dilihat or nama in {o.nama for o in out[-4:]}:
                continue
            dilihat.add((nama, lahir))
            seri += 1
            out.append(
                Orang(
                    nama, jk, lahir, make_nik(kec, lahir, jk, seri), nkk, rng.choice(TEMPAT), ke, rt
                )
            )
    return out


def salinan(o: Orang, **ubah) -> Orang:
    return replace(o, **ubah)


def nik_salah_ketik(nik: str) -> str:
    """The NIK with one digit of its birth part mistyped (the day's second digit): it then
    disagrees with the record's birth date, which is what tells a typo from a neighbour born
    the same day (whose NIK differs in the serial)."""
    d = int(nik[7])
    return nik[:7] + str(d + 1 if d < 8 else d - 1) + nik[8:]


def tanam(orang: list[Orang], n: int, *, seed: int = 11) -> list[tuple[int, Orang]]:
    """``n`` planted duplicates of people in ``orang``: ``[(index of the original, copy)]``,
    of four kinds in turn: the same NIK in another household; the NIK mistyped and the name
    spelt another way in another household; a title added (H./HJ.) with the NIK mistyped in the
    same household; the same NIK with the name spelt another way, moved to another place."""
    rng = random.Random(seed)
    out: list[tuple[int, Orang]] = []
    dipakai: set[int] = set()
    while len(out) < n:
        i = rng.randrange(len(orang))
        if i in dipakai:
            continue
        dipakai.add(i)
        o = orang[i]
        jenis = len(out) % 4
        kk_lain = f"{o.nkk[:6]}0909{len(out):06d}"
        if jenis == 0:
            c = salinan(o, nkk=kk_lain)
        elif jenis == 1:
            c = salinan(
                o, nik=nik_salah_ketik(o.nik), nama=names.varian_ejaan(rng, o.nama), nkk=kk_lain
            )
        elif jenis == 2:
            c = salinan(
                o, nik=nik_salah_ketik(o.nik), nama=("H. " if o.jk == "L" else "HJ. ") + o.nama
            )
        else:
            ke = (o.tempat_ke + 2) % 5
            c = salinan(
                o, nama=names.varian_ejaan(rng, o.nama), tempat_ke=ke, rt=_rt(ke, rng), nkk=kk_lain
            )
        out.append((i, c))
    return out


# ---- without a database -------------------------------------------------------------------

TEMPAT_DUMMY = ((1, 11, 101), (1, 11, 102), (1, 12, 103), (1, 12, 104), (2, 13, 105))


def baris(orang: list[Orang], *, mulai: int = 1) -> list[tuple]:
    """The rows ``ganda.fitur.tabel`` reads (``fitur._KOLOM_DB`` order), ids from ``mulai``."""
    out = []
    for i, o in enumerate(orang):
        kec, kel, tps = TEMPAT_DUMMY[o.tempat_ke % len(TEMPAT_DUMMY)]
        out.append(
            (mulai + i, o.nik, o.nkk, o.nama, o.jk, o.tempat, o.lahir, kec, kel, tps, o.rw, o.rt, 1)
        )
    return out


# ---- into kediri_mini ----------------------------------------------------------------------


def kediri_tps(k) -> list:
    """The places of :func:`penduduk` in ``kediri_mini``: Bandar Lor TPS 001 (RT 001-003) and
    002 (RT 004-006), Pojok TPS 001 and 002, Semampir TPS 001 (another kecamatan)."""
    return [k.tps_bl1, k.tps_bl2, k.tps_pj1, k.tps_pj2, k.tps_sm1]


def simpan_ke_db(k, orang: list[Orang]) -> list[Pemilih]:
    """The people as voters of ``kediri_mini``'s election (bulk insert, counters recounted),
    in the order given."""
    tps = kediri_tps(k)
    rows = []
    for o in orang:
        p = pemilih_baru(
            k.pemilihan, tps[o.tempat_ke], o.nama, o.jk, o.lahir, nkk=o.nkk, rt=o.rt, rw=o.rw
        )
        p.nik, p.tempat_lahir = o.nik, o.tempat.title()
        rows.append(p)
    out = Pemilih.objects.bulk_create(rows)
    hitung_ulang(k.pemilihan)
    return out
