"""The co-producers' own pages in the demo (issue 13): the Welcome Point (scenario 5)
runs a weekly evening shift at its welcome desk in the main library, open to volunteers
and residents, through the coproducers services (every record has its event).

- a shift on 12 March 2026 (before the demo day) that the demo volunteer and service user
  came to, checked in from the roster and with the venue's code: their participations
  count in the Welcome Point's profile;
- what they reported afterwards, waiting for a professional's verification: the
  volunteer's hour of preparation, the service user's baking (in kind);
- a weekly series of shifts from the week after today (by the clock, so that the demo
  shows what is coming whenever it is loaded), the volunteer with a place on two, the
  service user on one.

Scenario 1's living-room evenings go on as hosted evenings residents sign up for: the
evening of 4 March 2026 that five Koivumäki residents and the service user hosted
(checked in from the roster), his hour of baking beforehand waiting for verification, and
the evenings every other week from next week with residents signed up (by phone, through
the coordinator) and the first one full, a resident on its waiting list. The partner
(the Kotona association's coordinator) interprets at the Welcome Point: an evening she
came to with her hours waiting, and the next one she signed up for.
"""

import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from coproduce.coproducers import services
from coproduce.coproducers.models import SignUp
from coproduce.core.services import instance_save
from coproduce.initiatives.models import Initiative
from coproduce.people.models import Membership, Organisation, Person
from coproduce.tenancy.actor import actor_build
from coproduce.tenancy.models import TenantMembership

from .scenarios import DEMO_TODAY, SCENARIOS


def _actor(tenant, username: str):
    membership = TenantMembership.objects.select_related("user").get(
        tenant=tenant, user__username=username
    )
    return actor_build(tenant=tenant, user=membership.user, role=membership.role)


def coproducers_load(*, tenant, actor) -> None:
    welcome = Initiative.objects.get(tenant=tenant, slug=SCENARIOS[5][0])
    coordinator = _actor(tenant, actor.username)
    volunteer = _actor(tenant, "volunteer")
    resident = _actor(tenant, "serviceuser")
    zone = ZoneInfo(settings.TIME_ZONE)
    for who in (volunteer, resident):
        services.profile_get_or_create(person=who.person)

    # the shift that happened
    past = services.opportunity_create(
        initiative=welcome,
        actor=coordinator,
        first_starts_at=dt.datetime(2026, 3, 12, 17, 0, tzinfo=zone),
        minutes=150,
        title="Welcome desk evening: hosts",
        description="Welcome newcomers, make coffee, show the way to the advisers.",
        place="Main library, Welcome Point",
        accessibility="Step-free entrance; hearing loop at the desk; quiet room.",
        capacity=3,
        languages=["fi", "sv"],
        open_to_volunteers=True,
        open_to_residents=True,
        status="closed",
    )
    shift = past.shifts.get()
    for who in (volunteer, resident):
        signup = instance_save(
            SignUp(
                tenant=tenant,
                shift=shift,
                person=who.person,
                role=services.ACTOR_ROLE_OF[who.role],
                status=SignUp.Status.CONFIRMED,
                queued_at=shift.starts_at - dt.timedelta(days=5),
            ),
            actor=who.user,
            action="signup.confirmed",
            fields=["shift", "person", "role", "status"],
        )
        services.attendance_record(
            signup=signup,
            actor=coordinator if who is volunteer else who,
            present=True,
            by_self=who is resident,
        )
    services.claim_submit(
        actor=volunteer,
        activity=shift.activity,
        kind="hours",
        hours=Decimal("1.5"),
        description="Bought the coffee and set up the desk beforehand",
    )
    services.claim_submit(
        actor=resident,
        activity=shift.activity,
        kind="in_kind",
        contribution_kind="food",
        description="Two trays of cinnamon buns",
        estimated_value=Decimal("15.00"),
    )

    # what is coming: every Thursday evening for six weeks from next week
    today = max(timezone.localdate(), DEMO_TODAY)
    thursday = today + dt.timedelta(days=7 + (3 - today.weekday()) % 7)
    coming = services.opportunity_create(
        initiative=welcome,
        actor=coordinator,
        first_starts_at=dt.datetime.combine(thursday, dt.time(17, 0), tzinfo=zone),
        minutes=150,
        weekdays=[3],
        until=thursday + dt.timedelta(weeks=5),
        title="Thursday evenings at the welcome desk",
        description="Host the welcome desk with an adviser of the Welcome Point.",
        place="Main library, Welcome Point",
        accessibility="Step-free entrance; hearing loop at the desk; quiet room.",
        capacity=3,
        languages=["fi", "sv", "fse"],
        open_to_volunteers=True,
        open_to_residents=True,
        status="published",
    )
    shifts = list(coming.shifts.order_by("starts_at"))
    services.shift_sign_up(shift=shifts[0], actor=volunteer)
    services.shift_sign_up(shift=shifts[2], actor=volunteer)
    services.shift_sign_up(shift=shifts[0], actor=resident)

    _living_room_load(tenant=tenant, coordinator=coordinator, resident=resident)
    _partner_load(tenant=tenant, coordinator=coordinator, welcome=welcome)


def _next(weekday: int, weeks: int = 1) -> dt.date:
    today = max(timezone.localdate(), DEMO_TODAY)
    return today + dt.timedelta(days=7 * weeks + (weekday - today.weekday()) % 7)


