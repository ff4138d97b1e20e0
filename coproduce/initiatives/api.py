"""Initiatives and their value chain, the co-production profile and the portfolio.

What one may read follows ``initiative_visible``: an initiative one may not see, and every
record under it, is a 404 and is missing from lists.
"""

from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.initiatives import services
from coproduce.initiatives.models import (
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)
from coproduce.initiatives.selectors import (
    initiative_filter,
    portfolio_summary,
    profile_for,
)
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Stage
from coproduce.people.models import Organisation, Person

from . import errors
from .access import (
    initiatives_visible,
    object_get,
    permission_require,
    references_resolve,
)
from .pagination import Pagination
from .schemas import (
    ActivityIn,
    ActivityOut,
    ActivityPatch,
    Choice,
    ContributionIn,
    ContributionOut,
    ContributionPatch,
    DateTimeIn,
    Id,
    InitiativeIn,
    InitiativeOut,
    InitiativePatch,
    ParticipationIn,
    ParticipationOut,
    ParticipationPatch,
    PartnerIn,
    PartnerOut,
    PartnerPatch,
    PortfolioOut,
    ProfileOut,
    Text,
)

router = Router(tags=["initiatives"])

CHANGE, RECORD = "initiatives.change", "activities.record"


def _organisations(request):
    return Organisation.objects.filter(tenant=request.tenant)


def _people(request):
    return Person.objects.filter(tenant=request.tenant)


def _under_visible(request, model):
    """Rows of ``model`` whose initiative the caller may see."""
    return model.objects.filter(
        tenant=request.tenant, initiative__in=initiatives_visible(request).values("pk")
    )


# Initiatives --------------------------------------------------------------------------


class InitiativeFilters(Schema):
    q: Text(200) | None = Field(
        None, description="Part of the name, description or place"
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


def _initiatives_filtered(request, filters: InitiativeFilters):
    values = filters.model_dump(exclude_none=True)
    if values.get("rhetoric") is False:
        values.pop("rhetoric")
    return initiative_filter(initiatives_visible(request), filters=values)


@router.get("/initiatives", response={200: list[InitiativeOut], **errors.READ_LIST})
@paginate(Pagination)
def initiative_list(request, filters: Query[InitiativeFilters]):
    return (
        _initiatives_filtered(request, filters)
        .prefetch_related("services")
        .order_by("name", "id")
    )


@router.post("/initiatives", response={201: InitiativeOut, **errors.CREATE})
def initiative_create(request, payload: InitiativeIn):
    permission_require(request, CHANGE)
    values = references_resolve(
        payload.model_dump(), {"lead_organisation": _organisations(request)}
    )
    initiative = services.initiative_create(
        tenant=request.tenant, actor=request.user, **values
    )
    return Status(201, initiative)


@router.get("/initiatives/{int:id}", response={200: InitiativeOut, **errors.READ_ONE})
def initiative_detail(request, id: Id):
    return object_get(initiatives_visible(request).prefetch_related("services"), id)


@router.patch("/initiatives/{int:id}", response={200: InitiativeOut, **errors.CHANGE})
def initiative_update(request, id: Id, payload: InitiativePatch):
    permission_require(request, CHANGE)
    initiative = object_get(initiatives_visible(request), id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True),
        {"lead_organisation": _organisations(request)},
    )
    if values.get("slug") is None:
        values.pop("slug", None)
    if values.get("version") is None:
        values.pop("version", None)
    updated = services.initiative_update(
        initiative=initiative, actor=request.user, **values
    )
    return object_get(Initiative.objects.prefetch_related("services"), updated.pk)


@router.delete("/initiatives/{int:id}", response={204: None, **errors.CHANGE})
def initiative_delete(request, id: Id):
    permission_require(request, CHANGE)
    initiative = object_get(initiatives_visible(request), id)
    services.initiative_delete(initiative=initiative, actor=request.user)
    return Status(204, None)


@router.get(
    "/initiatives/{int:id}/profile", response={200: ProfileOut, **errors.READ_ONE}
)
def initiative_profile(request, id: Id):
    """The co-production profile computed from the records: who took part in which
    stage at which IAP2 level, hours by mode, and where declaration and records differ."""
    initiative = object_get(initiatives_visible(request), id)
    profile = profile_for(initiative)
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
    summary = portfolio_summary(_initiatives_filtered(request, filters))
    summary["stages"] = [{**s, "label": str(s["label"])} for s in summary["stages"]]
    summary["hours"] = {mode: summary["hours"].get(mode) or 0 for mode in Mode.values}
    return summary


