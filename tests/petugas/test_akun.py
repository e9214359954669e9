"""Pantarlih accounts managed by PPS: one at a time, from an XLSX template, password resets and
deactivation; always inside the PPS's own kelurahan."""

from __future__ import annotations

import base64
import io
import re
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.http import Http404
from django.test import Client
from openpyxl import Workbook, load_workbook

from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.errors import ServiceError
from selenggara.petugas import akun_xlsx
from selenggara.petugas import services as akun
from selenggara.petugas.models import Petugas
from selenggara.petugas.scope import get_scope
from selenggara.rules.nik import make_nik
from tests import factories

User = get_user_model()


@pytest.fixture(autouse=True)
def _hash_cepat(settings):
    """PBKDF2 costs ~0.5 s per password by design and these tests create many: new passwords
    get a fast hash here. The factories' shared hash is made first with the real hasher (it is
    cached for the whole run, and other tests log in with it), and PBKDF2 stays accepted."""
    factories.password_hash()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 *settings.PASSWORD_HASHERS]


def nik(jk="L", lahir=date(1990, 4, 5), urut=4321) -> str:
    return make_nik("35.71.01", lahir, jk, urut)


def data_pantarlih(ns, **kw) -> dict:
    return {"nama": "Slamet Riyadi", "nik": nik(), "jenis_kelamin": "L",
            "telepon": "0812-3456-7890", "tps": ns.tps_bl901.pk, **kw}


def _jumlah() -> tuple[int, int]:
    return Petugas.objects.count(), User.objects.count()


# -- one at a time --------------------------------------------------------------------------------


def test_pps_creates_a_pantarlih_with_a_one_time_password(kediri_mini):
    ns = kediri_mini
    hasil = akun.buat_pantarlih(ns.pps_bl, data_pantarlih(ns))
    assert hasil.username == "pantarlih.bandarlor.901.1"
    assert re.fullmatch(r"[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}", hasil.password)
    p = hasil.petugas
    assert (p.peran, p.wilayah_id, p.tps_id, p.pemilihan_id) == (
        "PANTARLIH", ns.bandar_lor.pk, ns.tps_bl901.pk, ns.pemilihan.pk)
    assert p.telepon == "081234567890" and p.aktif
    user = User.objects.get(username=hasil.username)
    assert user.check_password(hasil.password)
    assert hasil.password not in user.password  # only the hash is kept
    scope = get_scope(user)
    assert (scope.peran, scope.tps_id) == ("PANTARLIH", ns.tps_bl901.pk)
    rec = AuditRecord.objects.order_by("-seq").first()
    assert rec.aksi == "pps.pantarlih_buat" and rec.username == "pps_bandarlor"
    assert hasil.password not in str(rec.sesudah) and p.nik not in str(rec.sesudah)

    # The next at the same TPS gets .2, and a warning: TPS 901 needs one Pantarlih.
    dua = akun.buat_pantarlih(ns.pps_bl, data_pantarlih(
        ns, nama="Sri Rejeki", nik=nik("P", urut=4322), jenis_kelamin="P"))
    assert dua.username == "pantarlih.bandarlor.901.2"
    assert dua.peringatan and "TPS 901" in dua.peringatan[0]
    assert verify().ok


def test_invalid_data_gets_indonesian_errors_per_field(kediri_mini):
    ns = kediri_mini
    before = _jumlah()
    with pytest.raises(ServiceError) as exc:
        akun.buat_pantarlih(ns.pps_bl, data_pantarlih(ns, nik="35710112345", nama="",
                                                      telepon="12ab"))
    g = exc.value.galat
    assert set(g) == {"nik", "nama", "telepon"}
    assert "16" in " ".join(g["nik"])
    with pytest.raises(ServiceError) as exc:  # a man's NIK, marked P
        akun.buat_pantarlih(ns.pps_bl, data_pantarlih(ns, jenis_kelamin="P"))
    assert "jenis_kelamin" in exc.value.galat
    akun.buat_pantarlih(ns.pps_bl, data_pantarlih(ns))
    with pytest.raises(ServiceError) as exc:  # the same NIK again
        akun.buat_pantarlih(ns.pps_bl, data_pantarlih(ns, tps=ns.tps_bl2.pk))
    assert "sudah terdaftar sebagai Pantarlih Slamet Riyadi" in exc.value.galat["nik"][0]
    assert _jumlah() == (before[0] + 1, before[1] + 1)


