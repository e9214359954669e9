"""The audit chain: appends in the caller's transaction and detects tampering."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from selenggara import audit
from selenggara.audit.aksi import AksiAudit
from selenggara.audit.models import AuditRecord
from selenggara.audit.services import verify

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(django_user_model):
    user = django_user_model.objects.create_user("operator", password="x-long-password")
    for i in range(1, 6):
        audit.record(AksiAudit.ADMIN_UBAH, user=user, objek_tipe="uji.benda", objek_id=i,
                     sebelum={"nilai": i - 1}, sesudah={"nilai": i, "tanggal": "2024-11-27"})
    return user


def _sql(statement: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_intact_chain_verifies(chain):
    result = verify()
    assert result.ok, result.problems
    assert result.checked == 5
    assert AuditRecord.objects.get(seq=1).username == "operator"
    call_command("audit", "verify")


def test_edited_record_is_detected(chain):
    _sql("UPDATE audit_auditrecord SET sesudah = %s WHERE seq = 3", ['{"nilai": 999}'])
    result = verify()
    assert not result.ok
    assert any(p.startswith("#3:") and "diubah" in p for p in result.problems)
    with pytest.raises(CommandError, match="RUSAK"):
        call_command("audit", "verify")


def test_edited_username_is_detected(chain):
    _sql("UPDATE audit_auditrecord SET username = 'orang_lain' WHERE seq = 2")
    assert not verify().ok


def test_removed_record_is_detected(chain):
    _sql("DELETE FROM audit_auditrecord WHERE seq = 2")
    result = verify()
    assert not result.ok
    assert any("#3" in p for p in result.problems)


def test_removed_tail_is_detected(chain):
    _sql("DELETE FROM audit_auditrecord WHERE seq = 5")
    result = verify()
    assert not result.ok
    assert "akhir" in result.problems[-1]


def test_reordered_records_are_detected(chain):
    # Swap the content of records 2 and 3 by swapping their sequence numbers.
    _sql("UPDATE audit_auditrecord SET seq = 1000 WHERE seq = 2")
    _sql("UPDATE audit_auditrecord SET seq = 2 WHERE seq = 3")
    _sql("UPDATE audit_auditrecord SET seq = 3 WHERE seq = 1000")
    assert not verify().ok


def test_orm_refuses_edit_and_delete(chain):
    rec = AuditRecord.objects.get(seq=1)
    rec.aksi = "lain"
    with pytest.raises(PermissionError):
        rec.save()
    with pytest.raises(PermissionError):
        rec.delete()


def test_record_rolls_back_with_the_change(chain):
    before = AuditRecord.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        audit.record(AksiAudit.ADMIN_TAMBAH, objek_tipe="uji.benda", objek_id=99)
        raise RuntimeError("the service failed after writing")
    assert AuditRecord.objects.count() == before
    assert verify().ok
    # The chain continues where it was: the failed append left no gap.
    audit.record(AksiAudit.ADMIN_HAPUS, objek_tipe="uji.benda", objek_id=100)
    assert verify().ok
    assert AuditRecord.objects.order_by("-seq").first().seq == before + 1


def test_empty_chain_verifies():
    assert verify().ok


def test_nik_and_nkk_never_enter_the_log_in_full():
    nik, nkk = "3571014703900001", "3571010101240001"
    audit.record(AksiAudit.COKLIT_UBAH, objek_tipe="pemilih.pemilih", objek_id=1,
                 sebelum={"nik": nik, "nama": "SITI"},
                 sesudah={"nik": "3571014703900002", "daftar": [{"nkk": nkk}]})
    rec = AuditRecord.objects.get(aksi=AksiAudit.COKLIT_UBAH)
    text = str(rec.sebelum) + str(rec.sesudah)
    assert nik not in text and nkk not in text and "3571014703900002" not in text
    assert rec.sebelum["nik"].startswith("357101**********#")
    assert rec.sebelum["nama"] == "SITI"
    # A changed value is still visible as a change.
    assert rec.sebelum["nik"] != rec.sesudah["nik"]
    assert verify().ok


@pytest.mark.django_db
def test_an_undeclared_action_is_refused():
    """Actions are typed (selenggara.audit.aksi): a free string would start a kind of record
    no report knows about."""
    with pytest.raises(TypeError, match="not declared"):
        audit.record("uji.bebas", objek_tipe="uji.benda", objek_id=1)


@pytest.mark.django_db(transaction=True)
def test_verify_outside_a_transaction_reads_one_snapshot():
    """From the command line (no transaction): a read snapshot that does not hold writers up
    (deferred on SQLite, REPEATABLE READ on PostgreSQL), closed afterwards."""
    audit.record(AksiAudit.ADMIN_TAMBAH, objek_tipe="uji.benda", objek_id=1)
    assert not connection.in_atomic_block
    result = verify()
    assert result.ok and result.checked == 1
    assert not connection.in_atomic_block
    audit.record(AksiAudit.ADMIN_HAPUS, objek_tipe="uji.benda", objek_id=1)
    assert verify().checked == 2
