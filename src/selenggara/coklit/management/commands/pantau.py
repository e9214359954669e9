"""``selenggara pantau coklit``: the monitoring table of the /pps/pantau/ page, for scripts.

    selenggara pantau coklit [--tingkat kecamatan|kelurahan|tps] [--tanggal 2024-07-01]
                             [--wilayah 35.71.01] [--pemilihan ID]
                             --format json|csv|xlsx [--keluar FILE]

One row per area of the level asked for (default: the level below ``--wilayah``, itself by
default the election's kab/kota), as of the end of ``--tanggal`` (default: the working date),
from the daily counters. JSON is a list with one object per area: ``kode``, ``nama``,
``pemilih``, ``selesai_aplikasi``, ``selesai_kertas`` (voters checked in the app / reported on
paper), ``rencana`` (the plan's percent for that date, null without a coklit stage) and
``persen`` (the app's percent). CSV and XLSX hold the page's whole table (pace, forecast...).
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selenggara.coklit import pantau
from selenggara.laporan.ekspor import ke_csv, ke_xlsx
from selenggara.pemilihan.pilih import pemilihan_perintah
from selenggara.petugas.scope import Scope
from selenggara.wilayah.models import Wilayah


class Command(BaseCommand):
    help = "Pemantauan: `pantau coklit` mencetak atau menulis tabel progres coklit per wilayah."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="apa", required=True)
        p = sub.add_parser("coklit", help="Progres coklit per kecamatan, kelurahan/desa atau TPS.")
        p.add_argument("--tingkat", choices=sorted(pantau.TINGKAT_NAMA), default=None,
                       help="Tingkat baris (bawaan: satu di bawah --wilayah).")
        p.add_argument("--tanggal", type=date.fromisoformat, default=None,
                       help="Per akhir tanggal ini, TTTT-BB-HH (bawaan: tanggal kerja).")
        p.add_argument("--wilayah", default=None,
                       help="Kode wilayah Kemendagri (35.71.01); bawaan: kab/kota pemilihan.")
        p.add_argument("--pemilihan", type=int, default=None,
                       help="Id pemilihan (wajib bila basis data berisi lebih dari satu).")
        p.add_argument("--format", choices=("json", "csv", "xlsx"), required=True)
        p.add_argument("--keluar", type=Path, default=None,
                       help="Tulis ke berkas ini (wajib untuk xlsx); bawaan: cetak.")

    def handle(self, *args, apa, **o):
        pemilihan = pemilihan_perintah(o["pemilihan"], o["wilayah"])
        scope = Scope(semua=True, pemilihan_id=pemilihan.pk)
        akar = pemilihan.wilayah
        node = akar
        if o["wilayah"]:
            node = Wilayah.objects.filter(kode=o["wilayah"]).first()
            if node is None or not (node.kode == akar.kode
                                    or node.kode.startswith(akar.kode + ".")):
                raise CommandError(f"Wilayah {o['wilayah']} tidak ada di {akar.nama}.")
        tingkat = pantau.TINGKAT_NAMA[o["tingkat"]] if o["tingkat"] else node.tingkat + 1
        if tingkat <= node.tingkat:
            raise CommandError(f"--tingkat {o['tingkat']} harus di bawah {node.nama}.")
        if o["format"] == "xlsx" and o["keluar"] is None:
            raise CommandError("Format xlsx perlu --keluar BERKAS.xlsx.")
        rows, waktu = pantau.tabel_tingkat(scope, node, tingkat, tanggal=o["tanggal"],
                                           pemilihan_id=pemilihan.pk)
        if o["format"] == "json":
            isi = json.dumps([b.ke_json() for b in rows], ensure_ascii=False, indent=2) + "\n"
            self._keluar(isi.encode("utf-8"), o["keluar"])
            return
        label = pantau.label_tingkat(tingkat)
        judul = (f"Progres coklit per {pantau.per_tingkat(tingkat)} · "
                 f"{pantau.nama_objek(node)} · {pantau.tanggal_panjang(waktu.tanggal)}")
        sub = f"Per akhir {pantau.tanggal_panjang(waktu.tanggal)}"
        if waktu.rencana is not None:
            sub += (f" · hari ke-{waktu.rencana.hari_ke(waktu.tanggal)} coklit · rencana "
                    f"{pantau.angka_id(waktu.rencana.persen(waktu.tanggal))}%")
        tabel = pantau.tabel_progres(rows, label, judul=judul, subjudul=sub)
        self._keluar(ke_xlsx(tabel) if o["format"] == "xlsx" else ke_csv(tabel), o["keluar"])

    def _keluar(self, isi: bytes, keluar: Path | None) -> None:
        if keluar is None:  # text only (xlsx needs a file): printed without the CSV's BOM
            self.stdout.write(isi.decode("utf-8").lstrip("\ufeff"), ending="")
            return
        keluar.write_bytes(isi)
        self.stderr.write(f"Ditulis: {keluar} ({len(isi)} byte)")
