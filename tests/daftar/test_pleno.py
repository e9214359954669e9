"""Plenaries of the list stages: order, recap, hash, freeze, and the lock on voter writes."""

import hashlib
from datetime import date, datetime

import pytest
from django.db import DatabaseError, transaction

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender, verify
from selenggara.daftar import pleno as svc
from selenggara.daftar.models import BarisDaftar, DaftarTetap, Pleno
from selenggara.errors import ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.pemilih.services import ubah_satu
from selenggara.rules import daftar as aturan
from selenggara.web import jam

pytestmark = pytest.mark.django_db

HADIR = [{"nama": "Sulastri", "jabatan": "Ketua", "tanda_tangan": True}]


@pytest.fixture
def k(kediri_mini):
    jam.atur(datetime(2024, 8, 1, 10, 0))
    yield kediri_mini
    jam.nyata()


def data(**kw):
    return svc.DataPleno(tempat="Aula Kantor Kelurahan", hadir=HADIR, **kw)


def pps_semua(k, tahap="DPHP"):
    for kel in (k.bandar_lor, k.pojok, k.semampir):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap=tahap, wilayah=kel, data=data())


def ppk_semua(k, tahap="DPHP"):
    for kec in (k.mojoroto, k.kec_kota):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap=tahap, wilayah=kec, data=data())


def set_dps(k):
    pps_semua(k)
    ppk_semua(k)
    return svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPS", wilayah=k.kota, data=data())


def galat(e: ServiceError) -> set[str]:
    return {p.code for p in e.problems}


def test_pps_plenary_recaps_its_kelurahan_and_hashes_the_list(k):
    p = svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor,
                   data=data())
    # Bandar Lor: 6 voters, one TMS (Wahyuni) -> 5 eligible: L Ahmad, Budi, Eko; P Siti, Dewi.
    assert (p.jumlah, p.jumlah_l, p.jumlah_p, p.jumlah_tps) == (5, 3, 2, 2)
    assert p.rekap["perubahan"]["tms"] == {"1": 1}
    assert [b["label"] for b in p.rekap["tps"]] == ["TPS 001", "TPS 002"]
    assert p.rekap["tps"][0]["disabilitas"]["1"] == 1
    # The published hash is recomputable from the list as anyone would print it.
    rows = (Pemilih.objects.filter(kelurahan=k.bandar_lor, tms_kode="")
            .order_by("tps__nomor", "nkk", "nik", "id"))
    h, nomor = hashlib.sha256(), {}
    for r in rows:
        nomor[r.tps_id] = nomor.get(r.tps_id, 0) + 1
        h.update(aturan.baris_kanonik((r.tps.kode, nomor[r.tps_id], r.nkk, r.nik, r.nama,
                                       r.jenis_kelamin, r.tempat_lahir, r.tanggal_lahir,
                                       r.status_kawin, r.alamat, r.rt, r.rw, r.disabilitas,
                                       r.ktp_el)))
    assert p.sha256 == h.hexdigest()
    assert verify().ok


def test_order_is_enforced_and_kpu_sees_what_is_missing(k):
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.mojoroto, data=data())
    assert galat(e.value) == {"bawah_belum_pleno"}
    assert "Bandar Lor" in e.value.problems[0].params["nama"]
    pps_semua(k)
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPS", wilayah=k.kota, data=data())
    assert galat(e.value) == {"bawah_belum_pleno"}
    assert e.value.problems[0].params["jumlah"] == 2
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPSHP", wilayah=k.bandar_lor,
                   data=data())
    assert "tahap_sebelumnya_belum" in galat(e.value)
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor,
                   data=data())
    assert galat(e.value) == {"pleno_sudah_ada"}
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPS", wilayah=k.mojoroto, data=data())
    assert galat(e.value) == {"pleno_tidak_ada"}
    assert Pleno.objects.count() == 3


def test_only_the_body_of_that_level_holds_it(k):
    for user, wilayah in ((k.pps_pj, k.bandar_lor), (k.ppk, k.bandar_lor), (k.kpu, k.bandar_lor),
                          (k.pantarlih, k.bandar_lor)):
        with pytest.raises(ServiceError) as e:
            svc.adakan(user, pemilihan=k.pemilihan, tahap="DPHP", wilayah=wilayah, data=data())
        assert e.value.jenis == "ditolak"
    assert not Pleno.objects.exists()


