"""DPK on polling day: the time window, every list checked (refused with where), the NIK of
the area, the KPPS of that TPS only, and the phone page."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.urls import reverse

from selenggara.audit.models import AuditRecord
from selenggara.daftar import dpk, dptb
from selenggara.daftar.models import PemilihKhusus
from selenggara.errors import ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.rules.nik import make_nik
from selenggara.web import jam

from .test_tanggapan import set_dps, set_dpt

pytestmark = pytest.mark.django_db

LAHIR = date(1990, 3, 7)
NIK = make_nik("357101", LAHIR, "P", 4321)


@pytest.fixture
def k(kediri_mini):
    k = kediri_mini
    jam.atur(datetime(2024, 8, 10, 9, 0))
    set_dps(k)
    jam.atur(datetime(2024, 9, 19, 9, 0))
    set_dpt(k)
    jam.atur(datetime(2024, 11, 27, 12, 15))
    yield k
    jam.nyata()


def orang(**kw):
    d = {"nik": NIK, "nama": "Lina Marlina", "jenis_kelamin": "P", "tanggal_lahir": LAHIR,
         "alamat": "Jl. Kenanga 3", "rt": "2", "rw": "1"}
    d.update(kw)
    return d


def kode(e) -> set[str]:
    return {x.code for x in e.problems}


def test_a_resident_on_no_list_is_recorded(k):
    d = dpk.catat(k.kpps, k.tps_bl1, **orang())
    assert (d.tps, d.nama, d.rt) == (k.tps_bl1, "LINA MARLINA", "002")
    rec = AuditRecord.objects.get(aksi="daftar.dpk")
    assert NIK not in str(rec.sesudah) and rec.sesudah["nik_akhir"] == NIK[-4:]
    with pytest.raises(ServiceError) as e:
        dpk.catat(k.kpps, k.tps_bl1, **orang())
    assert kode(e.value) == {"dpk_sudah_dpk"} and "TPS 001 Bandar Lor" in e.value.galat["nik"][0]
    assert NIK not in e.value.galat["nik"][0]


@pytest.mark.parametrize(("waktu", "boleh"), [((11, 59), False), ((12, 0), True),
                                               ((13, 0), True), ((13, 1), False)])
def test_only_from_12_to_13(k, waktu, boleh):
    jam.atur(datetime(2024, 11, 27, *waktu))
    if boleh:
        assert dpk.catat(k.kpps, k.tps_bl1, **orang()).pk
    else:
        with pytest.raises(ServiceError) as e:
            dpk.catat(k.kpps, k.tps_bl1, **orang())
        assert kode(e.value) == {"dpk_di_luar_jam"}


def test_only_on_polling_day(k):
    jam.atur(datetime(2024, 11, 26, 12, 30))
    with pytest.raises(ServiceError) as e:
        dpk.catat(k.kpps, k.tps_bl1, **orang())
    assert kode(e.value) == {"dpk_bukan_hari_h"}


def test_already_listed_is_refused_with_where(k):
    ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
    hendra = Pemilih.objects.get(pk=k.pemilih["Hendra Gunawan"].pk)
    with pytest.raises(ServiceError) as e:
        dpk.catat(k.kpps, k.tps_bl1, **orang(nik=hendra.nik, nama=hendra.nama,
                                              jenis_kelamin="L",
                                              tanggal_lahir=hendra.tanggal_lahir))
    assert kode(e.value) == {"dpk_sudah_dpt"}
    pesan = e.value.galat["nik"][0]
    assert "TPS 001 Semampir" in pesan and hendra.nik not in pesan
    jam.atur(datetime(2024, 10, 1, 10, 0))
    dptb.catat(k.kpu, ahmad, alasan="TUGAS", tps_tujuan=k.tps_sm1)
    jam.atur(datetime(2024, 11, 27, 12, 30))
    with pytest.raises(ServiceError) as e:
        dpk.catat(k.kpps, k.tps_bl1, **orang(nik=ahmad.nik, nama=ahmad.nama, jenis_kelamin="L",
                                              tanggal_lahir=ahmad.tanggal_lahir))
    assert kode(e.value) == {"dpk_sudah_dptb"} and "TPS 001 Semampir" in e.value.galat["nik"][0]
    # Wahyuni was struck out (TMS) before the DPS: she is on no list, the DPK takes her.
    wahyuni = Pemilih.objects.get(pk=k.pemilih["Wahyuni"].pk)
    assert dpk.catat(k.kpps, k.tps_bl1, **orang(
        nik=wahyuni.nik, nama=wahyuni.nama, tanggal_lahir=wahyuni.tanggal_lahir)).pk


def test_nik_of_another_kabkota_or_malformed_refused(k):
    nik_blitar = make_nik("357201", LAHIR, "P", 11)
    with pytest.raises(ServiceError) as e:
        dpk.catat(k.kpps, k.tps_bl1, **orang(nik=nik_blitar))
    assert kode(e.value) == {"dpk_ktp_luar"} and nik_blitar not in e.value.galat["nik"][0]
    with pytest.raises(ServiceError) as e:
        dpk.catat(k.kpps, k.tps_bl1, **orang(nik=NIK[:8] + " " + NIK[8:]))
    assert "nik_bukan_angka" in kode(e.value)
    with pytest.raises(ServiceError) as e:
        dpk.catat(k.kpps, k.tps_bl1, **orang(jenis_kelamin="L"))
    assert "nik_jenis_kelamin_beda" in kode(e.value)
    assert not PemilihKhusus.objects.exists()


def test_only_the_kpps_of_that_tps(k):
    with pytest.raises(ServiceError) as e:
        dpk.catat(k.kpps, k.tps_bl2, **orang())
    assert e.value.jenis == "tidak_ditemukan"
    for user in (k.pps_bl, k.kpu, k.pantarlih):
        with pytest.raises(ServiceError) as e:
            dpk.catat(user, k.tps_bl1, **orang())
        assert e.value.jenis == "ditolak"


def test_the_phone_page(k, client_as):
    c = client_as(k.kpps)
    assert c.get(reverse("layanan:dpk")).status_code == 200
    isi = {**orang(), "tanggal_lahir": LAHIR.isoformat()}
    r = c.post(reverse("layanan:dpk"), {**isi, "jenis_kelamin": "L"})
    assert r.status_code == 422 and NIK not in r.text
    r = c.post(reverse("layanan:dpk"), isi)
    assert r.status_code == 302
    r = c.get(reverse("layanan:dpk"))
    assert "LINA MARLINA" in r.text and NIK not in r.text and NIK[-4:] in r.text
    assert client_as(k.pps_bl).get(reverse("layanan:dpk")).status_code == 403
    assert client_as(None).get(reverse("layanan:dpk")).status_code == 302
