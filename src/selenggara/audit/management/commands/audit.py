from pathlib import Path

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError

from selenggara.audit.services import berkas_jangkar, jangkar, sidik_awal, verify

# The registers whose rows are written only through an audited protocol, by model label (a
# string: the audit app sits below the apps that own them).
REGISTER = ("pemilih.pemilih",)


class Command(BaseCommand):
    help = ("Audit log tools: `audit verify` checks the chain (and the register), `audit "
            "jangkar` anchors the head outside the database. See docs/audit.md.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        v = sub.add_parser("verify", help="Check that no audit record was altered, removed or "
                           "moved, against the anchors, and optionally the register.")
        v.add_argument("--anchor", "--jangkar", dest="anchor", metavar="FILE",
                       help=f"anchor file (default {berkas_jangkar()}, when it exists)")
        v.add_argument("--tanpa-jangkar", action="store_true",
                       help="do not check the default anchor file")
        v.add_argument("--register", nargs="*", metavar="MODEL", default=None,
                       help="also check that these registers agree with the log "
                            f"(default {', '.join(REGISTER)})")
        v.add_argument("--batas", type=int, default=20, help="problems listed (default 20)")
        j = sub.add_parser("jangkar", help="Append the current head to the anchor file and "
                           "record it in the chain.")
        j.add_argument("--ke", metavar="FILE", help=f"anchor file (default {berkas_jangkar()})")
        s = sub.add_parser("sidik-awal", help="Record the fingerprints of the register as it is "
                           "now: once, for rows written before fingerprints existed.")
        s.add_argument("models", nargs="*", metavar="MODEL", default=list(REGISTER))
        s.add_argument("--ya", action="store_true",
                       help="yes: the register was checked otherwise and is to be vouched for")

    def handle(self, *args, action, **options):
        if action == "jangkar":
            return self._jangkar(options)
        if action == "sidik-awal":
            return self._sidik_awal(options)
        return self._verify(options)

    def _jangkar(self, options):
        j = jangkar(ke=options["ke"])
        self.stdout.write(self.style.SUCCESS(
            f"Jangkar ditulis ke {j.berkas}: #{j.seq} {j.hash} ({j.waktu_iso})"))

    def _sidik_awal(self, options):
        if not options["ya"]:
            raise CommandError(
                "sidik-awal menyatakan isi register SEKARANG benar: perubahan lewat SQL yang "
                "sudah terjadi tidak akan terdeteksi lagi. Jalankan sekali, setelah register "
                "diperiksa dengan cara lain, dengan --ya.")
        for label in options["models"]:
            n = sidik_awal(apps.get_model(label))
            self.stdout.write(self.style.SUCCESS(f"Sidik awal {label}: {n} baris dicatat."))

    def _verify(self, options):
        anchor = options["anchor"]
        if anchor is None and not options["tanpa_jangkar"] and berkas_jangkar().exists():
            anchor = berkas_jangkar()
        registers = options["register"]
        if registers is not None:
            registers = [apps.get_model(label) for label in (registers or REGISTER)]
        result = verify(jangkar=Path(anchor) if anchor else None, register=registers or (),
                        batas=options["batas"])
        for problem in result.problems:
            self.stderr.write(problem)
        for hasil in result.register:
            for problem in hasil.masalah:
                self.stderr.write(problem)
        if result.problems:
            raise CommandError(
                f"Rantai audit RUSAK: {len(result.problems)} masalah dalam {result.checked} "
                "catatan.")
        self.stdout.write(self.style.SUCCESS(
            f"Rantai audit utuh: {result.checked} catatan, ujung #{result.head_seq} "
            f"{result.head_hash}"))
        if anchor:
            self.stdout.write(f"Jangkar: {result.jangkar} baris di {anchor} cocok.")
        else:
            self.stdout.write(self.style.WARNING(
                "Tanpa jangkar: rantai yang dikosongkan atau dipotong kembali ke keadaan "
                "sebelumnya tidak dapat dibuktikan (lihat `selenggara audit jangkar`)."))
        bad = [h for h in result.register if not h.ok]
        for hasil in result.register:
            status = "cocok" if hasil.ok else f"{hasil.jumlah_masalah} baris TIDAK cocok"
            self.stdout.write(f"Register {hasil.model}: {hasil.diperiksa} baris, {status} "
                              f"({hasil.detik:.1f} s).")
        if bad:
            raise CommandError("Register tidak cocok dengan log audit: " + ", ".join(
                f"{h.model} ({h.jumlah_masalah} baris)" for h in bad))
