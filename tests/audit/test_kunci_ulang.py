"""Old chains (unkeyed SHA-256, versi_hash 1) are checked and re-keyed by migration 0002."""

import hashlib
import hmac
import importlib
from datetime import timedelta

import pytest
from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from selenggara.audit.chain import GENESIS, record_hash_v1
from selenggara.audit.models import AuditHead, AuditRecord
from selenggara.audit.services import verify
from selenggara.db import adapt

migrasi = importlib.import_module("selenggara.audit.migrations.0002_kunci_audit")

NIK = "3571014703900731"


def _old_redaction(value: str) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"{value[:6]}**********#{digest[:12]}"


def _v1_chain(n: int = 5) -> list[AuditRecord]:
    """A chain as the old code wrote it."""
    prev, now, records = GENESIS, timezone.now(), []
    for seq in range(1, n + 1):
        fields = {"seq": seq, "waktu": now + timedelta(seconds=seq), "username": "operator",
                  "aksi": "coklit.ubah", "objek_tipe": "pemilih.pemilih", "objek_id": str(seq),
                  "sebelum": {"nik": _old_redaction(NIK), "nama": "SITI"},
                  "sesudah": {"nik": _old_redaction(f"357101470390{seq:04d}"),
                              "daftar": [{"nkk": _old_redaction("3571010101240001")}]},
                  "prev_hash": prev}
        h = record_hash_v1(**fields)
        records.append(AuditRecord(hash=h, versi_hash=1, **fields))
        prev = h
    AuditRecord.objects.bulk_create(records)
    AuditHead.objects.update_or_create(pk=1, defaults={"seq": n, "hash": prev, "mac": ""})
    return records


class _Editor:
    connection = connection


@pytest.mark.django_db
def test_an_intact_old_chain_is_rekeyed_and_verifies():
    old = _v1_chain()
    assert not verify().ok  # the new verify does not take unkeyed records
    migrasi.kunci_ulang(apps, _Editor())
    result = verify()
    assert result.ok, result.problems
    assert result.checked == 6
    rec = AuditRecord.objects.get(seq=6)
    assert rec.aksi == "audit.kunci_ulang"
    assert rec.sesudah["ujung_lama"] == {"seq": 5, "hash": old[-1].hash}
    assert rec.sesudah["masalah"] == []
    # The old redactions no longer open with the data folder's SECRET_KEY...
    first = AuditRecord.objects.get(seq=1)
    assert first.sebelum["nik"] != _old_redaction(NIK)
    assert first.sebelum["nik"].startswith("357101**********#")
    assert first.sesudah["daftar"][0]["nkk"].startswith("357101**********#")
    # ...and equal values stay equal (a changed value still shows as a change).
    assert AuditRecord.objects.get(seq=2).sebelum["nik"] == first.sebelum["nik"]
    assert first.sesudah["nik"] != first.sebelum["nik"]


@pytest.mark.django_db
def test_a_broken_old_chain_is_not_laundered(monkeypatch):
    _v1_chain()
    AuditRecord.objects.filter(seq=3).update(username="orang_lain")
    with pytest.raises(RuntimeError, match="#3"):
        migrasi.kunci_ulang(apps, _Editor())
    # Forced, it re-keys and keeps the problem in the chain for everyone to see.
    monkeypatch.setenv(migrasi.ENV_PAKSA, "paksa")
    migrasi.kunci_ulang(apps, _Editor())
    assert verify().ok
    assert any("#3" in m for m in AuditRecord.objects.get(seq=6).sesudah["masalah"])


@pytest.mark.django_db
def test_an_old_cut_tail_is_not_laundered():
    _v1_chain()
    AuditRecord.objects.filter(seq=5).delete()
    with pytest.raises(RuntimeError, match="ujung"):
        migrasi.kunci_ulang(apps, _Editor())


@pytest.mark.django_db
def test_an_empty_log_gets_its_head_mac_only():
    AuditHead.objects.create(pk=1, seq=0, hash=GENESIS, mac="")
    migrasi.kunci_ulang(apps, _Editor())
    assert not AuditRecord.objects.exists()
    assert verify().ok


@pytest.mark.django_db(transaction=True)
def test_the_real_migration_rekeys_an_old_database():
    """Migrate audit back to 0001, write an old chain with the old columns, migrate forward."""
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0001_initial")])
    try:
        prev, now = GENESIS, timezone.now()
        with connection.cursor() as cursor:
            for seq in (1, 2, 3):
                fields = {"seq": seq, "waktu": now + timedelta(seconds=seq),
                          "username": "sistem", "aksi": "wilayah.import", "objek_tipe": "",
                          "objek_id": "", "sebelum": None, "sesudah": {"n": seq},
                          "prev_hash": prev}
                h = record_hash_v1(**fields)
                cursor.execute(
                    "INSERT INTO audit_auditrecord (seq, waktu, username, aksi, objek_tipe, "
                    "objek_id, sebelum, sesudah, prev_hash, hash) VALUES (%s, %s, %s, %s, %s, "
                    "%s, NULL, %s, %s, %s)",
                    [seq, adapt(fields["waktu"]), "sistem", "wilayah.import", "", "",
                     f'{{"n": {seq}}}', prev, h])
                prev = h
            cursor.execute("INSERT INTO audit_audithead (id, seq, hash) VALUES (1, 3, %s)",
                           [prev])
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    result = verify()
    assert result.ok, result.problems
    assert result.checked == 4
