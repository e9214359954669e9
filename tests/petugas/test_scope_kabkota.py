"""Two kab/kota in one database: an officer of Kota Blitar sees nothing of Kota Kediri and can
change nothing of it, on the pages, the field-app API and the Django admin (and back).

Every check looks for Kediri's names and codes in the HTML or JSON, not only for a status code:
a page that answers 200 with another city's rows in it is the leak these tests are for.
"""

from __future__ import annotations

import json
import uuid
from datetime import date

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.utils.html import escape

from selenggara.audit.models import AuditRecord
from selenggara.coklit import sync
from selenggara.coklit.models import Perubahan, Tinjauan
from selenggara.coklit.sync import Change
from selenggara.pemilih.models import Pemilih
from selenggara.pemilihan.models import Kontestasi, Paslon, Pemilihan, Tahapan
from selenggara.petugas.models import BadanAdhoc, Petugas
from selenggara.rules.nik import make_nik
from selenggara.wilayah.models import TPS, Wilayah
from tests.factories import staf_kpu
from tests.snapshots import xlsx_snapshot

# What would give Kediri away in a page: its areas (names, dotted codes, NIK region prefixes),
# its voters, officers and accounts, and the election rows named after it. Matched ignoring
# case. "Kota" alone (a Kediri kecamatan) is not here: "Kota Blitar" holds it too.
KEDIRI = (
    "Kediri", "Mojoroto", "Bandar Lor", "Pojok", "Semampir", "35.71", "357101", "357102",
    # voters
    "Ahmad Fauzi", "Siti Aminah", "Budi Santoso", "Wahyuni", "Dewi Lestari", "Eko Prasetyo",
    "Rina Wulandari", "Agus Salim", "Sri Mulyani", "Hendra Gunawan", "Yuni Astuti",
    # officers and accounts
    "Ketua PPK Mojoroto", "Anggota PPK Mojoroto", "Sulastri", "Mulyono", "Kartini", "Suparno",
    "Sutrisno", "Joko Susilo", "Endang Sri", "Bambang Irawan", "Heru Cahyono", "Rahmat Hidayat",
    "Nur Aini", "kpu_kediri", "ppk_mojoroto", "pps_bandarlor", "pps_pojok", "pantarlih_bl1",
    "kpps_bl1",
)
BLITAR = (
    "Blitar", "Sukorejo", "35.72", "357201", "Bagus Wicaksono", "Indah Permatasari",
    "Yoga Pratama", "Wulan Safitri", "Dimas Anggara", "kpu_blitar", "ppk_blitar", "pps_blitar",
    "pantarlih_blitar",
)
AKUN_BLITAR = ("kpu", "ppk", "pps", "pantarlih")


def bocor(teks: str, penanda=KEDIRI) -> list[str]:
    """The markers of the other city found in ``teks`` (empty: nothing leaked)."""
    rendah = teks.lower()
    return [p for p in penanda if p.lower() in rendah]


def _html(r) -> str:
    """The page without what the request itself put there: the language switch repeats the
    path (``next``) and a search box its term; neither comes from the database."""
    html = r.content.decode()
    req = r.wsgi_request
    echoes = [req.get_full_path(), req.path, *(v for _k, vs in req.GET.lists() for v in vs)]
    for echo in sorted({e for e in echoes if len(e) >= 3}, key=len, reverse=True):
        html = html.replace(echo, "").replace(escape(echo), "")
    return html


def _ubah(petugas, user, pemilih, **fields):
    (a,) = sync.sync(petugas, user, [Change(
        id=uuid.uuid4(), aksi="UBAH", pemilih_id=pemilih.pk, versi=pemilih.versi,
        data={"ubah": fields})])
    assert a.status == "applied", a.galat
    return Perubahan.objects.get(client_id=a.id)


