"""``selenggara hitungan periksa|bangun-ulang``: the counters behind every monitoring page."""

from django.core.management.base import BaseCommand, CommandError

from selenggara.coklit import rekap as rekap_coklit
from selenggara.pemilih import rekap
from selenggara.pemilihan.models import Pemilihan


class Command(BaseCommand):
    help = ("Periksa atau bangun ulang hitungan (rekap pemilih per TPS/wilayah/hari dan rekap "
            "coklit) dari daftar pemilih dan data coklit.")

    def add_arguments(self, parser):
        parser.add_argument("aksi", choices=["periksa", "bangun-ulang"])
        parser.add_argument("--pemilihan", type=int, help="id pemilihan (bawaan: semua)")

    def handle(self, *args, aksi, pemilihan=None, **opts):
        qs = Pemilihan.objects.order_by("pk")
        if pemilihan is not None:
            qs = qs.filter(pk=pemilihan)
            if not qs.exists():
                raise CommandError(f"Pemilihan {pemilihan} tidak ada.")
        beda_total = 0
        for p in qs:
            if aksi == "bangun-ulang":
                n = rekap.bangun_ulang(p.pk)
                m = rekap_coklit.bangun_ulang(p.pk)
                self.stdout.write(f"{p.nama}: {n} baris rekap pemilih, {m} baris rekap coklit.")
                continue
            beda = rekap.periksa(p.pk) + rekap_coklit.periksa(p.pk)
            beda_total += len(beda)
            for b in beda[:20]:
                self.stdout.write(f"{p.nama}: {b}")
            if not beda:
                self.stdout.write(f"{p.nama}: hitungan sesuai dengan data.")
        if beda_total:
            raise CommandError(f"{beda_total} hitungan berbeda; jalankan "
                               "`selenggara hitungan bangun-ulang` setelah menyelidiki.")
