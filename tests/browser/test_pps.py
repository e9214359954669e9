"""A PPS member approves one coklit change and returns another with a note; the Pantarlih's
field app (its API, on the Pantarlih's own phone session) then lists the returned item."""

from __future__ import annotations

import json
import uuid

import pytest
from django.utils import timezone

from selenggara.coklit import sync as services
from selenggara.coklit.models import Perubahan, Tinjauan
from selenggara.coklit.sync import Change
from selenggara.pemilih.models import Pemilih
from tests.browser.conftest import login

pytestmark = pytest.mark.browser

CATATAN = "Keluarga bilang masih tinggal di RT 001; cek ulang dengan Pak RT."


def _kartu(page, nama):
    return page.locator("article.kartu-tinjau").filter(has=page.get_by_role("link", name=nama))


def test_pps_approves_and_returns_then_pantarlih_sees_the_note(
        page, phone, live_server, kediri_mini, screenshot_dir):
    ns = kediri_mini
    base = live_server.url
    ahmad, siti = ns.pemilih["Ahmad Fauzi"], ns.pemilih["Siti Aminah"]
    now = timezone.now()
    answers = services.sync(ns.petugas_pantarlih, ns.pantarlih, [
        Change(id=uuid.uuid4(), aksi="UBAH", pemilih_id=ahmad.pk, versi=ahmad.versi,
               data={"ubah": {"alamat": "Jl. Mawar 3"}}, waktu_perangkat=now),
        Change(id=uuid.uuid4(), aksi="TMS", pemilih_id=siti.pk, versi=siti.versi,
               data={"kode": "4", "dokumen": "Surat pindah 3/2024"}, waktu_perangkat=now),
    ])
    assert [a.status for a in answers] == ["applied", "applied"]

    # PPS Bandar Lor, on a laptop.
    login(page, base, "pps_bandarlor", ns.password)
    page.goto(f"{base}/pps/")
    assert page.locator("h1").inner_text() == "Progres coklit Kelurahan Bandar Lor"
    assert "Joko Susilo" in page.locator("#progres-pantarlih").inner_text()
    page.screenshot(path=str(screenshot_dir / "selenggara-pps-progres.png"), full_page=True)
    page.get_by_role("navigation", name="Evaluasi coklit").get_by_role(
        "link", name="Tinjauan").click()
    page.wait_for_url(f"{base}/pps/tinjauan/")
    assert page.locator("article.kartu-tinjau").count() == 2
    ubah = _kartu(page, "Ahmad Fauzi")
    assert "JL. MAWAR 3" in ubah.inner_text()
    tms = _kartu(page, "Siti Aminah")
    assert "Surat pindah 3/2024" in tms.inner_text()
    page.screenshot(path=str(screenshot_dir / "selenggara-pps-tinjauan.png"), full_page=True)

    # Approve Ahmad's change.
    ubah.get_by_role("button", name="Setujui").click()
    page.wait_for_url(f"{base}/pps/tinjauan/")
    assert "Disetujui: Ahmad Fauzi" in page.locator("ul.pesan").inner_text()
    assert page.locator("article.kartu-tinjau").count() == 1

    # Return Siti's TMS with a note.
    tms = _kartu(page, "Siti Aminah")
    tms.locator("summary", has_text="Kembalikan").click()
    tms.get_by_label("Catatan untuk Pantarlih").fill(CATATAN)
    tms.get_by_role("button", name="Kembalikan ke Pantarlih").click()
    page.wait_for_url(f"{base}/pps/tinjauan/")
    assert "Dikembalikan ke Pantarlih: Siti Aminah" in page.locator("ul.pesan").inner_text()
    assert page.locator("article.kartu-tinjau").count() == 0
    assert "Tidak ada yang menunggu tinjauan" in page.content()

    # The "Dikembalikan" tab shows it with the note.
    page.get_by_role("link", name="Dikembalikan 1").click()
    assert CATATAN in _kartu(page, "Siti Aminah").inner_text()
    page.screenshot(path=str(screenshot_dir / "selenggara-pps-dikembalikan.png"),
                    full_page=True)

    rows = {r.pemilih_id: r for r in Perubahan.objects.all()}
    assert rows[ahmad.pk].tinjauan == Tinjauan.DISETUJUI
    assert rows[siti.pk].tinjauan == Tinjauan.DIKEMBALIKAN
    assert Pemilih.objects.get(pk=siti.pk).tms_kode == ""

    # The Pantarlih, on a phone, logged in with its own session: the field app's download.
    login(phone, base, "pantarlih_bl1", ns.password)
    r = phone.request.get(f"{base}/api/coklit/daftar")
    assert r.status == 200
    data = json.loads(r.text())
    kembali = [k for k in data["dikembalikan"] if k["pemilih_id"] == siti.pk]
    assert kembali and kembali[0]["catatan"] == CATATAN and kembali[0]["aksi"] == "TMS"
    voter = next(v for v in data["pemilih"] if v["id"] == siti.pk)
    assert voter["catatan_pps"] == CATATAN and voter["coklit"] == "" and voter["tms_kode"] == ""
    assert not [k for k in data["dikembalikan"] if k["pemilih_id"] == ahmad.pk]


def test_pps_pages_fit_a_phone(phone, live_server, kediri_mini, screenshot_dir):
    ns = kediri_mini
    base = live_server.url
    ahmad = ns.pemilih["Ahmad Fauzi"]
    services.sync(ns.petugas_pantarlih, ns.pantarlih, [
        Change(id=uuid.uuid4(), aksi="UBAH", pemilih_id=ahmad.pk, versi=ahmad.versi,
               data={"ubah": {"alamat": "Jl. Mawar 3"}})])
    login(phone, base, "pps_bandarlor", ns.password)
    phone.goto(f"{base}/pps/tinjauan/")
    # Nothing wider than the screen except inside the scrolling table boxes.
    lebar = phone.evaluate("document.documentElement.scrollWidth")
    assert lebar <= 360
    tombol = phone.get_by_role("button", name="Setujui")
    assert tombol.bounding_box()["height"] >= 34  # a finger-sized target
    phone.screenshot(path=str(screenshot_dir / "selenggara-pps-tinjauan-hp.png"), full_page=True)
    phone.goto(f"{base}/pps/pantarlih/")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    phone.screenshot(path=str(screenshot_dir / "selenggara-pps-pantarlih-hp.png"), full_page=True)
    phone.goto(f"{base}/pps/pantarlih/tambah/")
    phone.get_by_label("Nama lengkap").fill("Slamet Riyadi")
    phone.get_by_label("NIK").fill("3571011234")
    phone.get_by_role("button", name="Simpan dan buat akun").click()
    assert "NIK" in phone.locator("#galat-nik").inner_text()
    phone.screenshot(path=str(screenshot_dir / "selenggara-pps-tambah-hp.png"), full_page=True)
