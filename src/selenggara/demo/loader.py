"""Loads the synthetic Kota Kediri Pilkada 2024 into an empty database.

One transaction: areas, the election with its contests and calendar, TPS, ad hoc bodies with
their officers and accounts, the 222,451 DP4 voters, and the demo truth. If anything fails,
nothing stays behind. Voters go in through :func:`selenggara.db.bulk_insert` one kelurahan at a
time, so memory stays flat however big the list.
"""

import hashlib
import json
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group, Permission, User
from django.db import connection, transaction
from django.utils import timezone

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.db import bulk_insert, next_id, reset_sequence
from selenggara.demo import generator, pilkada2024
from selenggara.demo.kediri import DATA_WILAYAH
from selenggara.demo.models import KebenaranDemo
from selenggara.pemilih.models import Pemilih
from selenggara.pemilih.services import muat_massal
from selenggara.pemilihan.models import Kontestasi, Paslon, Pemilihan, Tahapan
from selenggara.petugas.models import BadanAdhoc, Petugas
from selenggara.petugas.services import buat_massal
from selenggara.rules.teks import slug
from selenggara.wilayah.importer import import_wilayah
from selenggara.wilayah.models import TPS, Wilayah

DEFAULT_SEED = 2024
# Printed by `make run`; every demo account shares it. Demo data are synthetic, never real.
DEMO_PASSWORD = "kediri2024"
GROUP_STAF_KPU = "Staf KPU"


class DemoError(Exception):
    pass


@dataclass
class DemoSummary:
    seed: int
    counts: dict[str, int] = field(default_factory=dict)
    checksum: str = ""
    seconds: dict[str, float] = field(default_factory=dict)


PEMILIH_FIELDS = (
    "id", "pemilihan", "kecamatan", "kelurahan", "tps", "nkk", "nik", "nama", "jenis_kelamin",
    "tempat_lahir", "tanggal_lahir", "status_kawin", "alamat", "rt", "rw", "disabilitas",
    "ktp_el", "sumber", "tahap", "tms_kode", "coklit", "catatan_pps", "rev", "versi", "diubah",
)
TRUTH_FIELDS = ("kategori", "pemilih", "tps", "nik", "data")


def load_demo(seed: int = DEFAULT_SEED, *, progress: Callable[[str], None] | None = None
              ) -> DemoSummary:
    say = progress or (lambda _msg: None)
    summary = DemoSummary(seed=seed)
    with transaction.atomic():
        if Pemilihan.objects.exists():
            raise DemoError("Database sudah berisi data pemilihan; demo hanya dimuat ke "
                            "database kosong. Hapus database atau pakai DATABASE_URL lain.")
        t0 = time.perf_counter()
        import_wilayah(DATA_WILAYAH)
        wilayah = {w.kode: w for w in Wilayah.objects.filter(kode__startswith=pilkada2024
                                                              .KODE_PROVINSI)}
        kota = wilayah[pilkada2024.KODE_KOTA]
        pemilihan = _load_pemilihan(wilayah)
        tps_rows = generator.generate_tps(seed)
        tps_ids = _load_tps(tps_rows, wilayah)
        summary.seconds["wilayah_pemilihan_tps"] = time.perf_counter() - t0
        say(f"{len(tps_ids)} TPS")

        t0 = time.perf_counter()
        summary.counts.update(_load_petugas(seed, pemilihan, kota, tps_rows, tps_ids, wilayah))
        summary.seconds["petugas"] = time.perf_counter() - t0
        say(f"{summary.counts['petugas']} petugas")

        t0 = time.perf_counter()
        # The voters' load is audited batch by batch (each kelurahan's record holds the
        # fingerprint of every row it inserted, so `audit verify --register` can later find a
        # row changed outside the protocol); the areas and officers above audited themselves.
        appender = Appender()
        voters, truths, checksum = _load_pemilih(seed, pemilihan, wilayah, tps_ids, say,
                                                 appender)
        summary.seconds["pemilih"] = time.perf_counter() - t0
        summary.counts.update(tps=len(tps_ids), pemilih=voters, kebenaran=truths)
        summary.checksum = checksum
        appender.add(AksiAudit.DEMO_MUAT, objek=pemilihan, sesudah={
            "seed": seed, "counts": summary.counts, "sha256_pemilih": checksum})
        appender.flush()
    return summary


