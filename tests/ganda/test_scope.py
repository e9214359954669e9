"""Who sees which pair: the public nothing (every /ganda/ URL, the JSON status and the downloads
included), a PPS the pairs touching its kelurahan, a PPK its kecamatan, KPU its kab/kota and no
other city's; and no page or file ever carries a whole NIK or NKK (only ``************1234``).

Every check reads the pair ids (and names) in the HTML, CSV, XLSX or JSON, not only the status
code: a page that answers 200 with another area's pairs in it is the leak these tests are for.
"""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from selenggara.ganda import keputusan
from selenggara.ganda.models import PasanganGanda, PencarianGanda
from selenggara.pemilih.models import Pemilih
from tests.factories import pemilih_baru

from . import bantu

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(kediri_mini):
    """Five pairs: Bandar Lor (``bl``), Pojok (``pj``), Pojok + Bandar Lor (``lintas``),
    Semampir in kecamatan Kota (``sm``), and one of Kota Blitar's election (``blitar``)."""
    ns = kediri_mini
    p = {n: bantu.segar(v) for n, v in ns.pemilih.items()}
    pasangan = {
        "bl": (p["Ahmad Fauzi"], bantu.salin(ns, p["Ahmad Fauzi"], tps=ns.tps_bl2)),
        "pj": (p["Rina Wulandari"], bantu.salin(ns, p["Rina Wulandari"], tps=ns.tps_pj2)),
        "lintas": (p["Agus Salim"], bantu.salin(ns, p["Agus Salim"], tps=ns.tps_bl1)),
        "sm": (p["Hendra Gunawan"], bantu.salin(ns, p["Hendra Gunawan"])),
    }
    ns.run = bantu.run_selesai(ns)
    ns.x = dict(zip(pasangan, bantu.pasang(ns.run, list(pasangan.values())), strict=True))
    b = ns.blitar
    bagus = bantu.segar(b.pemilih["Bagus Wicaksono"])
    copy = pemilih_baru(b.pemilihan, b.tps, bagus.nama, "L", bagus.tanggal_lahir)
    copy.nik = bagus.nik
    copy.save()
    b.run = bantu.run_selesai(ns, pemilihan=b.pemilihan)
    (ns.x["blitar"],) = bantu.pasang(b.run, [(bagus, copy)])
    return ns


def _nik_semua() -> list[str]:
    return list(Pemilih.objects.values_list("nik", flat=True)) + list(
        Pemilih.objects.values_list("nkk", flat=True)
    )


def _tanpa_nik(teks: str) -> None:
    for nik in _nik_semua():
        assert nik not in teks


def _di_halaman(k, teks: str) -> set[str]:
    return {nama for nama, x in k.x.items() if f'id="pasangan-{x.pk}"' in teks}


def _id(k, rows) -> set[str]:
    kunci = {(x.pemilih_a_id, x.pemilih_b_id): nama for nama, x in k.x.items()}
    return {kunci[(int(r[0]), int(r[1]))] for r in rows}


