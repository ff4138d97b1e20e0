"""``coproduce ledger verify --tenant SLUG``: chain what waits, then check a tenant's case
ledger end to end (``--no-sequence`` only reads: waiting entries are checked and counted).

``coproduce ledger sequence [--tenant SLUG]``: chain the waiting entries now (the worker
does it in the background; this is for when no worker runs, or from cron).

``coproduce ledger check-file trail.json``: check an exported trail offline (no database).
Exits 0 when intact, 1 naming the first entry that was changed, removed or reordered.
"""

import json
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from coproduce.cases.ledger import entry_check, ledger_sequence, ledger_verify
from coproduce.cases.models import LedgerEntry
from coproduce.tenancy.cli import tenant_get


class Command(BaseCommand):
    help = "Verify the tamper-evident case ledger of a tenant, or an exported trail."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify a tenant's whole chain.")
        verify.add_argument("--tenant", required=True, help="The tenant's short name.")
        verify.add_argument("--chunk-size", type=int, default=20_000)
        verify.add_argument(
            "--no-sequence",
            action="store_true",
            help="Do not chain the waiting entries first (read only).",
        )
        seq = sub.add_parser(
            "sequence", help="Chain the entries waiting to be chained."
        )
        seq.add_argument("--tenant", help="Only this tenant (default: every tenant).")
        check = sub.add_parser("check-file", help="Check an exported trail (JSON).")
        check.add_argument("path")

    def handle(self, *args, **options):
        if options["action"] == "check-file":
            return self._check_file(options["path"])
        if options["action"] == "sequence":
            return self._sequence(options.get("tenant"))
        tenant = tenant_get(options["tenant"])
        started = time.perf_counter()
        result = ledger_verify(
            tenant_id=tenant.pk,
            chunk_size=options["chunk_size"],
            sequence=not options["no_sequence"],
        )
        seconds = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if not result.ok:
            raise CommandError(f"Ledger of {tenant.slug} is broken: {result.problem}")
        waiting = (
            f", {result.waiting} entries waiting to be chained (checked)"
            if result.waiting
            else ""
        )
        self.stdout.write(
            f"Ledger of {tenant.slug} verified: {result.entries} entries, head "
            f"{result.head_seq} {result.head_hash[:16]}…{waiting}, {seconds:.2f} s, "
            f"peak memory {rss:.0f} MB."
        )
        return None

    def _sequence(self, slug):
        if slug:
            tenant_ids = [tenant_get(slug).pk]
        else:
            with scopes_disabled():
                tenant_ids = list(
                    LedgerEntry.objects.filter(seq__isnull=True)
                    .order_by()
                    .values_list("tenant_id", flat=True)
                    .distinct()
                )
        problems = []
        for tenant_id in tenant_ids:
            started = time.perf_counter()
            result = ledger_sequence(tenant_id=tenant_id)
            self.stdout.write(
                f"Tenant {tenant_id}: {result.entries} entries chained in "
                f"{time.perf_counter() - started:.2f} s, head {result.head_seq}."
            )
            if result.problem:
                problems.append(f"tenant {tenant_id}: {result.problem}")
        if problems:
            raise CommandError("; ".join(problems))

    def _check_file(self, path):
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        tenant_id = data["tenant"]["id"]
        for entry in data["entries"]:
            if problem := entry_check(tenant_id, entry):
                raise CommandError(problem)
        self.stdout.write(
            f"{len(data['entries'])} entries of case {data['case']['reference']} match "
            "their hashes. Compare their entry hashes and the head with your copy of "
            "the chain."
        )
