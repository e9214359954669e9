"""The API under attack: hostile values, storage limits, the NIK lookup limit.

Each bad value once failed the whole batch with a 500 HTML page (on SQLite, on PostgreSQL, or
both), so the phone re-sent it for ever and every later change on it was blocked. Now it is one
``rejected`` answer with its reason per field, and the changes around it are applied.
"""

import json
import uuid
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify
from selenggara.coklit import cek_nik, foto
from selenggara.coklit.models import Foto, Perubahan
from selenggara.coklit.validasi import MAKS_DATA_DITOLAK_BYTE
from selenggara.pemilih.models import Pemilih
from selenggara.web.models import Batas
from tests import factories

pytestmark = pytest.mark.django_db
URL = "/api/coklit/sinkron"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2000


def post(client, payload, url=URL, **extra):
    body = payload if isinstance(payload, (str, bytes)) else json.dumps(payload)
    return client.post(url, body, content_type="application/json", **extra)


def change(aksi, pemilih=None, *, data=None, **extra):
    return {"id": str(uuid.uuid4()), "aksi": aksi,
            "pemilih_id": pemilih.pk if pemilih is not None else None,
            "versi": pemilih.versi if pemilih is not None else None,
            "data": data or {}, "waktu_perangkat": "2024-07-01T09:30:00+07:00", **extra}


@pytest.fixture
def k(kediri_mini):
    return kediri_mini


@pytest.fixture
def pantarlih(k, client_as):
    return client_as(k.pantarlih)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def voter(k, nama) -> Pemilih:
    return Pemilih.objects.get(pk=k.pemilih[nama].pk)


def is_json_error(r, status):
    assert r.status_code == status, r.content[:500]
    assert r["Content-Type"].startswith("application/json")
    body = r.json()
    assert set(body) == {"detail", "jenis", "galat"}
    assert isinstance(body["detail"], str) and body["detail"]
    return body


# -- item 1: one bad change must not fail the batch ---------------------------------------------
BUDI = "Budi Santoso"


def _bad_changes(k):
    """(name, change, field the answer must name): each seen failing a batch."""
    b = voter(k, BUDI)
    siti_lain = voter(k, "Rina Wulandari")  # another TPS: a rejected change, kept with its data
    return [
        ("versi negatif (CHECK)", change("SESUAI", b, versi=-1), "versi"),
        ("versi 2^31 (PG integer)", change("SESUAI", b, versi=2**31), "versi"),
        ("versi 2^63 (SQLite overflow)", change("SESUAI", b, versi=2**63), "versi"),
        ("pemilih_id 2^63", dict(change("SESUAI", b), pemilih_id=2**63), "pemilih_id"),
        ("versi bool", change("SESUAI", b, versi=True), "versi"),
        ("waktu 0001 +14", change("SESUAI", b, waktu_perangkat="0001-01-01T00:00:00+14:00"),
         "waktu_perangkat"),
        ("waktu 9999 -14", change("SESUAI", b, waktu_perangkat="9999-12-31T23:59:59-14:00"),
         "waktu_perangkat"),
        ("waktu tanpa zona", change("SESUAI", b, waktu_perangkat="2024-07-01T09:30:00"),
         "waktu_perangkat"),
        ("NUL di alamat", change("UBAH", b, data={"ubah": {"alamat": "JL. MAWAR\x00 3"}}),
         "alamat"),
        ("NUL di dokumen TMS", change("TMS", b, data={"kode": "1", "dokumen": "SK\x00 12"}),
         "dokumen"),
        ("NUL di perubahan yang ditolak",
         change("SESUAI", siti_lain, data={"catatan": "x\x00"}), "catatan"),
        ("NUL di data konflik",
         dict(change("UBAH", b, data={"ubah": {"rt": "5"}, "x": "\x00"}), versi=1 + b.versi),
         "x"),
        ("surrogate di data", change("UBAH", b, data={"ubah": {"nama": "BUDI \ud800"}}), "nama"),
        ("surrogate di kunci data", change("SESUAI", b, data={"\udfff": "1"}), "data"),
        ("NaN di data", change("STIKER", data={"nkk": b.nkk, "lintang": float("nan"),
                                               "bujur": 1.0}), "lintang"),
        ("tps_tujuan 2^63", change("TMS", b, data={"kode": "8", "tps_tujuan": 2**63}),
         "tps_tujuan"),
        ("aksi tidak dikenal", change("HAPUS", b), "aksi"),
        ("data bukan objek", change("SESUAI", b, data=None) | {"data": [1, 2]}, "data"),
        ("data terlalu dalam", change("SESUAI", b, data={"a": {"b": {"c": {"d": 1}}}}), "c"),
        ("data 12 KB", change("SESUAI", b, data={f"k{i}": "x" * 250 for i in range(20)}),
         "data"),
    ]


