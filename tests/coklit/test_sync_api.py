"""The e-coklit sync API: applied, replayed, conflicting, rejected and out-of-scope changes."""

import json
import uuid
from datetime import date

import pytest
from django.test import Client

from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.coklit import sync as services
from selenggara.coklit.models import Foto, Perubahan
from selenggara.pemilih.models import Pemilih, PindahTPS
from selenggara.petugas.scope import scoped
from selenggara.rules.nik import make_nik
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/coklit/sinkron"


def post(client, payload, url=URL):
    return client.post(url, json.dumps(payload), content_type="application/json")


def change(aksi, pemilih=None, *, versi=None, data=None, **extra):
    return {"id": str(uuid.uuid4()), "aksi": aksi,
            "pemilih_id": pemilih.pk if pemilih is not None else None,
            "versi": versi if versi is not None else (pemilih.versi if pemilih else None),
            "data": data or {}, "waktu_perangkat": "2024-07-01T09:30:00+07:00", **extra}


@pytest.fixture
def k(kediri_mini):
    return kediri_mini


@pytest.fixture
def pantarlih(k, client_as):
    return client_as(k.pantarlih)


def voter(k, nama) -> Pemilih:
    return Pemilih.objects.get(pk=k.pemilih[nama].pk)


def second_pantarlih(k):
    """The other Pantarlih of TPS 001 Bandar Lor, with an account."""
    petugas = factories.buat_petugas(k.pemilihan, "PANTARLIH", k.bandar_lor, "Endang Wahyu",
                                     tps=k.tps_bl1, jenis_kelamin="P", username="pantarlih_bl1b")
    return petugas.user


def test_worklist_is_the_tps_only(k, pantarlih):
    r = pantarlih.get("/api/coklit/daftar")
    assert r.status_code == 200
    body = r.json()
    names = {p["nama"] for p in body["pemilih"]}
    assert names == {"Ahmad Fauzi", "Siti Aminah", "Budi Santoso", "Wahyuni"}
    assert {t["nomor"] for t in body["tps_kelurahan"]} == {1, 2, 901}
    assert body["lengkap"] is True and body["keluar"] == []


def test_sesuai_is_applied_once_and_audited(k, pantarlih):
    ahmad = voter(k, "Ahmad Fauzi")
    c = change("SESUAI", ahmad, data={"ktp_el": "S", "disabilitas": "0"})
    r = post(pantarlih, {"perubahan": [c]})
    assert r.status_code == 200, r.content
    answer = r.json()["hasil"][0]
    assert answer["status"] == "applied" and answer["versi"] == 2
    ahmad.refresh_from_db()
    assert (ahmad.coklit, ahmad.versi) == ("SESUAI", 2)
    assert ahmad.rev == AuditRecord.objects.get(aksi="coklit.sesuai").seq
    assert verify().ok


def test_same_batch_five_times_writes_once(k, pantarlih):
    ahmad, siti = voter(k, "Ahmad Fauzi"), voter(k, "Siti Aminah")
    batch = {"perubahan": [change("SESUAI", ahmad),
                           change("UBAH", siti, data={"ubah": {"nama": "Siti Aminah Rahayu"}})]}
    first = post(pantarlih, batch).json()["hasil"]
    assert [a["status"] for a in first] == ["applied", "applied"]
    audits = AuditRecord.objects.count()
    for _ in range(4):
        again = post(pantarlih, batch).json()["hasil"]
        assert [a["status"] for a in again] == ["already_applied", "already_applied"]
        assert again[1]["pemilih"]["nama"] == "SITI AMINAH RAHAYU"
    assert Perubahan.objects.count() == 2
    assert AuditRecord.objects.count() == audits
    siti.refresh_from_db()
    assert siti.versi == 2


