"""Initiatives and their value chain in the API, the co-production profile and the portfolio.

What one may read follows ``initiatives.access``: an initiative one may not see, and every
record under it, is a 404 and is missing from lists. Lists come from
``initiatives.selectors``, as the pages' do.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import BeforeValidator, Strict

from coproduce.api import errors
from coproduce.api.pagination import CursorPagination, Pagination
from coproduce.api.references import references_resolve
from coproduce.api.schemas import (
    SLUG,
    Bool,
    Choice,
    DateIn,
    DateTimeIn,
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
from coproduce.people.access import organisation_visible, person_visible

from . import selectors, services
from .access import (
    access_activity_by_id,
    access_contribution_by_id,
    access_initiative_by_id,
    access_participation_by_id,
    access_partner_by_id,
    activity_visible,
    initiative_visible,
)
from .models import Activity, Contribution, Initiative, InitiativePartner
from .vocab import ActorRole, Level, Mode, Scope, Stage

router = Router(tags=["initiatives"])

CHANGE, RECORD = "initiatives.change", "activities.record"


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("Give a number.")
    return value


LevelIn = Annotated[
    int, Strict(), Field(ge=1, le=5, description="IAP2 level: 1 inform .. 5 empower")
]
Hours = Annotated[
    Decimal,
    BeforeValidator(_no_bool),
    Field(ge=0, le=1000, max_digits=6, decimal_places=2),
]
Money = Annotated[
    Decimal, BeforeValidator(_no_bool), Field(ge=0, max_digits=12, decimal_places=2)
]


def _organisations(request):
    return organisation_visible(request.actor)


def _participant_refs(request) -> dict:
    return {
        "person": person_visible(request.actor),
        "organisation": organisation_visible(request.actor),
    }


# Initiatives --------------------------------------------------------------------------


class InitiativeIn(In):
    name: Text(200, min_length=1)
    slug: Annotated[str, Field(max_length=80, pattern=SLUG)] | None = Field(
        None, description="Made from the name when left out."
    )
    description: Text(10000) = ""
    lead_organisation: IdIn
    services: list[IdIn] = Field(default_factory=list, max_length=200)
    place: Text(200) = ""
    start_date: DateIn | None = None
    end_date: DateIn | None = None
    is_temporary: Bool = False
    status: Choice(Initiative.Status) = Initiative.Status.IDEA.value
    intended_outcomes: Text(10000) = ""
    co_commissioning: Bool = False
    co_design: Bool = False
    co_delivery: Bool = False
    co_assessment: Bool = False
    declared_scope: Choice(Scope) = Scope.COLLECTIVE.value
    name_translations: Translations(200) = Field(None, description=TRANSLATIONS_HELP)
    description_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    intended_outcomes_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    language: LanguageCode | None = Field(None, description=LANGUAGE_HELP)


_InitiativePatch = partial(InitiativeIn, "_InitiativePatch")


class InitiativePatch(_InitiativePatch):
    version: Annotated[int, Strict()] | None = Field(
        None,
        ge=1,
        le=2**31,
        description="The version you read; a stale one is refused with 409.",
    )


class InitiativeOut(Out, TranslatedOut):
    slug: str
    name: str
    name_translations: dict[str, str]
    description: str
    description_translations: dict[str, str]
    lead_organisation: int
    services: list[int]
    place: str
    start_date: dt.date | None
    end_date: dt.date | None
    is_temporary: bool
    status: str
    intended_outcomes: str
    intended_outcomes_translations: dict[str, str]
    co_commissioning: bool
    co_design: bool
    co_delivery: bool
    co_assessment: bool
    declared_stages: list[str]
    declared_scope: str
    version: int

    @staticmethod
    def resolve_lead_organisation(obj) -> int:
        return obj.lead_organisation_id

    @staticmethod
    def resolve_services(obj) -> list[int]:
        return sorted(s.pk for s in obj.services.all())

    @staticmethod
    def resolve_name_translations(obj) -> dict[str, str]:
        return versions(obj, "name")

    @staticmethod
    def resolve_description_translations(obj) -> dict[str, str]:
        return versions(obj, "description")

    @staticmethod
    def resolve_intended_outcomes_translations(obj) -> dict[str, str]:
        return versions(obj, "intended_outcomes")


class InitiativeFilters(Schema):
    q: Text(200) | None = Field(
        None, description="Part of the name, description or place"
    )
    search: Text(200) | None = Field(
        None,
        description="The portfolio page's search: part of the name, description or "
        "place (the same as q)",
    )
    status: Choice(Initiative.Status) | None = None
    lead_organisation: Id | None = None
    service: Id | None = None
    temporary: bool | None = None
    declared_stage: Choice(Stage) | None = None
    realised_stage: Choice(Stage) | None = Field(
        None, description="Citizens took part in this stage at level involve or higher"
    )
    co_produced: bool | None = None
    rhetoric: bool | None = Field(
        None,
        description="true: initiatives declaring a 'Co' that the records do not show",
    )


def _initiative_filters(filters: InitiativeFilters) -> dict:
    values = filters.model_dump(exclude_none=True)
    if values.get("rhetoric") is False:
        values.pop("rhetoric")
    return values


@router.get("/initiatives", response={200: list[InitiativeOut], **errors.READ_LIST})
@paginate(CursorPagination)
def initiative_list(request, filters: Query[InitiativeFilters]):
    return selectors.initiative_list(
        request.actor, filters=_initiative_filters(filters)
    )


@router.post("/initiatives", response={201: InitiativeOut, **errors.CREATE})
def initiative_create(request, payload: InitiativeIn):
    request.actor.require(CHANGE)
    values = references_resolve(
        payload.model_dump(), {"lead_organisation": _organisations(request)}
    )
    found = translations_take(values, Initiative.translatable, request.tenant)
    initiative = services.initiative_create(
        tenant=request.tenant, actor=request.user, translations=found, **values
    )
    return Status(201, initiative)


@router.get("/initiatives/{int:id}", response={200: InitiativeOut, **errors.READ_ONE})
def initiative_detail(request, id: Id):
    return access_initiative_by_id(request.actor, id)


@router.patch("/initiatives/{int:id}", response={200: InitiativeOut, **errors.CHANGE})
def initiative_update(request, id: Id, payload: InitiativePatch):
    request.actor.require(CHANGE)
    initiative = access_initiative_by_id(request.actor, id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True),
        {"lead_organisation": _organisations(request)},
    )
    if values.get("slug") is None:
        values.pop("slug", None)
    if values.get("version") is None:
        values.pop("version", None)
    found = translations_take(values, Initiative.translatable, request.tenant)
    return services.initiative_update(
        initiative=initiative, actor=request.user, translations=found, **values
    )


@router.delete("/initiatives/{int:id}", response={204: None, **errors.CHANGE})
def initiative_delete(request, id: Id):
    request.actor.require(CHANGE)
    initiative = access_initiative_by_id(request.actor, id)
    services.initiative_delete(initiative=initiative, actor=request.user)
    return Status(204, None)


# The co-production profile and the portfolio -----------------------------------------


class ProfileCell(Schema):
    level: int | None = Field(
        ..., description="Highest IAP2 level reached, null: nobody"
    )
    label: str


class ProfileFinding(Schema):
    severity: Literal["warning", "info"]
    stage: str | None
    message: str


class ProfileOut(Schema):
    initiative: int
    matrix: dict[str, dict[str, ProfileCell]] = Field(
        ..., description="stage -> actor role -> highest IAP2 level"
    )
    co_produced: bool
    co_produced_stages: list[str]
    declared_stages: list[str]
    declared_scope: str
    observed_scope: str | None
    hours: dict[str, float] = Field(..., description="All participants' hours by mode")
    citizen_hours: dict[str, float] = Field(..., description="Citizens' hours by mode")
    voice_share: float | None
    participations: int
    activities: int
    individual_activities: int
    collective_activities: int
    findings: list[ProfileFinding]


class PortfolioStage(Schema):
    stage: str
    label: str
    declared: int
    realised: int


class PortfolioOut(Schema):
    total: int
    co_produced: int
    rhetoric: int = Field(..., description="Initiatives declaring a 'Co' not realised")
    stages: list[PortfolioStage]
    hours: dict[str, float]


@router.get(
    "/initiatives/{int:id}/profile", response={200: ProfileOut, **errors.READ_ONE}
)
def initiative_profile(request, id: Id):
    """The co-production profile computed from the records: who took part in which
    stage at which IAP2 level, hours by mode, and where declaration and records differ."""
    initiative = access_initiative_by_id(request.actor, id)
    profile = selectors.profile_for(initiative)
    return {
        "initiative": initiative.pk,
        "matrix": {
            stage: {
                role: {
                    "level": level,
                    "label": str(Level(level).label) if level else "",
                }
                for role, level in roles.items()
            }
            for stage, roles in profile.matrix.items()
        },
        "co_produced": profile.is_co_produced,
        "co_produced_stages": profile.co_produced_stages,
        "declared_stages": profile.declared_stages,
        "declared_scope": profile.declared_scope,
        "observed_scope": profile.observed_scope,
        "hours": profile.hours,
        "citizen_hours": profile.citizen_hours,
        "voice_share": profile.voice_share,
        "participations": profile.participations,
        "activities": profile.activities,
        "individual_activities": profile.individual_activities,
        "collective_activities": profile.collective_activities,
        "findings": [
            {"severity": f.severity, "stage": f.stage, "message": str(f.message)}
            for f in profile.findings
        ],
    }


@router.get("/portfolio", response={200: PortfolioOut, **errors.READ_LIST})
def portfolio(request, filters: Query[InitiativeFilters]):
    """How many of the visible (filtered) initiatives declare and realise each 'Co'."""
    summary = selectors.portfolio_summary(
        selectors.initiative_list(request.actor, filters=_initiative_filters(filters))
    )
    summary["stages"] = [{**s, "label": str(s["label"])} for s in summary["stages"]]
    summary["hours"] = {mode: summary["hours"].get(mode) or 0 for mode in Mode.values}
    return summary


# Partners -----------------------------------------------------------------------------


class PartnerIn(In):
    initiative: IdIn
    organisation: IdIn
    role: Choice(InitiativePartner.Role)
    start_date: DateIn | None = None
    end_date: DateIn | None = None


class PartnerPatch(In):
    role: Choice(InitiativePartner.Role) = None
    start_date: DateIn | None = None
    end_date: DateIn | None = None


class PartnerOut(Out):
    initiative: int
    organisation: int
    role: str
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id


class PartnerFilters(Schema):
    initiative: Id | None = None
    organisation: Id | None = None
    role: Choice(InitiativePartner.Role) | None = None


@router.get("/partners", response={200: list[PartnerOut], **errors.READ_LIST})
@paginate(Pagination)
def partner_list(request, filters: Query[PartnerFilters]):
    return selectors.partner_list(
        request.actor, filters=filters.model_dump(exclude_none=True)
    )


@router.post("/partners", response={201: PartnerOut, **errors.CREATE})
def partner_create(request, payload: PartnerIn):
    request.actor.require(CHANGE)
    values = references_resolve(
        payload.model_dump(),
        {
            "initiative": initiative_visible(request.actor),
            "organisation": _organisations(request),
        },
    )
    partner = services.partner_add(
        initiative=values.pop("initiative"), actor=request.user, **values
    )
    return Status(201, partner)


@router.get("/partners/{int:id}", response={200: PartnerOut, **errors.READ_ONE})
def partner_detail(request, id: Id):
    return access_partner_by_id(request.actor, id)


@router.patch("/partners/{int:id}", response={200: PartnerOut, **errors.CHANGE})
def partner_update(request, id: Id, payload: PartnerPatch):
    request.actor.require(CHANGE)
    partner = access_partner_by_id(request.actor, id)
    return services.partner_update(
        partner=partner, actor=request.user, **payload.model_dump(exclude_unset=True)
    )


@router.delete("/partners/{int:id}", response={204: None, **errors.CHANGE})
def partner_delete(request, id: Id):
    request.actor.require(CHANGE)
    partner = access_partner_by_id(request.actor, id)
    services.partner_remove(partner=partner, actor=request.user)
    return Status(204, None)


# Activities ---------------------------------------------------------------------------


class ActivityFields(In):
    stage: Choice(Stage)
    title: Text(200, min_length=1)
    kind: Choice(Activity.Kind)
    starts_at: DateTimeIn
    ends_at: DateTimeIn | None = None
    level: LevelIn
    mode: Choice(Mode)
    place: Text(200) = ""
    description: Text(10000) = ""


class ActivityIn(ActivityFields):
    initiative: IdIn


ActivityPatch = partial(ActivityFields, "ActivityPatch")


class ActivityOut(Out):
    initiative: int
    stage: str
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    level: int
    mode: str
    place: str
    description: str

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id


class ActivityFilters(Schema):
    initiative: Id | None = None
    stage: Choice(Stage) | None = None
    level: int | None = Field(None, ge=1, le=5)
    mode: Choice(Mode) | None = None
    starts_after: DateTimeIn | None = None
    starts_before: DateTimeIn | None = None


@router.get("/activities", response={200: list[ActivityOut], **errors.READ_LIST})
@paginate(CursorPagination)
def activity_list(request, filters: Query[ActivityFilters]):
    return selectors.activity_list(
        request.actor, filters=filters.model_dump(exclude_none=True)
    )


@router.post("/activities", response={201: ActivityOut, **errors.CREATE})
def activity_create(request, payload: ActivityIn):
    request.actor.require(RECORD)
    values = references_resolve(
        payload.model_dump(), {"initiative": initiative_visible(request.actor)}
    )
    activity = services.activity_create(
        initiative=values.pop("initiative"), actor=request.user, **values
    )
    return Status(201, activity)


@router.get("/activities/{int:id}", response={200: ActivityOut, **errors.READ_ONE})
def activity_detail(request, id: Id):
    return access_activity_by_id(actor=request.actor, pk=id)


@router.patch("/activities/{int:id}", response={200: ActivityOut, **errors.CHANGE})
def activity_update(request, id: Id, payload: ActivityPatch):
    request.actor.require(RECORD)
    activity = access_activity_by_id(actor=request.actor, pk=id)
    return services.activity_update(
        activity=activity, actor=request.user, **payload.model_dump(exclude_unset=True)
    )


@router.delete("/activities/{int:id}", response={204: None, **errors.CHANGE})
def activity_delete(request, id: Id):
    request.actor.require(RECORD)
    activity = access_activity_by_id(actor=request.actor, pk=id)
    services.activity_delete(activity=activity, actor=request.user)
    return Status(204, None)


# Participations -----------------------------------------------------------------------


class ParticipationIn(In):
    activity: IdIn
    person: IdIn | None = None
    organisation: IdIn | None = None
    role: Choice(ActorRole)
    hours: Hours = Decimal("0")


class ParticipationPatch(In):
    person: IdIn | None = None
    organisation: IdIn | None = None
    role: Choice(ActorRole) = None
    hours: Hours = None


class ParticipationOut(Schema):
    id: int
    initiative: int
    activity: int
    person: int | None
    organisation: int | None
    role: str
    hours: float
    created_at: dt.datetime

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_person(obj) -> int | None:
        return obj.person_id

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id


class ParticipationFilters(Schema):
    activity: Id | None = None
    initiative: Id | None = None
    person: Id | None = None
    organisation: Id | None = None
    role: Choice(ActorRole) | None = None


@router.get(
    "/participations", response={200: list[ParticipationOut], **errors.READ_LIST}
)
@paginate(CursorPagination)
def participation_list(request, filters: Query[ParticipationFilters]):
    return selectors.participation_list(
        request.actor, filters=filters.model_dump(exclude_none=True)
    )


@router.post("/participations", response={201: ParticipationOut, **errors.CREATE})
def participation_create(request, payload: ParticipationIn):
    request.actor.require(RECORD)
    values = references_resolve(
        payload.model_dump(),
        {"activity": activity_visible(request.actor), **_participant_refs(request)},
    )
    participation = services.participation_add(
        activity=values.pop("activity"), actor=request.user, **values
    )
    return Status(201, participation)


@router.get(
    "/participations/{int:id}", response={200: ParticipationOut, **errors.READ_ONE}
)
def participation_detail(request, id: Id):
    return access_participation_by_id(request.actor, id)


@router.patch(
    "/participations/{int:id}", response={200: ParticipationOut, **errors.CHANGE}
)
def participation_update(request, id: Id, payload: ParticipationPatch):
    request.actor.require(RECORD)
    participation = access_participation_by_id(request.actor, id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True), _participant_refs(request)
    )
    return services.participation_update(
        participation=participation, actor=request.user, **values
    )


@router.delete("/participations/{int:id}", response={204: None, **errors.CHANGE})
def participation_delete(request, id: Id):
    request.actor.require(RECORD)
    participation = access_participation_by_id(request.actor, id)
    services.participation_remove(participation=participation, actor=request.user)
    return Status(204, None)


# Contributions in kind ----------------------------------------------------------------


class ContributionFields(In):
    activity: IdIn | None = None
    person: IdIn | None = None
    organisation: IdIn | None = None
    kind: Choice(Contribution.Kind)
    description: Text(300, min_length=1)
    date: DateIn
    estimated_value: Money | None = Field(None, description="EUR")


class ContributionIn(ContributionFields):
    initiative: IdIn


ContributionPatch = partial(ContributionFields, "ContributionPatch")


class ContributionOut(Out):
    initiative: int
    activity: int | None
    person: int | None
    organisation: int | None
    kind: str
    description: str
    date: dt.date
    estimated_value: float | None

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_activity(obj) -> int | None:
        return obj.activity_id

    @staticmethod
    def resolve_person(obj) -> int | None:
        return obj.person_id

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id


class ContributionFilters(Schema):
    initiative: Id | None = None
    activity: Id | None = None
    kind: Choice(Contribution.Kind) | None = None


@router.get("/contributions", response={200: list[ContributionOut], **errors.READ_LIST})
@paginate(CursorPagination)
def contribution_list(request, filters: Query[ContributionFilters]):
    return selectors.contribution_list(
        request.actor, filters=filters.model_dump(exclude_none=True)
    )


def _contribution_refs(request) -> dict:
    return {"activity": activity_visible(request.actor), **_participant_refs(request)}


@router.post("/contributions", response={201: ContributionOut, **errors.CREATE})
def contribution_create(request, payload: ContributionIn):
    request.actor.require(RECORD)
    values = references_resolve(
        payload.model_dump(),
        {
            "initiative": initiative_visible(request.actor),
            **_contribution_refs(request),
        },
    )
    contribution = services.contribution_create(
        initiative=values.pop("initiative"), actor=request.user, **values
    )
    return Status(201, contribution)


@router.get(
    "/contributions/{int:id}", response={200: ContributionOut, **errors.READ_ONE}
)
def contribution_detail(request, id: Id):
    return access_contribution_by_id(request.actor, id)


@router.patch(
    "/contributions/{int:id}", response={200: ContributionOut, **errors.CHANGE}
)
def contribution_update(request, id: Id, payload: ContributionPatch):
    request.actor.require(RECORD)
    contribution = access_contribution_by_id(request.actor, id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True), _contribution_refs(request)
    )
    return services.contribution_update(
        contribution=contribution, actor=request.user, **values
    )


@router.delete("/contributions/{int:id}", response={204: None, **errors.CHANGE})
def contribution_delete(request, id: Id):
    request.actor.require(RECORD)
    contribution = access_contribution_by_id(request.actor, id)
    services.contribution_delete(contribution=contribution, actor=request.user)
    return Status(204, None)
