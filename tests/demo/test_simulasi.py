"""The coklit simulation of the demo (``selenggara demo simulasi``), on the full demo.

The demo is loaded once for this module inside a transaction rolled back at the end (like
``test_load.py``); each test runs in its own savepoint. Playing the whole city costs minutes
(every change goes through the field app's sync, see ``bench/bench_simulasi.py``), so:

- the day-8 calibration of the **whole city** is checked on the schedule's own prediction
  (:meth:`Dunia.perkiraan`: no write), and a played run of a few kelurahan shows that the
  counters equal that prediction exactly;
- determinism, resumption, the PPS weeks, the recount and the audit chain are checked by playing
  one or two kelurahan.
"""

from __future__ import annotations

from contextlib import contextmanager
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils import timezone

from selenggara.audit.services import verify
from selenggara.coklit import rekap as rekap_coklit
from selenggara.coklit.models import (
    KOLOM_REKAP_COKLIT,
    LaporanKertas,
    Perubahan,
    RekapCoklit,
    Status,
    StikerKK,
    Tinjauan,
)
from selenggara.demo.loader import load_demo
from selenggara.demo.models import SimulasiDemo
from selenggara.demo.simulasi import Dunia, SimulasiError, angka, simulasikan
from selenggara.pemilih import rekap as rekap_pemilih
from selenggara.pemilih.models import Pemilih, Rekap
from selenggara.pemilihan.models import Pemilihan
from selenggara.rules.hitungan import KOLOM
from selenggara.web import jam
from selenggara.wilayah import hierarki
from selenggara.wilayah.models import Wilayah

pytestmark = [pytest.mark.slow, pytest.mark.django_db]

HARI_8 = date(2024, 7, 1)


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker):
    # The area tree is cached per process (wilayah.hierarki); the rollback at the end reuses
    # the demo's ids on SQLite, so forget it on both sides or later tests read a stale tree.
    hierarki.lupakan()
    with django_db_blocker.unblock(), transaction.atomic():
        summary = load_demo(seed=2024)
        connection.check_constraints()
        yield summary
        transaction.set_rollback(True)
    hierarki.lupakan()


@pytest.fixture(scope="module")
def kelurahan_kecil(demo, django_db_blocker) -> list[str]:
    """The two kelurahan with the fewest voters (both have TPS with two Pantarlih)."""
    with django_db_blocker.unblock():
        rows = (Pemilih.objects.values("kelurahan__kode").annotate(n=Count("id"))
                .order_by("n", "kelurahan__kode"))
        return [r["kelurahan__kode"] for r in rows[:2]]


@contextmanager
def dibatalkan():
    """Run a block and roll it back (to compare two runs from the same start)."""
    sid = transaction.savepoint()
    try:
        yield
    finally:
        transaction.savepoint_rollback(sid)


def pemilihan_id() -> int:
    return Pemilihan.objects.get().id


def potret() -> dict:
    """Every counter row and every voter's coklit state, without database ids that differ
    between runs (new voters get fresh ids, PostgreSQL sequences are not rolled back)."""
    pid = pemilihan_id()
    return {
        "rekap": sorted(Rekap.objects.filter(pemilihan_id=pid)
                        .values_list("tingkat", "objek_id", *KOLOM)),
        "rekap_coklit": sorted(RekapCoklit.objects.filter(pemilihan_id=pid)
                               .values_list("tingkat", "objek_id", *KOLOM_REKAP_COKLIT)),
        "pemilih": sorted(Pemilih.objects.exclude(coklit="", sumber="DP4", catatan_pps="")
                          .values_list("nik", "nkk", "tps_id", "coklit", "tms_kode", "versi",
                                       "nama", "rt", "rw", "tanggal_lahir", "catatan_pps")),
        "kertas": sorted(LaporanKertas.objects.values_list("tps_id", "tanggal", "jumlah")),
        "stiker": StikerKK.objects.count(),
        "perubahan": sorted(Perubahan.objects.values_list("client_id", "status", "tinjauan")),
    }


def tepat():
    """The kept counters equal a recount, and the audit chain holds."""
    pid = pemilihan_id()
    assert rekap_pemilih.periksa(pid) == []
    assert rekap_coklit.periksa(pid) == []
    assert verify().ok