# Partners -----------------------------------------------------------------------------


class PartnerFilters(Schema):
    initiative: Id | None = None
    organisation: Id | None = None
    role: Choice(InitiativePartner.Role) | None = None


@router.get("/partners", response={200: list[PartnerOut], **errors.READ_LIST})
@paginate(Pagination)
def partner_list(request, filters: Query[PartnerFilters]):
    qs = _under_visible(request, InitiativePartner).order_by("initiative_id", "id")
    if filters.initiative:
        qs = qs.filter(initiative_id=filters.initiative)
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.role:
        qs = qs.filter(role=filters.role)
    return qs


@router.post("/partners", response={201: PartnerOut, **errors.CREATE})
def partner_create(request, payload: PartnerIn):
    permission_require(request, CHANGE)
    values = references_resolve(
        payload.model_dump(),
        {
            "initiative": initiatives_visible(request),
            "organisation": _organisations(request),
        },
    )
    partner = services.partner_add(
        initiative=values.pop("initiative"), actor=request.user, **values
    )
    return Status(201, partner)


@router.get("/partners/{int:id}", response={200: PartnerOut, **errors.READ_ONE})
def partner_detail(request, id: Id):
    return object_get(_under_visible(request, InitiativePartner), id)


@router.patch("/partners/{int:id}", response={200: PartnerOut, **errors.CHANGE})
def partner_update(request, id: Id, payload: PartnerPatch):
    permission_require(request, CHANGE)
    partner = object_get(_under_visible(request, InitiativePartner), id)
    return services.partner_update(
        partner=partner, actor=request.user, **payload.model_dump(exclude_unset=True)
    )


@router.delete("/partners/{int:id}", response={204: None, **errors.CHANGE})
def partner_delete(request, id: Id):
    permission_require(request, CHANGE)
    partner = object_get(_under_visible(request, InitiativePartner), id)
    services.partner_remove(partner=partner, actor=request.user)
    return Status(204, None)


# Activities ---------------------------------------------------------------------------


class ActivityFilters(Schema):
    initiative: Id | None = None
    stage: Choice(Stage) | None = None
    level: int | None = Field(None, ge=1, le=5)
    mode: Choice(Mode) | None = None
    starts_after: DateTimeIn | None = None
    starts_before: DateTimeIn | None = None


@router.get("/activities", response={200: list[ActivityOut], **errors.READ_LIST})
@paginate(Pagination)
def activity_list(request, filters: Query[ActivityFilters]):
    qs = _under_visible(request, Activity).order_by("starts_at", "id")
    if filters.initiative:
        qs = qs.filter(initiative_id=filters.initiative)
    if filters.stage:
        qs = qs.filter(stage=filters.stage)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.mode:
        qs = qs.filter(mode=filters.mode)
    if filters.starts_after:
        qs = qs.filter(starts_at__gte=filters.starts_after)
    if filters.starts_before:
        qs = qs.filter(starts_at__lt=filters.starts_before)
    return qs


@router.post("/activities", response={201: ActivityOut, **errors.CREATE})
def activity_create(request, payload: ActivityIn):
    permission_require(request, RECORD)
    values = references_resolve(
        payload.model_dump(), {"initiative": initiatives_visible(request)}
    )
    activity = services.activity_create(
        initiative=values.pop("initiative"), actor=request.user, **values
    )
    return Status(201, activity)


@router.get("/activities/{int:id}", response={200: ActivityOut, **errors.READ_ONE})
def activity_detail(request, id: Id):
    return object_get(_under_visible(request, Activity), id)


@router.patch("/activities/{int:id}", response={200: ActivityOut, **errors.CHANGE})
def activity_update(request, id: Id, payload: ActivityPatch):
    permission_require(request, RECORD)
    activity = object_get(_under_visible(request, Activity), id)
    return services.activity_update(
        activity=activity, actor=request.user, **payload.model_dump(exclude_unset=True)
    )


@router.delete("/activities/{int:id}", response={204: None, **errors.CHANGE})
def activity_delete(request, id: Id):
    permission_require(request, RECORD)
    activity = object_get(_under_visible(request, Activity), id)
    services.activity_delete(activity=activity, actor=request.user)
    return Status(204, None)


