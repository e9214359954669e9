"""KPU reviews the duplicate queue: opens a pair, sees the differing fields highlighted, decides
"Orang yang sama" (the record at the TPS that does not serve its RT is struck, TMS 2) and is
taken to the next pair, which it decides "Orang berbeda"."""

from __future__ import annotations

import pytest

from selenggara.ganda.models import PasanganGanda, StatusPasangan
from selenggara.pemilih.models import Pemilih
from tests.browser.conftest import login
from tests.ganda import bantu

pytestmark = pytest.mark.browser


def test_kpu_decides_two_pairs_in_the_browser(page, live_server, kediri_mini, screenshot_dir):
    ns = kediri_mini
    base = live_server.url
    # Eko Prasetyo is listed at Bandar Lor TPS 002 though RT 001 is TPS 001's; a newer copy of
    # him is at TPS 001. Siti Aminah (TPS 001) has a namesake born the same day at TPS 002.
    eko = bantu.segar(ns.pemilih["Eko Prasetyo"])
    eko2 = bantu.salin(ns, eko, tps=ns.tps_bl1, nama="EKO PRASETYO")
    siti = bantu.segar(ns.pemilih["Siti Aminah"])
    siti2 = bantu.salin(
        ns,
        siti,
        tps=ns.tps_bl2,
        rt="004",
        nama="SITI AMINAH",
        nik=siti.nik[:-4] + "7777",
        tempat_lahir="Blitar",
    )
    run = bantu.run_selesai(ns)
    (x1,) = bantu.pasang(run, [(eko, eko2)], prob=0.99)
    (x2,) = bantu.pasang(run, [(siti, siti2)], prob=0.93)

    login(page, base, "kpu_kediri", ns.password)
    page.goto(f"{base}/ganda/")
    assert page.locator("h1").inner_text() == "Data ganda"
    baris = page.locator("#antrean-ganda tbody tr")
    assert baris.count() == 2
    assert "EKO PRASETYO" in baris.first.inner_text().upper()
    page.locator(f"#pasangan-{x1.pk}").get_by_role("link", name="Periksa").click()
    page.wait_for_url(f"{base}/ganda/{x1.pk}/")

    # Side by side: the TPS differs (highlighted), the name does not (only its letter case).
    beda = page.locator("#banding td.beda")
    assert beda.count() == 2
    assert page.locator('#banding tr[data-kolom="tps"] td.beda').count() == 2
    assert page.locator('#banding tr[data-kolom="nama"] td.beda').count() == 0
    assert eko.nik not in page.content() and eko.nik[-4:] in page.content()
    # The rule's proposal is preselected: strike the record at the TPS that is not its RT's.
    assert page.locator(f'input[name="coret"][value="{eko.pk}"]').is_checked()
    page.screenshot(path=str(screenshot_dir / "selenggara-ganda-rinci.png"), full_page=True)
    page.get_by_role("button", name="Orang yang sama: coret satu").click()

    # On to the next pending pair.
    page.wait_for_url(f"{base}/ganda/{x2.pk}/")
    assert "Orang yang sama" in page.locator("ul.pesan").inner_text()
    assert Pemilih.objects.get(pk=eko.pk).tms_kode == "2"
    assert Pemilih.objects.get(pk=eko2.pk).tms_kode == ""
    x = PasanganGanda.objects.get(pk=x1.pk)
    assert (x.status, x.dicoret_id) == (StatusPasangan.SAMA, eko.pk)

    for kolom in ("nik", "tempat_lahir", "rt", "tps"):
        assert page.locator(f'#banding tr[data-kolom="{kolom}"] td.beda').count() == 2, kolom
    page.get_by_role("button", name="Orang berbeda").click()
    page.wait_for_url(f"{base}/ganda/")
    assert "Orang berbeda" in page.locator("ul.pesan").inner_text()
    assert PasanganGanda.objects.get(pk=x2.pk).status == StatusPasangan.BERBEDA
    assert Pemilih.objects.get(pk=siti.pk).tms_kode == ""
    assert Pemilih.objects.get(pk=siti2.pk).tms_kode == ""
    assert "Tidak ada pasangan dengan status ini." in page.locator("#antrean-ganda").inner_text()
