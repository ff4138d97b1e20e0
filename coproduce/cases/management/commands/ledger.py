"""``coproduce ledger verify --tenant SLUG``: chain what waits, then check a tenant's case
ledger end to end (``--no-sequence`` only reads: waiting entries are checked and counted).

``coproduce ledger verify --tenant SLUG --checkpoint FILE``: also prove that the chain
still extends a checkpoint made earlier (the entry at its size has its head hash).

``coproduce ledger checkpoint --tenant SLUG [--output FILE]``: verify, then write a
checkpoint (tenant, size, head hash, time) signed with the newest ledger key, to keep
outside the database or send to an auditor.

``coproduce ledger rekey [--tenant SLUG]``: check the chain and sign every entry not
signed with the newest key (entries from before the keyed format, key rotation).

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

from coproduce.cases.ledger import (
    LedgerBroken,
    checkpoint_make,
    checkpoint_problem,
    entry_check,
    ledger_rekey,
    ledger_sequence,
    ledger_verify,
)
from coproduce.cases.models import LedgerEntry, LedgerHead
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
        verify.add_argument(
            "--checkpoint",
            metavar="FILE",
            help="A checkpoint (from `ledger checkpoint`) the chain must extend.",
        )
        cp = sub.add_parser(
            "checkpoint", help="Verify, then write a signed checkpoint of the chain."
        )
        cp.add_argument("--tenant", required=True, help="The tenant's short name.")
        cp.add_argument("--output", metavar="FILE", help="Default: standard output.")
        rekey = sub.add_parser(
            "rekey", help="Check the chain, then sign it with the newest ledger key."
        )
        rekey.add_argument("--tenant", help="Only this tenant (default: every tenant).")
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
        if options["action"] == "rekey":
            return self._rekey(options.get("tenant"))
        tenant = tenant_get(options["tenant"])
        if options["action"] == "checkpoint":
            return self._checkpoint(tenant, options.get("output"))
        checkpoint = None
        if options.get("checkpoint"):
            with open(options["checkpoint"], encoding="utf-8") as fh:
                try:
                    data = json.load(fh)
                except ValueError as exc:
                    raise CommandError(f"Not a ledger checkpoint: {exc}") from exc
            if problem := checkpoint_problem(data, tenant.pk):
                raise CommandError(problem)
            checkpoint = (int(data["size"]), data["head_hash"])
        started = time.perf_counter()
        result = ledger_verify(
            tenant_id=tenant.pk,
            chunk_size=options["chunk_size"],
            sequence=not options["no_sequence"],
            checkpoint=checkpoint,
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
        extends = (
            f", extends the checkpoint of {checkpoint[0]} entries" if checkpoint else ""
        )
        self.stdout.write(
            f"Ledger of {tenant.slug} verified: {result.entries} entries, head "
            f"{result.head_seq} {result.head_hash[:16]}…{waiting}{extends}, "
            f"{seconds:.2f} s, peak memory {rss:.0f} MB."
        )
        return None

    def _checkpoint(self, tenant, output):
        try:
            checkpoint = checkpoint_make(tenant_id=tenant.pk, tenant_slug=tenant.slug)
        except LedgerBroken as exc:
            raise CommandError(f"Ledger of {tenant.slug} is broken: {exc}") from exc
        text = json.dumps(checkpoint, indent=2) + "\n"
        if output:
            with open(output, "w", encoding="utf-8") as fh:
                fh.write(text)
            self.stderr.write(
                f"Checkpoint of {tenant.slug} at {checkpoint['size']} entries written "
                f"to {output}."
            )
        else:
            self.stdout.write(text, ending="")

    def _rekey(self, slug):
        if slug:
            tenant_ids = [tenant_get(slug).pk]
        else:
            with scopes_disabled():
                tenant_ids = list(
                    LedgerHead.objects.order_by("tenant_id").values_list(
                        "tenant_id", flat=True
                    )
                )
        problems = []
        for tenant_id in tenant_ids:
            result = ledger_rekey(tenant_id=tenant_id)
            if result.problem:
                problems.append(f"tenant {tenant_id}: {result.problem}")
                continue
            self.stdout.write(
                f"Tenant {tenant_id}: {result.entries} entries signed with key "
                f"{result.key_id}."
            )
        if problems:
            raise CommandError(
                "Not signed, the chain is broken: " + "; ".join(problems)
            )

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
