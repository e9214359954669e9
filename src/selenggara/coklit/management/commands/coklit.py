from django.core.management.base import BaseCommand, CommandError

from selenggara.coklit import aturan_data, foto


class Command(BaseCommand):
    help = ("e-coklit tools: `coklit aturan-js` writes static/coklit/aturan_data.js from "
            "selenggara.rules; `coklit bersihkan` removes abandoned photo uploads.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser(
            "aturan-js",
            help="Write the codes, labels, limits and messages of rules/ for the field app.")
        p.add_argument("--check", action="store_true",
                       help="Write nothing; fail when aturan_data.js is out of date.")
        sub.add_parser(
            "bersihkan",
            help=f"Remove photo uploads still unfinished {foto.KEDALUWARSA_JAM} hours after they "
                 "started (rows and partial files, each audited), and partial files left "
                 "without a row, and rate-limit counters older than a day. Run it from cron, "
                 "e.g. hourly.")

    def handle(self, *args, action, check=False, **options):
        if action == "bersihkan":
            from selenggara.web import batas

            n = foto.kedaluwarsa()
            yatim = foto.berkas_yatim()
            lama = batas.bersihkan()
            self.stdout.write(f"Unggahan foto kedaluwarsa dihapus: {n}; berkas tanpa data: "
                              f"{yatim}; hitungan batas lama: {lama}.")
            return
        path = aturan_data.PATH
        if check:
            if not path.exists() or path.read_text(encoding="utf-8") != aturan_data.render():
                raise CommandError(
                    f"{path} tidak sesuai dengan selenggara.rules: jalankan "
                    "`selenggara coklit aturan-js`.")
            self.stdout.write(f"{path} sudah sesuai.")
            return
        if aturan_data.write(path):
            self.stdout.write(self.style.SUCCESS(f"Ditulis: {path}"))
        else:
            self.stdout.write(f"Tidak berubah: {path}")
