"""Collaboration in the API: partnerships and their sides' commitments, learning entries
and their adoption follow-ups, the network figures, and per initiative the opportunity
space and the two-way relations per stage.

Who may do what follows ``collaboration.access``, as on the pages: the area needs
``registry.view``; a partnership, entry or initiative one may not see is a 404; a side's
commitments are kept by that side's staff and the managers."""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.references import references_resolve
from coproduce.api.schemas import Choice, DateIn, Id, IdIn, In, Text
from coproduce.initiatives.access import access_initiative_by_id, initiative_visible
from coproduce.people.models import Organisation

from . import access, selectors, services
from .models import (
    AdoptionState,
    Commitment,
    CommitmentState,
    LearningKind,
    PartnershipStatus,
    Visibility,
)

router = Router(tags=["collaboration"])


# Schemas ------------------------------------------------------------------------------------


class CommitmentOut(Schema):
    id: int
    side: int = Field(..., alias="side_id")
    description: str
    due_date: dt.date | None
    state: str
    note: str
    version: int
    overdue: bool


class SideOut(Schema):
    id: int
    organisation: int = Field(..., alias="organisation_id")
    organisation_name: str
    contact: int | None = Field(None, alias="contact_id")
    brings: str
    expects: str
    version: int
    commitments: list[CommitmentOut]


class SidePatch(In):
    version: int = Field(
        ..., ge=1, description="The version of the side read; 409 if changed since"
    )
    contact: IdIn | None = Field(
        None,
        description="The contact person (a person working for the side's "
        "organisation or a unit of it); null to clear",
    )
    brings: Text(10000) | None = None
    expects: Text(10000) | None = None


class PartnershipOut(Schema):
    id: int
    name: str
    purpose: str
    initiative: int | None = Field(None, alias="initiative_id")
    agreement_url: str
    agreement_reference: str
    start_date: dt.date
    end_date: dt.date | None
    review_date: dt.date | None
    status: str


class PartnershipDetailOut(PartnershipOut):
    sides: list[SideOut]


class PartnershipIn(In):
    name: Text(200, min_length=1)
    purpose: Text(10000, min_length=1)
    organisations: list[IdIn] = Field(..., min_length=2, max_length=50)
    initiative: IdIn | None = None
    agreement_url: Text(500) = ""
    agreement_reference: Text(120) = ""
    start_date: DateIn
    end_date: DateIn | None = None
    review_date: DateIn | None = None
    status: Choice(PartnershipStatus) = PartnershipStatus.ACTIVE


class CommitmentIn(In):
    description: Text(300, min_length=1)
    due_date: DateIn | None = None
    note: Text(10000) = ""


class CommitmentPatch(In):
    version: int = Field(
        ..., ge=1, description="The version read; 409 if changed since"
    )
    state: Choice(CommitmentState) | None = None
    due_date: DateIn | None = None
    note: Text(10000) | None = None


class FollowUpOut(Schema):
    id: int
    entry: int = Field(..., alias="entry_id")
    organisation: int = Field(..., alias="organisation_id")
    state: str
    date: dt.date
    note: str


class LearningOut(Schema):
    id: int
    kind: str
    title: str
    learnt: str
    evidence: str
    evidence_url: str
    learnt_on: dt.date
    initiative: int | None = Field(None, alias="initiative_id")
    source_organisation: int | None = Field(None, alias="source_organisation_id")
    receiving_organisation: int | None = Field(None, alias="receiving_organisation_id")
    owner_organisation: int | None = Field(None, alias="owner_organisation_id")
    visibility: str
    adoption: str | None = Field(None, description="The latest follow-up's state")


class LearningIn(In):
    kind: Choice(LearningKind)
    title: Text(200, min_length=1)
    learnt: Text(20000, min_length=1)
    learnt_on: DateIn | None = None
    initiative: IdIn | None = None
    activities: list[IdIn] = Field(default_factory=list, max_length=200)
    organisations: list[IdIn] = Field(default_factory=list, max_length=200)
    source_organisation: IdIn | None = None
    receiving_organisation: IdIn | None = None
    owner_organisation: IdIn | None = None
    evidence: Text(20000) = ""
    evidence_url: Text(500) = ""
    visibility: Choice(Visibility) = Visibility.PARTNERS


class FollowUpIn(In):
    state: Choice(AdoptionState)
    date: DateIn | None = None
    organisation: IdIn | None = None
    note: Text(10000) = ""


class EdgeOut(Schema):
    a: int
    a_name: str
    b: int
    b_name: str
    shared_initiatives: int
    shared_activities: int
    hours: Decimal
    lessons: int
    weight: int


class NodeOut(Schema):
    id: int
    name: str
    kind: str
    degree: int
    strength: int


