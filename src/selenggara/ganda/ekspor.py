"""The pairs of the review queue as rows for the CLI's CSV/JSON/XLSX and the KPU page's export.

One row per pair: ``pemilih_a``, ``pemilih_b`` (voter ids), ``probabilitas``, ``alasan`` (the
reasons as one line), then what a reviewer needs to find the two records: ``jenis``,
``status``, names, TPS and kelurahan of each. NIKs appear masked (only the last four
digits shown): the file leaves the application, and the voter id finds the record inside it.
"""

from __future__ import annotations

import csv
import io
import json

from django.utils.translation import gettext as _

from selenggara.laporan.ekspor import ANGKA, DESIMAL, Kolom, Tabel, ke_xlsx
from selenggara.laporan.xlsx import aman
from selenggara.rules.nik import mask_nik_tail

from . import alasan as teks_alasan
from .models import PasanganGanda

KOLOM = ("pemilih_a", "pemilih_b", "probabilitas", "alasan", "jenis", "status", "nama_a",
         "nama_b", "nik_a", "nik_b", "tps_a", "tps_b", "kelurahan_a", "kelurahan_b",
         "lintas_kelurahan")


def baris(qs) -> list[dict]:
    qs = qs.select_related("pemilih_a__tps", "pemilih_b__tps", "kelurahan_a", "kelurahan_b")
    out = []
    for x in qs.order_by("-probabilitas", "pemilih_a_id", "pemilih_b_id").iterator(2000):
        a, b = x.pemilih_a, x.pemilih_b
        out.append({
            "pemilih_a": x.pemilih_a_id, "pemilih_b": x.pemilih_b_id,
            "probabilitas": round(x.probabilitas, 6), "alasan": teks_alasan.ringkas(x.alasan),
            "jenis": x.jenis, "status": x.status, "nama_a": a.nama, "nama_b": b.nama,
            "nik_a": mask_nik_tail(a.nik), "nik_b": mask_nik_tail(b.nik), "tps_a": a.tps.label,
            "tps_b": b.tps.label, "kelurahan_a": x.kelurahan_a.nama,
            "kelurahan_b": x.kelurahan_b.nama, "lintas_kelurahan": x.lintas_kelurahan,
        })
    return out


def ke_csv(rows: list[dict]) -> bytes:
    """Plain CSV (comma, header on the first line, UTF-8) for scripts and spreadsheets; text
    cells escaped against formula injection like every export."""
    buf = io.StringIO()
    w = csv.DictWriter(buf, fieldnames=KOLOM, lineterminator="\n")
    w.writeheader()
    for r in rows:
        w.writerow({k: aman(v) if isinstance(v, str) else v for k, v in r.items()})
    return buf.getvalue().encode("utf-8")


def ke_json(rows: list[dict]) -> bytes:
    return (json.dumps(rows, ensure_ascii=False, indent=1) + "\n").encode("utf-8")


def ke_tabel(rows: list[dict], *, judul: str) -> Tabel:
    kolom = [Kolom("pemilih_a", _("Pemilih A (id)"), ANGKA),
             Kolom("pemilih_b", _("Pemilih B (id)"), ANGKA),
             Kolom("probabilitas", _("Probabilitas"), DESIMAL),
             Kolom("alasan", _("Alasan"), lebar=4),
             Kolom("jenis", _("Jenis")), Kolom("status", _("Status")),
             Kolom("nama_a", _("Nama A"), lebar=2), Kolom("nama_b", _("Nama B"), lebar=2),
             Kolom("nik_a", _("NIK A")), Kolom("nik_b", _("NIK B")),
             Kolom("tps_a", _("TPS A")), Kolom("tps_b", _("TPS B")),
             Kolom("kelurahan_a", _("Kelurahan A"), lebar=1.5),
             Kolom("kelurahan_b", _("Kelurahan B"), lebar=1.5)]
    return Tabel(nama="ganda", judul=judul, kolom=kolom, baris=rows,
                 catatan=[_("NIK disamarkan; cari pemilih dengan id-nya di aplikasi.")])


def tulis(rows: list[dict], fmt: str, *, judul: str) -> bytes:
    if fmt == "csv":
        return ke_csv(rows)
    if fmt == "json":
        return ke_json(rows)
    if fmt == "xlsx":
        rows = [{**r, "probabilitas": r["probabilitas"]} for r in rows]
        return ke_xlsx(ke_tabel(rows, judul=judul))
    raise ValueError(fmt)


def antrean(pemilihan_id: int, *, pencarian_id: int | None = None):
    qs = PasanganGanda.objects.filter(pemilihan_id=pemilihan_id)
    if pencarian_id is not None:
        qs = qs.filter(pencarian_id=pencarian_id)
    return qs
