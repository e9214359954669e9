"""The commission's monitoring page in Chromium: KPU Kota Kediri opens /pps/pantau/ on day 8 of
coklit, sees the burn-up chart and the gap sentence, drills down to a kecamatan, and downloads
the progress table as XLSX, which opens in openpyxl with the rows of the page."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from selenggara.coklit import sync as sync_mod
from selenggara.coklit.sync import Change
from selenggara.pemilih import rekap as rekap_pemilih
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Tahapan
from selenggara.web import jam
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

MULAI, SELESAI = date(2024, 6, 24), date(2024, 7, 24)


def _wib(d: date, h: int) -> datetime:
    return timezone.make_aware(datetime(d.year, d.month, d.day, h, 0))


def _siapkan(ns) -> None:
    Tahapan.objects.create(pemilihan=ns.pemilihan, kode="coklit", nama="Coklit", mulai=MULAI,
                           selesai=SELESAI, urutan=1)
    rekap_pemilih.bangun_ulang(ns.pemilihan.pk, tanggal=MULAI - timedelta(days=1))
    for hari, nama in ((date(2024, 6, 26), "Ahmad Fauzi"), (date(2024, 6, 28), "Budi Santoso")):
        p = Pemilih.objects.get(pk=ns.pemilih[nama].pk)
        with jam.pada(_wib(hari, 20)):
            sync_mod.sync(ns.petugas_pantarlih, ns.pantarlih, [
                Change(id=uuid.uuid4(), aksi="SESUAI", pemilih_id=p.pk, versi=p.versi),
                Change(id=uuid.uuid4(), aksi="KERTAS",
                       data={"tanggal": hari.isoformat(), "jumlah": 2})])
    # The live server runs in another thread: the working date is the stored setting.
    jam.atur(_wib(date(2024, 7, 1), 10), berjalan=False)


def test_kpu_monitors_drills_down_and_downloads(page, live_server, kediri_mini, screenshot_dir,
                                                tmp_path):
    ns = kediri_mini
    _siapkan(ns)
    base = live_server.url
    login(page, base, "kpu_kediri", ns.password)
    page.goto(f"{base}/pps/pantau/")
    assert page.locator("h1").inner_text() == "Pantau coklit Kota Kediri"

    # The burn-up chart is drawn (server-side SVG, no script) and can be read without it.
    grafik = page.locator("svg#grafik-burnup")
    assert grafik.is_visible()
    box = grafik.bounding_box()
    assert box["width"] > 400 and box["height"] > 200
    assert grafik.get_attribute("role") == "img"
    assert "aplikasi dan kertas terhadap rencana" in grafik.locator("title").text_content()
    assert grafik.locator("polyline").count() >= 3  # app, paper, plan
    assert page.locator("svg#grafik-anak").is_visible()
    assert "Pantarlih mencatat coklit di kertas" in page.locator("#penjelasan-selisih").inner_text()
    ringkasan = page.locator("#ringkasan").inner_text()
    assert "Rencana (hari ke-8)" in ringkasan and "57,1%" in ringkasan
    page.screenshot(path=str(screenshot_dir / "selenggara-pantau-kota.png"), full_page=True)

    # Drill down: Kota Kediri -> Kecamatan Mojoroto -> Kelurahan Bandar Lor.
    page.locator("#tabel-progres").get_by_role("link", name="Mojoroto").click()
    page.wait_for_url(f"{base}/pps/pantau/?wilayah={ns.mojoroto.pk}")
    assert page.locator("h1").inner_text() == "Pantau coklit Kecamatan Mojoroto"
    assert page.get_by_role("navigation", name="Wilayah").get_by_role(
        "link", name="Kota Kediri").is_visible()
    rows = page.locator("#tabel-progres tbody th[scope=row]").all_inner_texts()
    assert rows == ["Bandar Lor", "Pojok"]

    # Download the kecamatan's progress table as XLSX and open it.
    with page.expect_download() as info:
        page.locator("#judul-progres + .unduh a[data-format=xlsx]").click()
    unduhan = info.value
    assert unduhan.suggested_filename == "coklit-progres-kecamatan-mojoroto-2024-07-01.xlsx"
    berkas = tmp_path / unduhan.suggested_filename
    unduhan.save_as(berkas)
    ws = load_workbook(berkas).active
    assert ws["A1"].value == "Progres coklit per kelurahan/desa · Kecamatan Mojoroto · 1 Juli 2024"
    data = {r[1]: r for r in ws.iter_rows(min_row=5, values_only=True) if r[1]}
    assert set(data) == {"Bandar Lor", "Pojok"}
    assert data["Bandar Lor"][2:6] == (6, 2, 33.3, 4)

    page.locator("#tabel-progres").get_by_role("link", name="Bandar Lor").click()
    page.wait_for_url(f"{base}/pps/pantau/?wilayah={ns.bandar_lor.pk}")
    page.screenshot(path=str(screenshot_dir / "selenggara-pantau-kelurahan.png"),
                    full_page=True)

    # KPU sets its own plan; a broken one is refused with a message first.
    page.get_by_role("link", name="Lihat rencana").click()
    page.wait_for_url(f"{base}/pps/pantau/rencana/")
    page.get_by_label("Tanggal titik 1").fill("2024-07-03")
    page.get_by_label("Persen titik 1").fill("60")
    page.get_by_role("button", name="Simpan rencana").click()
    assert "Titik terakhir harus 100%" in page.locator(".galat").inner_text()
    page.get_by_label("Tanggal titik 2").fill("2024-07-10")
    page.get_by_label("Persen titik 2").fill("100")
    page.get_by_role("button", name="Simpan rencana").click()
    page.wait_for_url(f"{base}/pps/pantau/rencana/")
    assert "Rencana coklit disimpan." in page.locator("ul.pesan").inner_text()
    assert "Rencana ditetapkan KPU: 100% pada 10 Juli 2024." in page.content()
    page.screenshot(path=str(screenshot_dir / "selenggara-pantau-rencana.png"), full_page=True)
    jam.nyata()
