"""Tanggapan masyarakat: the window, bad input, the receipt, each kind of decision, and the
pages (public form and receipt, the PPS queue) with their scope."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from django.urls import reverse

from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.daftar import pleno as svc
from selenggara.daftar import tanggapan as tg
from selenggara.daftar.models import BarisDaftar, StatusTanggapan, Tanggapan
from selenggara.errors import ServiceError
from selenggara.pemilih.models import Pemilih
from selenggara.rules.nik import make_nik, mask_nama
from selenggara.web import jam

pytestmark = pytest.mark.django_db

HADIR = [{"nama": "Sulastri", "jabatan": "Ketua", "tanda_tangan": True}]
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 200
ALASAN = "Almarhum meninggal dunia bulan Juli, ada surat kematian dari kelurahan."


def data(**kw):
    return svc.DataPleno(tempat="Aula Kantor Kelurahan", hadir=HADIR, **kw)


def set_dps(k):
    for kel in (k.bandar_lor, k.pojok, k.semampir):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=kel, data=data())
    for kec in (k.mojoroto, k.kec_kota):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=kec, data=data())
    return svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPS", wilayah=k.kota, data=data())


def set_dpt(k):
    for kel in (k.bandar_lor, k.pojok, k.semampir):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPSHP", wilayah=kel, data=data())
    for kec in (k.mojoroto, k.kec_kota):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPSHP", wilayah=kec, data=data())
    return svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPT", wilayah=k.kota, data=data())


@pytest.fixture
def k(kediri_mini, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    jam.atur(datetime(2024, 8, 10, 9, 0))
    yield kediri_mini
    jam.nyata()


@pytest.fixture
def dps(k):
    set_dps(k)
    jam.atur(datetime(2024, 8, 20, 10, 0))
    return k


def orang(k, nama="Ahmad Fauzi"):
    return Pemilih.objects.get(pk=k.pemilih[nama].pk)


def baru_data(k, **kw):
    lahir = date(2006, 5, 1)
    d = {"nama": "Rizky Ramadhan", "nik": make_nik("357101", lahir, "L", 77),
         "jenis_kelamin": "L", "tempat_lahir": "Kediri", "tanggal_lahir": lahir.isoformat(),
         "status_kawin": "B", "alamat": "Jl. Mawar 5", "rt": "1", "rw": "2"}
    d.update(kw)
    return d


def ajukan(k, **kw):
    kw.setdefault("jenis", "MENINGGAL")
    kw.setdefault("kelurahan", k.bandar_lor)
    if kw["jenis"] != "BELUM_TERDAFTAR":
        kw.setdefault("pemilih", orang(k))
    kw.setdefault("alasan", ALASAN)
    return tg.ajukan(k.pemilihan, **kw)


def kode(e: ServiceError) -> set[str]:
    return {p.code for p in e.problems}


# ---- the window -----------------------------------------------------------------------------

def test_responses_only_between_the_dps_and_the_dpt(k):
    with pytest.raises(ServiceError) as e:
        ajukan(k)
    assert kode(e.value) == {"tanggapan_belum_dps"}
    set_dps(k)
    t = ajukan(k)
    assert t.status == StatusTanggapan.MENUNGGU and t.tps == k.tps_bl1
    tg.putuskan(k.pps_bl, t, terima=False, keputusan="Masih hidup, dicek ke rumah.")
    set_dpt(k)
    with pytest.raises(ServiceError) as e:
        ajukan(k, pemilih=orang(k, "Siti Aminah"))
    assert kode(e.value) == {"tanggapan_sudah_dpt"}
    assert "Cek DPT" in e.value.pesan


def test_a_kelurahan_that_held_its_dpshp_takes_no_more(dps):
    k = dps
    svc.adakan(k.pps_pj, pemilihan=k.pemilihan, tahap="DPSHP", wilayah=k.pojok, data=data())
    with pytest.raises(ServiceError) as e:
        ajukan(k, kelurahan=k.pojok, pemilih=orang(k, "Agus Salim"))
    assert kode(e.value) == {"tanggapan_dpshp"}
    assert ajukan(k).pk  # Bandar Lor is still open


# ---- bad input --------------------------------------------------------------------------------

class Besar(io.BytesIO):
    """A 50 MB upload that must be refused on its declared size: reading it fails the test."""

    size = 50 * 1024 * 1024

    def read(self, *a):
        raise AssertionError("the photo was read")


def test_a_50_mb_photo_is_refused_before_it_is_read(dps):
    with pytest.raises(ServiceError) as e:
        ajukan(dps, foto=Besar(JPEG))
    assert e.value.jenis == "terlalu_besar" and kode(e.value) == {"foto_terlalu_besar"}
    assert "2 MB" in e.value.galat["foto"][0]
    assert not Tanggapan.objects.exists()


def test_a_photo_must_be_an_image_and_is_kept(dps):
    with pytest.raises(ServiceError) as e:
        ajukan(dps, foto=io.BytesIO(b"MZ\x90\x00 not a picture"))
    assert e.value.jenis == "tipe_salah"
    t = ajukan(dps, foto=io.BytesIO(JPEG))
    assert t.foto.name.endswith(f"{t.kode}.jpg") and t.foto.read() == JPEG


@pytest.mark.parametrize("alasan", ["<script>alert(1)</script> meninggal dunia",
                                    "meninggal <img src=x onerror=alert(1)>",
                                    "lihat javascript:alert(1) sekarang"])
def test_markup_in_the_text_is_refused(dps, alasan):
    with pytest.raises(ServiceError) as e:
        ajukan(dps, alasan=alasan)
    assert kode(e.value) == {"teks_html"}
    with pytest.raises(ServiceError):
        ajukan(dps, pelapor_nama="<b>x</b>")
    assert not Tanggapan.objects.exists()


def test_text_is_bounded_and_control_characters_dropped(dps):
    with pytest.raises(ServiceError) as e:
        ajukan(dps, alasan="x" * 1001)
    assert kode(e.value) == {"teks_panjang"}
    with pytest.raises(ServiceError) as e:
        ajukan(dps, alasan="mati")
    assert kode(e.value) == {"teks_pendek"}
    t = ajukan(dps, alasan="Sudah\x00 meninggal\u200b dunia\x1b[31m.\r\nAda surat.",
               pelapor_nama="  Bu\x07di  ")
    assert t.alasan == "Sudah meninggal dunia[31m.\nAda surat." and t.pelapor_nama == "Budi"


def test_the_person_must_be_on_the_dps_of_that_kelurahan(dps):
    k = dps
    with pytest.raises(ServiceError) as e:
        ajukan(k, pemilih=orang(k, "Rina Wulandari"))  # listed in Pojok, not Bandar Lor
    assert kode(e.value) == {"bukan_dps"}
    with pytest.raises(ServiceError) as e:
        ajukan(k, pemilih=orang(k, "Wahyuni"))  # TMS before the DPS: not on it
    assert kode(e.value) == {"bukan_dps"}
    with pytest.raises(ServiceError) as e:
        ajukan(k, kelurahan=k.blitar.kelurahan)
    assert kode(e.value) == {"kelurahan_luar"}


def test_a_missing_person_is_checked_like_a_new_voter(dps):
    k = dps
    with pytest.raises(ServiceError) as e:
        ajukan(k, jenis="BELUM_TERDAFTAR", data=baru_data(k, nik="3571 0105 0600 77"))
    assert "nik_bukan_angka" in kode(e.value)
    with pytest.raises(ServiceError) as e:
        ajukan(k, jenis="BELUM_TERDAFTAR", data=baru_data(k, tanggal_lahir="2006-05-02"))
    assert "nik_tanggal_lahir_beda" in kode(e.value)
    with pytest.raises(ServiceError) as e:
        ajukan(k, jenis="BELUM_TERDAFTAR", data={"nama": "X"})
    assert "wajib" in kode(e.value)
    with pytest.raises(ServiceError) as e:
        ajukan(k, jenis="BELUM_TERDAFTAR", data=baru_data(k, tps=k.tps_pj1.pk))
    assert kode(e.value) == {"tps_bukan_kelurahan"}
    t = ajukan(k, jenis="BELUM_TERDAFTAR", data=baru_data(k, tps=k.tps_bl2.pk))
    assert t.tps == k.tps_bl2 and t.data["nama"] == "RIZKY RAMADHAN"


def test_the_receipt_is_random_unambiguous_and_the_audit_keeps_no_nik(dps):
    k = dps
    t = ajukan(k, jenis="BELUM_TERDAFTAR", data=baru_data(k), alamat="10.1.2.3")
    assert re.fullmatch(r"[A-HJ-NP-Z2-9]{10}", t.kode)
    assert tg.normalkan_kode(f" {t.kode[:5].lower()}-{t.kode[5:]} ") == t.kode
    rec = AuditRecord.objects.filter(aksi="daftar.tanggapan").get()
    teks = str(rec.sesudah)
    assert t.data["nik"] not in teks and "10.1.2.3" not in teks
    assert rec.sesudah["nik_akhir"] == t.data["nik"][-4:]
    assert len({ajukan(k).kode for _ in range(5)}) == 5


# ---- decisions ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("jenis", "kode_tms"), [("MENINGGAL", "1"), ("PINDAH", "4"),
                                                 ("GANDA", "2")])
def test_an_accepted_report_marks_the_voter_tms(dps, jenis, kode_tms):
    k = dps
    t = ajukan(k, jenis=jenis)
    t = tg.putuskan(k.pps_bl, t, terima=True, keputusan="Benar, surat keterangan RT No. 12.")
    assert t.status == StatusTanggapan.DITERIMA and t.hasil == {"tms_kode": kode_tms}
    assert orang(k).tms_kode == kode_tms
    assert AuditRecord.objects.filter(aksi="daftar.tanggapan_putus").count() == 2
    # The frozen DPS is untouched.
    assert BarisDaftar.objects.filter(pemilih_id=orang(k).pk).count() == 1
    assert verify().ok


def test_tms_needs_a_code_from_pps(dps):
    k = dps
    t = ajukan(k, jenis="TMS", alasan="Anggota Polri aktif sejak 2023.")
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_bl, t, terima=True, keputusan="Benar.")
    assert kode(e.value) == {"tms_kode_tanggapan"}
    with pytest.raises(ServiceError):
        tg.putuskan(k.pps_bl, t, terima=True, keputusan="Benar.", tms_kode="8")
    t = tg.putuskan(k.pps_bl, t, terima=True, keputusan="Kartu anggota Polri dilihat.",
                    tms_kode="7")
    assert orang(k).tms_kode == "7"


def test_wrong_data_is_corrected_with_the_rules(dps):
    k = dps
    t = ajukan(k, jenis="DATA_SALAH", alasan="Nama kurang lengkap, seharusnya Ahmad Fauzi R.")
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_bl, t, terima=True, keputusan="Sesuai KK.",
                    perbaikan={"tanggal_lahir": "1980-05-13"})
    assert "nik_tanggal_lahir_beda" in kode(e.value)
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_bl, t, terima=True, keputusan="Sesuai KK.",
                    perbaikan={"tps_id": k.tps_bl2.pk})
    assert kode(e.value) == {"elemen_tidak_dapat_diperbaiki"}
    t = tg.putuskan(k.pps_bl, t, terima=True, keputusan="Sesuai KK.",
                    perbaikan={"nama": "Ahmad Fauzi Rahman", "rt": "3"})
    p = orang(k)
    assert (p.nama, p.rt) == ("AHMAD FAUZI RAHMAN", "003")
    assert t.hasil == {"ubah": ["nama", "rt"]}


def test_a_missing_person_is_added_at_the_tps_pps_chooses(dps):
    k = dps
    d = baru_data(k)
    t = ajukan(k, jenis="BELUM_TERDAFTAR", data=d, alasan="Anak saya sudah 17 tahun.")
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_bl, t, terima=True, keputusan="Ada KK.", perbaikan={})
    assert kode(e.value) == {"tps_wajib"}
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_bl, t, terima=True, keputusan="Ada KK.",
                    perbaikan={"tps": k.tps_bl2.pk})
    assert kode(e.value) == {"nkk_wajib"}
    nkk = orang(k).nkk
    t = tg.putuskan(k.pps_bl, t, terima=True, keputusan="Ada KK.",
                    perbaikan={"tps": k.tps_bl2.pk, "nkk": nkk})
    p = Pemilih.objects.get(pk=t.hasil["pemilih_id"])
    assert (p.nik, p.tps, p.sumber, p.tms_kode) == (d["nik"], k.tps_bl2, "BARU", "")
    # the same person reported twice: the second is refused with where
    t2 = ajukan(k, jenis="BELUM_TERDAFTAR", data={**d, "nkk": nkk, "tps": k.tps_bl1.pk})
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_bl, t2, terima=True, keputusan="Ada KK.")
    assert kode(e.value) == {"nik_sudah_terdaftar"} and "TPS 002" in e.value.galat["nik"][0]


def test_refusal_double_decision_and_scope(dps):
    k = dps
    t = ajukan(k)
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_pj, t, terima=True, keputusan="x")
    assert e.value.jenis == "tidak_ditemukan"
    for user in (k.kpu, k.pantarlih, k.kpps):
        with pytest.raises(ServiceError) as e:
            tg.putuskan(user, t, terima=True, keputusan="x")
        assert e.value.jenis == "ditolak"
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_bl, t, terima=False, keputusan="  ")
    assert kode(e.value) == {"teks_wajib"}
    t = tg.putuskan(k.pps_bl, t, terima=False, keputusan="Orangnya masih hidup.")
    assert t.status == StatusTanggapan.DITOLAK and orang(k).tms_kode == ""
    with pytest.raises(ServiceError) as e:
        tg.putuskan(k.pps_bl, t, terima=True, keputusan="Berubah pikiran.")
    assert e.value.jenis == "konflik"
    assert Tanggapan.objects.get().status == StatusTanggapan.DITOLAK


# ---- pages ---------------------------------------------------------------------------------

def _semua_nik(k) -> list[str]:
    return list(Pemilih.objects.values_list("nik", flat=True)) + list(
        Pemilih.objects.values_list("nkk", flat=True))


def test_public_form_files_a_response_and_the_receipt_shows_no_nik(dps, client):
    k = dps
    url = reverse("tanggapan")
    r = client.get(url)
    assert r.status_code == 200 and "Bandar Lor" in r.text
    r = client.get(url, {"kelurahan": k.bandar_lor.pk, "tps": k.tps_bl1.pk})
    baris = BarisDaftar.objects.get(pemilih_id=k.pemilih["Ahmad Fauzi"].pk)
    assert f'value="{baris.pk}"' in r.text and mask_nama(baris.nama) in r.text
    assert baris.nama not in r.text
    for nik in _semua_nik(k):
        assert nik not in r.text
    r = client.post(url, {"kelurahan": k.bandar_lor.pk, "tps": k.tps_bl1.pk,
                          "orang": baris.pk, "jenis": "MENINGGAL", "alasan": ALASAN,
                          "foto": io.BytesIO(JPEG)})
    t = Tanggapan.objects.get()
    assert r.status_code == 302 and r["Location"] == reverse("tanggapan_tanda_terima",
                                                            args=[t.kode])
    r = client.get(r["Location"])
    assert t.kode in r.text and mask_nama(baris.nama) in r.text and baris.nama not in r.text
    for nik in _semua_nik(k):
        assert nik not in r.text
    tg.putuskan(k.pps_bl, t, terima=True, keputusan="Surat kematian No. 5 dilihat.")
    r = client.get(reverse("tanggapan_tanda_terima", args=[t.kode]))
    assert "Surat kematian No. 5 dilihat." in r.text and "Diterima" in r.text
    assert client.get(reverse("tanggapan_tanda_terima", args=["ZZZZZZZZZZ"])).status_code == 404


def test_public_form_for_a_missing_person_never_echoes_the_nik(dps, client):
    k = dps
    d = baru_data(k)
    r = client.post(reverse("tanggapan"), {
        "kelurahan": k.bandar_lor.pk, "tps": k.tps_bl1.pk, "orang": "BARU",
        "jenis": "BELUM_TERDAFTAR", "alasan": "Anak saya belum terdaftar.",
        **{f"b-{n}": v for n, v in d.items()}, "b-tanggal_lahir": "2006-05-02"})
    assert r.status_code == 422 and d["nik"] not in r.text  # refused, not echoed back
    r = client.post(reverse("tanggapan"), {
        "kelurahan": k.bandar_lor.pk, "tps": k.tps_bl1.pk, "orang": "BARU",
        "jenis": "BELUM_TERDAFTAR", "alasan": "Anak saya belum terdaftar.",
        **{f"b-{n}": v for n, v in d.items()}})
    assert r.status_code == 302
    r = client.get(r["Location"])
    assert d["nik"] not in r.text and "RIZ** RAM*****" in r.text


def test_public_form_refuses_a_large_body_before_reading_it(dps, client):
    k = dps
    r = client.post(reverse("tanggapan"), {"kelurahan": k.bandar_lor.pk, "alasan": "x"},
                    CONTENT_LENGTH=str(50 * 1024 * 1024))
    assert r.status_code == 413 and "2 MB" in r.text
    assert not Tanggapan.objects.exists()


def test_public_form_is_rate_limited_per_address(dps, client):
    k = dps
    baris = BarisDaftar.objects.get(pemilih_id=k.pemilih["Ahmad Fauzi"].pk)
    isi = {"kelurahan": k.bandar_lor.pk, "tps": k.tps_bl1.pk, "orang": baris.pk,
           "jenis": "MENINGGAL", "alasan": ALASAN}
    for _ in range(5):
        assert client.post(reverse("tanggapan"), isi).status_code == 302
    r = client.post(reverse("tanggapan"), isi)
    assert r.status_code == 429 and "menit" in r.text
    assert Tanggapan.objects.count() == 5
    # another address is not held back
    assert client.post(reverse("tanggapan"), isi, REMOTE_ADDR="10.9.9.9").status_code == 302


def test_pps_queue_is_scoped_and_decides(dps, client_as):
    k = dps
    t = ajukan(k, foto=io.BytesIO(JPEG))
    t_pojok = ajukan(k, kelurahan=k.pojok, pemilih=orang(k, "Agus Salim"))
    c = client_as(k.pps_bl)
    r = c.get(reverse("layanan:tanggapan"))
    assert r.status_code == 200 and t.kode in r.text and t_pojok.kode not in r.text
    assert c.get(reverse("layanan:tanggapan_foto", args=[t.pk])).status_code == 200
    # another PPS, the public: 404 / login
    c2 = client_as(k.pps_pj)
    assert c2.get(reverse("layanan:tanggapan_foto", args=[t.pk])).status_code == 404
    r = c2.post(reverse("layanan:tanggapan_putuskan", args=[t.pk]),
                {"terima": "1", "keputusan": "Benar."})
    assert r.status_code == 404
    anon = client_as(None)
    r = anon.post(reverse("layanan:tanggapan_putuskan", args=[t.pk]),
                  {"terima": "1", "keputusan": "Benar."})
    assert r.status_code == 302 and "/masuk/" in r["Location"]
    assert anon.get(reverse("layanan:tanggapan_foto", args=[t.pk])).status_code == 302
    assert Tanggapan.objects.get(pk=t.pk).status == StatusTanggapan.MENUNGGU
    r = c.post(reverse("layanan:tanggapan_putuskan", args=[t.pk]),
               {"terima": "1", "keputusan": "Surat kematian dilihat."})
    assert r.status_code == 302
    assert Tanggapan.objects.get(pk=t.pk).status == StatusTanggapan.DITERIMA
    assert orang(k).tms_kode == "1"
    r = c.post(reverse("layanan:tanggapan_putuskan", args=[t.pk]),
               {"terima": "0", "keputusan": "Lagi."}, follow=True)
    assert "sudah diputuskan" in r.text


def test_queue_renders_each_kind_with_masked_identifiers(dps, client_as):
    k = dps
    ajukan(k, jenis="TMS", alasan="Anggota TNI aktif di Kodim.")
    ajukan(k, jenis="DATA_SALAH", pemilih=orang(k, "Siti Aminah"), alasan="Alamat salah tulis.")
    t = ajukan(k, jenis="BELUM_TERDAFTAR", data=baru_data(k), alasan="Anak saya belum ada.")
    r = client_as(k.pps_bl).get(reverse("layanan:tanggapan"))
    assert r.status_code == 200
    assert 'name="tms_kode"' in r.text and 'name="p_alamat"' in r.text
    assert 'name="nkk"' in r.text and 'name="tps"' in r.text
    assert t.data["nik"] not in r.text and t.data["nik"][-4:] in r.text
    for nik in _semua_nik(k):
        assert nik not in r.text
    # PPK and KPU read it; a KPPS has no such page; Blitar's PPS sees none of it
    assert t.kode in client_as(k.ppk).get(reverse("layanan:tanggapan")).text
    assert client_as(k.kpps).get(reverse("layanan:tanggapan")).status_code == 403
    assert t.kode not in client_as(k.blitar.pps).get(reverse("layanan:tanggapan")).text
    r = client_as(k.ppk).post(reverse("layanan:tanggapan_putuskan", args=[t.pk]),
                              {"terima": "0", "keputusan": "Bukan wewenang."})
    assert r.status_code == 403
    assert Tanggapan.objects.get(pk=t.pk).status == StatusTanggapan.MENUNGGU
