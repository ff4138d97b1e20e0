"""What publishing adds to the registry's services without the registry importing it: a
part of the service's page (published or not, its IRI, the formats), and the rule that a
published service keeps its identifier (the reference of its persistent IRI)."""

from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from . import iri
from .models import PublishedService


def service_publication(request, service) -> str:
    return render_to_string(
        "publishing/_service_publication.html",
        {
            "tenant": request.tenant,
            "service": service,
            "published": PublishedService.objects.filter(service=service).exists(),
            "iri": iri.service_iri(service.tenant.slug, service.identifier),
            "may_publish": "registry.change" in request.permissions,
        },
        request=request,
    )


def identifier_kept_when_published(sender, instance, **kwargs) -> None:
    """``pre_save`` of PublicService: refuse a new identifier while the service is
    published (its IRI would change and every link to it break)."""
    if instance.pk is None:
        return
    before = (
        sender._base_manager.filter(pk=instance.pk)
        .values_list("identifier", flat=True)
        .first()
    )
    if before is None or before == instance.identifier:
        return
    if PublishedService.objects.filter(service_id=instance.pk).exists():
        raise ValidationError(
            {
                "identifier": _(
                    "The service is published at an address made from its identifier "
                    "(%(iri)s): withdraw it from publishing first, or keep the identifier."
                )
                % {"iri": iri.service_iri(instance.tenant.slug, before)}
            }
        )
