"""Model A-Surat Pindah Memilih as a PDF (fpdf2, core fonts: text folded to Latin-1).

The letter the voter carries to the destination TPS: who issued it, the voter (name, the NIK
with only its last four digits, place and date of birth as the DPT holds them), the origin on
the DPT, the destination, the reason, the ballots the voter receives there, and the signature
block of the issuing body.
"""

from __future__ import annotations

from django.utils import timezone

from selenggara.laporan.pdf import latin1
from selenggara.rules import daftar as aturan
from selenggara.rules.nik import mask_nik_tail
from selenggara.wilayah.models import TPS

from .models import BarisDaftar, PindahMemilih

BULAN = ("Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
         "September", "Oktober", "November", "Desember")
NAMA_SURAT_SUARA = {"GUBERNUR": "Gubernur dan Wakil Gubernur",
                    "BUPATI": "Bupati dan Wakil Bupati",
                    "WALIKOTA": "Wali Kota dan Wakil Wali Kota"}


def _tgl(d) -> str:
    return f"{d.day} {BULAN[d.month - 1]} {d.year}"


def _tps(t: TPS) -> str:
    kel = t.kelurahan
    return f"{t.label}, Kelurahan {kel.nama}, Kecamatan {kel.induk.nama}"


def pdf(pindah: PindahMemilih) -> bytes:
    from fpdf import FPDF

    p = (PindahMemilih.objects.select_related(
        "pemilihan__wilayah", "pemilih", "tps_asal__kelurahan__induk",
        "tps_tujuan__kelurahan__induk", "tujuan_wilayah__induk", "oleh")
        .get(pk=pindah.pk))
    baris = (BarisDaftar.objects.filter(daftar__pemilihan=p.pemilihan, daftar__tahap="DPT",
                                        pemilih_id=p.pemilih_id).first())
    orang = baris or p.pemilih
    kota = p.pemilihan.wilayah
    alasan = dict(aturan.ALASAN_PINDAH).get(p.alasan, p.alasan)

    doc = FPDF(orientation="P", unit="mm", format="A4")
    doc.set_title(latin1(f"A-Surat Pindah Memilih {p.nomor_surat}"))
    doc.set_author("Selenggara")
    doc.set_creator("Selenggara")
    doc.set_margins(20, 15, 20)
    doc.set_auto_page_break(auto=True, margin=15)
    doc.add_page()
    doc.set_font("Helvetica", "B", 9)
    doc.cell(0, 5, "Model A-Surat Pindah Memilih", align="R", new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)
    doc.set_font("Helvetica", "B", 12)
    doc.cell(0, 6, latin1(f"KOMISI PEMILIHAN UMUM {kota.nama.upper()}"), align="C",
             new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 9)
    doc.cell(0, 5, latin1(p.pemilihan.nama), align="C", new_x="LMARGIN", new_y="NEXT")
    doc.line(20, doc.get_y() + 1, 190, doc.get_y() + 1)
    doc.ln(5)
    doc.set_font("Helvetica", "B", 12)
    doc.cell(0, 6, "SURAT PINDAH MEMILIH", align="C", new_x="LMARGIN", new_y="NEXT")
    doc.set_font("Helvetica", "", 10)
    doc.cell(0, 5, latin1(f"Nomor: {p.nomor_surat}"), align="C", new_x="LMARGIN",
             new_y="NEXT")
    doc.ln(5)
    doc.multi_cell(0, 5, latin1(
        "Yang bertanda tangan di bawah ini menerangkan bahwa pemilih yang terdaftar dalam "
        "Daftar Pemilih Tetap (DPT) berikut:"), new_x="LMARGIN", new_y="NEXT")
    doc.ln(2)

    def baris_isi(label: str, nilai: str) -> None:
        doc.set_font("Helvetica", "", 10)
        doc.cell(55, 6, latin1(label))
        doc.cell(4, 6, ":")
        doc.multi_cell(0, 6, latin1(nilai), new_x="LMARGIN", new_y="NEXT")

    baris_isi("Nama", orang.nama)
    baris_isi("NIK", mask_nik_tail(orang.nik))
    baris_isi("Jenis kelamin", "Laki-laki" if orang.jenis_kelamin == "L" else "Perempuan")
    baris_isi("Tempat, tanggal lahir", f"{orang.tempat_lahir}, {_tgl(orang.tanggal_lahir)}")
    baris_isi("Alamat", f"{orang.alamat} RT {orang.rt} RW {orang.rw}")
    baris_isi("Terdaftar di", _tps(p.tps_asal))
    if baris is not None:
        baris_isi("Nomor urut DPT", str(baris.nomor))
    doc.ln(2)
    doc.multi_cell(0, 5, latin1("pindah memilih dengan keterangan:"), new_x="LMARGIN",
                   new_y="NEXT")
    doc.ln(1)
    baris_isi("Alasan", alasan)
    if p.tps_tujuan is not None:
        baris_isi("Memilih di", _tps(p.tps_tujuan))
    else:
        w = p.tujuan_wilayah
        prov = f", Provinsi {w.induk.nama}" if w.induk_id else ""
        baris_isi("Tujuan", f"{w.nama}{prov}")
    if p.tujuan_keterangan:
        baris_isi("Keterangan tujuan", p.tujuan_keterangan)
    if p.surat_suara:
        nama = [NAMA_SURAT_SUARA.get(j, j) for j in p.surat_suara]
        baris_isi("Surat suara yang diterima", "; ".join(nama))
    else:
        baris_isi("Surat suara yang diterima", "Tidak ada (tujuan di luar wilayah pemilihan)")
    doc.ln(4)
    doc.multi_cell(0, 5, latin1(
        "Pemilih menunjukkan surat ini beserta KTP-el kepada KPPS di TPS tujuan pada hari "
        "pemungutan suara, dan tidak lagi memberikan suara di TPS asal. Surat ini berlaku "
        "untuk satu kali pemungutan suara."), new_x="LMARGIN", new_y="NEXT")
    doc.ln(8)
    dicatat = timezone.localtime(p.dicatat)
    x = 115
    doc.set_x(x)
    doc.cell(0, 5, latin1(f"{kota.nama.replace('Kota ', '')}, {_tgl(dicatat.date())}"),
             new_x="LMARGIN", new_y="NEXT")
    doc.set_x(x)
    penerbit = f"PPS Kelurahan {p.tps_asal.kelurahan.nama}" if _oleh_pps(p) else (
        f"KPU {kota.nama}")
    doc.cell(0, 5, latin1(penerbit), new_x="LMARGIN", new_y="NEXT")
    doc.ln(18)
    doc.set_x(x)
    doc.cell(0, 5, "(..............................................)", new_x="LMARGIN",
             new_y="NEXT")
    doc.ln(6)
    doc.set_font("Helvetica", "I", 8)
    doc.multi_cell(0, 4, latin1(
        "NIK ditampilkan sebagian (4 digit terakhir) untuk pelindungan data pribadi "
        "(UU 27/2022). Dicetak oleh Selenggara."), new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


def _oleh_pps(p: PindahMemilih) -> bool:
    if p.oleh_id is None:
        return False
    from selenggara.petugas.models import Petugas

    return Petugas.objects.filter(user_id=p.oleh_id, peran="PPS").exists()