# -- calibration --------------------------------------------------------------------------------


def test_hari_8_seluruh_kota_sekitar_53_persen_di_aplikasi_kertas_lebih_tinggi():
    dunia = Dunia(Pemilihan.objects.get(), 2024, [])
    assert len(dunia.lapangan) == 782
    assert len({lp.nama for lp in dunia.lapangan}) == 782
    d8 = dunia.perkiraan(8)
    app = 100 * d8["coklit"] / d8["pemilih"]
    kertas = 100 * d8["kertas"] / d8["pemilih"]
    assert 51 <= app <= 56, app
    assert kertas > app + 2, (kertas, app)
    # Every listed voter is in exactly one Pantarlih's round; by the end all are checked.
    akhir = dunia.perkiraan(dunia.kal.jumlah_hari)
    assert akhir["coklit"] == akhir["pemilih"]
    assert sum(len(r.dp4) for lp in dunia.lapangan for r in lp.rumah
               if not r.tumpang) == 222_451
    # The plan: 100% by the end of week 2 (7 Jul) for most; the app keeps rising each day.
    d14 = dunia.perkiraan(14)
    assert d14["coklit"] / d14["pemilih"] > 0.93
    naik = [dunia.perkiraan(h)["coklit"] for h in range(1, 15)]
    assert naik == sorted(naik)


def test_permainan_sama_persis_dengan_perkiraan_jadwal(kelurahan_kecil):
    """Played through sync, a few kelurahan show on day 8 exactly what the schedule said."""
    hasil = simulasikan(HARI_8, kelurahan=kelurahan_kecil)
    assert hasil.hari[0]["tanggal"] == "2024-06-24" and len(hasil.hari) == 8
    assert hasil.peringatan == []
    dunia = Dunia(Pemilihan.objects.get(), 2024, kelurahan_kecil)
    for f in hasil.hari:
        kira = dunia.perkiraan(f["hari"])
        assert (f["pemilih"], f["coklit"], f["kertas"]) == (
            kira["pemilih"], kira["coklit"], kira["kertas"]), f
    d8 = hasil.hari[-1]
    assert 45 < d8["persen_aplikasi"] < d8["persen_kertas"] < 80
    assert d8 == angka(dunia) | {"tanggal": "2024-07-01", "hari": 8}
    tepat()
    assert jam.hari_ini() == HARI_8
    assert timezone.localtime(jam.sekarang()).hour == 20


# -- determinism and resumption -----------------------------------------------------------------


def test_dua_run_sama_dengan_satu_run_dan_seed_sama_sama_hasil(kelurahan_kecil):
    kel = kelurahan_kecil[:1]
    with dibatalkan():
        simulasikan(HARI_8, kelurahan=kel)
        hasil = simulasikan(date(2024, 7, 8))  # the area and seed are those of the first run
        assert hasil.dari == date(2024, 7, 2) and hasil.sampai == date(2024, 7, 8)
        bertahap = potret()
        harian_bertahap = SimulasiDemo.objects.get().harian
    with dibatalkan():
        simulasikan(date(2024, 7, 8), kelurahan=kel, seed=2024)
        sekaligus = potret()
        harian_sekaligus = SimulasiDemo.objects.get().harian
    assert bertahap == sekaligus
    assert harian_bertahap == harian_sekaligus
    assert len(harian_sekaligus) == 15
    with dibatalkan():
        simulasikan(date(2024, 7, 8), kelurahan=kel, seed=7)
        assert potret()["rekap"] != sekaligus["rekap"]


