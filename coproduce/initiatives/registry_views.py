"""What initiatives show on the registry's pages: a person's participations, the
initiatives an organisation leads or partners in and those co-producing a service (page
parts registered in ``InitiativesConfig.ready``), and a service's CPSV-AP export, which
publishes its co-production.

Initiatives build on the registry, never the other way round: the registry's pages render
these parts without importing this app.
"""

from django.http import JsonResponse
from django.template.loader import render_to_string
from django.views import View

from coproduce.people.access import access_service_by_id
from coproduce.tenancy.permissions import TenantPermissionRequired

from . import selectors
from .cpsv import public_service_jsonld


def person_participations(request, person) -> str:
    return render_to_string(
        "initiatives/_person_participations.html",
        {
            "tenant": request.tenant,
            "participations": selectors.participations_of_person(request.actor, person),
        },
    )


def organisation_initiatives(request, organisation) -> str:
    return render_to_string(
        "initiatives/_organisation_initiatives.html",
        {
            "tenant": request.tenant,
            "led": selectors.initiatives_led_by(request.actor, organisation),
            "partnerships": selectors.partnerships_of(request.actor, organisation),
        },
    )


def service_initiatives(request, service) -> str:
    return render_to_string(
        "initiatives/_service_initiatives.html",
        {
            "tenant": request.tenant,
            "initiatives": selectors.initiatives_of_service(request.actor, service),
        },
    )


class ServiceCpsvView(TenantPermissionRequired, View):
    """The service as CPSV-AP 3.2.0 JSON-LD, for a public service catalogue."""

    permission = "registry.view"

    def get(self, request, *, pk, **kwargs):
        service = access_service_by_id(request.actor, pk)
        # IRIs from COPRODUCE_IRI_BASE and text tagged with the content's language:
        # the same document whoever downloads it, through whichever host name
        document = public_service_jsonld(service)
        response = JsonResponse(
            document,
            content_type="application/ld+json",
            json_dumps_params={"indent": 2},
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{service.identifier}.jsonld"'
        )
        return response
