from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "coproduce.people"
    label = "people"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from coproduce.core.kept import fact_table_register
        from coproduce.tenancy.actor import person_finder_register

        from .models import Person
        from .selectors import person_of_user

        person_finder_register(person_of_user)
        # a person added by an import changes the figures kept (core.kept)
        fact_table_register(Person)
