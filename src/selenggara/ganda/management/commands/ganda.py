"""``selenggara ganda``: duplicate voters from the console.

    selenggara ganda cari [--wilayah 35.71.01] [--engine duckdb|spark] [--ambang 0.9]
                          [--format csv|json|xlsx] [--keluar FILE] [--pemilihan ID]
    selenggara ganda daftar [--status MENUNGGU] [--format csv|json|xlsx] [--keluar FILE]

``cari`` runs a search (one at a time per election: a second one is told which run is going)
over the eligible voters of the election's kab/kota, or of one kecamatan or kelurahan, and
writes the pairs it found, one row per pair: ``pemilih_a``, ``pemilih_b``, ``probabilitas``,
``alasan`` and the columns of :mod:`selenggara.ganda.ekspor`. The run, its counts and its
trained model stay in the database (the KPU page shows them). ``daftar`` writes the review
queue as it stands (with the decisions).
"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from selenggara.errors import ServiceError
from selenggara.ganda import ekspor, mesin, pencarian
from selenggara.ganda.models import StatusPasangan
from selenggara.pemilihan.pilih import pemilihan_perintah
from selenggara.rules import ganda as aturan
from selenggara.wilayah.models import Wilayah


class Command(BaseCommand):
    help = "Data ganda: `ganda cari` mencari pasangan pemilih yang kemungkinan orang yang sama."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="apa", required=True)
        c = sub.add_parser("cari", help="Jalankan pencarian data ganda dan tulis pasangannya.")
        c.add_argument("--wilayah", default=None,
                       help="Kode wilayah (kecamatan/kelurahan); bawaan: seluruh kab/kota.")
        c.add_argument("--engine", choices=mesin.MESIN, default="duckdb",
                       help="duckdb (satu mesin, bawaan) atau spark (klaster/lokal).")
        c.add_argument("--ambang", type=float, default=aturan.AMBANG_BAWAAN,
                       help="Probabilitas minimum pasangan (bawaan 0,9).")
        d = sub.add_parser("daftar", help="Tulis antrean pasangan dengan keputusannya.")
        d.add_argument("--status", choices=StatusPasangan.values, default=None)
        for p in (c, d):
            p.add_argument("--pemilihan", type=int, default=None,
                           help="Id pemilihan (wajib bila basis data berisi lebih dari satu).")
            p.add_argument("--format", choices=("csv", "json", "xlsx"), default="csv")
            p.add_argument("--keluar", type=Path, default=None,
                           help="Tulis ke berkas ini (wajib untuk xlsx); bawaan: cetak.")

    def handle(self, *args, apa, **o):
        pemilihan = pemilihan_perintah(o["pemilihan"])
        if o["format"] == "xlsx" and o["keluar"] is None:
            raise CommandError("Format xlsx perlu --keluar BERKAS.xlsx.")
        qs = ekspor.antrean(pemilihan.pk)
        if apa == "cari":
            wilayah = None
            if o["wilayah"]:
                wilayah = Wilayah.objects.filter(kode=o["wilayah"]).first()
                if wilayah is None:
                    raise CommandError(f"Wilayah {o['wilayah']} tidak dikenal.")
            try:
                run = pencarian.cari(None, pemilihan, wilayah=wilayah, mesin_=o["engine"],
                                     ambang=o["ambang"])
            except ServiceError as e:
                rinci = [m for pesan in e.galat.values() for m in pesan if m != e.pesan]
                raise CommandError(" ".join([e.pesan, *rinci]) if rinci else e.pesan) from None
            def n(x):
                return f"{x:,.0f}".replace(",", ".")

            self.stderr.write(
                f"Pencarian #{run.pk}: {n(run.jumlah_rekam)} rekam, "
                f"{n(run.jumlah_dibandingkan)} pasangan dibandingkan, "
                f"{n(run.jumlah_ditemukan)} ditemukan ({n(run.jumlah_baru)} baru di antrean), "
                f"{run.detik:.1f} s, memori puncak {n(run.memori_mb)} MB")
            qs = qs.filter(pencarian=run)
            judul = f"Pasangan data ganda · {run.wilayah.nama} · pencarian #{run.pk}"
        else:
            if o["status"]:
                qs = qs.filter(status=o["status"])
            judul = f"Antrean data ganda · {pemilihan.wilayah.nama}"
        isi = ekspor.tulis(ekspor.baris(qs), o["format"], judul=judul)
        if o["keluar"] is None:
            self.stdout.write(isi.decode("utf-8"), ending="")
            return
        o["keluar"].write_bytes(isi)
        self.stderr.write(f"Ditulis: {o['keluar']} ({len(isi)} byte)")
