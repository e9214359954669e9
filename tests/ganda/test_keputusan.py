"""Deciding a pair: "same person" strikes one record with TMS 2 (the one whose TPS does not
serve its RT) through the voter writer, audited in the same transaction; "different people";
"needs a field check" (the Pantarlih of either TPS reports back); stale versions; who may decide
what (area, role, the other kelurahan's record); a list locked by a plenary.

The pairs are put in the queue by ``ganda.pencarian.simpan`` directly (no model run): what is
decided here does not depend on how a pair was found.
"""

from __future__ import annotations

from datetime import date, datetime

import pytest
from django.http import Http404
from django.urls import reverse

from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.daftar import pleno
from selenggara.daftar.models import Pleno
from selenggara.errors import Jenis, ServiceError
from selenggara.ganda import keputusan
from selenggara.ganda.models import PasanganGanda, StatusPasangan
from selenggara.web import jam
from tests.daftar.test_tanggapan import data
from tests.factories import buat_petugas

from . import bantu

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(kediri_mini):
    """``kediri_mini`` with RTs that say which TPS serves them, and four pairs:

    - ``eko``: Eko Prasetyo, listed at Bandar Lor TPS 002 although he lives in RT 001 (which TPS
      001 serves), and a newer copy of him at TPS 001: the older record is the one struck;
    - ``siti``: Siti Aminah (TPS 001, RT 001) and a copy at TPS 002 in RT 004 (served by TPS
      002): both at the TPS of their RT;
    - ``lintas``: Agus Salim of Pojok TPS 001 and a copy in Bandar Lor TPS 001 (another
      kelurahan; both TPS serve their RT, so the older Pojok record is kept);
    - ``semampir``: Hendra Gunawan of Semampir and a copy (another kecamatan).
    """
    jam.atur(datetime(2024, 8, 10, 9, 0))
    ns = kediri_mini
    for i, nama in enumerate(("SUMARNI", "PAIMAN", "KASIYEM")):
        bantu.pemilih(ns, ns.tps_bl2, nama, "P" if i != 1 else "L", date(1960 + i, 2, 3), rt="004")
    p = ns.pemilih
    ns.eko = bantu.segar(p["Eko Prasetyo"])
    ns.eko2 = bantu.salin(ns, ns.eko, tps=ns.tps_bl1, nama="EKO PRASETYO")
    ns.siti = bantu.segar(p["Siti Aminah"])
    ns.siti2 = bantu.salin(ns, ns.siti, tps=ns.tps_bl2, rt="004", nama="SITI AMINAH")
    ns.agus = bantu.segar(p["Agus Salim"])
    ns.agus2 = bantu.salin(ns, ns.agus, tps=ns.tps_bl1, nama="AGUS SALIM")
    ns.hendra = bantu.segar(p["Hendra Gunawan"])
    ns.hendra2 = bantu.salin(ns, ns.hendra, nama="HENDRA GUNAWAN")
    ns.run = bantu.run_selesai(ns)
    ns.x_eko, ns.x_siti, ns.x_lintas, ns.x_semampir = bantu.pasang(
        ns.run,
        [(ns.eko, ns.eko2), (ns.siti, ns.siti2), (ns.agus, ns.agus2), (ns.hendra, ns.hendra2)],
    )
    ns.pantarlih_pj = buat_petugas(
        ns.pemilihan,
        "PANTARLIH",
        ns.pojok,
        "Heru Cahyono",
        tps=ns.tps_pj1,
        username="pantarlih_pj1",
    ).user
    yield ns
    jam.nyata()


def putus(user, x, keputusan_="SAMA", **kw):
    x = PasanganGanda.objects.get(pk=x.pk)
    return keputusan.putuskan(
        user, x.pk, keputusan=keputusan_, versi_a=x.versi_a, versi_b=x.versi_b, **kw
    )


def segar(x) -> PasanganGanda:
    return PasanganGanda.objects.get(pk=x.pk)


# ---- same person ------------------------------------------------------------------------------


