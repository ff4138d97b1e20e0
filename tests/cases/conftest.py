"""A conciliation service: an office with a supervisor, a pair of volunteer mediators, a
coordinator, an auditor, and one registered case assigned to the pair."""

from types import SimpleNamespace

import pytest
from django.utils import timezone

from coproduce.cases import services
from coproduce.people.models import Membership, Person
from coproduce.tenancy.cli import actor_for

from .. import factories as f

PARTIES = [
    {
        "role": "victim",
        "given_name": "Vera",
        "family_name": "Victim",
        "email": "vera@example.org",
    },
    {
        "role": "suspect",
        "given_name": "Sami",
        "family_name": "Suspect",
        "phone": "+358 40 1",
    },
]


def actor_of(user, tenant):
    """The member's actor, as the middleware builds it for a page (grants included)."""
    return actor_for(user.username, tenant=tenant)


@pytest.fixture
def world(tenant, make_member, coordinator):
    office = f.OrganisationFactory(tenant=tenant, name="Conciliation office")
    other_office = f.OrganisationFactory(tenant=tenant, name="Other office")

    def member(role, username, org=office, org_role=None):
        user = make_member(tenant, role, username=username)
        person = Person.objects.get(tenant=tenant, user=user)
        if org_role:
            f.MembershipFactory(
                tenant=tenant, person=person, organisation=org, role=org_role
            )
        return user

    supervisor = member("professional", "sofia", org_role=Membership.Role.PROFESSIONAL)
    colleague = member("professional", "pekka", org_role=Membership.Role.PROFESSIONAL)
    stranger = member(
        "professional", "paula", org=other_office, org_role=Membership.Role.PROFESSIONAL
    )
    vol1 = member("volunteer", "ville", org_role=Membership.Role.VOLUNTEER)
    vol2 = member("volunteer", "venla", org_role=Membership.Role.VOLUNTEER)
    vol3 = member("volunteer", "veikko", org_role=Membership.Role.VOLUNTEER)
    auditor = member("viewer", "aino")
    viewer = member("viewer", "viivi")
    coord = actor_of(coordinator, tenant)
    services.auditor_designate(tenant=tenant, actor=coord, user=auditor)
    ctype = services.conciliation_install(tenant=tenant, actor=coord)
    case = services.case_register(
        tenant=tenant,
        actor=coord,
        case_type=ctype,
        organisation=office,
        referrer="police",
        referrer_name="Riverside police department",
        referred_on=timezone.localdate(),
        parties=PARTIES,
    )
    person = lambda u: Person.objects.get(tenant=tenant, user=u)  # noqa: E731
    case = services.case_assign(
        case=case,
        actor=coord,
        mediators=[person(vol1), person(vol2)],
        supervisor=person(supervisor),
        expected_version=case.version,
    )
    return SimpleNamespace(
        tenant=tenant,
        office=office,
        other_office=other_office,
        case_type=ctype,
        case=case,
        users=SimpleNamespace(
            coordinator=coordinator,
            supervisor=supervisor,
            colleague=colleague,
            stranger=stranger,
            vol1=vol1,
            vol2=vol2,
            vol3=vol3,
            auditor=auditor,
            viewer=viewer,
        ),
        actor=lambda u: actor_of(u, tenant),
        person=person,
    )


def step(world, user, code, **kwargs):
    from coproduce.cases.models import Case

    case = Case.objects.get(pk=world.case.pk)
    return services.case_step_record(
        case=case,
        actor=world.actor(user),
        code=code,
        expected_version=kwargs.pop("expected_version", case.version),
        **kwargs,
    )


def walk_to_agreement(world):
    u = world.users
    step(world, u.vol1, "consent", party="A")
    step(world, u.vol2, "consent", party="B")
    step(world, u.vol1, "preparation", note="Talked to both")
    step(world, u.vol2, "meeting", note="First meeting")
    return step(
        world, u.vol1, "agreement", outcome="agreement", note="Compensation 200 EUR"
    )