def _load_pemilihan(wilayah: dict[str, Wilayah]) -> Pemilihan:
    pemilihan = Pemilihan.objects.create(
        nama=pilkada2024.NAMA_PEMILIHAN, tahun=pilkada2024.HARI_PEMUNGUTAN.year,
        wilayah=wilayah[pilkada2024.KODE_KOTA], hari_pemungutan=pilkada2024.HARI_PEMUNGUTAN)
    for urutan, (jenis, kode, nama, calon) in enumerate(pilkada2024.KONTESTASI, start=1):
        kontestasi = Kontestasi.objects.create(pemilihan=pemilihan, jenis=jenis,
                                               wilayah=wilayah[kode], nama=nama, urutan=urutan)
        Paslon.objects.bulk_create(
            Paslon(kontestasi=kontestasi, nomor_urut=nomor, nama_kepala=kepala, nama_wakil=wakil,
                   sirekap_id=sirekap_id, warna=warna)
            for nomor, kepala, wakil, sirekap_id, warna in calon)
    Tahapan.objects.bulk_create(
        Tahapan(pemilihan=pemilihan, kode=kode, nama=nama, mulai=mulai, selesai=selesai,
                urutan=i)
        for i, (kode, nama, mulai, selesai) in enumerate(pilkada2024.TAHAPAN, start=1))
    return pemilihan


def _load_tps(tps_rows, wilayah) -> dict[tuple[str, int], int]:
    TPS.objects.bulk_create(
        TPS(kelurahan=wilayah[row.kode_kelurahan], nomor=row.nomor, jenis=row.jenis,
            nama=row.tempat, alamat=row.alamat)
        for row in tps_rows)
    return {(kel_kode, nomor): pk for pk, kel_kode, nomor in
            TPS.objects.values_list("id", "kelurahan__kode", "nomor")}


def _staf_kpu_group() -> Group:
    """KPU staff may use the Django admin on every model except the audit log."""
    group, _created = Group.objects.get_or_create(name=GROUP_STAF_KPU)
    perms = Permission.objects.filter(
        content_type__app_label__in=["wilayah", "pemilihan", "petugas", "pemilih"])
    group.permissions.set(list(perms) + list(Permission.objects.filter(
        content_type__app_label="audit", codename__startswith="view_")))
    return group


def _load_petugas(seed, pemilihan, kota, tps_rows, tps_ids, wilayah) -> dict[str, int]:
    """Bodies, officers and one account per officer, all sharing the demo password."""
    petugas_rows = generator.generate_petugas(seed, tps_rows)
    mulai, selesai = pilkada2024.MASA_PPK_PPS
    badan: dict[tuple, BadanAdhoc] = {}
    for kode, w in wilayah.items():
        if w.tingkat == 3:
            badan[("PPK", kode)] = BadanAdhoc(pemilihan=pemilihan, jenis="PPK", wilayah=w,
                                              masa_mulai=mulai, masa_selesai=selesai)
        elif w.tingkat == 4:
            badan[("PPS", kode)] = BadanAdhoc(pemilihan=pemilihan, jenis="PPS", wilayah=w,
                                              masa_mulai=mulai, masa_selesai=selesai)
    k_mulai, k_selesai = pilkada2024.MASA_KPPS
    for row in tps_rows:
        badan[("KPPS", row.kode_kelurahan, row.nomor)] = BadanAdhoc(
            pemilihan=pemilihan, jenis="KPPS", wilayah=wilayah[row.kode_kelurahan],
            tps_id=tps_ids[(row.kode_kelurahan, row.nomor)], masa_mulai=k_mulai,
            masa_selesai=k_selesai)
    BadanAdhoc.objects.bulk_create(badan.values())

    # PBKDF2 is deliberately slow; hashing once and sharing the hash keeps 3,800 demo accounts
    # to a second instead of half an hour. Real accounts get their own password and salt.
    password = make_password(DEMO_PASSWORD)
    users: list[User] = [User(username="kpu.kediri", first_name="Operator KPU Kota Kediri",
                              password=password, is_staff=True)]
    officers: list[Petugas] = [Petugas(
        pemilihan=pemilihan, peran="KPU", jabatan="OPERATOR", wilayah=kota,
        nama="Operator KPU Kota Kediri", jenis_kelamin="P", masa_mulai=mulai,
        masa_selesai=selesai)]
    nomor_dalam: Counter = Counter()
    masa = {"PANTARLIH": pilkada2024.MASA_PANTARLIH, "KPPS": pilkada2024.MASA_KPPS}
    for row in petugas_rows:
        w = wilayah[row.kode_wilayah]
        tps_id = tps_ids[(row.kode_wilayah, row.tps_nomor)] if row.tps_nomor else None
        if row.peran == "PPK":
            key = ("PPK", row.kode_wilayah)
            base = (f"sekretariat.ppk.{slug(w.nama)}" if row.jabatan == "SEKRETARIS"
                    else f"ppk.{slug(w.nama)}")
        elif row.peran == "PPS":
            key, base = ("PPS", row.kode_wilayah), f"pps.{slug(w.nama)}"
        elif row.peran == "KPPS":
            key = ("KPPS", row.kode_wilayah, row.tps_nomor)
            base = f"kpps.{slug(w.nama)}.{row.tps_nomor:03d}"
        else:
            key, base = None, f"pantarlih.{slug(w.nama)}.{row.tps_nomor:03d}"
        nomor_dalam[base] += 1
        username = base if row.jabatan == "SEKRETARIS" else f"{base}.{nomor_dalam[base]}"
        users.append(User(username=username, first_name=row.nama[:150], password=password))
        m_mulai, m_selesai = masa.get(row.peran, pilkada2024.MASA_PPK_PPS)
        officers.append(Petugas(
            pemilihan=pemilihan, peran=row.peran, jabatan=row.jabatan,
            badan=badan.get(key) if key else None, wilayah=w, tps_id=tps_id, nama=row.nama,
            nik=row.nik, jenis_kelamin=row.jenis_kelamin, telepon=row.telepon,
            masa_mulai=m_mulai, masa_selesai=m_selesai))
    buat_massal(users, officers)
    _staf_kpu_group().user_set.add(officers[0].user_id)
    per_peran = Counter(o.peran for o in officers)
    return {"petugas": len(officers), "badan": len(badan),
            **{f"petugas_{k.lower()}": v for k, v in per_peran.items()}}