def test_same_person_strikes_the_record_at_the_tps_that_does_not_serve_its_rt(k):
    assert keputusan.usulan_coret(k.eko, k.eko2) == k.eko.pk  # the older record, wrong TPS
    assert keputusan.usulan_coret(k.siti, k.siti2) == k.siti2.pk  # both right: the newer
    sebelum = AuditRecord.objects.count()
    x = putus(k.kpu, k.x_eko, catatan="Satu orang, KK dilihat.")
    x = segar(x)
    assert (x.status, x.dicoret_id, x.diputuskan_oleh) == (StatusPasangan.SAMA, k.eko.pk, k.kpu)
    assert x.catatan == "Satu orang, KK dilihat." and x.diputuskan is not None
    eko, eko2 = bantu.segar(k.eko), bantu.segar(k.eko2)
    assert (eko.tms_kode, eko.versi) == ("2", k.eko.versi + 1)
    assert (eko2.tms_kode, eko2.versi) == ("", k.eko2.versi)
    versi = {k.eko.pk: eko.versi, k.eko2.pk: eko2.versi}
    assert (x.versi_a, x.versi_b) == (versi[x.pemilih_a_id], versi[x.pemilih_b_id])
    # One transaction: the strike and the decision are two records of one append.
    baru = list(AuditRecord.objects.order_by("seq")[sebelum:])
    assert [(r.aksi, r.objek_tipe) for r in baru] == [
        ("ganda.putus", "pemilih.pemilih"),
        ("ganda.putus", "ganda.pasanganganda"),
    ]
    coret, putusan = baru
    assert coret.objek_id == str(k.eko.pk) and coret.sesudah["tms_kode"] == "2"
    assert coret.sesudah["pasangan"] == x.pk and coret.sesudah["dipertahankan"] == k.eko2.pk
    assert coret.sidik_sebelum and coret.sidik_sesudah
    assert putusan.objek_id == str(x.pk) and putusan.sesudah["dicoret"] == k.eko.pk
    assert coret.waktu == putusan.waktu and putusan.seq == coret.seq + 1
    assert coret.username == "kpu_kediri"
    assert verify().ok
    # The next list stage counts him as struck for being a duplicate (TMS 2).
    assert pleno.perubahan(k.pemilihan, k.bandar_lor, None)["tms"] == {"1": 1, "2": 1}
    pl = pleno.adakan(
        k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor, data=data()
    )
    assert Pleno.objects.get(pk=pl.pk).rekap["perubahan"]["tms"] == {"1": 1, "2": 1}


def test_the_reviewer_may_strike_the_other_record(k):
    putus(k.kpu, k.x_eko, coret=k.eko2.pk)
    assert bantu.segar(k.eko2).tms_kode == "2" and bantu.segar(k.eko).tms_kode == ""
    with pytest.raises(ServiceError) as e:
        putus(k.kpu, k.x_siti, coret=k.agus.pk)
    assert e.value.kode() == ["coret_bukan_pasangan"]
    assert segar(k.x_siti).status == StatusPasangan.MENUNGGU


def test_different_people_changes_no_record_and_is_final(k):
    x = putus(k.kpu, k.x_siti, "BERBEDA", catatan="Ibu dan anak, nama sama.")
    x = segar(x)
    assert (x.status, x.dicoret_id) == (StatusPasangan.BERBEDA, None)
    assert bantu.segar(k.siti).versi == k.siti.versi and bantu.segar(k.siti2).tms_kode == ""
    rec = AuditRecord.objects.get(aksi="ganda.putus")
    assert rec.objek_id == str(x.pk) and rec.sesudah["status"] == "BERBEDA"
    with pytest.raises(ServiceError) as e:
        putus(k.kpu, k.x_siti, "SAMA")
    assert e.value.jenis == Jenis.KONFLIK and e.value.kode() == ["ganda_sudah_diputuskan"]
    assert bantu.segar(k.siti2).tms_kode == ""
    with pytest.raises(ServiceError) as e:
        putus(k.kpu, k.x_eko, "HAPUS")
    assert e.value.kode() == ["keputusan_ganda"]


# ---- field check ------------------------------------------------------------------------------


