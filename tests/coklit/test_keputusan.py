"""PPS evaluation: progress, the review queue and each decision, with scope and the guard against
two PPS members deciding the same change at once."""

from __future__ import annotations

import threading
import uuid
from datetime import date

import pytest
from django.db import connection
from django.http import Http404
from django.utils import timezone

from selenggara.audit.models import AuditHead, AuditRecord
from selenggara.audit.services import verify
from selenggara.coklit import antrean, progres
from selenggara.coklit import keputusan as evaluasi
from selenggara.coklit import sync as services
from selenggara.coklit.models import Foto, Perubahan, Status, Tinjauan
from selenggara.coklit.sync import Change
from selenggara.errors import ServiceError
from selenggara.pemilih.models import Pemilih, PindahTPS
from selenggara.petugas.models import Petugas
from selenggara.petugas.scope import get_scope
from selenggara.rules.nik import make_nik

# -- helpers --------------------------------------------------------------------------------------


def kirim(ns, *changes: Change, petugas=None, user=None) -> list[Perubahan]:
    """Sync changes as the Bandar Lor TPS 001 Pantarlih; the stored rows, in order."""
    answers = services.sync(petugas or ns.petugas_pantarlih, user or ns.pantarlih, list(changes))
    assert all(a.status in ("applied", "conflict") for a in answers), [a.galat for a in answers]
    return [Perubahan.objects.get(client_id=c.id) for c in changes]


def _pemilih(ns, nama) -> Pemilih:
    return Pemilih.objects.get(pk=ns.pemilih[nama].pk)


def ubah(ns, nama, versi=None, **fields) -> Change:
    p = _pemilih(ns, nama)
    return Change(id=uuid.uuid4(), aksi="UBAH", pemilih_id=p.pk,
                  versi=p.versi if versi is None else versi, data={"ubah": fields},
                  waktu_perangkat=timezone.now())


def tms(ns, nama, kode_tms, **data) -> Change:
    p = _pemilih(ns, nama)
    return Change(id=uuid.uuid4(), aksi="TMS", pemilih_id=p.pk, versi=p.versi,
                  data={"kode": kode_tms, **data}, waktu_perangkat=timezone.now())


def sesuai(ns, nama) -> Change:
    p = _pemilih(ns, nama)
    return Change(id=uuid.uuid4(), aksi="SESUAI", pemilih_id=p.pk, versi=p.versi)


def baru(ns, nama="Rudi Hartono", lahir=date(1990, 1, 15), jk="L") -> Change:
    return Change(id=uuid.uuid4(), aksi="BARU", data={"pemilih": {
        "nkk": "3571010101200999", "nik": make_nik("35.71.01", lahir, jk, 7777), "nama": nama,
        "jenis_kelamin": jk, "tempat_lahir": "Kediri", "tanggal_lahir": lahir.isoformat(),
        "status_kawin": "S", "alamat": "Jl. Bandar Lor 9", "rt": "1", "rw": "2"}},
        waktu_perangkat=timezone.now())


def head_seq() -> int:
    return AuditHead.objects.get(pk=1).seq


def last_audit() -> AuditRecord:
    return AuditRecord.objects.order_by("-seq").first()


# -- the queue ------------------------------------------------------------------------------------


def test_applied_tms_ubah_baru_and_conflicts_wait_sesuai_does_not(kediri_mini):
    ns = kediri_mini
    a, b, c, d = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"),
                       tms(ns, "Siti Aminah", "4"), baru(ns), sesuai(ns, "Budi Santoso"))
    (e,) = kirim(ns, ubah(ns, "Ahmad Fauzi", versi=1, tempat_lahir="Blitar"))  # stale: conflict
    assert e.status == Status.CONFLICT
    scope = get_scope(ns.pps_bl)
    waiting = set(antrean.antrean(scope).values_list("pk", flat=True))
    assert waiting == {a.pk, b.pk, c.pk, e.pk}
    assert d.tinjauan == ""
    assert set(antrean.antrean(scope, jenis="KONFLIK").values_list("pk", flat=True)) == {e.pk}
    assert set(antrean.antrean(scope, jenis="TMS").values_list("pk", flat=True)) == {b.pk}
    counts = antrean.jumlah_per_tab(scope)
    assert counts == {"SEMUA": 4, "TMS": 1, "UBAH": 1, "BARU": 1, "KONFLIK": 1,
                      "DIKEMBALIKAN": 0}
    # Pojok sees none of it.
    assert not antrean.antrean(get_scope(ns.pps_pj)).exists()


