import time

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from selenggara.demo.loader import DEFAULT_SEED, DemoError, demo_accounts, load_demo
from selenggara.pemilihan.models import Pemilihan


class Command(BaseCommand):
    help = ("Load the synthetic Kota Kediri Pilkada 2024 demo (222,451 DP4 voters) into an empty "
            "database; `demo accounts` lists one login per role.")

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["load", "accounts"], default="load")
        parser.add_argument("--seed", type=int, default=DEFAULT_SEED,
                            help="same seed, same people (default %(default)s)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (successfully) when the database already has data")

    def handle(self, *args, action, seed, if_empty, **options):
        console = Console(file=self.stdout, highlight=False)
        if action == "accounts":
            return self._accounts(console)
        if if_empty and Pemilihan.objects.exists():
            console.print("Database sudah berisi data; demo tidak dimuat ulang.")
            return
        console.print(f"Memuat demo Kota Kediri (seed {seed})...")
        start = time.perf_counter()
        try:
            with console.status("memuat...") as status:
                summary = load_demo(seed, progress=lambda msg: status.update(msg))
        except DemoError as exc:
            raise CommandError(str(exc)) from exc
        table = Table(title=f"Demo dimuat dalam {time.perf_counter() - start:.1f} detik")
        table.add_column("data")
        table.add_column("jumlah", justify="right")
        for key, value in summary.counts.items():
            table.add_row(key, f"{value:,}".replace(",", "."))
        console.print(table)

    def _accounts(self, console):
        accounts = demo_accounts()
        if not accounts:
            raise CommandError("Belum ada akun demo: jalankan `selenggara demo` dahulu.")
        table = Table(title="Akun demo (kata sandi sama untuk semua akun demo)")
        for col in ("peran", "username", "kata sandi"):
            table.add_column(col)
        for row in accounts:
            table.add_row(*row)
        console.print(table)
        console.print(
            "Pola username lain: ppk.<kecamatan>.<1-5>, pps.<kelurahan>.<1-3>, "
            "pantarlih.<kelurahan>.<tps>.<1-2>, kpps.<kelurahan>.<tps>.<1-7> "
            "(nama tanpa spasi, huruf kecil).")