class BreadthRow(Schema):
    organisations: int
    initiatives: int


class ContributionRow(Schema):
    id: int
    name: str
    initiatives: int
    activities: int
    hours: Decimal
    value: Decimal


class FlowRow(Schema):
    source: int
    source_name: str
    receiving: int
    receiving_name: str
    lessons: int
    adopted: int
    not_adopted: int


class YearRow(Schema):
    year: int
    organisations: int
    ties: int
    lessons: int
    adopted: int


class NetworkOut(Schema):
    year: int | None
    organisations: int = Field(..., description="Organisations with any tie")
    ties: int = Field(..., description="Pairs of organisations with any tie")
    nodes: list[NodeOut]
    edges: list[EdgeOut] = Field(..., description="The heaviest ties (up to limit)")
    breadth_mean: float
    breadth: list[BreadthRow]
    contribution: list[ContributionRow]
    boundary_spanners: int = Field(..., description="Of the first 20 (the page's list)")
    learning_flows: list[FlowRow]
    lessons: int
    adopted: int
    adopted_share: float | None
    over_time: list[YearRow]
    computed_at: dt.datetime = Field(
        ..., description="When these figures were computed"
    )
    stale: bool = Field(
        ...,
        description="The data changed since computed_at: newer figures are being "
        "computed in the background; ask again in a moment",
    )


class OfferOut(Schema):
    organisation: int
    organisation_name: str
    declared: bool
    hours_declared: Decimal
    hours_recorded: Decimal
    in_kind_declared: Decimal
    in_kind_recorded: Decimal
    money_declared: Decimal
    money_recorded: Decimal
    activities_declared: int
    activities_recorded: int
    gaps: list[str]


class StageActorOut(Schema):
    name: str
    source: str = Field(..., description="recorded (participations) or declared")


class StageOut(Schema):
    stage: str
    providers: list[StageActorOut]
    users: list[StageActorOut]


class FindingOut(Schema):
    actor: str
    is_organisation: bool
    user_in: list[str]
    provider_in: list[str]
    text: str


class RelationsOut(Schema):
    stages: list[StageOut]
    findings: list[FindingOut]


# Helpers ------------------------------------------------------------------------------------


def _organisations(request):
    return Organisation.objects.filter(tenant=request.tenant)


def _partnership_detail(partnership):
    sides = selectors.partnership_sides(partnership)
    return {
        **{
            f: getattr(partnership, f)
            for f in (
                "id",
                "name",
                "purpose",
                "initiative_id",
                "agreement_url",
                "agreement_reference",
                "start_date",
                "end_date",
                "review_date",
                "status",
            )
        },
        "sides": [
            {
                "id": s.pk,
                "organisation_id": s.organisation_id,
                "organisation_name": s.organisation.name,
                "contact_id": s.contact_id,
                "brings": s.brings,
                "expects": s.expects,
                "version": s.version,
                "commitments": [_commitment(c) for c in s.commitment_rows],  # type: ignore[attr-defined]
            }
            for s in sides
        ],
    }


def _commitment(c: Commitment) -> dict:
    from django.utils import timezone

    return {
        "id": c.pk,
        "side_id": c.side_id,
        "description": c.description,
        "due_date": c.due_date,
        "state": c.state,
        "note": c.note,
        "version": c.version,
        "overdue": c.is_overdue(timezone.localdate()),
    }


# Partnerships -------------------------------------------------------------------------------


@router.get("/partnerships", response={200: list[PartnershipOut], **errors.READ_LIST})
@paginate(Pagination)
def partnership_list(request):
    """The partnerships the caller may read: all for staff who see every initiative,
    else those their organisation is a side of."""
    access.collaboration_require(request.actor)
    return selectors.partnership_list(request.actor)


@router.post("/partnerships", response={201: PartnershipDetailOut, **errors.CREATE})
def partnership_create(request, payload: PartnershipIn):
    access.collaboration_require(request.actor)
    access.partnership_manage_require(request.actor)
    values = references_resolve(
        payload.model_dump(), {"initiative": initiative_visible(request.actor)}
    )
    partnership = services.partnership_create(
        actor=request.actor, tenant=request.tenant, **values
    )
    return Status(201, _partnership_detail(partnership))


@router.get(
    "/partnerships/{int:id}", response={200: PartnershipDetailOut, **errors.READ_ONE}
)
def partnership_get(request, id: Id):
    """A partnership with each side's contribution, expectations and commitments
    (``overdue``: open and past its date)."""
    access.collaboration_require(request.actor)
    return _partnership_detail(access.access_partnership_by_id(request.actor, id))


