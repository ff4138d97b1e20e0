from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    """Case-based services regulated by law: case types as processes, cases, the ledger."""

    name = "coproduce.cases"
    label = "cases"
    verbose_name = _("Cases and accountability")

    def ready(self) -> None:
        from coproduce.tenancy.actor import grant_register

        from .access import auditor_grant

        # A designated auditor's actor carries cases.audit on every page and API call.
        grant_register(auditor_grant)
