import time
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from rich.console import Console
from rich.table import Table

from selenggara.demo.loader import DEFAULT_SEED, DemoError, demo_accounts, load_demo
from selenggara.pemilihan.models import Pemilihan


def _tanggal(teks: str) -> date:
    try:
        return date.fromisoformat(teks)
    except ValueError:
        raise CommandError(f"Tanggal {teks!r} tidak terbaca; tulis tahun-bulan-tanggal, "
                           "mis. 2024-07-01.") from None


class Command(BaseCommand):
    help = ("Load the synthetic Kota Kediri Pilkada 2024 demo (222,451 DP4 voters) into an empty "
            "database; `demo accounts` lists one login per role; `demo simulasi --sampai "
            "2024-07-01` plays coklit forward to that evening (after 24 Jul: the DPHP, DPS, "
            "public responses, DPSHP, DPT of 19 Sep and DPTb moves up to H-7, 20 Nov).")

    def add_arguments(self, parser):
        parser.add_argument("action", nargs="?", choices=["load", "accounts", "simulasi"],
                            default="load")
        parser.add_argument("--seed", type=int, default=None,
                            help=f"same seed, same people / same simulation (default "
                                 f"{DEFAULT_SEED}; a simulation keeps the seed of its first run)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing (successfully) when the database already has data")
        parser.add_argument("--sampai", metavar="YYYY-MM-DD",
                            help="simulasi: play coklit (and the list stages after it) up to the "
                                 "evening of this date")
        parser.add_argument("--kelurahan", action="append", metavar="KODE",
                            help="simulasi: only these kelurahan (Kemendagri code, e.g. "
                                 "35.71.01.1001; repeat or separate with commas)")

    def handle(self, *args, action, seed, if_empty, sampai, kelurahan, **options):
        console = Console(file=self.stdout, highlight=False)
        if action == "accounts":
            return self._accounts(console)
        if action == "simulasi":
            console = Console(file=self.stdout, highlight=False, width=130)
            return self._simulasi(console, sampai, seed, kelurahan)
        seed = DEFAULT_SEED if seed is None else seed
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

    def _simulasi(self, console, sampai, seed, kelurahan):
        from selenggara.demo.simulasi import (
            JAM_AKHIR,
            SimulasiError,
            ringkasan_harian,
            simulasikan,
            tanggal_id,
        )

        if not sampai:
            raise CommandError("Sebutkan tanggal: `selenggara demo simulasi --sampai "
                               "2024-07-01` (hari ke-8 coklit).")
        target = _tanggal(sampai)
        start = time.perf_counter()
        try:
            with console.status("mensimulasikan coklit...") as status:
                hasil = simulasikan(target, seed=seed, kelurahan=kelurahan, progress=lambda f:
                                    status.update(f"{f['tanggal']}: {f['persen_aplikasi']}% "
                                                  "di aplikasi" if "hari" in f else
                                                  f"{f['tanggal']}: {f['tahap']}"))
        except SimulasiError as exc:
            raise CommandError(str(exc)) from exc
        detik = time.perf_counter() - start
        semua = ringkasan_harian()
        pasca = [f for f in semua if "hari" not in f]
        semua = [f for f in semua if "hari" in f]
        akhir = date.fromisoformat((pasca or semua)[-1]["tanggal"]) if (pasca or semua) else None
        if hasil.sampai is None:
            console.print(f"Demo sudah disimulasikan sampai {tanggal_id(akhir)}; tidak ada hari "
                          "baru untuk dimainkan." if akhir else "Tidak ada hari untuk dimainkan.")
        else:
            console.print(f"Dimainkan {tanggal_id(hasil.dari)} - "
                          f"{tanggal_id(hasil.sampai)} dalam {detik:.1f} detik.")
        table = Table(title="Kemajuan coklit per hari (angka rekap, sore/malam hari itu)")
        for col in ("tanggal", "hari", "aplikasi %", "kertas %", "TPS 100%", "menunggu PPS",
                    "disetujui", "dikoreksi", "dikembalikan", "konflik"):
            table.add_column(col, justify="right")
        for f in semua:
            table.add_row(f["tanggal"], str(f["hari"]), f"{f['persen_aplikasi']:.2f}",
                          f"{f['persen_kertas']:.2f}", f"{f['tps_selesai']}/{f['tps']}",
                          f"{f['menunggu']:,}", f"{f['disetujui']:,}", f"{f['dikoreksi']:,}",
                          f"{f['dikembalikan']:,}", f"{f['konflik']:,}")
        console.print(table)
        if pasca:
            self._pasca(console, pasca)
        if hasil.jawaban:
            jawaban = ", ".join(f"{aksi} {status} {n:,}" for (aksi, status), n in
                                sorted(hasil.jawaban.items()))
            console.print(f"Jawaban sinkronisasi run ini: {jawaban}")
        if hasil.keputusan:
            console.print("Keputusan PPS run ini: " + ", ".join(
                f"{k} {n:,}" for k, n in sorted(hasil.keputusan.items())))
        for p in hasil.peringatan[:20]:
            console.print(f"[yellow]peringatan:[/] {p}")
        if len(hasil.peringatan) > 20:
            console.print(f"[yellow]... dan {len(hasil.peringatan) - 20} peringatan lain[/]")
        if hasil.berhenti_di_akhir_coklit:
            console.print(f"Simulasi berhenti di akhir coklit ({tanggal_id(akhir)}): "
                          "tahap sesudahnya (DPHP, DPS, DPT) hanya disimulasikan untuk "
                          "seluruh kota (tanpa --kelurahan).")
        from selenggara.demo.simulasi_daftar import AKHIR

        if target > AKHIR and not hasil.berhenti_di_akhir_coklit:
            console.print(f"Simulasi berhenti pada H-7 ({tanggal_id(AKHIR)}), hari terakhir "
                          "pindah memilih: pemungutan suara belum disimulasikan.")
        if akhir:
            console.print(f"Jam kerja aplikasi: {tanggal_id(akhir)} pukul "
                          f"{JAM_AKHIR:%H:%M} WIB (berhenti; ubah dengan `selenggara jam`).")

    def _pasca(self, console, pasca):
        from selenggara.daftar.pleno import daftar_tetap
        from selenggara.demo.simulasi_daftar import ringkas
        from selenggara.pemilihan.models import Pemilihan

        table = Table(title="Sesudah coklit: hari dengan kegiatan (angka rekap malam hari itu)")
        for col in ("tanggal", "tahap", "MS", "L", "P", "tanggapan", "menunggu", "DPTb"):
            table.add_column(col, justify="right")
        table.add_column("kegiatan", justify="left")
        for f in pasca:
            if not f.get("peristiwa"):
                continue
            table.add_row(f["tanggal"], f["tahap"], f"{f['ms']:,}", f"{f['l']:,}",
                          f"{f['p']:,}", f"{f['tanggapan']:,}", f"{f['tanggapan_menunggu']:,}",
                          f"{f['dptb']:,}", "; ".join(f["peristiwa"]))
        console.print(table)
        pemilihan = Pemilihan.objects.order_by("id").first()
        for tahap in ("DPS", "DPT"):
            d = daftar_tetap(pemilihan, tahap)
            if d is None:
                continue
            r = ringkas(d.pleno)
            loksus = ", ".join(f"{k} {v:,}" for k, v in r["loksus_per_tps"].items())
            console.print(
                f"{tahap} ({d.pleno.tanggal:%d-%m-%Y}, BA {r['nomor_ba']}): {r['jumlah']:,} "
                f"pemilih (L {r['l']:,} / P {r['p']:,}) di {r['tps']} TPS = "
                f"{r['reguler']:,} di {r['tps_reguler']} TPS reguler + {r['loksus']:,} di "
                f"{r['tps_loksus']} TPS lokasi khusus ({loksus}); sejak tahap sebelumnya "
                f"{r['hapus']:,} dicoret, {r['baru']:,} baru; SHA-256 {r['sha256']}")

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
