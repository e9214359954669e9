"""static/coklit/aturan_data.js is what rules/ says today, and rules.katalog covers every message.

The field app's offline checks (aturan.js) take every code, label, limit and message from the
generated aturan_data.js, so a stale file means the phone says something the server does not.
"""

from __future__ import annotations

import json
import random
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from selenggara.coklit import aturan_data
from selenggara.rules import eligibility, kode, nik, pemilih
from selenggara.rules.katalog import katalog
from selenggara.rules.pemilih import clean_fields, validate_record, validate_tms
from tests.browser.test_aturan_js import HARI, HARI_INI, KEC, _broken, _valid

PERINTAH = ".venv/bin/selenggara coklit aturan-js"


def test_committed_file_is_up_to_date() -> None:
    assert aturan_data.PATH.read_text(encoding="utf-8") == aturan_data.render(), (
        f"{aturan_data.PATH.name} is out of date with selenggara.rules: run `{PERINTAH}` and "
        "commit the regenerated file (never edit it by hand)."
    )


def test_file_is_an_es_module_with_the_catalogue() -> None:
    teks = aturan_data.render()
    assert teks.startswith("// generated from selenggara.rules by `selenggara coklit aturan-js`")
    assert "do not edit" in teks.splitlines()[0]
    _, _, badan = teks.partition("export default ")
    assert json.loads(badan.rstrip().removesuffix(";")) == katalog()


def test_catalogue_is_plain_json_and_complete() -> None:
    k = katalog()
    assert json.loads(json.dumps(k)) == k
    assert k["fields"] == list(pemilih.FIELDS) and set(k["label"]) == set(pemilih.FIELDS)
    assert k["kode"]["STATUS_KAWIN"] == [list(p) for p in kode.STATUS_KAWIN]
    assert set(k["kode"]["TMS_BUTUH_BUKTI"]) == kode.TMS_BUTUH_BUKTI
    assert k["kode"]["TMS_SALAH_TPS"] == kode.TMS_SALAH_TPS
    assert {f: k["kode"][n] for f, n in k["pilihan"].items()} == {
        f: [list(p) for p in pilihan] for f, pilihan in pemilih.PILIHAN.items()
    }
    assert k["pesan"] == {**nik.PESAN, **pemilih.PESAN, **eligibility.PESAN}


def _semua_masalah():
    """Problems of a few thousand records, valid and broken, through every client-side check."""
    rng = random.Random(17)
    for _ in range(400):
        r = _valid(rng)
        for c in (r, _broken(rng, r), _broken(rng, _broken(rng, r))):
            clean, problems = clean_fields(c)
            yield from problems
            yield from validate_record(clean, hari_pemungutan=HARI, kode_kecamatan=KEC,
                                       hari_ini=HARI_INI)
    for s in ("", "0" * 16, "0912345678901234", "3500001234567890", "3571'1"):
        yield from nik.validate_nik(s)
        yield from nik.validate_nkk(s)
    yield from nik.validate_nik("3571013102900000", kode_kecamatan=KEC,
                                tanggal_lahir=date(1990, 3, 1), jenis_kelamin="P")
    yield from eligibility.syarat_pemilih(date(2010, 1, 1), "B", HARI, tni_polri_aktif=True,
                                          wni=False)
    yield from eligibility.syarat_pemilih(date(2030, 1, 1), "B", HARI)
    yield from validate_tms("9")
    yield from validate_tms("1")


def test_every_message_the_rules_emit_is_the_catalogue_message_of_its_code() -> None:
    pesan = katalog()["pesan"]
    seen = set()
    for p in _semua_masalah():
        assert pesan.get(p.code) == p.message, p
        seen.add(p.code)
    assert seen == set(pesan), f"never produced here: {set(pesan) - seen}"


def test_command_check_and_write(tmp_path, monkeypatch) -> None:
    call_command("coklit", "aturan-js", "--check")
    target = tmp_path / "aturan_data.js"
    target.write_text("// stale\n", encoding="utf-8")
    monkeypatch.setattr(aturan_data, "PATH", target)
    with pytest.raises(CommandError, match="aturan-js"):
        call_command("coklit", "aturan-js", "--check")
    call_command("coklit", "aturan-js")
    assert target.read_text(encoding="utf-8") == aturan_data.render()
