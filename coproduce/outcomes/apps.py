from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutcomesConfig(AppConfig):
    """Outcomes with indicators and measurements; value, cost and social return."""

    name = "coproduce.outcomes"
    label = "outcomes"
    verbose_name = _("Outcomes and value")