# -- setujui and the double-click guard -----------------------------------------------------------


def test_setujui_then_second_decision_is_refused_and_applies_nothing(kediri_mini):
    ns = kediri_mini
    (row,) = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    voter_before = _pemilih(ns, "Ahmad Fauzi")
    hasil = evaluasi.setujui(ns.pps_bl, row.pk)
    row.refresh_from_db()
    assert hasil.perubahan.pk == row.pk
    assert row.tinjauan == Tinjauan.DISETUJUI
    assert row.ditinjau_oleh == ns.pps_bl and row.ditinjau_pada is not None
    rec = last_audit()
    assert rec.aksi == "pps.setujui" and rec.username == "pps_bandarlor"
    assert rec.objek_tipe == "coklit.perubahan" and rec.objek_id == str(row.pk)
    # Approval does not touch the voter.
    assert _pemilih(ns, "Ahmad Fauzi").versi == voter_before.versi

    # A second PPS member who still had the old page open clicks "Kembalikan".
    seq = head_seq()
    with pytest.raises(ServiceError) as exc:
        evaluasi.kembalikan(ns.pps_bl, row.pk, "cek lagi")
    assert "sudah diputuskan oleh pps_bandarlor" in exc.value.pesan
    with pytest.raises(ServiceError):
        evaluasi.setujui(ns.pps_bl, row.pk)
    assert head_seq() == seq  # nothing audited, nothing written
    p = _pemilih(ns, "Ahmad Fauzi")
    assert p.versi == voter_before.versi and p.alamat == "JL. MAWAR 3" and p.coklit == "UBAH"
    row.refresh_from_db()
    assert row.tinjauan == Tinjauan.DISETUJUI
    assert verify().ok


def test_two_pps_members_deciding_at_once_only_one_wins(kediri_mini, transactional_db):
    """Real concurrency (PostgreSQL row locks). SQLite runs every write transaction as BEGIN
    IMMEDIATE, one at a time, so there the sequential test above is the same situation."""
    if connection.vendor != "postgresql":
        pytest.skip("needs concurrent writers (PostgreSQL); SQLite serialises them")
    ns = kediri_mini
    (row,) = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    versi = _pemilih(ns, "Ahmad Fauzi").versi
    from django.contrib.auth import get_user_model

    User = get_user_model()
    users = [User.objects.get(pk=ns.pps_bl.pk), User.objects.get(pk=ns.pps_bl.pk)]
    barrier = threading.Barrier(2)
    results: list[str] = []

    def decide(user, note):
        try:
            barrier.wait()
            evaluasi.kembalikan(user, row.pk, note)
            results.append("ok")
        except ServiceError:
            results.append("sudah")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(u, f"catatan {i}"))
               for i, u in enumerate(users)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert sorted(results) == ["ok", "sudah"]
    p = _pemilih(ns, "Ahmad Fauzi")
    assert p.versi == versi + 1  # reverted exactly once
    assert AuditRecord.objects.filter(aksi="pps.kembalikan").count() == 1
    assert verify().ok


def test_setujui_refuses_a_conflict(kediri_mini):
    ns = kediri_mini
    kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    (k,) = kirim(ns, ubah(ns, "Ahmad Fauzi", versi=1, tempat_lahir="Blitar"))
    with pytest.raises(ServiceError):
        evaluasi.setujui(ns.pps_bl, k.pk)


# -- koreksi --------------------------------------------------------------------------------------


