"""Django admin for KPU staff: pages render, big foreign keys are not <select>s, scoping."""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from selenggara.audit.models import AuditHead, AuditRecord
from selenggara.audit.services import verify
from selenggara.coklit.sync import worklist
from selenggara.pemilih.models import Pemilih, PindahTPS
from selenggara.pemilihan.models import Kontestasi
from selenggara.rules.nik import make_nik
from selenggara.wilayah.models import TPS


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
    # The admin normalises like every other writer (rules.pemilih.clean_fields): capitals.
    assert siti.nama == "SITI AMINAH ZAHRA" and siti.versi == 2
    rec = AuditRecord.objects.get(aksi="admin.ubah", objek_tipe="pemilih.pemilih")
    assert rec.sebelum["nama"] == "Siti Aminah" and rec.sesudah["nama"] == "SITI AMINAH ZAHRA"
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


# -- scope on foreign keys ------------------------------------------------------------------------


def _kota_lain(ns):
    """The second kota of the fixture (Kota Blitar), with a fresh TPS that has no voters yet."""
    from tests.factories import buat_tps

    b = ns.blitar
    return SimpleNamespace(kota=b.kota, kecamatan=b.kecamatan, kelurahan=b.kelurahan,
                           tps=buat_tps(b.kelurahan, 2))


def _staf(user, *codenames):
    user.is_staff = True
    user.save()
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    return user


def test_staff_officer_cannot_put_a_voter_into_another_kota(kediri_mini, client_as):
    ns = kediri_mini
    lain = _kota_lain(ns)
    c = client_as(_staf(ns.kpu, "view_pemilih", "change_pemilih", "add_pemilih"))
    siti = ns.pemilih["Siti Aminah"]
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"

    # Change: Siti to the Blitar TPS, with its kelurahan and kecamatan (all consistent).
    data = _change_data(c, url)
    data.update(tps=lain.tps.pk, kelurahan=lain.kelurahan.pk, kecamatan=lain.kecamatan.pk)
    r = c.post(url, data)
    assert r.status_code == 200
    errors = r.context["adminform"].form.errors
    assert {"tps", "kelurahan", "kecamatan"} <= set(errors), errors
    siti.refresh_from_db()
    assert siti.tps_id == ns.tps_bl1.pk and siti.versi == 1

    # Add: a new voter straight into Blitar.
    data.update(nama="Warga Blitar", nik=make_nik("35.72.01", date(1985, 3, 7), "P", 4321),
                nkk="3572010101200001")
    r = c.post("/admin/pemilih/pemilih/add/", data)
    assert r.status_code == 200
    assert "tps" in r.context["adminform"].form.errors
    assert not Pemilih.objects.filter(tps=lain.tps).exists()

    # The same account still saves inside its own kota (the refusal above is the scope).
    data = _change_data(c, url)
    data["tps"] = ns.tps_bl2.pk
    assert c.post(url, data).status_code == 302
    siti.refresh_from_db()
    assert siti.tps_id == ns.tps_bl2.pk


def test_pps_staff_saves_a_voter_of_its_kelurahan(kediri_mini, client_as):
    """A PPS area is a kelurahan; the voter's kecamatan lies above it and is still accepted."""
    ns = kediri_mini
    c = client_as(_staf(ns.pps_bl, "view_pemilih", "change_pemilih"))
    siti = ns.pemilih["Siti Aminah"]
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"
    data = _change_data(c, url)
    data["alamat"] = "Jl. Bandar Lor 12"
    r = c.post(url, data)
    assert r.status_code == 302, r.context["adminform"].form.errors
    data = _change_data(c, url)
    data.update(tps=ns.tps_pj1.pk, kelurahan=ns.pojok.pk)  # Pojok: beside, not below
    r = c.post(url, data)
    assert r.status_code == 200
    assert {"tps", "kelurahan"} <= set(r.context["adminform"].form.errors)


