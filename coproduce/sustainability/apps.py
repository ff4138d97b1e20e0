from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SustainabilityConfig(AppConfig):
    """Whether what temporary co-production achieved will last (Jaspers & Steen)."""

    name = "coproduce.sustainability"
    label = "sustainability"
    verbose_name = _("Sustainability")