def test_koreksi_writes_pps_values_with_new_version_and_rev(kediri_mini):
    ns = kediri_mini
    (row,) = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    before = _pemilih(ns, "Ahmad Fauzi")
    hasil = evaluasi.koreksi(ns.pps_bl, row.pk, {"alamat": "Jl. Mawar 33", "rt": "4",
                                                 "nama": before.nama})
    p = _pemilih(ns, "Ahmad Fauzi")
    assert p.alamat == "JL. MAWAR 33" and p.rt == "004"
    assert p.versi == before.versi + 1
    rec = last_audit()
    assert p.rev == rec.seq and rec.aksi == "pps.koreksi"
    assert rec.sebelum == {"alamat": "JL. MAWAR 3", "rt": "001"}
    assert rec.sesudah["alamat"] == "JL. MAWAR 33"
    row.refresh_from_db()
    assert row.tinjauan == Tinjauan.DIKOREKSI
    assert row.hasil["pps"]["sesudah"] == {"alamat": "JL. MAWAR 33", "rt": "004"}
    assert hasil.pesan
    # The Pantarlih's phone downloads the corrected voter.
    data = services.worklist(ns.petugas_pantarlih, sejak=rec.seq - 1)
    assert [v["alamat"] for v in data["pemilih"]] == ["JL. MAWAR 33"]


def test_koreksi_errors_are_per_field_in_indonesian_and_change_nothing(kediri_mini):
    ns = kediri_mini
    (row,) = kirim(ns, ubah(ns, "Siti Aminah", alamat="Jl. Melati 1"))
    before = _pemilih(ns, "Siti Aminah")
    seq = head_seq()
    with pytest.raises(ServiceError) as exc:
        evaluasi.koreksi(ns.pps_bl, row.pk, {"tanggal_lahir": "1985-03-08", "rt": "abc"})
    assert "rt" in exc.value.galat  # field check first
    with pytest.raises(ServiceError) as exc:
        evaluasi.koreksi(ns.pps_bl, row.pk, {"tanggal_lahir": "1985-03-08"})
    assert "tidak cocok dengan NIK" in " ".join(exc.value.galat["tanggal_lahir"])
    with pytest.raises(ServiceError) as exc:
        evaluasi.koreksi(ns.pps_bl, row.pk, {"jenis_kelamin": "L"})
    assert "jenis_kelamin" in exc.value.galat
    with pytest.raises(ServiceError) as exc:  # same values: nothing to correct
        evaluasi.koreksi(ns.pps_bl, row.pk, {"alamat": "jl. melati 1"})
    assert "Setujui" in exc.value.pesan
    assert head_seq() == seq
    after = _pemilih(ns, "Siti Aminah")
    assert (after.versi, after.tanggal_lahir) == (before.versi, before.tanggal_lahir)
    row.refresh_from_db()
    assert row.tinjauan == Tinjauan.MENUNGGU


def test_koreksi_form_shows_errors_next_to_the_field(kediri_mini, client_as):
    ns = kediri_mini
    (row,) = kirim(ns, ubah(ns, "Siti Aminah", alamat="Jl. Melati 1"))
    c = client_as(ns.pps_bl)
    r = c.get(f"/pps/tinjauan/{row.pk}/")
    assert r.status_code == 200
    form = r.context["koreksi_form"]
    data = {name: form.initial[name] for name in form.fields}
    data["tanggal_lahir"] = "1985-03-08"
    r = c.post(f"/pps/tinjauan/{row.pk}/koreksi/", data)
    assert r.status_code == 422
    html = r.content.decode()
    assert 'id="galat-tanggal_lahir"' in html and "tidak cocok dengan NIK" in html
    data["tanggal_lahir"] = "1985-03-07"
    data["tempat_lahir"] = "Nganjuk"
    r = c.post(f"/pps/tinjauan/{row.pk}/koreksi/", {**data, "next": "/pps/tinjauan/?jenis=UBAH"})
    assert r.status_code == 302 and r.url == "/pps/tinjauan/?jenis=UBAH"
    assert _pemilih(ns, "Siti Aminah").tempat_lahir == "NGANJUK"
    # An outside "next" is ignored.
    (row2,) = kirim(ns, ubah(ns, "Budi Santoso", alamat="Jl. Kenanga"))
    r = c.post(f"/pps/tinjauan/{row2.pk}/setujui/", {"next": "https://contoh.invalid/"})
    assert r.status_code == 302 and r.url == "/pps/tinjauan/"


# -- kembalikan -----------------------------------------------------------------------------------


