"""Log filter that keeps NIK and NKK out of every log line.

UU 27/2022 (PDP) makes NIK and NKK personal data. Views never put them in URLs, but an
exception message or a third-party library could still echo one, so every handler masks any
run of 16 digits before it is written.
"""

import logging
import re

_SIXTEEN_DIGITS = re.compile(r"(?<!\d)(\d{6})\d{10}(?!\d)")


def mask_digits(text: str) -> str:
    return _SIXTEEN_DIGITS.sub(r"\1**********", text)


class MaskPersonalData(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_digits(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True