def test_sebulan_pps_menyetujui_mengoreksi_mengembalikan_dan_memutus_semua_konflik(
        kelurahan_kecil):
    hasil = simulasikan(date(2024, 7, 24), kelurahan=kelurahan_kecil)
    akhir = hasil.hari[-1]
    assert akhir["persen_aplikasi"] == 100.0 and akhir["tps_selesai"] == akhir["tps"]
    assert akhir["menunggu"] == 0
    assert hasil.peringatan == []
    kel = Wilayah.objects.filter(kode__in=kelurahan_kecil)
    rows = Perubahan.objects.filter(kelurahan__in=kel)
    assert not rows.filter(tinjauan=Tinjauan.MENUNGGU).exists()
    diterapkan = rows.filter(status=Status.APPLIED).exclude(tinjauan="")
    per = dict(diterapkan.values_list("tinjauan").annotate(n=Count("id")))
    ditinjau = sum(per.values())
    assert per[Tinjauan.DISETUJUI] > 0.9 * ditinjau, per
    assert 0 < per.get(Tinjauan.DIKEMBALIKAN, 0) < 0.06 * ditinjau
    assert per.get(Tinjauan.DIKOREKSI, 0) >= 1
    # Every conflict was settled, and every returned voter was checked again afterwards.
    konflik = rows.filter(status=Status.CONFLICT)
    assert konflik.exists()
    assert not konflik.filter(tinjauan=Tinjauan.MENUNGGU).exists()
    for r in rows.filter(tinjauan=Tinjauan.DIKEMBALIKAN):
        assert rows.filter(pemilih_id=r.pemilih_id, pk__gt=r.pk,
                           status=Status.APPLIED).exists()
    assert not Pemilih.objects.filter(kelurahan__in=kel, coklit="").exists()
    assert not Pemilih.objects.filter(kelurahan__in=kel).exclude(catatan_pps="").exists()
    # PPS decided in weeks 3-4 only.
    awal = rows.exclude(ditinjau_pada=None).order_by("ditinjau_pada").first().ditinjau_pada
    assert awal.date() >= date(2024, 7, 8)
    # Paper reports: one per day worked, never more than the TPS's voters.
    kertas = LaporanKertas.objects.filter(tps__kelurahan__in=kel)
    per_tps = dict(kertas.values_list("tps_id").annotate(n=Sum("jumlah")))
    pemilih = dict(Pemilih.objects.filter(kelurahan__in=kel).values_list("tps_id")
                   .annotate(n=Count("id")))
    assert all(n <= pemilih[t] for t, n in per_tps.items())
    # One sticker per household checked.
    assert StikerKK.objects.filter(tps__kelurahan__in=kel).count() > 0.9 * len(
        set(Pemilih.objects.filter(kelurahan__in=kel, sumber="DP4").values_list("nkk")))
    tepat()
    # Nothing left to play: a run to a later date stops at the end of coklit.
    lagi = simulasikan(date(2024, 8, 10))
    assert lagi.sampai is None and lagi.berhenti_di_akhir_coklit
    assert jam.hari_ini() == date(2024, 7, 24)


# -- refusals -----------------------------------------------------------------------------------


def test_tidak_bisa_mundur_dan_pesannya_menyuruh_memuat_demo_baru(kelurahan_kecil):
    simulasikan(date(2024, 6, 26), kelurahan=kelurahan_kecil[:1])
    with pytest.raises(SimulasiError) as exc:
        simulasikan(date(2024, 6, 25))
    pesan = str(exc.value)
    assert "sudah disimulasikan sampai 26 Juni 2024" in pesan
    assert "tidak dapat mundur" in pesan and "muat demo baru" in pesan
    assert "selenggara demo" in pesan
    with pytest.raises(CommandError, match="tidak dapat mundur"):
        call_command("demo", "simulasi", "--sampai", "2024-06-25")
    with pytest.raises(SimulasiError, match="seed 2024"):
        simulasikan(date(2024, 6, 27), seed=5)
    with pytest.raises(SimulasiError, match="wilayah yang sama"):
        simulasikan(date(2024, 6, 27), kelurahan=kelurahan_kecil)
    # The same date again plays nothing and refuses nothing.
    assert simulasikan(date(2024, 6, 26)).sampai is None


def test_tanggal_sebelum_coklit_dan_kode_salah_ditolak():
    with pytest.raises(SimulasiError, match="Coklit dimulai 24 Juni 2024"):
        simulasikan(date(2024, 6, 23))
    with pytest.raises(SimulasiError, match="tidak dikenal"):
        simulasikan(HARI_8, kelurahan=["35.71.09.9999"])
    with pytest.raises(SimulasiError, match="tidak dikenal"):
        simulasikan(HARI_8, kelurahan=["bandar lor"])
    with pytest.raises(CommandError, match="tidak terbaca"):
        call_command("demo", "simulasi", "--sampai", "1-7-2024")
    with pytest.raises(CommandError, match="--sampai"):
        call_command("demo", "simulasi")
    assert not SimulasiDemo.objects.exists()
