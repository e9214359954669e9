"""Playwright (Python, sync API) driving Debian's chromium against pytest-django's live_server.

Never ``playwright install``: the browser is the system package (DESIGN.md). Without
/usr/bin/chromium these tests skip with instructions, unless SELENGGARA_REQUIRE_BROWSER=1
(set by CI), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in this thread; Django then refuses ORM
# calls from it (SynchronousOnlyOperation) although they are plain synchronous test setup.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = Path(os.environ.get("SELENGGARA_SCREENSHOT_DIR", "/tmp"))


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pesan = (
            f"{CHROMIUM} not found: browser tests need Debian's chromium "
            "(apt-get install chromium); Playwright's own browser download is not used."
        )
        if os.environ.get("SELENGGARA_REQUIRE_BROWSER") == "1":
            pytest.fail(pesan + " SELENGGARA_REQUIRE_BROWSER=1 is set, so this is an error.")
        pytest.skip(pesan)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test (own cookies), desktop size, Indonesian locale."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="id-ID")
    context.set_default_timeout(10_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def phone(browser):
    """A phone-sized context (360x740, touch), as Pantarlih and PPS use it in the field."""
    context = browser.new_context(
        viewport={"width": 360, "height": 740},
        is_mobile=True,
        has_touch=True,
        device_scale_factor=2,
        locale="id-ID",
    )
    context.set_default_timeout(10_000)
    pg = context.new_page()
    try:
        yield pg
    finally:
        context.close()


@pytest.fixture
def screenshot_dir() -> Path:
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    return SCREENSHOT_DIR


def login(page, base_url: str, username: str, password: str) -> None:
    """Log in through the real login form, as a person would."""
    page.goto(f"{base_url}/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Kata sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()
    # Each role lands on its own home (a Pantarlih on /coklit/); wait until we left the form.
    page.wait_for_url(lambda url: url.startswith(base_url) and "/masuk/" not in url)
