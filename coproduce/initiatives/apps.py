from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "coproduce.initiatives"
    label = "initiatives"
    verbose_name = _("Initiatives and the value chain")

    def ready(self):
        from coproduce.core.kept import fact_table_register
        from coproduce.people.views import page_part_register

        from . import registry_views
        from .models import Activity, Participation

        fact_table_register(Participation)
        fact_table_register(Activity)

        page_part_register("person", registry_views.person_participations)
        page_part_register("organisation", registry_views.organisation_initiatives)
        page_part_register("service", registry_views.service_initiatives)
