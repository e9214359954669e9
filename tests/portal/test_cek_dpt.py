"""Cek DPT (``/cek-dpt/`` and ``POST /api/publik/cek-dpt``): where a NIK is registered, the
identical answer for malformed and unknown NIKs, the per-address and site-wide limits, and that
no answer carries a full NIK or NKK (nor a log line or the audit log)."""

from __future__ import annotations

import json
import logging
import re
from datetime import datetime

import pytest

from selenggara.audit.models import AuditRecord
from selenggara.daftar import cari
from selenggara.daftar.models import PindahMemilih
from selenggara.pemilih.models import Pemilih
from selenggara.web import jam
from tests.daftar.test_pleno import data, ppk_semua, pps_semua, set_dps

pytestmark = pytest.mark.django_db

URL, API = "/cek-dpt/", "/api/publik/cek-dpt"
TERLALU = "Terlalu banyak pencarian; coba lagi dalam"


@pytest.fixture
def k(kediri_mini):
    jam.atur(datetime(2024, 8, 10, 10, 0))
    yield kediri_mini
    jam.nyata()


@pytest.fixture
def dps(k):
    set_dps(k)
    return k


def voter(k, nama: str) -> Pemilih:
    return Pemilih.objects.get(pk=k.pemilih[nama].pk)


def cek(client, nik, ip="203.0.113.5"):
    return client.post(URL, {"nik": nik}, REMOTE_ADDR=ip)


def cek_api(client, nik, ip="203.0.113.5"):
    return client.post(API, json.dumps({"nik": nik}), content_type="application/json",
                       REMOTE_ADDR=ip)


def isi(response) -> str:
    """The page without its CSRF token (which differs between any two responses)."""
    teks = response.content.decode()
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", teks)


def semua_nomor(k) -> set[str]:
    return {v for p in Pemilih.objects.all() for v in (p.nik, p.nkk)}


def test_before_any_list_is_set_it_says_the_list_is_not_published(k, client):
    r = cek(client, voter(k, "Ahmad Fauzi").nik)
    assert r.status_code == 200
    assert "belum diumumkan" in r.content.decode()
    with pytest.raises(cari.DaftarBelumTerbit):
        cari.cari_nik(k.pemilihan, voter(k, "Ahmad Fauzi").nik)
    assert cek_api(client, "1234")["Content-Type"] == "application/json"


def test_a_registered_nik_typed_with_spaces_and_dots_shows_its_tps(dps, client):
    ahmad = voter(dps, "Ahmad Fauzi")
    nik = ahmad.nik
    typed = f"{nik[:4]} {nik[4:8]}.{nik[8:12]} {nik[12:]}"
    r = cek(client, typed)
    teks = r.content.decode()
    assert r.status_code == 200
    assert "Daftar Pemilih Sementara (DPS)" in teks
    assert "AHM**" in teks or "Ahm**" in teks
    assert "TPS 001" in teks and "Bandar Lor" in teks and "Mojoroto" in teks
    assert "*" * 12 + nik[-4:] in teks
    assert nik not in teks and ahmad.nkk not in teks
    # The NIK typed is never put back in the form.
    assert typed not in teks


def test_the_lookup_reads_the_dpt_once_it_is_set_and_shows_a_dptb_move(dps, client):
    k = dps
    pps_semua(k, "DPSHP")
    ppk_semua(k, "DPSHP")
    from selenggara.daftar import pleno

    pleno.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPT", wilayah=k.kota, data=data())
    siti = voter(k, "Siti Aminah")
    h = cari.cari_nik(k.pemilihan, siti.nik)
    assert (h.daftar, h.tps, h.kelurahan, h.pindah) == ("DPT", "TPS 001", "Bandar Lor", False)
    PindahMemilih.objects.create(
        pemilihan=k.pemilihan, pemilih=siti, nomor_surat="1/DPTb/2024", alasan="TUGAS",
        tps_asal=k.tps_bl1, tps_tujuan=k.tps_sm1, tujuan_wilayah=k.kota,
        surat_suara=["GUB", "WALI"], dicatat=jam.sekarang())
    h = cari.cari_nik(k.pemilihan, siti.nik)
    assert (h.tps, h.kelurahan, h.kecamatan, h.pindah) == ("TPS 001", "Semampir", "Kota", True)
    assert (h.tps_asal, h.kelurahan_asal) == ("TPS 001", "Bandar Lor")
    teks = cek(client, siti.nik).content.decode()
    assert "pindah memilih (DPTb)" in teks and "Semampir" in teks


