"""Code lists: shape usable as Django choices, and the DOMAIN.md meanings."""

from __future__ import annotations

import pytest

from selenggara.rules import kode

SEMUA = {
    "JENIS_KELAMIN": kode.JENIS_KELAMIN,
    "STATUS_KAWIN": kode.STATUS_KAWIN,
    "DISABILITAS": kode.DISABILITAS,
    "KTP_EL": kode.KTP_EL,
    "SUMBER": kode.SUMBER,
    "TAHAP_DAFTAR": kode.TAHAP_DAFTAR,
    "HASIL_COKLIT": kode.HASIL_COKLIT,
    "TMS_KODE": kode.TMS_KODE,
    "JENIS_TPS": kode.JENIS_TPS,
    "JENIS_KONTESTASI": kode.JENIS_KONTESTASI,
    "PERAN": kode.PERAN,
    "JABATAN": kode.JABATAN,
}


@pytest.mark.parametrize("nama", sorted(SEMUA))
def test_choices_shape(nama: str) -> None:
    pilihan = SEMUA[nama]
    assert isinstance(pilihan, tuple) and pilihan
    for pasangan in pilihan:
        assert isinstance(pasangan, tuple) and len(pasangan) == 2
        k, label = pasangan
        assert isinstance(k, str) and k and k == k.strip()
        assert isinstance(label, str) and label.strip()
    ks = [k for k, _ in pilihan]
    assert len(ks) == len(set(ks)), f"{nama} has duplicate codes"
    assert kode.panjang_maks(pilihan) == max(map(len, ks))


def test_exact_codes() -> None:
    codes = {n: [k for k, _ in p] for n, p in SEMUA.items()}
    assert codes["JENIS_KELAMIN"] == ["L", "P"]
    assert codes["STATUS_KAWIN"] == ["B", "S", "P"]
    assert codes["DISABILITAS"] == [str(i) for i in range(7)]
    assert codes["KTP_EL"] == ["S", "B"]
    assert codes["SUMBER"] == ["DP4", "DPTB", "DPK", "BARU"]
    assert codes["TAHAP_DAFTAR"] == ["ADAFTAR", "DPHP", "DPS", "DPSHP", "DPT"]
    assert codes["TMS_KODE"] == [str(i) for i in range(1, 9)]
    assert codes["JENIS_TPS"] == ["REGULER", "LOKSUS"]
    assert codes["JENIS_KONTESTASI"] == ["GUBERNUR", "BUPATI", "WALIKOTA"]
    assert codes["PERAN"] == ["KPU", "PPK", "PPS", "PANTARLIH", "KPPS"]
    assert codes["JABATAN"] == ["KETUA", "ANGGOTA", "SEKRETARIS", "OPERATOR"]


def test_labels_follow_domain() -> None:
    assert kode.label(kode.TAHAP_DAFTAR, "ADAFTAR") == "A-Daftar Pemilih"
    assert kode.label(kode.DISABILITAS, "6") == "Disabilitas sensorik netra"
    assert kode.label(kode.TMS_KODE, "1") == "Meninggal dunia"
    assert "Salah TPS" in kode.label(kode.TMS_KODE, "8")
    with pytest.raises(ValueError):
        kode.label(kode.TMS_KODE, "9")


def test_tms_evidence_and_move() -> None:
    assert frozenset({"1", "6", "7"}) == kode.TMS_BUTUH_BUKTI
    assert frozenset({"8"}) == kode.TMS_PINDAH_TPS
    assert frozenset("1234567") == kode.TMS_HAPUS
    assert kode.TMS_SALAH_TPS not in kode.TMS_HAPUS


def test_stage_order() -> None:
    urut = kode.URUTAN_TAHAP_DAFTAR
    assert urut["ADAFTAR"] < urut["DPHP"] < urut["DPS"] < urut["DPSHP"] < urut["DPT"]


def test_kode_set() -> None:
    assert kode.kode_set(kode.STATUS_KAWIN) == frozenset("BSP")
