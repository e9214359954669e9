"""The DPS announcement under ``/dps/``: per kelurahan and per TPS, masked identifiers, search
by name, pages that cost the rows they show, the posted PDF, and the limits."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from selenggara.pemilih.models import Pemilih
from selenggara.rules.nik import mask_nik, mask_nik_tail
from selenggara.web import jam
from tests.daftar.test_pleno import set_dps
from tests.factories import buat_pemilih_banyak

pytestmark = pytest.mark.django_db

IP = {"REMOTE_ADDR": "203.0.113.9"}


@pytest.fixture
def k(kediri_mini):
    jam.atur(datetime(2024, 8, 10, 10, 0))
    yield kediri_mini
    jam.nyata()


@pytest.fixture
def dps(k):
    set_dps(k)
    return k


def get(client, url, **kw):
    return client.get(url, **{**IP, **kw})


def test_before_the_dps_is_set_the_pages_say_so(k, client):
    for url in ("/dps/", "/dps/35.71.01.1001/", "/dps/35.71.01.1001/1/"):
        r = get(client, url)
        assert r.status_code == 200
        assert "DPS belum ditetapkan" in r.content.decode()


def test_the_index_lists_the_kelurahan_and_a_kelurahan_its_tps_with_counts(dps, client):
    r = get(client, "/dps/")
    teks = r.content.decode()
    assert r.status_code == 200
    assert "Bandar Lor" in teks and "Semampir" in teks and "Sukorejo" not in teks  # not Blitar
    r = get(client, "/dps/35.71.01.1001/")
    teks = r.content.decode()
    assert r.status_code == 200
    # Bandar Lor in the DPS: TPS 001 Ahmad, Siti, Budi (Wahyuni is TMS); TPS 002 Dewi, Eko.
    assert re.search(r"TPS 001</a></th>\s*<td[^>]*>[^<]*</td>\s*<td>2</td><td>1</td>"
                     r"<td class=\"tebal\">3</td>", teks)
    assert "/dps/35.71.01.1001/2/pdf/" in teks
    assert "TPS 901" not in teks  # no voters there: no row
    assert get(client, "/dps/35.72.01.1001/").status_code == 404  # another kab/kota
    assert get(client, "/dps/35.71.01/").status_code == 404  # a kecamatan is not a kelurahan


def test_a_tps_page_lists_names_sex_age_rt_rw_and_masked_identifiers(dps, client):
    r = get(client, "/dps/35.71.01.1001/1/")
    teks = r.content.decode()
    assert r.status_code == 200
    ahmad = Pemilih.objects.get(pk=dps.pemilih["Ahmad Fauzi"].pk)
    assert ahmad.nama in teks
    # Age on polling day (27 Nov 2024): born 12 May 1980 -> 44.
    assert re.search(rf"{re.escape(ahmad.nama)}</th><td class=\"kiri\">L</td>\s*<td>44</td>",
                     teks)
    assert mask_nik(ahmad.nik) in teks
    assert ahmad.nik not in teks and ahmad.nkk not in teks
    # Never the tail mask beside the prefix mask: together they would give 10 of 16 digits.
    assert mask_nik_tail(ahmad.nik) not in teks
    assert "Wahyuni" not in teks.upper().title()  # TMS: not on the DPS
    assert get(client, "/dps/35.71.01.1001/77/").status_code == 404


def test_no_dps_page_holds_a_full_nik_or_nkk(dps, client):
    nomor = {v for p in Pemilih.objects.all() for v in (p.nik, p.nkk)}
    for url in ("/dps/", "/dps/35.71.01.1001/", "/dps/35.71.01.1001/1/",
                "/dps/35.71.01.1001/2/", "/dps/35.71.01.1004/1/", "/dps/35.71.02.1001/1/",
                "/dps/35.71.01.1001/1/?nama=siti"):
        teks = get(client, url).content.decode()
        assert not any(n in teks for n in nomor), url
        assert not re.search(r"(?<!\d)\d{16}(?!\d)", teks), url


def test_search_by_name_and_pages_of_fifty_within_a_tps(k, client, django_assert_max_num_queries):
    buat_pemilih_banyak(k.pemilihan, k.tps_pj2, 120, awalan="Warga")
    set_dps(k)
    r = get(client, "/dps/35.71.01.1004/2/")
    teks = r.content.decode()
    assert "Halaman 1 dari 3" in teks and teks.count("<tr>") == 51  # header + 50 rows
    r = get(client, "/dps/35.71.01.1004/2/", data={"page": 3})
    assert r.content.decode().count("<tr>") == 1 + 21  # 121 voters at TPS 002 Pojok
    r = get(client, "/dps/35.71.01.1004/2/", data={"nama": "warga 011"})
    teks = r.content.decode()
    # Warga 0110..0119 (Warga 0011 is "Warga 0011": no match)
    assert teks.count("<tr>") == 11 and "WARGA 0115" in teks.upper()
    r = get(client, "/dps/35.71.01.1004/2/", data={"nama": "tidak ada"})
    assert "Tidak ada nama yang cocok" in r.content.decode()
    # A constant number of queries (two counted limits, the list header, the area, the TPS,
    # its size from one index probe, the page), whatever the size of the list.
    with django_assert_max_num_queries(14):
        get(client, "/dps/35.71.01.1004/2/", data={"page": 2})


def test_the_tps_pdf_is_the_public_model_a(dps, client):
    r = get(client, "/dps/35.71.01.1001/1/pdf/")
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf"
    assert r.content.startswith(b"%PDF-")
    assert "Model-A-DPS-3571011001-TPS001.pdf" in r["Content-Disposition"]


def test_the_public_pages_are_rate_limited_per_address(dps, client, settings):
    settings.DPS_BATAS_IP = (3, 600)
    status = [get(client, "/dps/35.71.01.1001/1/").status_code for _ in range(5)]
    assert status == [200, 200, 200, 429, 429]
    r = get(client, "/dps/")
    assert r.status_code == 429 and "coba lagi dalam" in r.content.decode()
    assert client.get("/dps/", REMOTE_ADDR="203.0.113.10").status_code == 200
    settings.DPS_BATAS_PDF_IP = (1, 600)
    ip = {"REMOTE_ADDR": "203.0.113.11"}
    assert client.get("/dps/35.71.01.1001/1/pdf/", **ip).status_code == 200
    assert client.get("/dps/35.71.01.1001/1/pdf/", **ip).status_code == 429