def test_a_field_check_goes_to_the_pantarlih_of_either_tps_and_comes_back(k, client_as):
    x = putus(k.pps_bl, k.x_siti, "CEK")
    assert segar(x).status == StatusPasangan.CEK_LAPANGAN
    url = reverse("ganda:lapangan")
    r = client_as(k.pantarlih).get(url)  # Bandar Lor TPS 001: Siti's TPS
    assert r.status_code == 200 and f'id="cek-{x.pk}"' in r.text and "SITI AMINAH" in r.text
    assert k.siti.nik not in r.text and k.siti.nik[-4:] in r.text
    assert f'id="cek-{x.pk}"' in client_as(k.pps_bl).get(url).text
    r = client_as(k.pantarlih_pj).get(url)  # Pojok TPS 001
    assert r.status_code == 200 and f'id="cek-{x.pk}"' not in r.text
    # Another TPS's Pantarlih cannot report on it; a note too short is refused.
    lapor = reverse("ganda:lapor", args=[x.pk])
    isi = {"temuan": "SAMA", "catatan": "Bertemu anaknya, KK dan KTP-el dilihat."}
    assert client_as(k.pantarlih_pj).post(lapor, isi).status_code == 404
    with pytest.raises(ServiceError) as e:
        keputusan.catat_lapangan(k.pantarlih, x.pk, temuan="SAMA", catatan="ok")
    assert e.value.kode() == ["teks_pendek"]
    r = client_as(k.pantarlih).post(lapor, isi, follow=True)
    assert r.status_code == 200 and "kembali ke antrean" in r.text
    x = segar(x)
    assert x.status == StatusPasangan.MENUNGGU
    assert x.catatan == "Cek lapangan: orang yang sama. Bertemu anaknya, KK dan KTP-el dilihat."
    rec = AuditRecord.objects.get(aksi="ganda.lapangan")
    assert rec.sesudah == {"status": "MENUNGGU", "temuan": "SAMA"} and rec.username == (
        "pantarlih_bl1"
    )
    r = client_as(k.pantarlih).post(lapor, isi, follow=True)
    assert "tidak (lagi) menunggu cek lapangan" in r.text
    # Back in the reviewers' queue, decided on what was found.
    putus(k.pps_bl, x, "SAMA")
    assert bantu.segar(k.siti2).tms_kode == "2"


# ---- stale versions ---------------------------------------------------------------------------


def test_a_decision_on_stale_versions_is_refused_and_nothing_applied(k, client_as):
    lama = segar(k.x_eko)
    bantu.ubah(k.eko, k.pps_bl, alamat="Jl. Mawar 7")  # PPS corrects the address meanwhile
    with pytest.raises(ServiceError) as e:
        keputusan.putuskan(
            k.kpu, lama.pk, keputusan="SAMA", versi_a=lama.versi_a, versi_b=lama.versi_b
        )
    assert e.value.jenis == Jenis.KONFLIK and e.value.kode() == ["ganda_versi_basi"]
    assert bantu.segar(k.eko).tms_kode == "" and bantu.segar(k.eko2).tms_kode == ""
    x = segar(lama)
    assert x.status == StatusPasangan.MENUNGGU and x.dicoret_id is None
    assert not AuditRecord.objects.filter(aksi="ganda.putus").exists()
    # The pair now carries the records' current versions: the page shown again decides.
    eko = bantu.segar(k.eko)
    versi = x.versi_a if x.pemilih_a_id == eko.pk else x.versi_b
    assert versi == eko.versi == k.eko.versi + 1
    # Through the page: the old form is refused with a message, back on the pair.
    c = client_as(k.kpu)
    r = c.post(
        reverse("ganda:putuskan", args=[x.pk]),
        {"keputusan": "SAMA", "versi_a": lama.versi_a, "versi_b": lama.versi_b},
    )
    assert r.status_code == 302 and r["Location"] == reverse("ganda:rinci", args=[x.pk])
    assert "berubah" in c.get(r["Location"]).text
    assert bantu.segar(k.eko).tms_kode == ""
    putus(k.kpu, x, "SAMA")
    assert bantu.segar(k.eko).tms_kode == "2"


# ---- who decides --------------------------------------------------------------------------------


def test_a_pps_of_another_kelurahan_does_not_find_the_pair(k, client_as):
    x = k.x_eko  # both records in Bandar Lor
    for user in (k.pps_pj, k.blitar.kpu, k.blitar.pps):
        with pytest.raises(Http404):
            putus(user, x)
    c = client_as(k.pps_pj)
    r = c.post(
        reverse("ganda:putuskan", args=[x.pk]),
        {"keputusan": "SAMA", "versi_a": x.versi_a, "versi_b": x.versi_b},
    )
    assert r.status_code == 404
    assert c.get(reverse("ganda:rinci", args=[x.pk])).status_code == 404
    assert client_as(k.ppk).get(reverse("ganda:rinci", args=[k.x_semampir.pk])).status_code == (
        404
    )  # PPK Mojoroto: Semampir is in kecamatan Kota
    assert segar(x).status == StatusPasangan.MENUNGGU and bantu.segar(k.eko).tms_kode == ""


