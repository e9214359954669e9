"""Small things a user trips over first: where a login lands, the favicon, labels."""

import pytest

pytestmark = pytest.mark.django_db


def _masuk(client, username, password, **extra):
    return client.post("/masuk/", {"username": username, "password": password, **extra})


def test_each_role_lands_on_its_home_after_login(kediri_mini, client):
    ns = kediri_mini
    r = _masuk(client, "pantarlih_bl1", ns.password)
    assert r.status_code == 302 and r["Location"] == "/coklit/"
    client.logout()
    for username in ("kpu_kediri", "ppk_mojoroto", "pps_bandarlor", "kpps_bl1"):
        r = _masuk(client, username, ns.password)
        assert r.status_code == 302 and r["Location"] == "/", username
        client.logout()
    # A link that asked for a page still gets that page.
    r = _masuk(client, "pantarlih_bl1", ns.password, next="/tps/")
    assert r["Location"] == "/tps/"


def test_favicon_is_served(client):
    r = client.get("/favicon.ico")
    assert r.status_code == 200 and r["Content-Type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00" and "max-age" in r["Cache-Control"]


def test_tps_labels_are_not_doubled(kediri_mini, client_as):
    """A TPS's name is its place (Lapas...), not "TPS 001": pages must not print it twice."""
    ns = kediri_mini
    ns.tps_bl1.nama = ""
    ns.tps_bl1.save()
    for url in ("/pps/", f"/pps/?kelurahan={ns.bandar_lor.pk}", "/pps/pantarlih/"):
        html = client_as(ns.pps_bl).get(url).content.decode()
        assert "TPS 001 TPS 001" not in html and "TPS 001" in html, url
    html = client_as(ns.pps_bl).get("/pps/pantarlih/").content.decode()
    assert "TPS 901" in html and "Lapas Kelas IIA Kediri" in html


def test_superuser_chooses_election_and_area_remembered_in_the_session(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.admin)
    r = c.get("/pilih/")
    assert r.status_code == 200 and ns.pemilihan.nama in r.content.decode()
    # An area outside the election is refused with a message, nothing is kept.
    r = c.post("/pilih/", {"pemilihan": ns.pemilihan.pk, "wilayah": "35.72"})
    assert r.status_code == 422 and "tidak ada di" in r.content.decode()
    assert c.get("/")["Location"] == "/pilih/"
    r = c.post("/pilih/", {"pemilihan": ns.pemilihan.pk, "wilayah": ns.mojoroto.kode})
    assert r["Location"] == "/"
    r = c.get("/")
    assert r.context["wilayah"] == ns.mojoroto and r.context["pemilihan"] == ns.pemilihan
    # The choice scopes the superuser's lists to that election.
    html = c.get("/pemilih/").content.decode()
    assert "Ahmad Fauzi" in html
    # Officers never choose: they always see their own election and area.
    assert client_as(ns.kpu).get("/pilih/").status_code == 403
