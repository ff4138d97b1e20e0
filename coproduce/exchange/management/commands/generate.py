"""coproduce generate: synthetic tenants for benchmarks."""

from django.core.management.base import BaseCommand, CommandError

from coproduce.exchange.generator import Spec, TenantsExist, generate


class Command(BaseCommand):
    help = (
        "Create synthetic tenants (gen-1, gen-2, ...) for benchmarks: organisations, "
        "people (a share with consented demographics), public services, initiatives "
        "with declared Co's, activities in the four stages and participations, spread "
        "evenly over the tenants. Rows are written in bulk (COPY on PostgreSQL, "
        "bulk_create elsewhere) and no audit events are recorded."
    )

    def add_arguments(self, parser):
        parser.add_argument("--tenants", type=int, default=1)
        parser.add_argument("--initiatives", type=int, default=10, help="in all")
        parser.add_argument("--people", type=int, default=100, help="in all")
        parser.add_argument("--participations", type=int, default=1000, help="in all")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--prefix", default="gen", help="tenant short names: PREFIX-1…"
        )
        parser.add_argument(
            "--method",
            choices=["auto", "copy", "bulk"],
            default="auto",
            help="auto: COPY on PostgreSQL, bulk_create elsewhere",
        )
        parser.add_argument(
            "--skewed",
            action="store_true",
            help="uneven sizes: each tenant a tenth of the one before, and a few big "
            "initiatives with a long tail of small ones",
        )

    def handle(self, *args, **options):
        counts = [
            options[k] for k in ("tenants", "initiatives", "people", "participations")
        ]
        if options["tenants"] < 1 or min(counts) < 0:
            raise CommandError(
                "--tenants must be at least 1 and the counts not negative."
            )
        if options["participations"] and not options["initiatives"]:
            raise CommandError("Participations need at least one initiative.")
        spec = Spec(
            tenants=options["tenants"],
            initiatives=options["initiatives"],
            people=options["people"],
            participations=options["participations"],
            seed=options["seed"],
            prefix=options["prefix"],
            method=options["method"],
            skewed=options["skewed"],
        )
        progress = self.stdout.write if options["verbosity"] > 1 else (lambda _: None)
        try:
            result = generate(spec, progress=progress)
        except (TenantsExist, ValueError) as exc:
            raise CommandError(str(exc)) from exc
        for table in sorted(set(result.rows) | set(result.seconds_per_table)):
            n, seconds = result.rows[table], result.seconds_per_table[table]
            self.stdout.write(f"  {table:32} {n:>10,} rows {seconds:8.2f} s")
        total = sum(result.rows.values())
        self.stdout.write(
            f"Created {', '.join(result.tenants)}: {total:,} rows in "
            f"{result.seconds:.1f} s ({result.method})."
        )
