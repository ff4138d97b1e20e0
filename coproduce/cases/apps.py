from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Case-based services regulated by law: case types as processes, cases, the ledger."""

    name = "coproduce.cases"
    label = "cases"
    verbose_name = _("Cases and accountability")