def _signed_up(shift, person, *, role: str, by, days_before: int) -> SignUp:
    """A place taken ``days_before`` the (past) shift: what signing up then made."""
    return instance_save(
        SignUp(
            tenant_id=shift.tenant_id,
            shift=shift,
            person=person,
            role=role,
            status=SignUp.Status.CONFIRMED,
            queued_at=shift.starts_at - dt.timedelta(days=days_before),
        ),
        actor=by.user,
        action="signup.confirmed",
        fields=["shift", "person", "role", "status"],
    )


def _came(shift, people, *, coordinator) -> None:
    """Signed up by phone before the evening, then checked in from the roster."""
    for person in people:
        signup = _signed_up(
            shift, person, role="resident", by=coordinator, days_before=4
        )
        services.attendance_record(signup=signup, actor=coordinator, present=True)


def _living_room_load(*, tenant, coordinator, resident) -> None:
    koivumaki = Initiative.objects.get(tenant=tenant, slug=SCENARIOS[1][0])
    zone = ZoneInfo(settings.TIME_ZONE)
    residents = list(
        Person.objects.filter(
            tenant=tenant,
            user__isnull=True,
            memberships__organisation__name="Koivumäki Residents' Association",
            memberships__role=Membership.Role.MEMBER,
        )
        .distinct()
        .order_by("family_name", "given_name", "pk")[:9]
    )
    values = {
        "initiative": koivumaki,
        "actor": coordinator,
        "minutes": 180,
        "title": "Host a living room evening",
        "description": "Open the dining hall, make tea, welcome neighbours; a youth "
        "worker is there with you.",
        "place": "Koivumäki school, dining hall",
        "accessibility": "Step-free entrance from the yard; induction loop.",
        "capacity": 6,
        "languages": ["fi"],
        "open_to_volunteers": True,
        "open_to_residents": True,
        "team_visible": True,
    }
    # the evening that happened, 4 March 2026
    past = services.opportunity_create(
        first_starts_at=dt.datetime(2026, 3, 4, 17, 30, tzinfo=zone),
        status="published",
        **values,
    )
    evening = past.shifts.get()
    signup = _signed_up(
        evening,
        resident.person,
        role=services.ACTOR_ROLE_OF[resident.role],
        by=resident,
        days_before=6,
    )
    _came(evening, residents[:5], coordinator=coordinator)
    services.attendance_record(
        signup=signup, actor=resident, present=True, by_self=True
    )
    services.opportunity_status_set(
        opportunity=past, actor=coordinator, status="closed"
    )
    services.claim_submit(
        actor=resident,
        activity=evening.activity,
        kind="hours",
        hours=Decimal("1"),
        description="Baked the rye bread for the evening at home",
    )
    # every other Wednesday from next week
    first = _next(2)
    coming = services.opportunity_create(
        first_starts_at=dt.datetime.combine(first, dt.time(17, 30), tzinfo=zone),
        weekdays=[2],
        until=first + dt.timedelta(weeks=8),
        status="published",
        **values,
    )
    shifts = list(coming.shifts.order_by("starts_at"))[::2]  # every other week
    for shift in list(coming.shifts.exclude(pk__in=[x.pk for x in shifts])):
        services.shift_cancel(
            shift=shift, actor=coordinator, reason="The school hall is taken."
        )
    for person in residents[:5]:
        services.shift_sign_up_for(shift=shifts[0], actor=coordinator, person=person)
    services.shift_sign_up(shift=shifts[0], actor=resident)  # the last place
    services.shift_sign_up_for(  # the first on the waiting list
        shift=shifts[0], actor=coordinator, person=residents[5]
    )
    services.shift_sign_up(shift=shifts[2], actor=resident)
    for person in residents[6:9]:
        services.shift_sign_up_for(shift=shifts[1], actor=coordinator, person=person)


def _partner_load(*, tenant, coordinator, welcome) -> None:
    partner = _actor(tenant, "partner")
    kotona = Organisation.objects.get(
        tenant=tenant, name="Kotona Multicultural Association"
    )
    zone = ZoneInfo(settings.TIME_ZONE)
    values = {
        "initiative": welcome,
        "actor": coordinator,
        "minutes": 120,
        "title": "Interpreting at the welcome desk",
        "description": "Interpret between newcomers and the advisers in Arabic "
        "or Somali.",
        "place": "Main library, Welcome Point",
        "accessibility": "Step-free entrance; hearing loop at the desk; quiet room.",
        "capacity": 2,
        "languages": ["ar", "so"],
        "open_to_volunteers": False,
        "open_to_partners": True,
        "partner_organisation": kotona,
    }
    past = services.opportunity_create(
        first_starts_at=dt.datetime(2026, 3, 10, 16, 0, tzinfo=zone),
        status="published",
        **values,
    )
    evening = past.shifts.get()
    signup = _signed_up(
        evening,
        partner.person,
        role=services.ACTOR_ROLE_OF[partner.role],
        by=partner,
        days_before=3,
    )
    services.attendance_record(signup=signup, actor=coordinator, present=True)
    services.opportunity_status_set(
        opportunity=past, actor=coordinator, status="closed"
    )
    services.claim_submit(
        actor=partner,
        activity=evening.activity,
        kind="hours",
        hours=Decimal("1"),
        description="Stayed an hour longer to finish a housing application",
    )
    first = _next(1)
    coming = services.opportunity_create(
        first_starts_at=dt.datetime.combine(first, dt.time(16, 0), tzinfo=zone),
        weekdays=[1],
        until=first + dt.timedelta(weeks=3),
        status="published",
        **values,
    )
    services.shift_sign_up(
        shift=coming.shifts.order_by("starts_at").first(), actor=partner
    )
