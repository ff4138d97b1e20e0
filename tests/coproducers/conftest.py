"""A tenant with a coordinator, a professional and one co-producer of each kind, an
initiative, and an opportunity open to volunteers and residents with a weekly series of
shifts two places each, all in the future."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.utils import timezone

from coproduce.coproducers import services
from coproduce.people.models import Membership, Person
from coproduce.tenancy.actor import actor_build
from tests import factories as f


def actor_of(user, tenant):
    from coproduce.tenancy.models import TenantMembership

    role = TenantMembership.objects.get(tenant=tenant, user=user).role
    return actor_build(tenant=tenant, user=user, role=role)


@pytest.fixture
def world(tenant, make_member, coordinator):
    users = {
        "coordinator": coordinator,
        "professional": make_member(tenant, "professional", username="pia"),
        "volunteer": make_member(tenant, "volunteer", username="vera"),
        "volunteer2": make_member(tenant, "volunteer", username="ville"),
        "volunteer3": make_member(tenant, "volunteer", username="veikko"),
        "service_user": make_member(tenant, "service_user", username="sami"),
        "partner": make_member(tenant, "partner", username="paula"),
        "viewer": make_member(tenant, "viewer", username="vivi"),
    }
    for name in ("volunteer", "service_user"):
        p = Person.objects.get(user=users[name])
        p.email = f"{name}@example.org"
        p.save()
    partner_org = f.OrganisationFactory(tenant=tenant, name="Red Cross")
    f.MembershipFactory(
        tenant=tenant,
        person=Person.objects.get(user=users["partner"]),
        organisation=partner_org,
        role=Membership.Role.REPRESENTATIVE,
    )
    initiative = f.InitiativeFactory(tenant=tenant, name="Food aid", co_delivery=True)
    actors = {k: actor_of(u, tenant) for k, u in users.items()}
    first = timezone.localtime() + dt.timedelta(days=3)
    first = first.replace(hour=17, minute=0, second=0, microsecond=0)
    opportunity = services.opportunity_create(
        initiative=initiative,
        actor=actors["coordinator"],
        first_starts_at=first,
        minutes=150,
        weekdays=[first.weekday()],
        until=(first + dt.timedelta(days=14)).date(),
        title="Pack food bags",
        place="Parish hall",
        accessibility="Step-free entrance.",
        capacity=2,
        languages=["fi", "sv"],
        open_to_volunteers=True,
        open_to_residents=True,
        status="published",
    )
    return SimpleNamespace(
        tenant=tenant,
        users=users,
        actors=actors,
        initiative=initiative,
        opportunity=opportunity,
        shifts=list(opportunity.shifts.order_by("starts_at")),
        partner_org=partner_org,
        person={k: Person.objects.get(user=u) for k, u in users.items()},
    )


def make_past(shift, hours_ago=1):
    """Move a shift (and its activity) so that it started ``hours_ago`` hours ago."""
    start = timezone.now() - dt.timedelta(hours=hours_ago)
    length = shift.ends_at - shift.starts_at
    shift.starts_at, shift.ends_at = start, start + length
    shift.save()
    shift.activity.starts_at, shift.activity.ends_at = start, start + length
    shift.activity.save()
    return shift
