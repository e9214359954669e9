"""KPU Kota holds the DPT plenary through its page and downloads the Berita Acara PDF (the PPS
and PPK plenaries before it, and the DPS, are held through the service in the setup)."""

from __future__ import annotations

import pytest

from selenggara.daftar.models import DaftarTetap
from selenggara.web import jam
from tests.browser.conftest import login
from tests.daftar.test_berita_acara import sampai_sebelum_dpt, teks_pdf

pytestmark = pytest.mark.browser


@pytest.fixture
def siap_dpt(kediri_mini):
    sampai_sebelum_dpt(kediri_mini)  # the working date is left at 19 Sep 2024
    yield kediri_mini
    jam.nyata()


def test_kpu_holds_the_dpt_plenary_and_downloads_its_ba(page, live_server, siap_dpt,
                                                         screenshot_dir, tmp_path):
    ns = siap_dpt
    base = live_server.url
    login(page, base, "kpu_kediri", ns.password)
    page.get_by_role("navigation", name="Menu utama").get_by_role(
        "link", name="Pleno daftar").click()
    page.wait_for_url(f"{base}/daftar/")
    putaran = page.locator("#putaran-DPT")
    assert "Kecamatan: pleno DPSHP 2 dari 2" in putaran.inner_text()
    putaran.get_by_role("link", name="Adakan pleno DPT").click()
    page.wait_for_url(f"{base}/daftar/pleno/baru/DPT/")
    assert page.locator("#id_tanggal").input_value() == "2024-09-19"
    assert page.locator("#id_hadir-0-nama").input_value() == "Operator KPU Kota"
    assert page.locator("#id_hadir-0-tanda_tangan").is_checked()
    page.get_by_label("Tempat").fill("Aula KPU Kota Kediri")
    page.get_by_label("Bawaslu/Panwaslu yang hadir").fill("Rudi Hartono; Bawaslu Kota Kediri")
    page.get_by_role("button", name="Simpan pleno DPT").click()
    page.wait_for_url(lambda url: "/daftar/pleno/" in url and "/baru/" not in url)
    assert "Pleno DPT Kota Kediri tercatat: 9 pemilih" in page.locator("ul.pesan").inner_text()
    dpt = DaftarTetap.objects.get(pemilihan=ns.pemilihan, tahap="DPT")
    assert dpt.sha256 in page.locator("code.hash").inner_text()
    page.screenshot(path=str(screenshot_dir / "selenggara-pleno-dpt.png"), full_page=True)
    with page.expect_download() as info:
        page.get_by_role("link", name="Berita acara (PDF)").click()
    unduhan = info.value
    assert unduhan.suggested_filename == "ba-dpt-kotakediri-20240919.pdf"
    berkas = tmp_path / unduhan.suggested_filename
    unduhan.save_as(berkas)
    teks = teks_pdf(berkas.read_bytes())
    assert "REKAPITULASI DAN PENETAPAN DAFTAR PEMILIH TETAP \\(DPT\\)" in teks
    assert dpt.sha256 in teks and "Rudi Hartono" in teks