def test_pps_cannot_create_for_another_kelurahan(kediri_mini, client_as):
    ns = kediri_mini
    before = _jumlah()
    with pytest.raises(Http404):
        akun.buat_pantarlih(ns.pps_pj, data_pantarlih(ns, tps=ns.tps_bl1.pk))
    r = client_as(ns.pps_pj).post("/pps/pantarlih/tambah/", data_pantarlih(ns, tps=ns.tps_bl1.pk))
    assert r.status_code == 404
    with pytest.raises(ServiceError):  # PPK and KPU do not manage Pantarlih accounts
        akun.buat_pantarlih(ns.ppk, data_pantarlih(ns))
    assert client_as(ns.kpu).post("/pps/pantarlih/tambah/",
                                  data_pantarlih(ns)).status_code == 403
    assert client_as(ns.pantarlih).get("/pps/pantarlih/tambah/").status_code == 403
    assert _jumlah() == before


def test_create_page_shows_the_password_once(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.pps_bl)
    r = c.get("/pps/pantarlih/tambah/")
    assert r.status_code == 200
    r = c.post("/pps/pantarlih/tambah/", data_pantarlih(ns, nik="123"))
    assert r.status_code == 422 and 'id="galat-nik"' in r.content.decode()
    r = c.post("/pps/pantarlih/tambah/", data_pantarlih(ns))
    assert r.status_code == 200
    (baru,) = r.context["daftar"]
    html = r.content.decode()
    assert baru.password in html and "pantarlih.bandarlor.901.1" in html
    assert "no-store" in r["Cache-Control"]
    # The list afterwards shows the account, never the password.
    html = c.get("/pps/pantarlih/").content.decode()
    assert "pantarlih.bandarlor.901.1" in html and baru.password not in html
    # The offered XLSX is made in memory and embedded in the page.
    assert _akun_dari_halaman(r.content.decode()) == [
        ("Slamet Riyadi", "pantarlih.bandarlor.901.1", baru.password)]


def _akun_dari_halaman(html: str) -> list[tuple[str, str, str]]:
    m = re.search(r'href="data:application/vnd\.openxmlformats-officedocument\.'
                  r'spreadsheetml\.sheet;base64,([A-Za-z0-9+/=]+)"', html)
    assert m, "no XLSX download link"
    ws = load_workbook(io.BytesIO(base64.b64decode(m.group(1)))).active
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    return [(r[0], r[2], r[3]) for r in rows if r[0] and r[2]]


# -- reset and deactivate -------------------------------------------------------------------------


