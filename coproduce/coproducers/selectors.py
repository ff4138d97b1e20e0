"""Every read of the co-producers' side: a co-producer's own page, what is open to them,
rosters, the verification queue, and everything held about a person (GDPR Art. 15/20)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Sum
from django.utils import timezone

from coproduce.cases.access import case_visible
from coproduce.evaluation.models import Invitation, Wave
from coproduce.initiatives.models import Activity, Contribution, Participation
from coproduce.people.models import Membership, Person
from coproduce.tenancy.actor import Actor

from .access import (
    claim_visible,
    notification_visible,
    opportunity_visible,
    shift_visible,
)
from .models import (
    AvailabilityException,
    Claim,
    CoproducerProfile,
    Notification,
    Opportunity,
    Shift,
    SignUp,
)

ZERO = Decimal("0")
ACTIVE = (SignUp.Status.CONFIRMED, SignUp.Status.WAITLISTED)


def _shifts_counted(qs: QuerySet[Shift]) -> QuerySet[Shift]:
    return qs.annotate(
        n_confirmed=Count("signups", filter=Q(signups__status=SignUp.Status.CONFIRMED)),
        n_waiting=Count("signups", filter=Q(signups__status=SignUp.Status.WAITLISTED)),
    )


def my_signups(actor: Actor, *, upcoming: bool = True) -> QuerySet[SignUp]:
    if actor.person is None:
        return SignUp.objects.none()
    qs = SignUp.objects.filter(
        tenant=actor.tenant, person=actor.person, status__in=ACTIVE
    ).select_related("shift__opportunity__initiative")
    if upcoming:
        qs = qs.filter(shift__ends_at__gte=timezone.now(), shift__cancelled=False)
    return qs.order_by("shift__starts_at", "id")


def my_claims(actor: Actor) -> QuerySet[Claim]:
    if actor.person is None:
        return Claim.objects.none()
    return (
        Claim.objects.filter(tenant=actor.tenant, person=actor.person)
        .exclude(status=Claim.Status.WITHDRAWN)
        .select_related("activity", "initiative")
        .order_by("-date", "-id")
    )


def my_hours(actor: Actor) -> dict[str, Decimal]:
    """Verified hours (what counts: the person's participations) and those waiting."""
    if actor.person is None:
        return {"verified": ZERO, "pending": ZERO}
    verified = Participation.objects.filter(
        tenant=actor.tenant, person=actor.person
    ).aggregate(h=Sum("hours"))["h"]
    pending = Claim.objects.filter(
        tenant=actor.tenant,
        person=actor.person,
        kind=Claim.Kind.HOURS,
        status__in=[Claim.Status.PENDING, Claim.Status.RETURNED],
    ).aggregate(h=Sum("hours"))["h"]
    return {"verified": verified or ZERO, "pending": pending or ZERO}


def my_participations(actor: Actor, limit: int = 20) -> list[Participation]:
    if actor.person is None:
        return []
    return list(
        Participation.objects.filter(tenant=actor.tenant, person=actor.person)
        .select_related("activity", "initiative")
        .order_by("-activity__starts_at", "-id")[:limit]
    )


def my_surveys(actor: Actor) -> list[Invitation]:
    """Open survey waves of panels the person is a member of, not answered yet."""
    if actor.person is None:
        return []
    return list(
        Invitation.objects.filter(
            tenant=actor.tenant,
            member__person=actor.person,
            member__withdrawn_at__isnull=True,
            wave__status=Wave.Status.OPEN,
            submitted_at__isnull=True,
        )
        .select_related("wave__panel__initiative")
        .order_by("wave__closes_at", "id")
    )


def my_cases(actor: Actor) -> list:
    """Open cases the person is assigned to (a volunteer mediator), as the cases app
    lets them see; nobody else's."""
    if actor.person is None or actor.can("cases.view_all"):
        return []
    return list(
        case_visible(actor)
        .filter(
            assignments__person=actor.person,
            assignments__ended_at=None,
            closed_at__isnull=True,
        )
        .select_related("case_type")
        .distinct()
        .order_by("-referred_on", "-id")[:20]
    )


def my_notifications(actor: Actor, limit: int = 10) -> list[Notification]:
    return list(notification_visible(actor)[:limit])


def unread_count(actor: Actor) -> int:
    return notification_visible(actor).filter(read_at__isnull=True).count()


def opportunity_list(actor: Actor) -> QuerySet[Opportunity]:
    now = timezone.now()
    qs = opportunity_visible(actor).select_related("initiative")
    if not actor.can("coproducers.manage"):
        qs = qs.filter(status=Opportunity.Status.PUBLISHED)
    upcoming = Shift.objects.filter(
        opportunity=OuterRef("pk"), starts_at__gte=now, cancelled=False
    )
    return (
        qs.annotate(has_upcoming=Exists(upcoming))
        .prefetch_related(
            "skills",
            Prefetch(
                "shifts",
                queryset=_shifts_counted(
                    Shift.objects.filter(starts_at__gte=now, cancelled=False)
                ).order_by("starts_at"),
                to_attr="upcoming_shifts",
            ),
        )
        .order_by("-has_upcoming", "title", "id")
    )


def opportunity_shifts(
    actor: Actor, opportunity: Opportunity, *, past: bool = False
) -> list[Shift]:
    """The opportunity's shifts with their counts and the actor's own sign-up."""
    qs = shift_visible(actor, Shift.objects.filter(opportunity=opportunity))
    now = timezone.now()
    qs = qs.filter(ends_at__lt=now) if past else qs.filter(ends_at__gte=now)
    shifts = list(_shifts_counted(qs).order_by("starts_at", "id")[:60])
    mine: dict[int, SignUp] = {}
    if actor.person is not None:
        mine = {
            s.shift_id: s
            for s in SignUp.objects.filter(
                shift__in=[s.pk for s in shifts], person=actor.person
            )
        }
    for shift in shifts:
        shift.mine = mine.get(shift.pk)  # type: ignore[attr-defined]
    return shifts


def shift_counted(actor: Actor, shift: Shift) -> Shift:
    """The shift with its counts and the actor's own sign-up (as ``opportunity_shifts``)."""
    counted = _shifts_counted(Shift.objects.filter(pk=shift.pk)).get()
    counted.mine = (  # type: ignore[attr-defined]
        SignUp.objects.filter(shift=shift, person=actor.person).first()
        if actor.person is not None
        else None
    )
    return counted


def shift_team(shift: Shift, *, all_roles: bool) -> list[SignUp]:
    """Who has a place on the shift; without ``all_roles`` not its service users."""
    qs = SignUp.objects.filter(
        shift=shift, status=SignUp.Status.CONFIRMED
    ).select_related("person")
    if not all_roles:
        qs = qs.exclude(role="service_user")
    return list(qs.order_by("person__given_name", "person__family_name"))


def roster_queryset(shift: Shift) -> QuerySet[SignUp]:
    """Those with a place, then the waiting list, by name; with their person."""
    return (
        SignUp.objects.filter(shift=shift, status__in=ACTIVE)
        .select_related("person")
        .order_by("status", "person__family_name", "person__given_name", "id")
    )


# what the roster's rows and the sign-in sheet show (roster.py): fetching only these
# halves the time of a 200-person roster's query (its rows' other columns, timestamps
# most, cost more to read and convert than the query takes)
ROSTER_FIELDS = (
    "id",
    "shift_id",
    "person_id",
    "status",
    "attendance",
    "self_checked_in",
    "person__given_name",
    "person__family_name",
)


def roster(shift: Shift) -> list[SignUp]:
    """The roster's sign-ups with only what its rows show (the rest loads on access)."""
    return list(roster_queryset(shift).only(*ROSTER_FIELDS))


def claim_queue(actor: Actor) -> QuerySet[Claim]:
    """Reports waiting for verification that the actor may decide (not their own)."""
    qs = claim_visible(actor).filter(status=Claim.Status.PENDING)
    if actor.person is not None:
        qs = qs.exclude(person=actor.person)
    return qs.select_related("person", "activity", "initiative").order_by(
        "created_at", "id"
    )


def claim_list(actor: Actor, *, status: str | None = None) -> QuerySet[Claim]:
    """One's own claims and, for verifiers, those of the initiatives they read."""
    qs = claim_visible(actor)
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def claimable_activities(actor: Actor) -> QuerySet[Activity]:
    """Activities the person took part in (recorded, or with a place on their shift)
    that have begun: what they may report hours or contributions for."""
    if actor.person is None:
        return Activity.objects.none()
    took_part = Participation.objects.filter(
        activity=OuterRef("pk"), person=actor.person
    )
    had_place = SignUp.objects.filter(
        shift__activity=OuterRef("pk"),
        person=actor.person,
        status=SignUp.Status.CONFIRMED,
    )
    return (
        Activity.objects.filter(tenant=actor.tenant, starts_at__lte=timezone.now())
        .filter(Q(Exists(took_part)) | Q(Exists(had_place)))
        .select_related("initiative")
        .order_by("-starts_at", "-id")
    )


def calendar_signups(person: Person) -> list[SignUp]:
    """The shifts a person has a place on, from a month back, for their calendar, and
    those cancelled under them (as cancelled events, so a subscribed calendar drops
    them)."""
    since = timezone.now() - dt.timedelta(days=31)
    return list(
        SignUp.objects.filter(
            person=person,
            status__in=[SignUp.Status.CONFIRMED, SignUp.Status.CANCELLED],
            shift__ends_at__gte=since,
        )
        .select_related("shift__opportunity__initiative")
        .order_by("shift__starts_at", "id")
    )


def profile_by_feed_token(token: str) -> CoproducerProfile | None:
    return (
        CoproducerProfile.objects.filter(feed_token=token)
        .select_related("person")
        .first()
    )


def profile_of(actor: Actor) -> CoproducerProfile | None:
    if actor.person is None:
        return None
    return (
        CoproducerProfile.objects.filter(person=actor.person)
        .prefetch_related("skills")
        .first()
    )


def my_exceptions(actor: Actor) -> list[AvailabilityException]:
    if actor.person is None:
        return []
    return list(
        AvailabilityException.objects.filter(
            tenant=actor.tenant, profile__person=actor.person
        ).order_by("starts_on", "id")
    )


def _rows(qs, fields: list[str]) -> list[dict[str, Any]]:
    out = []
    for row in qs.values(*fields):
        out.append(
            {
                k: (
                    v.isoformat()
                    if hasattr(v, "isoformat")
                    else str(v)
                    if isinstance(v, Decimal)
                    else v
                )
                for k, v in row.items()
            }
        )
    return out


def person_data(actor: Actor) -> dict[str, Any]:
    """Everything coproduce holds about the actor's person in this tenant, readable by a
    person and by a machine (GDPR Art. 15 access, Art. 20 portability)."""
    person = actor.person
    if person is None:
        return {}
    profile = profile_of(actor)
    return {
        "format": "coproduce-person-data/1",
        "exported_at": timezone.now().isoformat(),
        "tenant": actor.tenant.name if actor.tenant else "",
        "person": _rows(
            Person.objects.filter(pk=person.pk),
            [
                "given_name",
                "family_name",
                "email",
                "phone",
                "languages",
                "demographics_consent_at",
                "age_band",
                "gender",
                "first_language",
                "district",
                "created_at",
            ],
        )[0],
        "memberships": _rows(
            Membership.objects.filter(person=person),
            ["organisation__name", "role", "title", "start_date", "end_date"],
        ),
        "coproducer_profile": (
            {
                "skills": [s.name for s in profile.skills.all()],
                "languages": profile.languages,
                "availability": profile.availability,
                "availability_exceptions": _rows(
                    AvailabilityException.objects.filter(profile=profile),
                    ["starts_on", "ends_on", "available", "note"],
                ),
                "area": profile.area,
                "callout_ok": profile.callout_ok,
                "email_kinds": profile.email_kinds,
                "email_language": profile.email_language,
                "consent_at": profile.consent_at.isoformat()
                if profile.consent_at
                else None,
                "consent_withdrawn_at": profile.consent_withdrawn_at.isoformat()
                if profile.consent_withdrawn_at
                else None,
            }
            if profile
            else None
        ),
        "participations": _rows(
            Participation.objects.filter(person=person),
            [
                "initiative__name",
                "activity__title",
                "activity__starts_at",
                "role",
                "hours",
            ],
        ),
        "contributions": _rows(
            Contribution.objects.filter(person=person),
            ["initiative__name", "kind", "description", "date", "estimated_value"],
        ),
        "signups": _rows(
            SignUp.objects.filter(person=person),
            [
                "shift__opportunity__title",
                "shift__starts_at",
                "shift__ends_at",
                "status",
                "attendance",
                "checked_in_at",
                "created_at",
            ],
        ),
        "reported": _rows(
            Claim.objects.filter(person=person),
            [
                "activity__title",
                "kind",
                "hours",
                "contribution_kind",
                "description",
                "date",
                "estimated_value",
                "status",
                "reason",
                "decided_at",
                "created_at",
            ],
        ),
        "notifications": [
            {
                "kind": n.kind,
                "text": n.text,
                "created_at": n.created_at.isoformat(),
                "read_at": n.read_at.isoformat() if n.read_at else None,
                "emailed_at": n.emailed_at.isoformat() if n.emailed_at else None,
            }
            for n in Notification.objects.filter(person=person)
        ],
        "survey_panels": _rows(
            Invitation.objects.filter(member__person=person),
            [
                "wave__panel__name",
                "wave__number",
                "sent_at",
                "submitted_at",
            ],
        ),
    }