@pytest.mark.parametrize("i", range(20))
def test_a_bad_change_is_rejected_alone_and_the_batch_goes_on(k, pantarlih, i):
    name, bad, field = _bad_changes(k)[i]
    ahmad, siti = voter(k, "Ahmad Fauzi"), voter(k, "Siti Aminah")
    batch = [change("SESUAI", ahmad), bad, change("SESUAI", siti)]
    r = post(pantarlih, {"perubahan": batch})
    assert r.status_code == 200, (name, r.content[:300])
    answers = r.json()["hasil"]
    assert [a["status"] for a in answers] == ["applied", "rejected", "applied"], name
    assert field in answers[1]["galat"], (name, answers[1]["galat"])
    assert all(isinstance(m, str) and m for m in answers[1]["galat"][field])
    assert answers[1]["pesan"]
    budi = voter(k, BUDI)
    assert (budi.versi, budi.coklit) == (1, "")
    # Re-sent, the same answers: the two applied ones are replays, the bad one is refused again.
    again = post(pantarlih, {"perubahan": batch}).json()["hasil"]
    assert [a["status"] for a in again] == ["already_applied", "rejected", "already_applied"]
    assert verify().ok


def test_every_bad_change_at_once_with_good_ones_between(k, pantarlih):
    bad = [c for _n, c, _f in _bad_changes(k)]
    good = [change("SESUAI", voter(k, "Ahmad Fauzi")), change("SESUAI", voter(k, "Siti Aminah"))]
    answers = post(pantarlih, {"perubahan": [good[0], *bad, good[1]]}).json()["hasil"]
    assert answers[0]["status"] == answers[-1]["status"] == "applied"
    assert {a["status"] for a in answers[1:-1]} == {"rejected"}
    # Nothing of the hostile values reached the database.
    assert Perubahan.objects.filter(status="applied").count() == 2
    assert not Perubahan.objects.filter(client_id__in=[c["id"] for c in bad]).exists()


def test_a_batch_without_a_usable_envelope_is_refused_whole_as_json(k, pantarlih):
    for payload, field in [({"perubahan": "x"}, "perubahan"),
                           ({"perubahan": [{"aksi": "SESUAI"}]}, "perubahan.0"),
                           ({"perubahan": [{"id": "bukan-uuid", "aksi": "SESUAI"}]},
                            "perubahan.0"),
                           ({"perubahan": [7]}, "perubahan.0"),
                           ({"perubahan": [change("SESUAI")] * 201}, "perubahan"),
                           ({}, "perubahan")]:
        body = is_json_error(post(pantarlih, payload), 422)
        assert body["jenis"] == "tidak_valid" and field in body["galat"], (payload, body)
    body = is_json_error(post(pantarlih, "{not json"), 400)
    assert body["jenis"] == "tidak_valid"
    assert not Perubahan.objects.exists()


