"""The co-producers' side in the API: opportunities and their shifts, sign-up and the
waiting list, check-in and attendance, reported hours and contributions and their
verification, and a co-producer's own profile and data.

What one may read follows ``coproducers.access``: an opportunity, shift or claim one may
not see is a 404, the same answer as for one that does not exist, and is missing from
lists. Lists come from ``coproducers.selectors``, writes go through
``coproducers.services``, as the pages' do.
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status
from pydantic import BeforeValidator, Strict

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.references import references_resolve
from coproduce.api.schemas import (
    Bool,
    Choice,
    DateIn,
    DateTimeIn,
    Id,
    IdIn,
    In,
    Out,
    Text,
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
from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.models import Contribution
from coproduce.initiatives.vocab import ActorRole, Level
from coproduce.people.access import organisation_visible, person_visible

from . import selectors, services
from .access import (
    MANAGE,
    TAKE_PART,
    VERIFY,
    access_claim_by_id,
    access_opportunity_by_id,
    access_shift_by_id,
    access_signup_by_person,
    notification_visible,
)
from .models import Claim, Notification, Opportunity
from .vocab import DAY_PARTS, LANGUAGE_CODES, WEEKDAYS

router = Router(tags=["co-producers"])

ANY = (TAKE_PART, MANAGE)


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("Give a number.")
    return value


Language = Literal[tuple(sorted(LANGUAGE_CODES))]
ClaimHours = Annotated[
    Decimal,
    BeforeValidator(_no_bool),
    Field(ge=Decimal("0.25"), le=24, max_digits=6, decimal_places=2),
]
Money = Annotated[
    Decimal, BeforeValidator(_no_bool), Field(ge=0, max_digits=12, decimal_places=2)
]
DayPart = Literal[tuple(code for code, _label in DAY_PARTS)]
Weekday = Literal[tuple(code for code, _label in WEEKDAYS)]


# Opportunities and shifts ---------------------------------------------------------------


class OpportunityIn(In):
    initiative: IdIn
    title: Text(200, min_length=1)
    title_translations: Translations(200) = Field(None, description=TRANSLATIONS_HELP)
    description_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    place_translations: Translations(200) = Field(None, description=TRANSLATIONS_HELP)
    accessibility_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    language: LanguageCode | None = Field(None, description=LANGUAGE_HELP)
    description: Text(10000) = ""
    place: Text(200, min_length=1)
    accessibility: Text(10000) = ""
    capacity: Annotated[int, Strict(), Field(ge=1, le=500)]
    first_starts_at: DateTimeIn
    minutes: Annotated[int, Strict(), Field(ge=15, le=24 * 60)] = Field(
        ..., description="How long each shift lasts"
    )
    weekdays: list[Annotated[int, Strict(), Field(ge=0, le=6)]] | None = Field(
        None,
        max_length=7,
        description="Weekly on these days (0 = Monday) until `until`",
    )
    until: DateIn | None = Field(None, description="The last date of a weekly series")
    skills: list[IdIn] = Field(default_factory=list, max_length=100)
    languages: list[Language] = Field(default_factory=list, max_length=20)
    open_to_volunteers: Bool = True
    open_to_residents: Bool = False
    open_to_partners: Bool = False
    partner_organisation: IdIn | None = None
    team_visible: Bool = False
    level: Annotated[int, Strict(), Field(ge=1, le=5)] = Level.COLLABORATE.value
    status: Choice(Opportunity.Status) = Opportunity.Status.DRAFT.value


class ShiftOut(Schema):
    id: int
    opportunity: int
    activity: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    capacity: int
    cancelled: bool
    confirmed: int | None = Field(None, description="Places taken")
    waiting: int | None = Field(None, description="On the waiting list")
    my_status: str | None = Field(
        None, description="The caller's sign-up: confirmed, waitlisted, withdrawn"
    )

    @staticmethod
    def resolve_opportunity(obj) -> int:
        return obj.opportunity_id

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_confirmed(obj) -> int | None:
        return getattr(obj, "n_confirmed", None)

    @staticmethod
    def resolve_waiting(obj) -> int | None:
        return getattr(obj, "n_waiting", None)

    @staticmethod
    def resolve_my_status(obj) -> str | None:
        mine = getattr(obj, "mine", None)
        return mine.status if mine is not None else None


class OpportunityOut(Out, TranslatedOut):
    initiative: int
    title: str
    title_translations: dict[str, str]
    description: str
    description_translations: dict[str, str]
    place: str
    place_translations: dict[str, str]
    accessibility: str
    accessibility_translations: dict[str, str]
    capacity: int
    skills: list[int]
    languages: list[str]
    open_to_volunteers: bool
    open_to_residents: bool
    open_to_partners: bool
    partner_organisation: int | None
    team_visible: bool
    level: int
    status: str

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_partner_organisation(obj) -> int | None:
        return obj.partner_organisation_id

    @staticmethod
    def resolve_skills(obj) -> list[int]:
        return sorted(s.pk for s in obj.skills.all())

    @staticmethod
    def resolve_title_translations(obj) -> dict[str, str]:
        return versions(obj, "title")

    @staticmethod
    def resolve_description_translations(obj) -> dict[str, str]:
        return versions(obj, "description")

    @staticmethod
    def resolve_place_translations(obj) -> dict[str, str]:
        return versions(obj, "place")

    @staticmethod
    def resolve_accessibility_translations(obj) -> dict[str, str]:
        return versions(obj, "accessibility")


class OpportunityDetailOut(OpportunityOut):
    shifts: list[ShiftOut] = Field(..., description="The upcoming shifts")

    @staticmethod
    def resolve_shifts(obj) -> list:
        return obj.shift_list


@router.get("/opportunities", response={200: list[OpportunityOut], **errors.READ_LIST})
@paginate(Pagination)
def opportunity_list(request):
    """The opportunities open to the caller (or signed up for); every one for those
    who keep them."""
    request.actor.require_any(ANY)
    return selectors.opportunity_list(request.actor)


@router.post("/opportunities", response={201: OpportunityDetailOut, **errors.CREATE})
def opportunity_create(request, payload: OpportunityIn):
    """An opportunity with its shifts: one at ``first_starts_at``, or weekly on
    ``weekdays`` until ``until``."""
    request.actor.require(MANAGE)
    values = references_resolve(
        payload.model_dump(),
        {
            "initiative": initiative_visible(request.actor),
            "partner_organisation": organisation_visible(request.actor),
        },
    )
    if not values.get("until"):
        values["weekdays"] = None
    found = translations_take(values, Opportunity.translatable, request.tenant)
    opportunity = services.opportunity_create(
        actor=request.actor, translations=found, **values
    )
    return Status(201, _detail(request, opportunity))


def _detail(request, opportunity: Opportunity) -> Opportunity:
    opportunity.shift_list = selectors.opportunity_shifts(request.actor, opportunity)
    return opportunity


@router.get(
    "/opportunities/{int:id}",
    response={200: OpportunityDetailOut, **errors.READ_ONE},
)
def opportunity_detail(request, id: Id):
    request.actor.require_any(ANY)
    return _detail(request, access_opportunity_by_id(request.actor, id))


class OpportunityPatch(In):
    title: Text(200, min_length=1) | None = None
    title_translations: Translations(200) = Field(None, description=TRANSLATIONS_HELP)
    description_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    place_translations: Translations(200) = Field(None, description=TRANSLATIONS_HELP)
    accessibility_translations: Translations(10000) = Field(
        None, description=TRANSLATIONS_HELP
    )
    description: Text(10000) | None = None
    place: Text(200, min_length=1) | None = None
    accessibility: Text(10000) | None = None
    capacity: Annotated[int, Strict(), Field(ge=1, le=500)] | None = Field(
        None, description="Upcoming shifts that had the old number get the new one"
    )
    skills: list[IdIn] | None = Field(None, max_length=100)
    languages: list[Language] | None = Field(None, max_length=20)
    open_to_volunteers: Bool | None = None
    open_to_residents: Bool | None = None
    open_to_partners: Bool | None = None
    partner_organisation: IdIn | None = None
    team_visible: Bool | None = None
    level: Annotated[int, Strict(), Field(ge=1, le=5)] | None = None
    status: Choice(Opportunity.Status) | None = None


@router.patch(
    "/opportunities/{int:id}", response={200: OpportunityDetailOut, **errors.CHANGE}
)
def opportunity_update(request, id: Id, payload: OpportunityPatch):
    """Change what the opportunity says; its upcoming shifts follow (texts, places)."""
    request.actor.require(MANAGE)
    opportunity = access_opportunity_by_id(request.actor, id)
    values = references_resolve(
        payload.model_dump(exclude_unset=True),
        {"partner_organisation": organisation_visible(request.actor)},
    )
    skills = values.pop("skills", None)
    found = translations_take(values, Opportunity.translatable, request.tenant)
    opportunity = services.opportunity_update(
        opportunity=opportunity,
        actor=request.actor,
        skills=skills,
        translations=found,
        **values,
    )
    return _detail(request, opportunity)


class ShiftIn(In):
    starts_at: DateTimeIn
    ends_at: DateTimeIn
    capacity: Annotated[int, Strict(), Field(ge=1, le=500)] | None = Field(
        None, description="Default: the opportunity's number of places"
    )


@router.post(
    "/opportunities/{int:id}/shifts", response={201: ShiftOut, **errors.CHANGE}
)
def shift_create(request, id: Id, payload: ShiftIn):
    """One more shift of the opportunity (its own activity of the initiative)."""
    request.actor.require(MANAGE)
    opportunity = access_opportunity_by_id(request.actor, id)
    shift = services.shift_create(
        opportunity=opportunity, actor=request.actor, **payload.model_dump()
    )
    return Status(201, selectors.shift_counted(request.actor, shift))


class StatusIn(In):
    status: Choice(Opportunity.Status)


@router.post(
    "/opportunities/{int:id}/status",
    response={200: OpportunityDetailOut, **errors.CHANGE},
)
def opportunity_status(request, id: Id, payload: StatusIn):
    """Open the opportunity for sign-up, close it, or take it back to a draft."""
    request.actor.require(MANAGE)
    opportunity = access_opportunity_by_id(request.actor, id)
    opportunity = services.opportunity_status_set(
        opportunity=opportunity, actor=request.actor, status=payload.status
    )
    return _detail(request, opportunity)


@router.get("/shifts/{int:shift_id}", response={200: ShiftOut, **errors.READ_ONE})
def shift_detail(request, shift_id: Id):
    request.actor.require_any(ANY)
    shift = access_shift_by_id(request.actor, shift_id)
    return selectors.shift_counted(request.actor, shift)


class ShiftPatch(In):
    starts_at: DateTimeIn | None = None
    ends_at: DateTimeIn | None = None
    capacity: Annotated[int, Strict(), Field(ge=1, le=500)] | None = None


@router.patch("/shifts/{int:shift_id}", response={200: ShiftOut, **errors.CHANGE})
def shift_update(request, shift_id: Id, payload: ShiftPatch):
    """Move the shift (those signed up are told) or change its places."""
    request.actor.require(MANAGE)
    shift = access_shift_by_id(request.actor, shift_id)
    shift = services.shift_update(
        shift=shift, actor=request.actor, **payload.model_dump(exclude_none=True)
    )
    return selectors.shift_counted(request.actor, shift)


class CancelIn(In):
    reason: Text(300) = Field("", description="Sent to those signed up")


@router.post("/shifts/{int:shift_id}/cancel", response={200: ShiftOut, **errors.CHANGE})
def shift_cancel(request, shift_id: Id, payload: CancelIn):
    """Cancel the shift: the sign-ups are closed (kept as cancelled), everyone told."""
    request.actor.require(MANAGE)
    shift = access_shift_by_id(request.actor, shift_id)
    services.shift_cancel(shift=shift, actor=request.actor, reason=payload.reason)
    return selectors.shift_counted(request.actor, shift)


class ClosedOut(Schema):
    no_show: int = Field(..., description="How many were recorded as not come")


@router.post(
    "/shifts/{int:shift_id}/close-attendance",
    response={200: ClosedOut, **errors.CHANGE},
)
def shift_attendance_close(request, shift_id: Id):
    """Whoever is still expected did not come."""
    request.actor.require(MANAGE)
    shift = access_shift_by_id(request.actor, shift_id)
    return {
        "no_show": services.shift_attendance_close(shift=shift, actor=request.actor)
    }


# Sign-ups -------------------------------------------------------------------------------


class SignUpOut(Schema):
    id: int
    shift: int
    opportunity: int
    starts_at: dt.datetime
    ends_at: dt.datetime
    status: str
    attendance: str
    checked_in_at: dt.datetime | None
    created_at: dt.datetime

    @staticmethod
    def resolve_shift(obj) -> int:
        return obj.shift_id

    @staticmethod
    def resolve_opportunity(obj) -> int:
        return obj.shift.opportunity_id

    @staticmethod
    def resolve_starts_at(obj) -> dt.datetime:
        return obj.shift.starts_at

    @staticmethod
    def resolve_ends_at(obj) -> dt.datetime:
        return obj.shift.ends_at


@router.post(
    "/shifts/{int:shift_id}/sign-up", response={201: SignUpOut, **errors.CHANGE}
)
def shift_sign_up(request, shift_id: Id):
    """Take a place on the shift, or the next place on its waiting list when it is
    full (``status`` says which)."""
    request.actor.require(TAKE_PART)
    shift = access_shift_by_id(request.actor, shift_id, related=("opportunity",))
    return Status(201, services.shift_sign_up(shift=shift, actor=request.actor))


@router.post(
    "/shifts/{int:shift_id}/withdraw", response={200: SignUpOut, **errors.CHANGE}
)
def shift_withdraw(request, shift_id: Id):
    """Give up one's place; the first on the waiting list takes it."""
    request.actor.require(TAKE_PART)
    shift = access_shift_by_id(request.actor, shift_id, related=("opportunity",))
    return services.shift_withdraw(shift=shift, actor=request.actor)


