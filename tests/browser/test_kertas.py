"""The daily paper report, in the field app: entered offline, kept across a reload, synced,
counted beside what the app received; the phone follows the server's working date."""

from datetime import datetime

import pytest

from selenggara.coklit.models import LaporanKertas, RekapCoklit
from selenggara.web import jam

from .test_coklit_app import coklit_kediri, masuk, tekan_sinkron, tunggu_siap, tunggu_sinkron

pytestmark = pytest.mark.browser
__all__ = ["coklit_kediri"]


def test_paper_report_offline_then_synced_on_the_simulated_day(phone, live_server,
                                                                coklit_kediri):
    ns = coklit_kediri
    jam.atur(datetime(2024, 7, 1, 17, 30))  # day 8 of coklit, in the demo's calendar
    page, base = phone, live_server.url
    masuk(page, base, "pantarlih_bl1", ns.password)
    tunggu_siap(page)
    tunggu_sinkron(page)
    # The phone's "today" is the server's working date, not the phone's own calendar.
    page.get_by_text("Jumlah pemilih, 1 Juli 2024").wait_for()
    # Offline reloads need the service worker in control of the page.
    page.evaluate("navigator.serviceWorker.ready")
    if not page.evaluate("!!navigator.serviceWorker.controller"):
        page.reload()
        tunggu_siap(page)
    page.context.set_offline(True)
    page.fill("#jumlah-kertas", "999")
    page.click("#simpan-kertas")
    page.get_by_text("melebihi pemilih TPS ini").wait_for()
    page.fill("#jumlah-kertas", "12")
    page.click("#simpan-kertas")
    page.locator("#kabar", has_text="Laporan kertas tersimpan").wait_for()
    page.reload()
    tunggu_siap(page)
    page.get_by_text("Tercatat: 12 pemilih (belum terkirim)").wait_for()
    page.context.set_offline(False)
    assert tekan_sinkron(page) == "selesai"
    laporan = LaporanKertas.objects.get(petugas=ns.petugas_pantarlih)
    assert (laporan.tanggal.isoformat(), laporan.jumlah) == ("2024-07-01", 12)
    assert RekapCoklit.objects.get(tingkat=5, objek_id=ns.tps_bl1.pk).kertas == 12
    # A correction the same day replaces the day's figure, it does not add to it.
    page.fill("#jumlah-kertas", "15")
    page.click("#simpan-kertas")
    assert tekan_sinkron(page) == "selesai"
    assert RekapCoklit.objects.get(tingkat=5, objek_id=ns.tps_bl1.pk).kertas == 15
    jam.nyata()
