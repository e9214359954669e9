"""Model A-Daftar Pemilih: the printed list of one TPS (PDF, landscape A4), for the DPS
announcement at the kelurahan office and for the DPT KPPS use on polling day.

Built from the frozen list (:class:`~selenggara.daftar.models.BarisDaftar`), never from the
register now, so a copy printed a week later is the list KPU set. One TPS per file;
:func:`zip_kelurahan` bundles every TPS of a kelurahan for its PPS and KPPS.

Two kinds of copy:

- **public** (``publik=True``, the default: the DPS posted at the kelurahan office and online,
  the copies for the witnesses): NIK and NKK masked to their region prefix (``mask_nik``, the
  mask the regulation allows on a public list of many people) and the birth date replaced by
  the age on polling day;
- **internal** (``publik=False``, for the KPPS on polling day): full NIK, NKK and birth date.
  Serve it only behind an officer's scope.

:func:`susun` lays the document out as plain data (what the snapshot tests hold); :func:`pdf`
draws it. The document is the regulation's own form, in Bahasa Indonesia whatever the page
language.
"""

from __future__ import annotations

import io
import zipfile

from selenggara.laporan.pdf import latin1
from selenggara.rules.eligibility import umur_pada
from selenggara.rules.nik import mask_nik, mask_nkk
from selenggara.wilayah.models import TPS, Wilayah

from .models import BarisDaftar, DaftarTetap, PindahMemilih

NAMA_DAFTAR = {"DPS": "DAFTAR PEMILIH SEMENTARA (DPS)", "DPT": "DAFTAR PEMILIH TETAP (DPT)"}
# (title, relative width, right-aligned); the 6th column is "Usia" on a public copy.
KOLOM = (
    ("No", 0.55, True), ("NKK", 2.1, False), ("NIK", 2.1, False), ("Nama", 3.6, False),
    ("Tempat lahir", 1.8, False), ("Tanggal lahir", 1.35, False), ("Status kawin", 0.95, False),
    ("L/P", 0.5, False), ("Alamat", 3.4, False), ("RT", 0.5, False), ("RW", 0.5, False),
    ("Disabilitas", 1.0, False), ("Keterangan", 1.45, False),
)
CATATAN = (
    "Status kawin: B = belum kawin, S = sudah kawin, P = pernah kawin. Disabilitas: "
    "1 = fisik, 2 = intelektual, 3 = mental, 4 = sensorik wicara, 5 = sensorik rungu, "
    "6 = sensorik netra.",
)


def _sebutan(w: Wilayah | None) -> str:
    return w.nama if w is not None else ""


def _angka(n: int) -> str:
    return f"{int(n):,}".replace(",", ".")


def _tgl(d) -> str:
    return f"{d.day:02d}-{d.month:02d}-{d.year:04d}"


def kepala(daftar: DaftarTetap, tps: TPS) -> list[tuple[str, str]]:
    """The header fields of the form: the areas from the province down to the TPS."""
    kel = tps.kelurahan
    kec = kel.induk
    kab = kec.induk if kec is not None else None
    prov = kab.induk if kab is not None else None
    lokasi = ", ".join(x for x in (tps.nama, tps.alamat) if x)
    return [("Provinsi", _sebutan(prov)), ("Kabupaten/Kota", _sebutan(kab)),
            ("Kecamatan", _sebutan(kec)), ("Kelurahan/Desa", kel.nama),
            ("TPS", f"{tps.nomor:03d}" + (f" ({lokasi})" if lokasi else ""))]


def _keterangan(sumber: str, pindah: bool) -> str:
    if pindah:
        return "Pindah memilih"
    return {"BARU": "Pemilih baru", "DPTB": "DPTb"}.get(sumber, "")


