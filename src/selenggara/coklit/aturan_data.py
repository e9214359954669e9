"""Writes static/coklit/aturan_data.js: the rules catalogue for the field app's offline checks.

static/coklit/aturan.js holds only the logic of the checks; its codes, labels, limits and
messages come from :func:`selenggara.rules.katalog.katalog`, rendered here as an ES module.
Regenerate with ``selenggara coklit aturan-js`` after changing rules/;
tests/coklit/test_aturan_data.py fails while the committed file is stale.
"""

from __future__ import annotations

import json
from pathlib import Path

from selenggara.rules.katalog import katalog

PATH = Path(__file__).resolve().parent / "static" / "coklit" / "aturan_data.js"

HEADER = (
    "// generated from selenggara.rules by `selenggara coklit aturan-js`; do not edit.\n"
    "// Source: selenggara.rules.katalog.katalog(); the logic using it is in aturan.js.\n"
)


def render() -> str:
    """The text of aturan_data.js."""
    data = json.dumps(katalog(), ensure_ascii=False, indent=2)
    return f"{HEADER}\nexport default {data};\n"


def write(path: Path = PATH) -> bool:
    """Write the file; True when its content changed."""
    teks = render()
    if path.exists() and path.read_text(encoding="utf-8") == teks:
        return False
    path.write_text(teks, encoding="utf-8")
    return True
