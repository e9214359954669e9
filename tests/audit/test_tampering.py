"""Every kind of tampering with the audit log that `audit verify` must catch, done the way an
attacker with the database (and the data folder, SECRET_KEY included) would do it: plain SQL
(queryset ``update``/``delete`` skip the model's guards), recomputing hashes with every key
they can find. Only the holder of the audit key can rebuild the chain; what then still holds
is the anchor kept outside the database (the last tests).

| # | tampering                                      | caught by                              |
|---|------------------------------------------------|----------------------------------------|
| 1 | `sesudah` edited                               | record hash                            |
| 2 | `sebelum` edited                               | record hash                            |
| 3 | `username` edited                              | record hash                            |
| 4 | `aksi` edited                                  | record hash                            |
| 5 | `waktu` edited                                 | record hash                            |
| 6 | object (`objek_tipe`/`objek_id`) edited        | record hash                            |
| 7 | a record deleted from the middle               | seq gap + prev_hash                    |
| 8 | the first record deleted                       | seq gap + prev_hash                    |
| 9 | two records reordered (seq swapped)            | prev_hash + record hash                |
| 10| the tail cut, head left                        | head vs last record                    |
| 11| a record inserted (copied, not rehashed)       | seq/prev_hash/record hash              |
| 12| a `hash` overwritten                           | record hash + next prev_hash           |
| 13| a `prev_hash` edited                           | prev_hash + record hash                |
| 14| every record and the head deleted              | anchor (`verify --anchor`)             |
| 15| the last record deleted and the head updated   | head MAC (+ anchor)                    |
| 16| a record edited and the chain rehashed         | keyed hash (HMAC, key not in the DB)   |
| 17| a record appended and the chain rehashed       | keyed hash + head MAC                  |
| 18| a record deleted, renumbered, rehashed         | keyed hash + head MAC                  |
| 19| `user_id` changed                              | record hash (user_id is in it)         |
| 20| `versi_hash` set back to 1 with a SHA-256      | only version 2 is accepted             |
| 21| the head row deleted, records left             | head missing                           |
| 22| the sidik columns edited                       | record hash                            |

14-18 and 19 were the six missed before the chain was keyed.
"""

import hashlib
import hmac
import json
from datetime import UTC, timedelta

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import F

from selenggara import audit
from selenggara.audit import kunci
from selenggara.audit.aksi import AksiAudit
from selenggara.audit.chain import GENESIS, head_mac, record_hash, record_hash_v1
from selenggara.audit.models import AuditHead, AuditRecord
from selenggara.audit.services import jangkar, verify

pytestmark = pytest.mark.django_db

N = 6


@pytest.fixture
def chain(django_user_model):
    user = django_user_model.objects.create_user("operator")
    django_user_model.objects.create_user("orang_lain")
    for i in range(1, N + 1):
        audit.record(AksiAudit.ADMIN_UBAH, user=user, objek_tipe="uji.benda", objek_id=i,
                     sebelum={"nilai": i - 1}, sesudah={"nilai": i, "tanggal": "2024-11-27"})
    assert verify().ok
    return user


def _blob(content) -> bytes:
    return json.dumps(content, sort_keys=True, ensure_ascii=False,
                      separators=(",", ":")).encode()


# -- what an attacker without the audit key can compute ---------------------------------------


def _hash_sha256(rec: AuditRecord) -> str:
    """The old, published algorithm (versi_hash 1 and anyone reading chain.py)."""
    return record_hash_v1(seq=rec.seq, waktu=rec.waktu, username=rec.username, aksi=rec.aksi,
                          objek_tipe=rec.objek_tipe, objek_id=rec.objek_id,
                          sebelum=rec.sebelum, sesudah=rec.sesudah, prev_hash=rec.prev_hash)


def _hash_secret_key(rec: AuditRecord) -> str:
    """The current layout, keyed with every key found in the data folder (SECRET_KEY)."""
    content = {
        "versi_hash": 2, "seq": rec.seq,
        "waktu": rec.waktu.astimezone(UTC).isoformat(timespec="microseconds"),
        "user_id": rec.user_id, "username": rec.username, "aksi": rec.aksi,
        "objek_tipe": rec.objek_tipe, "objek_id": rec.objek_id, "sebelum": rec.sebelum,
        "sesudah": rec.sesudah, "sidik_sebelum": rec.sidik_sebelum,
        "sidik_sesudah": rec.sidik_sesudah, "prev_hash": rec.prev_hash}
    return hmac.new(settings.SECRET_KEY.encode(), _blob(content), hashlib.sha256).hexdigest()


def _hash_audit_key(rec: AuditRecord) -> str:
    """With the audit key itself: the documented limit (only anchors hold then)."""
    return record_hash(seq=rec.seq, waktu=rec.waktu, user_id=rec.user_id,
                       username=rec.username, aksi=rec.aksi, objek_tipe=rec.objek_tipe,
                       objek_id=rec.objek_id, sebelum=rec.sebelum, sesudah=rec.sesudah,
                       sidik_sebelum=rec.sidik_sebelum, sidik_sesudah=rec.sidik_sesudah,
                       prev_hash=rec.prev_hash)