def susun(daftar: DaftarTetap, tps: TPS, *, publik: bool = True) -> dict:
    """The document as plain data: ``judul`` lines, ``kepala`` (label, value) pairs, ``kolom``
    titles, ``baris`` (cells as text), ``jumlah`` (L, P, total) and ``catatan`` lines.

    Cost: the TPS's rows through the ``(daftar, tps, nomor)`` index, plus one query for its
    DPTb moves on a DPT."""
    hari = daftar.pemilihan.hari_pemungutan
    rows = (BarisDaftar.objects.filter(daftar=daftar, tps=tps).order_by("nomor")
            .values_list("nomor", "nkk", "nik", "nama", "tempat_lahir", "tanggal_lahir",
                         "status_kawin", "jenis_kelamin", "alamat", "rt", "rw", "disabilitas",
                         "sumber", "pemilih_id"))
    pindah: set[int] = set()
    if daftar.tahap == "DPT":
        pindah = set(PindahMemilih.objects.filter(pemilihan_id=daftar.pemilihan_id, tps_asal=tps)
                     .values_list("pemilih_id", flat=True))
    baris, l_, p_ = [], 0, 0
    for (nomor, nkk, nik, nama, tempat, lahir, sts, jk, alamat, rt, rw, dis, sumber,
         pid) in rows:
        if jk == "L":
            l_ += 1
        else:
            p_ += 1
        if publik:
            nkk, nik, lahir_teks = mask_nkk(nkk), mask_nik(nik), str(umur_pada(lahir, hari))
        else:
            lahir_teks = _tgl(lahir)
        baris.append([str(nomor), nkk, nik, nama, tempat, lahir_teks, sts, jk, alamat, rt, rw,
                      "" if dis in ("", "0") else dis, _keterangan(sumber, pid in pindah)])
    kolom = [k[0] for k in KOLOM]
    if publik:
        kolom[5] = "Usia"
    pleno = daftar.pleno
    salinan = "SALINAN UNTUK UMUM" if publik else "SALINAN UNTUK KPPS (TIDAK UNTUK DIUMUMKAN)"
    catatan = [
        *CATATAN,
        ("Usia dihitung pada hari pemungutan suara " + _tgl(hari) + ". NIK dan NKK disamarkan "
         "sesuai ketentuan pengumuman daftar pemilih.") if publik else
        "Memuat data pribadi lengkap: simpan dan gunakan hanya untuk pemungutan suara.",
        f"Ditetapkan dalam rapat pleno {pleno.tanggal.strftime('%d-%m-%Y')}, Berita Acara "
        f"nomor {pleno.nomor_ba}; SHA-256 daftar {daftar.sha256}.",
    ]
    return {
        "judul": ["MODEL A-DAFTAR PEMILIH", NAMA_DAFTAR.get(daftar.tahap, daftar.tahap),
                  daftar.pemilihan.nama.upper(), salinan],
        "kepala": kepala(daftar, tps),
        "kolom": kolom,
        "baris": baris,
        "jumlah": {"l": l_, "p": p_, "total": l_ + p_},
        "catatan": catatan,
    }


def _lebar(cw: dict, teks: str, ukuran: float, k: float) -> float:
    """Width in mm of ``teks`` in a core font (fpdf2's get_string_width, without its
    per-call font and text-shaping work: a TPS has thousands of cells)."""
    return sum(cw.get(c, 600) for c in teks) * ukuran / 1000 / k


def _muat(pdf, teks: str, lebar: float, ukuran: float) -> tuple[str, float]:
    """Shrink the font (to 5 pt) before cutting a text that does not fit its cell."""
    cw, k, ruang = pdf.current_font.cw, pdf.k, lebar - 1
    if _lebar(cw, teks, ukuran, k) <= ruang:
        return teks, ukuran
    while ukuran > 5 and _lebar(cw, teks, ukuran, k) > ruang:
        ukuran -= 0.5
    pdf.set_font_size(ukuran)
    if _lebar(cw, teks, ukuran, k) > ruang:
        while teks and _lebar(cw, teks + "...", ukuran, k) > ruang:
            teks = teks[:-1]
        teks += "..."
    return teks, ukuran


