"""The Berita Acara of a list plenary (PDF) and its recap workbook, snapshot-tested.

The snapshots hold the document as :func:`berita_acara.susun` lays it out (what the PDF draws,
line by line: pypdf is not in the venv, so the PDF itself is checked for its text streams) and
the workbook's cell values. The SHA-256 depends on the NIKs the factories number, so it is
replaced by ``<SHA256>`` before comparing.
"""

from __future__ import annotations

import re
import zlib
from datetime import date, datetime

import pytest
from django.db import transaction

from selenggara.audit.aksi import AksiAudit
from selenggara.audit.services import Appender
from selenggara.daftar import berita_acara as ba
from selenggara.daftar import pleno as svc
from selenggara.daftar import selisih
from selenggara.daftar.models import DaftarTetap
from selenggara.pemilih.models import Pemilih
from selenggara.pemilih.services import ubah_satu
from selenggara.web import jam
from tests.factories import buat_pemilih
from tests.snapshots import xlsx_snapshot

pytestmark = pytest.mark.django_db

TGL_DPS = datetime(2024, 8, 10, 10, 0)
TGL_DPT = datetime(2024, 9, 19, 10, 0)


def data_pleno(tempat="Aula Kantor", **kw) -> svc.DataPleno:
    hadir = kw.pop("hadir", [
        {"nama": "Sulastri", "jabatan": "KETUA", "tanda_tangan": True},
        {"nama": "Mulyono", "jabatan": "ANGGOTA", "tanda_tangan": True},
        {"nama": "Kartini", "jabatan": "ANGGOTA", "tanda_tangan": False},
    ])
    return svc.DataPleno(tempat=tempat, hadir=hadir, **kw)


def putaran_bawah(k, tahap: str) -> None:
    """Every PPS, then every PPK plenary of a round (``DPHP`` or ``DPSHP``), as the admin."""
    for kel in (k.bandar_lor, k.pojok, k.semampir):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap=tahap, wilayah=kel,
                   data=data_pleno(f"Kantor Kelurahan {kel.nama}"))
    for kec in (k.mojoroto, k.kec_kota):
        svc.adakan(k.admin, pemilihan=k.pemilihan, tahap=tahap, wilayah=kec,
                   data=data_pleno(f"Kantor Kecamatan {kec.nama}"))


def tetapkan_dps(k):
    jam.atur(TGL_DPS)
    putaran_bawah(k, "DPHP")
    return svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPS", wilayah=k.kota,
                      data=data_pleno("Aula KPU Kota Kediri"))


