"""A duplicate search over a small planted list: what it finds and stores, one run at a time,
an empty list, and the memory (a decided pair is not asked again until one record changes).

Each ``cari`` trains the model (two to three seconds): five runs in this file.
"""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from selenggara.audit.models import AuditRecord
from selenggara.errors import Jenis, ServiceError
from selenggara.ganda import keputusan, pencarian
from selenggara.ganda import model as model_ganda
from selenggara.ganda.models import PasanganGanda, PencarianGanda, StatusPasangan, StatusPencarian
from selenggara.pemilih.models import Pemilih
from selenggara.rules import ganda as aturan
from selenggara.web import jam
from tests.pemilihan.factories import PemilihanFactory
from tests.wilayah.factories import WilayahFactory

from . import bantu

pytestmark = pytest.mark.django_db


@pytest.fixture
def daftar(kediri_mini):
    return kediri_mini, bantu.tanam_daftar(kediri_mini)


def _antrean(pemilihan) -> dict[tuple[int, int], PasanganGanda]:
    return {
        (x.pemilih_a_id, x.pemilih_b_id): x
        for x in PasanganGanda.objects.filter(pemilihan=pemilihan)
    }


def test_a_search_stores_its_counts_its_model_and_the_pairs(daftar):
    k, t = daftar
    run = pencarian.cari(k.kpu, k.pemilihan)
    run.refresh_from_db()
    assert (run.status, run.progres, run.mesin, run.oleh) == (
        StatusPencarian.SELESAI,
        100,
        "duckdb",
        k.kpu,
    )
    assert run.wilayah == k.kota and run.selesai is not None and run.detik > 0
    eligible = Pemilih.objects.filter(pemilihan=k.pemilihan, tms_kode="")
    assert run.jumlah_rekam == eligible.count() == len(t.semua) + 10  # kediri_mini: 10 eligible
    antrean = _antrean(k.pemilihan)
    assert run.jumlah_ditemukan == len(antrean) == run.jumlah_baru
    assert run.jumlah_dibandingkan > run.jumlah_ditemukan > 0

    # The trained model is kept with the run, with every level's m and u where trained.
    model = run.model
    assert 0 < model["probability_two_random_records_match"] < 1
    levels = [lv for c in model["comparisons"] for lv in c["comparison_levels"]]
    assert any("m_probability" in lv and "u_probability" in lv for lv in levels)
    assert model["blocking_rules_to_generate_predictions"]

    # The exact cases are there with probability 1; strangers born the same day are not.
    nik_sama = antrean[t.pasangan("nik_sama")]
    assert (nik_sama.jenis, nik_sama.probabilitas) == (aturan.NIK_SAMA, 1.0)
    kk = antrean[t.pasangan("kk_nama_tgl")]
    assert (kk.jenis, kk.probabilitas) == (aturan.KK_NAMA_TGL, 1.0)
    assert t.pasangan("lain") not in antrean
    for a, b in t.umum:  # every planted copy that shares the NIK or the household
        if a.nik == b.nik:
            assert antrean[aturan.pasangan(a.pk, b.pk)].jenis == aturan.NIK_SAMA

    # Each pair: ordered, the records' kelurahan and versions, pending, with its reasons.
    per_id = {p.pk: p for p in Pemilih.objects.filter(pemilihan=k.pemilihan)}
    for (a, b), x in antrean.items():
        assert a < b and x.status == StatusPasangan.MENUNGGU and x.pencarian_id == run.pk
        assert (x.kelurahan_a_id, x.kelurahan_b_id) == (
            per_id[a].kelurahan_id,
            per_id[b].kelurahan_id,
        )
        assert (x.versi_a, x.versi_b) == (per_id[a].versi, per_id[b].versi)
        assert 0.9 <= x.probabilitas <= 1 and x.alasan
    rina, rina2 = t.nik_sama
    assert antrean[t.pasangan("nik_sama")].lintas_kelurahan  # Bandar Lor and Semampir
    assert {rina.kelurahan_id, rina2.kelurahan_id} == {k.bandar_lor.pk, k.semampir.pk}

    # Started and finished, both audited.
    rec = AuditRecord.objects.filter(aksi="ganda.cari", objek_id=str(run.pk)).order_by("seq")
    assert [r.sesudah["status"] for r in rec] == ["ANTRE", "SELESAI"]
    assert rec.last().sesudah["ditemukan"] == run.jumlah_ditemukan


def test_a_search_finds_a_mistyped_nik_with_the_name_spelt_another_way(daftar):
    k, t = daftar
    run = pencarian.cari(k.kpu, k.pemilihan)
    # The trained model keeps every comparison of the settings, even when an EM round fails
    # on a small list (Splink takes them out for the round).
    dilatih = {c["output_column_name"] for c in run.model["comparisons"]}
    semua = {
        c["output_column_name"]
        for c in model_ganda.settings_kami().create_settings_dict("duckdb")["comparisons"]
    }
    assert dilatih == semua
    antrean = _antrean(k.pemilihan)
    # AHMAD SUPRIYADI (Bandar Lor) and ACHMAD SOEPRIJADI (Pojok, another KK): the same birth
    # date and birthplace, the NIK's birth part mistyped, the name in the old spelling.
    x = antrean.get(t.pasangan("typo_varian"))
    assert x is not None and x.jenis == aturan.PROBABILISTIK and x.probabilitas >= 0.9
    assert x.lintas_kelurahan
    ditemukan = [aturan.pasangan(a.pk, b.pk) in antrean for a, b in t.umum]
    assert sum(ditemukan) >= len(t.umum) - 2
    assert t.pasangan("lain") not in antrean


