from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationConfig(AppConfig):
    """Instruments, longitudinal panels, responses and their statistics."""

    name = "coproduce.evaluation"
    label = "evaluation"
    verbose_name = _("Evaluation")
