"""Crisis mode in the API: needs (post, list, read, close), a need's ranked candidates
with the reasons for their rank and what they lack, call-outs and their answers, and the
centre's decision log.

A centre is named by its initiative's id. What one may not see is a 404, as on the
pages; writes go through ``crisis.services``. Answering a call-out takes the signed
token of its link and no API token: it is what the accept/decline page does.
"""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import Strict

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.references import references_resolve
from coproduce.api.schemas import Choice, DateTimeIn, Id, IdIn, In, Text
from coproduce.api.translations import TRANSLATIONS_HELP, Translations, versions
from coproduce.coproducers.vocab import LANGUAGE_CODES
from coproduce.core.errors import DomainError
from coproduce.people.access import organisation_visible, person_visible

from . import selectors, services
from .access import (
    ANY,
    CALL,
    POSTERS,
    STAFF,
    access_centre_by_id,
    access_need_by_id,
    centre_for_posting,
)
from .matching import candidates_rank
from .models import CallOut, Need

router = Router(tags=["crisis"])

Language = Literal[tuple(sorted(LANGUAGE_CODES))]


class NeedIn(In):
    initiative: IdIn = Field(..., description="The crisis centre's initiative")
    title: Text(200, min_length=1)
    description: Text(10000) = ""
    content_language: Text(16) = Field(
        "",
        description="The language title and description are written in "
        "(the tenant's default when left out)",
    )
    title_translations: Translations(200) = Field(None, description=TRANSLATIONS_HELP)
    description_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    area: Text(10, min_length=2) = Field(..., description="Postcode area, e.g. 00530")
    place: Text(200) = ""
    starts_at: DateTimeIn
    ends_at: DateTimeIn
    people_needed: Annotated[int, Strict(), Field(ge=1, le=500)]
    skills: list[IdIn] = Field(default_factory=list, max_length=50)
    languages: list[Language] = Field(default_factory=list, max_length=20)
    language: Language | Literal[""] = Field(
        "", description="The need was expressed in"
    )
    urgency: Choice(Need.Urgency) = Need.Urgency.NORMAL.value
    source: Choice(Need.Source) = Need.Source.PROFESSIONAL.value
    organisation: IdIn | None = None
    assigned_to: IdIn | None = Field(
        None, description="The person who alone may read the resident's details"
    )
    resident_name: Text(200) = ""
    resident_phone: Text(40) = ""
    resident_address: Text(300) = ""


class NeedOut(Schema):
    id: int
    initiative: int
    title: str
    description: str
    content_language: str = Field(
        ..., description="The language title and description are written in"
    )
    title_translations: dict[str, str]
    description_translations: dict[str, str]
    area: str
    place: str
    starts_at: dt.datetime
    ends_at: dt.datetime
    people_needed: int
    skills: list[int]
    languages: list[str]
    language: str
    urgency: str
    source: str
    status: str
    shift: int | None = Field(
        None, description="The co-producers' shift volunteers are signed up on"
    )
    assigned_to: int | None
    has_resident: bool = Field(
        ..., description="Resident details are kept (never shown here)"
    )
    created_at: dt.datetime

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.centre.initiative_id

    @staticmethod
    def resolve_title_translations(obj) -> dict[str, str]:
        return versions(obj, "title")

    @staticmethod
    def resolve_description_translations(obj) -> dict[str, str]:
        return versions(obj, "description")

    @staticmethod
    def resolve_skills(obj) -> list[int]:
        return sorted(s.pk for s in obj.skills.all())

    @staticmethod
    def resolve_shift(obj) -> int | None:
        return obj.shift_id

    @staticmethod
    def resolve_assigned_to(obj) -> int | None:
        return obj.assigned_to_id

    @staticmethod
    def resolve_has_resident(obj) -> bool:
        from .models import NeedResident

        return NeedResident.objects.filter(need_id=obj.pk).exists()