def test_kembalikan_ubah_restores_values_and_the_field_app_sees_the_note(kediri_mini, client_as):
    ns = kediri_mini
    before = _pemilih(ns, "Ahmad Fauzi")
    (row,) = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3", rw="5"))
    sejak = head_seq()
    catatan = "Alamat di KK masih Jl. Bandar Lor; cek ulang dengan RT."
    evaluasi.kembalikan(ns.pps_bl, row.pk, catatan)
    p = _pemilih(ns, "Ahmad Fauzi")
    assert (p.alamat, p.rw) == (before.alamat, before.rw)
    assert p.coklit == "" and p.coklit_waktu is None and p.catatan_pps == catatan
    assert p.versi == before.versi + 2
    rec = last_audit()
    assert rec.aksi == "pps.kembalikan" and p.rev == rec.seq
    row.refresh_from_db()
    assert row.tinjauan == Tinjauan.DIKEMBALIKAN and row.catatan_pps == catatan

    # The Pantarlih's field app: the returned item with its note, and the voter itself.
    api = client_as(ns.pantarlih)
    data = api.get("/api/coklit/daftar").json()
    kembali = [k for k in data["dikembalikan"] if k["pemilih_id"] == p.pk]
    assert kembali == [{"perubahan_id": str(row.client_id), "pemilih_id": p.pk, "aksi": "UBAH",
                        "catatan": catatan}]
    delta = api.get(f"/api/coklit/daftar?sejak={sejak}").json()
    (v,) = delta["pemilih"]
    assert v["id"] == p.pk and v["catatan_pps"] == catatan and v["coklit"] == ""
    assert v["alamat"] == before.alamat


def test_kembalikan_needs_a_note(kediri_mini):
    ns = kediri_mini
    (row,) = kirim(ns, tms(ns, "Siti Aminah", "4"))
    with pytest.raises(ServiceError) as exc:
        evaluasi.kembalikan(ns.pps_bl, row.pk, "   ")
    assert "catatan" in exc.value.galat
    with pytest.raises(ServiceError):
        evaluasi.kembalikan(ns.pps_bl, row.pk, "x" * 301)


def test_kembalikan_tms_restores_eligibility(kediri_mini):
    ns = kediri_mini
    (row,) = kirim(ns, tms(ns, "Siti Aminah", "1", dokumen="Surat kematian 12/2024"))
    assert _pemilih(ns, "Siti Aminah").tms_kode == "1"
    evaluasi.kembalikan(ns.pps_bl, row.pk, "Keluarga menyatakan masih hidup; cek ke RT.")
    p = _pemilih(ns, "Siti Aminah")
    assert p.tms_kode == "" and p.coklit == ""


def test_kembalikan_tms8_moves_the_voter_back_with_a_tombstone(kediri_mini):
    ns = kediri_mini
    bambang = Petugas.objects.get(nama="Bambang Irawan")  # Pantarlih of TPS 002
    (row,) = kirim(ns, tms(ns, "Ahmad Fauzi", "8", tps_tujuan=ns.tps_bl2.pk))
    assert _pemilih(ns, "Ahmad Fauzi").tps_id == ns.tps_bl2.pk
    sejak = head_seq()
    evaluasi.kembalikan(ns.pps_bl, row.pk, "Rumahnya di RT 001, tetap TPS 001.")
    p = _pemilih(ns, "Ahmad Fauzi")
    assert p.tps_id == ns.tps_bl1.pk and p.coklit == ""
    back = PindahTPS.objects.get(rev=p.rev)
    assert (back.tps_asal_id, back.tps_tujuan_id) == (ns.tps_bl2.pk, ns.tps_bl1.pk)
    # TPS 002's phone drops the voter; TPS 001's phone gets it back with the note.
    assert services.worklist(bambang, sejak)["keluar"] == [p.pk]
    back_home = services.worklist(ns.petugas_pantarlih, sejak)["pemilih"]
    assert [(v["id"], v["catatan_pps"]) for v in back_home] == [
        (p.pk, "Rumahnya di RT 001, tetap TPS 001.")]


def test_kembalikan_baru_keeps_the_voter_for_a_recheck(kediri_mini):
    ns = kediri_mini
    (row,) = kirim(ns, baru(ns))
    pk = row.pemilih_id
    evaluasi.kembalikan(ns.pps_bl, row.pk, "Tunjukkan KTP-el; tanggal lahir meragukan.")
    p = Pemilih.objects.get(pk=pk)
    assert p.sumber == "BARU" and p.coklit == "" and p.tms_kode == ""
    assert p.catatan_pps.startswith("Tunjukkan")