@pytest.fixture
def ns(kediri_mini):
    """The fixture plus what each city's election, bodies and audit log hold: a contest with a
    candidate pair, a calendar stage, a PPS body, and one coklit change waiting for its PPS
    (which also puts each city's Pantarlih in the audit log)."""
    ns = kediri_mini
    b = ns.blitar
    for kota, pm, kel, nama in ((ns.kota, ns.pemilihan, ns.bandar_lor, "Kediri"),
                                (b.kota, b.pemilihan, b.kelurahan, "Blitar")):
        k = Kontestasi.objects.create(pemilihan=pm, jenis="WALIKOTA", wilayah=kota,
                                      nama=f"Pemilihan Wali Kota {nama}")
        Paslon.objects.create(kontestasi=k, nomor_urut=1, nama_kepala=f"Kepala {nama}",
                              nama_wakil=f"Wakil {nama}")
        Tahapan.objects.create(pemilihan=pm, kode="dps", nama=f"Pengumuman DPS {nama}",
                               mulai=date(2024, 8, 18), selesai=date(2024, 8, 27), urutan=1)
        BadanAdhoc.objects.create(pemilihan=pm, jenis="PPS", wilayah=kel,
                                  masa_mulai=date(2024, 5, 1), masa_selesai=date(2025, 1, 31))
    ns.kontestasi = Kontestasi.objects.get(pemilihan=ns.pemilihan)
    ns.paslon = Paslon.objects.get(kontestasi=ns.kontestasi)
    ns.tahapan = Tahapan.objects.get(pemilihan=ns.pemilihan)
    ns.badan = BadanAdhoc.objects.get(pemilihan=ns.pemilihan)
    ns.perubahan = _ubah(ns.petugas_pantarlih, ns.pantarlih, ns.pemilih["Ahmad Fauzi"],
                         alamat="Jl. Mawar 3")
    b.perubahan = _ubah(b.petugas_pantarlih, b.pantarlih, b.pemilih["Bagus Wicaksono"],
                        alamat="Jl. Melati 5")
    ns.audit = AuditRecord.objects.filter(username="pantarlih_bl1").first()
    assert ns.audit is not None
    return ns


# -- pages ----------------------------------------------------------------------------------------


@pytest.mark.parametrize("who", AKUN_BLITAR)
def test_blitar_home_shows_blitar_only(ns, client_as, who):
    r = client_as(getattr(ns.blitar, who)).get("/")
    assert r.status_code == 200
    html = _html(r)
    assert bocor(html) == []
    assert "Sukorejo" in html


@pytest.mark.parametrize("who", AKUN_BLITAR)
@pytest.mark.parametrize("kode", ["35", "35.71", "35.71.01", "35.71.02", "35.71.01.1001",
                                  "35.71.01.1004", "35.71.02.1001"])
def test_kediri_area_pages_are_404_for_blitar(ns, client_as, who, kode):
    r = client_as(getattr(ns.blitar, who)).get(f"/wilayah/{kode}/")
    assert r.status_code == 404
    assert bocor(_html(r)) == []


def test_blitar_area_pages_still_open_for_blitar(ns, client_as):
    c = client_as(ns.blitar.kpu)
    for kode in ("35.72", "35.72.01", "35.72.01.1001"):
        r = c.get(f"/wilayah/{kode}/")
        assert r.status_code == 200, kode
        assert bocor(_html(r)) == []


@pytest.mark.parametrize("who", AKUN_BLITAR)
def test_tps_list_detail_and_options_hold_no_kediri_tps(ns, client_as, who):
    c = client_as(getattr(ns.blitar, who))
    r = c.get("/tps/")
    assert r.status_code == 200
    assert [x.tps for x in r.context["rows"]] == [ns.blitar.tps]
    assert bocor(_html(r)) == []
    # Filtering by a Kediri kelurahan shows nothing (the choice is not valid here).
    r = c.get(f"/tps/?kelurahan={ns.bandar_lor.pk}")
    assert r.context["rows"] == [] and bocor(_html(r)) == []
    for tps in TPS.objects.filter(kelurahan__induk__induk=ns.kota):
        r = c.get(f"/tps/{tps.pk}/")
        assert r.status_code == 404
        assert bocor(_html(r)) == []
    r = c.get(f"/tps/pilihan/?kelurahan={ns.bandar_lor.pk}")
    assert bocor(_html(r)) == []


