"""The loaded Kota Kediri demo reproduces every published count of DOMAIN.md.

The demo is loaded once for this module inside a transaction that is rolled back at the end,
so the other tests still start from an empty database.
"""

from collections import Counter
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.db import connection, transaction
from django.db.models import Count, F, Q

from selenggara.audit.services import verify
from selenggara.demo.kediri import KECAMATAN
from selenggara.demo.loader import DEMO_PASSWORD, demo_accounts, load_demo
from selenggara.demo.models import KebenaranDemo
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Kontestasi, Tahapan
from selenggara.petugas.models import BadanAdhoc, Petugas
from selenggara.petugas.scope import get_scope, scoped
from selenggara.rules.nik import validate_nik
from selenggara.rules.tps import jumlah_pantarlih
from selenggara.wilayah.models import TPS, Wilayah

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo(seed=2024)
        # Check PostgreSQL's deferred foreign keys once now, not again at every test teardown.
        connection.check_constraints()
        yield summary
        transaction.set_rollback(True)


def _fetch(sql: str) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


def test_areas_are_the_real_ones():
    kec = {w.kode: w for w in Wilayah.objects.filter(tingkat=3)}
    assert {k: w.nama for k, w in kec.items()} == {
        "35.71.01": "Mojoroto", "35.71.02": "Kota", "35.71.03": "Pesantren"}
    per_kec = Counter(Wilayah.objects.filter(tingkat=4).values_list("induk__kode", flat=True))
    assert per_kec == {"35.71.01": 14, "35.71.02": 17, "35.71.03": 15}
    assert Wilayah.objects.get(kode="35.71.01.1001").nama == "Bandar Lor"
    assert Wilayah.objects.get(kode="35.71").nama == "Kota Kediri"


def test_tps_counts():
    assert TPS.objects.count() == 405
    reguler = Counter(TPS.objects.filter(jenis="REGULER")
                      .values_list("kelurahan__induk__kode", flat=True))
    assert reguler == {"35.71.01": 154, "35.71.02": 122, "35.71.03": 125}
    semua = Counter(TPS.objects.values_list("kelurahan__induk__kode", flat=True))
    assert semua == {"35.71.01": 156, "35.71.02": 123, "35.71.03": 126}
    assert TPS.objects.filter(jenis="LOKSUS").count() == 4


def test_voter_totals_per_kecamatan():
    assert Pemilih.objects.count() == 222_451
    per_kec = dict(Pemilih.objects.values_list("kecamatan__kode").annotate(n=Count("id")))
    assert per_kec == {k.kode: k.dp4 for k in KECAMATAN}
    assert per_kec == {"35.71.01": 85_459, "35.71.02": 68_087, "35.71.03": 68_905}
    # Every voter's denormalised areas agree with its TPS.
    assert not Pemilih.objects.exclude(kelurahan=F("tps__kelurahan")).exists()
    assert not Pemilih.objects.exclude(kecamatan=F("kelurahan__induk")).exists()


def test_no_tps_above_600_and_households_not_split():
    biggest = Pemilih.objects.values("tps").annotate(n=Count("id")).order_by("-n").first()
    assert biggest["n"] <= 600
    split = _fetch("SELECT nkk FROM pemilih_pemilih GROUP BY nkk "
                   "HAVING COUNT(DISTINCT tps_id) > 1")
    assert split == []


def test_disability_counts():
    dis = dict(Pemilih.objects.exclude(disabilitas="0").values_list("disabilitas")
               .annotate(n=Count("id")))
    assert dis == {"1": 306, "2": 91, "3": 181, "4": 497}


def test_officer_counts():
    ppk = Petugas.objects.filter(peran="PPK")
    assert ppk.exclude(jabatan="SEKRETARIS").count() == 15
    assert ppk.filter(jabatan="SEKRETARIS").count() == 3
    per_kec = ppk.exclude(jabatan="SEKRETARIS").values("wilayah").annotate(
        n=Count("id"), ketua=Count("id", filter=Q(jabatan="KETUA")))
    assert all(row["n"] == 5 and row["ketua"] == 1 for row in per_kec)
    pps = Petugas.objects.filter(peran="PPS").values("wilayah").annotate(
        n=Count("id"), ketua=Count("id", filter=Q(jabatan="KETUA")))
    assert len(pps) == 46 and all(r["n"] == 3 and r["ketua"] == 1 for r in pps)
    assert Petugas.objects.filter(peran="PPS").count() == 138
    kpps = Petugas.objects.filter(peran="KPPS").values("tps").annotate(
        n=Count("id"), ketua=Count("id", filter=Q(jabatan="KETUA")))
    assert len(kpps) == 405 and all(r["n"] == 7 and r["ketua"] == 1 for r in kpps)
    assert BadanAdhoc.objects.filter(jenis="KPPS").count() == 405