def test_kembalikan_never_overwrites_a_later_change(kediri_mini):
    ns = kediri_mini
    (first,) = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3", rw="5"))
    kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 4"))  # later change, same field
    hasil = evaluasi.kembalikan(ns.pps_bl, first.pk, "Cek RW.")
    p = _pemilih(ns, "Ahmad Fauzi")
    assert p.alamat == "JL. MAWAR 4"  # the later value stays
    assert p.rw == "002"  # untouched since: restored
    assert hasil.peringatan and "alamat" in hasil.peringatan[0]


# -- conflicts ------------------------------------------------------------------------------------


def test_konflik_terapkan_applies_the_pantarlih_version_revalidated(kediri_mini):
    ns = kediri_mini
    kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    (k,) = kirim(ns, ubah(ns, "Ahmad Fauzi", versi=1, tempat_lahir="Blitar"))
    versi = _pemilih(ns, "Ahmad Fauzi").versi
    evaluasi.putus_konflik(ns.pps_bl, k.pk, "terapkan")
    p = _pemilih(ns, "Ahmad Fauzi")
    assert p.tempat_lahir == "BLITAR" and p.alamat == "JL. MAWAR 3"
    assert p.versi == versi + 1 and p.rev == last_audit().seq
    k.refresh_from_db()
    assert k.tinjauan == Tinjauan.DISETUJUI
    assert k.sesudah == {"tempat_lahir": "BLITAR", "coklit": "UBAH"}
    assert last_audit().aksi == "pps.putus_konflik"


def test_konflik_terapkan_is_revalidated_against_the_current_record(kediri_mini):
    ns = kediri_mini
    # Someone fixed the NIK's birth date first; the Pantarlih's stale version sets a sex that
    # no longer fits the NIK.
    kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    (k,) = kirim(ns, ubah(ns, "Ahmad Fauzi", versi=1, jenis_kelamin="P"))
    with pytest.raises(ServiceError) as exc:
        evaluasi.putus_konflik(ns.pps_bl, k.pk, "terapkan")
    assert "jenis_kelamin" in exc.value.galat
    k.refresh_from_db()
    assert k.tinjauan == Tinjauan.MENUNGGU


def test_konflik_pertahankan_keeps_the_server_record(kediri_mini):
    ns = kediri_mini
    kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    (k,) = kirim(ns, ubah(ns, "Ahmad Fauzi", versi=1, tempat_lahir="Blitar"))
    before = _pemilih(ns, "Ahmad Fauzi")
    evaluasi.putus_konflik(ns.pps_bl, k.pk, "pertahankan")
    after = _pemilih(ns, "Ahmad Fauzi")
    assert (after.versi, after.tempat_lahir) == (before.versi, before.tempat_lahir)
    k.refresh_from_db()
    assert k.tinjauan == Tinjauan.DITOLAK
    with pytest.raises(ServiceError):
        evaluasi.putus_konflik(ns.pps_bl, k.pk, "terapkan")


# -- scope and roles ------------------------------------------------------------------------------


def test_pps_of_another_kelurahan_gets_404(kediri_mini, client_as):
    ns = kediri_mini
    (row,) = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    for call in (lambda: evaluasi.setujui(ns.pps_pj, row.pk),
                 lambda: evaluasi.kembalikan(ns.pps_pj, row.pk, "x"),
                 lambda: evaluasi.koreksi(ns.pps_pj, row.pk, {"rt": "3"}),
                 lambda: evaluasi.putus_konflik(ns.pps_pj, row.pk, "pertahankan")):
        with pytest.raises(Http404):
            call()
    c = client_as(ns.pps_pj)
    assert c.get(f"/pps/tinjauan/{row.pk}/").status_code == 404
    assert c.post(f"/pps/tinjauan/{row.pk}/setujui/").status_code == 404
    html = c.get("/pps/tinjauan/").content.decode()
    assert "Ahmad Fauzi" not in html
    row.refresh_from_db()
    assert row.tinjauan == Tinjauan.MENUNGGU