@pytest.mark.parametrize("who", AKUN_BLITAR)
def test_voter_list_search_and_detail_hold_no_kediri_voter(ns, client_as, who):
    c = client_as(getattr(ns.blitar, who))
    r = c.get("/pemilih/")
    assert r.status_code == 200
    assert {p.nama for p in r.context["page"].object_list} == set(ns.blitar.pemilih)
    assert bocor(_html(r)) == []
    ahmad = ns.pemilih["Ahmad Fauzi"]
    for params in ({"q": "Ahmad Fauzi"}, {"q": "Fauzi"}, {"q": ahmad.nik[-4:]}):
        r = c.get("/pemilih/", params)
        assert r.status_code == 200, params
        assert list(r.context["page"].object_list) == [], params
        assert bocor(_html(r)) == [], params
    # A Kediri kelurahan or TPS as a filter: at most the caller's own voters (a PPS or TPS
    # officer has no kelurahan choice at all, so that parameter is ignored).
    for params in ({"kelurahan": ns.bandar_lor.pk}, {"tps": ns.tps_bl1.pk}):
        r = c.get("/pemilih/", params)
        assert r.status_code == 200, params
        assert {p.nama for p in r.context["page"].object_list} <= set(ns.blitar.pemilih)
        assert bocor(_html(r)) == [], params
    for p in ns.pemilih.values():
        r = c.get(f"/pemilih/{p.pk}/")
        assert r.status_code == 404
        assert bocor(_html(r)) == [] and p.nik not in _html(r)


@pytest.mark.parametrize("who", AKUN_BLITAR)
def test_officer_list_holds_no_kediri_officer(ns, client_as, who):
    c = client_as(getattr(ns.blitar, who))
    r = c.get("/petugas/")
    assert r.status_code == 200
    names = {p.nama for p in r.context["page"].object_list}
    assert names and names <= {p.nama for p in Petugas.objects.filter(
        pemilihan=ns.blitar.pemilihan)}
    assert bocor(_html(r)) == []
    r = c.get("/petugas/", {"q": "Sulastri"})
    assert list(r.context["page"].object_list) == [] and bocor(_html(r)) == []
    r = c.get("/petugas/", {"kelurahan": ns.bandar_lor.pk})
    assert list(r.context["page"].object_list) == [] and bocor(_html(r)) == []


@pytest.mark.parametrize("who", AKUN_BLITAR)
@pytest.mark.parametrize("url", ["/pps/", "/pps/tinjauan/", "/pps/pantarlih/"])
def test_pps_pages_hold_nothing_of_kediri(ns, client_as, who, url):
    r = client_as(getattr(ns.blitar, who)).get(url)
    # KPU, PPK and PPS get in; a Pantarlih gets the "not your page" 403.
    assert r.status_code == (403 if who == "pantarlih" else 200)
    assert bocor(_html(r)) == []


@pytest.mark.parametrize("who", ["kpu", "ppk"])
def test_pps_pages_refuse_a_kediri_kelurahan(ns, client_as, who):
    c = client_as(getattr(ns.blitar, who))
    for url in ("/pps/", "/pps/tinjauan/"):
        r = c.get(url, {"kelurahan": ns.bandar_lor.pk})
        assert r.status_code == 404, url
        assert bocor(_html(r)) == []


def test_blitar_review_queue_is_its_own(ns, client_as):
    r = client_as(ns.blitar.pps).get("/pps/tinjauan/")
    html = _html(r)
    assert "Bagus Wicaksono".upper() in html.upper() and bocor(html) == []


