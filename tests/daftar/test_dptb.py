"""DPTb (pindah memilih): ballot rules, H-7, capacity, DPT only, once, scope, the letter, the
per-TPS counts."""

from __future__ import annotations

import re
import zlib
from datetime import datetime

import pytest
from django.urls import reverse

from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.daftar import dptb
from selenggara.daftar.models import BarisDaftar, PindahMemilih
from selenggara.errors import ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Kontestasi
from selenggara.web import jam
from tests.factories import buat_wilayah

from .test_tanggapan import set_dps, set_dpt

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(kediri_mini):
    k = kediri_mini
    Kontestasi.objects.create(pemilihan=k.pemilihan, jenis="GUBERNUR", wilayah=k.provinsi,
                              nama="Pilgub Jatim", urutan=1)
    Kontestasi.objects.create(pemilihan=k.pemilihan, jenis="WALIKOTA", wilayah=k.kota,
                              nama="Pilwali Kediri", urutan=2)
    jam.atur(datetime(2024, 8, 10, 9, 0))
    set_dps(k)
    jam.atur(datetime(2024, 9, 19, 9, 0))
    set_dpt(k)
    jam.atur(datetime(2024, 10, 1, 10, 0))
    k.jakarta = buat_wilayah("31.71", "Kota Jakarta Pusat", buat_wilayah("31", "DKI Jakarta"))
    k.surabaya = buat_wilayah("35.78", "Kota Surabaya", k.provinsi)
    yield k
    jam.nyata()


def p(k, nama="Ahmad Fauzi"):
    return Pemilih.objects.get(pk=k.pemilih[nama].pk)


def kode(e) -> set[str]:
    return {x.code for x in e.problems}


def test_within_the_city_both_ballots(k):
    m = dptb.catat(k.pps_bl, p(k), alasan="RAWAT_INAP", tps_tujuan=k.tps_sm1,
                   keterangan="RS Gambiran")
    assert sorted(m.surat_suara) == ["GUBERNUR", "WALIKOTA"] and m.peringatan == []
    assert (m.tps_asal, m.tps_tujuan, m.tujuan_wilayah) == (k.tps_bl1, k.tps_sm1, k.kota)
    assert m.nomor_surat == "1/PL.02.1-SPM/3571/2024"
    rec = AuditRecord.objects.get(aksi="daftar.pindah_memilih")
    assert p(k).nik not in str(rec.sesudah) and rec.sesudah["nik_akhir"] == p(k).nik[-4:]
    # the voter stays on the DPT of origin; the register is not written
    assert BarisDaftar.objects.filter(daftar__tahap="DPT", pemilih_id=p(k).pk,
                                      tps=k.tps_bl1).exists()
    assert p(k).versi == 1
    assert verify().ok


def test_another_kabkota_of_jatim_keeps_only_the_pilgub(k):
    m = dptb.catat(k.kpu, p(k), alasan="TUGAS_BELAJAR", tujuan_wilayah=k.surabaya)
    assert m.surat_suara == ["GUBERNUR"] and m.tps_tujuan is None


def test_outside_the_province_keeps_none_with_a_warning(k):
    m = dptb.catat(k.kpu, p(k), alasan="BEKERJA", tujuan_wilayah=k.jakarta)
    assert m.surat_suara == [] and m.peringatan and "provinsi" in m.peringatan[0]


def test_after_h7_refused(k):
    jam.atur(datetime(2024, 11, 20, 15, 0))
    assert dptb.catat(k.pps_bl, p(k), alasan="TUGAS", tps_tujuan=k.tps_bl2).pk  # H-7: yes
    jam.atur(datetime(2024, 11, 21, 8, 0))
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_bl, p(k, "Siti Aminah"), alasan="TUGAS", tps_tujuan=k.tps_bl2)
    assert kode(e.value) == {"dptb_lewat_h7"} and "20-11-2024" in e.value.galat["tanggal"][0]


def test_full_tps_refused(k):
    k.pemilihan.maks_pemilih_per_tps = 3
    k.pemilihan.save()
    # Semampir TPS 001 holds 2 on the DPT: one move in fills it.
    dptb.catat(k.pps_bl, p(k), alasan="TUGAS", tps_tujuan=k.tps_sm1)
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_bl, p(k, "Siti Aminah"), alasan="TUGAS", tps_tujuan=k.tps_sm1)
    assert kode(e.value) == {"dptb_tps_penuh"} and e.value.jenis == "konflik"


def test_not_on_the_dpt_or_already_moved_or_bad_input_refused(k):
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_bl, p(k, "Wahyuni"), alasan="TUGAS", tps_tujuan=k.tps_bl2)
    assert kode(e.value) == {"dptb_bukan_dpt"}
    dptb.catat(k.pps_bl, p(k), alasan="TUGAS", tps_tujuan=k.tps_bl2)
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_bl, p(k), alasan="TUGAS", tps_tujuan=k.tps_sm1)
    assert e.value.jenis == "konflik"
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_bl, p(k, "Siti Aminah"), alasan="LIBURAN", tps_tujuan=k.tps_bl2)
    assert kode(e.value) == {"dptb_alasan"}
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_bl, p(k, "Siti Aminah"), alasan="TUGAS", tps_tujuan=k.tps_bl1)
    assert kode(e.value) == {"dptb_tps_sama"}
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_bl, p(k, "Siti Aminah"), alasan="TUGAS", tps_tujuan=k.blitar.tps)
    assert kode(e.value) == {"dptb_tps_luar"}
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_bl, p(k, "Siti Aminah"), alasan="TUGAS", tujuan_wilayah=k.kota)
    assert kode(e.value) == {"dptb_pilih_tps"}
    assert PindahMemilih.objects.count() == 1