def test_kpu_and_ppk_see_the_queue_read_only(kediri_mini, client_as):
    ns = kediri_mini
    (row,) = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    for user in (ns.ppk, ns.kpu):
        c = client_as(user)
        r = c.get("/pps/tinjauan/")
        html = r.content.decode()
        assert r.status_code == 200 and "Ahmad Fauzi" in html
        assert f"/pps/tinjauan/{row.pk}/setujui/" not in html
        assert c.post(f"/pps/tinjauan/{row.pk}/setujui/").status_code == 403
        with pytest.raises(ServiceError):
            evaluasi.setujui(user, row.pk)
    row.refresh_from_db()
    assert row.tinjauan == Tinjauan.MENUNGGU


def test_field_officers_and_public_are_kept_out(kediri_mini, client_as):
    ns = kediri_mini
    for user in (ns.pantarlih, ns.kpps):
        for url in ("/pps/", "/pps/tinjauan/", "/pps/pantarlih/"):
            r = client_as(user).get(url)
            assert r.status_code == 403, (user, url)
    r = client_as(ns.pantarlih).get("/pps/")
    assert "e-coklit" in r.content.decode()
    r = client_as(None).get("/pps/tinjauan/")
    assert r.status_code == 302 and r.url.startswith("/masuk/")


# -- progress -------------------------------------------------------------------------------------


def test_progress_per_tps_and_pantarlih(kediri_mini, client_as, django_assert_max_num_queries):
    ns = kediri_mini
    kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"), tms(ns, "Siti Aminah", "4"),
          sesuai(ns, "Budi Santoso"), baru(ns),
          Change(id=uuid.uuid4(), aksi="STIKER", data={"nkk": ns.pemilih["Ahmad Fauzi"].nkk}))
    scope = get_scope(ns.pps_bl)
    with django_assert_max_num_queries(6):
        data = progres.progres(scope, ns.bandar_lor)
    by_tps = {r["objek"].nomor: r for r in data["tps"]}
    t1 = by_tps[1]
    assert (t1["pemilih"], t1["selesai"], t1["tms"], t1["ubah"], t1["baru"], t1["sesuai"],
            t1["stiker"], t1["hari_ini"], t1["menunggu"]) == (5, 4, 1, 1, 1, 1, 1, 4, 3)
    assert t1["persen"] == 80.0 and t1["terakhir"] is not None
    assert by_tps[2]["selesai"] == 0 and by_tps[2]["terakhir"] is None
    assert data["total"]["pemilih"] == 7
    joko = next(r for r in data["pantarlih"] if r["petugas"].pk == ns.petugas_pantarlih.pk)
    assert (joko["sesuai"], joko["ubah"], joko["tms"], joko["baru"], joko["stiker"],
            joko["menunggu"], joko["hari_ini"]) == (1, 1, 1, 1, 1, 3, 5)
    assert {r["petugas"].nama for r in data["pantarlih"]} == {
        "Joko Susilo", "Endang Sri", "Bambang Irawan"}

    r = client_as(ns.pps_bl).get("/pps/")
    html = r.content.decode()
    assert r.status_code == 200 and "Joko Susilo" in html and "Heru Cahyono" not in html
    assert "80,0" in html


def test_progress_overview_for_ppk_and_kpu(kediri_mini, client_as):
    ns = kediri_mini
    kirim(ns, sesuai(ns, "Budi Santoso"))
    c = client_as(ns.ppk)
    r = c.get("/pps/")
    rows = {row["objek"].nama: row for row in r.context["data"]["kelurahan"]}
    assert set(rows) == {"Bandar Lor", "Pojok"}
    assert rows["Bandar Lor"]["selesai"] == 1
    assert c.get(f"/pps/?kelurahan={ns.pojok.pk}").status_code == 200
    assert c.get(f"/pps/?kelurahan={ns.semampir.pk}").status_code == 404
    r = client_as(ns.kpu).get("/pps/")
    assert {row["objek"].nama for row in r.context["data"]["kelurahan"]} == {
        "Bandar Lor", "Pojok", "Semampir"}


# -- photos ---------------------------------------------------------------------------------------


