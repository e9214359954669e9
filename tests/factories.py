"""Small builders for a tiny Kota Kediri and, beside it, a tinier Kota Blitar.

The builders are thin wrappers over the per-app factory_boy factories (``tests/<app>/
factories.py``), kept for the tests that call them. ``kediri_mini()`` builds the whole fixture
used by the web and browser tests::

    35 Jawa Timur
    ├── 35.71 Kota Kediri
    │   ├── 35.71.01 Mojoroto
    │   │   ├── 35.71.01.1001 Bandar Lor: TPS 001, 002 (reguler), 901 (loksus, Lapas)
    │   │   └── 35.71.01.1004 Pojok:      TPS 001, 002
    │   └── 35.71.02 Kota
    │       └── 35.71.02.1001 Semampir:   TPS 001
    └── 35.72 Kota Blitar (its own election, officers and accounts: ``ns.blitar``)
        └── 35.72.01 Sukorejo
            └── 35.72.01.1001 Sukorejo:   TPS 001

Kediri voters (eligible unless noted), with valid NIKs from ``rules.nik.make_nik``:

- Bandar Lor TPS 001: Ahmad Fauzi L, Siti Aminah P, Budi Santoso L (disabilitas fisik),
  Wahyuni P (TMS 1, meninggal); TPS 002: Dewi Lestari P, Eko Prasetyo L
- Pojok TPS 001: Rina Wulandari P, Agus Salim L; TPS 002: Sri Mulyani P
- Semampir TPS 001: Hendra Gunawan L, Yuni Astuti P

Blitar voters, Sukorejo TPS 001 (NIK region 357201): Bagus Wicaksono L, Indah Permatasari P,
Yoga Pratama L.

Kediri accounts (all with password :data:`PASSWORD`): ``kpu_kediri`` (KPU), ``ppk_mojoroto``
(PPK), ``pps_bandarlor`` and ``pps_pojok`` (PPS), ``pantarlih_bl1`` and ``kpps_bl1`` (Bandar Lor
TPS 001), ``admin`` (superuser without an officer record).

Blitar accounts: ``kpu_blitar`` (KPU; staff in the "Staf KPU" group, the admin rights the demo
gives KPU staff), ``ppk_blitar`` (PPK Sukorejo), ``pps_blitar`` (PPS Sukorejo),
``pantarlih_blitar`` (Sukorejo TPS 001).

``ns.pemilih``, ``ns.pemilihan`` and the other top-level names are Kediri's; Blitar's are under
``ns.blitar`` (``kota``, ``kecamatan``, ``kelurahan``, ``tps``, ``pemilihan``, ``pemilih``,
``petugas_*`` and the accounts ``kpu``, ``ppk``, ``pps``, ``pantarlih``).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth.models import Group

from selenggara.pemilih import rekap
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.models import Petugas
from selenggara.wilayah.models import TPS, Wilayah
from tests.pemilih.factories import PemilihFactory
from tests.pemilihan.factories import HARI_PEMUNGUTAN, PemilihanFactory
from tests.petugas.factories import (
    MASA_MULAI,
    MASA_SELESAI,
    PASSWORD,
    PetugasFactory,
    UserFactory,
    password_hash,
)
from tests.wilayah.factories import TPSFactory, WilayahFactory

__all__ = [
    "HARI_PEMUNGUTAN", "MASA_MULAI", "MASA_SELESAI", "PASSWORD", "buat_pemilih",
    "buat_pemilih_banyak", "buat_pemilihan", "buat_petugas", "buat_tps", "buat_wilayah",
    "kediri_mini", "password_hash", "pemilih_baru", "staf_kpu",
]


def buat_wilayah(kode: str, nama: str, induk: Wilayah | None = None) -> Wilayah:
    return WilayahFactory(kode=kode, nama=nama, induk=induk)


def buat_pemilihan(wilayah: Wilayah, tahun: int = 2024) -> Pemilihan:
    return PemilihanFactory(wilayah=wilayah, tahun=tahun)


def buat_tps(
    kelurahan: Wilayah, nomor: int, jenis: str = "REGULER", alamat: str = "", nama: str = ""
) -> TPS:
    extra = {"alamat": alamat} if alamat else {}
    return TPSFactory(kelurahan=kelurahan, nomor=nomor, jenis=jenis, nama=nama, **extra)


def pemilih_baru(
    pemilihan: Pemilihan,
    tps: TPS,
    nama: str,
    jenis_kelamin: str,
    tanggal_lahir: date,
    *,
    tms_kode: str = "",
    disabilitas: str = "0",
    nkk: str | None = None,
    rt: str = "001",
    rw: str = "002",
) -> Pemilih:
    """An unsaved voter of ``tps`` with a NIK consistent with birth date and sex."""
    extra = {"nkk": nkk} if nkk else {}
    return PemilihFactory.build(
        pemilihan=pemilihan, tps=tps, nama=nama, jenis_kelamin=jenis_kelamin,
        tanggal_lahir=tanggal_lahir, tms_kode=tms_kode, disabilitas=disabilitas, rt=rt, rw=rw,
        **extra)


def hitung_ulang(pemilihan: Pemilihan) -> None:
    """Voters made here skip the voter-write services (tests build state directly), so the
    counters those services keep are recounted, as the bulk loaders do."""
    rekap.bangun_ulang(pemilihan.pk)


def buat_pemilih(*args, **kwargs) -> Pemilih:
    p = pemilih_baru(*args, **kwargs)
    p.save()
    hitung_ulang(p.pemilihan)
    return p


def buat_pemilih_banyak(
    pemilihan: Pemilihan, tps: TPS, n: int, awalan: str = "Warga"
) -> list[Pemilih]:
    """``n`` voters named ``{awalan} 0001``... in one bulk insert (pagination tests)."""
    rows = [
        pemilih_baru(
            pemilihan,
            tps,
            f"{awalan} {i:04d}",
            "L" if i % 2 else "P",
            date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
        )
        for i in range(1, n + 1)
    ]
    out = Pemilih.objects.bulk_create(rows)
    hitung_ulang(pemilihan)
    return out


def buat_petugas(
    pemilihan: Pemilihan,
    peran: str,
    wilayah: Wilayah,
    nama: str,
    *,
    tps: TPS | None = None,
    jabatan: str = "ANGGOTA",
    jenis_kelamin: str = "L",
    username: str | None = None,
    **extra,
) -> Petugas:
    """An officer; with ``username`` also a login account carrying the officer's scope."""
    return PetugasFactory(
        pemilihan=pemilihan,
        username=username,
        peran=peran,
        jabatan=jabatan,
        wilayah=wilayah,
        tps=tps,
        nama=nama,
        jenis_kelamin=jenis_kelamin,
        **extra,
    )


