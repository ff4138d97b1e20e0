"""The registry in the API: organisations, people, memberships and public services.

Reading organisations and services needs ``registry.view``, people and memberships
``people.view``, writing ``registry.change``; lists and lookups go through
``people.access`` and ``people.selectors``, as the pages do.
"""

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.api import errors
from coproduce.api.pagination import CursorPagination, Pagination
from coproduce.api.references import references_resolve
from coproduce.api.schemas import (
    SLUG,
    Bool,
    Choice,
    DateIn,
    Id,
    IdIn,
    In,
    Out,
    Text,
    partial,
)
from coproduce.api.translations import (
    LANGUAGE_HELP,
    TRANSLATIONS_HELP,
    LanguageCode,
    TranslatedOut,
    Translations,
    translations_take,
    versions,
)

from . import selectors, services
from .access import (
    access_membership_by_id,
    access_organisation_by_id,
    access_person_by_id,
    access_service_by_id,
    organisation_visible,
    person_visible,
)
from .models import Membership, Organisation, Person, PublicService

router = Router(tags=["registry"])

VIEW, PEOPLE, CHANGE = "registry.view", "people.view", "registry.change"


# Organisations ------------------------------------------------------------------------


class OrganisationIn(In):
    name: Text(200, min_length=1)
    kind: Choice(Organisation.Kind)
    parent: IdIn | None = None
    identifier: Text(60) = ""
    website: Text(200) = ""
    description: Text(10000) = ""


OrganisationPatch = partial(OrganisationIn, "OrganisationPatch")


class OrganisationOut(Out):
    name: str
    kind: str
    parent: int | None
    identifier: str
    website: str
    description: str

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id


class OrganisationFilters(Schema):
    kind: Choice(Organisation.Kind) | None = None
    q: Text(200) | None = Field(None, description="Part of the name or identifier")
    parent: Id | None = None


@router.get("/organisations", response={200: list[OrganisationOut], **errors.READ_LIST})
@paginate(Pagination)
def organisation_list(request, filters: Query[OrganisationFilters]):
    request.actor.require(VIEW)
    return selectors.organisation_list(
        request.actor, filters=filters.model_dump(exclude_none=True)
    )


@router.post("/organisations", response={201: OrganisationOut, **errors.CREATE})
def organisation_create(request, payload: OrganisationIn):
    request.actor.require(CHANGE)
    values = references_resolve(
        payload.model_dump(), {"parent": organisation_visible(request.actor)}
    )
    organisation = services.organisation_create(
        tenant=request.tenant, actor=request.user, **values
    )
    return Status(201, organisation)


@router.get(
    "/organisations/{int:id}", response={200: OrganisationOut, **errors.READ_ONE}
)
def organisation_detail(request, id: Id):
    request.actor.require(VIEW)
    return access_organisation_by_id(request.actor, id)


@router.patch(
    "/organisations/{int:id}", response={200: OrganisationOut, **errors.CHANGE}
)
def organisation_update(request, id: Id, payload: OrganisationPatch):
    request.actor.require(CHANGE)
    organisation = access_organisation_by_id(request.actor, id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True),
        {"parent": organisation_visible(request.actor)},
    )
    return services.organisation_update(
        organisation=organisation, actor=request.user, **values
    )


@router.delete("/organisations/{int:id}", response={204: None, **errors.CHANGE})
def organisation_delete(request, id: Id):
    request.actor.require(CHANGE)
    organisation = access_organisation_by_id(request.actor, id)
    services.organisation_delete(organisation=organisation, actor=request.user)
    return Status(204, None)


# People -------------------------------------------------------------------------------


class PersonIn(In):
    given_name: Text(100, min_length=1)
    family_name: Text(100, min_length=1)
    email: Text(254) = ""
    phone: Text(40) = ""
    languages: Text(200) = ""
    demographics_consent: Bool | None = Field(
        None,
        description="true records consent (needed to store demographics); "
        "false withdraws it and erases them.",
    )
    age_band: Choice(Person.AgeBand) | Literal[""] = Field(
        "", description="Write-only: demographics are never returned."
    )
    gender: Choice(Person.Gender) | Literal[""] = Field("", description="Write-only.")
    first_language: Text(40) = Field("", description="Write-only.")
    district: Text(80) = Field("", description="Write-only.")