def ubah_setelah_dps(k) -> None:
    """After the DPS: Ahmad died (TMS 1), Siti's address was fixed."""
    ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk)
    siti = Pemilih.objects.get(pk=k.pemilih["Siti Aminah"].pk)
    with transaction.atomic():
        a = Appender()
        ubah_satu(ahmad, {"tms_kode": "1"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin, appender=a)
        ubah_satu(siti, {"alamat": "JL. BARU 1"}, aksi=AksiAudit.ADMIN_UBAH, user=k.admin,
                  appender=a)


def sampai_sebelum_dpt(k):
    """DPS set, fixes made, every DPSHP plenary held: KPU may set the DPT."""
    dps = tetapkan_dps(k)
    jam.atur(TGL_DPT)
    ubah_setelah_dps(k)
    putaran_bawah(k, "DPSHP")
    return dps


def tetapkan_dpt(k, user=None):
    sampai_sebelum_dpt(k)
    return svc.adakan(user or k.admin, pemilihan=k.pemilihan, tahap="DPT", wilayah=k.kota,
                      data=data_pleno(
                          "Aula KPU Kota Kediri", saksi=[{"nama": "Bambang", "unsur": "Paslon 1"}],
                          pengawas=[{"nama": "Rudi Hartono", "jabatan": "Bawaslu Kota Kediri"}],
                          catatan="Rapat dimulai pukul 09.00 WIB.",
                          keberatan="Saksi Paslon 1 meminta salinan DPT."))


@pytest.fixture
def k(kediri_mini):
    yield kediri_mini
    jam.nyata()


def teks_pdf(isi: bytes) -> str:
    assert isi.startswith(b"%PDF-")
    out = []
    for m in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", isi, re.S):
        try:
            out.append(zlib.decompress(m.group(1)).decode("latin-1"))
        except zlib.error:
            continue
    return "\n".join(out)


def _tanpa_hash(obj, sha: str):
    if isinstance(obj, str):
        return obj.replace(sha, "<SHA256>")
    if isinstance(obj, list):
        return [_tanpa_hash(v, sha) for v in obj]
    if isinstance(obj, dict):
        return {key: _tanpa_hash(v, sha) for key, v in obj.items()}
    return obj


def test_the_dpt_berita_acara_in_kpu_layout(k, snapshot):
    p = tetapkan_dpt(k)
    doc = ba.susun(p)
    assert doc["kop"] == ["KOMISI PEMILIHAN UMUM KOTA KEDIRI"]
    assert "REKAPITULASI DAN PENETAPAN DAFTAR PEMILIH TETAP (DPT)" in doc["judul"]
    assert doc["pembuka"].startswith(
        "Pada hari ini Kamis tanggal sembilan belas bulan September tahun dua ribu dua puluh "
        "empat")
    assert doc["tabel"]["kolom"][1] == "Kecamatan"
    assert doc["tabel"]["jumlah"][5] == "9"
    assert _tanpa_hash(doc, p.sha256) == snapshot


def test_the_pdf_holds_the_title_numbers_hash_and_signatures(k):
    p = tetapkan_dpt(k)
    isi = ba.pdf(p)
    teks = teks_pdf(isi)
    for potongan in ("KOMISI PEMILIHAN UMUM KOTA KEDIRI",
                     "REKAPITULASI DAN PENETAPAN DAFTAR PEMILIH TETAP \\(DPT\\)",
                     p.nomor_ba, p.sha256, "Mojoroto", "JUMLAH", "ttd", "Sulastri",
                     "Rudi Hartono", "Kediri, 19 September 2024"):
        assert potongan in teks, potongan
    # The same plenary gives the same file (the creation date is the plenary's).
    assert ba.pdf(p) == isi


def test_lower_levels_have_their_own_header_title_and_table(k, snapshot):
    jam.atur(TGL_DPS)
    pps = svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor,
                     data=data_pleno("Kantor Kelurahan Bandar Lor"))
    doc = ba.susun(pps)
    assert doc["kop"] == ["PANITIA PEMUNGUTAN SUARA KELURAHAN BANDAR LOR", "KECAMATAN MOJOROTO",
                          "KOTA KEDIRI"]
    assert doc["judul"][1:3] == ["REKAPITULASI DAFTAR PEMILIH HASIL PEMUTAKHIRAN (DPHP)",
                                 "TINGKAT KELURAHAN BANDAR LOR"]
    assert [r[1] for r in doc["tabel"]["baris"]] == ["TPS 001", "TPS 002"]
    assert doc["pembuka"].startswith(
        "Pada hari ini Sabtu tanggal sepuluh bulan Agustus tahun dua ribu dua puluh empat")
    svc.adakan(k.admin, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.pojok,
               data=data_pleno())
    ppk = svc.adakan(k.ppk, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.mojoroto,
                     data=data_pleno("Kantor Kecamatan Mojoroto"))
    doc_ppk = ba.susun(ppk)
    assert doc_ppk["kop"] == ["PANITIA PEMILIHAN KECAMATAN MOJOROTO", "KOTA KEDIRI"]
    assert [r[1] for r in doc_ppk["tabel"]["baris"]] == ["Bandar Lor", "Pojok"]
    assert {"pps": _tanpa_hash(doc, pps.sha256),
            "ppk": _tanpa_hash(doc_ppk, ppk.sha256)} == snapshot
    assert "PANITIA PEMUNGUTAN SUARA" in teks_pdf(ba.pdf(pps))


