from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RepresentativenessConfig(AppConfig):
    """Who takes part compared with the population an initiative serves."""

    name = "coproduce.representativeness"
    label = "representativeness"
    verbose_name = _("Representativeness")