PersonPatch = partial(PersonIn, "PersonPatch")


class PersonOut(Out):
    """A person without demographics: those are used in aggregate only."""

    given_name: str
    family_name: str
    name: str
    email: str
    phone: str
    languages: str


class PersonFilters(Schema):
    q: Text(200) | None = Field(
        None, description="Part of the name or email; every word must match"
    )
    organisation: Id | None = Field(None, description="Members of this organisation")


@router.get("/people", response={200: list[PersonOut], **errors.READ_LIST})
@paginate(CursorPagination)
def person_list(request, filters: Query[PersonFilters]):
    request.actor.require(PEOPLE)
    return selectors.person_list(
        request.actor, filters=filters.model_dump(exclude_none=True)
    )


def _person_values(payload, *, exclude_unset: bool) -> dict:
    values = payload.model_dump(exclude_unset=exclude_unset)
    if values.get("demographics_consent") is None:
        values.pop("demographics_consent", None)
    return values


@router.post("/people", response={201: PersonOut, **errors.CREATE})
def person_create(request, payload: PersonIn):
    request.actor.require(CHANGE)
    person = services.person_create(
        tenant=request.tenant,
        actor=request.user,
        **_person_values(payload, exclude_unset=False),
    )
    return Status(201, person)


@router.get("/people/{int:id}", response={200: PersonOut, **errors.READ_ONE})
def person_detail(request, id: Id):
    request.actor.require(PEOPLE)
    return access_person_by_id(request.actor, id)


@router.patch("/people/{int:id}", response={200: PersonOut, **errors.CHANGE})
def person_update(request, id: Id, payload: PersonPatch):
    request.actor.require(CHANGE)
    person = access_person_by_id(request.actor, id)
    return services.person_update(
        person=person, actor=request.user, **_person_values(payload, exclude_unset=True)
    )


@router.delete("/people/{int:id}", response={204: None, **errors.CHANGE})
def person_delete(request, id: Id):
    request.actor.require(CHANGE)
    person = access_person_by_id(request.actor, id)
    services.person_delete(person=person, actor=request.user)
    return Status(204, None)


# Memberships --------------------------------------------------------------------------


class MembershipIn(In):
    person: IdIn
    organisation: IdIn
    role: Choice(Membership.Role)
    title: Text(120) = ""
    start_date: DateIn | None = None
    end_date: DateIn | None = None


MembershipPatch = partial(MembershipIn, "MembershipPatch")


class MembershipOut(Out):
    person: int
    organisation: int
    role: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_person(obj) -> int:
        return obj.person_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id


class MembershipFilters(Schema):
    person: Id | None = None
    organisation: Id | None = None
    role: Choice(Membership.Role) | None = None


@router.get("/memberships", response={200: list[MembershipOut], **errors.READ_LIST})
@paginate(Pagination)
def membership_list(request, filters: Query[MembershipFilters]):
    request.actor.require(PEOPLE)
    return selectors.membership_list(
        request.actor, filters=filters.model_dump(exclude_none=True)
    )


def _membership_refs(request) -> dict:
    return {
        "person": person_visible(request.actor),
        "organisation": organisation_visible(request.actor),
    }


@router.post("/memberships", response={201: MembershipOut, **errors.CREATE})
def membership_create(request, payload: MembershipIn):
    request.actor.require(CHANGE)
    values = references_resolve(payload.model_dump(), _membership_refs(request))
    membership = services.membership_create(
        tenant=request.tenant, actor=request.user, **values
    )
    return Status(201, membership)


@router.get("/memberships/{int:id}", response={200: MembershipOut, **errors.READ_ONE})
def membership_detail(request, id: Id):
    request.actor.require(PEOPLE)
    return access_membership_by_id(request.actor, id)


@router.patch("/memberships/{int:id}", response={200: MembershipOut, **errors.CHANGE})
def membership_update(request, id: Id, payload: MembershipPatch):
    request.actor.require(CHANGE)
    membership = access_membership_by_id(request.actor, id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True), _membership_refs(request)
    )
    return services.membership_update(
        membership=membership, actor=request.user, **values
    )


