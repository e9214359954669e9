"""Another area's object answers 404 (never its data); lists show only in-scope rows."""

import pytest


def _names(response) -> set[str]:
    return {p.nama for p in response.context["page"].object_list}


def test_pps_bandar_lor_gets_404_for_pojok_voter_tps_and_area(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.pps_bl)
    pojok_voter = ns.pemilih["Rina Wulandari"]
    for url in (
        f"/pemilih/{pojok_voter.pk}/",
        f"/tps/{ns.tps_pj1.pk}/",
        "/wilayah/35.71.01.1004/",
        "/wilayah/35.71.01/",
        "/wilayah/35.71/",
    ):
        r = c.get(url)
        assert r.status_code == 404, url
        html = r.content.decode()
        assert "Rina Wulandari" not in html and pojok_voter.nik not in html
        assert "Tidak ditemukan" in html  # our 404 page, inside the layout
    # Its own objects are fine.
    assert c.get(f"/pemilih/{ns.pemilih['Siti Aminah'].pk}/").status_code == 200
    assert c.get(f"/tps/{ns.tps_bl1.pk}/").status_code == 200
    assert c.get("/wilayah/35.71.01.1001/").status_code == 200


def test_ppk_mojoroto_gets_404_for_voter_in_kecamatan_kota(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.ppk)
    assert c.get(f"/pemilih/{ns.pemilih['Hendra Gunawan'].pk}/").status_code == 404
    assert c.get(f"/tps/{ns.tps_sm1.pk}/").status_code == 404
    assert c.get("/wilayah/35.71.02.1001/").status_code == 404
    assert c.get(f"/pemilih/{ns.pemilih['Rina Wulandari'].pk}/").status_code == 200
    assert c.get("/wilayah/35.71.01.1004/").status_code == 200


def test_tps_officer_sees_only_its_tps(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.pantarlih)
    assert c.get(f"/pemilih/{ns.pemilih['Dewi Lestari'].pk}/").status_code == 404  # TPS 002
    assert c.get(f"/tps/{ns.tps_bl2.pk}/").status_code == 404
    assert _names(c.get("/pemilih/")) == {"Ahmad Fauzi", "Siti Aminah", "Budi Santoso", "Wahyuni"}


def test_unknown_ids_are_404_too(kediri_mini, client_as):
    c = client_as(kediri_mini.kpu)
    assert c.get("/pemilih/999999/").status_code == 404
    assert c.get("/wilayah/99.99/").status_code == 404


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("kpu", "all"),
        ("ppk", "mojoroto"),
        ("pps_bl", "bandar_lor"),
        ("pps_pj", "pojok"),
    ],
)
def test_voter_list_shows_only_in_scope_rows(kediri_mini, client_as, who, expected):
    ns = kediri_mini
    r = client_as(getattr(ns, who)).get("/pemilih/")
    assert r.status_code == 200
    want = {
        "all": set(ns.pemilih),
        "mojoroto": set(ns.pemilih_bandar_lor) | set(ns.pemilih_pojok),
        "bandar_lor": set(ns.pemilih_bandar_lor),
        "pojok": set(ns.pemilih_pojok),
    }[expected]
    assert _names(r) == want
    html = r.content.decode()
    for nama in set(ns.pemilih) - want:
        assert nama not in html


def test_tps_list_and_filter_choices_are_scoped(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.pps_bl).get("/tps/")
    assert {x.tps.kelurahan.nama for x in r.context["rows"]} == {"Bandar Lor"}
    assert len(r.context["rows"]) == 3
    assert list(r.context["form"].fields["kelurahan"].queryset) == [ns.bandar_lor]

    r = client_as(ns.ppk).get("/pemilih/")
    form = r.context["form"]
    assert set(form.fields["kelurahan"].queryset) == {ns.bandar_lor, ns.pojok}
    assert ns.tps_sm1 not in set(form.fields["tps"].queryset)
    # A PPS has one kelurahan: no kelurahan choice, TPS of its own kelurahan only.
    form = client_as(ns.pps_bl).get("/pemilih/").context["form"]
    assert "kelurahan" not in form.fields
    assert set(form.fields["tps"].queryset) == {ns.tps_bl1, ns.tps_bl2, ns.tps_bl901}


def test_filter_by_out_of_scope_tps_shows_nothing(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.pps_bl).get(f"/pemilih/?tps={ns.tps_pj1.pk}")
    assert r.status_code == 200
    assert _names(r) == set()
    assert "Rina Wulandari" not in r.content.decode()
    assert r.context["form"].errors


def test_filter_by_kelurahan_and_tps(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.kpu)
    assert _names(c.get(f"/pemilih/?kelurahan={ns.pojok.pk}")) == set(ns.pemilih_pojok)
    assert _names(c.get(f"/pemilih/?tps={ns.tps_bl2.pk}")) == {"Dewi Lestari", "Eko Prasetyo"}


def test_htmx_tps_options_are_scoped(kediri_mini, client_as):
    ns = kediri_mini
    html = client_as(ns.ppk).get(f"/tps/pilihan/?kelurahan={ns.pojok.pk}").content.decode()
    assert html.count("<option") == 3  # "Semua TPS" + TPS 001, 002 of Pojok
    assert "Pojok" in html and "Bandar Lor" not in html
    # A kelurahan outside the scope falls back to the caller's own TPS, never the other's.
    html = client_as(ns.pps_bl).get(f"/tps/pilihan/?kelurahan={ns.pojok.pk}").content.decode()
    assert "Pojok" not in html


def test_officer_list_is_scoped(kediri_mini, client_as):
    ns = kediri_mini
    r = client_as(ns.pps_bl).get("/petugas/")
    names = _names(r)
    assert names == {
        "Sulastri",
        "Mulyono",
        "Kartini",
        "Joko Susilo",
        "Endang Sri",
        "Bambang Irawan",
        "Rahmat Hidayat",
        "Nur Aini",
    }
    r = client_as(ns.ppk).get("/petugas/?peran=PPS")
    assert _names(r) == {"Sulastri", "Mulyono", "Kartini", "Suparno"}
    r = client_as(ns.kpu).get("/petugas/")
    # KPU 1, PPK 3, PPS 5, Pantarlih 4, KPPS 2
    assert r.context["page"].paginator.count == 15


@pytest.mark.parametrize(
    "url", ["/pemilih/", "/pemilih/1/", "/tps/", "/tps/1/", "/petugas/", "/wilayah/35.71/"]
)
def test_public_is_redirected_to_login(kediri_mini, client_as, url):
    r = client_as(None).get(url)
    assert r.status_code == 302
    assert r["Location"].startswith("/masuk/?next=")


def test_pages_with_personal_data_are_not_cached(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.pps_bl)
    for url in ("/pemilih/", f"/pemilih/{ns.pemilih['Siti Aminah'].pk}/"):
        assert "no-store" in c.get(url)["Cache-Control"]
