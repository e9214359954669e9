"""Django admin for KPU staff: pages render, big foreign keys are not <select>s, scoping."""

import pytest
from django.contrib.auth.models import Permission

from selenggara.audit.models import AuditRecord
from selenggara.pemilih.models import Pemilih


@pytest.mark.parametrize(
    "model",
    [
        "wilayah/wilayah",
        "wilayah/tps",
        "pemilihan/pemilihan",
        "pemilihan/kontestasi",
        "pemilihan/tahapan",
        "pemilihan/paslon",
        "petugas/petugas",
        "petugas/badanadhoc",
        "pemilih/pemilih",
    ],
)
def test_changelists_and_add_forms_render(kediri_mini, client_as, model):
    c = client_as(kediri_mini.admin)
    assert c.get(f"/admin/{model}/").status_code == 200
    assert c.get(f"/admin/{model}/add/").status_code == 200


def test_pemilih_admin_masks_nik_and_uses_raw_ids(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.admin)
    html = c.get("/admin/pemilih/pemilih/").content.decode()
    assert "Siti Aminah" in html and siti.nik not in html
    html = c.get(f"/admin/pemilih/pemilih/{siti.pk}/change/").content.decode()
    # raw_id_fields: a text input with the id, never a <select> listing every TPS/area.
    assert 'name="tps"' in html and '<select name="tps"' not in html
    assert '<select name="kelurahan"' not in html


def test_pemilih_admin_search_by_tail_and_full_nik_refused(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.admin)
    r = c.get("/admin/pemilih/pemilih/", {"q": siti.nik[-4:]})
    assert "Siti Aminah" in r.content.decode()
    r = c.get("/admin/pemilih/pemilih/", {"q": siti.nik})
    assert r.status_code == 302 and siti.nik not in r["Location"]


def _change_data(c, url):
    form = c.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["tanggal_lahir"] = form.initial["tanggal_lahir"].isoformat()
    return data


def test_admin_edit_is_audited_and_bumps_version(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.admin)
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"
    data = _change_data(c, url)
    data["nama"] = "Siti Aminah Zahra"
    r = c.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    siti.refresh_from_db()
    assert siti.nama == "Siti Aminah Zahra" and siti.versi == 2
    rec = AuditRecord.objects.get(aksi="admin.ubah", objek_tipe="pemilih.pemilih")
    assert rec.sebelum["nama"] == "Siti Aminah" and rec.sesudah["nama"] == "Siti Aminah Zahra"
    assert rec.username == "admin"
    # Field apps download "changed since rev N": the row carries its audit sequence number.
    assert siti.rev == rec.seq


def test_admin_refuses_inconsistent_tps_and_bad_nik(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.admin)
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"
    data = _change_data(c, url)
    data["tps"] = ns.tps_pj1.pk  # a Pojok TPS while kelurahan stays Bandar Lor
    data["jenis_kelamin"] = "L"  # the NIK says P (day + 40)
    r = c.post(url, data)
    assert r.status_code == 200
    errors = r.context["adminform"].form.errors
    assert "tps" in errors and "jenis_kelamin" in errors
    siti.refresh_from_db()
    assert siti.tps_id == ns.tps_bl1.pk and siti.versi == 1


def test_voters_are_not_deleted_through_the_admin(kediri_mini, client_as):
    siti = kediri_mini.pemilih["Siti Aminah"]
    r = client_as(kediri_mini.admin).get(f"/admin/pemilih/pemilih/{siti.pk}/delete/")
    assert r.status_code == 403


def test_inline_changes_are_audited(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.admin)
    url = f"/admin/pemilihan/pemilihan/{ns.pemilihan.pk}/change/"
    form = c.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["hari_pemungutan"] = "2024-11-27"
    data.update(
        {
            "kontestasi-TOTAL_FORMS": "1",
            "kontestasi-INITIAL_FORMS": "0",
            "kontestasi-0-jenis": "WALIKOTA",
            "kontestasi-0-wilayah": ns.kota.pk,
            "kontestasi-0-nama": "Pemilihan Wali Kota Kediri",
            "kontestasi-0-urutan": "2",
            "tahapan-TOTAL_FORMS": "0",
            "tahapan-INITIAL_FORMS": "0",
        }
    )
    r = c.post(url, data)
    assert r.status_code == 302, r.context["adminform"].form.errors if r.context else r
    assert AuditRecord.objects.filter(
        aksi="admin.tambah", objek_tipe="pemilihan.kontestasi"
    ).exists()


def test_staff_officer_sees_only_its_area_in_admin(kediri_mini, client_as):
    ns = kediri_mini
    user = ns.pps_bl
    user.is_staff = True
    user.save()
    user.user_permissions.add(Permission.objects.get(codename="view_pemilih"))
    c = client_as(user)
    r = c.get("/admin/pemilih/pemilih/")
    assert r.status_code == 200
    shown = set(r.context["cl"].result_list.values_list("nama", flat=True))
    assert shown == set(ns.pemilih_bandar_lor)
    rina = ns.pemilih["Rina Wulandari"]
    r = c.get(f"/admin/pemilih/pemilih/{rina.pk}/change/")
    assert r.status_code == 302  # admin: "doesn't exist, perhaps deleted" → back to list
    assert Pemilih.objects.filter(pk=rina.pk).exists()
