"""The simulation's schedule (pure Python) and its refusal before any demo is loaded."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import CommandError, call_command

from selenggara.demo.simulasi import SimulasiError, salah_ketik, simulasikan, uuid_dari
from selenggara.demo.simulasi_jadwal import Kalender, hari_selesai_tps, susun

KAL = Kalender(date(2024, 6, 24), date(2024, 7, 24))


def test_kalender_coklit():
    assert KAL.jumlah_hari == 31
    assert KAL.tanggal(8) == date(2024, 7, 1) and KAL.hari(date(2024, 7, 7)) == 14
    assert KAL.akhir_pekan(6) and KAL.akhir_pekan(7) and not KAL.akhir_pekan(8)


def test_jadwal_sama_untuk_seed_sama_dan_setiap_rumah_terkirim_sesudah_dikunjungi():
    ukuran = [3, 1, 2, 4, 2, 3, 1, 5, 2, 2] * 10
    a = susun(2024, "pantarlih.bandarlor.001.1", ukuran, 11, KAL)
    b = susun(2024, "pantarlih.bandarlor.001.1", ukuran, 11, KAL)
    c = susun(7, "pantarlih.bandarlor.001.1", ukuran, 11, KAL)
    assert (a.kunjungan, a.kirim, a.kertas, a.sesi) == (b.kunjungan, b.kirim, b.kertas, b.sesi)
    assert (a.kunjungan, a.kirim) != (c.kunjungan, c.kirim)
    assert a.kunjungan == sorted(a.kunjungan)  # the round walks the list in order
    assert all(k <= t <= KAL.batas_sinkron for k, t in zip(a.kunjungan, a.kirim, strict=True))
    # Each day worked is reported on paper, at a sync on or after it.
    assert set(a.kertas) == set(a.kunjungan)
    assert all(h <= t and t in a.sesi for h, t in a.kertas.items())
    assert set(a.kirim) <= set(a.sesi)
    assert all(19 * 60 <= m <= 23 * 60 for m in a.sesi.values())


def test_tps_lambat_ada_tetapi_sedikit():
    hari = [hari_selesai_tps(2024, f"3571011001{n:03d}") for n in range(1, 401)]
    assert min(hari) >= 10 and max(hari) <= 20
    assert sum(1 for h in hari if h <= 12) > 0.6 * len(hari)
    assert 0.03 * len(hari) < sum(1 for h in hari if h >= 16) < 0.2 * len(hari)


def test_salah_ketik_dan_id_perubahan_tetap():
    assert salah_ketik("SITI AMINAH") != "SITI AMINAH"
    assert salah_ketik("SITI AMINAH").replace(" ", "").isalpha()
    assert salah_ketik("ANNA") == "ANA"  # the same letter twice: one left out
    assert uuid_dari(1, "x", 2) == uuid_dari(1, "x", 2) != uuid_dari(2, "x", 2)
    assert uuid_dari(1, "x").version == 4


@pytest.mark.django_db
def test_sebelum_demo_dimuat_pesannya_jelas():
    with pytest.raises(SimulasiError, match="Belum ada demo yang dimuat"):
        simulasikan(date(2024, 7, 1))
    with pytest.raises(CommandError, match="jalankan `selenggara demo` dahulu"):
        call_command("demo", "simulasi", "--sampai", "2024-07-01")
