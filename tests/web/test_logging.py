"""NIK and NKK never reach a log line: not in the message, not in a traceback, not in Django's
own request-error log."""

from __future__ import annotations

import io
import logging
import sys
from contextlib import contextmanager

import pytest
from django.test import Client, override_settings
from django.urls import path

from selenggara.logging import MaskingFormatter

NIK = "3571014703850001"
MASKED = "357101**********"


def _boom(request):
    raise ValueError(f"NIK {NIK} tidak ditemukan")


urlpatterns = [path("boom/", _boom)]


def _record_with_traceback(stack: bool = False) -> logging.LogRecord:
    try:
        _boom(None)
    except ValueError:
        exc_info = sys.exc_info()
    return logging.LogRecord("selenggara.uji", logging.ERROR, __file__, 1,
                             "gagal memproses %s", (NIK,), exc_info,
                             sinfo=f"Stack (most recent call last):\n  nik={NIK}" if stack
                             else None)


def test_formatter_masks_message_traceback_and_stack():
    out = MaskingFormatter("%(levelname)s %(name)s: %(message)s").format(
        _record_with_traceback(stack=True))
    assert NIK not in out
    assert f"gagal memproses {MASKED}" in out  # the message
    assert f"ValueError: NIK {MASKED} tidak ditemukan" in out  # the traceback's last line
    assert "Traceback (most recent call last)" in out
    assert f"nik={MASKED}" in out  # stack_info


def test_formatter_masks_the_cached_traceback_for_later_handlers():
    record = _record_with_traceback()
    MaskingFormatter().format(record)
    # Another handler formatting the same record reuses this cached traceback text.
    assert record.exc_text and "Traceback" in record.exc_text and NIK not in record.exc_text


@contextmanager
def _console_of(logger_name: str):
    """The settings' console handler of ``logger_name``, writing into a buffer for the test
    (pytest adds its own capturing handlers beside it; those are left alone)."""
    logger = logging.getLogger(logger_name)
    handlers = [h for h in logger.handlers if h.get_name() == "console"]
    assert handlers, f"{logger_name} does not write through the console handler"
    buf = io.StringIO()
    old = [h.setStream(buf) for h in handlers]
    try:
        yield logger, handlers, buf
    finally:
        for h, stream in zip(handlers, old, strict=True):
            h.setStream(stream)


@pytest.mark.parametrize("name", ["django", "django.request"])
def test_django_loggers_write_through_the_masking_handler(name):
    with _console_of(name) as (logger, handlers, buf):
        assert logger.propagate is False
        assert all(isinstance(h.formatter, MaskingFormatter) for h in handlers)
        try:
            _boom(None)
        except ValueError:
            logger.error("Internal Server Error: /cek/%s", NIK, exc_info=True)
    out = buf.getvalue()
    assert "Traceback" in out and MASKED in out and NIK not in out


@override_settings(ROOT_URLCONF=__name__)
def test_request_error_log_is_masked(db):
    """Django's own "Internal Server Error" record, traceback included."""
    with _console_of("django.request") as (_logger, _handlers, buf):
        r = Client(raise_request_exception=False).get("/boom/")
    assert r.status_code == 500
    out = buf.getvalue()
    assert "Internal Server Error: /boom/" in out
    assert f"ValueError: NIK {MASKED} tidak ditemukan" in out
    assert NIK not in out
