from django.core.management.base import BaseCommand, CommandError

from selenggara.coklit import aturan_data


class Command(BaseCommand):
    help = ("e-coklit tools: `coklit aturan-js` writes static/coklit/aturan_data.js from "
            "selenggara.rules.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        p = sub.add_parser(
            "aturan-js",
            help="Write the codes, labels, limits and messages of rules/ for the field app.")
        p.add_argument("--check", action="store_true",
                       help="Write nothing; fail when aturan_data.js is out of date.")

    def handle(self, *args, action, check=False, **options):
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
