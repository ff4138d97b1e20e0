"""Who may read which part of the registry, given the request's actor.

- organisations and public services: ``registry.view``;
- people and their memberships (personal data): ``people.view``.

Without the permission a list is empty and a lookup is a 404, the same answer as for a row
of another tenant or one that does not exist; pages and the API refuse with 403 before they
ask here. Pages, the API and the other apps' references to the registry all ask here.
"""

from django.db.models import Model, QuerySet
from django.http import Http404

from coproduce.tenancy.actor import Actor

from .models import Membership, Organisation, Person, PublicService

REGISTRY_VIEW = "registry.view"
PEOPLE_VIEW = "people.view"


def _visible(actor: Actor, model: type[Model], permission: str, qs) -> QuerySet:
    if qs is None:
        qs = model._default_manager.filter(tenant=actor.tenant)
    return qs if actor.can(permission) else qs.none()


def _one(qs: QuerySet, pk: int):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def organisation_visible(
    actor: Actor, qs: QuerySet[Organisation] | None = None
) -> QuerySet[Organisation]:
    """Every organisation ``actor`` may read (of ``qs`` if given)."""
    return _visible(actor, Organisation, REGISTRY_VIEW, qs)


def service_visible(
    actor: Actor, qs: QuerySet[PublicService] | None = None
) -> QuerySet[PublicService]:
    return _visible(actor, PublicService, REGISTRY_VIEW, qs)


def person_visible(
    actor: Actor, qs: QuerySet[Person] | None = None
) -> QuerySet[Person]:
    return _visible(actor, Person, PEOPLE_VIEW, qs)


def membership_visible(
    actor: Actor, qs: QuerySet[Membership] | None = None
) -> QuerySet[Membership]:
    return _visible(actor, Membership, PEOPLE_VIEW, qs)


def access_organisation_by_id(actor: Actor, pk: int) -> Organisation:
    return _one(organisation_visible(actor).select_related("parent"), pk)


def access_service_by_id(actor: Actor, pk: int) -> PublicService:
    return _one(service_visible(actor).select_related("competent_authority"), pk)


def access_person_by_id(actor: Actor, pk: int) -> Person:
    return _one(person_visible(actor), pk)


def access_membership_by_id(actor: Actor, pk: int) -> Membership:
    return _one(membership_visible(actor).select_related("person", "organisation"), pk)
