"""Voter list: search, the full-NIK refusal, masking, pagination; voter detail."""

import logging

from tests import factories


def _names(response) -> set[str]:
    return {p.nama for p in response.context["page"].object_list}


def test_list_masks_nik_and_nkk_detail_shows_them(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.pps_bl)
    html = c.get("/pemilih/").content.decode()
    assert siti.nik not in html and siti.nkk not in html
    assert "*" * 12 + siti.nik[-4:] in html
    assert "*" * 12 + siti.nkk[-4:] in html
    # The detail page is where the officer sees the whole record.
    r = c.get(f"/pemilih/{siti.pk}/")
    html = r.content.decode()
    assert siti.nik in html and siti.nkk in html
    assert "Perempuan" in html and "07 Maret 1985" not in html  # "7 Maret 1985", not zero-padded
    assert "7 Maret 1985" in html


def test_search_by_name_is_case_insensitive(kediri_mini, client_as):
    r = client_as(kediri_mini.kpu).get("/pemilih/?q=siti")
    assert _names(r) == {"Siti Aminah"}
    r = client_as(kediri_mini.kpu).get("/pemilih/?q=SRI")
    assert _names(r) == {"Sri Mulyani"}  # Endang Sri is an officer, not a voter


def test_search_by_name_stays_in_scope(kediri_mini, client_as):
    # Rina Wulandari lives in Pojok: a PPS of Bandar Lor finds nothing.
    r = client_as(kediri_mini.pps_bl).get("/pemilih/?q=Rina")
    assert _names(r) == set()
    assert "Tidak ada pemilih yang cocok" in r.content.decode()


def test_search_by_nik_tail(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.kpu)
    for n in (4, 5, 6):
        r = c.get(f"/pemilih/?q={siti.nik[-n:]}")
        assert "Siti Aminah" in _names(r), n


def test_too_short_nik_tail_is_explained(kediri_mini, client_as):
    r = client_as(kediri_mini.kpu).get("/pemilih/?q=12")
    assert r.status_code == 200
    assert _names(r) == set()
    assert "4 sampai 6 digit terakhir NIK" in r.content.decode()


def test_full_nik_in_search_is_refused_and_not_echoed(kediri_mini, client_as, caplog):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.pps_bl)
    caplog.set_level(logging.DEBUG)
    for q in (
        siti.nik,
        f" {siti.nik[:4]} {siti.nik[4:8]} {siti.nik[8:12]} {siti.nik[12:]} ",
        siti.nkk,
        f"Siti {siti.nik}",
    ):
        r = c.get("/pemilih/", {"q": q, "tps": ns.tps_bl1.pk, "page": "2"})
        # Answered with a redirect to a clean URL: the NIK leaves the address bar at once.
        assert r.status_code == 302
        assert siti.nik not in r["Location"] and siti.nik[-6:] not in r["Location"]
        assert r["Location"] == f"/pemilih/?tps={ns.tps_bl1.pk}"
        page = c.get(r["Location"])
        html = page.content.decode()
        assert "jangan mengetik NIK atau NKK lengkap" in html
        assert "4 sampai 6 digit" in html
        assert siti.nik not in html and siti.nkk not in html
    assert siti.nik not in caplog.text


def test_seven_digits_are_refused_too(kediri_mini, client_as):
    r = client_as(kediri_mini.kpu).get("/pemilih/?q=1234567")
    assert r.status_code == 302 and "1234567" not in r["Location"]


def test_search_box_refuses_a_nik_in_the_browser_as_well(kediri_mini, client_as):
    html = client_as(kediri_mini.kpu).get("/pemilih/").content.decode()
    assert 'pattern="[^0-9]*([0-9][^0-9]*){0,6}"' in html
    assert 'autocomplete="off"' in html


def test_pagination_50_per_page(kediri_mini, client_as):
    ns = kediri_mini
    factories.buat_pemilih_banyak(ns.pemilihan, ns.tps_bl2, 60)
    c = client_as(ns.pps_bl)
    r1 = c.get("/pemilih/")
    page = r1.context["page"]
    assert page.paginator.count == 66
    assert page.paginator.num_pages == 2
    assert len(page.object_list) == 50
    html = r1.content.decode()
    assert 'href="?page=2"' in html
    assert "Menampilkan 1–50 dari 66 pemilih" in html
    r2 = c.get("/pemilih/?page=2")
    assert len(r2.context["page"].object_list) == 16
    assert not set(_names(r1)) & set(_names(r2))
    # Filters are kept in page links; a page past the end shows the last page.
    r = c.get(f"/pemilih/?tps={ns.tps_bl2.pk}")
    assert f'href="?tps={ns.tps_bl2.pk}&amp;page=2"' in r.content.decode()
    assert c.get("/pemilih/?page=999").context["page"].number == 2
    assert c.get("/pemilih/?page=abc").context["page"].number == 1


def test_large_numbers_have_thousand_separators_but_links_do_not(kediri_mini, client_as):
    ns = kediri_mini
    factories.buat_pemilih_banyak(ns.pemilihan, ns.tps_bl2, 1000)
    c = client_as(ns.pps_bl)
    html = c.get("/pemilih/?page=2").content.decode()
    assert "dari 1.006 pemilih" in html
    html = c.get("/").content.decode()
    assert "1.005" in html  # eligible voters of Bandar Lor: 5 + 1,000
    assert 'page=21"' in c.get("/pemilih/").content.decode()


def test_voter_list_columns(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.pps_bl).get(f"/pemilih/?tps={ns.tps_bl1.pk}")
    budi = next(p for p in r.context["page"].object_list if p.nama == "Budi Santoso")
    html = r.content.decode()
    row = html[html.index(f'href="/pemilih/{budi.pk}/"') :]
    row = row[: row.index("</tr>")]
    # tempat/tanggal lahir, alamat RT/RW, TPS, disabilitas, KTP-el, status
    for part in (
        "Kediri,",
        "17-08-1990",
        "Jl. Bandar Lor",
        "RT 001 / RW 002",
        "TPS 001",
        "Bandar Lor",
        'title="Disabilitas fisik">1<',
        'title="Sudah memiliki KTP-el">S<',
        ">MS<",
        "A-Daftar",
    ):
        assert part in row, part
    assert "TMS 1" in html  # Wahyuni, meninggal