class NeedFilter(Schema):
    initiative: Id | None = None
    status: Choice(Need.Status) | None = None


@router.get("/needs", response={200: list[NeedOut], **errors.READ_LIST})
@paginate(Pagination)
def need_list(request, filters: Query[NeedFilter]):
    """The needs of the crisis centres the caller may read, newest first."""
    request.actor.require_any(ANY)
    from .access import need_visible

    qs = need_visible(request.actor).select_related("centre").prefetch_related("skills")
    if filters.initiative:
        qs = qs.filter(centre__initiative_id=filters.initiative)
    if filters.status:
        qs = qs.filter(status=filters.status)
    return qs.order_by("-created_at", "-id")


@router.post("/needs", response={201: NeedOut, **errors.CREATE})
def need_create(request, payload: NeedIn):
    """Post a need to a crisis centre; it gets a shift volunteers are signed up on.
    Partner organisations' staff (``crisis.post_need``) post to the centres their
    organisation is a partner of, as that organisation (``organisation``; may be left
    out when they work for one partner only), without ``assigned_to``."""
    request.actor.require_any(POSTERS)
    values = payload.model_dump()
    # the centre is named in the body: one the caller may not see is a 422 on that field
    initiative = values.pop("initiative")
    centre = (
        centre_for_posting(request.actor)
        .select_related("initiative")
        .filter(initiative_id=initiative)
        .first()
    )
    if centre is None:
        raise ValidationError(
            {
                "initiative": ValidationError(
                    _(
                        "No crisis centre %(id)s: the initiative is not in crisis mode "
                        "or not one you may post needs to."
                    ),
                    params={"id": initiative},
                )
            }
        )
    values = references_resolve(
        values,
        {
            "organisation": organisation_visible(request.actor),
            "assigned_to": person_visible(request.actor),
        },
    )
    resident = {
        "name": values.pop("resident_name"),
        "phone": values.pop("resident_phone"),
        "address": values.pop("resident_address"),
    }
    skills = values.pop("skills")
    found = {
        field: texts
        for field in Need.translatable
        if (texts := values.pop(f"{field}_translations", None))
    }
    need = services.need_post(
        centre=centre,
        actor=request.actor,
        skills=skills,
        resident=resident,
        translations=found,
        **values,
    )
    return Status(201, need)


@router.get("/needs/{int:id}", response={200: NeedOut, **errors.READ_ONE})
def need_detail(request, id: Id):
    request.actor.require_any(ANY)
    return access_need_by_id(request.actor, id)


@router.post("/needs/{int:id}/close", response={200: NeedOut, **errors.CHANGE})
def need_close(request, id: Id):
    """Close the need: call-outs still waiting are withdrawn; nothing is deleted."""
    request.actor.require(STAFF)
    need = access_need_by_id(request.actor, id)
    return services.need_close(need=need, actor=request.actor)


class MatchOut(Schema):
    rank: int
    person: int
    name: str
    area: str
    distance: int = Field(
        ..., description="5 minus the postcode digits shared with the need's area"
    )
    available: bool
    deployed: bool = Field(
        ..., description="Already on another shift overlapping the window"
    )
    languages_missing: list[str]
    skills_missing: list[str]
    asked: str | None = Field(None, description="Status of a call-out already sent")
    reasons: list[str]
    lacks: list[str]

    @staticmethod
    def resolve_person(obj) -> int:
        return obj.person_id


class MatchQuery(Schema):
    limit: Annotated[int, Field(ge=1, le=200)] = 20
    offset: Annotated[int, Field(ge=0, le=200_000)] = 0


@router.get(
    "/needs/{int:id}/matches", response={200: list[MatchOut], **errors.READ_ONE}
)
def need_matches(request, id: Id, query: Query[MatchQuery]):
    """The co-producers who consented to be called out, best first: required languages
    and skills, available then, not deployed elsewhere, nearest postcode area."""
    request.actor.require(CALL)
    need = access_need_by_id(request.actor, id)
    return candidates_rank(need, limit=query.limit, offset=query.offset)