@router.get("/me/sign-ups", response={200: list[SignUpOut], **errors.READ_LIST})
@paginate(Pagination)
def my_signups(request, upcoming: bool = True):
    """The caller's places and places on waiting lists."""
    request.actor.require(TAKE_PART)
    return selectors.my_signups(request.actor, upcoming=upcoming)


class CheckInIn(In):
    code: Text(8, min_length=1) = Field(..., description="The code shown at the venue")


@router.post(
    "/shifts/{int:shift_id}/check-in", response={200: SignUpOut, **errors.CHANGE}
)
def shift_check_in(request, shift_id: Id, payload: CheckInIn):
    """Check oneself in with the shift's code, from an hour before it until its end."""
    request.actor.require(TAKE_PART)
    shift = access_shift_by_id(request.actor, shift_id)
    return services.checkin_by_code(actor=request.actor, code=payload.code, shift=shift)


class AttendanceIn(In):
    person: IdIn
    present: Bool = Field(..., description="true: came; false: did not (no-show)")


@router.post(
    "/shifts/{int:shift_id}/attendance", response={200: SignUpOut, **errors.CHANGE}
)
def shift_attendance(request, shift_id: Id, payload: AttendanceIn):
    """Record that a person with a place came (their hours count) or did not."""
    request.actor.require(MANAGE)
    shift = access_shift_by_id(request.actor, shift_id)
    signup = access_signup_by_person(request.actor, shift=shift, person=payload.person)
    return services.attendance_record(
        signup=signup, actor=request.actor, present=payload.present
    )


