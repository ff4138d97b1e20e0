from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
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
        # the person kept with each member's actor (tenancy.actor.actor_of_member)
        post_save.connect(_person_changed, sender=Person)
        post_delete.connect(_person_changed, sender=Person)
        # a person added by an import changes the figures kept (core.kept)
        fact_table_register(Person)


def _person_changed(sender, instance, created=False, **kwargs) -> None:
    from coproduce.tenancy.actor import actor_forget_of

    # only a person who is or was someone's is in a kept actor: the registry's people
    # without an account, most of them, change nothing there (an earlier account not
    # known, ``...``, counts as one)
    was = None if created else instance.user_id_loaded
    if instance.user_id is not None or was is not None:
        actor_forget_of(tenant_id=instance.tenant_id)
