"""The field app's client-side checks (static/coklit/aturan.js) agree with rules/.

The phone validates offline with a JavaScript copy of ``rules.pemilih`` and ``rules.nik`` so a
Pantarlih hears about a typo at the door, not at night when the sync rejects it. A copy can
drift, so this test feeds the same few hundred records, valid and broken in every way the rules
know, to both and requires the same verdict: the same fields in error. Then, record by record,
the same problems: field, Problem code, severity, the Indonesian message text (``p.text()`` in
Python, ``pesan`` in JS, formatted from the catalogue in rules/ via aturan_data.js) and params.
"""

import json
import random
from datetime import date, timedelta

import pytest

from selenggara.rules.nik import make_nik
from selenggara.rules.pemilih import clean_fields, validate_record

pytestmark = pytest.mark.browser

HARI = date(2024, 11, 27)
HARI_INI = date(2024, 7, 1)
KEC = "35.71.01"


def _valid(rng: random.Random) -> dict:
    jk = rng.choice("LP")
    lahir = HARI - timedelta(days=rng.randint(17 * 366, 90 * 365))
    return {
        "nkk": f"357101{rng.randint(10**9, 10**10 - 1)}",
        "nik": make_nik(KEC, lahir, jk, rng.randint(1, 9999)),
        "nama": rng.choice(["SITI AMINAH", "Moch. Rizki", "Dra. Sri Wahyuni", "I Made Putu",
                            "NUR'AINI", "Ahmad-Fauzi", "Yohanes (Anes)"]),
        "jenis_kelamin": jk, "tempat_lahir": "KEDIRI", "tanggal_lahir": lahir.isoformat(),
        "status_kawin": rng.choice("BSP"), "alamat": "JL. MAWAR NO. 3",
        "rt": str(rng.randint(1, 15)), "rw": str(rng.randint(1, 9)),
        "disabilitas": rng.choice("0123456"), "ktp_el": rng.choice("SB"),
    }


def _broken(rng: random.Random, r: dict) -> dict:
    r = dict(r)
    try:
        lahir = date.fromisoformat(r["tanggal_lahir"])
    except ValueError:  # broken by an earlier round
        lahir = date(1990, 1, 1)
    kind = rng.randrange(18)
    if kind == 0:
        r["nik"] = r["nik"][:15]
    elif kind == 1:
        r["nik"] = r["nik"][:10] + "A" + r["nik"][11:]
    elif kind == 2:
        r["jenis_kelamin"] = "L" if r["jenis_kelamin"] == "P" else "P"
    elif kind == 3:
        r["tanggal_lahir"] = (lahir + timedelta(days=rng.choice([1, 31, 366]))).isoformat()
    elif kind == 4:
        r["nik"] = r["nik"][:8] + "13" + r["nik"][10:]
    elif kind == 5:
        r["nik"] = r["nik"][:6] + "00" + r["nik"][8:]
    elif kind == 6:
        r["nik"] = r["nik"][:12] + "0000"
    elif kind == 7:  # 16, never married: not eligible
        d = HARI - timedelta(days=16 * 365 + 100)
        r.update(tanggal_lahir=d.isoformat(), status_kawin="B",
                 nik=make_nik(KEC, d, r["jenis_kelamin"], 7))
    elif kind == 8:  # 16 and married: eligible
        d = HARI - timedelta(days=16 * 365 + 100)
        r.update(tanggal_lahir=d.isoformat(), status_kawin="S",
                 nik=make_nik(KEC, d, r["jenis_kelamin"], 7))
    elif kind == 9:  # turns 17 exactly on polling day
        d = HARI.replace(year=HARI.year - 17)
        r.update(tanggal_lahir=d.isoformat(), status_kawin="B",
                 nik=make_nik(KEC, d, r["jenis_kelamin"], 7))
    elif kind == 10:
        r["rt"] = rng.choice(["0", "abc", "1000", ""])
    elif kind == 11:
        r["nama"] = rng.choice(["", "Budi 2", "X" * 151, "Siti@Aminah"])
    elif kind == 12:
        r["status_kawin"] = rng.choice(["K", "", "s"])
    elif kind == 13:
        r["disabilitas"] = rng.choice(["7", "", "x"])
    elif kind == 14:
        r["nkk"] = rng.choice(["0" * 16, "12345", r["nkk"][:15] + "Z"])
    elif kind == 15:
        r["tanggal_lahir"] = rng.choice(["1990-02-30", "27-11-1990", ""])
    elif kind == 16:  # born after polling day (and so in the future of coklit too)
        d = HARI + timedelta(days=30)
        r.update(tanggal_lahir=d.isoformat(), nik=make_nik(KEC, d, r["jenis_kelamin"], 7))
    else:  # another kecamatan's NIK: a warning, not an error
        r["nik"] = make_nik("35.06.01", lahir, r["jenis_kelamin"], 9)
    return r