def pdf(daftar: DaftarTetap, tps: TPS, *, publik: bool = True, doc: dict | None = None) -> bytes:
    """The Model A-Daftar Pemilih of one TPS (landscape A4, header repeated on every page)."""
    from fpdf import FPDF

    doc = doc or susun(daftar, tps, publik=publik)
    judul = [latin1(x) for x in doc["judul"]]
    kepala_ = [(latin1(a), latin1(b)) for a, b in doc["kepala"]]
    kolom = [latin1(k) for k in doc["kolom"]]
    kanan = [k[2] for k in KOLOM]
    nomor_tps = f"{tps.nomor:03d}"
    ukuran = 7.0
    tinggi = 4.6

    class ModelA(FPDF):
        def header(self):
            self.set_font("Helvetica", "B", 10)
            self.cell(0, 5, judul[0] + " - " + judul[1], align="C", new_x="LMARGIN",
                      new_y="NEXT")
            self.set_font("Helvetica", "", 8)
            self.cell(0, 4, judul[2], align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_font("Helvetica", "B", 7)
            self.cell(0, 4, judul[3], align="C", new_x="LMARGIN", new_y="NEXT")
            self.set_font("Helvetica", "", 8)
            setengah = self.epw / 2
            for i in range(0, len(kepala_), 2):
                for label, nilai in kepala_[i:i + 2]:
                    self.cell(28, 4, label, new_x="RIGHT")
                    self.cell(setengah - 28, 4, ": " + nilai, new_x="RIGHT")
                self.ln(4)
            self.ln(1)
            self.set_font("Helvetica", "B", ukuran)
            self.set_fill_color(238, 240, 243)
            for k, w in zip(kolom, lebar, strict=True):
                self.cell(w, 6, k, border=1, align="C", fill=True, new_x="RIGHT")
            self.ln(6)

        def footer(self):
            self.set_y(-9)
            self.set_font("Helvetica", "", 7)
            self.cell(0, 4, f"{judul[1]} - {kepala_[3][1]} TPS {nomor_tps} - "
                            f"halaman {self.page_no()} dari {{nb}}", align="R")

    doc_pdf = ModelA(orientation="L", unit="mm", format="A4")
    doc_pdf.set_margins(10, 8, 10)
    doc_pdf.set_auto_page_break(auto=True, margin=12)
    doc_pdf.set_title(latin1(f"Model A-Daftar Pemilih {doc['judul'][1]} {kepala_[3][1]} "
                             f"TPS {nomor_tps}"))
    doc_pdf.set_creator("Selenggara")
    doc_pdf.set_author(latin1(f"KPU {kepala_[1][1]}"))
    doc_pdf.set_creation_date(daftar.dibuat)  # the same list gives the same file
    total_lebar = sum(k[1] for k in KOLOM)
    lebar = [doc_pdf.epw * k[1] / total_lebar for k in KOLOM]
    doc_pdf.add_page()
    doc_pdf.set_font("Helvetica", "", ukuran)
    doc_pdf.set_draw_color(190, 190, 190)
    # Rows are drawn with text() and one rule each (ten times faster than cell(): a DPT has
    # hundreds of TPS of hundreds of rows); the page break is ours.
    x0 = [doc_pdf.l_margin + sum(lebar[:i]) for i in range(len(lebar))]
    for b in doc["baris"]:
        y = doc_pdf.get_y()
        if y + tinggi > doc_pdf.page_break_trigger:
            doc_pdf.add_page()
            doc_pdf.set_font("Helvetica", "", ukuran)
            y = doc_pdf.get_y()
        garis = y + tinggi * 0.72
        for sel, x, w, ka in zip(b, x0, lebar, kanan, strict=True):
            if not sel:
                continue
            teks, uk = _muat(doc_pdf, latin1(sel), w, ukuran)
            if ka:
                x = x + w - 0.5 - _lebar(doc_pdf.current_font.cw, teks, uk, doc_pdf.k)
            else:
                x += 0.5
            doc_pdf.text(x, garis, teks)
            if uk != ukuran:
                doc_pdf.set_font_size(ukuran)
        doc_pdf.line(doc_pdf.l_margin, y + tinggi, doc_pdf.l_margin + doc_pdf.epw, y + tinggi)
        doc_pdf.set_y(y + tinggi)
    j = doc["jumlah"]
    doc_pdf.ln(2)
    doc_pdf.set_font("Helvetica", "B", 8)
    doc_pdf.cell(0, 5, f"Jumlah pemilih: laki-laki {_angka(j['l'])}, perempuan "
                       f"{_angka(j['p'])}, jumlah {_angka(j['total'])}",
                 new_x="LMARGIN", new_y="NEXT")
    doc_pdf.set_font("Helvetica", "", 7)
    for c in doc["catatan"]:
        doc_pdf.multi_cell(0, 3.6, latin1(c), new_x="LMARGIN", new_y="NEXT")
    return bytes(doc_pdf.output())


def nama_berkas(daftar: DaftarTetap, tps: TPS) -> str:
    """``Model-A-DPS-3571011001-TPS001.pdf``."""
    return f"Model-A-{daftar.tahap}-{tps.kelurahan.kode_polos}-TPS{tps.nomor:03d}.pdf"


def tps_kelurahan(daftar: DaftarTetap, kelurahan: Wilayah) -> list[TPS]:
    """The kelurahan's TPS that have rows in the list (a TPS without voters has no page)."""
    semua = list(TPS.objects.filter(kelurahan=kelurahan)
                 .select_related("kelurahan__induk__induk__induk").order_by("nomor"))
    # nomor 1 exists in every TPS with rows: one probe per TPS on the (daftar, tps, nomor) index
    ada = set(BarisDaftar.objects.filter(daftar=daftar, tps__in=[t.pk for t in semua], nomor=1)
              .values_list("tps_id", flat=True))
    return [t for t in semua if t.pk in ada]


def zip_kelurahan(daftar: DaftarTetap, kelurahan: Wilayah, *, publik: bool = True) -> bytes:
    """Every TPS of ``kelurahan`` as its own PDF, in one zip (for its PPS and KPPS)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for t in tps_kelurahan(daftar, kelurahan):
            info = zipfile.ZipInfo(nama_berkas(daftar, t), date_time=daftar.dibuat.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, pdf(daftar, t, publik=publik))
    return buf.getvalue()