def test_the_recap_workbook_per_tps_kelurahan_kecamatan_kota(k, snapshot):
    p = tetapkan_dpt(k)
    isi = ba.rekap_xlsx(p)
    lembar = xlsx_snapshot(isi, ganti={p.sha256: "<SHA256>"})
    assert [s["judul"] for s in lembar] == ["TPS", "Kelurahan", "Kecamatan", "Kota"]
    kota = lembar[3]["baris"]
    assert kota[3][:6] == ["35.71", "Kota Kediri", 5, 4, 5, 9]
    assert lembar == snapshot


def test_a_name_that_looks_like_a_formula_stays_text_in_the_workbook(k):
    jam.atur(TGL_DPS)
    p = svc.adakan(k.pps_bl, pemilihan=k.pemilihan, tahap="DPHP", wilayah=k.bandar_lor,
                   data=data_pleno())
    p.rekap["tps"][0]["label"] = "=HYPERLINK(\"http://x\")"
    lembar = xlsx_snapshot(ba.rekap_xlsx(p))
    assert lembar[0]["baris"][3][1].startswith("'=")


# ---- the diff between two lists (daftar.selisih) -------------------------------------------------

def test_the_diff_between_dps_and_dpt_and_against_the_register(k):
    tetapkan_dpt(k)
    dps, dpt = (DaftarTetap.objects.get(tahap=t) for t in ("DPS", "DPT"))
    rows = list(selisih.selisih(dps, dpt))
    assert [(b.jenis, b.nama) for b in rows] == [("hapus", "Ahmad Fauzi"),
                                                ("ubah", "Siti Aminah")]
    hapus, ubah = rows
    assert hapus.tms_kode == "1" and hapus.keterangan == "TMS 1 Meninggal dunia"
    assert hapus.tps == "TPS 001" and hapus.kelurahan == "Bandar Lor"
    assert ubah.ubah == [("alamat", ubah.ubah[0][1], "JL. BARU 1")]
    assert "*" in ubah.nik and len(ubah.nik) == 16  # masked
    assert selisih.ringkas(rows) == {"baru": 0, "hapus": 1, "ubah": 1, "tms": {"1": 1}}
    # Within one area: Pojok has no change; Bandar Lor has both.
    assert list(selisih.selisih(dps, dpt, k.pojok)) == []
    assert len(list(selisih.selisih(dps, dpt, k.bandar_lor))) == 2
    # Against the register now: a voter added after the DPT.
    buat_pemilih(k.pemilihan, k.tps_pj1, "Anak Baru", "L", date(2006, 1, 1))
    rows = list(selisih.selisih(dpt, None))
    assert [(b.jenis, b.nama) for b in rows] == [("baru", "Anak Baru")]


def test_the_diff_exports_escape_cells_and_mask_nik(k):
    tetapkan_dpt(k)
    dps, dpt = (DaftarTetap.objects.get(tahap=t) for t in ("DPS", "DPT"))
    lembar = xlsx_snapshot(selisih.ke_xlsx(dps, dpt))
    baris = lembar[0]["baris"]
    assert baris[0] == ["Selisih DPS dan DPT"]
    assert baris[1] == list(selisih.KOLOM)
    assert [r[0] for r in baris[2:]] == ["Dicoret", "Diubah"]
    nik_ahmad = Pemilih.objects.get(pk=k.pemilih["Ahmad Fauzi"].pk).nik
    isi_csv = selisih.ke_csv(dps, dpt).decode("utf-8-sig")
    assert nik_ahmad not in isi_csv and "Ahmad Fauzi" in isi_csv
    assert all(nik_ahmad not in str(v) for r in baris for v in r)
