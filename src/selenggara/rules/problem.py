"""The one shape every rule in :mod:`selenggara.rules` reports a problem in.

Why a plain frozen dataclass and not Django's ``ValidationError``: the rules must run in the
importer, the e-coklit sync API, the C.Hasil checks and the tests without Django (DESIGN.md,
"Domain rules live in rules/ as plain functions over plain data"). Apps convert a
:class:`Problem` into a form error, an API error item or a row in an import report.

``message`` is a Bahasa Indonesia text with ``%(name)s`` placeholders. It is wrapped in
:func:`gettext_noop` so ``django-admin makemessages`` (whose xgettext keywords include
``gettext_noop``) extracts it, while this package stays free of Django. A caller that wants the
translated text does ``gettext(problem.message) % problem.params``; :meth:`Problem.text` gives
the untranslated Indonesian text.
"""

from __future__ import annotations

import dataclasses
from typing import Any

ERROR = "error"
WARNING = "warning"
SEVERITIES = (ERROR, WARNING)


def gettext_noop(s: str) -> str:
    """Mark ``s`` for translation without translating it (same contract as Django's)."""
    return s


@dataclasses.dataclass(frozen=True)
class Problem:
    """One thing wrong with one field, and how to fix it.

    ``field``: the field name the problem belongs to (``"nik"``, ``"tanggal_lahir"``...).
    ``code``: a stable machine code (``"nik_panjang"``) for APIs, tests and statistics.
    ``message``: Indonesian text saying what is wrong AND how to fix it, with ``%(x)s``
    placeholders filled from ``params``.
    ``severity``: ``"error"`` blocks saving/approval; ``"warning"`` is shown but allowed
    (e.g. a NIK from another kecamatan: people move, PKPU 7/2024 lists voters by domicile).
    """

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclasses.field(hash=False)
    severity: str = ERROR

    def __post_init__(self) -> None:
        if self.severity not in SEVERITIES:
            raise ValueError(f"severity harus salah satu dari {SEVERITIES}: {self.severity!r}")

    @property
    def is_error(self) -> bool:
        """True when this problem blocks (severity ``error``)."""
        return self.severity == ERROR

    def text(self) -> str:
        """The Indonesian message with its parameters filled in."""
        return self.message % self.params


def errors(problems: list[Problem]) -> list[Problem]:
    """Only the blocking problems (severity ``error``)."""
    return [p for p in problems if p.severity == ERROR]


def warnings(problems: list[Problem]) -> list[Problem]:
    """Only the non-blocking problems (severity ``warning``)."""
    return [p for p in problems if p.severity == WARNING]


def has_errors(problems: list[Problem]) -> bool:
    """True when at least one problem blocks."""
    return any(p.severity == ERROR for p in problems)
