"""``coproduce crisis escalate [--tenant SLUG]``: for every open need whose deadline has
passed with places still open, ask the next candidates. Run it every few minutes (cron or
a systemd timer); the task worker also runs it at each need's deadline where its backend
can wait.

``coproduce crisis erase-residents [--tenant SLUG] [--days N]``: erase the resident
details of needs closed at least N days ago (default: the setting
``COPRODUCE_CRISIS_RESIDENT_DAYS``, 30), each erasure logged as an event
``crisis.resident.erased``. Run it daily; the task worker also runs it when a need's
retention ends where its backend can wait."""

from django.core.management.base import BaseCommand
from django_scopes import scope, scopes_disabled

from coproduce.crisis.services import escalate_due, residents_erase_due
from coproduce.tenancy.cli import tenant_get
from coproduce.tenancy.models import Tenant


class Command(BaseCommand):
    help = "Crisis mode: escalate unfilled needs past their deadline."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        escalate = sub.add_parser("escalate", help="Ask the next candidates.")
        escalate.add_argument("--tenant", help="Only this tenant (default: all).")
        erase = sub.add_parser(
            "erase-residents",
            help="Erase residents' details whose retention after closing is over.",
        )
        erase.add_argument("--tenant", help="Only this tenant (default: all).")
        erase.add_argument(
            "--days",
            type=int,
            default=None,
            help="Days after closing (default: COPRODUCE_CRISIS_RESIDENT_DAYS).",
        )

    def handle(self, *args, **options):
        if options.get("tenant"):
            tenants = [tenant_get(options["tenant"])]
        else:
            with scopes_disabled():
                tenants = list(Tenant.objects.order_by("pk"))
        total = 0
        for tenant in tenants:
            with scope(tenant=tenant):
                if options["action"] == "erase-residents":
                    total += residents_erase_due(tenant=tenant, days=options["days"])
                else:
                    total += escalate_due(tenant=tenant)
        if options["action"] == "erase-residents":
            self.stdout.write(f"Erased the details of {total} residents.")
        else:
            self.stdout.write(f"Asked {total} more people.")
