"""``coproduce crisis escalate [--tenant SLUG]``: for every open need whose deadline has
passed with places still open, ask the next candidates. Run it every few minutes (cron or
a systemd timer); the task worker also runs it at each need's deadline where its backend
can wait."""

from django.core.management.base import BaseCommand
from django_scopes import scope, scopes_disabled

from coproduce.crisis.services import escalate_due
from coproduce.tenancy.cli import tenant_get
from coproduce.tenancy.models import Tenant


class Command(BaseCommand):
    help = "Crisis mode: escalate unfilled needs past their deadline."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        escalate = sub.add_parser("escalate", help="Ask the next candidates.")
        escalate.add_argument("--tenant", help="Only this tenant (default: all).")

    def handle(self, *args, **options):
        if options.get("tenant"):
            tenants = [tenant_get(options["tenant"])]
        else:
            with scopes_disabled():
                tenants = list(Tenant.objects.order_by("pk"))
        total = 0
        for tenant in tenants:
            with scope(tenant=tenant):
                total += escalate_due(tenant=tenant)
        self.stdout.write(f"Asked {total} more people.")
