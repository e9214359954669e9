"""Django admin for KPU staff: pages render, big foreign keys are not <select>s, scoping."""

import pytest
from django.contrib.auth.models import Permission

from selenggara.audit.models import AuditRecord
from selenggara.pemilih.models import Pemilih


@pytest.mark.parametrize("model", ["wilayah/wilayah", "wilayah/tps", "pemilihan/pemilihan",
                                   "pemilihan/kontestasi", "pemilihan/tahapan",
                                   "pemilihan/paslon", "petugas/petugas", "petugas/badanadhoc",
                                   "pemilih/pemilih"])
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


def test_admin_edit_is_audited_and_bumps_version(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.admin)
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"
    form = c.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["nama"] = "Siti Aminah Zahra"
    data["tanggal_lahir"] = siti.tanggal_lahir.isoformat()
    r = c.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    siti.refresh_from_db()
    assert siti.nama == "Siti Aminah Zahra" and siti.versi == 2
    rec = AuditRecord.objects.get(aksi="pemilih.pemilih.ubah.admin")
    assert rec.sebelum["nama"] == "Siti Aminah" and rec.sesudah["nama"] == "Siti Aminah Zahra"
    assert rec.username == "admin"


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