def test_minutes_need_a_place_and_a_signature(k):
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor,
                   data=svc.DataPleno(tempat=" ", hadir=[{"nama": "X", "tanda_tangan": False}]))
    assert galat(e.value) == {"pleno_tempat", "pleno_tanpa_ttd"}
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor,
                   data=data(tanggal=date(2024, 8, 2)))
    assert galat(e.value) == {"pleno_tanggal_nanti"}


def test_kpu_sets_the_dps_as_a_frozen_copy(k):
    dps_pleno = set_dps(k)
    dps = DaftarTetap.objects.get(tahap="DPS")
    assert (dps.jumlah, dps_pleno.jumlah, dps_pleno.jumlah_tps) == (10, 10, 5)
    assert dps.sha256 == dps_pleno.sha256
    assert BarisDaftar.objects.filter(daftar=dps).count() == 10
    # nomor urut restarts in every TPS; urutan runs over the whole list
    bl1 = list(BarisDaftar.objects.filter(daftar=dps, tps=k.tps_bl1).order_by("urutan")
               .values_list("nomor", flat=True))
    assert bl1 == [1, 2, 3]
    # Recomputing from the copy gives the published hash (what `daftar snapshot` checks).
    assert svc.baca_daftar(dps).hash.hasil() == dps.sha256
    kota = svc.total(dps_pleno.rekap, k.kota)
    assert (kota["l"], kota["p"], kota["tps"]) == (5, 5, 5)
    assert {b["nama"] for b in dps_pleno.rekap["wilayah"]} >= {"Kota Kediri", "Mojoroto",
                                                               "Bandar Lor"}


