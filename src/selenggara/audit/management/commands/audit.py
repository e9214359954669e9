from django.core.management.base import BaseCommand, CommandError

from selenggara.audit.services import verify


class Command(BaseCommand):
    help = "Audit log tools: `audit verify` checks the hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="Check that no audit record was altered, removed or moved.")

    def handle(self, *args, action, **options):
        result = verify()
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(problem)
            raise CommandError(
                f"Rantai audit RUSAK: {len(result.problems)} masalah dalam {result.checked} "
                "catatan.")
        self.stdout.write(self.style.SUCCESS(
            f"Rantai audit utuh: {result.checked} catatan, hash ujung {result.head_hash}"))
