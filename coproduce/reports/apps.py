from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Dashboards for the tenant and each initiative, and the printable council report."""

    name = "coproduce.reports"
    label = "reports"
    verbose_name = _("Dashboards and reports")
