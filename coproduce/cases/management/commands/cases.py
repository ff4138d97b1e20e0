"""``coproduce cases purge [--tenant SLUG]``: erase the party data of closed cases whose
retention period has passed (run daily; the worker also runs each case's purge when due).
Each tenant is purged inside its own scope."""

from django.core.management.base import BaseCommand
from django_scopes import scope, scopes_disabled

from coproduce.cases.services import retention_purge
from coproduce.tenancy.cli import tenant_get
from coproduce.tenancy.models import Tenant


class Command(BaseCommand):
    help = "Case housekeeping: purge party data after the retention period."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        purge = sub.add_parser("purge", help="Erase party data past its retention.")
        purge.add_argument("--tenant", help="Only this tenant (default: all).")

    def handle(self, *args, **options):
        if options.get("tenant"):
            tenants = [tenant_get(options["tenant"])]
        else:
            with scopes_disabled():
                tenants = list(Tenant.objects.order_by("pk"))
        done: list[str] = []
        for tenant in tenants:
            with scope(tenant=tenant):
                done += retention_purge(tenant=tenant)
        self.stdout.write(
            f"Party data erased in {len(done)} case(s)"
            + (f": {', '.join(done)}" if done else ".")
        )