def test_before_the_dpt_refused(kediri_mini):
    k = kediri_mini
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.kpu, p(k), alasan="TUGAS", tps_tujuan=k.tps_bl2)
    assert kode(e.value) == {"dptb_belum_dpt"}


def test_only_the_origin_pps_or_kpu(k):
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.pps_pj, p(k), alasan="TUGAS", tps_tujuan=k.tps_bl2)
    assert e.value.jenis == "tidak_ditemukan"
    with pytest.raises(ServiceError) as e:
        dptb.catat(k.blitar.kpu, p(k), alasan="TUGAS", tps_tujuan=k.tps_bl2)
    assert e.value.jenis == "tidak_ditemukan"
    for user in (k.ppk, k.kpps, k.pantarlih):
        with pytest.raises(ServiceError) as e:
            dptb.catat(user, p(k), alasan="TUGAS", tps_tujuan=k.tps_bl2)
        assert e.value.jenis == "ditolak"


def test_rekap_counts_dpt_dptb_in_and_out(k):
    dptb.catat(k.pps_bl, p(k), alasan="TUGAS", tps_tujuan=k.tps_sm1)
    dptb.catat(k.kpu, p(k, "Siti Aminah"), alasan="TUGAS", tujuan_wilayah=k.jakarta)
    r = dptb.rekap_tps(k.pemilihan)
    assert r[k.tps_bl1.pk] == {"dpt": 3, "dptb_masuk": 0, "dptb_keluar": 2, "dpk": 0}
    assert r[k.tps_sm1.pk] == {"dpt": 2, "dptb_masuk": 1, "dptb_keluar": 0, "dpk": 0}
    assert sum(v["dpt"] for v in r.values()) == 10


def test_pages_record_a_move_and_give_the_letter(k, client_as):
    c = client_as(k.pps_bl)
    r = c.get(reverse("layanan:dptb"), {"tps": k.tps_bl1.pk, "q": "ahmad"})
    baris = BarisDaftar.objects.get(daftar__tahap="DPT", pemilih_id=p(k).pk)
    assert r.status_code == 200 and "Ahmad Fauzi" in r.text and p(k).nik not in r.text
    url = reverse("layanan:dptb_catat", args=[baris.pk])
    r = c.post(url, {"alasan": "RAWAT_INAP", "tujuan": "tps", "tps_tujuan": k.tps_sm1.pk})
    assert r.status_code == 302
    m = PindahMemilih.objects.get()
    r = c.get(reverse("layanan:dptb_surat", args=[m.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF")
    # another kelurahan's PPS and the public see nothing
    assert client_as(k.pps_pj).get(url).status_code == 404
    assert client_as(k.pps_pj).get(reverse("layanan:dptb_surat", args=[m.pk])).status_code == 404
    assert client_as(None).get(url).status_code == 302
    # a refusal is shown on the page
    r = c.post(url, {"alasan": "TUGAS", "tujuan": "tps", "tps_tujuan": k.tps_bl2.pk},
               follow=True)
    assert "sudah pindah memilih" in r.text


def test_the_letter_masks_the_nik(k):
    m = dptb.catat(k.pps_bl, p(k), alasan="RAWAT_INAP", tps_tujuan=k.tps_sm1)
    from selenggara.daftar import surat_pindah

    pdf = surat_pindah.pdf(m)
    assert pdf.startswith(b"%PDF")
    teks = b"".join(zlib.decompress(s) for s in re.findall(rb"stream\r?\n(.*?)endstream", pdf,
                                                          re.S) if s[:1] == b"x")
    assert b"SURAT PINDAH MEMILIH" in teks and m.nomor_surat.encode() in teks
    assert ("*" * 12 + p(k).nik[-4:]).encode() in teks and p(k).nik.encode() not in teks


def test_the_dpt_plenary_page_counts_dpt_dptb_and_dpk_per_tps(k, client_as):
    from selenggara.daftar.models import Pleno

    dptb.catat(k.admin, p(k), alasan="TUGAS", tps_tujuan=k.tps_pj1)
    pleno = Pleno.objects.get(tahap="DPT")
    r = client_as(k.kpu).get(f"/daftar/pleno/{pleno.pk}/")
    assert r.status_code == 200
    baris = {(b["kelurahan"], b["nama"]): b for b in r.context["pemilih_tps"]}
    assert baris[("Bandar Lor", "TPS 001")]["dptb_keluar"] == 1
    assert baris[("Pojok", "TPS 001")]["dptb_masuk"] == 1
    jumlah = r.context["pemilih_tps_jumlah"]
    assert (jumlah["dpt"], jumlah["dptb_masuk"], jumlah["dptb_keluar"]) == (pleno.jumlah, 1, 1)
    assert "DPTb" in r.content.decode()
