"""``coproduce coproducers remind [--tenant SLUG]``: remind everyone with a place on a shift
that starts within the next day (each shift once). Run it daily, or hourly; the task worker
also runs it a day before each shift where its backend can wait."""

from django.core.management.base import BaseCommand
from django_scopes import scope, scopes_disabled

from coproduce.coproducers.services import shift_reminders_send
from coproduce.tenancy.cli import tenant_get
from coproduce.tenancy.models import Tenant


class Command(BaseCommand):
    help = "Co-producers' housekeeping: the day-before shift reminders."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind", help="Send the day-before shift reminders.")
        remind.add_argument("--tenant", help="Only this tenant (default: all).")

    def handle(self, *args, **options):
        if options.get("tenant"):
            tenants = [tenant_get(options["tenant"])]
        else:
            with scopes_disabled():
                tenants = list(Tenant.objects.order_by("pk"))
        total = 0
        for tenant in tenants:
            with scope(tenant=tenant):
                total += shift_reminders_send(tenant=tenant)
        self.stdout.write(f"Reminded {total} sign-up(s).")
