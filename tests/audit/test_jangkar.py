"""Anchors: the head written outside the database, checked by `audit verify --anchor`."""

import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction

from selenggara import audit
from selenggara.audit.aksi import AksiAudit
from selenggara.audit.models import AuditHead, AuditRecord
from selenggara.audit.services import baca_jangkar, jangkar, verify

pytestmark = pytest.mark.django_db


def _catat(n: int, start: int = 1):
    for i in range(start, start + n):
        audit.record(AksiAudit.ADMIN_UBAH, objek_tipe="uji.benda", objek_id=i,
                     sesudah={"nilai": i})


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``commit(f, *args)``: call ``f`` and run the on_commit callbacks it left (the anchor
    line is written once its record is committed; a test's transaction never commits)."""

    def run(f, *args, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return f(*args, **kwargs)

    return run


def test_command_appends_a_line_and_a_record(commit, config_sendiri, capsys):
    _catat(3)
    commit(call_command, "audit", "jangkar")
    _catat(2, 4)
    commit(call_command, "audit", "jangkar")
    path = config_sendiri / "jangkar-audit.jsonl"
    lines = [json.loads(x) for x in path.read_text().splitlines()]
    assert [x["seq"] for x in lines] == [4, 7]
    recs = AuditRecord.objects.filter(aksi=AksiAudit.AUDIT_JANGKAR).order_by("seq")
    assert [r.seq for r in recs] == [4, 7]
    assert recs[0].sesudah["ujung_sebelumnya"]["seq"] == 3
    assert recs[1].sesudah["ujung_sebelumnya"] == {"seq": 6, "hash": AuditRecord.objects.get(
        seq=6).hash}
    assert lines[1]["hash"] == recs[1].hash == AuditHead.objects.get().hash
    assert lines[0]["awal"] == lines[1]["awal"] == AuditRecord.objects.get(seq=1).hash
    out = capsys.readouterr().out
    assert "#7" in out and str(path) in out
    call_command("audit", "verify")
    assert "2 baris" in capsys.readouterr().out


def test_anchor_file_elsewhere(commit, tmp_path):
    _catat(2)
    commit(call_command, "audit", "jangkar", "--ke", str(tmp_path / "usb" / "jangkar.jsonl"))
    result = verify(jangkar=tmp_path / "usb" / "jangkar.jsonl")
    assert result.ok and result.jangkar == 1
    call_command("audit", "verify", "--anchor", str(tmp_path / "usb" / "jangkar.jsonl"))


def test_the_function_for_the_berita_acara_returns_the_head(commit, tmp_path):
    _catat(2)

    def plenary():
        with transaction.atomic():
            j = jangkar(ke=tmp_path / "a.jsonl")
            # Final once returned (the lock is held); the line follows the commit.
            assert (j.seq, j.hash) == (3, AuditRecord.objects.get(seq=3).hash)
            assert not (tmp_path / "a.jsonl").exists()
            return j

    j = commit(plenary)
    assert j.baris() == (tmp_path / "a.jsonl").read_text().strip()
    assert json.loads((tmp_path / "a.jsonl").read_text())["seq"] == 3


def test_no_line_for_a_rolled_back_anchor(tmp_path):
    with pytest.raises(RuntimeError), transaction.atomic():
        jangkar(ke=tmp_path / "a.jsonl")
        raise RuntimeError("the plenary service failed")
    assert not (tmp_path / "a.jsonl").exists()
    assert not AuditRecord.objects.exists()


def test_forged_or_edited_lines_are_reported(commit, tmp_path):
    path = tmp_path / "a.jsonl"
    _catat(3)
    commit(jangkar, ke=path)
    line = json.loads(path.read_text())
    # Someone without the key adds a line pointing at a longer chain, or edits one.
    forged = {**line, "seq": 50}
    path.write_text(path.read_text() + json.dumps(forged) + "\n" + "bukan json\n")
    lines, problems = baca_jangkar(path)
    assert [x["seq"] for x in lines] == [4]
    assert any("baris 2: MAC" in p for p in problems)
    assert any("baris 3: tidak terbaca" in p for p in problems)
    assert not verify(jangkar=path).ok


def test_a_chain_rebuilt_from_the_start_is_found(commit, tmp_path):
    """Another chain (or one rebuilt from #1 by a key holder) differs at the anchored seq."""
    _catat(3)
    commit(jangkar, ke=tmp_path / "a.jsonl")
    AuditRecord.objects.all().delete()
    AuditHead.objects.all().delete()
    _catat(4, 10)
    problems = verify(jangkar=tmp_path / "a.jsonl").problems
    assert any("berbeda dari jangkar" in p for p in problems)


def test_verify_says_when_no_anchor_was_checked(capsys):
    _catat(1)
    call_command("audit", "verify")
    assert "Tanpa jangkar" in capsys.readouterr().out


def test_missing_anchor_file_given_explicitly_fails(tmp_path):
    with pytest.raises(CommandError, match="RUSAK"):
        call_command("audit", "verify", "--anchor", str(tmp_path / "tidak-ada.jsonl"))
