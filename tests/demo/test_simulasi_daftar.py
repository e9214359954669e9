"""The demo after coklit (``selenggara demo simulasi --sampai 2024-09-19``), on the full demo.

The demo is loaded and played to the DPT (19 Sep 2024) once for this module, inside a
transaction rolled back at the end (like ``test_simulasi.py``): the coklit month costs minutes,
the stages after it about a minute more. Every test reads that one played state; the last ones
play on into the DPTb weeks.
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from selenggara.audit.services import verify
from selenggara.coklit import rekap as rekap_coklit
from selenggara.coklit.models import Perubahan, Tinjauan
from selenggara.daftar.models import (
    BarisDaftar,
    DaftarTetap,
    PindahMemilih,
    Pleno,
    StatusTanggapan,
    Tanggapan,
)
from selenggara.demo import kediri
from selenggara.demo import simulasi_daftar as sd
from selenggara.demo.loader import load_demo
from selenggara.demo.models import SimulasiDemo
from selenggara.demo.simulasi import SimulasiError, simulasikan
from selenggara.pemilih import rekap as rekap_pemilih
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Pemilihan
from selenggara.rules.nik import validate_nik
from selenggara.web import jam
from selenggara.wilayah import hierarki

# About 15 minutes in-process (the play inside the rolled-back test database is three times
# slower than the command): outside `make test`, which checks the published figures through
# the command line instead (test_simulasi_daftar_cli.py). Run: make test PYTEST_ARGS="-m
# demo_penuh".
pytestmark = [pytest.mark.slow, pytest.mark.demo_penuh, pytest.mark.django_db]

DPT = date(2024, 9, 19)


@pytest.fixture(scope="module", autouse=True)
def main(django_db_setup, django_db_blocker):
    hierarki.lupakan()
    with django_db_blocker.unblock(), transaction.atomic():
        load_demo(seed=2024)
        hasil = simulasikan(DPT)
        connection.check_constraints()
        yield hasil
        transaction.set_rollback(True)
    hierarki.lupakan()


def _pleno(tahap: str, tingkat: int):
    return Pleno.objects.filter(tahap=tahap, tingkat=tingkat)


def test_dps_sama_persis_dengan_angka_kpu(main):
    dps = DaftarTetap.objects.get(tahap="DPS")
    p = dps.pleno
    assert (p.tanggal, p.jumlah, p.jumlah_l, p.jumlah_p) == (date(2024, 8, 10), 222_596,
                                                             108_616, 113_980)
    assert dps.jumlah == BarisDaftar.objects.filter(daftar=dps).count() == 222_596
    assert p.jumlah_tps == 404
    jenis = Counter(b["jenis"] for b in p.rekap["tps"])
    assert jenis == {"REGULER": 401, "LOKSUS": 3}
    # The fourth lokasi khusus TPS (Lapas TPS 902) has no voters at the DPS.
    assert not any(b["kode"].endswith("902") for b in p.rekap["tps"])
    lok = sum(b["total"] for b in p.rekap["tps"] if b["jenis"] == "LOKSUS")
    assert lok == sum(kediri.LOKSUS_DPS.values())
    # coklit's new voters pushed some TPS above 600; PPS moved households before the DPHP
    assert max(b["total"] for b in p.rekap["tps"]) <= 600
    assert main.daftar["DPS"]["jumlah"] == 222_596


def test_dpt_sama_persis_dengan_angka_kpu(main):
    dpt = DaftarTetap.objects.get(tahap="DPT")
    p = dpt.pleno
    assert (p.tanggal, p.jumlah, p.jumlah_tps) == (DPT, 222_265, 405)
    reg = [b for b in p.rekap["tps"] if b["jenis"] == "REGULER"]
    lok = [b for b in p.rekap["tps"] if b["jenis"] == "LOKSUS"]
    assert (len(reg), sum(b["total"] for b in reg)) == (401, 220_807)
    assert (len(lok), sum(b["total"] for b in lok)) == (4, 1_458)
    per_tempat = Counter(b["label"].split(" ", 2)[2] for b in lok)
    assert per_tempat == {"Lapas Kelas IIA Kediri": 2, "Pondok Pesantren Al Amien Ngasinan": 1,
                          "Pondok Pesantren Wali Barokah": 1}
    assert p.rekap["perubahan"]["hapus"] == 894
    assert p.rekap["perubahan"]["baru"] == 563
    assert max(b["total"] for b in p.rekap["tps"]) <= 600
    assert main.peringatan == []


def test_pleno_berurutan_lengkap_dengan_berita_acara(main):
    for tahap, pps_hari, ppk_hari in (("DPHP", sd.DPHP_PPS, sd.DPHP_PPK),
                                      ("DPSHP", sd.DPSHP_PPS, sd.DPSHP_PPK)):
        pps, ppk = _pleno(tahap, 4), _pleno(tahap, 3)
        assert pps.count() == 46 and ppk.count() == 3
        assert {p.tanggal for p in pps} <= set(pps_hari)
        assert {p.tanggal for p in ppk} <= set(ppk_hari)
        for p in pps:
            assert p.oleh.username.startswith("pps.") and p.tempat.startswith("Aula Kantor")
            assert p.hadir and all(h["tanda_tangan"] for h in p.hadir)
            assert p.pengawas and "Pengawas Kelurahan" in p.pengawas[0]["jabatan"]
        assert all(p.oleh.username.startswith("ppk.") for p in ppk)
        assert sum(p.jumlah for p in ppk) == sum(p.jumlah for p in pps)
    dpt = _pleno("DPT", 2).get()
    assert dpt.oleh.username == "kpu.kediri" and len(dpt.saksi) == 5
    assert dpt.pengawas[0]["jabatan"] == "Bawaslu Kota Kediri"


def test_antrean_coklit_kosong_sebelum_pleno_dphp_dan_tanggapan_diputuskan_sebelum_dpshp():
    assert not Perubahan.objects.filter(tinjauan=Tinjauan.MENUNGGU).exists()
    t = Tanggapan.objects.all()
    status = Counter(t.values_list("status", flat=True))
    assert status[StatusTanggapan.MENUNGGU] == 0
    assert status[StatusTanggapan.DITERIMA] == sum(kediri.TANGGAPAN_DITERIMA.values())
    assert status[StatusTanggapan.DITOLAK] == sum(kediri.TANGGAPAN_DITOLAK.values())
    assert all(date(2024, 8, 18) <= x.date() <= date(2024, 8, 27)
               for x in t.values_list("diterima", flat=True))
    awal_dpshp = min(_pleno("DPSHP", 4).values_list("tanggal", flat=True))
    assert all(x.date() < awal_dpshp for x in t.values_list("diputuskan", flat=True))
    assert all(u.startswith("pps.") for u in t.values_list("diputuskan_oleh__username",
                                                           flat=True))


def test_pemilih_lokasi_khusus_baru_dengan_nik_sah():
    tps = [t for s in kediri.LOKASI_KHUSUS for t in range(s.jumlah_tps)]
    assert len(tps) == 4
    lok = Pemilih.objects.filter(tps__jenis="LOKSUS", tms_kode="")
    assert lok.count() == 1_458
    baru = list(lok.filter(sumber="BARU").values_list("nik", "tanggal_lahir", "jenis_kelamin"))
    assert len(baru) > 700
    for nik, lahir, jk in baru:
        assert validate_nik(nik, tanggal_lahir=lahir, jenis_kelamin=jk) == [], nik
    luar = sum(1 for nik, _l, _j in baru if not nik.startswith("3571"))
    assert luar > 0.6 * len(baru)
    assert Counter(j for _n, _l, j in baru)["L"] > 0.7 * len(baru)
    assert len({n for n, _l, _j in Pemilih.objects.values_list("nik", "id", "tms_kode")
                .filter(tms_kode="")}) == Pemilih.objects.filter(tms_kode="").count()


def test_harian_tercatat_dan_rekap_sama_dengan_hitung_ulang():
    keadaan = SimulasiDemo.objects.get()
    assert keadaan.sampai == DPT
    hari = keadaan.harian
    assert hari["2024-08-10"]["tahap"] == "penetapan DPS" and hari["2024-08-10"]["dps"]
    assert hari["2024-09-19"]["ms"] == 222_265 and hari["2024-09-19"]["dpt"]
    assert hari["2024-07-31"]["ms"] == 222_596
    assert len([k for k in hari if k > "2024-07-24"]) == (DPT - date(2024, 7, 24)).days
    assert jam.hari_ini() == DPT
    pid = Pemilihan.objects.get().id
    assert rekap_pemilih.periksa(pid) == []
    assert rekap_coklit.periksa(pid) == []
    assert verify().ok


def test_perintah_mencetak_dps_dpt_dan_tidak_bisa_mundur(capsys):
    call_command("demo", "simulasi", "--sampai", "2024-09-19")
    out = capsys.readouterr().out
    assert "tidak ada hari baru" in out
    assert "DPS (10-08-2024" in out and "222,596" in out and "404 TPS" in out
    assert "DPT (19-09-2024" in out and "222,265" in out and "894 dicoret" in out
    with pytest.raises(SimulasiError, match="tidak dapat mundur"):
        simulasikan(date(2024, 8, 1))
    with pytest.raises(CommandError, match="sudah disimulasikan sampai 19 September 2024"):
        call_command("demo", "simulasi", "--sampai", "2024-07-30")


def test_dptb_sesudah_dpt_tidak_mengubah_dpt():
    dpt = DaftarTetap.objects.get(tahap="DPT")
    sebelum = (dpt.sha256, BarisDaftar.objects.filter(daftar=dpt).count())
    hasil = simulasikan(date(2024, 10, 15))
    assert hasil.hari_daftar[0]["tanggal"] == "2024-09-20"
    pm = PindahMemilih.objects.all()
    assert 30 < pm.count() < sum(kediri.DPTB.values())
    assert all(p.tps_tujuan_id and p.surat_suara for p in pm)
    assert all(date(2024, 9, 20) <= p.dicatat.date() <= date(2024, 10, 15) for p in pm)
    alasan = Counter(pm.values_list("alasan", flat=True))
    assert set(alasan) <= set(kediri.DPTB)
    assert (dpt.sha256, BarisDaftar.objects.filter(daftar=dpt).count()) == sebelum
    assert SimulasiDemo.objects.get().harian["2024-10-15"]["dptb"] == pm.count()
    assert verify().ok
