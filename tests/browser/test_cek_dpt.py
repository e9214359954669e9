"""A member of the public checks a NIK on cek DPT, with no account and no JavaScript needed:
a registered NIK (typed with spaces) shows the TPS; an unknown one and a malformed one get
the same generic answer. The DPS is set by holding every plenary (PPS, PPK, KPU)."""

from __future__ import annotations

from datetime import datetime

import pytest

from selenggara.pemilih.models import Pemilih
from selenggara.web import jam
from tests.daftar.test_pleno import set_dps

pytestmark = pytest.mark.browser


@pytest.fixture
def dps(kediri_mini):
    jam.atur(datetime(2024, 8, 10, 10, 0))
    set_dps(kediri_mini)
    yield kediri_mini
    jam.nyata()


def _cek(page, base, nik) -> str:
    page.goto(f"{base}/cek-dpt/")
    page.get_by_label("NIK", exact=True).fill(nik)
    page.get_by_role("button", name="Cek").click()
    page.wait_for_selector("#jawaban")
    assert "nik=" not in page.url  # the NIK never goes into the URL
    return page.locator("#jawaban").inner_text()


def test_the_public_checks_a_registered_and_an_unknown_nik(page, live_server, dps,
                                                          screenshot_dir):
    base = live_server.url
    ahmad = Pemilih.objects.get(pk=dps.pemilih["Ahmad Fauzi"].pk)
    page.goto(f"{base}/")
    page.get_by_role("link", name="Cek DPT: apakah saya terdaftar?").click()
    assert page.url == f"{base}/cek-dpt/"

    nik = ahmad.nik
    teks = _cek(page, base, f"{nik[:6]} {nik[6:12]} {nik[12:]}")
    assert "Anda terdaftar dalam Daftar Pemilih Sementara (DPS)" in teks
    assert "TPS 001" in teks and "Bandar Lor" in teks and "Mojoroto" in teks
    assert "*" * 12 + nik[-4:] in teks
    assert nik not in page.content() and ahmad.nama not in teks
    assert page.get_by_label("NIK", exact=True).input_value() == ""
    page.screenshot(path=str(screenshot_dir / "cek_dpt_terdaftar.png"), full_page=True)

    tidak_dikenal = _cek(page, base, "3571014101990009")
    assert "tidak ditemukan dalam daftar pemilih" in tidak_dikenal
    assert "TPS" not in tidak_dikenal
    assert _cek(page, base, "3571 01AB CD") == tidak_dikenal


def test_cek_dpt_works_without_javascript(browser, live_server, dps):
    context = browser.new_context(java_script_enabled=False, locale="id-ID")
    try:
        page = context.new_page()
        dewi = Pemilih.objects.get(pk=dps.pemilih["Dewi Lestari"].pk)
        teks = _cek(page, live_server.url, dewi.nik)
        assert "TPS 002" in teks and "Bandar Lor" in teks
    finally:
        context.close()