def test_malformed_and_unknown_niks_get_the_same_answer(dps, client):
    k = dps
    tidak_ada = "3571014101990009"  # well formed, on no list
    assert cari.cari_nik(k.pemilihan, tidak_ada) is None
    acuan = cek(client, tidak_ada, ip="198.51.100.1")
    acuan_api = cek_api(client, tidak_ada, ip="198.51.100.2")
    ahmad = voter(k, "Ahmad Fauzi").nik
    for i, salah in enumerate(["", "   ", "abc", ahmad[:15], ahmad + "1", ahmad[:15] + "x",
                               "3571 01AB 1299 0001", "<script>alert(1)</script>", "9" * 500,
                               "'" + ahmad[:-1] + "O"]):
        r = cek(client, salah, ip=f"198.51.100.{10 + i}")
        assert (r.status_code, isi(r)) == (acuan.status_code, isi(acuan)), salah
        r = cek_api(client, salah, ip=f"198.51.101.{10 + i}")
        assert (r.status_code, r.json()) == (acuan_api.status_code, acuan_api.json()), salah
    for odd in (3571011205800001, 3.5e15, None):
        r = cek_api(client, odd, ip="198.51.102.1")
        assert r.json() == acuan_api.json()
    assert acuan_api.json() == {"terdaftar": False, "keadaan": "tidak_ditemukan",
                                "pesan": acuan_api.json()["pesan"], "hasil": None}


def test_the_json_endpoint_answers_the_same_lookup(dps, client):
    budi = voter(dps, "Budi Santoso")
    r = cek_api(client, f" {budi.nik[:8]}.{budi.nik[8:]} ")
    assert r.status_code == 200
    body = r.json()
    assert body["terdaftar"] is True and body["keadaan"] == "terdaftar"
    assert body["hasil"]["tps"] == "TPS 001" and body["hasil"]["kelurahan"] == "Bandar Lor"
    assert body["hasil"]["nik"] == "*" * 12 + budi.nik[-4:]
    assert budi.nik not in r.content.decode() and budi.nkk not in r.content.decode()
    assert r["Cache-Control"] == "no-store"
    assert client.get(API).status_code == 405


def test_a_nik_in_the_url_is_not_looked_up(dps, client):
    ahmad = voter(dps, "Ahmad Fauzi")
    r = client.get(f"{URL}?nik={ahmad.nik}")
    assert r.status_code == 200 and "TPS 001" not in r.content.decode()
    assert "method=\"post\"" in r.content.decode()


def test_1000_sequential_lookups_from_one_client_are_stopped_after_the_limit(dps, client):
    k = dps
    ahmad = voter(k, "Ahmad Fauzi")
    niks = [ahmad.nik] + [f"35710112058{i:05d}" for i in range(999)]
    status = []
    for nik in niks:
        r = cek(client, nik, ip="192.0.2.77")
        status.append(r.status_code)
    assert status[:10] == [200] * 10
    assert status[10:] == [429] * 990
    assert TERLALU in r.content.decode()
    assert re.search(r"coba lagi dalam \d+ menit\.", r.content.decode())
    assert int(r["Retry-After"]) > 0
    # The JSON twin shares the same counter: the address is refused there too.
    j = cek_api(client, ahmad.nik, ip="192.0.2.77")
    assert j.status_code == 429 and j.json()["jenis"] == "terlalu_banyak"
    assert j.json()["detail"].startswith(TERLALU)
    # Another address is not blocked by the first one's limit.
    r = cek(client, ahmad.nik, ip="192.0.2.78")
    assert r.status_code == 200 and "TPS 001" in r.content.decode()


def test_the_site_wide_cap_stops_many_addresses(dps, client, settings):
    settings.CEK_DPT_BATAS_GLOBAL = (5, 60)
    nik = voter(dps, "Ahmad Fauzi").nik
    status = [cek_api(client, nik, ip=f"192.0.2.{i}").status_code for i in range(1, 9)]
    assert status == [200] * 5 + [429] * 3
    r = cek(client, nik, ip="192.0.2.100")
    assert r.status_code == 429 and TERLALU in r.content.decode()


def test_no_answer_log_line_or_audit_record_holds_a_full_nik_or_nkk(dps, client, caplog):
    k = dps
    nomor = semua_nomor(k)
    audit_sebelum = AuditRecord.objects.count()
    caplog.set_level(logging.DEBUG)
    bodies = []
    for i, p in enumerate(Pemilih.objects.all()):
        bodies.append(isi(cek(client, p.nik, ip=f"10.0.0.{i}")))
        bodies.append(cek_api(client, p.nik, ip=f"10.0.1.{i}").content.decode())
    bodies.append(isi(client.get(URL)))
    for body in bodies:
        assert not any(n in body for n in nomor)
        # and nothing that looks like a 16-digit number at all
        assert not re.search(r"(?<!\d)\d{16}(?!\d)", body)
    assert not any(n in caplog.text for n in nomor)
    assert AuditRecord.objects.count() == audit_sebelum
