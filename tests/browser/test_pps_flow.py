"""A PPS of Bandar Lor logs in, sees its TPS and only its voters, searches, and hits a 404."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import login

pytestmark = pytest.mark.browser


def _names_in_table(page) -> set[str]:
    return set(page.locator("table.pemilih tbody th[scope=row]").all_inner_texts())


def test_pps_bandar_lor_sees_only_its_area(page, live_server, kediri_mini, screenshot_dir):
    ns = kediri_mini
    base = live_server.url
    login(page, base, "pps_bandarlor", ns.password)

    # Home: its kelurahan and its TPS, including the loksus TPS at the prison.
    assert page.locator("h1").inner_text() == "Kelurahan Bandar Lor"
    tps_cells = page.locator("table.data tbody th[scope=row]").all_inner_texts()
    assert tps_cells == ["TPS 001", "TPS 002", "TPS 901"]
    assert page.get_by_text("Lapas Kelas IIA Kediri").is_visible()
    assert "Pojok" not in page.content()
    # The stylesheet is served locally (no CDN) and applied: the header is KPU red.
    bg = page.locator("header.top").evaluate("e => getComputedStyle(e).backgroundColor")
    assert bg == "rgb(164, 22, 26)"
    page.screenshot(path=str(screenshot_dir / "selenggara-pps-beranda.png"), full_page=True)

    # Voter list: exactly the Bandar Lor voters of the factory, no Pojok voter.
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Pemilih").click()
    page.wait_for_url(f"{base}/pemilih/")
    assert _names_in_table(page) == set(ns.pemilih_bandar_lor)
    body = page.content()
    for nama in ns.pemilih_pojok + ns.pemilih_semampir:
        assert nama not in body
    siti = ns.pemilih["Siti Aminah"]
    assert siti.nik not in body  # masked on the list
    page.screenshot(path=str(screenshot_dir / "selenggara-pps-pemilih.png"), full_page=True)

    # Search by name.
    box = page.get_by_label("Cari nama atau 4-6 digit terakhir NIK")
    box.fill("siti")
    box.press("Enter")
    page.wait_for_url("**/pemilih/?q=siti*")
    assert _names_in_table(page) == {"Siti Aminah"}

    # A full NIK is refused by the browser itself (pattern): the form is not sent, so the
    # NIK never reaches the URL, the history or a server log.
    box = page.get_by_label("Cari nama atau 4-6 digit terakhir NIK")
    box.fill(siti.nik)
    box.press("Enter")
    page.wait_for_timeout(300)
    assert siti.nik not in page.url
    assert box.evaluate("e => e.validity.patternMismatch") is True

    # The detail page of its own voter shows the full NIK.
    page.goto(f"{base}/pemilih/")
    page.get_by_role("link", name="Siti Aminah").click()
    assert page.locator("h1").inner_text() == "Siti Aminah"
    assert siti.nik in page.content()

    # A Pojok voter's URL typed directly: our 404 page, no data.
    rina = ns.pemilih["Rina Wulandari"]
    response = page.goto(f"{base}/pemilih/{rina.pk}/")
    assert response.status == 404
    assert page.locator("h1").inner_text() == "Tidak ditemukan"
    assert "Rina Wulandari" not in page.content()
    page.screenshot(path=str(screenshot_dir / "selenggara-pps-404.png"), full_page=True)


def test_htmx_narrows_tps_choices_for_ppk(page, live_server, kediri_mini):
    ns = kediri_mini
    base = live_server.url
    login(page, base, "ppk_mojoroto", ns.password)
    page.goto(f"{base}/pemilih/")
    tps = page.locator("#id_tps option")
    assert tps.count() == 6  # "Semua TPS" + 3 Bandar Lor + 2 Pojok
    page.locator("#id_kelurahan").select_option(label="Pojok")
    # A locator wait, not a string evaluated in the page: the CSP forbids eval.
    expect(page.locator("#id_tps option")).to_have_count(3)
    assert [t for t in tps.all_inner_texts()] == ["Semua TPS", "TPS 001 Pojok", "TPS 002 Pojok"]
    page.locator("#id_tps").select_option(label="TPS 001 Pojok")
    page.get_by_role("button", name="Cari").click()
    page.wait_for_url("**/pemilih/?*tps=*")
    assert _names_in_table(page) == {"Rina Wulandari", "Agus Salim"}


def test_language_switch_in_the_browser(page, live_server, kediri_mini):
    base = live_server.url
    login(page, base, "kpu_kediri", kediri_mini.password)
    page.get_by_role("button", name="EN").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("link", name="Voters").is_visible()
    assert page.get_by_role("button", name="Log out").is_visible()


def test_phone_layout(phone, live_server, kediri_mini, screenshot_dir):
    """At 360 px the page does not scroll sideways; wide tables scroll inside their box."""
    ns = kediri_mini
    base = live_server.url
    login(phone, base, "pps_bandarlor", ns.password)
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
    phone.screenshot(path=str(screenshot_dir / "selenggara-phone-beranda.png"), full_page=True)
    phone.goto(f"{base}/pemilih/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    box = phone.locator(".tabel-gulir").first
    assert box.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls in its box
    phone.screenshot(path=str(screenshot_dir / "selenggara-phone-pemilih.png"), full_page=True)
