from django.apps import AppConfig


class TenancyConfig(AppConfig):
    name = "coproduce.tenancy"
    label = "tenancy"

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save, pre_save

        from .models import Tenant, TenantMembership

        # the actors kept per request (actor.actor_of_member) are forgotten on any change
        # of what they are made of; the registry does the same for people (people.apps)
        post_save.connect(_membership_changed, sender=TenantMembership)
        post_delete.connect(_membership_changed, sender=TenantMembership)
        pre_save.connect(_tenant_saving, sender=Tenant)
        post_save.connect(_tenant_changed, sender=Tenant)
        post_delete.connect(_tenant_changed, sender=Tenant)
        post_save.connect(_user_changed, sender=get_user_model())
        post_delete.connect(_user_changed, sender=get_user_model())


def _membership_changed(sender, instance, **kwargs) -> None:
    from .actor import actor_forget_of

    actor_forget_of(tenant_id=instance.tenant_id)


def _tenant_saving(sender, instance, **kwargs) -> None:
    from .actor import actor_forget_of

    if instance.pk is not None:  # under its old short name too, if that changes
        actor_forget_of(tenant_id=instance.pk)


def _tenant_changed(sender, instance, **kwargs) -> None:
    from .actor import actor_forget

    actor_forget(instance.slug)


def _user_changed(sender, instance, update_fields=None, **kwargs) -> None:
    from .actor import actor_forget_of

    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # every login saves it; nothing kept depends on it
    actor_forget_of(user_id=instance.pk)