def test_batch_cut_off_half_way_then_resent_whole(k, pantarlih):
    voters = [voter(k, n) for n in ("Ahmad Fauzi", "Siti Aminah", "Budi Santoso")]
    changes = [change("SESUAI", v) for v in voters]
    assert [a["status"] for a in post(pantarlih, {"perubahan": changes[:1]}).json()["hasil"]] \
        == ["applied"]
    statuses = [a["status"] for a in post(pantarlih, {"perubahan": changes}).json()["hasil"]]
    assert statuses == ["already_applied", "applied", "applied"]
    assert Perubahan.objects.count() == 3


def test_two_pantarlih_offline_on_one_voter_conflict(k, pantarlih, client_as):
    other = client_as(second_pantarlih(k))
    ahmad = voter(k, "Ahmad Fauzi")
    mine = change("UBAH", ahmad, data={"ubah": {"nama": "Achmad Fauzi"}})
    theirs = change("UBAH", ahmad, data={"ubah": {"nama": "Ahmad Fauzy"}})
    assert post(pantarlih, {"perubahan": [mine]}).json()["hasil"][0]["status"] == "applied"
    answer = post(other, {"perubahan": [theirs]}).json()["hasil"][0]
    assert answer["status"] == "conflict"
    assert answer["pemilih"]["nama"] == "ACHMAD FAUZI"  # the server's current value
    ahmad.refresh_from_db()
    assert ahmad.nama == "ACHMAD FAUZI" and ahmad.versi == 2  # nothing overwritten
    conflict = Perubahan.objects.get(client_id=theirs["id"])
    assert conflict.status == "conflict" and conflict.tinjauan == "MENUNGGU"
    # The conflict reaches the PPS of Bandar Lor, and not the PPS of Pojok.
    assert scoped(Perubahan.objects.filter(status="conflict"), k.pps_bl).count() == 1
    assert scoped(Perubahan.objects.filter(status="conflict"), k.pps_pj).count() == 0


def test_own_follow_up_change_is_chained_not_a_conflict(k, pantarlih):
    ahmad = voter(k, "Ahmad Fauzi")
    first = change("UBAH", ahmad, data={"ubah": {"rt": "7"}})
    second = change("TMS", ahmad, data={"kode": "4"}, setelah=first["id"])
    answers = post(pantarlih, {"perubahan": [first, second]}).json()["hasil"]
    assert [a["status"] for a in answers] == ["applied", "applied"]
    ahmad.refresh_from_db()
    assert (ahmad.rt, ahmad.tms_kode, ahmad.versi) == ("007", "4", 3)


def test_rejections_name_each_field(k, pantarlih):
    ahmad = voter(k, "Ahmad Fauzi")
    bad = change("UBAH", ahmad, data={"ubah": {"nik": "12345", "tanggal_lahir": "1980-13-45",
                                               "rt": "abc"}})
    no_evidence = change("TMS", ahmad, data={"kode": "1"})
    wrong_code = change("TMS", ahmad, data={"kode": "9"})
    other_kel = change("TMS", ahmad, data={"kode": "8", "tps_tujuan": k.tps_pj1.pk})
    unknown = change("HAPUS", ahmad)
    answers = post(pantarlih, {"perubahan": [bad, no_evidence, wrong_code, other_kel,
                                             unknown]}).json()["hasil"]
    assert [a["status"] for a in answers] == ["rejected"] * 5
    assert {"tanggal_lahir", "rt"} <= set(answers[0]["galat"])
    assert "dokumen" in answers[1]["galat"]
    assert "kode" in answers[2]["galat"]
    assert "tps_tujuan" in answers[3]["galat"]
    assert "aksi" in answers[4]["galat"]
    assert all(a["pesan"] for a in answers)
    ahmad.refresh_from_db()
    assert (ahmad.versi, ahmad.coklit, ahmad.tms_kode) == (1, "", "")
    # Four are kept for the record; an unknown action has nothing to record against.
    assert Perubahan.objects.filter(status="rejected").count() == 4
    assert verify().ok


