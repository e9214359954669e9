"""The committed English catalogue: compiled .mo matches the .po, key pages translate."""

import ast
from pathlib import Path

import pytest
from django.utils import translation

import selenggara

PO = Path(selenggara.__file__).parent / "locale" / "en" / "LC_MESSAGES" / "django.po"


def _entries(text: str):
    """(msgid, msgstr) of every translated singular entry of a .po file."""
    for block in text.split("\n\n"):
        parts: dict[str, list[str]] = {}
        key = None
        for line in block.splitlines():
            if line.startswith("#"):
                continue
            if line.startswith(("msgid ", "msgstr ", "msgid_plural ", "msgctxt ")):
                key, _, rest = line.partition(" ")
                parts[key] = [rest]
            elif line.startswith('"') and key:
                parts[key].append(line)
            elif line.startswith("msgstr["):
                key = None  # plural forms are checked through the pages
        if "msgid" in parts and "msgstr" in parts and "msgctxt" not in parts:
            msgid = "".join(ast.literal_eval(x) for x in parts["msgid"])
            msgstr = "".join(ast.literal_eval(x) for x in parts["msgstr"])
            if msgid and msgstr:
                yield msgid, msgstr


def test_compiled_catalogue_matches_the_po_file():
    """Fails when someone edits django.po and forgets ``compilemessages``."""
    entries = list(_entries(PO.read_text(encoding="utf-8")))
    assert len(entries) > 150
    with translation.override("en"):
        stale = [m for m, s in entries if translation.gettext(m) != s]
    assert stale == []


@pytest.mark.parametrize(
    ("url", "indonesian", "english"),
    [
        ("/", "Rekap per Kelurahan/Desa", "Summary per Kelurahan/Desa"),
        ("/pemilih/", "Daftar pemilih", "Voter list"),
        ("/tps/", "Daftar TPS", "TPS list"),
        ("/petugas/", "Daftar petugas", "Officers"),
    ],
)
def test_pages_in_both_languages(kediri_mini, client_as, url, indonesian, english):
    c = client_as(kediri_mini.ppk)
    assert indonesian in c.get(url).content.decode()
    c.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = c.get(url).content.decode()
    assert english in html


def test_english_browser_still_gets_indonesian_until_the_user_switches(client, db):
    r = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert r.headers["Content-Language"] == "id"
    client.cookies["django_language"] = "en"
    r = client.get("/masuk/", HTTP_ACCEPT_LANGUAGE="id")
    assert r.headers["Content-Language"] == "en"