class CallOutIn(In):
    n: Annotated[int, Strict(), Field(ge=1, le=5000)] | None = Field(
        None, description="How many to ask (default: the centre's factor x open places)"
    )


class CallOutOut(Schema):
    id: int
    need: int
    person: int
    round: int
    rank: int
    status: str
    sent_at: dt.datetime
    emailed_at: dt.datetime | None
    texted_at: dt.datetime | None
    responded_at: dt.datetime | None
    signup: int | None

    @staticmethod
    def resolve_need(obj) -> int:
        return obj.need_id

    @staticmethod
    def resolve_person(obj) -> int:
        return obj.person_id

    @staticmethod
    def resolve_signup(obj) -> int | None:
        return obj.signup_id


@router.post(
    "/needs/{int:id}/call-outs", response={201: list[CallOutOut], **errors.CHANGE}
)
def callout_send(request, id: Id, payload: CallOutIn):
    """Ask the next best candidates by email and text message."""
    request.actor.require(CALL)
    need = access_need_by_id(request.actor, id)
    made = services.callout_send(need=need, actor=request.actor, n=payload.n)
    return Status(201, made)


@router.get(
    "/needs/{int:id}/call-outs", response={200: list[CallOutOut], **errors.READ_ONE}
)
def callout_list(request, id: Id):
    """Who was asked, in which round, and how they answered."""
    request.actor.require(CALL)
    need = access_need_by_id(request.actor, id)
    return selectors.need_callouts(need)


class AnswerIn(In):
    token: Text(500, min_length=10) = Field(
        ..., description="The signed token of the call-out's link"
    )
    answer: Literal["accept", "decline"]


@router.post(
    "/call-outs/answer", response={200: CallOutOut, **errors.CHANGE}, auth=None
)
def callout_answer(request, payload: AnswerIn):
    """Accept or decline a call-out with its link's token (no API token: the link is
    the person's own). Places fill first come, first served."""
    callout = services.callout_by_token(payload.token)
    if callout is None:
        raise DomainError(_("This link is not valid."), field="token")
    from django_scopes import scope

    with scope(tenant=callout.tenant_id):
        callout = services.callout_respond(
            callout=callout, accept=payload.answer == "accept"
        )
        return CallOut.objects.get(pk=callout.pk)


class DecisionIn(In):
    what: Text(5000, min_length=1)
    why: Text(5000, min_length=1)
    authority: Text(300, min_length=1)
    consulted: Text(500) = ""
    overrides: Text(500) = ""


class DecisionOut(Schema):
    id: int
    initiative: int
    what: str
    why: str
    authority: str
    consulted: str
    overrides: str
    decided_by: int | None
    decided_at: dt.datetime
    ledger_entry: int | None = Field(
        None, description="The entry of the tamper-evident ledger"
    )

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.centre.initiative_id

    @staticmethod
    def resolve_decided_by(obj) -> int | None:
        return obj.decided_by_id


@router.get(
    "/initiatives/{int:id}/decisions",
    response={200: list[DecisionOut], **errors.READ_ONE},
)
@paginate(Pagination)
def decision_list(request, id: Id):
    """The crisis centre's decision log, newest first."""
    request.actor.require(STAFF)
    centre = access_centre_by_id(request.actor, id)
    return selectors.decision_list(centre).select_related("centre")


@router.post(
    "/initiatives/{int:id}/decisions", response={201: DecisionOut, **errors.CHANGE}
)
def decision_create(request, id: Id, payload: DecisionIn):
    """Log a decision: what, why, on what authority, who was consulted, what it
    overrides; it becomes an entry of the tenant's tamper-evident ledger."""
    request.actor.require(STAFF)
    centre = access_centre_by_id(request.actor, id)
    decision = services.decision_record(
        centre=centre, actor=request.actor, **payload.model_dump()
    )
    return Status(201, decision)
