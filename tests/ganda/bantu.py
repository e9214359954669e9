"""Helpers of the duplicate tests: named planted duplicates in ``kediri_mini``, pairs put in the
queue without a model run, and the small things every file asks (a voter fresh from the
database, a voter write through the writer service)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.ganda import mesin
from selenggara.ganda.models import PasanganGanda, PencarianGanda, StatusPencarian
from selenggara.ganda.pencarian import simpan
from selenggara.pemilih.models import Pemilih
from selenggara.pemilih.services import ubah_satu
from selenggara.rules import ganda as aturan
from selenggara.rules.nik import make_nik
from selenggara.web import jam
from tests.factories import hitung_ulang
from tests.pemilih.factories import PemilihFactory

from . import populasi as P


def segar(p: Pemilih) -> Pemilih:
    return Pemilih.objects.select_related("tps", "kelurahan").get(pk=p.pk)


def ubah(p: Pemilih, user=None, **changed) -> Pemilih:
    """One voter change through the writer service (versioned, audited), as a PPS makes it."""
    with transaction.atomic():
        appender = Appender()
        ubah_satu(segar(p), changed, aksi=AksiAudit.PPS_KOREKSI, user=user, appender=appender)
        appender.flush()
    return segar(p)


def pemilih(
    k,
    tps,
    nama: str,
    jk: str,
    lahir: date,
    *,
    nik: str | None = None,
    nkk: str | None = None,
    rt: str = "001",
    rw: str = "002",
    tempat_lahir: str = "Kediri",
    **extra,
) -> Pemilih:
    """A voter of ``kediri_mini``'s election at ``tps`` (counters recounted)."""
    kw = {"nik": nik} if nik else {}
    if nkk:
        kw["nkk"] = nkk
    p = PemilihFactory(
        pemilihan=k.pemilihan,
        tps=tps,
        nama=nama,
        jenis_kelamin=jk,
        tanggal_lahir=lahir,
        rt=rt,
        rw=rw,
        tempat_lahir=tempat_lahir,
        **kw,
        **extra,
    )
    hitung_ulang(k.pemilihan)
    return p


def salin(k, asli: Pemilih, *, tps=None, **ubah) -> Pemilih:
    """A second record of the same person (same NIK, name, birth data unless ``ubah`` says
    otherwise) at ``tps`` (default: the original's)."""
    data = {
        "nik": asli.nik,
        "nkk": asli.nkk,
        "nama": asli.nama,
        "jk": asli.jenis_kelamin,
        "lahir": asli.tanggal_lahir,
        "rt": asli.rt,
        "rw": asli.rw,
        "tempat_lahir": asli.tempat_lahir,
        **ubah,
    }
    return pemilih(k, tps or asli.tps, data.pop("nama"), data.pop("jk"), data.pop("lahir"), **data)


# ---- pairs in the queue without a model run ------------------------------------------------


def run_selesai(k, *, pemilihan=None, model: dict | None = None) -> PencarianGanda:
    """A finished search row (no model: ``ganda.tandai`` then has nothing to score with)."""
    pm = pemilihan or k.pemilihan
    now = jam.sekarang()
    return PencarianGanda.objects.create(
        pemilihan=pm,
        wilayah=pm.wilayah,
        status=StatusPencarian.SELESAI,
        progres=100,
        dimulai=now,
        selesai=now,
        model=model or {},
    )


ALASAN = [
    {"kolom": "nama", "tingkat": "nama:sama", "bobot": 6.5},
    {"kolom": "tempat_lahir", "tingkat": "tempat:sama", "bobot": 1.2},
]


def pasang(
    run: PencarianGanda,
    pasangan: list[tuple[Pemilih, Pemilih]],
    *,
    prob: float = 0.97,
    jenis: str = aturan.PROBABILISTIK,
) -> list[PasanganGanda]:
    """Store ``pasangan`` through ``ganda.pencarian.simpan`` as a run would, in the order given;
    returns the stored rows in that order."""
    ps, versi, kel = [], {}, {}
    for a, b in pasangan:
        x, y = aturan.pasangan(a.pk, b.pk)
        ps.append(mesin.Pasangan(x, y, prob, 7.5, jenis, list(ALASAN)))
        for p in (a, b):
            versi[p.pk], kel[p.pk] = p.versi, p.kelurahan_id
    with transaction.atomic():
        appender = Appender()
        simpan(run, ps, versi, kel, appender=appender, hanya_rekam=set(versi))
        appender.flush()
    return [PasanganGanda.objects.get(pemilih_a_id=p.a, pemilih_b_id=p.b) for p in ps]