def test_no_write_reaches_a_frozen_list(k):
    set_dps(k)
    row = BarisDaftar.objects.first()
    with pytest.raises(DatabaseError), transaction.atomic():
        BarisDaftar.objects.filter(pk=row.pk).update(nama="PALSU")
    dps = DaftarTetap.objects.get()
    with pytest.raises(DatabaseError), transaction.atomic():
        DaftarTetap.objects.filter(pk=dps.pk).update(jumlah=1)
    # A later change to the register leaves the DPS as it was set.
    ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
    nama_dps = ahmad.nama
    with transaction.atomic():
        ubah_satu(ahmad, {"nama": "AHMAD FAUZI RAHMAN"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin,
                  appender=Appender())
    assert BarisDaftar.objects.get(pemilih_id=ahmad.pk).nama == nama_dps != ahmad.nama
    assert svc.baca_daftar(dps).hash.hasil() == dps.sha256


def test_a_pps_plenary_locks_the_kelurahan_until_kpu_sets_the_list(k):
    svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor, data=data())
    ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
    with pytest.raises(ServiceError) as e, transaction.atomic():
        ubah_satu(ahmad, {"nama": "AHMAD F"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin,
                  appender=Appender())
    assert galat(e.value) == {"dphp_ditetapkan"}
    # Another kelurahan is still open.
    rina = Pemilih.objects.get(pk=k.pemilih["Rina Wulandari"].pk)
    with transaction.atomic():
        ubah_satu(rina, {"alamat": "JL. MAWAR 4"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin,
                  appender=Appender())
    pps_semua_kecuali(k, k.bandar_lor)
    ppk_semua(k)
    svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPS", wilayah=k.kota, data=data())
    # DPS set: fixes for the DPSHP are open again.
    with transaction.atomic():
        ubah_satu(ahmad, {"nama": "AHMAD FAUZI R"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin,
                  appender=Appender())


def pps_semua_kecuali(k, kecuali):
    for kel in (k.bandar_lor, k.pojok, k.semampir):
        if kel != kecuali:
            svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=kel, data=data())


def test_the_dpt_round_counts_changes_since_the_dps_and_a_second_dpt_is_refused(k):
    set_dps(k)
    ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
    siti = Pemilih.objects.get(pk=k.pemilih["Siti Aminah"].pk)
    with transaction.atomic():
        a = Appender()
        ubah_satu(ahmad, {"tms_kode": "1"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin, appender=a)
        ubah_satu(siti, {"alamat": "JL. BARU 1"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin,
                  appender=a)
    pps_semua(k, "DPSHP")
    ppk_semua(k, "DPSHP")
    dpt = svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPT", wilayah=k.kota, data=data())
    assert dpt.jumlah == 9
    assert dpt.rekap["perubahan"] == {"dari": "DPS", "baru": 0, "ubah": 1, "hapus": 1,
                                      "tms": {"1": 1}}
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPT", wilayah=k.kota, data=data())
    assert galat(e.value) == {"pleno_sudah_ada"}
    with pytest.raises(ServiceError) as e, transaction.atomic():
        ubah_satu(siti, {"alamat": "JL. BARU 2"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin,
                  appender=Appender())
    assert galat(e.value) == {"dpt_final"}
    assert verify().ok


def test_dphp_waits_for_the_pps_review_queue(k, client_as):
    from selenggara.coklit.models import Perubahan, Tinjauan
    from tests.coklit.test_sync_api import change, post

    budi = Pemilih.objects.get(pk=k.pemilih["Budi Santoso"].pk)
    jam.atur(datetime(2024, 7, 1, 10, 0))
    r = post(client_as(k.pantarlih), {"perubahan": [change("TMS", budi, data={"kode": "2"})]})
    assert r.json()["hasil"][0]["status"] == "applied"
    assert Perubahan.objects.filter(tinjauan=Tinjauan.MENUNGGU).count() == 1
    jam.atur(datetime(2024, 8, 1, 10, 0))
    with pytest.raises(ServiceError) as e:
        svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor,
                   data=data())
    assert galat(e.value) == {"coklit_menunggu_pps"}
    # Pojok has nothing waiting: its plenary is held.
    svc.adakan(k.pps_pj, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.pojok, data=data())


def test_a_locked_kelurahan_refuses_a_phone_change_without_failing_the_batch(k, client_as):
    from tests.coklit.test_sync_api import change, post

    svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor, data=data())
    ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
    r = post(client_as(k.pantarlih), {"perubahan": [change("SESUAI", ahmad)]})
    hasil = r.json()["hasil"][0]
    assert r.status_code == 200 and hasil["status"] == "rejected"
    assert "DPHP" in hasil["galat"]["tahap"][0]


def test_a_bulk_load_into_a_locked_kelurahan_is_refused_whole(k):
    """The list import and the demo load write through muat_massal: a row of a frozen
    kelurahan refuses the whole load (the guard asks after the COPY, inside the transaction;
    asking during it blocked PostgreSQL's COPY)."""
    from django.utils import timezone

    from selenggara.db import next_id
    from selenggara.pemilih.services import muat_massal
    from selenggara.rules.nik import make_nik

    svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor, data=data())
    fields = ("id", "pemilihan", "kecamatan", "kelurahan", "tps", "nkk", "nik", "nama",
              "jenis_kelamin", "tempat_lahir", "tanggal_lahir", "status_kawin", "alamat",
              "rt", "rw", "disabilitas", "ktp_el", "sumber", "tahap", "tms_kode", "coklit",
              "catatan_pps", "rev", "versi", "diubah")
    pk, lahir = next_id(Pemilih), date(1980, 2, 1)

    def baris(i, kel, tps):
        return (pk + i, k.pemilihan.pk, k.mojoroto.pk, kel.pk, tps.pk, f"35710101012099{i:02d}",
                make_nik("35.71.01", lahir, "P", 9000 + i), "Muat Massal", "P", "Kediri", lahir,
                "B", "Jl. Muat", "001", "001", "0", "S", "DP4", "ADAFTAR", "", "", "", 0, 1,
                timezone.now())

    sebelum = Pemilih.objects.count()
    with pytest.raises(ServiceError) as e, transaction.atomic():
        muat_massal([baris(0, k.pojok, k.tps_pj1), baris(1, k.bandar_lor, k.tps_bl1)], fields,
                    appender=Appender())
    assert galat(e.value) == {"dphp_ditetapkan"}
    assert Pemilih.objects.count() == sebelum