def test_staff_officer_cannot_put_an_officer_or_tps_into_another_kota(kediri_mini, client_as):
    ns = kediri_mini
    lain = _kota_lain(ns)
    c = client_as(_staf(ns.kpu, "view_petugas", "change_petugas", "view_tps", "add_tps"))
    petugas = ns.petugas_pps_pj
    url = f"/admin/petugas/petugas/{petugas.pk}/change/"
    form = c.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(masa_mulai="2024-05-01", masa_selesai="2025-01-31", wilayah=lain.kelurahan.pk)
    r = c.post(url, data)
    assert r.status_code == 200 and "wilayah" in r.context["adminform"].form.errors
    petugas.refresh_from_db()
    assert petugas.wilayah_id == ns.pojok.pk

    tps = {"nomor": "9", "jenis": "REGULER", "nama": "", "alamat": "Jl. Lain"}
    r = c.post("/admin/wilayah/tps/add/", {**tps, "kelurahan": lain.kelurahan.pk})
    assert r.status_code == 200 and "kelurahan" in r.context["adminform"].form.errors
    assert c.post("/admin/wilayah/tps/add/", {**tps, "kelurahan": ns.pojok.pk}).status_code == 302
    assert TPS.objects.filter(kelurahan=ns.pojok, nomor=9).exists()
    assert not TPS.objects.filter(kelurahan=lain.kelurahan, nomor=9).exists()


# -- lock order: the audit head before any row ---------------------------------------------------


def _rows_written_before_head_lock(queries) -> list[str]:
    head = AuditHead._meta.db_table
    first = next(i for i, q in enumerate(queries) if head in q["sql"])
    skip = (head, AuditRecord._meta.db_table, "django_session", "django_admin_log")
    return [q["sql"] for q in queries[:first]
            if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
            and not any(t in q["sql"] for t in skip)]


def test_admin_writes_lock_the_audit_head_before_any_row(kediri_mini, client_as):
    """Services lock the audit head first, then rows; an admin write that updated its row first
    and locked the head afterwards could deadlock against one of them on PostgreSQL."""
    ns = kediri_mini
    c = client_as(ns.admin)
    # AuditedModelAdmin.save_model (TPS).
    url = f"/admin/wilayah/tps/{ns.tps_bl2.pk}/change/"
    form = c.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data["alamat"] = "Jl. Baru 1"
    with CaptureQueriesContext(connection) as ctx:
        assert c.post(url, data).status_code == 302
    assert _rows_written_before_head_lock(ctx.captured_queries) == []

    # The parent and its inline rows (AuditedInlinesMixin).
    url = f"/admin/pemilihan/pemilihan/{ns.pemilihan.pk}/change/"
    form = c.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update({
        "hari_pemungutan": "2024-11-27",
        "kontestasi-TOTAL_FORMS": "1", "kontestasi-INITIAL_FORMS": "0",
        "kontestasi-0-jenis": "WALIKOTA", "kontestasi-0-wilayah": ns.kota.pk,
        "kontestasi-0-nama": "Pemilihan Wali Kota Kediri", "kontestasi-0-urutan": "2",
        "tahapan-TOTAL_FORMS": "0", "tahapan-INITIAL_FORMS": "0",
    })
    with CaptureQueriesContext(connection) as ctx:
        assert c.post(url, data).status_code == 302
    assert _rows_written_before_head_lock(ctx.captured_queries) == []
    kontestasi = Kontestasi.objects.get(nama="Pemilihan Wali Kota Kediri")

    # AuditedModelAdmin.delete_model.
    seq = AuditHead.objects.get(pk=1).seq
    with CaptureQueriesContext(connection) as ctx:
        r = c.post(f"/admin/pemilihan/kontestasi/{kontestasi.pk}/delete/", {"post": "yes"})
        assert r.status_code == 302
    assert _rows_written_before_head_lock(ctx.captured_queries) == []
    rec = AuditRecord.objects.get(seq=seq + 1)
    assert rec.aksi == "admin.hapus" and rec.sebelum["nama"] == "Pemilihan Wali Kota Kediri"
    assert verify().ok


# -- moving a voter to another TPS ---------------------------------------------------------------