# Participations -----------------------------------------------------------------------


class ParticipationFilters(Schema):
    activity: Id | None = None
    initiative: Id | None = None
    person: Id | None = None
    organisation: Id | None = None
    role: Choice(ActorRole) | None = None


@router.get(
    "/participations", response={200: list[ParticipationOut], **errors.READ_LIST}
)
@paginate(Pagination)
def participation_list(request, filters: Query[ParticipationFilters]):
    qs = _under_visible(request, Participation).order_by("id")
    if filters.activity:
        qs = qs.filter(activity_id=filters.activity)
    if filters.initiative:
        qs = qs.filter(initiative_id=filters.initiative)
    if filters.person:
        qs = qs.filter(person_id=filters.person)
    if filters.organisation:
        qs = qs.filter(organisation_id=filters.organisation)
    if filters.role:
        qs = qs.filter(role=filters.role)
    return qs


def _participant_refs(request) -> dict:
    return {"person": _people(request), "organisation": _organisations(request)}


@router.post("/participations", response={201: ParticipationOut, **errors.CREATE})
def participation_create(request, payload: ParticipationIn):
    permission_require(request, RECORD)
    values = references_resolve(
        payload.model_dump(),
        {"activity": _under_visible(request, Activity), **_participant_refs(request)},
    )
    participation = services.participation_add(
        activity=values.pop("activity"), actor=request.user, **values
    )
    return Status(201, participation)


@router.get(
    "/participations/{int:id}", response={200: ParticipationOut, **errors.READ_ONE}
)
def participation_detail(request, id: Id):
    return object_get(_under_visible(request, Participation), id)


@router.patch(
    "/participations/{int:id}", response={200: ParticipationOut, **errors.CHANGE}
)
def participation_update(request, id: Id, payload: ParticipationPatch):
    permission_require(request, RECORD)
    participation = object_get(_under_visible(request, Participation), id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True), _participant_refs(request)
    )
    return services.participation_update(
        participation=participation, actor=request.user, **values
    )


@router.delete("/participations/{int:id}", response={204: None, **errors.CHANGE})
def participation_delete(request, id: Id):
    permission_require(request, RECORD)
    participation = object_get(_under_visible(request, Participation), id)
    services.participation_remove(participation=participation, actor=request.user)
    return Status(204, None)


# Contributions in kind ----------------------------------------------------------------


class ContributionFilters(Schema):
    initiative: Id | None = None
    activity: Id | None = None
    kind: Choice(Contribution.Kind) | None = None


@router.get("/contributions", response={200: list[ContributionOut], **errors.READ_LIST})
@paginate(Pagination)
def contribution_list(request, filters: Query[ContributionFilters]):
    qs = _under_visible(request, Contribution).order_by("-date", "-id")
    if filters.initiative:
        qs = qs.filter(initiative_id=filters.initiative)
    if filters.activity:
        qs = qs.filter(activity_id=filters.activity)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    return qs


def _contribution_refs(request) -> dict:
    return {"activity": _under_visible(request, Activity), **_participant_refs(request)}


@router.post("/contributions", response={201: ContributionOut, **errors.CREATE})
def contribution_create(request, payload: ContributionIn):
    permission_require(request, RECORD)
    values = references_resolve(
        payload.model_dump(),
        {"initiative": initiatives_visible(request), **_contribution_refs(request)},
    )
    contribution = services.contribution_create(
        initiative=values.pop("initiative"), actor=request.user, **values
    )
    return Status(201, contribution)


@router.get(
    "/contributions/{int:id}", response={200: ContributionOut, **errors.READ_ONE}
)
def contribution_detail(request, id: Id):
    return object_get(_under_visible(request, Contribution), id)


@router.patch(
    "/contributions/{int:id}", response={200: ContributionOut, **errors.CHANGE}
)
def contribution_update(request, id: Id, payload: ContributionPatch):
    permission_require(request, RECORD)
    contribution = object_get(_under_visible(request, Contribution), id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True), _contribution_refs(request)
    )
    return services.contribution_update(
        contribution=contribution, actor=request.user, **values
    )


@router.delete("/contributions/{int:id}", response={204: None, **errors.CHANGE})
def contribution_delete(request, id: Id):
    permission_require(request, RECORD)
    contribution = object_get(_under_visible(request, Contribution), id)
    services.contribution_delete(contribution=contribution, actor=request.user)
    return Status(204, None)