@pytest.mark.parametrize("who", ["kpu", "ppk", "pps"])
def test_kediri_change_is_404_and_cannot_be_decided_from_blitar(ns, client_as, who):
    c = client_as(getattr(ns.blitar, who))
    pk = ns.perubahan.pk
    r = c.get(f"/pps/tinjauan/{pk}/")
    assert r.status_code == 404 and bocor(_html(r)) == []
    for aksi, data in (("setujui", {}), ("kembalikan", {"catatan": "Periksa lagi alamatnya."}),
                       ("koreksi", {"alamat": "Jl. Lain 1"})):
        r = c.post(f"/pps/tinjauan/{pk}/{aksi}/", data)
        assert r.status_code in (403, 404), aksi
        assert bocor(_html(r)) == []
    ns.perubahan.refresh_from_db()
    assert ns.perubahan.tinjauan == Tinjauan.MENUNGGU and ns.perubahan.ditinjau_oleh is None
    ahmad = Pemilih.objects.get(pk=ns.pemilih["Ahmad Fauzi"].pk)
    assert ahmad.alamat == "JL. MAWAR 3" and ahmad.catatan_pps == ""


def test_blitar_pps_cannot_manage_kediri_pantarlih(ns, client_as):
    c = client_as(ns.blitar.pps)
    joko = ns.petugas_pantarlih
    password = joko.user.password
    r = c.post(f"/pps/pantarlih/{joko.pk}/sandi/")
    assert r.status_code in (302, 404)
    assert bocor(_html(c.get("/pps/pantarlih/"))) == []
    r = c.post(f"/pps/pantarlih/{joko.pk}/aktif/", {"aktif": "0"})
    assert r.status_code == 404 and bocor(_html(r)) == []
    joko.refresh_from_db()
    joko.user.refresh_from_db()
    assert joko.aktif and joko.user.is_active and joko.user.password == password

    # A new Pantarlih at a Kediri TPS: refused, nothing created.
    sebelum = Petugas.objects.count()
    r = c.post("/pps/pantarlih/tambah/", {
        "nama": "Pantarlih Titipan", "nik": make_nik("35.72.01", date(1990, 1, 2), "L", 4242),
        "jenis_kelamin": "L", "telepon": "", "tps": ns.tps_bl2.pk})
    assert r.status_code in (404, 422)
    assert Petugas.objects.count() == sebelum
    assert bocor(_html(r)) == []


def test_blitar_pps_template_lists_blitar_tps_only(ns, client_as):
    r = client_as(ns.blitar.pps).get("/pps/pantarlih/templat.xlsx")
    assert r.status_code == 200
    teks = json.dumps(xlsx_snapshot(r.content))
    assert bocor(teks) == [] and "Sukorejo" in teks
    assert '\\"001\\"' in teks  # the TPS drop-down: Sukorejo's single TPS


# -- the field-app API ----------------------------------------------------------------------------


def test_worklist_of_blitar_pantarlih_lists_blitar_voters_only(ns, client_as):
    b = ns.blitar
    r = client_as(b.pantarlih).get("/api/coklit/daftar")
    assert r.status_code == 200
    data = r.json()
    assert {p["id"] for p in data["pemilih"]} == {p.pk for p in b.pemilih.values()}
    assert [t["id"] for t in data["tps_kelurahan"]] == [b.tps.pk]
    assert data["tps"]["id"] == b.tps.pk
    assert bocor(json.dumps(data)) == []
    # Changed since the start: still Blitar only.
    r = client_as(b.pantarlih).get("/api/coklit/daftar", {"sejak": 0})
    assert bocor(r.content.decode()) == []


def test_blitar_pantarlih_cannot_sync_or_look_up_kediri_voters(ns, client_as):
    b = ns.blitar
    c = client_as(b.pantarlih)
    siti = ns.pemilih["Siti Aminah"]
    r = c.post("/api/coklit/sinkron", {"perubahan": [
        {"id": str(uuid.uuid4()), "aksi": "UBAH", "pemilih_id": siti.pk, "versi": siti.versi,
         "data": {"ubah": {"alamat": "Jl. Titipan 1"}}},
        {"id": str(uuid.uuid4()), "aksi": "TMS", "pemilih_id": siti.pk, "versi": siti.versi,
         "data": {"kode": "2"}},
    ]}, content_type="application/json")
    assert r.status_code == 200
    hasil = r.json()["hasil"]
    assert [h["status"] for h in hasil] == ["rejected", "rejected"]
    assert bocor(r.content.decode()) == []
    siti.refresh_from_db()
    assert (siti.alamat, siti.tms_kode, siti.versi) == ("Jl. Bandar Lor", "", 1)
    r = c.post("/api/coklit/cek-nik", {"nik": siti.nik}, content_type="application/json")
    assert r.json() == {"terdaftar": False, "tps": None, "nama_tersamar": None,
                        "nik_tersamar": None}


