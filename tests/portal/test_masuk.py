"""Login throttling: per account (a known device still gets in) and per client address."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.test import Client

from selenggara.audit.models import AuditRecord
from selenggara.web import alamat

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _hash_cepat(settings):
    # Dozens of failed logins each hash a password; a fast hasher keeps this module quick
    # (PBKDF2 hashes made elsewhere still verify: Django checks every listed hasher).
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher",
                                 "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


def _masuk(c, username, password, **meta):
    return c.post("/masuk/", {"username": username, "password": password}, **meta)


def _akun_banyak(ns, n):
    User = get_user_model()
    pw = make_password("rahasia-uji")
    return [User.objects.create(username=f"pantarlih.uji.{i:03d}", password=pw).username
            for i in range(n)]


def test_password_spraying_from_one_address_is_stopped(kediri_mini):
    """80 wrong passwords over 40 usernames from one address: held after 30, whatever name."""
    names = _akun_banyak(kediri_mini, 40)
    c = Client()
    codes = [_masuk(c, names[i % 40], "salah-sekali").status_code for i in range(80)]
    assert codes[:29] == [200] * 29 and set(codes[29:]) == {429}
    # Even a right password for another account is refused from that address for now...
    assert _masuk(Client(), "pps_pojok", kediri_mini.password).status_code == 429
    # ...but another address is not affected.
    r = _masuk(Client(), "pps_pojok", kediri_mini.password, REMOTE_ADDR="10.1.2.3")
    assert r.status_code == 302


def test_a_known_device_logs_in_while_its_account_is_held(kediri_mini):
    ns = kediri_mini
    phone = Client()
    assert _masuk(phone, "pps_bandarlor", ns.password).status_code == 302  # remembered
    phone.post("/keluar/")
    # An attacker elsewhere burns the account's failures.
    for i in range(5):
        _masuk(Client(), "pps_bandarlor", "tebakan", REMOTE_ADDR=f"192.0.2.{i + 1}")
    assert _masuk(Client(), "pps_bandarlor", ns.password,
                  REMOTE_ADDR="192.0.2.77").status_code == 429
    # The PPS's own phone, with its device cookie, still gets in.
    assert _masuk(phone, "pps_bandarlor", ns.password).status_code == 302


def test_a_forged_device_cookie_does_not_help(kediri_mini):
    ns = kediri_mini
    for i in range(5):
        _masuk(Client(), "pps_bandarlor", "tebakan", REMOTE_ADDR=f"192.0.2.{i + 1}")
    c = Client()
    c.cookies["selenggara_perangkat"] = '["pps_bandarlor"]'
    assert _masuk(c, "pps_bandarlor", ns.password, REMOTE_ADDR="192.0.2.9").status_code == 429


def test_forwarded_for_is_believed_only_from_a_trusted_proxy(kediri_mini, settings):
    req = type("R", (), {})()
    req.META = {"REMOTE_ADDR": "203.0.113.5", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}
    alamat._tepercaya.cache_clear()
    assert alamat.alamat_klien(req) == "203.0.113.5"  # no proxy configured: header ignored
    settings.PROXY_TEPERCAYA = ["127.0.0.1", "10.0.0.0/8"]
    alamat._tepercaya.cache_clear()
    try:
        req.META = {"REMOTE_ADDR": "127.0.0.1",
                    "HTTP_X_FORWARDED_FOR": "6.6.6.6, 198.51.100.7, 10.0.0.2"}
        # The spoofed left-most hop is ignored: the client is the first untrusted from the right.
        assert alamat.alamat_klien(req) == "198.51.100.7"
        # Behind the proxy, two officers of one office are two clients, not one.
        c = Client()
        for _ in range(5):
            _masuk(c, "pps_bandarlor", "salah", REMOTE_ADDR="127.0.0.1",
                   HTTP_X_FORWARDED_FOR="198.51.100.7")
        r = _masuk(Client(), "pps_pojok", kediri_mini.password, REMOTE_ADDR="127.0.0.1",
                   HTTP_X_FORWARDED_FOR="198.51.100.8")
        assert r.status_code == 302
    finally:
        alamat._tepercaya.cache_clear()


def test_login_events_are_audited_without_the_address_in_clear(kediri_mini):
    ns = kediri_mini
    c = Client()
    _masuk(c, "pps_bandarlor", "salah", REMOTE_ADDR="198.51.100.23")
    _masuk(c, "tidak.ada", "salah", REMOTE_ADDR="198.51.100.23")
    _masuk(c, "pps_bandarlor", ns.password, REMOTE_ADDR="198.51.100.23")
    gagal = list(AuditRecord.objects.filter(aksi="masuk.gagal").order_by("seq"))
    assert len(gagal) == 2
    assert gagal[0].objek_id == str(ns.pps_bl.pk) and gagal[0].sesudah["username"] == ""
    assert gagal[1].sesudah["username"] == "tidak.ada"  # what was tried, for an unknown name
    assert all("198.51.100.23" not in str(g.sesudah) for g in gagal)
    assert gagal[0].sesudah["alamat"] == "198.51.100.0/24"
    ok = AuditRecord.objects.get(aksi="masuk.berhasil")
    assert ok.username == "pps_bandarlor"
    for _ in range(5):
        _masuk(Client(), "pps_pojok", "salah", REMOTE_ADDR="198.51.100.24")
    held = AuditRecord.objects.get(aksi="masuk.ditahan")
    assert held.sesudah["oleh"] == "akun" and held.objek_id == str(ns.pps_pj.pk)


def test_the_admin_login_goes_through_the_same_page(client):
    r = client.get("/admin/login/?next=/admin/pemilih/pemilih/")
    assert r.status_code == 302
    assert r["Location"] == "/masuk/?next=%2Fadmin%2Fpemilih%2Fpemilih%2F"
