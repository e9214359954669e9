"""The plenary pages at /daftar/: who sees what, holding a plenary through the form, the
downloads."""

from __future__ import annotations

import pytest

from selenggara.daftar.models import Pleno
from selenggara.web import jam
from tests.daftar.test_berita_acara import (
    TGL_DPS,
    sampai_sebelum_dpt,
    teks_pdf,
    tetapkan_dpt,
)
from tests.snapshots import xlsx_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(kediri_mini):
    jam.atur(TGL_DPS)
    yield kediri_mini
    jam.nyata()


def isian(tahap_hadir=(("Sulastri", "KETUA", True), ("Mulyono", "ANGGOTA", False)), **kw):
    data = {"tanggal": jam.hari_ini().isoformat(), "tempat": "Kantor Kelurahan Bandar Lor",
            "nomor_ba": "", "saksi": "Bambang; Paslon 1\n", "pengawas": "Rudi; Panwaslu",
            "catatan": "", "keberatan": "",
            "hadir-TOTAL_FORMS": str(len(tahap_hadir)), "hadir-INITIAL_FORMS": "0",
            "hadir-MIN_NUM_FORMS": "0", "hadir-MAX_NUM_FORMS": "30"}
    for i, (nama, jabatan, ttd) in enumerate(tahap_hadir):
        data[f"hadir-{i}-nama"] = nama
        data[f"hadir-{i}-jabatan"] = jabatan
        if ttd:
            data[f"hadir-{i}-tanda_tangan"] = "on"
    data.update(kw)
    return data


def test_pps_holds_its_own_dphp_through_the_form(k, client_as):
    c = client_as(k.pps_bl)
    r = c.get("/daftar/")
    assert r.status_code == 200
    assert "Adakan pleno DPHP" in r.content.decode()
    r = c.get("/daftar/pleno/baru/DPHP/")
    assert r.status_code == 200
    html = r.content.decode()
    # Prefilled from the PPS's own officers; the date is the working date.
    for nama in ("Sulastri", "Mulyono", "Kartini"):
        assert f'value="{nama}"' in html
    assert 'value="2024-08-10"' in html
    # A PPS has no DPS or DPT plenary of its own.
    assert c.get("/daftar/pleno/baru/DPT/").status_code == 404
    r = c.post("/daftar/pleno/baru/DPHP/", isian())
    p = Pleno.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/daftar/pleno/{p.pk}/"
    assert (p.wilayah, p.tahap, p.jumlah) == (k.bandar_lor, "DPHP", 5)
    assert p.hadir == [{"nama": "Sulastri", "jabatan": "KETUA", "tanda_tangan": True},
                       {"nama": "Mulyono", "jabatan": "ANGGOTA", "tanda_tangan": False}]
    assert p.saksi == [{"nama": "Bambang", "unsur": "Paslon 1"}]
    assert p.pengawas == [{"nama": "Rudi", "jabatan": "Panwaslu"}]
    detail = c.get(r["Location"]).content.decode()
    assert "TPS 001" in detail and p.sha256 in detail
    assert "Berita acara (PDF)" in detail
    # Held twice: the service's refusal is shown on the form.
    r = c.post("/daftar/pleno/baru/DPHP/", isian())
    assert r.status_code == 422
    assert "tidak dapat diadakan dua kali" in r.content.decode()


def test_refusals_land_on_the_form(k, client_as):
    c = client_as(k.pps_bl)
    r = c.post("/daftar/pleno/baru/DPHP/", isian(
        tahap_hadir=(("Sulastri", "KETUA", False),), tempat=""))
    assert r.status_code == 422
    html = r.content.decode()
    assert "Isi tempat pleno" in html and "sedikitnya satu menandatangani" in html
    assert not Pleno.objects.exists()
    # PPK before its kelurahan: the missing ones are named.
    r = client_as(k.ppk).post("/daftar/pleno/baru/DPHP/", isian())
    assert r.status_code == 422
    assert "Bandar Lor" in r.content.decode()


def test_other_kelurahan_and_the_public_do_not_see_a_plenary(k, client_as):
    c = client_as(k.pps_bl)
    c.post("/daftar/pleno/baru/DPHP/", isian())
    p = Pleno.objects.get()
    for url in (f"/daftar/pleno/{p.pk}/", f"/daftar/pleno/{p.pk}/berita-acara.pdf",
                f"/daftar/pleno/{p.pk}/rekap.xlsx"):
        assert client_as(k.pps_pj).get(url).status_code == 404
        anon = client_as(None).get(url)
        assert anon.status_code == 302 and anon["Location"].startswith("/masuk/")
        assert client_as(k.pantarlih).get(url).status_code == 403
    # PPS Pojok's form is its own kelurahan's: holding it does not touch Bandar Lor's.
    r = client_as(k.pps_pj).get("/daftar/pleno/baru/DPHP/")
    assert "Suparno" in r.content.decode() and "Sulastri" not in r.content.decode()
    # The PPK above sees it; and its list page counts Bandar Lor as held, Pojok as missing.
    assert client_as(k.ppk).get(f"/daftar/pleno/{p.pk}/").status_code == 200
    html = client_as(k.ppk).get("/daftar/").content.decode()
    assert "pleno DPHP 1 dari 2" in html and "Pojok" in html


