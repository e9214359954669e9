"""What the log keeps of a NIK cannot be brute-forced from the database and the data folder.

A NIK is region (6) + birth date, +40 for women (6) + serial (4). A record keeps the region
prefix beside the birth date and sex (a whole-row snapshot), so only the serial is unknown:
10,000 tries. The redaction's HMAC was keyed with SECRET_KEY, which sits in the data folder
by default: the issue's attacker found a NIK in 731 tries. It is now keyed with the audit key,
kept outside both; so is the row fingerprint, which is NIK-derived too.
"""

import hashlib
import hmac
from datetime import date

import pytest
from django.conf import settings

from selenggara import audit
from selenggara.audit import kunci
from selenggara.audit.aksi import AksiAudit
from selenggara.audit.models import AuditRecord
from selenggara.audit.services import redacted
from selenggara.audit.sidik import Sidik
from selenggara.pemilih.models import Pemilih
from selenggara.rules.nik import make_nik

pytestmark = pytest.mark.django_db

LAHIR, JK, KEC = date(1990, 3, 7), "P", "35.71.01"
NIK = make_nik(KEC, LAHIR, JK, 731)


def _data_folder_keys() -> list[bytes]:
    """Every key an attacker with the data folder has: SECRET_KEY and each small file there."""
    keys = [settings.SECRET_KEY.encode()]
    for path in settings.DATA_DIR.iterdir():
        if path.is_file() and path.stat().st_size < 4096:
            keys.append(path.read_bytes().strip())
    return keys


def _candidates(record_sesudah: dict) -> list[str]:
    """The 10,000 NIKs the record allows: its prefix, birth date and sex, any serial."""
    lahir = date.fromisoformat(record_sesudah["tanggal_lahir"])
    kec = record_sesudah["nik"][:6]
    return [make_nik(kec, lahir, record_sesudah["jenis_kelamin"], n) for n in range(1, 10_000)]


def _brute_force_redaction(value: str, keys: list[bytes], candidates: list[str]) -> str | None:
    digest = value.split("#")[1]
    for key in keys:
        for nik in candidates:
            if hmac.new(key, nik.encode(), hashlib.sha256).hexdigest()[:12] == digest:
                return nik
    return None


@pytest.fixture
def rec():
    audit.record(AksiAudit.ADMIN_TAMBAH, objek_tipe="pemilih.pemilih", objek_id=1, sesudah={
        "nik": NIK, "nkk": "3571010101240001", "nama": "SITI AMINAH",
        "tanggal_lahir": LAHIR.isoformat(), "jenis_kelamin": JK})
    return AuditRecord.objects.get(aksi=AksiAudit.ADMIN_TAMBAH)


def test_the_record_keeps_birth_date_sex_and_prefix_but_no_nik(rec):
    assert NIK not in str(rec.sesudah)
    assert rec.sesudah["nik"].startswith("357101**********#")
    assert rec.sesudah["nik"] == redacted(NIK)  # a NIK someone knows can still be matched


def test_all_10000_serials_with_the_data_folder_find_nothing(rec):
    candidates = _candidates(rec.sesudah)
    assert NIK in candidates
    assert _brute_force_redaction(rec.sesudah["nik"], _data_folder_keys(), candidates) is None


def test_the_same_attack_with_the_old_key_would_have_worked():
    """The regression: the redaction of before (HMAC under SECRET_KEY) falls in <= 10,000."""
    old = hmac.new(settings.SECRET_KEY.encode(), NIK.encode(), hashlib.sha256).hexdigest()
    value = f"{NIK[:6]}**********#{old[:12]}"
    found = _brute_force_redaction(value, [settings.SECRET_KEY.encode()], _candidates(
        {"nik": value, "tanggal_lahir": LAHIR.isoformat(), "jenis_kelamin": JK}))
    assert found == NIK


def test_row_fingerprints_do_not_reopen_the_hole(kediri_mini):
    """A voter's fingerprint is over the whole row, NIK included, and the rest of the row is
    known (the register, the log): with the data folder's keys it still yields nothing, with
    the audit key it would, so only the audit key's holder (the server) can do either."""
    p = Pemilih.objects.get(pk=kediri_mini.pemilih["Siti Aminah"].pk)
    sidik = Sidik(Pemilih)
    target = sidik.objek(p)
    candidates = _candidates({"nik": p.nik, "tanggal_lahir": p.tanggal_lahir.isoformat(),
                              "jenis_kelamin": p.jenis_kelamin})
    at = sidik.attnames.index("nik")
    row = [getattr(p, a) for a in sidik.attnames]
    audit_key = kunci.subkey(kunci.BARIS)

    def with_key(key: bytes) -> str | None:
        # The published algorithm (audit/sidik.py) with the attacker's key.
        with pytest.MonkeyPatch.context() as mp:
            mp.setattr(kunci, "mac", lambda use, data: hmac.digest(key, data, "sha256"))
            for nik in candidates:
                row[at] = nik
                if sidik.raw_row(row).hex() == target:
                    return nik
        return None

    assert all(with_key(key) is None for key in _data_folder_keys())
    assert with_key(audit_key) == p.nik  # the key is the whole protection
