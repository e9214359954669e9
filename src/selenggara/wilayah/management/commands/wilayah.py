"""``selenggara wilayah import <folder> [--prefix 35.71]``: load the Kemendagri area table."""

import io
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from selenggara.wilayah.importer import FILES, MAX_ERRORS, WilayahImportError, import_wilayah


class Command(BaseCommand):
    help = _("Alat wilayah: `wilayah import <folder>` memuat tabel kode wilayah Kemendagri.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import",
            help=_(
                "Muat provinces.csv, regencies.csv, districts.csv dan villages.csv dari "
                "satu folder (mis. data/wilayah). Aman diulang: yang sama tidak diubah."
            ),
        )
        imp.add_argument("folder", type=Path, help=_("folder berisi keempat berkas CSV"))
        imp.add_argument(
            "--prefix",
            default=None,
            help=_(
                "muat hanya wilayah ini, semua wilayah di bawahnya dan induknya "
                "(mis. 35.71 untuk Kota Kediri)"
            ),
        )

    def handle(self, *args, action, **options):
        if action == "import":
            self._import(options["folder"], options["prefix"])

    def _import(self, folder: Path, prefix: str | None) -> None:
        # A progress bar only on a real terminal: in logs and tests it would be noise.
        progress_to = self.stdout._out if self.stdout.isatty() else None
        try:
            result = import_wilayah(folder, prefix=prefix, stdout=progress_to)
        except WilayahImportError as exc:
            for error in exc.errors:
                self.stderr.write(str(error))
            if exc.truncated:
                self.stderr.write(
                    _(
                        "Pemeriksaan berhenti setelah %(n)d kesalahan; perbaiki yang di atas lalu "
                        "jalankan lagi untuk melihat sisanya."
                    )
                    % {"n": MAX_ERRORS}
                )
            raise CommandError(
                _("Impor wilayah gagal: %(n)d kesalahan. Tidak ada data yang diubah.")
                % {"n": len(exc.errors)}
            ) from None
        self.stdout.write(self._summary(result))

    def _summary(self, result) -> str:
        from rich.console import Console
        from rich.table import Table

        title = _("Impor wilayah")
        if result.prefix:
            title += f" ({_('awalan')} {result.prefix})"
        table = Table(title=title)
        table.add_column(_("Tingkat"))
        for label in (_("Ditambah"), _("Diubah"), _("Tetap")):
            table.add_column(label, justify="right")
        for spec in FILES:
            c = result.levels[spec.tingkat]
            table.add_row(spec.label, f"{c.inserted:,}", f"{c.updated:,}", f"{c.unchanged:,}")
        table.add_row(
            _("Jumlah"),
            f"{result.inserted:,}",
            f"{result.updated:,}",
            f"{result.unchanged:,}",
            style="bold",
        )
        buf = io.StringIO()
        # Rendered to text first: Django's OutputWrapper (and call_command's stdout) expects
        # whole messages, not the fragments rich writes.
        Console(file=buf, width=100, color_system=None).print(table)
        lines = [buf.getvalue().rstrip("\n")]
        if result.not_in_files:
            msg = _(
                "%(n)s wilayah di basis data tidak ada di berkas; tidak dihapus (TPS dan "
                "pemilih bisa bergantung padanya). Periksa secara manual bila perlu."
            )
            lines.append(msg % {"n": f"{result.not_in_files:,}"})
        if result.changed:
            lines.append(_("Tercatat di log audit #%(seq)d.") % {"seq": result.audit_seq})
        else:
            lines.append(_("Tidak ada perubahan: basis data sudah sama dengan berkas."))
        lines.append(_("Selesai dalam %(detik).1f detik.") % {"detik": result.seconds})
        return "\n".join(lines)