class AttendeeIn(In):
    person: IdIn
    role: Choice(ActorRole) | None = Field(
        None, description="Default: the person's role in the tenant"
    )
    hours: (
        Annotated[
            Decimal,
            BeforeValidator(_no_bool),
            Field(gt=0, le=24, max_digits=6, decimal_places=2),
        ]
        | None
    ) = Field(None, description="Default: the shift's length")


class AttendeesIn(In):
    attendees: list[AttendeeIn] = Field(..., min_length=1, max_length=5000)


@router.post(
    "/shifts/{int:shift_id}/attendees",
    response={201: list[SignUpOut], **errors.CHANGE},
)
def shift_attendees_add(request, shift_id: Id, payload: AttendeesIn):
    """Record many people as present at once, as checking in does; all or none (the
    errors name each refused entry by its place in the list, from 1)."""
    request.actor.require(MANAGE)
    shift = access_shift_by_id(request.actor, shift_id)
    ids = [a.person for a in payload.attendees]
    people = person_visible(request.actor).in_bulk(ids)
    if missing := [str(i) for i in ids if i not in people]:
        raise ValidationError(
            {
                "attendees": _("Person %(ids)s does not exist.")
                % {"ids": ", ".join(missing)}
            }
        )
    attendees = [
        services.Attendee(
            person=people[a.person], role=a.role or "", hours=a.hours, line=n
        )
        for n, a in enumerate(payload.attendees, start=1)
    ]
    try:
        added = services.attendance_add(
            shift=shift, actor=request.actor, attendees=attendees
        )
    except services.AttendanceRefused as exc:
        raise ValidationError({"attendees": exc.problems}) from None
    for signup in added:
        signup.shift = shift
    return Status(201, added)


