"""The registry: organisations, people, memberships and public services."""

from django.db.models import Q
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.people import services
from coproduce.people.models import Membership, Organisation, Person, PublicService

from . import errors
from .access import object_get, permission_require, references_resolve
from .pagination import Pagination
from .schemas import (
    Choice,
    Id,
    MembershipIn,
    MembershipOut,
    MembershipPatch,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    PersonIn,
    PersonOut,
    PersonPatch,
    ServiceIn,
    ServiceOut,
    ServicePatch,
    Text,
)

router = Router(tags=["registry"])

VIEW, PEOPLE, CHANGE = "registry.view", "people.view", "registry.change"


def _organisations(request):
    return Organisation.objects.filter(tenant=request.tenant)


def _people(request):
    return Person.objects.filter(tenant=request.tenant)


def _memberships(request):
    return Membership.objects.filter(tenant=request.tenant)


def _services(request):
    return PublicService.objects.filter(tenant=request.tenant)


# Organisations ------------------------------------------------------------------------


class OrganisationFilters(Schema):
    kind: Choice(Organisation.Kind) | None = None
    q: Text(200) | None = Field(None, description="Part of the name or identifier")
    parent: Id | None = None


@router.get("/organisations", response={200: list[OrganisationOut], **errors.READ_LIST})
@paginate(Pagination)
def organisation_list(request, filters: Query[OrganisationFilters]):
    permission_require(request, VIEW)
    qs = _organisations(request).order_by("name", "id")
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.q:
        qs = qs.filter(
            Q(name__icontains=filters.q) | Q(identifier__icontains=filters.q)
        )
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    return qs


@router.post("/organisations", response={201: OrganisationOut, **errors.CREATE})
def organisation_create(request, payload: OrganisationIn):
    permission_require(request, CHANGE)
    values = references_resolve(
        payload.model_dump(), {"parent": _organisations(request)}
    )
    organisation = services.organisation_create(
        tenant=request.tenant, actor=request.user, **values
    )
    return Status(201, organisation)


@router.get(
    "/organisations/{int:id}", response={200: OrganisationOut, **errors.READ_ONE}
)
def organisation_detail(request, id: Id):
    permission_require(request, VIEW)
    return object_get(_organisations(request), id)


@router.patch(
    "/organisations/{int:id}", response={200: OrganisationOut, **errors.CHANGE}
)
def organisation_update(request, id: Id, payload: OrganisationPatch):
    permission_require(request, CHANGE)
    organisation = object_get(_organisations(request), id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True), {"parent": _organisations(request)}
    )
    return services.organisation_update(
        organisation=organisation, actor=request.user, **values
    )


@router.delete("/organisations/{int:id}", response={204: None, **errors.CHANGE})
def organisation_delete(request, id: Id):
    permission_require(request, CHANGE)
    organisation = object_get(_organisations(request), id)
    services.organisation_delete(organisation=organisation, actor=request.user)
    return Status(204, None)


# People -------------------------------------------------------------------------------


class PersonFilters(Schema):
    q: Text(200) | None = Field(None, description="Part of the name or email")
    organisation: Id | None = Field(None, description="Members of this organisation")


@router.get("/people", response={200: list[PersonOut], **errors.READ_LIST})
@paginate(Pagination)
def person_list(request, filters: Query[PersonFilters]):
    permission_require(request, PEOPLE)
    qs = _people(request).order_by("family_name", "given_name", "id")
    if filters.q:
        qs = qs.filter(
            Q(given_name__icontains=filters.q)
            | Q(family_name__icontains=filters.q)
            | Q(email__icontains=filters.q)
        )
    if filters.organisation:
        members = _memberships(request).filter(organisation_id=filters.organisation)
        qs = qs.filter(pk__in=members.values("person_id"))
    return qs


def _person_values(payload, *, exclude_unset: bool) -> dict:
    values = payload.model_dump(exclude_unset=exclude_unset)
    if values.get("demographics_consent") is None:
        values.pop("demographics_consent", None)
    return values


@router.post("/people", response={201: PersonOut, **errors.CREATE})
def person_create(request, payload: PersonIn):
    permission_require(request, CHANGE)
    person = services.person_create(
        tenant=request.tenant,
        actor=request.user,
        **_person_values(payload, exclude_unset=False),
    )
    return Status(201, person)


@router.get("/people/{int:id}", response={200: PersonOut, **errors.READ_ONE})
def person_detail(request, id: Id):
    permission_require(request, PEOPLE)
    return object_get(_people(request), id)


