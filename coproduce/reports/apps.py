from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Dashboards for the tenant and each initiative, and the printable council report."""

    name = "coproduce.reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")

    def ready(self) -> None:
        from coproduce.core.models import Event

        from .receivers import event_saved

        post_save.connect(
            event_saved, sender=Event, dispatch_uid="reports.dashboard_refresh"
        )