def _load_pemilih(seed, pemilihan, wilayah, tps_ids, say, appender) -> tuple[int, int, str]:
    sqlite = connection.vendor == "sqlite"
    now = timezone.now()
    diubah = connection.ops.adapt_datetimefield_value(now) if sqlite else now
    digest = hashlib.sha256()
    pemilih_id = next_id(Pemilih)
    total = truths = 0
    for batch in generator.iter_kelurahan(seed):
        kel = wilayah[batch.kode_kelurahan]
        first_id = pemilih_id
        rows = []
        for row in batch.pemilih:
            (_kode, tps_nomor, nkk, nik, nama, jk, tempat, tgl, kawin, alamat, rt, rw, dis,
             ktp) = row
            digest.update(repr(row).encode())
            rows.append((
                pemilih_id, pemilihan.id, kel.induk_id, kel.id,
                tps_ids[(batch.kode_kelurahan, tps_nomor)], nkk, nik, nama, jk, tempat,
                tgl.isoformat() if sqlite else tgl, kawin, alamat, rt, rw, str(dis), ktp, "DP4",
                "ADAFTAR", "", "", "", 0, 1, diubah))
            pemilih_id += 1
        total += muat_massal(rows, PEMILIH_FIELDS, appender=appender,
                             catatan={"kelurahan": kel.kode, "seed": seed})
        truths += bulk_insert(KebenaranDemo, TRUTH_FIELDS, (
            (t.kategori, None if t.urutan is None else first_id + t.urutan,
             tps_ids[(batch.kode_kelurahan, t.tps_nomor)], t.nik,
             json.dumps(_data_kebenaran(t.data, first_id), ensure_ascii=False, default=str))
            for t in batch.truth))
        say(f"{kel.nama}: {len(rows)} pemilih")
    reset_sequence(Pemilih)
    return total, truths, digest.hexdigest()


def _data_kebenaran(data: dict, first_id: int) -> dict:
    """The truth's data with the voter ids of the other record of a pair: the kept record of a
    duplicate (``pemilih_dipertahankan``), the other person of a look-alike (``pemilih_lain``).
    A duplicate is found by these ids, not by NIK: its NIK may be mistyped or another one."""
    if "urutan_dipertahankan" in data:
        data = {**data, "pemilih_dipertahankan": first_id + data["urutan_dipertahankan"]}
    if "pasangan_urutan" in data:
        data = {**data, "pemilih_lain": first_id + data["pasangan_urutan"]}
    return data


def demo_accounts() -> list[tuple[str, str, str]]:
    """One sample account per role: (role, username, what it sees)."""
    wanted = [
        ("KPU Kota", "kpu.kediri"),
        ("PPK Mojoroto (ketua)", "ppk.mojoroto.1"),
        ("PPS Bandar Lor (ketua)", "pps.bandarlor.1"),
        ("Pantarlih TPS 001 Bandar Lor", "pantarlih.bandarlor.001.1"),
        ("KPPS TPS 001 Bandar Lor (ketua)", "kpps.bandarlor.001.1"),
    ]
    existing = set(User.objects.filter(username__in=[u for _r, u in wanted])
                   .values_list("username", flat=True))
    return [(role, username, DEMO_PASSWORD) for role, username in wanted if username in existing]