# -- the Django admin -----------------------------------------------------------------------------

CHANGELISTS = {
    # model: a Blitar row the page must show (proof that the account does see its own)
    "pemilih/pemilih": "Bagus Wicaksono",
    "petugas/petugas": "Wulan Safitri",
    "petugas/badanadhoc": "Sukorejo",
    "wilayah/wilayah": "Sukorejo",
    "wilayah/tps": "Sukorejo",
    "pemilihan/pemilihan": "Pemilihan Serentak 2024 Kota Blitar",
    "pemilihan/kontestasi": "Pemilihan Wali Kota Blitar",
    "pemilihan/paslon": "Kepala Blitar",
    "pemilihan/tahapan": "Pengumuman DPS Blitar",
    "audit/auditrecord": "pantarlih_blitar",
}


def _kediri_objects(ns) -> dict[str, object]:
    return {
        "pemilih/pemilih": ns.pemilih["Siti Aminah"],
        "petugas/petugas": ns.petugas_pps_bl,
        "petugas/badanadhoc": ns.badan,
        "wilayah/wilayah": ns.bandar_lor,
        "wilayah/tps": ns.tps_bl1,
        "pemilihan/pemilihan": ns.pemilihan,
        "pemilihan/kontestasi": ns.kontestasi,
        "pemilihan/paslon": ns.paslon,
        "pemilihan/tahapan": ns.tahapan,
        "audit/auditrecord": ns.audit,
    }


def _pesan(r) -> list[str]:
    return [str(m) for m in get_messages(r.wsgi_request)]


def test_kpu_blitar_is_staff_with_the_demo_admin_rights(ns):
    kpu = ns.blitar.kpu
    assert kpu.is_staff and not kpu.is_superuser
    assert kpu.has_perm("pemilih.change_pemilih") and kpu.has_perm("audit.view_auditrecord")
    assert not kpu.has_perm("auth.view_user")


@pytest.mark.parametrize("model", sorted(CHANGELISTS))
def test_admin_changelists_of_kpu_blitar_hold_no_kediri_row(ns, client_as, model):
    c = client_as(ns.blitar.kpu)
    r = c.get(f"/admin/{model}/")
    assert r.status_code == 200
    html = _html(r)
    assert CHANGELISTS[model] in html
    assert bocor(html) == []
    # A search for Kediri finds nothing either.
    r = c.get(f"/admin/{model}/", {"q": "Kediri"})
    assert r.status_code == 200 and bocor(_html(r)) == []


def test_admin_user_list_is_closed_to_kpu_staff(ns, client_as):
    """KPU staff have no right on accounts (the demo's "Staf KPU" group holds none)."""
    c = client_as(ns.blitar.kpu)
    assert c.get("/admin/auth/user/").status_code == 403
    assert c.get(f"/admin/auth/user/{ns.kpu.pk}/change/").status_code == 403


def test_admin_user_list_given_view_right_shows_blitar_accounts_only(ns, client_as):
    """Should a superuser grant KPU staff the right to view accounts (the officer form's
    account search needs it), they see the accounts of their own officers only."""
    kpu = ns.blitar.kpu
    kpu.user_permissions.add(Permission.objects.get(codename="view_user"))
    c = client_as(kpu)
    r = c.get("/admin/auth/user/")
    assert r.status_code == 200
    html = _html(r)
    assert "pps_blitar" in html and bocor(html) == [] and ">admin<" not in html
    r = c.get(f"/admin/auth/user/{ns.kpu.pk}/change/")
    assert r.status_code == 302 and r["Location"] == "/admin/"
    r = c.get("/admin/autocomplete/", {"app_label": "petugas", "model_name": "petugas",
                                       "field_name": "user", "term": ""})
    assert r.status_code == 200
    assert bocor(r.content.decode()) == [] and "pantarlih_blitar" in r.content.decode()


