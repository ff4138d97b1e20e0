"""coproduce import KIND FILE --tenant SLUG: all rows or none."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from coproduce.core.cli import HelpFormatter
from coproduce.exchange.columns import IMPORT_KINDS, columns_help
from coproduce.exchange.importers import ImportRefused, import_csv
from coproduce.tenancy.cli import actor_get, tenant_get

EPILOG = "\n\n".join(
    f"Columns of {kind} (a header line first; comma-separated; UTF-8):\n"
    f"{columns_help(kind)}"
    for kind in IMPORT_KINDS
) + (
    "\n\nColumns may come in any order; optional columns may be left out. Every row"
    " is\nchecked first; if any is wrong, the problems are printed (the first 100"
    " by line,\nand how many there are) as\n"
    "  FILE:LINE: column 'X': what is wrong (got 'value')\n"
    "and nothing is written. The file is streamed: memory stays the same for any"
    " size."
)


class Command(BaseCommand):
    help = (
        "Import organisations, people or initiatives from a CSV file into one tenant.\n"
        "A file with a bad row is refused whole: nothing is written, and each problem"
        " is named by line and column."
    )

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs["formatter_class"] = HelpFormatter
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EPILOG
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=IMPORT_KINDS)
        parser.add_argument("file", type=Path, help="the CSV file")
        parser.add_argument("--tenant", required=True, help="short name of the tenant")
        parser.add_argument(
            "--actor",
            help="user name of a member of the tenant, named in the audit events",
        )

    def handle(self, *args, kind, file, tenant, actor=None, **options):
        tenant = tenant_get(tenant)
        file = Path(file)  # call_command() passes options unconverted
        try:
            binary = file.open("rb")
        except OSError as exc:
            raise CommandError(f"{file}: cannot be read ({exc.strerror}).") from exc
        with binary, scope(tenant=tenant):
            user = actor_get(actor, tenant=tenant)
            try:
                result = import_csv(kind=kind, tenant=tenant, file=binary, actor=user)
            except ImportRefused as refused:
                for problem in refused.problems:
                    self.stderr.write(problem.format(str(file)))
                shown = (
                    f" (the first {len(refused.problems)} are shown)"
                    if refused.total > len(refused.problems)
                    else ""
                )
                raise CommandError(
                    f"{file}: {refused.total} problem(s){shown}; nothing was imported."
                ) from refused
        if not result.rows:
            self.stdout.write(f"{file}: no rows after the header; nothing to import.")
            return
        made = ", ".join(f"{n} {what}" for what, n in result.created.items())
        self.stdout.write(f"{file}: imported {made} into tenant '{tenant.slug}'.")
