"""The Berita Acara of a list plenary (PDF, KPU's layout) and its recap workbook (XLSX).

Both are built from what the plenary stored (:class:`~selenggara.daftar.models.Pleno`: the
minutes and ``rekap``), never from the register now, so a BA printed a month later says what
was read out that day. :func:`susun` lays the document out as plain data (the snapshot tests
hold it); :func:`pdf` draws it with fpdf2 on portrait A4:

- the header (KPU Kota / PPK / PPS of the area), the title naming the list and the level, the
  BA number;
- the opening paragraph, the day and date in words (``rules.tanggal``), the place;
- numbered points: 1. voters L/P/total and TPS; 2. voters with a disability by type;
  3. changes since the previous stage (new, struck out by TMS code, changed); 4. the SHA-256
  of the list and its record count; 5. notes, objections, witnesses and Bawaslu present;
- the recap table one level down (KPU per kecamatan, PPK per kelurahan, PPS per TPS);
- the signature block: the members present, "ttd" beside those who signed.

The document is the regulation's own form, in Bahasa Indonesia whatever the page language.
"""

from __future__ import annotations

from selenggara.laporan.pdf import latin1
from selenggara.laporan.xlsx import ke_bytes, tulis
from selenggara.rules import kode
from selenggara.rules.daftar import KODE_DISABILITAS
from selenggara.rules.tanggal import tanggal_kata, tanggal_panjang
from selenggara.wilayah.models import Tingkat

from .models import Pleno

JUDUL_TAHAP = {
    "DPHP": "REKAPITULASI DAFTAR PEMILIH HASIL PEMUTAKHIRAN (DPHP)",
    "DPS": "REKAPITULASI DAN PENETAPAN DAFTAR PEMILIH SEMENTARA (DPS)",
    "DPSHP": "REKAPITULASI DAFTAR PEMILIH SEMENTARA HASIL PERBAIKAN (DPSHP)",
    "DPT": "REKAPITULASI DAN PENETAPAN DAFTAR PEMILIH TETAP (DPT)",
}
NAMA_DAFTAR = {"DPHP": "Daftar Pemilih Hasil Pemutakhiran (DPHP)",
               "DPS": "Daftar Pemilih Sementara (DPS)",
               "DPSHP": "Daftar Pemilih Sementara Hasil Perbaikan (DPSHP)",
               "DPT": "Daftar Pemilih Tetap (DPT)"}
LABEL_DISABILITAS = {k: v for k, v in kode.DISABILITAS if k != kode.TANPA_DISABILITAS}
LABEL_TMS = {**dict(kode.TMS_KODE), "pindah": "Pindah ke wilayah lain (tetap memenuhi syarat)"}
TINGKAT_NAMA = {"kota": Tingkat.KABKOTA, "kecamatan": Tingkat.KECAMATAN,
                "kelurahan": Tingkat.KELURAHAN, "tps": 5}


def angka(n) -> str:
    """``222265`` -> ``222.265``."""
    return f"{int(n or 0):,}".replace(",", ".")


def _sebutan(w) -> str:
    if w.tingkat == Tingkat.KABKOTA:
        return w.nama
    return f"{w.sebutan} {w.nama}"


def kop(pleno: Pleno) -> list[str]:
    """The header lines: the body that held the plenary, and the areas above it."""
    w = pleno.wilayah
    if w.tingkat == Tingkat.KABKOTA:
        return [f"KOMISI PEMILIHAN UMUM {w.nama.upper()}"]
    atas = []
    node = w.induk
    while node is not None and node.tingkat >= Tingkat.KABKOTA:
        atas.append(_sebutan(node).upper())
        node = node.induk
    if w.tingkat == Tingkat.KECAMATAN:
        return [f"PANITIA PEMILIHAN KECAMATAN {w.nama.upper()}", *atas]
    return [f"PANITIA PEMUNGUTAN SUARA {_sebutan(w).upper()}", *atas]


def judul(pleno: Pleno) -> list[str]:
    w = pleno.wilayah
    baris = ["BERITA ACARA", JUDUL_TAHAP[pleno.tahap]]
    if w.tingkat != Tingkat.KABKOTA:
        baris.append(f"TINGKAT {_sebutan(w).upper()}")
    baris.append(pleno.pemilihan.nama.upper())
    return baris


