"""Reads for the registry: the lists the pages and the API show, of what the actor may read
(``people.access``). Filters arrive as a dict, from a page's query string or the API's
parsed parameters alike."""

from django.db.models import Count, Q, QuerySet

from coproduce.tenancy.actor import Actor

from .access import (
    membership_visible,
    organisation_visible,
    person_visible,
    service_visible,
)
from .models import Membership, Organisation, Person, PublicService


def organisation_list(actor: Actor, *, filters: dict) -> QuerySet[Organisation]:
    qs = (
        organisation_visible(actor)
        .select_related("parent")
        .annotate(n_members=Count("memberships", distinct=True))
    )
    if text := filters.get("q"):
        qs = qs.filter(Q(name__icontains=text) | Q(identifier__icontains=text))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if parent := filters.get("parent"):
        qs = qs.filter(parent_id=parent)
    return qs.order_by("name", "id")


def person_list(actor: Actor, *, filters: dict) -> QuerySet[Person]:
    """People whose name or email holds every word of ``q``, members of ``organisation``."""
    qs = person_visible(actor)
    if text := filters.get("q"):
        for word in text.split():
            qs = qs.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
            )
    if organisation := filters.get("organisation"):
        members = membership_visible(actor).filter(organisation_id=organisation)
        qs = qs.filter(pk__in=members.values("person_id"))
    return qs.order_by("family_name", "given_name", "id")


def membership_list(actor: Actor, *, filters: dict) -> QuerySet[Membership]:
    qs = membership_visible(actor).select_related("person", "organisation")
    if person := filters.get("person"):
        qs = qs.filter(person_id=person)
    if organisation := filters.get("organisation"):
        qs = qs.filter(organisation_id=organisation)
    if role := filters.get("role"):
        qs = qs.filter(role=role)
    return qs.order_by("organisation__name", "role", "id")


def service_list(actor: Actor, *, filters: dict) -> QuerySet[PublicService]:
    qs = service_visible(actor).select_related("competent_authority")
    if text := filters.get("q"):
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(keywords__icontains=text)
        )
    if authority := filters.get("competent_authority"):
        qs = qs.filter(competent_authority_id=authority)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    return qs.order_by("name", "id")


def person_of_user(*, tenant, user) -> Person | None:
    """The person a user is in ``tenant`` (the request's actor carries it)."""
    return Person.objects.filter(tenant=tenant, user=user).first()