@router.delete("/memberships/{int:id}", response={204: None, **errors.CHANGE})
def membership_delete(request, id: Id):
    request.actor.require(CHANGE)
    membership = access_membership_by_id(request.actor, id)
    services.membership_delete(membership=membership, actor=request.user)
    return Status(204, None)


# Public services (CPSV-AP) ------------------------------------------------------------


class ServiceIn(In):
    identifier: Annotated[str, Field(min_length=1, max_length=80, pattern=SLUG)]
    name: Text(200, min_length=1)
    description: Text(10000, min_length=1)
    competent_authority: IdIn
    sector: Choice(PublicService.Sector) | Literal[""] = ""
    channels: list[Choice(PublicService.Channel)] = Field(
        default_factory=list, max_length=7
    )
    function: Choice(PublicService.Function) | Literal[""] = Field(
        "",
        description="Function of government: a COFOG division, coded as the EU "
        "Publications Office main-activity table codes it",
    )
    life_events: list[Choice(PublicService.LifeEvent)] = Field(
        default_factory=list,
        max_length=10,
        description="Life events the service belongs to (the /def/life-event scheme)",
    )
    legal_resource: Text(300) = ""
    processing_time: Text(30) = Field("", description="ISO 8601 duration, e.g. P3D")
    keywords: Text(300) = ""
    status: Choice(PublicService.Status) = PublicService.Status.ACTIVE.value
    name_translations: Translations(200) = Field(None, description=TRANSLATIONS_HELP)
    description_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    language: LanguageCode | None = Field(None, description=LANGUAGE_HELP)


ServicePatch = partial(ServiceIn, "ServicePatch")


class ServiceOut(Out, TranslatedOut):
    identifier: str
    name: str
    name_translations: dict[str, str]
    description: str
    description_translations: dict[str, str]
    competent_authority: int
    sector: str
    function: str
    life_events: list[str]
    channels: list[str]
    legal_resource: str
    processing_time: str
    keywords: str
    status: str

    @staticmethod
    def resolve_competent_authority(obj) -> int:
        return obj.competent_authority_id

    @staticmethod
    def resolve_name_translations(obj) -> dict[str, str]:
        return versions(obj, "name")

    @staticmethod
    def resolve_description_translations(obj) -> dict[str, str]:
        return versions(obj, "description")


class ServiceFilters(Schema):
    competent_authority: Id | None = None
    sector: Choice(PublicService.Sector) | None = None
    status: Choice(PublicService.Status) | None = None
    q: Text(200) | None = Field(
        None, description="Part of the name, description or keywords"
    )


@router.get("/services", response={200: list[ServiceOut], **errors.READ_LIST})
@paginate(Pagination)
def service_list(request, filters: Query[ServiceFilters]):
    request.actor.require(VIEW)
    return selectors.service_list(
        request.actor, filters=filters.model_dump(exclude_none=True)
    )


def _service_refs(request) -> dict:
    return {"competent_authority": organisation_visible(request.actor)}


@router.post("/services", response={201: ServiceOut, **errors.CREATE})
def service_create(request, payload: ServiceIn):
    request.actor.require(CHANGE)
    values = references_resolve(payload.model_dump(), _service_refs(request))
    found = translations_take(values, PublicService.translatable, request.tenant)
    service = services.public_service_create(
        tenant=request.tenant, actor=request.user, translations=found, **values
    )
    return Status(201, service)


@router.get("/services/{int:id}", response={200: ServiceOut, **errors.READ_ONE})
def service_detail(request, id: Id):
    request.actor.require(VIEW)
    return access_service_by_id(request.actor, id)


@router.patch("/services/{int:id}", response={200: ServiceOut, **errors.CHANGE})
def service_update(request, id: Id, payload: ServicePatch):
    request.actor.require(CHANGE)
    service = access_service_by_id(request.actor, id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True), _service_refs(request)
    )
    found = translations_take(values, PublicService.translatable, request.tenant)
    return services.public_service_update(
        service=service, actor=request.user, translations=found, **values
    )


@router.delete("/services/{int:id}", response={204: None, **errors.CHANGE})
def service_delete(request, id: Id):
    request.actor.require(CHANGE)
    service = access_service_by_id(request.actor, id)
    services.public_service_delete(service=service, actor=request.user)
    return Status(204, None)