@router.patch("/people/{int:id}", response={200: PersonOut, **errors.CHANGE})
def person_update(request, id: Id, payload: PersonPatch):
    permission_require(request, CHANGE)
    person = object_get(_people(request), id)
    return services.person_update(
        person=person, actor=request.user, **_person_values(payload, exclude_unset=True)
    )


@router.delete("/people/{int:id}", response={204: None, **errors.CHANGE})
def person_delete(request, id: Id):
    permission_require(request, CHANGE)
    person = object_get(_people(request), id)
    services.person_delete(person=person, actor=request.user)
    return Status(204, None)


# Memberships --------------------------------------------------------------------------


class MembershipFilters(Schema):
    person: Id | None = None
    organisation: Id | None = None
    role: Choice(Membership.Role) | None = None


@router.get("/memberships", response={200: list[MembershipOut], **errors.READ_LIST})
@paginate(Pagination)
def membership_list(request, filters: Query[MembershipFilters]):
    permission_require(request, PEOPLE)
    qs = _memberships(request).order_by("organisation__name", "role", "id")
    if filters.person:
        qs = qs.filter(person_id=filters.person)
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.role:
        qs = qs.filter(role=filters.role)
    return qs


def _membership_refs(request) -> dict:
    return {"person": _people(request), "organisation": _organisations(request)}


@router.post("/memberships", response={201: MembershipOut, **errors.CREATE})
def membership_create(request, payload: MembershipIn):
    permission_require(request, CHANGE)
    values = references_resolve(payload.model_dump(), _membership_refs(request))
    membership = services.membership_create(
        tenant=request.tenant, actor=request.user, **values
    )
    return Status(201, membership)


@router.get("/memberships/{int:id}", response={200: MembershipOut, **errors.READ_ONE})
def membership_detail(request, id: Id):
    permission_require(request, PEOPLE)
    return object_get(_memberships(request), id)


@router.patch("/memberships/{int:id}", response={200: MembershipOut, **errors.CHANGE})
def membership_update(request, id: Id, payload: MembershipPatch):
    permission_require(request, CHANGE)
    membership = object_get(_memberships(request), id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True), _membership_refs(request)
    )
    return services.membership_update(
        membership=membership, actor=request.user, **values
    )


@router.delete("/memberships/{int:id}", response={204: None, **errors.CHANGE})
def membership_delete(request, id: Id):
    permission_require(request, CHANGE)
    membership = object_get(_memberships(request), id)
    services.membership_delete(membership=membership, actor=request.user)
    return Status(204, None)


# Public services ----------------------------------------------------------------------


class ServiceFilters(Schema):
    competent_authority: Id | None = None
    sector: Choice(PublicService.Sector) | None = None
    status: Choice(PublicService.Status) | None = None
    q: Text(200) | None = Field(None, description="Part of the name or keywords")


@router.get("/services", response={200: list[ServiceOut], **errors.READ_LIST})
@paginate(Pagination)
def service_list(request, filters: Query[ServiceFilters]):
    permission_require(request, VIEW)
    qs = _services(request).order_by("name", "id")
    if filters.competent_authority:
        qs = qs.filter(competent_authority_id=filters.competent_authority)
    if filters.sector:
        qs = qs.filter(sector=filters.sector)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(keywords__icontains=filters.q))
    return qs


@router.post("/services", response={201: ServiceOut, **errors.CREATE})
def service_create(request, payload: ServiceIn):
    permission_require(request, CHANGE)
    values = references_resolve(
        payload.model_dump(), {"competent_authority": _organisations(request)}
    )
    service = services.public_service_create(
        tenant=request.tenant, actor=request.user, **values
    )
    return Status(201, service)


@router.get("/services/{int:id}", response={200: ServiceOut, **errors.READ_ONE})
def service_detail(request, id: Id):
    permission_require(request, VIEW)
    return object_get(_services(request), id)


@router.patch("/services/{int:id}", response={200: ServiceOut, **errors.CHANGE})
def service_update(request, id: Id, payload: ServicePatch):
    permission_require(request, CHANGE)
    service = object_get(_services(request), id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True),
        {"competent_authority": _organisations(request)},
    )
    return services.public_service_update(service=service, actor=request.user, **values)


@router.delete("/services/{int:id}", response={204: None, **errors.CHANGE})
def service_delete(request, id: Id):
    permission_require(request, CHANGE)
    service = object_get(_services(request), id)
    services.public_service_delete(service=service, actor=request.user)
    return Status(204, None)