def test_one_search_at_a_time(kediri_mini, client_as):
    k = kediri_mini
    p = pencarian.mulai(k.kpu, k.pemilihan)
    assert p.status == StatusPencarian.ANTRE
    with pytest.raises(ServiceError) as e:
        pencarian.mulai(k.kpu, k.pemilihan)
    assert e.value.jenis == Jenis.KONFLIK and e.value.kode() == ["ganda_berjalan"]
    assert f"#{p.pk} sedang berjalan" in e.value.pesan and "Tunggu" in e.value.pesan
    with pytest.raises(ServiceError) as e:
        pencarian.cari(k.kpu, k.pemilihan)
    assert e.value.kode() == ["ganda_berjalan"]
    # The KPU page says so and starts nothing.
    r = client_as(k.kpu).post(reverse("ganda:cari"), follow=True)
    assert r.status_code == 200 and f"#{p.pk} sedang berjalan" in r.text
    assert PencarianGanda.objects.filter(pemilihan=k.pemilihan).count() == 1
    # Another election is not held up.
    assert pencarian.mulai(k.blitar.kpu, k.blitar.pemilihan).status == StatusPencarian.ANTRE
    # A run whose worker died (no word for longer than BASI minutes) no longer blocks.
    lama = jam.sekarang() - timedelta(minutes=pencarian.BASI + 1)
    PencarianGanda.objects.filter(pk=p.pk).update(dimulai=lama, selesai=lama)
    baru = pencarian.mulai(k.kpu, k.pemilihan)
    p.refresh_from_db()
    assert p.status == StatusPencarian.GAGAL and baru.status == StatusPencarian.ANTRE


def test_a_search_of_an_empty_list_is_refused(kediri_mini):
    k = kediri_mini
    kota = WilayahFactory(kode="35.77", nama="Kota Madiun", induk=k.provinsi)
    kosong = PemilihanFactory(wilayah=kota)
    with pytest.raises(ServiceError) as e:
        pencarian.cari(None, kosong)
    assert e.value.kode() == ["daftar_kosong"] and "Kota Madiun" in e.value.pesan
    assert not PencarianGanda.objects.filter(pemilihan=kosong).exists()


def test_a_decision_is_remembered_until_a_record_changes(daftar):
    k, t = daftar
    pencarian.cari(k.kpu, k.pemilihan)
    antrean = _antrean(k.pemilihan)
    berbeda = antrean[t.pasangan("nik_sama")]
    keputusan.putuskan(
        k.kpu,
        berbeda.pk,
        keputusan="BERBEDA",
        versi_a=berbeda.versi_a,
        versi_b=berbeda.versi_b,
        catatan="Dua orang, KTP-el dilihat.",
    )
    sama = antrean[t.pasangan("kk_nama_tgl")]
    keputusan.putuskan(k.kpu, sama.pk, keputusan="SAMA", versi_a=sama.versi_a, versi_b=sama.versi_b)
    # A pending pair whose record is struck out (died) meanwhile: the question is moot.
    a, b = next((a, b) for a, b in t.umum if a.nik == b.nik)
    moot = antrean[aturan.pasangan(a.pk, b.pk)]
    bantu.ubah(b, k.pps_bl, tms_kode="1")
    berbeda.refresh_from_db()
    diputuskan = berbeda.diputuskan

    pencarian.cari(k.kpu, k.pemilihan)
    berbeda.refresh_from_db()
    assert (berbeda.status, berbeda.diputuskan) == (StatusPasangan.BERBEDA, diputuskan)
    assert PasanganGanda.objects.get(pk=sama.pk).status == StatusPasangan.SAMA
    assert not PasanganGanda.objects.filter(pk=moot.pk).exists()
    assert not AuditRecord.objects.filter(aksi="ganda.buka").exists()

    # One record of the "different people" pair changes (a title added): asked again.
    rina = bantu.ubah(t.nik_sama[0], k.pps_bl, nama="HJ. RINA PUSPITASARI")
    run = pencarian.cari(k.kpu, k.pemilihan)
    berbeda.refresh_from_db()
    assert berbeda.status == StatusPasangan.MENUNGGU and berbeda.diputuskan is None
    assert berbeda.pencarian_id == run.pk and run.jumlah_baru >= 1
    versi = berbeda.versi_a if berbeda.pemilih_a_id == rina.pk else berbeda.versi_b
    assert versi == rina.versi == 2
    buka = AuditRecord.objects.get(aksi="ganda.buka")
    assert buka.objek_tipe == "ganda.pasanganganda" and buka.objek_id == str(berbeda.pk)
    assert buka.sebelum["status"] == "BERBEDA" and buka.sesudah["status"] == "MENUNGGU"
    # The "same person" pair stays decided: its struck record is off the list.
    assert PasanganGanda.objects.get(pk=sama.pk).status == StatusPasangan.SAMA