def test_valid_rich_changes_still_pass_the_bounds(k, pantarlih):
    """The bounds leave the real app's data alone: a TMS with a document, a sticker with GPS
    and accuracy, a full new voter."""
    from datetime import date

    from selenggara.rules.nik import make_nik

    budi, ahmad = voter(k, BUDI), voter(k, "Ahmad Fauzi")
    baru = {"nkk": "3571010101240001", "nik": make_nik("35.71.01", date(1990, 3, 7), "P", 55),
            "nama": "Dewi Sartika", "jenis_kelamin": "P", "tempat_lahir": "Kediri",
            "tanggal_lahir": "1990-03-07", "status_kawin": "S", "alamat": "Jl. Mawar 3 " * 10,
            "rt": "2", "rw": "1", "disabilitas": "0", "ktp_el": "S"}
    answers = post(pantarlih, {"perubahan": [
        change("TMS", budi, data={"kode": "1", "dokumen": "Surat kematian " + "9" * 180}),
        change("STIKER", data={"nkk": ahmad.nkk, "lintang": -7.8167, "bujur": 112.0167,
                               "akurasi": 1234.5, "foto": str(uuid.uuid4())},
               waktu_perangkat="2024-07-01T02:30:00Z"),
        change("BARU", data={"pemilih": baru})]}).json()["hasil"]
    assert [a["status"] for a in answers] == ["applied"] * 3, answers


def test_a_rejected_change_keeps_little_of_its_data(k, pantarlih):
    junk = {f"k{i}": "x" * 150 for i in range(20)}  # 3.4 KB: within the data limit
    bad = change("TMS", voter(k, BUDI), data={"kode": "9", **junk})
    answer = post(pantarlih, {"perubahan": [bad]}).json()["hasil"][0]
    assert answer["status"] == "rejected" and "kode" in answer["galat"]
    row = Perubahan.objects.get(client_id=bad["id"])
    kept = json.dumps(row.data)
    assert row.data["_dipotong"] is True and len(kept) < MAKS_DATA_DITOLAK_BYTE
    small = change("TMS", voter(k, BUDI), data={"kode": "9"})
    post(pantarlih, {"perubahan": [small]})
    assert Perubahan.objects.get(client_id=small["id"]).data == {"kode": "9"}


def test_a_two_megabyte_dokumen_is_refused(k, pantarlih):
    big = change("TMS", voter(k, BUDI), data={"kode": "1", "dokumen": "A" * 2_000_000})
    answer = post(pantarlih, {"perubahan": [big]}).json()["hasil"][0]
    assert answer["status"] == "rejected" and "dokumen" in answer["galat"]
    assert voter(k, BUDI).tms_kode == ""
    assert not Perubahan.objects.exists()