@router.post(
    "/partnerships/{int:id}/sides/{int:side_id}/commitments",
    response={201: CommitmentOut, **errors.CHANGE},
)
def commitment_create(request, id: Id, side_id: Id, payload: CommitmentIn):
    access.collaboration_require(request.actor)
    partnership = access.access_partnership_by_id(request.actor, id)
    side = access.access_side_by_id(request.actor, partnership, side_id)
    if not access.may_keep_side(request.actor, side):
        raise Http404
    commitment = services.commitment_create(
        actor=request.actor, side=side, **payload.model_dump()
    )
    return Status(201, _commitment(commitment))


@router.patch(
    "/partnerships/{int:id}/sides/{int:side_id}",
    response={200: SideOut, **errors.CHANGE},
)
def side_update(request, id: Id, side_id: Id, payload: SidePatch):
    """Change a side's contact person, what it brings or expects: that side's staff
    and the managers (another side's is a 404). Give the ``version`` read; if the side
    changed since, 409 and nothing is written. A contact who does not work for the
    side's organisation (or a unit of it) is a 422 on ``contact``."""
    access.collaboration_require(request.actor)
    partnership = access.access_partnership_by_id(request.actor, id)
    side = access.access_side_by_id(request.actor, partnership, side_id)
    if not access.may_keep_side(request.actor, side):
        raise Http404
    values = payload.model_dump(exclude_unset=True)
    version = values.pop("version")
    values = {k: v for k, v in values.items() if v is not None or k == "contact"}
    if values.get("contact") is not None:
        # a person id is resolved only among those who may be the contact: the
        # registry is not probed through this field
        pk = values["contact"]
        values["contact"] = services.side_contacts(side).filter(pk=pk).first()
        if values["contact"] is None:
            raise ValidationError(
                {
                    "contact": _(
                        "Person %(id)s does not work for %(organisation)s or its "
                        "units: the contact is one of the side's own people."
                    )
                    % {"id": pk, "organisation": side.organisation}
                }
            )
    side = services.side_update(
        actor=request.actor, side=side, version=version, **values
    )
    side.commitment_rows = [  # type: ignore[attr-defined]
        c
        for s in selectors.partnership_sides(partnership)
        if s.pk == side.pk
        for c in s.commitment_rows  # type: ignore[attr-defined]
    ]
    return _side(side)


def _side(s) -> dict:
    return {
        "id": s.pk,
        "organisation_id": s.organisation_id,
        "organisation_name": s.organisation.name,
        "contact_id": s.contact_id,
        "brings": s.brings,
        "expects": s.expects,
        "version": s.version,
        "commitments": [_commitment(c) for c in s.commitment_rows],  # type: ignore[attr-defined]
    }


@router.get("/commitments/{int:id}", response={200: CommitmentOut, **errors.READ_ONE})
def commitment_get(request, id: Id):
    access.collaboration_require(request.actor)
    return _commitment(access.access_commitment_by_id(request.actor, id))


@router.patch("/commitments/{int:id}", response={200: CommitmentOut, **errors.CHANGE})
def commitment_update(request, id: Id, payload: CommitmentPatch):
    """Change a commitment's state, date or note: its side's staff and the managers.
    Give the ``version`` read; if it changed since, 409 and nothing is written."""
    access.collaboration_require(request.actor)
    commitment = access.access_commitment_by_id(request.actor, id)
    if not access.may_keep_side(request.actor, commitment.side):
        raise Http404
    values = payload.model_dump(exclude_unset=True)
    version = values.pop("version")
    values = {k: v for k, v in values.items() if v is not None or k == "due_date"}
    commitment = services.commitment_update(
        actor=request.actor, commitment=commitment, version=version, **values
    )
    return _commitment(commitment)


# Learning -----------------------------------------------------------------------------------


@router.get("/learning-entries", response={200: list[LearningOut], **errors.READ_LIST})
@paginate(Pagination)
def learning_list(request, kind: Choice(LearningKind) | None = None):  # type: ignore[valid-type]
    """The learning entries the caller may read, newest first, each with the state of its
    latest adoption follow-up."""
    access.collaboration_require(request.actor)
    return selectors.learning_list(request.actor, kind=kind or "")


@router.post("/learning-entries", response={201: LearningOut, **errors.CREATE})
def learning_create(request, payload: LearningIn):
    access.collaboration_require(request.actor)
    if not access.may_write_learning(request.actor):
        raise PermissionDenied("collaboration.learning")
    orgs = _organisations(request)
    values = references_resolve(
        payload.model_dump(),
        {
            "initiative": initiative_visible(request.actor),
            "source_organisation": orgs,
            "receiving_organisation": orgs,
            "owner_organisation": orgs,
        },
    )
    entry = services.learning_entry_create(
        actor=request.actor, tenant=request.tenant, **values
    )
    entry.adoption = None  # type: ignore[attr-defined]
    return Status(201, entry)