def staf_kpu(user):
    """Make ``user`` KPU staff exactly as the demo does: ``is_staff`` and the "Staf KPU" group
    (every admin permission of wilayah, pemilihan, petugas and pemilih, and view on the audit
    log; nothing of auth)."""
    from selenggara.demo.loader import GROUP_STAF_KPU, _staf_kpu_group

    group = Group.objects.filter(name=GROUP_STAF_KPU).first() or _staf_kpu_group()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return user


def _blitar(provinsi: Wilayah, pemilihan: Pemilihan) -> SimpleNamespace:
    """Kota Blitar: one kecamatan, one kelurahan, one TPS, three voters, four accounts."""
    b = SimpleNamespace(pemilihan=pemilihan)
    b.kota = pemilihan.wilayah
    b.kecamatan = buat_wilayah("35.72.01", "Sukorejo", b.kota)
    b.kelurahan = buat_wilayah("35.72.01.1001", "Sukorejo", b.kecamatan)
    b.tps = buat_tps(b.kelurahan, 1, alamat="Jl. Ciliwung No. 5, Sukorejo")
    data = [
        ("Bagus Wicaksono", "L", date(1982, 7, 15)),
        ("Indah Permatasari", "P", date(1991, 4, 21)),
        ("Yoga Pratama", "L", date(2001, 1, 30)),
    ]
    b.pemilih = {
        nama: PemilihFactory(pemilihan=pemilihan, tps=b.tps, nama=nama, jenis_kelamin=jk,
                             tanggal_lahir=lahir, tempat_lahir="Blitar")
        for nama, jk, lahir in data
    }
    pm = pemilihan
    b.petugas_kpu = buat_petugas(pm, "KPU", b.kota, "Operator KPU Kota Blitar",
                                 jabatan="OPERATOR", jenis_kelamin="P", username="kpu_blitar")
    b.petugas_ppk = buat_petugas(pm, "PPK", b.kecamatan, "Ketua PPK Sukorejo", jabatan="KETUA",
                                 username="ppk_blitar")
    b.petugas_pps = buat_petugas(pm, "PPS", b.kelurahan, "Wulan Safitri", jabatan="KETUA",
                                 jenis_kelamin="P", username="pps_blitar")
    b.petugas_pantarlih = buat_petugas(pm, "PANTARLIH", b.kelurahan, "Dimas Anggara",
                                       tps=b.tps, username="pantarlih_blitar")
    b.kpu = staf_kpu(b.petugas_kpu.user)
    b.ppk = b.petugas_ppk.user
    b.pps = b.petugas_pps.user
    b.pantarlih = b.petugas_pantarlih.user
    return b