class SignUpForIn(In):
    person: IdIn = Field(..., description="Whom to sign up (someone who phoned)")


@router.post(
    "/shifts/{int:shift_id}/sign-ups", response={201: SignUpOut, **errors.CHANGE}
)
def shift_sign_up_for(request, shift_id: Id, payload: SignUpForIn):
    """Sign a person up on their behalf: a place, or the waiting list when full."""
    request.actor.require(MANAGE)
    shift = access_shift_by_id(request.actor, shift_id)
    values = references_resolve(
        payload.model_dump(), {"person": person_visible(request.actor)}
    )
    signup = services.shift_sign_up_for(
        shift=shift, actor=request.actor, person=values["person"]
    )
    return Status(201, signup)


class RosterOut(Schema):
    id: int
    person: int
    name: str
    role: str
    status: str
    attendance: str
    checked_in_at: dt.datetime | None
    self_checked_in: bool = Field(..., description="Checked in with the venue's code")

    @staticmethod
    def resolve_person(obj) -> int:
        return obj.person_id

    @staticmethod
    def resolve_name(obj) -> str:
        return str(obj.person)


@router.get(
    "/shifts/{int:shift_id}/sign-ups",
    response={200: list[RosterOut], **errors.READ_ONE},
)
@paginate(Pagination)
def shift_roster(request, shift_id: Id):
    """The shift's roster: those with a place, then the waiting list, with their
    attendance (what the roster page shows)."""
    request.actor.require(MANAGE)
    shift = access_shift_by_id(request.actor, shift_id)
    return selectors.roster_queryset(shift)


