"""The field app's client-side checks (static/coklit/aturan.js) agree with rules/.

The phone validates offline with a JavaScript copy of ``rules.pemilih`` and ``rules.nik`` so a
Pantarlih hears about a typo at the door, not at night when the sync rejects it. A copy can
drift, so this test feeds the same few hundred records, valid and broken in every way the rules
know, to both and requires the same verdict: the same fields in error.
"""

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


def _python_verdict(r: dict) -> list[str]:
    clean, problems = clean_fields(r)
    if problems:
        return sorted({p.field for p in problems})
    problems = validate_record(clean, hari_pemungutan=HARI, kode_kecamatan=KEC,
                               hari_ini=HARI_INI)
    return sorted({p.field for p in problems if p.is_error})


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