@router.get(
    "/learning-entries/{int:id}", response={200: LearningOut, **errors.READ_ONE}
)
def learning_get(request, id: Id):
    access.collaboration_require(request.actor)
    entry = access.access_learning_by_id(request.actor, id)
    latest = selectors.follow_ups_of(entry).order_by("-date", "-id").first()
    entry.adoption = latest.state if latest else None  # type: ignore[attr-defined]
    return entry


@router.get(
    "/learning-entries/{int:id}/follow-ups",
    response={200: list[FollowUpOut], **errors.READ_ONE},
)
def follow_up_list(request, id: Id):
    access.collaboration_require(request.actor)
    entry = access.access_learning_by_id(request.actor, id)
    return list(selectors.follow_ups_of(entry))


@router.post(
    "/learning-entries/{int:id}/follow-ups",
    response={201: FollowUpOut, **errors.CHANGE},
)
def follow_up_create(request, id: Id, payload: FollowUpIn):
    """Record whether and when a lesson was adopted (by the receiving organisation if
    none is named)."""
    access.collaboration_require(request.actor)
    entry = access.access_learning_by_id(request.actor, id)
    if not access.may_follow_up(request.actor, entry):
        raise PermissionDenied("collaboration.adoption")
    values = references_resolve(
        payload.model_dump(), {"organisation": _organisations(request)}
    )
    follow_up = services.adoption_record(
        actor=request.actor,
        entry=entry,
        state=values["state"],
        on=values["date"],
        organisation=values["organisation"],
        note=values["note"],
    )
    return Status(201, follow_up)


# Figures ------------------------------------------------------------------------------------


@router.get("/collaboration/network", response={200: NetworkOut, **errors.READ_LIST})
def network_get(
    request,
    year: Annotated[int | None, Field(ge=1900, le=2999)] = None,
    limit: Annotated[int, Field(ge=1, le=500)] = 60,
):
    """The network of organisations (ties: shared initiatives, shared activities with
    the hours of both, lessons either way; weight: their sum) of the initiatives the
    caller may see, with breadth, contribution per partner, the number of
    boundary-spanners, learning flows and the figures by year. All computed in SQL."""
    actor = request.actor
    access.collaboration_require(actor)
    figures = selectors.collaboration_figures(actor, year=year, limit=limit)
    network = figures["network"]
    names = {n["id"]: n["name"] for n in network.nodes}
    breadth = figures["breadth"]
    flows = figures["flows"]
    return {
        "computed_at": figures["computed_at"],
        "stale": figures["stale"],
        "year": year,
        "organisations": network.total_nodes,
        "ties": network.total_edges,
        "nodes": network.nodes,
        "edges": [
            {
                "a": e.a,
                "a_name": names.get(e.a, ""),
                "b": e.b,
                "b_name": names.get(e.b, ""),
                "shared_initiatives": e.initiatives,
                "shared_activities": e.activities,
                "hours": e.hours,
                "lessons": e.lessons,
                "weight": e.weight,
            }
            for e in network.edges
        ],
        "breadth_mean": breadth["mean"],
        "breadth": breadth["distribution"],
        "contribution": figures["contributions"],
        "boundary_spanners": len(figures["spanners"]),
        "learning_flows": flows["flows"],
        "lessons": flows["lessons"],
        "adopted": flows["adopted"],
        "adopted_share": flows["adopted_share"],
        "over_time": figures["over_time"],
    }


@router.get(
    "/initiatives/{int:id}/opportunity-space",
    response={200: list[OfferOut], **errors.READ_ONE},
)
def opportunity_space_get(request, id: Id):
    """Per organisation of the initiative: declared against recorded hours, in kind,
    money and activities led, and the gaps in words."""
    access.collaboration_require(request.actor)
    initiative = access_initiative_by_id(request.actor, id)
    return [
        {
            "organisation": o.organisation.pk,
            "organisation_name": o.organisation.name,
            "declared": o.declared,
            "hours_declared": o.hours[0],
            "hours_recorded": o.hours[1],
            "in_kind_declared": o.in_kind[0],
            "in_kind_recorded": o.in_kind[1],
            "money_declared": o.money[0],
            "money_recorded": o.money[1],
            "activities_declared": o.activities[0],
            "activities_recorded": o.activities[1],
            "gaps": o.gaps,
        }
        for o in selectors.opportunity_space(initiative)
    ]


@router.get(
    "/initiatives/{int:id}/stage-relations",
    response={200: RelationsOut, **errors.READ_ONE},
)
def stage_relations_get(request, id: Id):
    """Per stage, who provides and who uses (recorded from the participations' roles,
    declared where the records say nothing), and the actors who do both."""
    access.collaboration_require(request.actor)
    initiative = access_initiative_by_id(request.actor, id)
    return selectors.stage_relations(initiative)