# Claims ---------------------------------------------------------------------------------


class ClaimIn(In):
    activity: IdIn = Field(..., description="An activity the caller took part in")
    kind: Choice(Claim.Kind)
    hours: ClaimHours | None = None
    contribution_kind: Choice(Contribution.Kind) | None = None
    description: Text(300) = ""
    date: DateIn | None = Field(None, description="Default: the activity's date")
    estimated_value: Money | None = Field(None, description="EUR")


class ClaimOut(Out):
    person: int
    initiative: int
    activity: int
    kind: str
    role: str
    hours: float | None
    contribution_kind: str
    description: str
    date: dt.date
    estimated_value: float | None
    status: str
    reason: str
    decided_at: dt.datetime | None
    participation: int | None
    contribution: int | None

    @staticmethod
    def resolve_person(obj) -> int:
        return obj.person_id

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_participation(obj) -> int | None:
        return obj.participation_id

    @staticmethod
    def resolve_contribution(obj) -> int | None:
        return obj.contribution_id


class ReturnIn(In):
    reason: Text(2000, min_length=1)


@router.get("/claims", response={200: list[ClaimOut], **errors.READ_LIST})
@paginate(Pagination)
def claim_list(request, status: Choice(Claim.Status) | None = None):
    """One's own reports; for verifiers also those they may verify."""
    request.actor.require_any((TAKE_PART, VERIFY))
    return selectors.claim_list(request.actor, status=status)