def _rehash(compute, *, mac_ujung=None) -> None:
    """Recompute every prev_hash/hash in seq order and point the head at the end, as the
    attacker's tool would."""
    prev = GENESIS
    last = 0
    for rec in AuditRecord.objects.order_by("seq"):
        rec.prev_hash = prev
        rec.hash = compute(rec)
        AuditRecord.objects.filter(pk=rec.pk).update(prev_hash=rec.prev_hash, hash=rec.hash)
        prev, last = rec.hash, rec.seq
    mac = (mac_ujung(last, prev) if mac_ujung
           else hashlib.sha256(f"{last}:{prev}".encode()).hexdigest())
    AuditHead.objects.filter(pk=1).update(seq=last, hash=prev, mac=mac)


REHASH = {"sha256": _hash_sha256, "secret_key": _hash_secret_key}


def _problems() -> list[str]:
    result = verify()
    assert not result.ok, "tampering not detected"
    return result.problems


def _rec(seq: int) -> AuditRecord:
    return AuditRecord.objects.get(seq=seq)


# -- 1-13: plain edits ----------------------------------------------------------------------------

EDITS = {
    "sesudah": {"sesudah": {"nilai": 999}},
    "sebelum": {"sebelum": {"nilai": -1}},
    "username": {"username": "orang_lain"},
    "aksi": {"aksi": AksiAudit.ADMIN_HAPUS.value},
    "objek": {"objek_tipe": "uji.lain", "objek_id": "77"},
    "hash": {"hash": "f" * 64},
    "prev_hash": {"prev_hash": "e" * 64},
}


@pytest.mark.parametrize("kind", sorted(EDITS))
def test_edited_field_is_detected(chain, kind):
    AuditRecord.objects.filter(seq=3).update(**EDITS[kind])
    assert any(p.startswith(("#3:", "#4:")) for p in _problems())


def test_edited_time_is_detected(chain):
    AuditRecord.objects.filter(seq=3).update(waktu=F("waktu") - timedelta(hours=1))
    assert any(p.startswith("#3:") and "diubah" in p for p in _problems())


def test_deleted_middle_record_is_detected(chain):
    AuditRecord.objects.filter(seq=3).delete()
    assert any(p.startswith("#4:") and "melompat" in p for p in _problems())


def test_deleted_first_record_is_detected(chain):
    AuditRecord.objects.filter(seq=1).delete()
    assert any(p.startswith("#2:") for p in _problems())


def test_reordered_records_are_detected(chain):
    AuditRecord.objects.filter(seq=2).update(seq=1000)
    AuditRecord.objects.filter(seq=3).update(seq=2)
    AuditRecord.objects.filter(seq=1000).update(seq=3)
    assert any(p.startswith("#2:") for p in _problems())


def test_cut_tail_is_detected(chain):
    AuditRecord.objects.filter(seq=N).delete()
    assert "akhir" in _problems()[-1]


def test_inserted_copy_is_detected(chain):
    src = _rec(2)
    AuditRecord.objects.filter(seq__gte=3).update(seq=F("seq") + 100)
    AuditRecord.objects.bulk_create([AuditRecord(
        seq=3, waktu=src.waktu, user_id=src.user_id, username=src.username, aksi=src.aksi,
        objek_tipe=src.objek_tipe, objek_id=src.objek_id, sebelum=src.sebelum,
        sesudah={"nilai": 42}, prev_hash=src.hash, hash="a" * 64)])
    assert any(p.startswith("#3:") for p in _problems())


# -- 14, 15: emptied or shortened, with the head made to agree --------------------------------


def test_last_record_deleted_and_head_updated_is_detected(chain):
    """Missed before: the head moved back to the record before (seq and hash agree). Its MAC
    needs the audit key."""
    before = _rec(N - 1)
    AuditRecord.objects.filter(seq=N).delete()
    for mac in ("", hashlib.sha256(f"{before.seq}:{before.hash}".encode()).hexdigest(),
                hmac.new(settings.SECRET_KEY.encode(), f"{before.seq}:{before.hash}".encode(),
                         hashlib.sha256).hexdigest()):
        AuditHead.objects.filter(pk=1).update(seq=before.seq, hash=before.hash, mac=mac)
        assert any("ujung" in p and "MAC" in p for p in _problems())


def test_everything_deleted_is_detected_against_the_anchor(chain, config_sendiri,
                                                          django_capture_on_commit_callbacks):
    """Missed before ("Rantai audit utuh: 0 catatan"): nothing inside the database can tell an
    emptied log from a new one, so the anchor outside it does."""
    with django_capture_on_commit_callbacks(execute=True):
        call_command("audit", "jangkar")
    AuditRecord.objects.all().delete()
    AuditHead.objects.all().delete()
    # Without the anchor, an empty log is a new log...
    assert verify().ok
    # ...the anchor file says otherwise, and `audit verify` reads it by default.
    problems = verify(jangkar=config_sendiri / "jangkar-audit.jsonl").problems
    assert any("rantai hanya sampai #0" in p for p in problems)
    with pytest.raises(CommandError, match="RUSAK"):
        call_command("audit", "verify")


