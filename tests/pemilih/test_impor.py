"""The voter-list import (DP4 / A-Daftar): a good file, every kind of bad file, re-import,
the command line, the page (KPU only, its own election) and the XLSX error report.

Every bad file proves that nothing was written: the register, the tombstones, the counters
and the audit log are counted before and after."""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import json
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from selenggara.audit import kunci
from selenggara.audit.models import AuditRecord
from selenggara.audit.services import record, sidik_awal, verify
from selenggara.errors import ServiceError
from selenggara.laporan.csv import MAKS_PANJANG_BARIS, PenulisCSV, buka_csv
from selenggara.pemilih import impor, rekap
from selenggara.pemilih.models import Pemilih, PindahTPS, Rekap
from selenggara.rules.nik import make_nik
from tests import factories

HEADER = ["KECAMATAN", "DESA", "DPID", "NKK", "NIK", "NAMA", "JK", "TMPT_LHR", "TGL_LHR", "STS",
          "ALAMAT", "RT", "RW", "DIS", "KTPel", "SUMBER", "KET", "TPS"]
HURUF = {h: chr(65 + i) for i, h in enumerate(HEADER)}  # column letters of HEADER
_serial = itertools.count(7001)


@pytest.fixture(autouse=True)
def terpisah(tmp_path, monkeypatch, settings):
    """Its own audit key and upload folder per test."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    for name in (kunci.ENV_KEY, kunci.ENV_KEY_FILE, "SELENGGARA_PROFIL"):
        monkeypatch.delenv(name, raising=False)
    kunci.reset()
    settings.SELENGGARA_IMPOR_DIR = str(tmp_path / "unggah")
    yield
    kunci.reset()


def nkk(n: int, kec: str = "357101") -> str:
    return f"{kec}010124{n:04d}"


def orang(desa: str, tps: str, nama: str, jk: str, lahir: date, no_kk: str, *,
          kecamatan: str = "MOJOROTO", kode_kec: str = "35.71.01", fmt: str = "%d-%m-%Y",
          **lain) -> dict:
    d = {"KECAMATAN": kecamatan, "DESA": desa, "DPID": "", "NKK": no_kk,
         "NIK": make_nik(kode_kec, lahir, jk, next(_serial)), "NAMA": nama, "JK": jk,
         "TMPT_LHR": "KEDIRI", "TGL_LHR": lahir.strftime(fmt), "STS": "S",
         "ALAMAT": "JL. MAWAR NO. 1", "RT": "1", "RW": "2", "DIS": "0", "KTPel": "S",
         "SUMBER": "DP4", "KET": "", "TPS": tps}
    d.update(lain)
    return d


def baris_baik() -> list[dict]:
    """Seven voters in three households: by name, by code (dotted and undotted), three date
    formats, a TMS row (KET 1), a disability, no KTP-el."""
    return [
        orang("BANDAR LOR", "001", "AGUNG PRASETYO", "L", date(1970, 1, 15), nkk(1)),
        orang("BANDAR LOR", "001", "SRI WAHYUNINGSIH", "P", date(1972, 3, 7), nkk(1)),
        orang("BANDAR LOR", "001", "DIMAS PRASETYO", "L", date(2005, 6, 1), nkk(1), STS="B"),
        orang("35.71.01.1004", "2", "HARTONO", "L", date(1960, 12, 31), nkk(2),
              kecamatan="357101", fmt="%d/%m/%Y"),
        orang("3571011004", "TPS 002", "SUMARNI", "P", date(1962, 2, 28), nkk(2),
              kecamatan="35.71.01", DIS="6"),
        orang("Semampir", "1", "BAMBANG", "L", date(1950, 5, 5), nkk(3, "357102"),
              kecamatan="kota", kode_kec="35.71.02", fmt="%Y-%m-%d", KET="1"),
        orang("SEMAMPIR", "001", "WATINI", "P", date(1955, 7, 17), nkk(3, "357102"),
              kecamatan="KOTA", kode_kec="35.71.02", KTPel="B"),
    ]


def tulis_csv(path: Path, rows: list[dict], *, sep: str = ";", encoding: str = "utf-8-sig",
              header: list[str] = HEADER) -> Path:
    with open(path, "w", newline="", encoding=encoding) as f:
        w = csv.writer(f, delimiter=sep, lineterminator="\r\n")
        w.writerow(header)
        for r in rows:
            w.writerow([r.get(h, "") for h in header])
    return path


def tulis_xlsx(path: Path, rows: list[dict], header: list[str] = HEADER, angka=()) -> Path:
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "A-Daftar"
    ws.append(header)
    for r in rows:
        ws.append([float(r[h]) if h in angka else r.get(h, "") for h in header])
    wb.save(path)
    return path


def _keadaan() -> tuple:
    return (Pemilih.objects.count(), sum(Pemilih.objects.values_list("versi", flat=True)),
            PindahTPS.objects.count(), AuditRecord.objects.count(),
            sorted(Rekap.objects.values_list("tingkat", "objek_id", "pemilih", "ms")))


@contextmanager
def tidak_ada_yang_berubah():
    sebelum = _keadaan()
    yield
    assert _keadaan() == sebelum


def galat(rencana) -> list[tuple[int, str, str]]:
    """(line, column letter, code) of each problem."""
    return [(int(p.params.get("baris") or 0), p.params.get("kolom", ""), p.code)
            for p in rencana.galat_urut()]


def cli(path, ns, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("pemilih", "import", str(path), "--pemilihan", str(ns.pemilihan.pk), *args,
                 stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def cli_gagal(path, ns, *args) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("pemilih", "import", str(path), "--pemilihan", str(ns.pemilihan.pk),
                     *args, stdout=out, stderr=err)
    return str(exc.value), err.getvalue()


# -- a good file ----------------------------------------------------------------------------------


def test_good_file_is_loaded_with_audit_and_counters(kediri_mini, tmp_path):
    ns = kediri_mini
    pid = ns.pemilihan.pk
    rekap.bangun_ulang(pid)  # the fixture's voters were made without the writers
    sidik_awal(Pemilih)
    rows = baris_baik()
    path = tulis_csv(tmp_path / "dp4.csv", rows)
    n0, a0 = Pemilih.objects.count(), AuditRecord.objects.count()

    rencana, hasil = impor.impor(path, pemilihan=ns.pemilihan)

    assert rencana.ok and rencana.baris == 7 and hasil.baru == 7 and hasil.ubah == 0
    assert Pemilih.objects.count() == n0 + 7
    agung = Pemilih.objects.get(nik=rows[0]["NIK"])
    assert (agung.nama, agung.tps_id, agung.kelurahan_id, agung.kecamatan_id) == (
        "AGUNG PRASETYO", ns.tps_bl1.pk, ns.bandar_lor.pk, ns.mojoroto.pk)
    assert (agung.rt, agung.rw, agung.tahap, agung.versi, agung.sumber) == (
        "001", "002", "ADAFTAR", 1, "DP4")
    hartono = Pemilih.objects.get(nik=rows[3]["NIK"])
    assert hartono.tps_id == ns.tps_pj2.pk and hartono.tanggal_lahir == date(1960, 12, 31)
    assert Pemilih.objects.get(nik=rows[4]["NIK"]).disabilitas == "6"
    bambang = Pemilih.objects.get(nik=rows[5]["NIK"])
    assert bambang.tms_kode == "1" and bambang.tps_id == ns.tps_sm1.pk
    assert Pemilih.objects.get(nik=rows[6]["NIK"]).ktp_el == "B"

    # One pemilih.impor record with the counts and the file's SHA-256; the load record(s).
    catatan = AuditRecord.objects.filter(seq__gt=a0).order_by("seq")
    ringkas = catatan.get(aksi="pemilih.impor")
    assert ringkas.sesudah["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (ringkas.sesudah["baru"], ringkas.sesudah["baris"], ringkas.sesudah["ubah"]) == (
        7, 7, 0)
    assert ringkas.seq == hasil.seq and ringkas.objek_id == str(pid)
    muat = catatan.get(aksi="pemilih.muat")
    assert muat.sesudah["impor_sha256"] == ringkas.sesudah["sha256"]
    assert agung.rev == muat.seq  # field apps that already synced get the new voters
    # NIK and NKK never enter the log.
    teks = " ".join(json.dumps([c.sebelum, c.sesudah]) for c in AuditRecord.objects.all())
    for r in rows:
        assert r["NIK"] not in teks and r["NKK"] not in teks
    # The counters were moved by the writers and agree with a recount; the log is whole.
    assert rekap.periksa(pid) == []
    hasil_verify = verify(register=[Pemilih])
    assert hasil_verify.ok, hasil_verify


def test_good_xlsx_is_loaded(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = baris_baik()
    path = tulis_xlsx(tmp_path / "dp4.xlsx", rows)
    rencana, hasil = impor.impor(path, pemilihan=ns.pemilihan)
    assert rencana.format == "xlsx" and hasil.baru == 7
    assert Pemilih.objects.get(nik=rows[1]["NIK"]).tanggal_lahir == date(1972, 3, 7)


def test_comma_and_tab_separators_and_utf16(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = baris_baik()
    r1 = impor.periksa(tulis_csv(tmp_path / "a.csv", rows[:3], sep=",", encoding="utf-8"),
                       pemilihan=ns.pemilihan)
    r2 = impor.periksa(tulis_csv(tmp_path / "b.txt", rows[3:], sep="\t", encoding="utf-16"),
                       pemilihan=ns.pemilihan)
    assert (r1.ok, r1.baru, r1.pemisah) == (True, 3, ",")
    assert (r2.ok, r2.baru, r2.pemisah, r2.encoding) == (True, 4, "\t", "utf-16")
    impor.buang_spool(r1)
    impor.buang_spool(r2)


# -- re-import ------------------------------------------------------------------------------------


def test_reimport_of_the_same_file_changes_nothing(kediri_mini, tmp_path):
    ns = kediri_mini
    path = tulis_csv(tmp_path / "dp4.csv", baris_baik())
    impor.impor(path, pemilihan=ns.pemilihan)
    with tidak_ada_yang_berubah():
        rencana, hasil = impor.impor(path, pemilihan=ns.pemilihan)
    assert (rencana.sama, rencana.baru, rencana.ubah) == (7, 0, 0)
    assert hasil.seq is None and not hasil.berubah


def test_reimport_with_changed_values_updates_through_the_protocol(kediri_mini, tmp_path):
    ns = kediri_mini
    rekap.bangun_ulang(ns.pemilihan.pk)
    rows = baris_baik()
    impor.impor(tulis_csv(tmp_path / "v1.csv", rows), pemilihan=ns.pemilihan)
    for r in rows[:3]:  # the whole household moves to TPS 002
        r["TPS"] = "002"
    rows[0]["NAMA"] = "AGUNG PRASETYA"
    a0 = AuditRecord.objects.count()
    rencana, hasil = impor.impor(tulis_csv(tmp_path / "v2.csv", rows), pemilihan=ns.pemilihan)
    assert (rencana.ubah, rencana.pindah_tps, rencana.sama) == (3, 3, 4)
    assert (hasil.baru, hasil.ubah, hasil.pindah_tps) == (0, 3, 3)
    agung = Pemilih.objects.get(nik=rows[0]["NIK"])
    assert (agung.nama, agung.tps_id, agung.versi) == ("AGUNG PRASETYA", ns.tps_bl2.pk, 2)
    ubah = AuditRecord.objects.filter(seq__gt=a0, aksi="pemilih.impor_ubah")
    assert ubah.count() == 3
    assert agung.rev == ubah.get(objek_id=str(agung.pk)).seq
    assert PindahTPS.objects.filter(tps_asal=ns.tps_bl1, tps_tujuan=ns.tps_bl2).count() == 3
    assert AuditRecord.objects.filter(seq__gt=a0, aksi="pemilih.impor").count() == 1
    assert rekap.periksa(ns.pemilihan.pk) == []


def test_changed_values_of_a_voter_already_in_coklit_are_refused(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = baris_baik()
    impor.impor(tulis_csv(tmp_path / "v1.csv", rows), pemilihan=ns.pemilihan)
    Pemilih.objects.filter(nik=rows[1]["NIK"]).update(coklit="SESUAI")
    rows[1]["NAMA"] = "SRI WAHYUNI"
    path = tulis_csv(tmp_path / "v2.csv", rows)
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
        assert galat(rencana) == [(3, HURUF["NAMA"], "sudah_dicoklit")]
        assert "NAMA" in rencana.galat[0].params["kolom"] or "NAMA" in rencana.galat[0].text()
        with pytest.raises(ServiceError):
            impor.terapkan(rencana, path)
    assert Pemilih.objects.get(nik=rows[1]["NIK"]).nama == "SRI WAHYUNINGSIH"


def test_list_changed_between_check_and_apply_is_checked_again(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = baris_baik()
    path = tulis_csv(tmp_path / "dp4.csv", rows)
    rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert rencana.ok
    # Meanwhile someone lists one of the file's people in another TPS (and it is audited).
    factories.buat_pemilih(ns.pemilihan, ns.tps_pj1, "Orang Lain", "L", date(1980, 1, 1),
                           nkk=rows[0]["NKK"])
    record(impor.AksiAudit.ADMIN_TAMBAH, objek_tipe="uji")
    with tidak_ada_yang_berubah(), pytest.raises(ServiceError) as exc:
        impor.terapkan(rencana, path)
    assert "kk_terbelah_daftar" in exc.value.kode()
    assert not rencana.ok  # the plan now holds what the second check found


def test_a_failure_while_writing_leaves_nothing(kediri_mini, tmp_path, monkeypatch):
    ns = kediri_mini
    path = tulis_csv(tmp_path / "dp4.csv", baris_baik())
    monkeypatch.setattr(impor, "BATCH", 2)
    asli = impor.muat_massal
    panggilan = []

    def rusak(*args, **kwargs):
        panggilan.append(1)
        if len(panggilan) == 3:
            raise RuntimeError("disk penuh")
        return asli(*args, **kwargs)

    monkeypatch.setattr(impor, "muat_massal", rusak)
    with tidak_ada_yang_berubah(), pytest.raises(RuntimeError):
        impor.impor(path, pemilihan=ns.pemilihan)
    assert len(panggilan) == 3


# -- bad files ------------------------------------------------------------------------------------


def test_wrong_columns(kediri_mini, tmp_path):
    ns = kediri_mini
    header = [h for h in HEADER if h != "NIK"]
    header[header.index("NAMA")] = "NAMA LENGKAP"
    path = tulis_csv(tmp_path / "kolom.csv", baris_baik(), header=header)
    with tidak_ada_yang_berubah():
        pesan, err = cli_gagal(path, ns)
    assert "Judul kolom NIK, NAMA tidak ada di baris 1" in err
    assert "Tidak ada data yang diubah" in pesan


def test_a_column_named_twice(kediri_mini, tmp_path):
    path = tulis_csv(tmp_path / "ganda.csv", baris_baik(), header=[*HEADER, "nik"])
    with tidak_ada_yang_berubah(), pytest.raises(ServiceError) as exc:
        impor.periksa(path, pemilihan=kediri_mini.pemilihan)
    assert "NIK muncul dua kali" in exc.value.baris[0].pesan


def test_windows_1252_is_detected_and_accepted_when_named(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = baris_baik()
    rows[1]["TMPT_LHR"] = "BÉKASI"
    path = tulis_csv(tmp_path / "ansi.csv", rows, encoding="cp1252")
    with tidak_ada_yang_berubah():
        _pesan, err = cli_gagal(path, ns)
    assert "Baris 3:" in err and "kolom H" in err and "Windows-1252" in err
    assert "\u201cBÉKASI\u201d" in err
    out, _err = cli(path, ns, "--encoding", "windows-1252")
    assert Pemilih.objects.get(nik=rows[1]["NIK"]).tempat_lahir == "BÉKASI"
    assert "Pemilih baru" in out


def test_broken_niks_and_nkks_are_named_by_line_and_column(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = [orang("BANDAR LOR", "001", f"WARGA {c}", "L", date(1980, 1, 1), nkk(10 + i))
            for i, c in enumerate("ABCDEF")]
    rows[0]["NIK"] = rows[0]["NIK"][:15]  # 15 digits
    rows[1]["NIK"] = rows[1]["NIK"][:10] + "O" + rows[1]["NIK"][11:]  # letter O for zero
    rows[2]["TGL_LHR"] = "02-01-1980"  # the NIK says 01-01-80
    rows[3]["JK"] = "P"  # the NIK says male
    rows[4]["NKK"] = "0" * 16
    rows[5]["NIK"] = "'" + rows[5]["NIK"]  # Excel's text apostrophe: accepted
    path = tulis_csv(tmp_path / "nik.csv", rows)
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert galat(rencana) == [
        (2, "E", "nik_panjang"), (3, "E", "nik_bukan_angka"),
        (4, "I", "nik_tanggal_lahir_beda"), (5, "G", "nik_jenis_kelamin_beda"),
        (6, "D", "nkk_nol")]
    pesan, err = cli_gagal(path, ns)
    assert "Baris 2, kolom E (NIK): NIK harus 16 digit angka" in err
    assert "5 masalah di 5 baris" in pesan


def test_unknown_kecamatan_desa_and_tps(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = [orang("BANDAR LOR", "001", f"WARGA {c}", "L", date(1980, 1, 1), nkk(20 + i))
            for i, c in enumerate("ABCD")]
    rows[0]["KECAMATAN"] = "SUKOREJO"  # Kota Blitar's
    rows[1]["DESA"] = "SEMAMPIR"  # in kecamatan Kota, not Mojoroto
    rows[2]["TPS"] = "007"
    rows[3]["TPS"] = "TPS satu"
    path = tulis_csv(tmp_path / "wilayah.csv", rows)
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert galat(rencana) == [(2, "A", "kecamatan_tidak_ada"), (3, "B", "desa_tidak_ada"),
                              (4, "R", "tps_tidak_ada"), (5, "R", "tps_format")]
    teks = [p.text() for p in rencana.galat_urut()]
    assert "Kecamatan SUKOREJO tidak ada di Kota Kediri" in teks[0]
    assert "TPS 007 tidak ada di Bandar Lor (yang ada: 001, 002, 901)" in teks[2]


def test_empty_and_header_only_files(kediri_mini, tmp_path):
    ns = kediri_mini
    kosong = tmp_path / "kosong.csv"
    kosong.write_bytes(b"")
    with tidak_ada_yang_berubah():
        _pesan, err = cli_gagal(kosong, ns)
    assert "Berkas kosong (0 byte)" in err
    judul = tulis_csv(tmp_path / "judul.csv", [])
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(judul, pemilihan=ns.pemilihan)
    assert [p.code for p in rencana.galat] == ["tanpa_data"]


class _Hitung(io.FileIO):
    dibaca = 0

    def read(self, n=-1):
        data = super().read(n)
        _Hitung.dibaca += len(data)
        return data

    def readinto(self, b):
        n = super().readinto(b)
        _Hitung.dibaca += n or 0
        return n


def test_a_200_mb_file_is_refused_before_it_is_read(kediri_mini, tmp_path, monkeypatch):
    ns = kediri_mini
    besar = tmp_path / "besar.csv"
    with open(besar, "wb") as f:
        f.write(";".join(HEADER).encode() + b"\r\n")
        f.truncate(200 * 1000 * 1000)  # sparse: 200 MB without writing them
    monkeypatch.setattr(impor, "sha256_berkas", lambda p: pytest.fail("the file was read"))
    with tidak_ada_yang_berubah():
        _pesan, err = cli_gagal(besar, ns)
    assert "Berkas 191 MB, lebih dari batas 160 MB" in err
    _Hitung.dibaca = 0
    with _Hitung(besar) as f, pytest.raises(ServiceError) as exc:
        buka_csv(f, kolom=impor.KOLOM, wajib=impor.WAJIB, maks_ukuran=impor.MAKS_UKURAN_CSV,
                 maks_baris=10)
    assert _Hitung.dibaca == 0 and exc.value.status_http == 413


def test_a_line_without_end_and_too_many_columns_are_bounded(kediri_mini, tmp_path):
    ns = kediri_mini
    panjang = tmp_path / "panjang.csv"
    panjang.write_bytes(";".join(HEADER).encode() + b"\r\n" + b"x" * (MAKS_PANJANG_BARIS + 10))
    with pytest.raises(ServiceError) as exc:
        impor.periksa(panjang, pemilihan=ns.pemilihan)
    assert "Baris 2 lebih dari 65.536 karakter" in exc.value.baris[0].pesan
    lebar = tmp_path / "lebar.csv"
    lebar.write_text(";".join(HEADER) + "\r\n" + ";" * 100 + "x\r\n", encoding="utf-8")
    with pytest.raises(ServiceError) as exc:
        impor.periksa(lebar, pemilihan=ns.pemilihan)
    assert "Baris 2 berisi 101 kolom" in exc.value.baris[0].pesan


def test_a_household_split_over_two_tps(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = baris_baik()
    rows[2]["TPS"] = "002"
    path = tulis_csv(tmp_path / "kk.csv", rows)
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert galat(rencana) == [(4, "R", "kk_terbelah")]
    assert ("dipetakan ke TPS 001 Bandar Lor di baris 2, tetapi ke TPS 002 Bandar Lor"
            in rencana.galat[0].text())


def test_a_household_split_against_the_list(kediri_mini, tmp_path):
    ns = kediri_mini
    ahmad = ns.pemilih["Ahmad Fauzi"]  # TPS 001 Bandar Lor
    rows = [orang("BANDAR LOR", "002", "ISTRI AHMAD", "P", date(1982, 2, 2), ahmad.nkk)]
    path = tulis_csv(tmp_path / "kk.csv", rows)
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert galat(rencana) == [(2, "R", "kk_terbelah_daftar")]
    assert "terdaftar di TPS 001 Bandar Lor" in rencana.galat[0].text()


def test_a_tps_above_600(kediri_mini, tmp_path):
    ns = kediri_mini  # Pojok TPS 002 already lists Sri Mulyani
    rows = [orang("POJOK", "002", "WARGA POJOK", "L" if i % 2 else "P",
                  date(1950 + i % 50, 1 + i % 12, 1 + i % 28), nkk(1000 + i))
            for i in range(600)]
    path = tulis_csv(tmp_path / "penuh.csv", rows)
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert galat(rencana) == [(2, "R", "tps_penuh")]
    teks = rencana.galat[0].text()
    assert "TPS 002 Pojok akan berisi 601 pemilih memenuhi syarat (600 dari berkas, baris 2 " \
           "sampai 601, dan 1 yang sudah ada di daftar), melebihi batas 600" in teks
    # The election's own limit, not a constant.
    ns.pemilihan.maks_pemilih_per_tps = 700
    ns.pemilihan.save()
    rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert rencana.ok
    impor.buang_spool(rencana)


def test_the_same_nik_twice_in_the_file(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = baris_baik()
    rows[6]["NIK"] = rows[4]["NIK"]
    rows[6]["JK"], rows[6]["TGL_LHR"] = "P", "28-02-1962"
    path = tulis_csv(tmp_path / "ganda.csv", rows)
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert galat(rencana) == [(8, "E", "nik_ganda_berkas")]
    assert "sudah ada di baris 6" in rencana.galat[0].text()


def test_codes_and_dates(kediri_mini, tmp_path):
    ns = kediri_mini
    salah = [{"KET": "8"}, {"KET": "9"}, {"JK": "X"}, {"STS": "K"}, {"DIS": "7"},
             {"KTPel": "Y"}, {"SUMBER": "ABC"}, {"RT": "0"}, {"TGL_LHR": "31-02-1990"},
             {"NAMA": "=HYPERLINK(\"http://x\")"}, {"TGL_LHR": "01-01-2010", "STS": "B"}]
    rows = [orang("BANDAR LOR", "001", "WARGA", "L", date(1980, 1, 1), nkk(40 + i), **s)
            for i, s in enumerate(salah)]
    rows[-1]["NIK"] = make_nik("35.71.01", date(2010, 1, 1), "L", 9001)
    path = tulis_csv(tmp_path / "kode.csv", rows)
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    kode = {(b, k) for b, _h, k in galat(rencana)}
    assert {(2, "ket_pindah"), (3, "kode_tms"), (4, "kode_tidak_dikenal"),
            (5, "kode_tidak_dikenal"), (6, "kode_tidak_dikenal"), (7, "kode_tidak_dikenal"),
            (8, "sumber_tidak_dikenal"), (9, "rt_rw"), (10, "tanggal_format"),
            (11, "nama_karakter"), (12, "di_bawah_umur")} <= kode
    # An under-age person already marked TMS 3 is fine.
    rows = [orang("BANDAR LOR", "001", "ANAK", "L", date(2010, 1, 1), nkk(60), STS="B",
                  KET="3")]
    rencana = impor.periksa(tulis_csv(tmp_path / "tms3.csv", rows), pemilihan=ns.pemilihan)
    assert rencana.ok
    impor.buang_spool(rencana)


def test_xlsx_nik_stored_as_a_number(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = baris_baik()[:2]
    path = tulis_xlsx(tmp_path / "angka.xlsx", rows, angka=("NIK",))
    with tidak_ada_yang_berubah():
        rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    assert galat(rencana) == [(2, "E", "nomor_angka"), (3, "E", "nomor_angka")]
    assert "Format kolom NIK sebagai Teks" in rencana.galat[0].text()


# -- the error report -----------------------------------------------------------------------------


def test_xlsx_error_report(kediri_mini, tmp_path):
    from openpyxl import load_workbook

    ns = kediri_mini
    rows = baris_baik()
    rows[1]["NAMA"] = "=HYPERLINK(\"http://contoh\")"
    rows[3]["NIK"] = rows[3]["NIK"][:12]
    path = tulis_csv(tmp_path / "laporan.csv", rows)
    rencana = impor.periksa(path, pemilihan=ns.pemilihan)
    out = tmp_path / "galat.xlsx"
    with open(out, "wb") as f:
        impor.laporan_xlsx(rencana, path, f)
    wb = load_workbook(out)
    data, ringkasan = wb["Data"], wb["Ringkasan"]
    isi = list(data.iter_rows(values_only=True))
    assert list(isi[0]) == [*HEADER, "BARIS", "KOLOM SALAH", "KETERANGAN"]
    assert len(isi) == 8  # a small file: every row, the wrong ones explained
    baris3 = isi[2]
    assert baris3[5] == "'=HYPERLINK(\"http://contoh\")"  # escaped, not a formula
    assert data.cell(row=3, column=6).data_type == "s"
    assert baris3[-3] == 3 and baris3[-2] == "F (NAMA)"
    assert "Nama harus diawali huruf" in baris3[-1]
    assert isi[4][-2] == "E (NIK)" and "NIK harus 16 digit angka" in isi[4][-1]
    assert isi[1][-1] in (None, "")
    teks = [c for row in ringkasan.iter_rows(values_only=True) for c in row if c]
    assert rencana.sha256 in teks and "nama_karakter" in teks and "nik_panjang" in teks
    # the CSV variant and the CLI option
    buf = io.StringIO()
    impor.laporan_csv(rencana, path, buf)
    assert "'=HYPERLINK" in buf.getvalue() and "KETERANGAN" in buf.getvalue()
    laporan = tmp_path / "cli.xlsx"
    _pesan, err = cli_gagal(path, ns, "--laporan", str(laporan))
    assert laporan.exists() and f"Laporan lengkap: {laporan}" in err


def test_big_file_report_has_only_the_rows_in_error(kediri_mini, tmp_path, monkeypatch):
    from openpyxl import load_workbook

    monkeypatch.setattr(impor, "BARIS_LAPORAN_PENUH", 3)
    rows = baris_baik()
    rows[5]["RT"] = "abc"
    path = tulis_csv(tmp_path / "besar.csv", rows)
    rencana = impor.periksa(path, pemilihan=kediri_mini.pemilihan)
    buf = io.BytesIO()
    impor.laporan_xlsx(rencana, path, buf)
    isi = list(load_workbook(io.BytesIO(buf.getvalue()))["Data"].iter_rows(values_only=True))
    assert len(isi) == 2 and isi[1][-3] == 7


# -- the command line ----------------------------------------------------------------------------


def test_cli_check_only_writes_nothing_then_imports(kediri_mini, tmp_path):
    ns = kediri_mini
    path = tulis_csv(tmp_path / "dp4.csv", baris_baik())
    with tidak_ada_yang_berubah():
        out, _err = cli(path, ns, "--periksa-saja")
    assert "Akan ditambah" in out and "Tidak ada yang disimpan" in out
    out, _err = cli(path, ns)
    assert "Pemilih baru" in out and "Tercatat di log audit #" in out
    out, _err = cli(path, ns)
    assert "Tidak ada perubahan" in out


def test_cli_prints_the_first_errors_and_the_total(kediri_mini, tmp_path):
    ns = kediri_mini
    rows = [orang("BANDAR LOR", "001", "WARGA", "L", date(1980, 1, 1), nkk(100 + i),
                  RT="x") for i in range(25)]
    path = tulis_csv(tmp_path / "banyak.csv", rows)
    with tidak_ada_yang_berubah():
        pesan, err = cli_gagal(path, ns)
    lines = err.splitlines()
    assert lines[0] == "Baris 2, kolom L (RT): RT harus angka 1 sampai 999, mis. 003."
    assert "... dan 5 masalah lain." in err and "--laporan" in err
    assert "25 masalah di 25 baris" in pesan


def test_cli_needs_the_election_when_there_are_several(kediri_mini, tmp_path):
    path = tulis_csv(tmp_path / "dp4.csv", baris_baik())
    with pytest.raises(CommandError) as exc:
        call_command("pemilih", "import", str(path), stdout=io.StringIO())
    assert "--pemilihan" in str(exc.value)


# -- several readers side by side -----------------------------------------------------------------


def _kota_baru():
    """A kab/kota whose election lists nobody yet (the parallel first load)."""
    prov = factories.buat_wilayah("36", "Banten")
    kota = factories.buat_wilayah("36.71", "Kota Tangerang", prov)
    kec = factories.buat_wilayah("36.71.01", "Tangerang", kota)
    kel = factories.buat_wilayah("36.71.01.1001", "Sukasari", kec)
    tps = [factories.buat_tps(kel, n) for n in (1, 2, 3)]
    return factories.buat_pemilihan(kota), tps


def test_parallel_readers_find_what_one_reader_finds(db, tmp_path):
    pemilihan, _tps = _kota_baru()
    rows = [orang("SUKASARI", f"{1 + i % 3:03d}", "WARGA", "L", date(1950 + i % 50, 1, 1),
                  nkk(i, "367101"), kecamatan="TANGERANG", kode_kec="36.71.01")
            for i in range(300)]
    rows[250]["NIK"] = rows[10]["NIK"]  # a NIK repeated across the halves
    rows[250]["TGL_LHR"] = rows[10]["TGL_LHR"]
    rows[280]["NKK"] = rows[20]["NKK"]  # a household over two TPS across the halves
    rows[5]["RT"] = "x"
    rows[290]["RT"] = "y"
    path = tulis_csv(tmp_path / "paralel.csv", rows)
    satu = impor.periksa(path, pemilihan=pemilihan, proses=1)
    dua = impor.periksa(path, pemilihan=pemilihan, proses=2, min_paralel=0)
    assert galat(dua) == galat(satu) == [(7, "L", "rt_rw"), (252, "E", "nik_ganda_berkas"),
                                         (282, "R", "kk_terbelah"), (292, "L", "rt_rw")]
    assert dua.baris == satu.baris == 300
    rows[250]["NIK"] = make_nik("36.71.01", date(1950, 1, 1), "L", 9999)
    rows[250]["TGL_LHR"] = "01-01-1950"
    rows[280]["NKK"] = nkk(999, "367101")
    rows[5]["RT"] = rows[290]["RT"] = "1"
    path = tulis_csv(tmp_path / "paralel-baik.csv", rows)
    dua = impor.periksa(path, pemilihan=pemilihan, proses=2, min_paralel=0)
    assert dua.ok and dua.baru == 300
    hasil = impor.terapkan(dua, path)
    assert hasil.baru == 300 == Pemilih.objects.filter(pemilihan=pemilihan).count()
    assert rekap.periksa(pemilihan.pk) == []
    # A reader that meets an unreadable line sends the refusal back to the parent.
    rusak = tmp_path / "paralel-rusak.csv"
    rusak.write_bytes(path.read_bytes() + b"x" * (MAKS_PANJANG_BARIS + 10))
    with pytest.raises(ServiceError) as exc:
        impor.periksa(rusak, pemilihan=pemilihan, proses=2, min_paralel=0)
    assert "Baris 302 lebih dari" in exc.value.baris[0].pesan


# -- the page -------------------------------------------------------------------------------------


def _unggah(c, path: Path, **extra):
    with open(path, "rb") as f:
        return c.post("/pemilih/impor/", {"berkas": f, **extra})


def test_page_is_for_kpu_only(kediri_mini, client_as):
    ns = kediri_mini
    assert client_as(ns.kpu).get("/pemilih/impor/").status_code == 200
    for user in (ns.pps_bl, ns.ppk, ns.pantarlih):
        assert client_as(user).get("/pemilih/impor/").status_code == 403
    r = client_as(None).get("/pemilih/impor/")
    assert r.status_code == 302 and "/masuk/" in r["Location"]


def test_page_pps_cannot_upload(kediri_mini, client_as, tmp_path):
    path = tulis_csv(tmp_path / "dp4.csv", baris_baik())
    with tidak_ada_yang_berubah():
        assert _unggah(client_as(kediri_mini.pps_bl), path).status_code == 403


def test_page_upload_check_and_apply(kediri_mini, client_as, tmp_path):
    ns = kediri_mini
    c = client_as(ns.kpu)
    path = tulis_csv(tmp_path / "dp4.csv", baris_baik())
    with tidak_ada_yang_berubah():
        r = _unggah(c, path)
        assert r.status_code == 302
        hasil_url = r["Location"]
        r = c.get(hasil_url)
    html = r.content.decode()
    assert r.status_code == 200 and "Berkas bersih: siap diterapkan" in html
    assert hashlib.sha256(path.read_bytes()).hexdigest() in html
    n0 = Pemilih.objects.count()
    r = c.post(hasil_url + "terapkan/")
    assert r.status_code == 302
    assert Pemilih.objects.count() == n0 + 7
    html = c.get(hasil_url).content.decode()
    assert "Sudah diterapkan" in html and "Impor diterapkan: 7 pemilih baru" in html
    ringkas = AuditRecord.objects.get(aksi="pemilih.impor")
    assert ringkas.username == ns.kpu.username and ringkas.sesudah["asal"] == "web"
    # applying twice does nothing
    with tidak_ada_yang_berubah():
        c.post(hasil_url + "terapkan/")


def test_page_is_scoped_to_the_kpus_election(kediri_mini, client_as, tmp_path):
    ns = kediri_mini
    path = tulis_csv(tmp_path / "dp4.csv", baris_baik())
    r = _unggah(client_as(ns.kpu), path)
    hasil_url = r["Location"]
    blitar = client_as(ns.blitar.kpu)
    with tidak_ada_yang_berubah():
        assert blitar.get(hasil_url).status_code == 404
        assert blitar.post(hasil_url + "terapkan/").status_code == 404
        assert blitar.get(hasil_url + "laporan.xlsx").status_code == 404
        # Kota Blitar's KPU uploading Kediri's list: none of it is in Kota Blitar.
        r = _unggah(blitar, path)
        html = blitar.get(r["Location"]).content.decode()
    assert "Kecamatan MOJOROTO tidak ada di Kota Blitar" in html
    assert Pemilih.objects.filter(pemilihan=ns.blitar.pemilihan).count() == 3


def test_page_bad_file_shows_the_report_and_offers_the_xlsx(kediri_mini, client_as, tmp_path):
    from openpyxl import load_workbook

    ns = kediri_mini
    rows = baris_baik()
    rows[2]["TPS"] = "002"
    path = tulis_csv(tmp_path / "dp4.csv", rows)
    c = client_as(ns.kpu)
    with tidak_ada_yang_berubah():
        hasil_url = _unggah(c, path)["Location"]
        r = c.get(hasil_url)
        assert r.status_code == 422
        html = r.content.decode()
        assert "Tidak ada data yang diubah: 1 masalah di 1 baris" in html
        assert "kk_terbelah" in html and "Terapkan" not in html
        r = c.get(hasil_url + "laporan.xlsx")
        assert r.status_code == 200 and r["Content-Type"] == impor.XLSX_MIME
        assert 'filename="dp4-galat.xlsx"' in r["Content-Disposition"]
        data = load_workbook(io.BytesIO(r.content))["Data"]
        assert data.cell(row=4, column=len(HEADER) + 3).value.startswith("KK ini")
        c.post(hasil_url + "terapkan/")


def test_page_file_level_problems_and_size_limit(kediri_mini, client_as, tmp_path,
                                                 monkeypatch, settings):
    ns = kediri_mini
    c = client_as(ns.kpu)
    kosong = tmp_path / "kosong.csv"
    kosong.write_bytes(b"")
    rows = baris_baik()
    rows[0]["TMPT_LHR"] = "BÉKASI"
    ansi = tulis_csv(tmp_path / "ansi.csv", rows, encoding="cp1252")
    with tidak_ada_yang_berubah():
        r = _unggah(c, kosong)
        assert r.status_code == 422  # Django refuses an empty upload in the form
        r = _unggah(c, ansi)
        assert r.status_code == 422 and "Windows-1252" in r.content.decode()
        monkeypatch.setattr(impor, "MAKS_UKURAN_CSV", 100_000)
        monkeypatch.setattr(impor, "MAKS_UKURAN_XLSX", 100_000)
        besar = tmp_path / "besar.csv"
        besar.write_bytes(b"x" * 300_000)
        r = _unggah(c, besar)
        assert r.status_code == 413 and "lebih dari 0 MB" in r.content.decode()
    assert not any(Path(settings.SELENGGARA_IMPOR_DIR).iterdir())
    # named explicitly, the ANSI file goes through
    r = _unggah(c, ansi, encoding="windows-1252")
    assert r.status_code == 302


def test_upload_writer_helper_escapes_cells(tmp_path):
    buf = io.StringIO()
    w = PenulisCSV(buf, pemisah=",", bom=False)
    w.tulis(["=1+1", "-2", "@x", "biasa", None, 5])
    assert buf.getvalue() == "'=1+1,'-2,'@x,biasa,,5\r\n"