@router.post("/claims", response={201: ClaimOut, **errors.CREATE})
def claim_create(request, payload: ClaimIn):
    """Report hours or a contribution in kind; it counts once verified."""
    request.actor.require(TAKE_PART)
    values = references_resolve(
        {k: v for k, v in payload.model_dump().items() if v not in (None, "")},
        {"activity": selectors.claimable_activities(request.actor)},
    )
    activity = values.pop("activity")
    claim = services.claim_submit(actor=request.actor, activity=activity, **values)
    return Status(201, claim)


@router.post("/claims/{int:claim_id}/verify", response={200: ClaimOut, **errors.CHANGE})
def claim_verify(request, claim_id: Id):
    """Accept a report: hours become the person's participation, a contribution in
    kind a contribution of the initiative."""
    request.actor.require(VERIFY)
    claim = access_claim_by_id(request.actor, claim_id)
    return services.claim_verify(claim=claim, actor=request.actor)


@router.post("/claims/{int:claim_id}/return", response={200: ClaimOut, **errors.CHANGE})
def claim_return(request, claim_id: Id, payload: ReturnIn):
    """Send a report back with the reason; the person may correct it."""
    request.actor.require(VERIFY)
    claim = access_claim_by_id(request.actor, claim_id)
    return services.claim_return(
        claim=claim, actor=request.actor, reason=payload.reason
    )


class ResubmitIn(In):
    hours: ClaimHours | None = None
    contribution_kind: Choice(Contribution.Kind) | None = None
    description: Text(300) | None = None
    estimated_value: Money | None = Field(None, description="EUR")


@router.post(
    "/claims/{int:claim_id}/resubmit", response={200: ClaimOut, **errors.CHANGE}
)
def claim_resubmit(request, claim_id: Id, payload: ResubmitIn):
    """Correct a returned report and send it for verification again."""
    request.actor.require(TAKE_PART)
    claim = access_claim_by_id(request.actor, claim_id)
    return services.claim_resubmit(
        claim=claim, actor=request.actor, **payload.model_dump(exclude_none=True)
    )


@router.post(
    "/claims/{int:claim_id}/withdraw", response={200: ClaimOut, **errors.CHANGE}
)
def claim_withdraw(request, claim_id: Id):
    """Take back one's own report before it is verified."""
    request.actor.require(TAKE_PART)
    claim = access_claim_by_id(request.actor, claim_id)
    return services.claim_withdraw(claim=claim, actor=request.actor)


# Notifications and the calendar feed ----------------------------------------------------


class NotificationOut(Schema):
    id: int
    kind: str
    text: str
    url: str
    created_at: dt.datetime
    read_at: dt.datetime | None


@router.get(
    "/me/notifications", response={200: list[NotificationOut], **errors.READ_LIST}
)
@paginate(Pagination)
def my_notifications(request, unread: bool = False):
    """The caller's inbox, newest first, in the caller's language."""
    request.actor.require(TAKE_PART)
    qs = notification_visible(request.actor)
    return qs.filter(read_at__isnull=True) if unread else qs


class ReadOut(Schema):
    read: int = Field(..., description="How many were marked read")


@router.post("/me/notifications/read", response={200: ReadOut, **errors.CHANGE})
def my_notifications_read(request):
    request.actor.require(TAKE_PART)
    if request.actor.person is None:
        return {"read": 0}
    return {"read": services.notifications_read(person=request.actor.person)}