def baris_rekap(pleno: Pleno, tingkat: int | str) -> list[dict]:
    """The plenary's recap rows at one level (``tps``, ``kelurahan``, ``kecamatan``, ``kota``
    or a :class:`Tingkat`), in code order: ``kode``, ``nama``, ``l``, ``p``, ``total``,
    ``tps``, ``disabilitas`` (by type), and for a TPS its ``kelurahan`` and ``jenis``."""
    t = TINGKAT_NAMA[tingkat] if isinstance(tingkat, str) else int(tingkat)
    rekap = pleno.rekap or {}
    if t == TINGKAT_NAMA["tps"]:
        nama_kel = {b["kode"]: b["nama"] for b in rekap.get("wilayah", [])
                    if b["tingkat"] == Tingkat.KELURAHAN}
        return [{"kode": b["kode"], "nama": b["label"], "jenis": b["jenis"],
                 "kelurahan": nama_kel.get(b["kelurahan"], b["kelurahan"]),
                 "l": b["l"], "p": b["p"], "total": b["total"], "tps": b["tps"],
                 "disabilitas": b["disabilitas"]}
                for b in rekap.get("tps", [])]
    return [{"kode": b["kode"], "nama": b["nama"], "l": b["l"], "p": b["p"],
             "total": b["total"], "tps": b["tps"], "disabilitas": b["disabilitas"]}
            for b in rekap.get("wilayah", []) if b["tingkat"] == t]


def _jumlah_dis(b: dict) -> int:
    return sum(int(v) for v in (b.get("disabilitas") or {}).values())


def total_pleno(pleno: Pleno) -> dict:
    for b in (pleno.rekap or {}).get("wilayah", []):
        if b["id"] == pleno.wilayah_id:
            return b
    return {"l": pleno.jumlah_l, "p": pleno.jumlah_p, "total": pleno.jumlah,
            "tps": pleno.jumlah_tps, "disabilitas": {}}


def _orang(daftar: list[dict], kunci: str) -> str:
    return "; ".join(f"{d['nama']}" + (f" ({d[kunci]})" if d.get(kunci) else "")
                     for d in daftar) or "tidak ada"


