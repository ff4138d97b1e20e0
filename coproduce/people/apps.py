from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "coproduce.people"
    label = "people"
    verbose_name = _("Registry")

    def ready(self) -> None:
        from coproduce.tenancy.actor import person_finder_register

        from .selectors import person_of_user

        person_finder_register(person_of_user)
