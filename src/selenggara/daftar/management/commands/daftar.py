"""``selenggara daftar``: the lists KPU set (DPS, DPT), for scripts and for checking.

    selenggara daftar rekap --tahap DPS|DPT [--tingkat tps|kelurahan|kecamatan|kota]
                            --format json|csv|xlsx [--keluar FILE] [--pemilihan ID]
    selenggara daftar snapshot --tahap DPS|DPT [--periksa] [--pemilihan ID]

``rekap`` prints the recap the plenary that set the list stored, one row per area of the level
asked for (default: kecamatan). JSON is a list with one object per area: ``kode``, ``nama``,
``l``, ``p``, ``total``, ``tps`` (for TPS rows also ``kelurahan``). CSV and XLSX hold the same
rows with the disability count.

``snapshot`` prints the SHA-256 the Berita Acara published and the record count; with
``--periksa`` it recomputes both from the frozen rows (``pleno.baca_daftar``) and fails when
they differ.
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selenggara.daftar import berita_acara
from selenggara.daftar.pleno import baca_daftar, daftar_tetap
from selenggara.laporan.ekspor import ANGKA, Kolom, Tabel, ke_csv, ke_xlsx
from selenggara.pemilihan.pilih import pemilihan_perintah
from selenggara.rules.tanggal import tanggal_panjang

TINGKAT = ("tps", "kelurahan", "kecamatan", "kota")


class Command(BaseCommand):
    help = ("Daftar yang ditetapkan: `daftar rekap` mencetak rekapitulasi DPS/DPT, "
            "`daftar snapshot` mencetak (dan memeriksa) SHA-256 dan jumlah barisnya.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="apa", required=True)
        r = sub.add_parser("rekap", help="Rekapitulasi DPS/DPT per TPS, kelurahan, kecamatan "
                                         "atau kota.")
        r.add_argument("--tahap", choices=("DPS", "DPT"), required=True)
        r.add_argument("--tingkat", choices=TINGKAT, default="kecamatan",
                       help="Tingkat baris (bawaan: kecamatan).")
        r.add_argument("--format", choices=("json", "csv", "xlsx"), required=True)
        r.add_argument("--keluar", "--output", dest="keluar", type=Path, default=None,
                       help="Tulis ke berkas ini (wajib untuk xlsx); bawaan: cetak.")
        r.add_argument("--pemilihan", type=int, default=None,
                       help="Id pemilihan (wajib bila basis data berisi lebih dari satu).")
        s = sub.add_parser("snapshot", help="SHA-256 dan jumlah baris DPS/DPT yang ditetapkan.")
        s.add_argument("--tahap", choices=("DPS", "DPT"), required=True)
        s.add_argument("--periksa", action="store_true",
                       help="Hitung ulang SHA-256 dari baris yang dibekukan dan bandingkan.")
        s.add_argument("--pemilihan", type=int, default=None,
                       help="Id pemilihan (wajib bila basis data berisi lebih dari satu).")

    def handle(self, *args, apa, **o):
        pemilihan = pemilihan_perintah(o["pemilihan"])
        daftar = daftar_tetap(pemilihan, o["tahap"])
        if daftar is None:
            raise CommandError(
                f"{o['tahap']} {pemilihan.nama} belum ditetapkan: KPU menetapkannya dalam rapat "
                f"pleno (halaman /daftar/), setelah pleno semua PPS dan PPK.")
        if apa == "rekap":
            self._rekap(daftar, o)
        else:
            self._snapshot(daftar, o["periksa"])

    def _rekap(self, daftar, o) -> None:
        if o["format"] == "xlsx" and o["keluar"] is None:
            raise CommandError("Format xlsx perlu --keluar BERKAS.xlsx.")
        rows = berita_acara.baris_rekap(daftar.pleno, o["tingkat"])
        if o["format"] == "json":
            kunci = ("kode", "nama", "l", "p", "total", "tps")
            if o["tingkat"] == "tps":
                kunci += ("kelurahan",)
            isi = json.dumps([{k: b[k] for k in kunci} for b in rows], ensure_ascii=False,
                             indent=2) + "\n"
            self._keluar(isi.encode("utf-8"), o["keluar"])
            return
        kolom = [Kolom("kode", "Kode", lebar=1.6), Kolom("nama", o["tingkat"].title(), lebar=3)]
        if o["tingkat"] == "tps":
            kolom.append(Kolom("kelurahan", "Kelurahan", lebar=2))
        kolom += [Kolom("tps", "TPS", ANGKA), Kolom("l", "L", ANGKA), Kolom("p", "P", ANGKA),
                  Kolom("total", "L+P", ANGKA), Kolom("dis", "Disabilitas", ANGKA)]
        for b in rows:
            b["dis"] = sum(int(v) for v in (b.get("disabilitas") or {}).values())
        p = daftar.pleno
        tabel = Tabel(nama=f"rekap-{daftar.tahap.lower()}",
                      judul=f"Rekapitulasi {daftar.tahap} {p.wilayah.nama} per {o['tingkat']}",
                      subjudul=f"{p.nomor_ba} · {tanggal_panjang(p.tanggal)}", kolom=kolom,
                      baris=rows)
        self._keluar(ke_xlsx(tabel) if o["format"] == "xlsx" else ke_csv(tabel), o["keluar"])

    def _snapshot(self, daftar, periksa: bool) -> None:
        p = daftar.pleno
        self.stdout.write(f"{daftar.tahap} {p.wilayah.nama}, ditetapkan "
                          f"{tanggal_panjang(p.tanggal)} ({p.nomor_ba})")
        self.stdout.write(f"sha256: {daftar.sha256}")
        self.stdout.write(f"jumlah: {daftar.jumlah}")
        if not periksa:
            return
        bacaan = baca_daftar(daftar)
        hitung, jumlah = bacaan.hash.hasil(), bacaan.hash.jumlah
        if hitung != daftar.sha256 or jumlah != daftar.jumlah:
            raise CommandError(
                f"Daftar {daftar.tahap} TIDAK cocok dengan berita acara: dihitung ulang "
                f"sha256 {hitung} dari {jumlah} baris, tercatat {daftar.sha256} dari "
                f"{daftar.jumlah} baris. Baris daftar yang dibekukan telah diubah di luar "
                f"Selenggara; periksa basis data dan log audit (selenggara audit verify).")
        self.stdout.write(f"periksa: cocok ({jumlah} baris dihitung ulang)")

    def _keluar(self, isi: bytes, keluar: Path | None) -> None:
        if keluar is None:
            self.stdout.write(isi.decode("utf-8").lstrip("\ufeff"), ending="")
            return
        keluar.write_bytes(isi)
        self.stderr.write(f"Ditulis: {keluar} ({len(isi)} byte)")

