"""``selenggara ganda cari`` and ``ganda daftar``: one row per pair in CSV, JSON and XLSX, and
clear refusals (an unknown area, xlsx without a file, two elections without ``--pemilihan``).
One model run in this file."""

from __future__ import annotations

import csv
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from selenggara.ganda import keputusan
from selenggara.ganda.models import PasanganGanda, PencarianGanda, StatusPasangan
from selenggara.pemilih.models import Pemilih

from . import bantu

pytestmark = pytest.mark.django_db


@pytest.fixture
def daftar(kediri_mini):
    return kediri_mini, bantu.tanam_daftar(kediri_mini)


def ganda(*args, pemilihan=None):
    """The command with ``--pemilihan`` (the fixture holds Kediri's and Blitar's elections)."""
    ekstra = ["--pemilihan", str(pemilihan.pk)] if pemilihan is not None else []
    call_command("ganda", *args, *ekstra)


def test_cari_writes_one_row_per_pair_then_daftar_writes_the_queue(daftar, tmp_path):
    k, t = daftar
    keluar = tmp_path / "ganda.csv"
    ganda(
        "cari",
        "--wilayah",
        "35.71.01",
        "--format",
        "csv",
        "--keluar",
        str(keluar),
        pemilihan=k.pemilihan,
    )
    run = PencarianGanda.objects.get()
    assert run.wilayah == k.mojoroto and run.status == "SELESAI"
    # Only Mojoroto's voters were read: Semampir (kecamatan Kota) is outside.
    assert (
        run.jumlah_rekam
        == Pemilih.objects.filter(pemilihan=k.pemilihan, tms_kode="", kecamatan=k.mojoroto).count()
    )
    with keluar.open(newline="", encoding="utf-8") as f:
        baca = csv.DictReader(f)
        kepala = baca.fieldnames
        rows = list(baca)
    assert kepala[:4] == ["pemilih_a", "pemilih_b", "probabilitas", "alasan"]
    assert {"jenis", "status", "nik_a", "nik_b", "kelurahan_a", "kelurahan_b"} <= set(kepala)
    pairs = PasanganGanda.objects.filter(pencarian=run)
    assert len(rows) == pairs.count() == run.jumlah_ditemukan > 0
    assert {(int(r["pemilih_a"]), int(r["pemilih_b"])) for r in rows} == set(
        pairs.values_list("pemilih_a_id", "pemilih_b_id")
    )
    assert len({(r["pemilih_a"], r["pemilih_b"]) for r in rows}) == len(rows)
    for r in rows:
        assert int(r["pemilih_a"]) < int(r["pemilih_b"]) and 0.9 <= float(r["probabilitas"]) <= 1
        assert r["alasan"] and r["status"] == "MENUNGGU"
        assert {r["kelurahan_a"], r["kelurahan_b"]} <= {"Bandar Lor", "Pojok"}
        assert r["nik_a"].startswith("*" * 12) and len(r["nik_a"]) == 16
    teks = keluar.read_text(encoding="utf-8")
    for nik in Pemilih.objects.values_list("nik", flat=True):
        assert nik not in teks
    nik_sama = next(
        r for r in rows if (int(r["pemilih_a"]), int(r["pemilih_b"])) == t.pasangan("kk_nama_tgl")
    )
    assert nik_sama["jenis"] == "KK_NAMA_TGL" and float(nik_sama["probabilitas"]) == 1.0
    assert t.pasangan("nik_sama") not in {
        (int(r["pemilih_a"]), int(r["pemilih_b"])) for r in rows
    }  # one of its records is in Semampir

    # The queue with a decision, as JSON and as a spreadsheet.
    x = pairs.get(pemilih_a_id=t.pasangan("kk_nama_tgl")[0])
    keputusan.putuskan(k.kpu, x.pk, keputusan="BERBEDA", versi_a=x.versi_a, versi_b=x.versi_b)
    js = tmp_path / "antrean.json"
    ganda("daftar", "--format", "json", "--keluar", str(js), pemilihan=k.pemilihan)
    isi = json.loads(js.read_text(encoding="utf-8"))
    assert len(isi) == len(rows)
    per = {(r["pemilih_a"], r["pemilih_b"]): r for r in isi}
    assert per[t.pasangan("kk_nama_tgl")]["status"] == StatusPasangan.BERBEDA
    js2 = tmp_path / "berbeda.json"
    ganda(
        "daftar",
        "--status",
        "BERBEDA",
        "--format",
        "json",
        "--keluar",
        str(js2),
        pemilihan=k.pemilihan,
    )
    assert [(r["pemilih_a"], r["pemilih_b"]) for r in json.loads(js2.read_text())] == [
        t.pasangan("kk_nama_tgl")
    ]

    xl = tmp_path / "antrean.xlsx"
    ganda("daftar", "--format", "xlsx", "--keluar", str(xl), pemilihan=k.pemilihan)
    ws = load_workbook(xl).active
    sel = [[c.value for c in row] for row in ws.iter_rows()]
    kepala = next(i for i, row in enumerate(sel) if row[0] == "Pemilih A (id)")
    assert sel[kepala][:4] == ["Pemilih A (id)", "Pemilih B (id)", "Probabilitas", "Alasan"]
    data = [row for row in sel[kepala + 1 :] if isinstance(row[0], int)]
    assert {(r[0], r[1]) for r in data} == set(per)


def test_refusals_are_command_errors(kediri_mini, tmp_path):
    k = kediri_mini
    with pytest.raises(CommandError, match=r"Wilayah 99\.99 tidak dikenal"):
        ganda("cari", "--wilayah", "99.99", pemilihan=k.pemilihan)
    with pytest.raises(CommandError, match="xlsx perlu --keluar"):
        ganda("cari", "--format", "xlsx", pemilihan=k.pemilihan)
    with pytest.raises(CommandError, match="lebih dari satu pemilihan") as e:
        ganda("daftar")
    assert f"{k.pemilihan.pk}: " in str(e.value)
    with pytest.raises(CommandError, match="Pemilihan 99999 tidak ada"):
        call_command("ganda", "daftar", "--pemilihan", "99999")
    assert not PencarianGanda.objects.exists()


def test_an_area_of_another_city_is_refused_with_the_reason(kediri_mini):
    k = kediri_mini
    with pytest.raises(CommandError, match="tidak termasuk Kota Kediri"):
        ganda("cari", "--wilayah", "35.72.01", pemilihan=k.pemilihan)  # Blitar's kecamatan


def test_daftar_prints_csv_without_a_file(kediri_mini, capsys):
    k = kediri_mini
    run = bantu.run_selesai(k)
    ahmad = bantu.segar(k.pemilih["Ahmad Fauzi"])
    bantu.pasang(run, [(ahmad, bantu.salin(k, ahmad, tps=k.tps_bl2))])
    ganda("daftar", pemilihan=k.pemilihan)
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("pemilih_a,pemilih_b,probabilitas,alasan,")
    assert len(out) == 2 and out[1].startswith(f"{ahmad.pk},") and ahmad.nik not in out[1]