def test_nik_that_contradicts_birth_date_is_rejected(k, pantarlih):
    siti = voter(k, "Siti Aminah")  # born 1985-03-07, female
    male_nik = make_nik("35.71.01", date(1985, 3, 7), "L", 77)
    answer = post(pantarlih, {"perubahan": [change("UBAH", siti, data={"ubah": {
        "nik": male_nik}})]}).json()["hasil"][0]
    assert answer["status"] == "rejected"
    # The rule names the field that disagrees with the NIK's sex digits.
    assert {"nik", "jenis_kelamin"} & set(answer["galat"])


def test_another_tps_voter_is_refused(k, pantarlih):
    rina = voter(k, "Rina Wulandari")  # Pojok
    answer = post(pantarlih, {"perubahan": [change("SESUAI", rina)]}).json()["hasil"][0]
    assert answer["status"] == "rejected" and "pemilih_id" in answer["galat"]
    rina.refresh_from_db()
    assert rina.versi == 1 and rina.coklit == ""
    assert Perubahan.objects.get().pemilih is None  # never linked to the other TPS's voter
    # Same answer for an id that does not exist at all: nothing to probe.
    ghost = change("SESUAI", None, versi=1)
    ghost["pemilih_id"] = 999_999
    assert post(pantarlih, {"perubahan": [ghost]}).json()["hasil"][0]["galat"] == \
        answer["galat"]


def test_only_pantarlih_may_sync(k, client_as):
    payload = {"perubahan": [change("SESUAI", voter(k, "Ahmad Fauzi"))]}
    assert post(client_as(k.pps_bl), payload).status_code == 403
    assert post(client_as(None), payload).status_code == 401
    assert client_as(k.kpps).get("/api/coklit/daftar").status_code == 403


def test_csrf_is_required(k):
    c = Client(enforce_csrf_checks=True)
    c.force_login(k.pantarlih)
    r = post(c, {"perubahan": [change("SESUAI", voter(k, "Ahmad Fauzi"))]})
    assert r.status_code == 403
    assert not Perubahan.objects.exists()


def test_tms8_moves_within_kelurahan_and_downloads_follow(k, pantarlih, client_as):
    budi = voter(k, "Budi Santoso")
    since = pantarlih.get("/api/coklit/daftar").json()["versi_daftar"]
    move = change("TMS", budi, data={"kode": "8", "tps_tujuan": k.tps_bl2.pk})
    assert post(pantarlih, {"perubahan": [move]}).json()["hasil"][0]["status"] == "applied"
    budi.refresh_from_db()
    assert budi.tps_id == k.tps_bl2.pk and budi.tms_kode == ""
    assert PindahTPS.objects.filter(pemilih=budi, tps_asal=k.tps_bl1).exists()
    delta = pantarlih.get(f"/api/coklit/daftar?sejak={since}").json()
    assert delta["keluar"] == [budi.pk] and delta["pemilih"] == []
    bl2 = factories.buat_petugas(k.pemilihan, "PANTARLIH", k.bandar_lor, "Bambang Dua",
                                 tps=k.tps_bl2, username="pantarlih_bl2").user
    other = client_as(bl2).get(f"/api/coklit/daftar?sejak={since}").json()
    assert [p["id"] for p in other["pemilih"]] == [budi.pk]