def kediri_mini() -> SimpleNamespace:
    """The fixture described in the module docstring, returned as a namespace."""
    ns = SimpleNamespace(password=PASSWORD)
    ns.provinsi = buat_wilayah("35", "Jawa Timur")
    ns.kota = buat_wilayah("35.71", "Kota Kediri", ns.provinsi)
    ns.mojoroto = buat_wilayah("35.71.01", "Mojoroto", ns.kota)
    ns.kec_kota = buat_wilayah("35.71.02", "Kota", ns.kota)
    ns.bandar_lor = buat_wilayah("35.71.01.1001", "Bandar Lor", ns.mojoroto)
    ns.pojok = buat_wilayah("35.71.01.1004", "Pojok", ns.mojoroto)
    ns.semampir = buat_wilayah("35.71.02.1001", "Semampir", ns.kec_kota)
    # Blitar's election is created before Kediri's: with two 2024 elections the public landing
    # page and a superuser's home name the newest (-tahun, -id), and that stays Kediri's.
    pemilihan_blitar = buat_pemilihan(buat_wilayah("35.72", "Kota Blitar", ns.provinsi))
    ns.pemilihan = buat_pemilihan(ns.kota)

    ns.tps_bl1 = buat_tps(ns.bandar_lor, 1)
    ns.tps_bl2 = buat_tps(ns.bandar_lor, 2)
    ns.tps_bl901 = buat_tps(
        ns.bandar_lor,
        901,
        "LOKSUS",
        "Jl. Jaksa Agung Suprapto No. 21",
        nama="Lapas Kelas IIA Kediri",
    )
    ns.tps_pj1 = buat_tps(ns.pojok, 1)
    ns.tps_pj2 = buat_tps(ns.pojok, 2)
    ns.tps_sm1 = buat_tps(ns.semampir, 1)

    pm = ns.pemilihan
    data = [
        (ns.tps_bl1, "Ahmad Fauzi", "L", date(1980, 5, 12), {}),
        (ns.tps_bl1, "Siti Aminah", "P", date(1985, 3, 7), {}),
        (ns.tps_bl1, "Budi Santoso", "L", date(1990, 8, 17), {"disabilitas": "1"}),
        (ns.tps_bl1, "Wahyuni", "P", date(1940, 1, 1), {"tms_kode": "1"}),
        (ns.tps_bl2, "Dewi Lestari", "P", date(1995, 11, 23), {}),
        (ns.tps_bl2, "Eko Prasetyo", "L", date(2000, 2, 29), {}),
        (ns.tps_pj1, "Rina Wulandari", "P", date(1988, 6, 30), {}),
        (ns.tps_pj1, "Agus Salim", "L", date(1975, 9, 9), {}),
        (ns.tps_pj2, "Sri Mulyani", "P", date(1992, 12, 12), {}),
        (ns.tps_sm1, "Hendra Gunawan", "L", date(1983, 4, 4), {}),
        (ns.tps_sm1, "Yuni Astuti", "P", date(1999, 10, 10), {}),
    ]
    ns.pemilih = {
        nama: buat_pemilih(pm, tps, nama, jk, lahir, **kw) for tps, nama, jk, lahir, kw in data
    }
    ns.pemilih_bandar_lor = [n for t, n, *_ in data if t.kelurahan_id == ns.bandar_lor.id]
    ns.pemilih_pojok = [n for t, n, *_ in data if t.kelurahan_id == ns.pojok.id]
    ns.pemilih_semampir = [n for t, n, *_ in data if t.kelurahan_id == ns.semampir.id]

    # Officers: those with a username can log in.
    ns.petugas_kpu = buat_petugas(
        pm, "KPU", ns.kota, "Operator KPU Kota", jabatan="OPERATOR", username="kpu_kediri"
    )
    ns.petugas_ppk = buat_petugas(
        pm, "PPK", ns.mojoroto, "Ketua PPK Mojoroto", jabatan="KETUA", username="ppk_mojoroto"
    )
    buat_petugas(pm, "PPK", ns.mojoroto, "Anggota PPK Mojoroto", jenis_kelamin="P")
    buat_petugas(pm, "PPK", ns.kec_kota, "Ketua PPK Kota", jabatan="KETUA")
    ns.petugas_pps_bl = buat_petugas(
        pm,
        "PPS",
        ns.bandar_lor,
        "Sulastri",
        jabatan="KETUA",
        jenis_kelamin="P",
        username="pps_bandarlor",
        telepon="081234500001",
    )
    buat_petugas(pm, "PPS", ns.bandar_lor, "Mulyono")
    buat_petugas(pm, "PPS", ns.bandar_lor, "Kartini", jenis_kelamin="P")
    ns.petugas_pps_pj = buat_petugas(
        pm, "PPS", ns.pojok, "Suparno", jabatan="KETUA", username="pps_pojok"
    )
    buat_petugas(pm, "PPS", ns.semampir, "Sutrisno", jabatan="KETUA")
    ns.petugas_pantarlih = buat_petugas(
        pm, "PANTARLIH", ns.bandar_lor, "Joko Susilo", tps=ns.tps_bl1, username="pantarlih_bl1"
    )
    buat_petugas(pm, "PANTARLIH", ns.bandar_lor, "Endang Sri", tps=ns.tps_bl1, jenis_kelamin="P")
    buat_petugas(pm, "PANTARLIH", ns.bandar_lor, "Bambang Irawan", tps=ns.tps_bl2)
    buat_petugas(pm, "PANTARLIH", ns.pojok, "Heru Cahyono", tps=ns.tps_pj1)
    ns.petugas_kpps = buat_petugas(
        pm,
        "KPPS",
        ns.bandar_lor,
        "Rahmat Hidayat",
        tps=ns.tps_bl1,
        jabatan="KETUA",
        username="kpps_bl1",
    )
    buat_petugas(pm, "KPPS", ns.bandar_lor, "Nur Aini", tps=ns.tps_bl1, jenis_kelamin="P")

    ns.kpu = ns.petugas_kpu.user
    ns.ppk = ns.petugas_ppk.user
    ns.pps_bl = ns.petugas_pps_bl.user
    ns.pps_pj = ns.petugas_pps_pj.user
    ns.pantarlih = ns.petugas_pantarlih.user
    ns.kpps = ns.petugas_kpps.user
    ns.admin = UserFactory(username="admin", is_staff=True, is_superuser=True)

    ns.blitar = _blitar(ns.provinsi, pemilihan_blitar)
    hitung_ulang(ns.pemilihan)
    hitung_ulang(pemilihan_blitar)
    return ns