TANPA_HAPUS = {"pemilih/pemilih", "audit/auditrecord"}  # has_delete_permission() is False


@pytest.mark.parametrize("model", sorted(CHANGELISTS))
def test_admin_kediri_object_pages_say_it_does_not_exist(ns, client_as, model):
    """Django's admin answers an object outside ``get_queryset`` like a missing one: a
    redirect to the admin index with "… doesn't exist. Perhaps it was deleted?"."""
    c = client_as(ns.blitar.kpu)
    obj = _kediri_objects(ns)[model]
    for halaman in ("change", "delete", "history"):
        r = c.get(f"/admin/{model}/{obj.pk}/{halaman}/")
        if halaman == "delete" and model in TANPA_HAPUS:
            assert r.status_code == 403  # nobody deletes these, whatever the row: says nothing
            continue
        assert r.status_code == 302, halaman
        assert r["Location"] == "/admin/"
        pesan = _pesan(r)[-1]  # not followed, so the earlier pages' messages are queued too
        assert f"“{obj.pk}” tidak ada. Mungkin telah dihapus?" in pesan
        assert bocor(pesan) == []


@pytest.mark.parametrize("model", ["pemilihan/tahapan", "pemilihan/paslon", "wilayah/tps",
                                   "petugas/petugas", "petugas/badanadhoc"])
def test_admin_kediri_object_cannot_be_deleted_by_kpu_blitar(ns, client_as, model):
    c = client_as(ns.blitar.kpu)
    obj = _kediri_objects(ns)[model]
    Model = type(obj)
    r = c.post(f"/admin/{model}/{obj.pk}/delete/", {"post": "yes"})
    assert r.status_code == 302 and r["Location"] == "/admin/"
    assert Model.objects.filter(pk=obj.pk).exists()
    # Nor through the changelist's "delete selected" action.
    r = c.post(f"/admin/{model}/", {"action": "delete_selected", "_selected_action": [obj.pk],
                                    "post": "yes"})
    assert r.status_code in (200, 302)
    assert Model.objects.filter(pk=obj.pk).exists()


def test_admin_kediri_tahapan_cannot_be_changed_by_kpu_blitar(ns, client_as):
    c = client_as(ns.blitar.kpu)
    t = ns.tahapan
    r = c.post(f"/admin/pemilihan/tahapan/{t.pk}/change/", {
        "pemilihan": ns.blitar.pemilihan.pk, "kode": "dps", "nama": "Diambil Blitar",
        "mulai": "2024-08-18", "selesai": "2024-08-27", "urutan": "1"})
    assert r.status_code == 302 and r["Location"] == "/admin/"
    t.refresh_from_db()
    assert (t.nama, t.pemilihan_id) == ("Pengumuman DPS Kediri", ns.pemilihan.pk)


ADD_FORMS = ["pemilih/pemilih", "petugas/petugas", "petugas/badanadhoc", "wilayah/wilayah",
             "wilayah/tps", "pemilihan/pemilihan", "pemilihan/kontestasi", "pemilihan/paslon",
             "pemilihan/tahapan"]


def _kediri_ids(ns) -> dict[type, set[int]]:
    kota = ns.kota
    return {
        Wilayah: set(Wilayah.objects.filter(kode__startswith="35.71").values_list("pk", flat=True))
        | {ns.provinsi.pk},
        TPS: set(TPS.objects.filter(kelurahan__kode__startswith="35.71")
                 .values_list("pk", flat=True)),
        Petugas: set(Petugas.objects.filter(pemilihan=ns.pemilihan).values_list("pk", flat=True)),
        BadanAdhoc: {ns.badan.pk},
        Pemilihan: {ns.pemilihan.pk},
        Kontestasi: {ns.kontestasi.pk},
        Pemilih: {p.pk for p in ns.pemilih.values()},
        type(ns.kpu): set(type(ns.kpu).objects.filter(petugas__pemilihan__wilayah=kota)
                          .values_list("pk", flat=True)) | {ns.admin.pk},
    }


