"""Login (throttled by django-axes), logout, and the id/en language switch."""

from django.test import Client

from tests import factories


def test_login_page_renders_in_indonesian(db):
    r = Client().get("/masuk/")
    assert r.status_code == 200
    html = r.content.decode()
    assert '<html lang="id">' in html
    assert "Nama pengguna" in html and "Kata sandi" in html


def test_login_with_the_real_form_goes_home(kediri_mini):
    c = Client()
    r = c.post("/masuk/", {"username": "pps_bandarlor", "password": factories.PASSWORD})
    assert r.status_code == 302 and r["Location"] == "/"
    r = c.get("/")
    assert "Kelurahan Bandar Lor" in r.content.decode()


def test_login_keeps_next(kediri_mini):
    c = Client()
    r = c.get("/pemilih/")
    assert r["Location"] == "/masuk/?next=/pemilih/"
    r = c.post(
        "/masuk/?next=/pemilih/",
        {"username": "kpu_kediri", "password": factories.PASSWORD, "next": "/pemilih/"},
    )
    assert r["Location"] == "/pemilih/"


def test_wrong_password_explained(kediri_mini):
    r = Client().post("/masuk/", {"username": "pps_bandarlor", "password": "salah"})
    assert r.status_code == 200
    assert "Nama pengguna atau kata sandi salah" in r.content.decode()


def test_five_failures_lock_the_login_with_429(kediri_mini):
    c = Client()
    for _ in range(4):
        r = c.post("/masuk/", {"username": "pps_bandarlor", "password": "salah"})
        assert r.status_code == 200
    r = c.post("/masuk/", {"username": "pps_bandarlor", "password": "salah"})
    assert r.status_code == 429
    html = r.content.decode()
    assert "Akun dikunci sementara" in html
    assert "15 menit" in html
    # Locked: even the right password is refused now, and no session is created.
    r = c.post("/masuk/", {"username": "pps_bandarlor", "password": factories.PASSWORD})
    assert r.status_code == 429
    assert c.get("/pemilih/").status_code == 302
    # The lock is per username + IP: another officer on the same computer can still log in.
    r = Client().post("/masuk/", {"username": "pps_pojok", "password": factories.PASSWORD})
    assert r.status_code == 302


def test_logout_is_post_only(kediri_mini, client_as):
    c = client_as(kediri_mini.pps_bl)
    assert c.get("/keluar/").status_code == 405
    r = c.post("/keluar/")
    assert r.status_code == 302 and r["Location"] == "/masuk/"
    assert c.get("/pemilih/").status_code == 302


def test_language_switch_to_english_and_back(kediri_mini, client_as):
    c = client_as(kediri_mini.pps_bl)
    html = c.get("/").content.decode()
    assert "Daftar pemilih" in html and "Keluar" in html
    r = c.post("/i18n/setlang/", {"language": "en", "next": "/pemilih/"})
    assert r.status_code == 302 and r["Location"] == "/pemilih/"
    r = c.get("/pemilih/")
    html = r.content.decode()
    assert '<html lang="en">' in html
    assert r["Content-Language"] == "en"
    assert "Voter list" in html and "Log out" in html
    assert "Daftar pemilih" not in html
    # Numbers follow the language: 1,006 in English.
    factories.buat_pemilih_banyak(kediri_mini.pemilihan, kediri_mini.tps_bl2, 1000)
    assert "of 1,006 voters" in c.get("/pemilih/").content.decode()
    c.post("/i18n/setlang/", {"language": "id", "next": "/"})
    assert "Daftar pemilih" in c.get("/pemilih/").content.decode()


def test_language_switch_works_for_the_public_too(db):
    c = Client()
    c.post("/i18n/setlang/", {"language": "en", "next": "/masuk/"})
    html = c.get("/masuk/").content.decode()
    assert "Username" in html and "Password" in html