def _tepi() -> list[dict]:
    """Fixed records for the parameters a message shows: Python repr() of odd characters, the
    NIK's century, code-point lengths, Python's idea of whitespace, all-zero NKK."""
    lahir = date(1990, 3, 7)
    v = {"nkk": "3571012345678901", "nik": make_nik(KEC, lahir, "L", 1), "nama": "BUDI",
         "jenis_kelamin": "L", "tempat_lahir": "KEDIRI", "tanggal_lahir": lahir.isoformat(),
         "status_kawin": "B", "alamat": "JL. MAWAR", "rt": "1", "rw": "2", "disabilitas": "0",
         "ktp_el": "S"}
    nik = v["nik"]
    out = [{**v, "nik": nik[:4] + c + nik[5:]} for c in (
        "'", '"', "\\", "\t", "\x00", "\x7f", "\u00a0", "\u00e9", "\u200b", "\u2028",
        "\U0001f600", "\U000e0001", "\ufeff", "A")]
    out += [
        {**v, "nik": "\ufeff" + nik}, {**v, "nik": "\x1c" + nik + "\x85"},  # strip() differs
        {**v, "nik": nik + "\U0001f600"}, {**v, "nik": None}, {**v, "nkk": "0" * 16},
        {**v, "nkk": "0912345678901234"}, {**v, "nkk": "3500001234567890"},
        {**v, "nik": "0900000703900001"},
        # NIK dates that are not in the calendar: the year shown is the one Python picks.
        {**v, "nik": "3571013104850001", "tanggal_lahir": "1985-04-30"},
        {**v, "nik": "3571013002900001", "tanggal_lahir": "1991-01-01"},
        {**v, "nik": "3571013002200001", "tanggal_lahir": "1991-01-01"},
        {**v, "nik": "3571012902000001", "tanggal_lahir": "1900-02-28"},
        {**v, "nik": "3571016902010001", "tanggal_lahir": "2001-03-01", "jenis_kelamin": "P"},
        {**v, "nik": "3571017103900001"},  # a woman's NIK on a man's record
        {**v, "tempat_lahir": "\U0001f600" * 80}, {**v, "tempat_lahir": "\U0001f600" * 81},
        {**v, "alamat": "A" * 201}, {**v, "tempat_lahir": " \t"}, {**v, "nama": "BUDI \U0001f600"},
        {**v, "rt": 3}, {**v, "rw": "0"}, {**v, "rt": "007"}, {**v, "status_kawin": "k"},
        {**v, "disabilitas": " 7 "}, {**v, "ktp_el": ""}, {**v, "tanggal_lahir": "0000-01-01"},
    ]
    return out


def _python_verdict(r: dict) -> list[str]:
    clean, problems = clean_fields(r)
    if problems:
        return sorted({p.field for p in problems})
    problems = validate_record(clean, hari_pemungutan=HARI, kode_kecamatan=KEC,
                               hari_ini=HARI_INI)
    return sorted({p.field for p in problems if p.is_error})


