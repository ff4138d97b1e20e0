"""``coproduce ledger verify --tenant SLUG``: check a tenant's case ledger end to end.

``coproduce ledger check-file trail.json``: check an exported trail offline (no database).
Exits 0 when intact, 1 naming the first entry that was changed, removed or reordered.
"""

import json
import resource
import time

from django.core.management.base import BaseCommand, CommandError
from django_scopes import scopes_disabled

from coproduce.cases.ledger import entry_check, ledger_verify
from coproduce.tenancy.models import Tenant


class Command(BaseCommand):
    help = "Verify the tamper-evident case ledger of a tenant, or an exported trail."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Verify a tenant's whole chain.")
        verify.add_argument("--tenant", required=True, help="The tenant's short name.")
        verify.add_argument("--chunk-size", type=int, default=20_000)
        check = sub.add_parser("check-file", help="Check an exported trail (JSON).")
        check.add_argument("path")

    def handle(self, *args, **options):
        if options["action"] == "check-file":
            return self._check_file(options["path"])
        with scopes_disabled():
            tenant = Tenant.objects.filter(slug=options["tenant"]).first()
        if tenant is None:
            raise CommandError(f"No tenant {options['tenant']!r}.")
        started = time.perf_counter()
        with scopes_disabled():
            result = ledger_verify(
                tenant_id=tenant.pk, chunk_size=options["chunk_size"]
            )
        seconds = time.perf_counter() - started
        rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if not result.ok:
            raise CommandError(f"Ledger of {tenant.slug} is broken: {result.problem}")
        self.stdout.write(
            f"Ledger of {tenant.slug} verified: {result.entries} entries, head "
            f"{result.head_seq} {result.head_hash[:16]}…, {seconds:.2f} s, "
            f"peak memory {rss:.0f} MB."
        )

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