@pytest.mark.parametrize("model", ADD_FORMS)
def test_admin_add_forms_offer_no_kediri_choice(ns, client_as, model):
    c = client_as(ns.blitar.kpu)
    r = c.get(f"/admin/{model}/add/")
    assert r.status_code == 200
    assert bocor(_html(r)) == []
    asing = _kediri_ids(ns)
    forms = [r.context["adminform"].form]
    forms += [f for fs in r.context["inline_admin_formsets"] for f in fs.formset.forms]
    forms += [fs.formset.empty_form for fs in r.context["inline_admin_formsets"]]
    for form in forms:
        pk_name = form._meta.model._meta.pk.name
        for name, field in form.fields.items():
            qs = getattr(field, "queryset", None)
            # The hidden id of an inline row is not a choice: the formset looks the row up
            # among the parent's own rows.
            if qs is None or qs.model not in asing or name == pk_name:
                continue
            ids = set(qs.values_list("pk", flat=True))
            assert not ids & asing[qs.model], f"{model}: {name} offers Kediri rows"


@pytest.mark.parametrize(("model", "field", "term"), [
    ("petugas/petugas", "wilayah", "Bandar"),
    ("petugas/petugas", "wilayah", ""),
    ("petugas/petugas", "tps", ""),
    ("petugas/petugas", "tps", "Bandar"),
    ("petugas/petugas", "badan", ""),
    ("petugas/badanadhoc", "wilayah", "Mojoroto"),
    ("wilayah/tps", "kelurahan", "Pojok"),
    ("wilayah/wilayah", "induk", "Kediri"),
    ("pemilihan/pemilihan", "wilayah", ""),
    ("pemilihan/kontestasi", "wilayah", "Kota"),
])
def test_admin_autocomplete_finds_no_kediri_row(ns, client_as, model, field, term):
    app_label, model_name = model.split("/")
    r = client_as(ns.blitar.kpu).get("/admin/autocomplete/", {
        "app_label": app_label, "model_name": model_name, "field_name": field, "term": term})
    assert r.status_code == 200
    assert bocor(r.content.decode()) == []
    if not term:
        assert r.json()["results"], "the account's own rows are found"


def test_admin_refuses_kediri_rows_in_blitar_forms(ns, client_as):
    """A Kediri id typed into a Blitar form (raw id, autocomplete or inline) is not a choice."""
    b = ns.blitar
    c = client_as(b.kpu)
    r = c.post("/admin/pemilihan/tahapan/add/", {
        "pemilihan": ns.pemilihan.pk, "kode": "dpt", "nama": "Titipan",
        "mulai": "2024-09-20", "selesai": "2024-09-21", "urutan": "2"})
    assert r.status_code == 200 and "pemilihan" in r.context["adminform"].form.errors
    r = c.post("/admin/pemilihan/paslon/add/", {
        "kontestasi": ns.kontestasi.pk, "nomor_urut": "2", "nama_kepala": "Titipan",
        "nama_wakil": "Titipan", "sirekap_id": "", "warna": ""})
    assert r.status_code == 200 and "kontestasi" in r.context["adminform"].form.errors
    r = c.post("/admin/petugas/badanadhoc/add/", {
        "pemilihan": b.pemilihan.pk, "jenis": "PPS", "wilayah": ns.pojok.pk, "tps": "",
        "masa_mulai": "2024-05-01", "masa_selesai": "2025-01-31"})
    assert r.status_code == 200 and "wilayah" in r.context["adminform"].form.errors
    # A contest of Blitar's own election, added inline, over a Kediri area.
    url = f"/admin/pemilihan/pemilihan/{b.pemilihan.pk}/change/"
    form = c.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["hari_pemungutan"] = "2024-11-27"
    kontestasi = Kontestasi.objects.get(pemilihan=b.pemilihan)
    tahapan = Tahapan.objects.get(pemilihan=b.pemilihan)
    data.update({
        "kontestasi-TOTAL_FORMS": "2", "kontestasi-INITIAL_FORMS": "1",
        "kontestasi-0-id": kontestasi.pk, "kontestasi-0-pemilihan": b.pemilihan.pk,
        "kontestasi-0-jenis": "WALIKOTA", "kontestasi-0-wilayah": b.kota.pk,
        "kontestasi-0-nama": kontestasi.nama, "kontestasi-0-urutan": "1",
        "kontestasi-1-pemilihan": b.pemilihan.pk, "kontestasi-1-jenis": "GUBERNUR",
        "kontestasi-1-wilayah": ns.kota.pk, "kontestasi-1-nama": "Titipan",
        "kontestasi-1-urutan": "2",
        "tahapan-TOTAL_FORMS": "1", "tahapan-INITIAL_FORMS": "1",
        "tahapan-0-id": tahapan.pk, "tahapan-0-pemilihan": b.pemilihan.pk,
        "tahapan-0-kode": "dps", "tahapan-0-nama": tahapan.nama, "tahapan-0-mulai": "2024-08-18",
        "tahapan-0-selesai": "2024-08-27", "tahapan-0-urutan": "1",
    })
    r = c.post(url, data)
    assert r.status_code == 200, r.get("Location")
    assert not Kontestasi.objects.filter(nama="Titipan").exists()
    assert not Tahapan.objects.filter(nama="Titipan").exists()
    assert not Paslon.objects.filter(nama_kepala="Titipan").exists()
    assert not BadanAdhoc.objects.filter(wilayah=ns.pojok).exists()


