"""A member of the public files a response on the announced DPS and gets a receipt; the PPS of
Bandar Lor decides it on its queue page; the receipt page shows the outcome."""

from __future__ import annotations

import re
from datetime import datetime

import pytest

from selenggara.daftar.models import StatusTanggapan, Tanggapan
from selenggara.pemilih.models import Pemilih
from selenggara.web import jam
from tests.browser.conftest import login
from tests.daftar.test_tanggapan import set_dps

pytestmark = pytest.mark.browser


@pytest.fixture
def dps(kediri_mini, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    jam.atur(datetime(2024, 8, 10, 9, 0), berjalan=False)
    set_dps(kediri_mini)
    jam.atur(datetime(2024, 8, 20, 10, 0), berjalan=False)
    yield kediri_mini
    jam.nyata()


def test_public_response_pps_decision_receipt(browser, live_server, dps, screenshot_dir):
    k = dps
    base = live_server.url
    publik = browser.new_context(viewport={"width": 390, "height": 844}, locale="id-ID")
    publik.set_default_timeout(10_000)
    page = publik.new_page()
    try:
        page.goto(f"{base}/tanggapan/")
        page.get_by_label("Kelurahan").select_option(label="Bandar Lor (Mojoroto)")
        page.get_by_role("button", name="Pilih kelurahan").click()
        page.get_by_label("TPS", exact=True).select_option(label="TPS 001")
        page.get_by_role("button", name="Pilih TPS").click()
        page.get_by_label("Cari nama di TPS ini").fill("ahmad")
        page.get_by_role("button", name="Tampilkan").click()
        ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
        assert ahmad.nik not in page.content() and "Ahmad Fauzi" not in page.content()
        page.get_by_label(re.compile(r"Ahm\*\* Fau\*\*")).check()
        page.get_by_label("Jenis tanggapan").select_option("MENINGGAL")
        page.get_by_label("Alasan dan keterangan").fill(
            "Pak Ahmad meninggal dunia tanggal 2 Agustus; keluarga memegang surat kematian.")
        page.get_by_role("button", name="Kirim tanggapan").click()
        page.wait_for_url(re.compile(r".*/tanggapan/[A-Z2-9]{10}/$"))
        kode = page.locator("#kode-tanda-terima").inner_text()
        assert page.locator("#status-tanggapan").inner_text() == "Menunggu keputusan PPS"
        assert ahmad.nik not in page.content() and ahmad.nkk not in page.content()
        page.screenshot(path=str(screenshot_dir / "selenggara-tanggapan-tanda-terima.png"),
                        full_page=True)

        pps = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
        pps.set_default_timeout(10_000)
        ppage = pps.new_page()
        try:
            login(ppage, base, "pps_bandarlor", k.password)
            ppage.goto(f"{base}/daftar/tanggapan/")
            kartu = ppage.locator("article", has_text=kode)
            kartu.get_by_label("Keputusan dan dasar (tampil untuk umum)").fill(
                "Surat kematian dari Kelurahan Bandar Lor telah diperiksa.")
            kartu.get_by_role("button", name="Terima dan perbaiki daftar").click()
            ppage.wait_for_url(f"{base}/daftar/tanggapan/")
            assert "Diterima" in ppage.locator(".pesan").inner_text()
            ppage.screenshot(path=str(screenshot_dir / "selenggara-tanggapan-pps.png"),
                             full_page=True)
        finally:
            pps.close()
        t = Tanggapan.objects.get(kode=kode)
        assert t.status == StatusTanggapan.DITERIMA
        assert Pemilih.objects.get(pk=ahmad.pk).tms_kode == "1"

        page.reload()
        assert page.locator("#status-tanggapan").inner_text() == "Diterima: daftar diperbaiki"
        assert "Surat kematian dari Kelurahan Bandar Lor" in page.locator(
            "#keputusan-tanggapan").inner_text()
    finally:
        publik.close()
