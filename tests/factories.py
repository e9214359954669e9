"""Small builders for a tiny Kota Kediri: plain functions, no factory library.

``kediri_mini()`` builds the whole fixture used by the web and browser tests::

    35 Jawa Timur
    └── 35.71 Kota Kediri
        ├── 35.71.01 Mojoroto
        │   ├── 35.71.01.1001 Bandar Lor: TPS 001, 002 (reguler), 901 (loksus, Lapas)
        │   └── 35.71.01.1004 Pojok:      TPS 001, 002
        └── 35.71.02 Kota
            └── 35.71.02.1001 Semampir:   TPS 001

Voters (eligible unless noted), with valid NIKs from ``rules.nik.make_nik``:

- Bandar Lor TPS 001: Ahmad Fauzi L, Siti Aminah P, Budi Santoso L (disabilitas fisik),
  Wahyuni P (TMS 1, meninggal); TPS 002: Dewi Lestari P, Eko Prasetyo L
- Pojok TPS 001: Rina Wulandari P, Agus Salim L; TPS 002: Sri Mulyani P
- Semampir TPS 001: Hendra Gunawan L, Yuni Astuti P

Accounts (all with password :data:`PASSWORD`): ``kpu_kediri`` (KPU), ``ppk_mojoroto`` (PPK),
``pps_bandarlor`` and ``pps_pojok`` (PPS), ``pantarlih_bl1`` and ``kpps_bl1`` (Bandar Lor
TPS 001), ``admin`` (superuser without an officer record).
"""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.petugas.models import Petugas
from selenggara.rules.nik import make_nik
from selenggara.wilayah.models import TPS, Tingkat, Wilayah

PASSWORD = "Kediri-uji-2024"
HARI_PEMUNGUTAN = date(2024, 11, 27)
MASA_MULAI = date(2024, 5, 1)
MASA_SELESAI = date(2025, 1, 31)

_password_hash: str | None = None


def password_hash() -> str:
    """One hash of :data:`PASSWORD`, computed once per test run.

    Django's PBKDF2 costs ~0.5 s per hash by design; sharing one hash keeps the fixture fast
    without changing PASSWORD_HASHERS for other people's tests.
    """
    global _password_hash
    if _password_hash is None:
        _password_hash = make_password(PASSWORD)
    return _password_hash


def buat_wilayah(kode: str, nama: str, induk: Wilayah | None = None) -> Wilayah:
    tingkat = {2: Tingkat.PROVINSI, 5: Tingkat.KABKOTA, 8: Tingkat.KECAMATAN}.get(
        len(kode), Tingkat.KELURAHAN
    )
    return Wilayah.objects.create(kode=kode, nama=nama, tingkat=tingkat, induk=induk)


def buat_pemilihan(wilayah: Wilayah, tahun: int = 2024) -> Pemilihan:
    return Pemilihan.objects.create(
        nama=f"Pemilihan Serentak {tahun} {wilayah.nama}",
        tahun=tahun,
        wilayah=wilayah,
        hari_pemungutan=HARI_PEMUNGUTAN,
    )


def buat_tps(
    kelurahan: Wilayah, nomor: int, jenis: str = "REGULER", alamat: str = "", nama: str = ""
) -> TPS:
    return TPS.objects.create(
        kelurahan=kelurahan,
        nomor=nomor,
        jenis=jenis,
        alamat=alamat or f"Jl. Contoh No. {nomor}, {kelurahan.nama}",
        nama=nama,
    )


_urut = {"n": 0}


def _nomor_urut() -> int:
    """A fresh NIK serial per voter so no two test voters share a NIK."""
    _urut["n"] = _urut["n"] % 9999 + 1
    return _urut["n"]


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
    kelurahan = tps.kelurahan
    kecamatan = kelurahan.induk
    nik = make_nik(kecamatan.kode, tanggal_lahir, jenis_kelamin, _nomor_urut())
    # An NKK: region + an issue date + serial; the shape only matters here.
    nkk = nkk or f"{kecamatan.kode_polos}010120{_nomor_urut():04d}"
    return Pemilih(
        pemilihan=pemilihan,
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        tps=tps,
        nkk=nkk,
        nik=nik,
        nama=nama,
        jenis_kelamin=jenis_kelamin,
        tempat_lahir="Kediri",
        tanggal_lahir=tanggal_lahir,
        status_kawin="S",
        alamat=f"Jl. {kelurahan.nama}",
        rt=rt,
        rw=rw,
        disabilitas=disabilitas,
        ktp_el="S",
        tms_kode=tms_kode,
    )


def buat_pemilih(*args, **kwargs) -> Pemilih:
    p = pemilih_baru(*args, **kwargs)
    p.save()
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
    return Pemilih.objects.bulk_create(rows)


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
    user = None
    if username:
        user = get_user_model().objects.create(
            username=username, password=password_hash(), first_name=nama
        )
    return Petugas.objects.create(
        pemilihan=pemilihan,
        user=user,
        peran=peran,
        jabatan=jabatan,
        wilayah=wilayah,
        tps=tps,
        nama=nama,
        jenis_kelamin=jenis_kelamin,
        masa_mulai=MASA_MULAI,
        masa_selesai=MASA_SELESAI,
        **extra,
    )


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
    ns.admin = get_user_model().objects.create(
        username="admin", password=password_hash(), is_staff=True, is_superuser=True
    )
    return ns
