"""coproduce outcomes import-measurements FILE.csv --tenant SLUG: all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from coproduce.outcomes.services import ImportRefused, measurements_import
from coproduce.tenancy.cli import actor_get, tenant_get

EPILOG = (
    "FILE.csv: comma-separated, UTF-8, a header line with the columns indicator (the\n"
    "indicator's number, as on its page and in the API), date (YYYY-MM-DD) and value\n"
    "(a point for decimals); an optional note. Every row is checked first; if any is\n"
    "wrong, every problem is printed as FILE:LINE: column 'X': what is wrong (got 'v')\n"
    "and nothing is written."
)


class Command(BaseCommand):
    help = "Outcomes: import dated measurements of indicators from a CSV file."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        imp = sub.add_parser(
            "import-measurements",
            help="Import measurements into one tenant, all rows or none.",
            epilog=EPILOG,
        )
        imp.add_argument("file", type=Path, help="the CSV file")
        imp.add_argument("--tenant", required=True, help="short name of the tenant")
        imp.add_argument(
            "--actor",
            help="user name of a member of the tenant, named in the audit events",
        )

    def handle(self, *args, action, file, tenant, actor=None, **options):
        file = Path(file)
        tenant = tenant_get(tenant)
        try:
            text = file.read_bytes().decode("utf-8-sig")
        except OSError as exc:
            raise CommandError(f"{file}: cannot be read ({exc.strerror}).") from exc
        except UnicodeDecodeError as exc:
            raise CommandError(f"{file}: not UTF-8 text.") from exc
        with scope(tenant=tenant):
            user = actor_get(actor, tenant=tenant)
            try:
                saved = measurements_import(tenant=tenant, text=text, actor=user)
            except ImportRefused as refused:
                for line in refused.lines(prefix=f"{file}:"):
                    self.stderr.write(line)
                raise CommandError(
                    f"{file}: {len(refused.problems)} problem(s); nothing was imported."
                ) from refused
        self.stdout.write(
            f"{file}: imported {len(saved)} measurement(s) into tenant '{tenant.slug}'."
        )