def _python_problems(r: dict) -> tuple[list[tuple], list[tuple]]:
    """Stage by stage as in the verdict: the clean_fields problems, or else validate_record's.
    ``(field, code, severity, text)`` sorted, and ``(field, code, params as JSON)`` sorted."""
    clean, problems = clean_fields(r)
    if not problems:
        problems = validate_record(clean, hari_pemungutan=HARI, kode_kecamatan=KEC,
                                   hari_ini=HARI_INI)
    return (sorted((p.field, p.code, p.severity, p.text()) for p in problems),
            sorted((p.field, p.code, json.dumps(p.params, sort_keys=True)) for p in problems))


def _js_problems(masalah: list[dict]) -> tuple[list[tuple], list[tuple]]:
    return (sorted((m["field"], m["code"], "warning" if m["peringatan"] else "error", m["pesan"])
                   for m in masalah),
            sorted((m["field"], m["code"], json.dumps(m["params"], sort_keys=True))
                   for m in masalah))


JS = """async ([url, cases, hari, hariIni, kec]) => {
  const a = await import(url);
  return cases.map((r) => {
    const {bersih, masalah} = a.bersihkan(r);
    if (masalah.length) return [...new Set(masalah.map((m) => m.field))].sort();
    const out = a.cekRekaman(bersih, {hari_pemungutan: hari, kode_kecamatan: kec,
                                      hari_ini: hariIni});
    return [...new Set(out.filter((m) => !m.peringatan).map((m) => m.field))].sort();
  });
}"""

# The problems themselves, stage by stage as above.
JS_MASALAH = """async ([url, cases, hari, hariIni, kec]) => {
  const a = await import(url);
  const isi = (m) => ({field: m.field, code: m.code, params: m.params, pesan: m.pesan,
                       peringatan: m.peringatan});
  return cases.map((r) => {
    const {bersih, masalah} = a.bersihkan(r);
    if (masalah.length) return masalah.map(isi);
    return a.cekRekaman(bersih, {hari_pemungutan: hari, kode_kecamatan: kec,
                                 hari_ini: hariIni}).map(isi);
  });
}"""


def test_client_rules_agree_with_server_rules(live_server, page):
    rng = random.Random(2024)
    cases = []
    for _ in range(150):
        r = _valid(rng)
        cases.append(r)
        cases.append(_broken(rng, r))
        cases.append(_broken(rng, _broken(rng, r)))
    page.goto(live_server.url + "/masuk/")
    js = page.evaluate(JS, [live_server.url + "/static/coklit/aturan.js", cases,
                            HARI.isoformat(), HARI_INI.isoformat(), "357101"])
    disagree = [(c, _python_verdict(c), j) for c, j in zip(cases, js, strict=True)
                if _python_verdict(c) != j]
    assert not disagree, f"{len(disagree)} of {len(cases)} disagree, e.g. {disagree[:3]}"
    # The sample really exercises both verdicts.
    assert sum(1 for j in js if j) > 100 and sum(1 for j in js if not j) > 100

    # Same problems, messages and params, not only the same fields.
    cases += _tepi()
    js = page.evaluate(JS_MASALAH, [live_server.url + "/static/coklit/aturan.js", cases,
                                    HARI.isoformat(), HARI_INI.isoformat(), "357101"])
    beda = []
    for c, j in zip(cases, js, strict=True):
        py_teks, py_params = _python_problems(c)
        js_teks, js_params = _js_problems(j)
        if py_teks != js_teks or py_params != js_params:
            beda.append({"record": c, "python": py_teks, "js": js_teks,
                         "python_params": py_params, "js_params": js_params})
    assert not beda, f"{len(beda)} of {len(cases)} differ in problems, e.g. {beda[:2]}"
    codes = {m["code"] for j in js for m in j}
    assert {"nik_bukan_angka", "nik_tanggal_tidak_ada", "nkk_nol", "kode_tidak_dikenal",
            "nik_kecamatan_beda", "di_bawah_umur", "tanggal_masa_depan"} <= codes, codes