def test_moving_a_voter_leaves_a_tombstone_for_the_old_tps(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    head = AuditHead.objects.get(pk=1).seq if AuditHead.objects.exists() else 0
    c = client_as(ns.admin)
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"
    data = _change_data(c, url)
    # Another kelurahan's TPS, with the kelurahan and kecamatan that go with it.
    data.update(tps=ns.tps_pj1.pk, kelurahan=ns.pojok.pk)
    r = c.post(url, data)
    assert r.status_code == 302, r.context["adminform"].form.errors
    siti.refresh_from_db()
    assert siti.tps_id == ns.tps_pj1.pk and siti.kelurahan_id == ns.pojok.pk
    rec = AuditRecord.objects.get(aksi="admin.ubah", objek_tipe="pemilih.pemilih")
    pindah = PindahTPS.objects.get(pemilih=siti)
    assert (pindah.tps_asal_id, pindah.tps_tujuan_id) == (ns.tps_bl1.pk, ns.tps_pj1.pk)
    assert pindah.rev == siti.rev == rec.seq
    # The Bandar Lor TPS 001 phone, downloading "since" before the move, drops her.
    daftar = worklist(ns.petugas_pantarlih, sejak=head)
    assert daftar["keluar"] == [siti.pk]
    # Another edit that keeps the TPS leaves no tombstone.
    data = _change_data(c, url)
    data["alamat"] = "Jl. Pojok 5"
    assert c.post(url, data).status_code == 302
    assert PindahTPS.objects.filter(pemilih=siti).count() == 1


# -- the record rules (rules.pemilih.validate_record) in the form ---------------------------------


def test_admin_form_checks_eligibility_and_future_birth_dates(kediri_mini, client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.admin)
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"

    data = _change_data(c, url)
    data["tanggal_lahir"] = (timezone.localdate() + timedelta(days=30)).isoformat()
    r = c.post(url, data)
    assert r.status_code == 200
    assert "masa depan" in " ".join(r.context["adminform"].form.errors["tanggal_lahir"])

    # 14 on polling day (27 Nov 2024) and never married: not a voter, unless marked TMS 3.
    lahir = date(2010, 1, 1)
    data = _change_data(c, url)
    data.update(tanggal_lahir=lahir.isoformat(), status_kawin="B",
                nik=make_nik("35.71.01", lahir, "P", 4567))
    r = c.post(url, data)
    assert r.status_code == 200
    errors = r.context["adminform"].form.errors
    assert set(errors) == {"tanggal_lahir"}, errors
    assert "umurnya baru 14 tahun" in errors["tanggal_lahir"][0]
    siti.refresh_from_db()
    assert siti.tanggal_lahir == date(1985, 3, 7)

    data["status_kawin"] = "S"  # married: eligible below 17
    assert c.post(url, data).status_code == 302
    data = _change_data(c, url)
    data.update(status_kawin="B", tms_kode="3")  # under age, and recorded as such
    assert c.post(url, data).status_code == 302
    siti.refresh_from_db()
    assert siti.tms_kode == "3" and siti.tanggal_lahir == lahir


# -- TPS: the kelurahan is fixed once the TPS exists ---------------------------------------------


def test_tps_kelurahan_is_read_only_when_changing(kediri_mini, client_as):
    ns = kediri_mini
    c = client_as(ns.admin)
    assert 'name="kelurahan"' in c.get("/admin/wilayah/tps/add/").content.decode()
    url = f"/admin/wilayah/tps/{ns.tps_bl2.pk}/change/"
    r = c.get(url)
    assert 'name="kelurahan"' not in r.content.decode()
    form = r.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(nomor="7", kelurahan=ns.pojok.pk)  # a crafted POST trying to move it
    assert c.post(url, data).status_code == 302
    tps = TPS.objects.get(pk=ns.tps_bl2.pk)
    assert tps.nomor == 7 and tps.kelurahan_id == ns.bandar_lor.pk


def test_admin_form_does_not_overwrite_a_change_synced_while_it_was_open(kediri_mini,
                                                                          client_as):
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.admin)
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"
    data = _change_data(c, url)
    assert data["versi_awal"] == 1
    # Meanwhile a Pantarlih's phone syncs a correction of the same voter.
    Pemilih.objects.filter(pk=siti.pk).update(nama="SITI AMINAH R", versi=2)
    data["nama"] = "Siti Aminah Zahra"
    r = c.post(url, data)
    assert r.status_code == 200 and "sejak formulir dibuka" in r.content.decode()
    siti.refresh_from_db()
    assert (siti.nama, siti.versi) == ("SITI AMINAH R", 2)


def test_admin_normalises_like_the_field_app(kediri_mini, client_as):
    """RT "7" is stored as "007", as e-coklit and the imports store it (one rule)."""
    ns = kediri_mini
    siti = ns.pemilih["Siti Aminah"]
    c = client_as(ns.admin)
    url = f"/admin/pemilih/pemilih/{siti.pk}/change/"
    data = _change_data(c, url)
    data.update(rt="7", rw="12", alamat="  jl.   mawar  3 ")
    assert c.post(url, data).status_code == 302
    siti.refresh_from_db()
    assert (siti.rt, siti.rw, siti.alamat) == ("007", "012", "JL. MAWAR 3")
    data = _change_data(c, url)
    data["rt"] = "abc"
    r = c.post(url, data)
    assert r.status_code == 200 and "rt" in r.context["adminform"].form.errors