def test_a_pair_across_two_kelurahan_each_pps_strikes_only_its_own(k, client_as):
    x = k.x_lintas
    for user in (k.pps_bl, k.pps_pj, k.ppk):
        assert client_as(user).get(reverse("ganda:rinci", args=[x.pk])).status_code == 200
    # Both records are at the TPS of their RT: the rule keeps the older (Pojok) record and
    # proposes to strike the Bandar Lor copy, which is not Pojok's PPS to strike.
    assert keputusan.usulan_coret(k.agus, k.agus2) == k.agus2.pk
    with pytest.raises(ServiceError) as e:
        putus(k.pps_pj, x)
    assert e.value.jenis == Jenis.DITOLAK and e.value.kode() == ["coret_luar_kelurahan"]
    assert "Bandar Lor" in e.value.galat["coret"][0]
    r = client_as(k.pps_pj).post(
        reverse("ganda:putuskan", args=[x.pk]),
        {"keputusan": "SAMA", "versi_a": x.versi_a, "versi_b": x.versi_b},
    )
    assert r.status_code == 403
    assert segar(x).status == StatusPasangan.MENUNGGU and bantu.segar(k.agus2).tms_kode == ""
    # Pojok's PPS may strike Pojok's record; Bandar Lor's the copy (here: Pojok decides).
    putus(k.pps_pj, x, coret=k.agus.pk)
    assert bantu.segar(k.agus).tms_kode == "2" and segar(x).diputuskan_oleh == k.pps_pj


def test_only_kpu_and_pps_decide(k, client_as):
    x = k.x_eko
    for user in (k.pantarlih, k.ppk, k.kpps):
        with pytest.raises(ServiceError) as e:
            putus(user, x, "BERBEDA")
        assert e.value.jenis == Jenis.DITOLAK and e.value.kode() == ["ganda_bukan_peran"]
    isi = {"keputusan": "BERBEDA", "versi_a": x.versi_a, "versi_b": x.versi_b}
    for user in (k.pantarlih, k.kpps, k.ppk):
        r = client_as(user).post(reverse("ganda:putuskan", args=[x.pk]), isi)
        assert r.status_code == 403, user
    assert client_as(k.pantarlih).get(reverse("ganda:antrean")).status_code == 403
    # PPK reads the pair, without the decision form.
    r = client_as(k.ppk).get(reverse("ganda:rinci", args=[x.pk]))
    assert r.status_code == 200 and 'id="form-putus"' not in r.text
    assert segar(x).status == StatusPasangan.MENUNGGU
    assert not AuditRecord.objects.filter(aksi="ganda.putus").exists()


def test_the_pair_page_highlights_what_differs_and_proposes_the_strike(k, client_as):
    x = k.x_eko
    r = client_as(k.kpu).get(reverse("ganda:rinci", args=[x.pk]))
    assert r.status_code == 200 and 'id="form-putus"' in r.text
    assert f'value="{k.eko.pk}" checked' in r.text  # the record at the wrong TPS
    html = r.text
    assert '<tr data-kolom="tps" class="beda">' in html
    # "Eko Prasetyo" / "EKO PRASETYO": letter case alone is not a difference.
    for kolom in ("nama", "tanggal_lahir", "nik", "kelurahan", "rt"):
        assert f'<tr data-kolom="{kolom}">' in html
    assert k.eko.nik not in html and "*" * 12 + k.eko.nik[-4:] in html


# ---- a locked list ------------------------------------------------------------------------------


def test_no_strike_while_a_plenary_froze_the_kelurahan_list(k):
    pleno.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor, data=data())
    with pytest.raises(ServiceError) as e:
        putus(k.kpu, k.x_eko)
    assert e.value.jenis == Jenis.KONFLIK and e.value.kode() == ["dphp_ditetapkan"]
    x = segar(k.x_eko)
    assert x.status == StatusPasangan.MENUNGGU and x.dicoret_id is None
    assert bantu.segar(k.eko).tms_kode == ""
    assert not AuditRecord.objects.filter(aksi="ganda.putus").exists()
    # Semampir's list is not frozen.
    putus(k.kpu, k.x_semampir)
    assert segar(k.x_semampir).status == StatusPasangan.SAMA
