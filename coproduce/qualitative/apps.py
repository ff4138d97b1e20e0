from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QualitativeConfig(AppConfig):
    """Qualitative evidence: coding what people wrote and said, coders' agreement, and
    exchange with QDA tools (REFI-QDA)."""

    name = "coproduce.qualitative"
    label = "qualitative"
    verbose_name = _("Qualitative evidence")