def susun(pleno: Pleno) -> dict:
    """The Berita Acara as data: what :func:`pdf` draws, line by line."""
    w = pleno.wilayah
    jml = total_pleno(pleno)
    perubahan = (pleno.rekap or {}).get("perubahan", {})
    nama_daftar = NAMA_DAFTAR[pleno.tahap]
    ditetapkan = pleno.tahap in ("DPS", "DPT")
    badan = {Tingkat.KABKOTA: f"KPU {w.nama}", Tingkat.KECAMATAN: f"PPK {w.nama}",
             Tingkat.KELURAHAN: f"PPS {w.nama}"}[w.tingkat]
    pembuka = (
        f"Pada {tanggal_kata(pleno.tanggal)} ({pleno.tanggal.strftime('%d-%m-%Y')}), "
        f"bertempat di {pleno.tempat}, {badan} telah melaksanakan rapat pleno terbuka "
        f"rekapitulasi{' dan penetapan' if ditetapkan else ''} {nama_daftar} "
        f"{_sebutan(w)} untuk {pleno.pemilihan.nama}, dengan hasil sebagai berikut:")
    dis = jml.get("disabilitas") or {}
    tms = perubahan.get("tms") or {}
    butir = [
        {"nomor": 1, "teks": (
            f"Jumlah pemilih dalam {nama_daftar} {_sebutan(w)}: laki-laki {angka(jml['l'])}, "
            f"perempuan {angka(jml['p'])}, jumlah {angka(jml['total'])} pemilih, tersebar di "
            f"{angka(jml['tps'])} TPS."), "rincian": []},
        {"nomor": 2, "teks": (
            f"Jumlah pemilih penyandang disabilitas: {angka(sum(int(v) for v in dis.values()))}"
            " pemilih, dengan rincian:"),
         "rincian": [f"{LABEL_DISABILITAS[k]}: {angka(dis.get(k, 0))}"
                     for k in KODE_DISABILITAS]},
        {"nomor": 3, "teks": (
            f"Perubahan sejak {perubahan.get('dari', '-')}: pemilih baru "
            f"{angka(perubahan.get('baru', 0))}, pemilih dicoret (tidak memenuhi syarat) "
            f"{angka(perubahan.get('hapus', 0))}, data pemilih diubah "
            f"{angka(perubahan.get('ubah', 0))}."),
         "rincian": [f"Kode {k} {LABEL_TMS.get(k, k)}: {angka(n)}" for k, n in tms.items()]},
        {"nomor": 4, "teks": (
            f"Nilai hash SHA-256 {nama_daftar} ({angka(jml['total'])} data pemilih, urut "
            f"kelurahan, TPS dan nomor urut): {pleno.sha256}"), "rincian": []},
        {"nomor": 5, "teks": "Catatan, keberatan, saksi dan pengawas yang hadir:", "rincian": [
            f"Catatan: {pleno.catatan.strip() or 'tidak ada'}",
            f"Keberatan: {pleno.keberatan.strip() or 'tidak ada'}",
            f"Saksi yang hadir: {_orang(pleno.saksi, 'unsur')}",
            f"Pengawas (Bawaslu/Panwaslu) yang hadir: {_orang(pleno.pengawas, 'jabatan')}",
        ]},
    ]
    anak = {Tingkat.KABKOTA: Tingkat.KECAMATAN, Tingkat.KECAMATAN: Tingkat.KELURAHAN,
            Tingkat.KELURAHAN: TINGKAT_NAMA["tps"]}[w.tingkat]
    label = {Tingkat.KECAMATAN: "Kecamatan", Tingkat.KELURAHAN: "Kelurahan/Desa",
             TINGKAT_NAMA["tps"]: "TPS"}[anak]
    rows = baris_rekap(pleno, anak)
    tabel = {
        "judul": f"Rekapitulasi {nama_daftar} {_sebutan(w)} per {label.lower()}",
        "kolom": ["No", label, "TPS", "L", "P", "L+P", "Disabilitas"],
        "baris": [[str(i), b["nama"], angka(b["tps"]), angka(b["l"]), angka(b["p"]),
                   angka(b["total"]), angka(_jumlah_dis(b))]
                  for i, b in enumerate(rows, start=1)],
        "jumlah": ["", "JUMLAH", angka(jml["tps"]), angka(jml["l"]), angka(jml["p"]),
                   angka(jml["total"]), angka(sum(int(v) for v in dis.values()))],
    }
    kota = pleno.pemilihan.wilayah.nama.removeprefix("Kota ").removeprefix("Kabupaten ")
    ttd = {
        "tempat_tanggal": f"{kota}, {tanggal_panjang(pleno.tanggal)}",
        "badan": {Tingkat.KABKOTA: f"KOMISI PEMILIHAN UMUM {w.nama.upper()}",
                  Tingkat.KECAMATAN: f"PPK {w.nama.upper()}",
                  Tingkat.KELURAHAN: f"PPS {_sebutan(w).upper()}"}[w.tingkat],
        "anggota": [{"nomor": i, "nama": h["nama"], "jabatan": h.get("jabatan", ""),
                     "ttd": "ttd" if h.get("tanda_tangan") else "(tidak menandatangani)"}
                    for i, h in enumerate(pleno.hadir, start=1)],
    }
    return {"kop": kop(pleno), "judul": judul(pleno), "nomor": f"Nomor: {pleno.nomor_ba}",
            "pembuka": pembuka, "butir": butir,
            "penutup": ("Demikian berita acara ini dibuat dengan sebenarnya untuk dipergunakan "
                        "sebagaimana mestinya."),
            "tabel": tabel, "ttd": ttd}


def nama_berkas(pleno: Pleno, jenis: str) -> str:
    from selenggara.rules.teks import slug

    return f"ba-{pleno.tahap.lower()}-{slug(pleno.wilayah.nama)}-{pleno.tanggal:%Y%m%d}.{jenis}"


# ---- the PDF -----------------------------------------------------------------------------------

