"""``selenggara jam``: show, set or clear the working date (the demo, training simulations)."""

from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from selenggara.web import jam


class Command(BaseCommand):
    help = ("Tampilkan, atur atau hapus jam kerja aplikasi (tanggal simulasi untuk demo dan "
            "pelatihan). Tanpa pilihan: tampilkan.")

    def add_arguments(self, parser):
        parser.add_argument("--atur", metavar="'YYYY-MM-DD HH:MM'",
                            help="waktu simulasi (WIB), mis. '2024-07-01 18:00'")
        parser.add_argument("--berhenti", action="store_true",
                            help="jam simulasi tidak berjalan (tetap pada waktu itu)")
        parser.add_argument("--nyata", action="store_true", help="kembali ke jam sebenarnya")

    def handle(self, *args, atur=None, berhenti=False, nyata=False, **opts):
        if atur and nyata:
            raise CommandError("Pilih salah satu: --atur atau --nyata.")
        if nyata:
            jam.nyata()
        elif atur:
            try:
                waktu = datetime.fromisoformat(atur.strip())
            except ValueError:
                raise CommandError(f"Waktu {atur!r} tidak terbaca; tulis 'YYYY-MM-DD HH:MM', "
                                   "mis. '2024-07-01 18:00'.") from None
            if not 2000 <= waktu.year <= 2100:
                raise CommandError("Tahun simulasi harus antara 2000 dan 2100.")
            jam.atur(waktu, berjalan=not berhenti)
        sim = jam.simulasi()
        if sim is None:
            self.stdout.write(f"Jam nyata: {timezone.localtime():%A %d-%m-%Y %H:%M} WIB")
        else:
            self.stdout.write(f"Mode simulasi: {timezone.localtime(sim):%A %d-%m-%Y %H:%M} WIB")
