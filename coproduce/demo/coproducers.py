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