def test_last_record_deleted_and_head_rebuilt_with_the_key_is_caught_by_the_anchor(
        chain, tmp_path, django_capture_on_commit_callbacks):
    """Even with the audit key (an insider), the chain cannot be shortened below an anchor."""
    with django_capture_on_commit_callbacks(execute=True):
        j = jangkar(ke=tmp_path / "a.jsonl")
    AuditRecord.objects.filter(seq=j.seq).delete()
    _rehash(_hash_audit_key, mac_ujung=head_mac)
    assert verify().ok  # the documented limit: the key rebuilds what is not anchored
    problems = verify(jangkar=tmp_path / "a.jsonl").problems
    assert any(f"#{j.seq}" in p and "rantai hanya sampai" in p for p in problems)


# -- 16-18: rehashed after the edit ----------------------------------------------------------------


@pytest.mark.parametrize("how", sorted(REHASH))
def test_edited_and_rehashed_is_detected(chain, how):
    AuditRecord.objects.filter(seq=3).update(sesudah={"nilai": 999})
    _rehash(REHASH[how])
    problems = _problems()
    assert any(p.startswith("#1:") and "tanpa kunci audit" in p for p in problems)


@pytest.mark.parametrize("how", sorted(REHASH))
def test_appended_and_rehashed_is_detected(chain, how):
    last = _rec(N)
    AuditRecord.objects.bulk_create([AuditRecord(
        seq=N + 1, waktu=last.waktu, user_id=last.user_id, username="operator",
        aksi=AksiAudit.ADMIN_HAPUS.value, objek_tipe="uji.benda", objek_id="1",
        prev_hash=last.hash, hash="0" * 63 + "1")])
    _rehash(REHASH[how])
    problems = _problems()
    assert any(p.startswith(f"#{N + 1}:") for p in problems)
    assert any("ujung" in p and "MAC" in p for p in problems)


@pytest.mark.parametrize("how", sorted(REHASH))
def test_deleted_renumbered_and_rehashed_is_detected(chain, how):
    AuditRecord.objects.filter(seq=3).delete()
    AuditRecord.objects.filter(seq__gt=3).update(seq=F("seq") - 1)
    _rehash(REHASH[how])
    problems = _problems()
    assert not any("melompat" in p for p in problems)  # the numbering is seamless again
    assert any("tanpa kunci audit" in p for p in problems)


def test_rehash_with_the_audit_key_is_caught_by_an_anchor(chain, tmp_path,
                                                         django_capture_on_commit_callbacks):
    """Whoever holds the key can rebuild the chain; an anchor taken before cannot be met."""
    with django_capture_on_commit_callbacks(execute=True):
        jangkar(ke=tmp_path / "a.jsonl")
    AuditRecord.objects.filter(seq=3).update(sesudah={"nilai": 999})
    _rehash(_hash_audit_key, mac_ujung=head_mac)
    assert verify().ok
    problems = verify(jangkar=tmp_path / "a.jsonl").problems
    assert any("berbeda dari jangkar" in p for p in problems)


# -- 19-22 ----------------------------------------------------------------------------------------


def test_changed_user_id_is_detected(chain, django_user_model):
    """Missed before: user_id was not in the hash."""
    other = django_user_model.objects.get(username="orang_lain")
    AuditRecord.objects.filter(seq=2).update(user_id=other.pk)
    assert any(p.startswith("#2:") and "diubah" in p for p in _problems())
    AuditRecord.objects.filter(seq=2).update(user_id=None)
    assert any(p.startswith("#2:") for p in _problems())


def test_removing_an_account_does_not_rewrite_its_records(chain):
    """The user id is hashed, so deleting the account must leave it as it was."""
    user_id = chain.pk
    chain.delete()
    assert AuditRecord.objects.filter(user_id=user_id).count() == N
    assert verify().ok


def test_version_downgrade_is_refused(chain):
    rec = _rec(N)
    AuditRecord.objects.filter(seq=N).update(versi_hash=1, hash=_hash_sha256(rec))
    assert any("versi hash 1" in p for p in _problems())


def test_deleted_head_is_detected(chain):
    AuditHead.objects.all().delete()
    assert any("ujung rantai tidak ada" in p for p in _problems())


def test_edited_fingerprint_is_detected(chain):
    AuditRecord.objects.filter(seq=4).update(sidik_sesudah="0" * 16)
    assert any(p.startswith("#4:") for p in _problems())


def test_a_chain_made_with_another_key_does_not_verify(chain, monkeypatch):
    """The key is what makes a record genuine: the same chain under another key is broken."""
    monkeypatch.setenv(kunci.ENV_KEY, "k" * 40)
    kunci.reset()
    assert any(p.startswith("#1:") for p in _problems())
