"""Reads for the registry."""

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from .models import Membership, Organisation, Person, PublicService


def organisation_list(*, tenant, filters: dict) -> QuerySet[Organisation]:
    qs = (
        Organisation.objects.filter(tenant=tenant)
        .select_related("parent")
        .annotate(n_members=Count("memberships", distinct=True))
    )
    if text := filters.get("q"):
        qs = qs.filter(Q(name__icontains=text) | Q(identifier__icontains=text))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    return qs.order_by("name")


def person_list(*, tenant, filters: dict) -> QuerySet[Person]:
    qs = Person.objects.filter(tenant=tenant)
    if text := filters.get("q"):
        for word in text.split():
            qs = qs.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
            )
    if organisation := filters.get("organisation"):
        qs = qs.filter(memberships__organisation_id=organisation).distinct()
    return qs.order_by("family_name", "given_name", "id")


def service_list(*, tenant, filters: dict) -> QuerySet[PublicService]:
    qs = PublicService.objects.filter(tenant=tenant).select_related(
        "competent_authority"
    )
    if text := filters.get("q"):
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(keywords__icontains=text)
        )
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    return qs.order_by("name")


def _get(qs, pk):
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


def access_organisation_by_id(*, tenant, pk: int) -> Organisation:
    return _get(Organisation.objects.filter(tenant=tenant).select_related("parent"), pk)


def access_person_by_id(*, tenant, pk: int) -> Person:
    return _get(Person.objects.filter(tenant=tenant), pk)


def access_membership_by_id(*, tenant, pk: int) -> Membership:
    return _get(
        Membership.objects.filter(tenant=tenant).select_related(
            "person", "organisation"
        ),
        pk,
    )


def access_service_by_id(*, tenant, pk: int) -> PublicService:
    return _get(
        PublicService.objects.filter(tenant=tenant).select_related(
            "competent_authority"
        ),
        pk,
    )