def test_reset_password_and_deactivate(kediri_mini, client_as):
    ns = kediri_mini
    joko = ns.petugas_pantarlih
    hasil = akun.reset_sandi(ns.pps_bl, joko.pk)
    user = User.objects.get(pk=ns.pantarlih.pk)
    assert hasil.username == "pantarlih_bl1"
    assert user.check_password(hasil.password) and not user.check_password(ns.password)
    assert AuditRecord.objects.order_by("-seq").first().aksi == "pps.pantarlih_sandi"

    # A real login with the new password works.
    c = Client()
    r = c.post("/masuk/", {"username": "pantarlih_bl1", "password": hasil.password})
    assert r.status_code == 302
    assert c.get("/api/coklit/daftar").status_code == 200

    # Deactivated: the open session stops working, and no new login.
    akun.atur_aktif(ns.pps_bl, joko.pk, False)
    joko.refresh_from_db()
    assert not joko.aktif and not User.objects.get(pk=ns.pantarlih.pk).is_active
    assert c.get("/api/coklit/daftar").status_code in (401, 403)
    r = Client().post("/masuk/", {"username": "pantarlih_bl1", "password": hasil.password})
    assert r.status_code == 200  # the form again, with an error
    with pytest.raises(ServiceError):
        akun.reset_sandi(ns.pps_bl, joko.pk)
    akun.atur_aktif(ns.pps_bl, joko.pk, True)
    assert User.objects.get(pk=ns.pantarlih.pk).is_active

    # Pojok's PPS cannot touch Bandar Lor's Pantarlih.
    for call in (lambda: akun.reset_sandi(ns.pps_pj, joko.pk),
                 lambda: akun.atur_aktif(ns.pps_pj, joko.pk, False)):
        with pytest.raises(Http404):
            call()
    pj = client_as(ns.pps_pj)
    assert pj.post(f"/pps/pantarlih/{joko.pk}/sandi/").status_code == 404
    assert pj.post(f"/pps/pantarlih/{joko.pk}/aktif/", {"aktif": "0"}).status_code == 404


def test_reset_creates_an_account_for_a_pantarlih_without_one(kediri_mini, client_as):
    ns = kediri_mini
    endang = Petugas.objects.get(nama="Endang Sri")
    assert endang.user_id is None
    r = client_as(ns.pps_bl).post(f"/pps/pantarlih/{endang.pk}/sandi/")
    assert r.status_code == 200
    (hasil,) = r.context["daftar"]
    assert hasil.username == "pantarlih.bandarlor.001.1"
    endang.refresh_from_db()
    assert endang.user.check_password(hasil.password)


# -- XLSX -----------------------------------------------------------------------------------------


def _templat(c, slug="bandarlor") -> Workbook:
    r = c.get("/pps/pantarlih/templat.xlsx")
    assert r.status_code == 200
    assert r["Content-Type"] == akun_xlsx.XLSX_MIME
    assert f"templat-pantarlih-{slug}.xlsx" in r["Content-Disposition"]
    return load_workbook(io.BytesIO(r.content))


def isi(ws, *rows) -> None:
    """Type rows into the data sheet from row 2, as a person fills the template."""
    for r, values in enumerate(rows, start=2):
        for col, v in enumerate(values, start=1):
            ws.cell(row=r, column=col, value=v)


def _unggah(c, wb: Workbook):
    buf = io.BytesIO()
    wb.save(buf)
    buf.seek(0)
    buf.name = "pantarlih.xlsx"
    return c.post("/pps/pantarlih/unggah/", {"berkas": buf})