def test_pemilih_baru_validated_and_warned(k, pantarlih):
    existing = voter(k, "Rina Wulandari")  # listed in Pojok
    valid = {"nkk": "3571010101240001", "nik": existing.nik, "nama": existing.nama,
             "jenis_kelamin": existing.jenis_kelamin, "tempat_lahir": "Kediri",
             "tanggal_lahir": existing.tanggal_lahir.isoformat(), "status_kawin": "B",
             "alamat": "Jl. Mawar 3", "rt": "2", "rw": "1"}
    young = dict(valid, tanggal_lahir="2008-01-01",
                 nik=make_nik("35.71.01", date(2008, 1, 1), "P", 31))
    answers = post(pantarlih, {"perubahan": [change("BARU", data={"pemilih": valid}),
                                             change("BARU", data={"pemilih": young}),
                                             change("BARU", data={"pemilih": {"nama": "X"}})]}
                   ).json()["hasil"]
    assert [a["status"] for a in answers] == ["applied", "rejected", "rejected"]
    assert any("Pojok" in w for w in answers[0]["peringatan"])
    assert "tanggal_lahir" in answers[1]["galat"] or "status_kawin" in answers[1]["galat"]
    assert "nik" in answers[2]["galat"]
    new = Pemilih.objects.get(pk=answers[0]["pemilih"]["id"])
    assert (new.sumber, new.coklit, new.tps_id, new.rt) == ("BARU", "BARU", k.tps_bl1.pk, "002")


def test_sticker_for_a_household_of_the_tps(k, pantarlih):
    ahmad = voter(k, "Ahmad Fauzi")
    ok = change("STIKER", data={"nkk": ahmad.nkk, "lintang": -7.8167, "bujur": 112.0167})
    foreign = change("STIKER", data={"nkk": voter(k, "Rina Wulandari").nkk})
    answers = post(pantarlih, {"perubahan": [ok, foreign]}).json()["hasil"]
    assert [a["status"] for a in answers] == ["applied", "rejected"]
    assert pantarlih.get("/api/coklit/daftar").json()["stiker"] == [ahmad.nkk]


def test_sticker_for_a_household_added_earlier_in_the_same_batch(k, pantarlih):
    """Stickers are checked against the TPS's households read once per batch; a household the
    same batch just added (its voter row is written at flush) must count (CI failure of the
    simulation, where a Pantarlih adds a family and stickers its door in one sync)."""
    ahmad = voter(k, "Ahmad Fauzi")
    baru = {"nkk": "3571010101240009", "nik": make_nik("35.71.01", date(1990, 5, 5), "L", 77),
            "nama": "Hadi Purnomo", "jenis_kelamin": "L", "tempat_lahir": "Kediri",
            "tanggal_lahir": "1990-05-05", "status_kawin": "S", "alamat": "Jl. Kenanga 9",
            "rt": "2", "rw": "1"}
    answers = post(pantarlih, {"perubahan": [
        change("STIKER", data={"nkk": ahmad.nkk}),
        change("BARU", data={"pemilih": baru}),
        change("STIKER", data={"nkk": baru["nkk"]}),
        change("STIKER", data={"nkk": "3571010101249999"})]}).json()["hasil"]
    assert [a["status"] for a in answers] == ["applied", "applied", "applied", "rejected"]
    assert sorted(pantarlih.get("/api/coklit/daftar").json()["stiker"]) == sorted(
        [ahmad.nkk, baru["nkk"]])


def test_failure_mid_batch_leaves_nothing(k, monkeypatch):
    ahmad = voter(k, "Ahmad Fauzi")

    def boom(self):
        raise RuntimeError("disk full")

    monkeypatch.setattr("selenggara.audit.services.Appender.flush", boom)
    with pytest.raises(RuntimeError):
        services.sync(k.petugas_pantarlih, k.pantarlih,
                      [services.Change(id=uuid.uuid4(), aksi="SESUAI", pemilih_id=ahmad.pk,
                                       versi=1)])
    ahmad.refresh_from_db()
    assert (ahmad.versi, ahmad.coklit) == (1, "")
    assert not Perubahan.objects.exists()


def test_cek_nik_uses_post_and_masks(k, pantarlih):
    rina = voter(k, "Rina Wulandari")
    r = post(pantarlih, {"nik": rina.nik}, url="/api/coklit/cek-nik").json()
    assert r["terdaftar"] is True and "Pojok" in r["tps"]
    assert rina.nik not in json.dumps(r)
    assert post(pantarlih, {"nik": "3571010101010009"}, url="/api/coklit/cek-nik").json() == {
        "terdaftar": False, "tps": None, "nama_tersamar": None, "nik_tersamar": None}


JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2000


def test_photo_upload_resumes_and_checks_type_and_size(k, pantarlih):
    fid = str(uuid.uuid4())
    start = post(pantarlih, {"id": fid, "tipe": "image/jpeg", "ukuran": len(JPEG)},
                 url="/api/coklit/foto")
    assert start.json()["diterima"] == 0

    def put(offset, chunk):
        return pantarlih.put(f"/api/coklit/foto/{fid}?offset={offset}", chunk,
                             content_type="application/octet-stream")

    assert put(0, JPEG[:1000]).json()["diterima"] == 1000
    assert put(0, JPEG[:1000]).status_code == 409  # stale offset: told where to resume
    assert pantarlih.get(f"/api/coklit/foto/{fid}").json()["diterima"] == 1000
    done = put(1000, JPEG[1000:]).json()
    assert done["selesai"] is True
    foto = Foto.objects.get(pk=fid)
    assert foto.path.read_bytes() == JPEG
    big = post(pantarlih, {"id": str(uuid.uuid4()), "tipe": "image/jpeg", "ukuran": 6 << 20},
               url="/api/coklit/foto")
    assert big.status_code == 413
    exe = post(pantarlih, {"id": str(uuid.uuid4()), "tipe": "application/x-msdownload",
                           "ukuran": 100}, url="/api/coklit/foto")
    assert exe.status_code == 415
    fake_id = str(uuid.uuid4())
    post(pantarlih, {"id": fake_id, "tipe": "image/png", "ukuran": 100}, url="/api/coklit/foto")
    r = pantarlih.put(f"/api/coklit/foto/{fake_id}?offset=0", b"MZ" + b"\x00" * 98,
                      content_type="application/octet-stream")
    assert r.status_code == 415


def test_returned_item_shows_until_the_voter_is_checked_again(k, pantarlih):
    from selenggara.coklit import keputusan as evaluasi

    ahmad = voter(k, "Ahmad Fauzi")
    first = change("TMS", ahmad, data={"kode": "4"})
    post(pantarlih, {"perubahan": [first]})
    row = Perubahan.objects.get(client_id=first["id"])
    evaluasi.kembalikan(k.pps_bl, row.pk, "Tanyakan tetangga: benarkah pindah?")
    listed = pantarlih.get("/api/coklit/daftar").json()
    assert [d["catatan"] for d in listed["dikembalikan"]] == [
        "Tanyakan tetangga: benarkah pindah?"]
    ahmad.refresh_from_db()
    assert (ahmad.tms_kode, ahmad.coklit) == ("", "")  # the TMS was undone
    post(pantarlih, {"perubahan": [change("SESUAI", ahmad)]})
    assert pantarlih.get("/api/coklit/daftar").json()["dikembalikan"] == []


def test_another_phones_change_id_is_not_replayed_to_me(k, pantarlih, client_as):
    ahmad = voter(k, "Ahmad Fauzi")
    mine = change("UBAH", ahmad, data={"ubah": {"nama": "Achmad Fauzi"}})
    post(pantarlih, {"perubahan": [mine]})
    other = client_as(second_pantarlih(k))
    answer = post(other, {"perubahan": [dict(mine, data={})]}).json()["hasil"][0]
    assert answer["status"] == "rejected" and "id" in answer["galat"]
    assert answer["pemilih"] is None
    assert Perubahan.objects.count() == 1


def test_sesuai_clears_an_earlier_tms_mark(k, pantarlih):
    wahyuni = voter(k, "Wahyuni")
    assert wahyuni.tms_kode == "1"
    assert post(pantarlih, {"perubahan": [change("SESUAI", wahyuni)]}).json()["hasil"][0][
        "status"] == "applied"
    wahyuni.refresh_from_db()
    assert (wahyuni.tms_kode, wahyuni.coklit) == ("", "SESUAI")