@pytest.fixture
def foto(kediri_mini, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    f = Foto.objects.create(id=uuid.uuid4(), petugas=kediri_mini.petugas_pantarlih,
                            tipe="image/jpeg", ukuran=6, diterima=6, selesai=True)
    f.path.parent.mkdir(parents=True, exist_ok=True)
    f.path.write_bytes(b"\xff\xd8\xff\xe0JP")
    return f


def test_photo_is_served_only_within_scope(kediri_mini, client_as, foto):
    ns = kediri_mini
    (row,) = kirim(ns, tms(ns, "Siti Aminah", "1", dokumen="Surat kematian desa 7/2024",
                           foto=str(foto.id)))
    c = client_as(ns.pps_bl)
    html = c.get("/pps/tinjauan/").content.decode()
    assert f"/pps/foto/{foto.id}/" in html and "Surat kematian desa 7/2024" in html
    r = c.get(f"/pps/foto/{foto.id}/")
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"
    assert b"".join(r.streaming_content) == b"\xff\xd8\xff\xe0JP"
    assert "no-store" in r["Cache-Control"]
    assert client_as(ns.kpu).get(f"/pps/foto/{foto.id}/").status_code == 200
    assert client_as(ns.pps_pj).get(f"/pps/foto/{foto.id}/").status_code == 404
    assert client_as(ns.kpps).get(f"/pps/foto/{foto.id}/").status_code == 403
    Foto.objects.filter(pk=foto.pk).update(selesai=False)
    assert c.get(f"/pps/foto/{foto.id}/").status_code == 404
    assert c.get(f"/pps/foto/{uuid.uuid4()}/").status_code == 404
    assert row.pk


def test_every_kind_of_card_renders(kediri_mini, client_as):
    ns = kediri_mini
    kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    rows = kirim(ns, ubah(ns, "Ahmad Fauzi", versi=1, tempat_lahir="Blitar"),  # conflict
                 tms(ns, "Siti Aminah", "8", tps_tujuan=ns.tps_bl2.pk), baru(ns),
                 tms(ns, "Budi Santoso", "6", dokumen="KTA TNI 123"))
    c = client_as(ns.pps_bl)
    html = c.get("/pps/tinjauan/").content.decode()
    assert "Pindah ke TPS 002" in html and "RUDI HARTONO" in html and "KTA TNI 123" in html
    assert "Terapkan versi Pantarlih" in html and "Blitar" in html
    for row in rows:
        r = c.get(f"/pps/tinjauan/{row.pk}/")
        assert r.status_code == 200
        assert (r.context["koreksi_form"] is None) == (row.status == Status.CONFLICT)
    r = c.get("/pps/tinjauan/?jenis=KONFLIK&tps=999999")  # unknown TPS: simply not applied
    assert r.status_code == 200 and len(r.context["kartu"]) == 1
    # KPU narrows the queue to one kelurahan; a bad or foreign id is a 404.
    k = client_as(ns.kpu)
    assert len(k.get(f"/pps/tinjauan/?kelurahan={ns.bandar_lor.pk}").context["kartu"]) == 5
    assert k.get(f"/pps/tinjauan/?kelurahan={ns.pojok.pk}").context["kartu"] == []
    assert k.get("/pps/tinjauan/?kelurahan=abc").status_code == 404
    assert client_as(ns.ppk).get(f"/pps/tinjauan/?kelurahan={ns.semampir.pk}").status_code == 404


def test_a_refused_decision_gets_the_pps_403_page_with_the_reason(kediri_mini, client_as):
    """/pps/ uses the shared ``petugas_required``: a service's PermissionDenied becomes the PPS
    403 page carrying the service's reason, not Django's bare 403."""
    ns = kediri_mini
    (row,) = kirim(ns, ubah(ns, "Ahmad Fauzi", alamat="Jl. Mawar 3"))
    r = client_as(ns.ppk).post(f"/pps/tinjauan/{row.pk}/setujui/")
    assert r.status_code == 403
    html = r.content.decode()
    assert "Hanya PPS yang dapat memutuskan hasil coklit" in html
    assert "Halaman evaluasi coklit untuk PPS" in html  # coklit/pps/tanpa_akses.html
    assert "no-store" in r["Cache-Control"]