def test_xlsx_template_round_trip_all_or_nothing(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.pps_bl)
    wb = _templat(c)
    assert wb.sheetnames == ["Pantarlih", "Petunjuk"]
    ws = wb["Pantarlih"]
    assert [cell.value for cell in ws[1]] == list(akun_xlsx.KOLOM)
    assert ws["B2"].number_format == "@"
    petunjuk = " ".join(str(v) for row in wb["Petunjuk"].iter_rows(values_only=True)
                        for v in row if v)
    assert "901" in petunjuk and "Lapas Kelas IIA Kediri" in petunjuk and "Pojok" not in petunjuk

    isi(ws,
        ["Slamet Riyadi", nik(), "L", "081234567890", "901"],
        ["Sri Rejeki", nik("P", urut=4322)[:15], "P", "", "002"],  # NIK too short
        ["Agus Wibowo", nik(urut=4323), "L", "", "5"],  # no TPS 005 in Bandar Lor
        [None, None, None, None, None],  # empty rows are skipped
        ["Budi Utomo", nik(urut=4321), "L", "", "1"])  # same NIK as row 2
    before = _jumlah()
    r = _unggah(c, wb)
    assert r.status_code == 422
    galat = [str(g) for g in r.context["galat"]]
    assert any(g.startswith("Baris 3, kolom B (nik):") for g in galat), galat
    assert any(g.startswith("Baris 4, kolom E (nomor_tps): TPS 005 tidak ada di Bandar Lor")
               for g in galat), galat
    assert any(g.startswith("Baris 6, kolom B (nik): NIK sama dengan baris 2") for g in galat)
    assert "Tidak ada akun yang dibuat" in r.content.decode()
    assert _jumlah() == before  # nothing created

    # Fixed: every row becomes an account, in one go.
    ws["B3"] = nik("P", urut=4322)
    ws["E4"] = "002"
    for col in range(1, 6):
        ws.cell(row=6, column=col).value = None
    r = _unggah(c, wb)
    assert r.status_code == 200, [str(g) for g in r.context.get("galat", [])]
    daftar = r.context["daftar"]
    assert [a.username for a in daftar] == [
        "pantarlih.bandarlor.901.1", "pantarlih.bandarlor.002.1", "pantarlih.bandarlor.002.2"]
    assert _jumlah() == (before[0] + 3, before[1] + 3)
    dari_xlsx = _akun_dari_halaman(r.content.decode())
    assert [(n, u) for n, u, _p in dari_xlsx] == [
        ("Slamet Riyadi", "pantarlih.bandarlor.901.1"), ("Sri Rejeki", "pantarlih.bandarlor.002.1"),
        ("Agus Wibowo", "pantarlih.bandarlor.002.2")]
    for _n, username, password in dari_xlsx:
        assert User.objects.get(username=username).check_password(password)
    # Uploading the same file again creates nothing: the NIKs are taken.
    r = _unggah(c, wb)
    assert r.status_code == 422 and _jumlah() == (before[0] + 3, before[1] + 3)
    assert verify().ok


def test_xlsx_numeric_nik_and_bad_files_are_explained(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.pps_bl)
    wb = _templat(c)
    ws = wb["Pantarlih"]
    isi(ws, ["Slamet Riyadi", int(nik()), "L", 81234567890, 901])
    r = _unggah(c, wb)
    (g,) = r.context["galat"]
    assert (g.baris, g.kolom) == (2, "B") and "Teks" in g.pesan

    # Headers changed.
    ws.delete_rows(1)
    r = _unggah(c, wb)
    assert "Judul kolom" in str(r.context["galat"][0])

    # Not an XLSX at all.
    buf = io.BytesIO(b"nama,nik\nx,y\n")
    buf.name = "pantarlih.csv"
    r = c.post("/pps/pantarlih/unggah/", {"berkas": buf})
    assert r.status_code == 422 and "tidak terbaca sebagai XLSX" in str(r.context["galat"][0])


def test_xlsx_from_another_kelurahan_names_only_its_own_tps(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.pps_pj)
    wb = _templat(c, "pojok")
    isi(wb["Pantarlih"], ["Slamet Riyadi", nik(), "L", "", "901"])  # Bandar Lor's loksus TPS
    before = _jumlah()
    r = _unggah(c, wb)
    assert r.status_code == 422
    assert "TPS 901 tidak ada di Pojok" in str(r.context["galat"][0])
    assert _jumlah() == before
    assert client_as(ns.ppk).get("/pps/pantarlih/templat.xlsx").status_code == 403


def test_pantarlih_list_is_scoped(kediri_mini, client_as):
    ns = kediri_mini
    html = client_as(ns.pps_bl).get("/pps/pantarlih/").content.decode()
    assert "Joko Susilo" in html and "Heru Cahyono" not in html
    html = client_as(ns.ppk).get("/pps/pantarlih/").content.decode()
    assert "Joko Susilo" in html and "Heru Cahyono" in html
    assert "/pps/pantarlih/tambah/" not in html  # read-only for PPK