def test_naming_another_phones_change_in_setelah_does_not_skip_the_conflict(k, pantarlih,
                                                                              client_as):
    ahmad = voter(k, "Ahmad Fauzi")
    theirs = change("UBAH", ahmad, data={"ubah": {"nama": "Ahmad Fauzy"}})
    other = client_as(second_pantarlih(k))
    assert post(other, {"perubahan": [theirs]}).json()["hasil"][0]["status"] == "applied"
    stale = change("UBAH", ahmad, data={"ubah": {"rt": "9"}}, setelah=theirs["id"])
    assert post(pantarlih, {"perubahan": [stale]}).json()["hasil"][0]["status"] == "conflict"


def test_edit_of_a_new_voter_before_the_answer_arrives(k, pantarlih):
    baru = change("BARU", data={"pemilih": {
        "nkk": "3571010101240001", "nik": make_nik("35.71.01", date(1990, 3, 7), "P", 55),
        "nama": "Dewi Sartika", "jenis_kelamin": "P", "tempat_lahir": "Kediri",
        "tanggal_lahir": "1990-03-07", "status_kawin": "S", "alamat": "Jl. Mawar 3",
        "rt": "2", "rw": "1"}})
    fix = change("UBAH", None, versi=1, data={"ubah": {"alamat": "Jl. Melati 4"}},
                 setelah=baru["id"])
    answers = post(pantarlih, {"perubahan": [baru, fix]}).json()["hasil"]
    assert [a["status"] for a in answers] == ["applied", "applied"]
    assert Pemilih.objects.get(pk=answers[0]["pemilih"]["id"]).alamat == "JL. MELATI 4"


def test_tms8_cannot_move_a_dp4_voter_into_a_lokasi_khusus_tps(k, pantarlih):
    budi = voter(k, "Budi Santoso")
    answer = post(pantarlih, {"perubahan": [change("TMS", budi, data={
        "kode": "8", "tps_tujuan": k.tps_bl901.pk})]}).json()["hasil"][0]
    assert answer["status"] == "rejected" and "tps_tujuan" in answer["galat"]


def test_returned_item_follows_a_voter_who_moved(k, pantarlih, client_as):
    from selenggara.coklit import keputusan as evaluasi

    siti = voter(k, "Siti Aminah")
    fix = change("UBAH", siti, data={"ubah": {"rt": "4"}})
    move = change("TMS", siti, data={"kode": "8", "tps_tujuan": k.tps_bl2.pk},
                  setelah=fix["id"])
    assert [a["status"] for a in post(pantarlih, {"perubahan": [fix, move]}).json()["hasil"]] \
        == ["applied", "applied"]
    evaluasi.kembalikan(k.pps_bl, Perubahan.objects.get(client_id=fix["id"]).pk,
                        "RT-nya benar 003, cek lagi.")
    assert pantarlih.get("/api/coklit/daftar").json()["dikembalikan"] == []
    bl2 = factories.buat_petugas(k.pemilihan, "PANTARLIH", k.bandar_lor, "Bambang Dua",
                                 tps=k.tps_bl2, username="pantarlih_bl2").user
    there = client_as(bl2).get("/api/coklit/daftar").json()["dikembalikan"]
    assert [d["catatan"] for d in there] == ["RT-nya benar 003, cek lagi."]


def test_worklist_holds_only_the_pantarlihs_election(k, pantarlih):
    """A TPS row belongs to no election: the next Pilkada in the same database reuses it. Its
    voters are not this Pantarlih's (an officer is appointed for one election)."""
    lain = factories.buat_pemilih(factories.buat_pemilihan(k.kota, 2029), k.tps_bl1,
                                  "Pemilih Pilkada Berikut", "L", date(1990, 1, 1))
    data = pantarlih.get("/api/coklit/daftar").json()
    assert lain.pk not in {p["id"] for p in data["pemilih"]}
