"""``selenggara pemilih import BERKAS [--pemilihan ID] [--periksa-saja]``: the voter-list import
(DP4 / A-Daftar, CSV or XLSX with the Sidalih columns), see ``docs/impor.md``."""

from __future__ import annotations

import io
import os
from contextlib import contextmanager
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from selenggara.errors import ServiceError
from selenggara.pemilih import impor
from selenggara.pemilihan.models import Pemilihan

CONTOH_GALAT = 20


class Command(BaseCommand):
    help = _("Alat daftar pemilih: `pemilih import BERKAS` mengimpor daftar DP4 / A-Daftar "
             "(CSV atau XLSX berkolom Sidalih).")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help=_("Periksa seluruh berkas lalu, bila tidak ada masalah, simpan semuanya dalam "
                   "satu transaksi. Aman diulang: baris yang sama tidak mengubah apa pun."))
        imp.add_argument("berkas", type=Path, help=_("berkas CSV atau XLSX"))
        imp.add_argument("--pemilihan", type=int, default=None,
                         help=_("id pemilihan (wajib bila basis data berisi lebih dari satu)"))
        imp.add_argument("--periksa-saja", action="store_true",
                         help=_("hanya periksa dan laporkan; tidak ada yang disimpan"))
        imp.add_argument("--encoding", default=None,
                         help=_("pengodean CSV bila bukan UTF-8, mis. windows-1252"))
        imp.add_argument("--laporan", type=Path, default=None,
                         help=_("tulis laporan masalah ke berkas ini (.xlsx atau .csv)"))
        imp.add_argument("--proses", type=int, default=min(os.cpu_count() or 1, 4),
                         help=_("jumlah proses pemeriksa untuk CSV besar ke daftar yang masih "
                                "kosong (bawaan: jumlah CPU, paling banyak 4)"))

    def handle(self, *args, action, **options):
        if action == "import":
            self._import(options["berkas"], options["pemilihan"], options["periksa_saja"],
                         options["encoding"], options["laporan"], max(1, options["proses"]))

    # -- import -----------------------------------------------------------------------------

    def _pemilihan(self, pk: int | None) -> Pemilihan:
        qs = Pemilihan.objects.select_related("wilayah").order_by("pk")
        if pk is not None:
            p = qs.filter(pk=pk).first()
            if p is None:
                raise CommandError(_("Pemilihan %(id)s tidak ada.") % {"id": pk})
            return p
        semua = list(qs[:21])
        if len(semua) == 1:
            return semua[0]
        if not semua:
            raise CommandError(_("Belum ada pemilihan di basis data; buat pemilihannya dulu."))
        daftar = "\n".join(f"  {p.pk}: {p.nama} ({p.wilayah.nama})" for p in semua[:20])
        raise CommandError(_("Basis data berisi lebih dari satu pemilihan; pilih dengan "
                             "--pemilihan ID:\n%(daftar)s") % {"daftar": daftar})

    def _import(self, berkas: Path, pk: int | None, periksa_saja: bool, encoding: str | None,
                laporan: Path | None, proses: int) -> None:
        if not berkas.is_file():
            raise CommandError(_("Berkas %(berkas)s tidak ada.") % {"berkas": berkas})
        pemilihan = self._pemilihan(pk)
        self.stdout.write(_("Impor daftar pemilih %(berkas)s ke %(pemilihan)s (%(wilayah)s)")
                          % {"berkas": berkas.name, "pemilihan": pemilihan.nama,
                             "wilayah": pemilihan.wilayah.nama})
        try:
            with self._kemajuan() as kemajuan:
                rencana = impor.periksa(berkas, pemilihan=pemilihan, encoding=encoding,
                                        kemajuan=kemajuan, proses=proses)
        except ServiceError as exc:
            for g in exc.baris:
                self.stderr.write(str(g))
            raise CommandError(_("Berkas tidak dapat diimpor. Tidak ada data yang diubah.")
                               ) from None
        try:
            self._periksa_selesai(rencana, berkas, encoding, laporan)
            if periksa_saja:
                self.stdout.write(self._tabel(rencana, None))
                self.stdout.write(_("Berkas bersih. Tidak ada yang disimpan (--periksa-saja); "
                                    "jalankan tanpa --periksa-saja untuk menyimpan."))
                return
            try:
                with self._kemajuan() as kemajuan:
                    hasil = impor.terapkan(rencana, berkas, encoding=encoding, asal="cli",
                                           kemajuan=kemajuan)
            except ServiceError as exc:
                for g in exc.baris[:CONTOH_GALAT]:
                    self.stderr.write(str(g))
                raise CommandError(exc.pesan) from None
        finally:
            impor.buang_spool(rencana)
        self.stdout.write(self._tabel(rencana, hasil))
        if hasil.berubah:
            self.stdout.write(_("Tercatat di log audit #%(seq)d; penghitung pemilih dihitung "
                                "ulang.") % {"seq": hasil.seq})
        else:
            self.stdout.write(_("Tidak ada perubahan: semua baris sudah sama dengan daftar."))
        self.stdout.write(_("Selesai dalam %(detik).1f detik (periksa %(a).1f, simpan "
                            "%(b).1f).") % {"detik": rencana.detik + hasil.detik,
                                            "a": rencana.detik, "b": hasil.detik})

    def _periksa_selesai(self, rencana, berkas: Path, encoding, laporan: Path | None) -> None:
        if laporan is not None and not rencana.ok:
            if laporan.suffix.lower() == ".csv":
                with open(laporan, "w", newline="", encoding="utf-8") as out:
                    impor.laporan_csv(rencana, berkas, out, encoding=encoding)
            else:
                with open(laporan, "wb") as out:
                    impor.laporan_xlsx(rencana, berkas, out, encoding=encoding)
        if rencana.ok:
            return
        galat = rencana.sebagai_galat()
        for g in galat.baris[:CONTOH_GALAT]:
            self.stderr.write(str(g))
        if rencana.jumlah_galat > CONTOH_GALAT:
            self.stderr.write(_("... dan %(n)s masalah lain.") % {
                "n": impor.angka(rencana.jumlah_galat - CONTOH_GALAT)})
        if laporan is not None:
            self.stderr.write(_("Laporan lengkap: %(path)s") % {"path": laporan})
        else:
            self.stderr.write(_("Tambahkan --laporan galat.xlsx untuk laporan lengkap (baris "
                                "asli dan cara memperbaikinya)."))
        raise CommandError(galat.pesan)

    @contextmanager
    def _kemajuan(self):
        """A rich progress bar on a real terminal; nothing in logs and tests."""
        if not self.stdout.isatty():
            yield None
            return
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        label = {"periksa": _("Memeriksa"), "tulis": _("Menyimpan")}
        with Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                      TimeRemainingColumn(), transient=True) as progress:
            tasks: dict[str, int] = {}

            def maju(tahap: str, selesai: int, total: int) -> None:
                if tahap not in tasks:
                    tasks[tahap] = progress.add_task(label.get(tahap, tahap), total=total)
                progress.update(tasks[tahap], completed=selesai, total=total)

            yield maju

    def _tabel(self, rencana, hasil) -> str:
        from rich.console import Console
        from rich.table import Table

        table = Table(title=_("Impor daftar pemilih"))
        table.add_column(_("Baris"))
        table.add_column(_("Jumlah"), justify="right")
        disimpan = hasil is not None
        baris = [
            (_("Dibaca dari berkas"), rencana.baris),
            (_("Pemilih baru") if disimpan else _("Akan ditambah"),
             hasil.baru if disimpan else rencana.baru),
            (_("Data diubah") if disimpan else _("Akan diubah"),
             hasil.ubah if disimpan else rencana.ubah),
            (_("  di antaranya pindah TPS"),
             hasil.pindah_tps if disimpan else rencana.pindah_tps),
            (_("Sudah sama dengan daftar"), rencana.sama),
        ]
        for label, n in baris:
            table.add_row(label, impor.angka(n))
        for code, n in rencana.peringatan.most_common():
            label = _(impor.LABEL_PERINGATAN[code]) if code in impor.LABEL_PERINGATAN else code
            table.add_row(_("Peringatan: %(kode)s") % {"kode": label}, impor.angka(n))
        buf = io.StringIO()
        Console(file=buf, width=100, color_system=None).print(table)
        lines = [buf.getvalue().rstrip("\n")]
        if rencana.tidak_dikenal:
            lines.append(_("Kolom yang tidak dikenal diabaikan: %(kolom)s") % {
                "kolom": ", ".join(rencana.tidak_dikenal)})
        lines.append(_("SHA-256 berkas: %(sha)s") % {"sha": rencana.sha256})
        return "\n".join(lines)