def unduhan(c, k) -> dict[str, set[str]]:
    """The pairs in each download of the queue, and no whole NIK in any of them."""
    out = {}
    r = c.get(reverse("ganda:unduh", args=["csv"]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/csv")
    teks = r.content.decode()
    _tanpa_nik(teks)
    rows = list(csv.DictReader(io.StringIO(teks)))
    out["csv"] = _id(k, [(x["pemilih_a"], x["pemilih_b"]) for x in rows])
    for x in rows:
        assert x["nik_a"].startswith("*" * 12) and x["nik_b"].startswith("*" * 12)
    r = c.get(reverse("ganda:unduh", args=["json"]))
    assert r.status_code == 200
    _tanpa_nik(r.content.decode())
    out["json"] = _id(k, [(x["pemilih_a"], x["pemilih_b"]) for x in json.loads(r.content)])
    r = c.get(reverse("ganda:unduh", args=["xlsx"]))
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    sel = [[c.value for c in row] for row in ws.iter_rows()]
    _tanpa_nik(json.dumps(sel, default=str))
    kepala = next(i for i, row in enumerate(sel) if row[0] == "Pemilih A (id)")
    data = [row for row in sel[kepala + 1 :] if isinstance(row[0], int)]
    out["xlsx"] = _id(k, data)
    return out


def test_the_public_gets_nothing(k, client_as):
    anon = client_as(None)
    x = k.x["bl"]
    get = [
        reverse("ganda:antrean"),
        reverse("ganda:status", args=[k.run.pk]),
        reverse("ganda:rinci", args=[x.pk]),
        reverse("ganda:lapangan"),
        *(reverse("ganda:unduh", args=[f]) for f in ("csv", "xlsx", "json")),
    ]
    post = [
        reverse("ganda:cari"),
        reverse("ganda:putuskan", args=[x.pk]),
        reverse("ganda:lapor", args=[x.pk]),
    ]
    for url in get:
        r = anon.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/masuk/"), url
    for url in post:
        r = anon.post(
            url,
            {
                "keputusan": "SAMA",
                "versi_a": 1,
                "versi_b": 1,
                "temuan": "SAMA",
                "catatan": "Dicoret oleh orang luar.",
            },
        )
        assert r.status_code == 302 and r["Location"].startswith("/masuk/"), url
    assert (
        PasanganGanda.objects.get(pk=x.pk).status == "MENUNGGU"
        and not Pemilih.objects.filter(tms_kode="2").exists()
    )
    assert PencarianGanda.objects.count() == 2  # the public started no search


@pytest.mark.parametrize(
    ("akun", "harap"),
    [
        ("pps_bl", {"bl", "lintas"}),
        ("pps_pj", {"pj", "lintas"}),
        ("ppk", {"bl", "pj", "lintas"}),
        ("kpu", {"bl", "pj", "lintas", "sm"}),
        ("blitar_kpu", {"blitar"}),
        ("blitar_pps", {"blitar"}),
    ],
)
def test_each_officer_sees_the_pairs_of_its_area_in_the_page_and_every_download(
    k, client_as, akun, harap
):
    user = (
        k.blitar.kpu
        if akun == "blitar_kpu"
        else (k.blitar.pps if akun == "blitar_pps" else getattr(k, akun))
    )
    c = client_as(user)
    r = c.get(reverse("ganda:antrean"))
    assert r.status_code == 200
    assert _di_halaman(k, r.text) == harap
    _tanpa_nik(r.text)
    for fmt, isi in unduhan(c, k).items():
        assert isi == harap, fmt
    for nama, x in k.x.items():
        kode = c.get(reverse("ganda:rinci", args=[x.pk])).status_code
        assert kode == (200 if nama in harap else 404), (nama, kode)


def test_a_pair_page_and_the_field_check_list_show_only_masked_nik(k, client_as):
    x = k.x["lintas"]
    keputusan.putuskan(k.kpu, x.pk, keputusan="CEK", versi_a=x.versi_a, versi_b=x.versi_b)
    agus = bantu.segar(k.pemilih["Agus Salim"])
    for user, url in (
        (k.kpu, reverse("ganda:rinci", args=[x.pk])),
        (k.pps_pj, reverse("ganda:rinci", args=[x.pk])),
        (k.pantarlih, reverse("ganda:lapangan")),
        (k.pps_bl, reverse("ganda:lapangan")),
    ):
        r = client_as(user).get(url)
        assert r.status_code == 200 and "AGUS SALIM" in r.text.upper()
        _tanpa_nik(r.text)
        assert "*" * 12 + agus.nik[-4:] in r.text and "*" * 12 + agus.nkk[-4:] in r.text
    # The CEK pair appears on the field list of Bandar Lor TPS 001 (the copy's TPS) only.
    assert f'id="cek-{x.pk}"' in client_as(k.pantarlih).get(reverse("ganda:lapangan")).text
    assert (
        f'id="cek-{x.pk}"' not in client_as(k.blitar.pantarlih).get(reverse("ganda:lapangan")).text
    )


def test_the_run_status_is_the_elections_own(k, client_as):
    url = reverse("ganda:status", args=[k.run.pk])
    r = client_as(k.kpu).get(url)
    assert r.status_code == 200 and r.json()["status"] == "SELESAI" and r.json()["id"] == k.run.pk
    for user in (k.blitar.kpu, k.blitar.pps):
        assert client_as(user).get(url).status_code == 404
    assert client_as(k.kpu).get(reverse("ganda:status", args=[k.blitar.run.pk])).status_code == 404
    assert client_as(k.pantarlih).get(url).status_code == 403


def test_pps_and_ppk_see_the_citys_run(k, client_as):
    url = reverse("ganda:status", args=[k.run.pk])
    for user in (k.pps_bl, k.ppk):
        assert client_as(user).get(url).status_code == 200
        r = client_as(user).get(reverse("ganda:antrean"))
        assert f"Pencarian #{k.run.pk} selesai" in r.text