def test_kpu_sees_the_missing_kecamatan_and_kelurahan(k, client_as):
    from selenggara.daftar import pleno as svc
    from tests.daftar.test_berita_acara import data_pleno

    c = client_as(k.kpu)
    for kel in (k.bandar_lor, k.pojok):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=kel, data=data_pleno())
    svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.mojoroto,
               data=data_pleno())
    html = c.get("/daftar/").content.decode()
    assert "Kecamatan: pleno DPHP 1 dari 2" in html
    assert "Kelurahan/Desa: pleno DPHP 2 dari 3" in html
    assert "Semampir" in html and "Adakan pleno DPS" not in html
    svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.semampir,
               data=data_pleno())
    svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.kec_kota,
               data=data_pleno())
    assert "Adakan pleno DPS" in c.get("/daftar/").content.decode()


def test_kpu_holds_the_dpt_and_downloads_ba_rekap_and_diff(k, client_as):
    c = client_as(k.kpu)
    p = tetapkan_dpt_melalui_halaman(k, client_as)
    pdf = c.get(f"/daftar/pleno/{p.pk}/berita-acara.pdf")
    assert pdf["Content-Type"] == "application/pdf"
    assert "PENETAPAN DAFTAR PEMILIH TETAP" in teks_pdf(pdf.content)
    x = c.get(f"/daftar/pleno/{p.pk}/rekap.xlsx")
    assert [s["judul"] for s in xlsx_snapshot(x.content)] == ["TPS", "Kelurahan", "Kecamatan",
                                                            "Kota"]
    s = c.get(f"/daftar/pleno/{p.pk}/selisih.xlsx")
    baris = xlsx_snapshot(s.content)[0]["baris"]
    assert [r[3] for r in baris[2:]] == ["Ahmad Fauzi", "Siti Aminah"]
    # A PPS downloads the diff of its own kelurahan only.
    s = client_as(k.pps_pj).get(f"/daftar/pleno/{p.pk}/selisih.xlsx")
    assert s.status_code == 200 and xlsx_snapshot(s.content)[0]["baris"][2:] == []


def tetapkan_dpt_melalui_halaman(k, client_as):
    sampai_sebelum_dpt(k)
    r = client_as(k.kpu).post("/daftar/pleno/baru/DPT/", isian(
        tahap_hadir=(("Operator KPU Kota", "OPERATOR", True),), tempat="Aula KPU Kota Kediri"))
    assert r.status_code == 302, r.content.decode()
    return Pleno.objects.get(tahap="DPT")


def test_the_dpt_diff_is_not_offered_before_a_previous_list(k, client_as):
    p = tetapkan_dpt(k)
    dps = Pleno.objects.get(tahap="DPS")
    assert client_as(k.kpu).get(f"/daftar/pleno/{dps.pk}/selisih.xlsx").status_code == 404
    assert "Selisih dengan DPS" in client_as(k.kpu).get(f"/daftar/pleno/{p.pk}/").content.decode()


def test_a_superuser_chooses_an_election_first(k, client_as):
    r = client_as(k.admin).get("/daftar/")
    assert r.status_code == 302 and r["Location"] == "/pilih/"


def test_model_a_of_the_dpt_for_pps_and_kpps_within_their_area(k, client_as):
    import io
    import zipfile

    p = tetapkan_dpt_melalui_halaman(k, client_as)
    pps = client_as(k.pps_bl)
    r = pps.get(f"/daftar/pleno/{p.pk}/")
    assert [w.nama for w in r.context["model_a_kel"]] == ["Bandar Lor"]
    z = pps.get(f"/daftar/model-a/DPT/kelurahan/{k.bandar_lor.pk}.zip")
    assert z["Content-Type"] == "application/zip"
    nama = zipfile.ZipFile(io.BytesIO(z.content)).namelist()
    assert nama and all(n.startswith("Model-A-DPT-3571011001-TPS") for n in nama)
    assert pps.get(f"/daftar/model-a/DPT/kelurahan/{k.pojok.pk}.zip").status_code == 404
    kpps = client_as(k.kpps)
    pdf = kpps.get(f"/daftar/model-a/DPT/tps/{k.tps_bl1.pk}.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert kpps.get(f"/daftar/model-a/DPT/tps/{k.tps_bl2.pk}.pdf").status_code == 404
    assert client_as(None).get(f"/daftar/model-a/DPT/tps/{k.tps_bl1.pk}.pdf").status_code in (
        302, 403, 404)