def test_a_body_above_the_request_limit_is_413_json(k, pantarlih, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    body = is_json_error(post(pantarlih, {"perubahan": [change("SESUAI", data={
        "x": "y" * 20_000})]}), 413)
    assert body["jenis"] == "terlalu_besar"


# -- every API error is JSON in one shape -------------------------------------------------------
def test_unauthenticated_is_json_with_the_text_the_app_knows(k, client_as):
    body = is_json_error(post(client_as(None), {"perubahan": []}), 401)
    assert body["detail"] == "Unauthorized" and body["jenis"] == "belum_masuk"


def test_csrf_failure_and_wrong_role_are_json_403(k, client_as):
    c = Client(enforce_csrf_checks=True)
    c.force_login(k.pantarlih)
    assert is_json_error(post(c, {"perubahan": []}), 403)["jenis"] == "ditolak"
    assert is_json_error(post(client_as(k.pps_bl), {"perubahan": []}), 403)["jenis"] == "ditolak"


def test_query_and_path_errors_are_422_json_by_field(k, pantarlih):
    body = is_json_error(pantarlih.get("/api/coklit/daftar?sejak=-1"), 422)
    assert "sejak" in body["galat"]
    body = is_json_error(pantarlih.get(f"/api/coklit/daftar?sejak={2**63}"), 422)
    assert "sejak" in body["galat"]
    body = is_json_error(pantarlih.get("/api/coklit/foto/bukan-uuid"), 422)
    assert "foto_id" in body["galat"]
    body = is_json_error(pantarlih.put(f"/api/coklit/foto/{uuid.uuid4()}?offset={2**40}", b"x",
                                       content_type="application/octet-stream"), 422)
    assert "offset" in body["galat"]


def test_an_unexpected_error_is_500_json_and_logged(k, pantarlih, monkeypatch, caplog):
    def boom(*a, **kw):
        raise RuntimeError("disk full")

    monkeypatch.setattr("selenggara.coklit.sync.sync", boom)
    body = is_json_error(post(pantarlih, {"perubahan": [change("SESUAI", voter(k, BUDI))]}), 500)
    assert body["jenis"] == "galat_server" and "disk full" not in body["detail"]
    assert any("disk full" in (r.exc_text or str(r.exc_info)) for r in caplog.records)


def test_openapi_documents_every_status_with_the_error_schema(client):
    spec = client.get("/api/openapi.json").json()
    expected = {
        ("/api/coklit/sinkron", "post"): {200, 400, 401, 403, 413, 422},
        ("/api/coklit/daftar", "get"): {200, 401, 403, 404, 422},
        ("/api/coklit/cek-nik", "post"): {200, 400, 401, 403, 413, 422, 429},
        ("/api/coklit/foto", "post"): {200, 400, 401, 403, 404, 413, 415, 422, 429},
        ("/api/coklit/foto/{foto_id}", "get"): {200, 401, 403, 404, 422},
        ("/api/coklit/foto/{foto_id}", "put"): {200, 401, 403, 404, 409, 413, 415, 422},
    }
    for (path, method), statuses in expected.items():
        responses = spec["paths"][path][method]["responses"]
        assert {int(s) for s in responses} == statuses, (path, method)
        for s in statuses - {200}:
            ref = responses[str(s)]["content"]["application/json"]["schema"]["$ref"]
            assert ref.endswith("/GalatOut"), (path, method, s)
    galat = spec["components"]["schemas"]["GalatOut"]
    assert set(galat["required"]) == {"detail", "jenis", "galat"}
    # The batch is documented with the strict change shape it is checked against.
    body = spec["paths"]["/api/coklit/sinkron"]["post"]["requestBody"]["content"]
    sync_in = spec["components"]["schemas"][
        body["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]]
    assert sync_in["properties"]["perubahan"]["items"]["$ref"].endswith("/ChangeIn")
    change_in = spec["components"]["schemas"]["ChangeIn"]
    assert set(change_in["properties"]["aksi"]["enum"]) == {"SESUAI", "UBAH", "TMS", "BARU",
                                                            "STIKER", "KERTAS"}
    versi = change_in["properties"]["versi"]["anyOf"][0]
    assert versi["maximum"] == 2**31 - 1 and versi["minimum"] == 1
    put = spec["paths"]["/api/coklit/foto/{foto_id}"]["put"]["requestBody"]["content"]
    assert "application/octet-stream" in put


# -- item 7: storage limits ---------------------------------------------------------------------
def start(client, ukuran=None, fid=None):
    return post(client, {"id": fid or str(uuid.uuid4()), "tipe": "image/jpeg",
                         "ukuran": ukuran or len(JPEG)},
                url="/api/coklit/foto")


def put(client, fid, offset, chunk):
    return client.put(f"/api/coklit/foto/{fid}?offset={offset}", chunk,
                      content_type="application/octet-stream")


def _fotos(k, n, *, ukuran=1000, selesai=True, **extra):
    Foto.objects.bulk_create(
        Foto(id=uuid.uuid4(), petugas=k.petugas_pantarlih, tipe="image/jpeg", ukuran=ukuran,
             diterima=ukuran if selesai else 0, selesai=selesai, **extra) for _ in range(n))


def test_photo_count_quota_per_account(k, pantarlih, media):
    _fotos(k, foto.MAKS_FOTO_AKUN)
    body = is_json_error(start(pantarlih), 429)
    assert body["jenis"] == "terlalu_banyak" and str(foto.MAKS_FOTO_AKUN) in body["detail"]
    assert "PPS" in body["detail"]
    assert Foto.objects.count() == foto.MAKS_FOTO_AKUN
    # Another Pantarlih's quota is their own.
    other = factories.buat_petugas(k.pemilihan, "PANTARLIH", k.bandar_lor, "Endang Wahyu",
                                   tps=k.tps_bl1, jenis_kelamin="P", username="pantarlih_bl1b")
    from django.test import Client as C

    c = C()
    c.force_login(other.user)
    assert start(c).status_code == 200


def test_photo_bytes_quota_per_account(k, pantarlih, media):
    _fotos(k, foto.MAKS_BYTE_AKUN // foto.MAKS_UKURAN, ukuran=foto.MAKS_UKURAN)
    body = is_json_error(start(pantarlih, ukuran=1 << 20), 413)
    assert body["jenis"] == "terlalu_besar" and "MB" in body["detail"]


def test_pending_upload_quota_and_resume_of_a_known_id(k, pantarlih, media):
    ids = [str(uuid.uuid4()) for _ in range(foto.MAKS_TERTUNDA)]
    for fid in ids:
        assert start(pantarlih, fid=fid).status_code == 200
    r = start(pantarlih)
    body = is_json_error(r, 429)
    assert str(foto.MAKS_TERTUNDA) in body["detail"] and "48 jam" in body["detail"]
    assert int(r["Retry-After"]) > 0
    # Resuming one that was started is never refused, and finishing it frees a slot.
    assert start(pantarlih, fid=ids[0]).status_code == 200
    assert put(pantarlih, ids[0], 0, JPEG).json()["selesai"] is True
    assert start(pantarlih).status_code == 200


def test_abandoned_uploads_expire_by_the_command(k, pantarlih, media,
                                                  django_capture_on_commit_callbacks):
    old, recent, done = (str(uuid.uuid4()) for _ in range(3))
    for fid in (old, recent, done):
        start(pantarlih, fid=fid)
        put(pantarlih, fid, 0, JPEG[:1000])
    put(pantarlih, done, 1000, JPEG[1000:])
    lama = timezone.now() - timedelta(hours=foto.KEDALUWARSA_JAM + 1)
    Foto.objects.filter(pk__in=[old, done]).update(dibuat=lama)
    partial = Foto.objects.get(pk=old).path
    assert partial.exists()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("coklit", "bersihkan")
    assert set(map(str, Foto.objects.values_list("pk", flat=True))) == {recent, done}
    assert not partial.exists() and Foto.objects.get(pk=done).path.exists()
    rec = AuditRecord.objects.get(aksi="coklit.foto_kedaluwarsa")
    assert rec.objek_id == old and rec.sesudah["diterima"] == 1000
    assert verify().ok
    # The phone still has the photo: starting it again begins from zero.
    assert start(pantarlih, fid=old).json()["diterima"] == 0


def test_starting_an_upload_expires_the_accounts_abandoned_ones(k, pantarlih, media,
                                                                django_capture_on_commit_callbacks):
    _fotos(k, foto.MAKS_TERTUNDA, selesai=False)
    Foto.objects.update(dibuat=timezone.now() - timedelta(hours=foto.KEDALUWARSA_JAM + 1))
    with django_capture_on_commit_callbacks(execute=True):
        assert start(pantarlih).status_code == 200
    assert Foto.objects.count() == 1
    assert AuditRecord.objects.filter(aksi="coklit.foto_kedaluwarsa").count() == \
        foto.MAKS_TERTUNDA


def test_twenty_five_megabyte_photos_in_a_row_stop_at_the_quota(k, pantarlih, media):
    """The attack seen: 20 x 5 MB in seconds. Now the declared sizes count against 300 MB and
    unfinished uploads against 10 at once."""
    codes = [start(pantarlih, ukuran=foto.MAKS_UKURAN).status_code for _ in range(20)]
    assert codes[:foto.MAKS_TERTUNDA] == [200] * foto.MAKS_TERTUNDA
    assert set(codes[foto.MAKS_TERTUNDA:]) == {429}


# -- item 8: cek-nik limits ---------------------------------------------------------------------
CEK = "/api/coklit/cek-nik"


@pytest.mark.parametrize("nik", ["\x00" * 16, "١٢٣٤٥٦٧٨٩٠١٢٣٤٥٦", "357101010101000A",
                                 "3571 01010101000", "35710101010100001"])
def test_cek_nik_takes_only_16_ascii_digits(k, pantarlih, nik):
    body = is_json_error(post(pantarlih, {"nik": nik}, url=CEK), 422)
    assert "nik" in body["galat"] and "16 digit" in body["galat"]["nik"][0]


def test_cek_nik_is_limited_per_account_and_audited(k, pantarlih):
    rina = voter(k, "Rina Wulandari")
    niks = [rina.nik] + [f"35710101019{i:05d}" for i in range(cek_nik.MAKS_AKUN_JAM - 1)]
    for nik in niks:
        assert post(pantarlih, {"nik": nik}, url=CEK).status_code == 200
    r = post(pantarlih, {"nik": rina.nik}, url=CEK)
    body = is_json_error(r, 429)
    assert body["jenis"] == "terlalu_banyak"
    assert "Coba lagi dalam" in body["detail"] and "menit" in body["detail"]
    assert 0 < int(r["Retry-After"]) <= 3600
    recs = list(AuditRecord.objects.filter(aksi="coklit.cek_nik").order_by("seq"))
    # Every lookup, plus the first refusal; never more than the first 6 digits of a NIK.
    assert len(recs) == cek_nik.MAKS_AKUN_JAM + 1
    assert recs[0].sesudah == {"nik_awal": rina.nik[:6], "terdaftar": True}
    assert recs[0].objek_id == str(rina.pk) and recs[0].username == k.pantarlih.username
    assert recs[1].sesudah["terdaftar"] is False
    assert recs[-1].sesudah["ditahan"] == "akun"
    dumped = json.dumps([[r.sebelum, r.sesudah] for r in recs])
    assert all(nik not in dumped and nik[6:] not in dumped for nik in niks)
    # Refusals after the first are not recorded (a flood cannot fill the log).
    post(pantarlih, {"nik": rina.nik}, url=CEK)
    assert AuditRecord.objects.filter(aksi="coklit.cek_nik").count() == len(recs)


def test_cek_nik_is_limited_per_day(k, pantarlih, monkeypatch):
    monkeypatch.setattr(cek_nik, "MAKS_AKUN_JAM", 1000)
    monkeypatch.setattr(cek_nik, "MAKS_AKUN_HARI", 3)
    for _ in range(3):
        assert post(pantarlih, {"nik": "3571010101010009"}, url=CEK).status_code == 200
    assert post(pantarlih, {"nik": "3571010101010009"}, url=CEK).status_code == 429


def test_cek_nik_is_limited_per_client_address(k, client_as, monkeypatch):
    monkeypatch.setattr(cek_nik, "MAKS_ALAMAT_JAM", 3)
    other = factories.buat_petugas(k.pemilihan, "PANTARLIH", k.bandar_lor, "Endang Wahyu",
                                   tps=k.tps_bl1, jenis_kelamin="P", username="pantarlih_bl1b")
    a, b = client_as(k.pantarlih), client_as(other.user)
    nik = {"nik": "3571010101010009"}
    assert [post(c, nik, url=CEK, REMOTE_ADDR="203.0.113.7").status_code
            for c in (a, b, a)] == [200, 200, 200]
    body = is_json_error(post(b, nik, url=CEK, REMOTE_ADDR="203.0.113.7"), 429)
    assert "alamat jaringan" in body["detail"]
    assert post(b, nik, url=CEK, REMOTE_ADDR="198.51.100.9").status_code == 200
    # The limit's keys hold no address or account in clear.
    assert not Batas.objects.filter(kunci__contains="203.0.113.7").exists()


def test_the_service_checks_the_bounds_for_any_caller(k):
    """Not only the API: a script calling ``sync()`` with an unbounded change gets a refusal."""
    from selenggara.coklit import sync as services

    budi = voter(k, BUDI)
    bad = services.Change(id=uuid.uuid4(), aksi="UBAH", pemilih_id=budi.pk, versi=-1,
                          data={"ubah": {"alamat": "JL\x00"}})
    (answer,) = services.sync(k.petugas_pantarlih, k.pantarlih, [bad])
    assert answer.status == "rejected" and {"versi", "alamat"} <= set(answer.galat)
    assert not Perubahan.objects.exists()
