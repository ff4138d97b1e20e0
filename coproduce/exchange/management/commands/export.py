"""coproduce export KIND --tenant SLUG --format csv|json [--output FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scope

from coproduce.core.cli import HelpFormatter
from coproduce.exchange.columns import EXPORT_KINDS, FORMATS, IMPORT_KINDS, column_names
from coproduce.exchange.exporters import export_write
from coproduce.tenancy.cli import tenant_get

EPILOG = "\n".join(
    ["Columns (JSON objects have the same keys, with lists, numbers and booleans):"]
    + [f"  {kind}: {', '.join(column_names(kind))}" for kind in EXPORT_KINDS]
    + [
        "",
        f"The CSV of {', '.join(IMPORT_KINDS)} has the columns that",
        "`coproduce import` reads, so it can be imported into another tenant. People are",
        "exported without their demographics; other kinds name people by number",
        "(person_id) only.",
        "",
        "Values are written raw, for round trips: a cell may start with = and run as a",
        "formula in a spreadsheet. The web's downloads neutralise such cells instead.",
    ]
)


class Command(BaseCommand):
    help = "Export one tenant's rows as CSV or JSON, streamed to stdout or a file."

    def create_parser(self, prog_name, subcommand, **kwargs):
        kwargs["formatter_class"] = HelpFormatter
        parser = super().create_parser(prog_name, subcommand, **kwargs)
        parser.epilog = EPILOG
        return parser

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=EXPORT_KINDS)
        parser.add_argument("--tenant", required=True, help="short name of the tenant")
        parser.add_argument("--format", choices=FORMATS, default="csv", dest="fmt")
        parser.add_argument(
            "--output", type=Path, help="file to write (default: standard output)"
        )

    def handle(self, *args, kind, tenant, fmt, output=None, **options):
        tenant = tenant_get(tenant)
        with scope(tenant=tenant):
            if output is None:
                export_write(kind, fmt, tenant=tenant, write=self._write)
                return
            output = Path(output)  # call_command() passes options unconverted
            try:
                with output.open("w", encoding="utf-8", newline="") as out:
                    n = export_write(kind, fmt, tenant=tenant, write=out.write)
            except OSError as exc:
                raise CommandError(
                    f"{output}: cannot be written ({exc.strerror})."
                ) from exc
        self.stderr.write(f"{output}: {n} {kind} of tenant '{tenant.slug}'.")

    def _write(self, text: str) -> None:
        self.stdout.write(text, ending="")