class FeedOut(Schema):
    url: str = Field(..., description="The new secret calendar address")


@router.post("/me/calendar-feed/renew", response={200: FeedOut, **errors.CHANGE})
def my_calendar_feed_renew(request):
    """A new secret calendar address; the old one stops working."""
    request.actor.require(TAKE_PART)
    profile = services.feed_token_renew(actor=request.actor)
    return {
        "url": request.build_absolute_uri(
            reverse("calendar-feed", kwargs={"token": profile.feed_token})
        )
    }


# The caller's profile and data ----------------------------------------------------------


class CoproducerProfileOut(Schema):
    consent: bool
    consent_at: dt.datetime | None
    consent_withdrawn_at: dt.datetime | None
    skills: list[int]
    languages: list[str]
    availability: dict[str, list[str]]
    availability_exceptions: list["ExceptionOut"]
    area: str
    callout_ok: bool
    email_kinds: list[str]


class ExceptionOut(Schema):
    starts_on: dt.date
    ends_on: dt.date
    available: bool
    note: str


class ExceptionIn(In):
    starts_on: DateIn
    ends_on: DateIn
    available: Bool = False
    note: Text(200) = ""


class CoproducerProfilePatch(In):
    consent: Bool | None = Field(
        None, description="false erases skills, languages and availability"
    )
    skills: list[IdIn] | None = Field(None, max_length=100)
    languages: list[Language] | None = Field(None, max_length=20)
    availability: dict[Weekday, list[DayPart]] | None = None
    email_kinds: list[Choice(Notification.Kind)] | None = Field(None, max_length=20)
    area: Text(10) | None = None
    callout_ok: Bool | None = None
    availability_exceptions: list[ExceptionIn] | None = Field(
        None, max_length=100, description="Replaces them all"
    )


def _profile(profile) -> dict:
    if profile is None:
        return {
            "consent": False,
            "consent_at": None,
            "consent_withdrawn_at": None,
            "skills": [],
            "languages": [],
            "availability": {},
            "availability_exceptions": [],
            "area": "",
            "callout_ok": False,
            "email_kinds": sorted(services.EMAIL_DEFAULT),
        }
    return {
        "consent": profile.has_consent,
        "consent_at": profile.consent_at,
        "consent_withdrawn_at": profile.consent_withdrawn_at,
        "skills": sorted(s.pk for s in profile.skills.all()),
        "languages": profile.languages,
        "availability": profile.availability,
        "availability_exceptions": list(profile.exceptions.all()),
        "area": profile.area,
        "callout_ok": profile.callout_ok,
        "email_kinds": profile.email_kinds,
    }


@router.get("/me/profile", response={200: CoproducerProfileOut, **errors.READ_ONE})
def my_profile(request):
    """What the caller gives about themselves (kept only with their consent)."""
    request.actor.require(TAKE_PART)
    return _profile(selectors.profile_of(request.actor))


@router.patch("/me/profile", response={200: CoproducerProfileOut, **errors.CHANGE})
def my_profile_update(request, payload: CoproducerProfilePatch):
    request.actor.require(TAKE_PART)
    current = _profile(selectors.profile_of(request.actor))
    given = {k: v for k, v in payload.model_dump().items() if v is not None}
    values = {
        k: given.get(k, current[k])
        for k in (
            "consent",
            "skills",
            "languages",
            "availability",
            "email_kinds",
            "area",
            "callout_ok",
        )
    }
    profile = services.profile_update(actor=request.actor, **values)
    if "availability_exceptions" in given:
        services.availability_exceptions_set(
            actor=request.actor, exceptions=given["availability_exceptions"]
        )
    return _profile(selectors.profile_of(request.actor) or profile)


@router.get("/me/data", response={200: dict[str, Any], **errors.READ_ONE})
def my_data(request):
    """Everything coproduce holds about the caller in this tenant, as the page's JSON
    export gives it (GDPR Art. 15 and 20)."""
    request.actor.require(TAKE_PART)
    return selectors.person_data(request.actor)
