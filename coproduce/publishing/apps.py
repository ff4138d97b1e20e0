from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PublishingConfig(AppConfig):
    name = "coproduce.publishing"
    label = "publishing"
    verbose_name = _("Publishing: linked data, statements, notices")

    def ready(self):
        from django.db.models.signals import pre_save

        from coproduce.people.models import PublicService
        from coproduce.people.views import page_part_register

        from . import registry

        page_part_register("service", registry.service_publication)
        pre_save.connect(
            registry.identifier_kept_when_published,
            sender=PublicService,
            dispatch_uid="publishing.identifier_kept_when_published",
        )
