"""The pages that matter run under the Content-Security-Policy without one violation: no inline
script, nothing from another origin (the field app included, with its service worker)."""

import pytest

from .conftest import login

pytestmark = pytest.mark.browser

PANTAU = """document.addEventListener("securitypolicyviolation", (e) => {
  (window.__csp = window.__csp || []).push(e.violatedDirective + " " + e.blockedURI);
});"""


def _pelanggaran(page) -> list[str]:
    return page.evaluate("window.__csp || []")


def _kunjungi(page, base, paths):
    out = {}
    for path in paths:
        page.goto(base + path)
        page.wait_for_load_state("networkidle")
        if v := _pelanggaran(page):
            out[path] = v
    return out


def test_officer_pages_and_admin_have_no_csp_violation(page, live_server, kediri_mini):
    ns = kediri_mini
    base = live_server.url
    page.add_init_script(PANTAU)
    page.on("console", lambda m: "Content Security Policy" in m.text and page.evaluate(
        "t => (window.__csp = window.__csp || []).push(t)", m.text))
    assert _kunjungi(page, base, ["/masuk/"]) == {}
    login(page, base, "pps_bandarlor", ns.password)
    assert _kunjungi(page, base, ["/", "/pps/", "/pps/tinjauan/", "/pps/pantarlih/",
                                  "/pps/pantarlih/tambah/", "/pemilih/", "/tps/",
                                  f"/wilayah/{ns.bandar_lor.kode}/"]) == {}
    page.context.clear_cookies()
    login(page, base, "admin", ns.password)
    assert _kunjungi(page, base, ["/admin/", "/admin/pemilih/pemilih/",
                                  f"/admin/pemilih/pemilih/{ns.pemilih['Ahmad Fauzi'].pk}/change/",
                                  "/admin/petugas/petugas/add/"]) == {}


def test_the_field_app_has_no_csp_violation(phone, live_server, kediri_mini):
    base = live_server.url
    phone.add_init_script(PANTAU)
    login(phone, base, "pantarlih_bl1", kediri_mini.password)
    phone.goto(base + "/coklit/")
    phone.get_by_text("Joko Susilo").first.wait_for()
    phone.wait_for_load_state("networkidle")
    assert _pelanggaran(phone) == []