# ---- a list with duplicates planted, for the model runs -------------------------------------


@dataclass
class Tanaman:
    """The voters of a planted list, by what they are."""

    semua: list[Pemilih]
    umum: list[tuple[Pemilih, Pemilih]]  # (original, copy) of ``populasi.tanam``
    typo_varian: tuple[Pemilih, Pemilih]  # NIK mistyped + name spelt another way, other KK
    nik_sama: tuple[Pemilih, Pemilih]  # the same NIK in another household
    kk_nama_tgl: tuple[Pemilih, Pemilih]  # same NKK + name (title, old spelling) + birth date
    lain: tuple[Pemilih, Pemilih]  # two strangers born the same day: NOT a duplicate

    def pasangan(self, nama: str) -> tuple[int, int]:
        a, b = getattr(self, nama)
        return aturan.pasangan(a.pk, b.pk)


def tanam_daftar(k, *, n: int = 300, seed: int = 7, n_umum: int = 12) -> Tanaman:
    """``n`` people of ``populasi.penduduk`` as voters of ``kediri_mini``, ``n_umum``
    duplicates of ``populasi.tanam`` and the named pairs of :class:`Tanaman`."""
    orang = P.penduduk(n, seed=seed)
    tanaman = P.tanam(orang, n_umum, seed=seed + 4)
    semua = P.simpan_ke_db(k, orang)
    salinan = P.simpan_ke_db(k, [c for _, c in tanaman])
    umum = [(semua[i], c) for (i, _), c in zip(tanaman, salinan, strict=True)]

    lahir = date(1971, 3, 14)
    ahmad = pemilih(
        k,
        k.tps_bl1,
        "AHMAD SUPRIYADI",
        "L",
        lahir,
        nik=make_nik("357101", lahir, "L", 1501),
        nkk="3571010101990001",
    )
    achmad = pemilih(
        k,
        k.tps_pj1,
        "ACHMAD SOEPRIJADI",
        "L",
        lahir,
        nik=P.nik_salah_ketik(ahmad.nik),
        nkk="3571010101990002",
        rt="002",
    )
    lahir = date(1983, 9, 21)
    rina = pemilih(
        k,
        k.tps_bl2,
        "RINA PUSPITASARI",
        "P",
        lahir,
        nik=make_nik("357101", lahir, "P", 1502),
        nkk="3571010101990003",
        rt="004",
    )
    rina2 = salin(k, rina, tps=k.tps_sm1, nkk="3571010101990004", rt="002")
    lahir = date(1958, 1, 5)
    kk = "3571010101990005"
    haji = pemilih(
        k,
        k.tps_pj2,
        "H. MOCH. SOEPRAPTO",
        "L",
        lahir,
        nik=make_nik("357101", lahir, "L", 1503),
        nkk=kk,
        rt="005",
    )
    supr = pemilih(
        k,
        k.tps_pj2,
        "MUHAMAD SUPRAPTO",
        "L",
        lahir,
        nik=make_nik("357101", lahir, "L", 1504),
        nkk=kk,
        rt="005",
    )
    lahir = date(1990, 6, 2)
    dimas = pemilih(
        k,
        k.tps_bl1,
        "DIMAS ARDIANSYAH",
        "L",
        lahir,
        nik=make_nik("357101", lahir, "L", 1505),
        nkk="3571010101990006",
    )
    bagas = pemilih(
        k,
        k.tps_pj1,
        "BAGAS KURNIAWAN",
        "L",
        lahir,
        nik=make_nik("357101", lahir, "L", 1506),
        nkk="3571010101990007",
        tempat_lahir="Nganjuk",
        rt="002",
    )
    nama = [ahmad, achmad, rina, rina2, haji, supr, dimas, bagas]
    return Tanaman(
        semua + salinan + nama, umum, (ahmad, achmad), (rina, rina2), (haji, supr), (dimas, bagas)
    )