def pdf(pleno: Pleno) -> bytes:
    """The Berita Acara on portrait A4 (fpdf2; text folded to Latin-1, ``laporan.pdf``)."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    ba = susun(pleno)
    doc = FPDF(orientation="P", unit="mm", format="A4")
    doc.set_title(latin1(" ".join(ba["judul"][:2])))
    doc.set_author(latin1(ba["kop"][0]))
    doc.set_creator("Selenggara")
    doc.set_creation_date(pleno.dibuat)  # the same plenary gives the same file
    doc.set_auto_page_break(auto=True, margin=15)
    doc.set_margins(20, 15, 20)
    doc.add_page()

    def teks(t: str, ukuran: float = 10, gaya: str = "", rata: str = "J", tinggi: float = 5,
             indent: float = 0) -> None:
        doc.set_font("Helvetica", gaya, ukuran)
        if indent:
            doc.set_x(doc.l_margin + indent)
        doc.multi_cell(doc.epw - indent, tinggi, latin1(t), align=rata, new_x="LMARGIN",
                       new_y="NEXT")

    for i, k in enumerate(ba["kop"]):
        teks(k, 12 if i == 0 else 10, "B", "C", 5.5)
    y = doc.get_y() + 1.5
    doc.set_line_width(0.8)
    doc.line(doc.l_margin, y, doc.l_margin + doc.epw, y)
    doc.set_line_width(0.2)
    doc.ln(5)
    for j in ba["judul"]:
        teks(j, 11, "B", "C", 5.5)
    teks(ba["nomor"], 10, "", "C")
    doc.ln(4)
    teks(ba["pembuka"])
    doc.ln(2)
    for b in ba["butir"]:
        doc.set_font("Helvetica", "", 10)
        doc.cell(7, 5, f"{b['nomor']}.")
        doc.multi_cell(doc.epw - 7, 5, latin1(b["teks"]), align="L", new_x="LMARGIN",
                       new_y="NEXT")
        for r in b["rincian"]:
            teks(f"- {r}", 9.5, "", "L", 4.8, indent=11)
        doc.ln(1)
    doc.ln(1)
    teks(ba["penutup"])
    doc.ln(4)

    t = ba["tabel"]
    teks(t["judul"], 10, "B", "L")
    doc.ln(1)
    doc.set_font("Helvetica", "", 8.5)
    kepala = FontFace(emphasis="BOLD", fill_color=(238, 240, 243))
    with doc.table(col_widths=(8, 52, 14, 18, 18, 20, 20),
                   text_align=("CENTER", "LEFT", "RIGHT", "RIGHT", "RIGHT", "RIGHT", "RIGHT"),
                   headings_style=kepala, line_height=4.6, repeat_headings=1,
                   padding=1) as tab:
        row = tab.row()
        for k in t["kolom"]:
            row.cell(latin1(k))
        for b in t["baris"]:
            row = tab.row()
            for sel in b:
                row.cell(latin1(sel))
        row = tab.row(style=FontFace(emphasis="BOLD"))
        for sel in t["jumlah"]:
            row.cell(latin1(sel))

    doc.ln(6)
    s = ba["ttd"]
    if doc.get_y() > doc.h - 30 - 7 * len(s["anggota"]):
        doc.add_page()
    teks(s["tempat_tanggal"], 10, "", "R")
    teks(s["badan"], 10, "B", "R")
    doc.ln(2)
    doc.set_font("Helvetica", "", 10)
    for a in s["anggota"]:
        doc.cell(8, 7, f"{a['nomor']}.")
        doc.cell(70, 7, latin1(a["nama"]))
        doc.cell(35, 7, latin1(a["jabatan"].title()))
        doc.cell(0, 7, latin1(a["ttd"]), new_x="LMARGIN", new_y="NEXT")
    return bytes(doc.output())


# ---- the recap workbook ------------------------------------------------------------------------

def rekap_xlsx(pleno: Pleno) -> bytes:
    """The plenary's recap as a workbook: one sheet per level (TPS, kelurahan, kecamatan, kota
    as far as the plenary's area reaches), each cell escaped (``laporan.xlsx.tulis``)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)
    w = pleno.wilayah
    tingkat = [("TPS", "tps"), ("Kelurahan", "kelurahan"), ("Kecamatan", "kecamatan"),
               ("Kota", "kota")]
    dis_judul = [f"Disabilitas {k}" for k in KODE_DISABILITAS]
    for nama, t in tingkat:
        if t != "tps" and TINGKAT_NAMA[t] < w.tingkat:
            continue
        ws = wb.create_sheet(nama)
        tulis(ws, [f"Rekapitulasi {NAMA_DAFTAR[pleno.tahap]} {_sebutan(w)} per "
                   f"{nama if t == 'tps' else nama.lower()}"])
        ws["A1"].font = Font(bold=True)
        tulis(ws, [f"{pleno.nomor_ba} · {tanggal_panjang(pleno.tanggal)} · SHA-256 "
                   f"{pleno.sha256}"])
        kolom = ["Kode", nama if t != "tps" else "TPS"]
        if t == "tps":
            kolom += ["Kelurahan", "Jenis"]
        kolom += ["TPS", "L", "P", "L+P", *dis_judul, "Disabilitas"]
        tulis(ws, kolom)
        for c in ws[ws.max_row]:
            c.font = Font(bold=True)
        for b in baris_rekap(pleno, t):
            nilai = [b["kode"], b["nama"]]
            if t == "tps":
                nilai += [b["kelurahan"], b["jenis"]]
            d = b["disabilitas"] or {}
            nilai += [b["tps"], b["l"], b["p"], b["total"],
                      *[int(d.get(k, 0)) for k in KODE_DISABILITAS], _jumlah_dis(b)]
            tulis(ws, nilai)
        ws.freeze_panes = "C4"
        ws.column_dimensions["A"].width = 16
        ws.column_dimensions["B"].width = 32
    return ke_bytes(wb)
