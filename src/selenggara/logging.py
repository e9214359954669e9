"""Logging that keeps NIK and NKK out of every line written.

UU 27/2022 (PDP) makes NIK and NKK personal data. Views never put them in URLs, but an
exception message, a traceback (which repeats the message and may show the source line or
locals that hold one) or a third-party library could still echo one. So the handlers write
through :class:`MaskingFormatter`, which formats the WHOLE record (message, traceback and
stack) and only then masks every run of 16 digits, keeping the first 6 (the region code).
"""

import logging
import re

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})\d{10}(?!\d)")


def mask_digits(text: str) -> str:
    return _SIXTEEN_DIGITS.sub(r"\1**********", text)


class MaskingFormatter(logging.Formatter):
    """A ``logging.Formatter`` whose output has every 16-digit run masked.

    ``format`` masks the final string: message, traceback and stack info together. The
    traceback and stack are masked as they are formatted too, because ``Formatter.format``
    caches the traceback text on the record (``exc_text``) and another handler formatting the
    same record afterwards reuses that cached text as it is.
    """

    def format(self, record: logging.LogRecord) -> str:
        return mask_digits(super().format(record))

    def formatException(self, ei) -> str:
        return mask_digits(super().formatException(ei))

    def formatStack(self, stack_info: str) -> str:
        return mask_digits(super().formatStack(stack_info))


class MaskPersonalData(logging.Filter):
    """Masks the message itself (kept for handlers that use another formatter). Not enough on
    its own: tracebacks and stack info are formatted later; use :class:`MaskingFormatter`."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_digits(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