def test_pantarlih_follow_the_400_rule_and_total_782():
    voters = dict(Pemilih.objects.values_list("tps").annotate(n=Count("id")))
    pantarlih = Counter(Petugas.objects.filter(peran="PANTARLIH").values_list("tps", flat=True))
    for tps in TPS.objects.filter(jenis="REGULER"):
        assert pantarlih[tps.id] == jumlah_pantarlih(voters.get(tps.id, 0)), tps
    assert sum(pantarlih.values()) == 782


def test_contests_paslon_and_calendar():
    kontestasi = {k.jenis: k for k in Kontestasi.objects.prefetch_related("paslon")}
    gub = [(p.nomor_urut, p.nama_kepala) for p in kontestasi["GUBERNUR"].paslon.all()]
    assert [n for n, _ in gub] == [1, 2, 3]
    assert "Khofifah" in gub[1][1] and "Luluk" in gub[0][1] and "Risma" in gub[2][1]
    wali = [(p.nomor_urut, p.nama_kepala) for p in kontestasi["WALIKOTA"].paslon.all()]
    assert [n for n, _ in wali] == [1, 2]
    assert "Vinanda" in wali[0][1] and "Ferry" in wali[1][1]
    assert kontestasi["GUBERNUR"].wilayah.kode == "35"
    assert kontestasi["WALIKOTA"].wilayah.kode == "35.71"
    tahap = {t.kode: t for t in Tahapan.objects.all()}
    assert (tahap["coklit"].mulai, tahap["coklit"].selesai) == (date(2024, 6, 24),
                                                                date(2024, 7, 24))
    assert tahap["penetapan-dps"].mulai == date(2024, 8, 10)
    assert tahap["penetapan-dpt"].mulai == date(2024, 9, 19)
    assert tahap["pemungutan"].mulai == date(2024, 11, 27)


def test_niks_valid_except_the_planted_data_errors():
    planted = set(KebenaranDemo.objects.filter(kategori="DATA_SALAH")
                  .values_list("pemilih_id", flat=True))
    bad = []
    for pk, nik, kec, tgl, jk in Pemilih.objects.values_list(
            "id", "nik", "kecamatan__kode", "tanggal_lahir", "jenis_kelamin").iterator(5000):
        problems = [p for p in validate_nik(nik, kode_kecamatan=kec, tanggal_lahir=tgl,
                                            jenis_kelamin=jk, reference=date(2024, 11, 27))
                    if p.severity == "error"]
        if problems and pk not in planted:
            bad.append((pk, [p.code for p in problems]))
    assert bad == []


def test_truth_is_kept_apart_with_every_category():
    kategori = Counter(KebenaranDemo.objects.values_list("kategori", flat=True))
    for name in ("MENINGGAL", "PINDAH", "SALAH_TPS", "GANDA", "TNI", "POLRI", "DIBAWAH_UMUR",
                 "DATA_SALAH", "BELUM_TERDAFTAR"):
        assert kategori[name] > 0, name
    # Missing people are not voters yet; everyone else points at a DP4 row.
    assert not KebenaranDemo.objects.filter(kategori="BELUM_TERDAFTAR",
                                            pemilih__isnull=False).exists()
    assert not KebenaranDemo.objects.exclude(kategori="BELUM_TERDAFTAR").filter(
        pemilih__isnull=True).exists()
    # Plausible rates for a city: removals and additions of the same order (DP4→DPT shrink).
    removals = sum(kategori[k] for k in ("MENINGGAL", "PINDAH", "GANDA", "TNI", "POLRI",
                                         "DIBAWAH_UMUR"))
    assert 0.01 * 222_451 < removals < 0.06 * 222_451
    assert 0.5 < kategori["BELUM_TERDAFTAR"] / removals < 2


def test_demo_accounts_log_in_and_are_scoped():
    accounts = dict((u, p) for _role, u, p in demo_accounts())
    assert set(accounts) == {"kpu.kediri", "ppk.mojoroto.1", "pps.bandarlor.1",
                             "pantarlih.bandarlor.001.1", "kpps.bandarlor.001.1"}
    user = User.objects.get(username="pps.bandarlor.1")
    assert user.check_password(DEMO_PASSWORD)
    scope = get_scope(user)
    assert scope.peran == "PPS"
    kelurahan = set(scoped(Pemilih.objects.all(), scope).values_list("kelurahan__kode",
                                                                     flat=True).distinct())
    assert kelurahan == {"35.71.01.1001"}
    assert Petugas.objects.get(user__username="ppk.mojoroto.1").jabatan == "KETUA"
    assert Petugas.objects.get(user__username="kpps.bandarlor.001.1").jabatan == "KETUA"


def test_load_is_audited_and_chain_verifies(demo):
    assert demo.counts["pemilih"] == 222_451
    assert verify().ok
