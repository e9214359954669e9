"""``selenggara daftar rekap`` and ``selenggara daftar snapshot``."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from selenggara.daftar.models import BarisDaftar, DaftarTetap
from selenggara.web import jam
from tests.daftar.test_berita_acara import tetapkan_dps, tetapkan_dpt
from tests.snapshots import xlsx_snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def k(kediri_mini):
    yield kediri_mini
    jam.nyata()


def jalankan(*args) -> str:
    out = io.StringIO()
    call_command("daftar", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def pemilihan(k) -> str:
    return str(k.pemilihan.pk)  # kediri_mini holds Blitar's election too


def test_rekap_json_per_level(k):
    tetapkan_dpt(k)
    kec = json.loads(jalankan("rekap", "--tahap", "DPT", "--format", "json",
                              "--pemilihan", pemilihan(k)))
    assert kec == [
        {"kode": "35.71.01", "nama": "Mojoroto", "l": 3, "p": 4, "total": 7, "tps": 4},
        {"kode": "35.71.02", "nama": "Kota", "l": 1, "p": 1, "total": 2, "tps": 1},
    ]
    kota = json.loads(jalankan("rekap", "--tahap", "DPT", "--tingkat", "kota", "--format",
                               "json", "--pemilihan", pemilihan(k)))
    assert kota == [{"kode": "35.71", "nama": "Kota Kediri", "l": 4, "p": 5, "total": 9,
                     "tps": 5}]
    tps = json.loads(jalankan("rekap", "--tahap", "DPS", "--tingkat", "tps", "--format",
                              "json", "--pemilihan", pemilihan(k)))
    assert [(t["kode"], t["nama"], t["kelurahan"], t["total"]) for t in tps][:2] == [
        ("3571011001001", "TPS 001", "Bandar Lor", 3), ("3571011001002", "TPS 002",
                                                       "Bandar Lor", 2)]
    assert sum(t["total"] for t in tps) == 10


def test_rekap_csv_and_xlsx(k, tmp_path):
    tetapkan_dpt(k)
    teks = jalankan("rekap", "--tahap", "DPT", "--tingkat", "kelurahan", "--format", "csv",
                    "--pemilihan", pemilihan(k))
    rows = list(csv.reader(io.StringIO(teks), delimiter=";"))
    assert rows[1] == ["Kode", "Kelurahan", "TPS", "L", "P", "L+P", "Disabilitas"]
    assert rows[2] == ["35.71.01.1001", "Bandar Lor", "2", "2", "2", "4", "1"]
    berkas = tmp_path / "dpt.xlsx"
    jalankan("rekap", "--tahap", "DPT", "--format", "xlsx", "--output", str(berkas),
             "--pemilihan", pemilihan(k))
    lembar = xlsx_snapshot(berkas.read_bytes())
    assert lembar[0]["baris"][4][:2] == ["35.71.01", "Mojoroto"]
    with pytest.raises(CommandError, match="perlu --keluar"):
        jalankan("rekap", "--tahap", "DPT", "--format", "xlsx", "--pemilihan", pemilihan(k))


def test_a_stage_not_set_yet_is_a_clear_error(k):
    tetapkan_dps(k)
    with pytest.raises(CommandError, match=r"DPT .* belum ditetapkan"):
        jalankan("rekap", "--tahap", "DPT", "--format", "json", "--pemilihan", pemilihan(k))
    with pytest.raises(CommandError, match="lebih dari satu pemilihan"):
        jalankan("snapshot", "--tahap", "DPS")


def test_snapshot_prints_and_checks_the_hash(k):
    tetapkan_dpt(k)
    dpt = DaftarTetap.objects.get(tahap="DPT")
    out = jalankan("snapshot", "--tahap", "DPT", "--periksa", "--pemilihan", pemilihan(k))
    assert f"sha256: {dpt.sha256}" in out and "jumlah: 9" in out and "cocok" in out
    # A row removed behind Selenggara's back (the UPDATE trigger is bypassed as an attacker
    # with database access would): --periksa says so.
    with connection.cursor() as cur:
        # (PostgreSQL: a superuser's session that fires no triggers; ALTER TABLE would wait
        # for this transaction's deferred foreign-key checks.)
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL session_replication_role = replica")
        baris = BarisDaftar.objects.filter(daftar=dpt).order_by("urutan").last()
        cur.execute("DELETE FROM daftar_barisdaftar WHERE id = %s", [baris.pk])
        if connection.vendor == "postgresql":
            cur.execute("SET LOCAL session_replication_role = DEFAULT")
    with pytest.raises(CommandError, match="TIDAK cocok"):
        jalankan("snapshot", "--tahap", "DPT", "--periksa", "--pemilihan", pemilihan(k))
    assert "cocok" not in jalankan("snapshot", "--tahap", "DPT", "--pemilihan", pemilihan(k))