def test_admin_audit_log_of_kpu_blitar_holds_no_kediri_record(ns, client_as):
    c = client_as(ns.blitar.kpu)
    r = c.get("/admin/audit/auditrecord/")
    shown = list(r.context["cl"].result_list)
    assert shown and all(rec.username in BLITAR for rec in shown)
    assert bocor(_html(r)) == []
    for params in ({"q": "pantarlih_bl1"}, {"q": str(ns.pemilih["Ahmad Fauzi"].pk)},
                   {"objek_tipe": "coklit.perubahan"}):
        r = c.get("/admin/audit/auditrecord/", params)
        assert bocor(_html(r)) == []
        assert all(rec.username in BLITAR for rec in r.context["cl"].result_list)


# -- and back: Kediri sees nothing of Blitar --------------------------------------------------


@pytest.mark.parametrize("who", ["kpu", "ppk", "pps_bl", "pantarlih"])
def test_kediri_pages_hold_nothing_of_blitar(ns, client_as, who):
    b = ns.blitar
    c = client_as(getattr(ns, who))
    for url in ("/", "/tps/", "/pemilih/", "/petugas/", "/pemilih/?q=Bagus"):
        r = c.get(url)
        assert r.status_code == 200, url
        assert bocor(_html(r), BLITAR) == [], url
    for url in ("/wilayah/35.72/", "/wilayah/35.72.01.1001/", f"/tps/{b.tps.pk}/",
                f"/pemilih/{b.pemilih['Bagus Wicaksono'].pk}/"):
        r = c.get(url)
        assert r.status_code == 404, url
        assert bocor(_html(r), BLITAR) == [], url


def test_kediri_pantarlih_worklist_holds_nothing_of_blitar(ns, client_as):
    r = client_as(ns.pantarlih).get("/api/coklit/daftar")
    assert r.status_code == 200
    assert bocor(r.content.decode(), BLITAR) == []


def test_kpu_kediri_admin_holds_nothing_of_blitar(ns, client_as):
    c = client_as(staf_kpu(ns.kpu))
    for model in CHANGELISTS:
        r = c.get(f"/admin/{model}/")
        assert r.status_code == 200, model
        assert bocor(_html(r), BLITAR) == [], model
    r = c.get(f"/admin/pemilih/pemilih/{ns.blitar.pemilih['Bagus Wicaksono'].pk}/change/")
    assert r.status_code == 302 and r["Location"] == "/admin/"
    r = c.get("/admin/autocomplete/", {"app_label": "petugas", "model_name": "petugas",
                                       "field_name": "wilayah", "term": "Sukorejo"})
    assert r.json()["results"] == []
