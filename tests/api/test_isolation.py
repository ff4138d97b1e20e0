"""Two tenants: a member of the other tenant never sees, finds or points at the first's rows."""

import pytest

from .. import factories as f
from .conftest import assert_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def rows(tenant):
    """One row of every resource in the first tenant."""
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    participation = f.ParticipationFactory(activity=activity)
    return {
        "organisations": initiative.lead_organisation,
        "people": participation.person,
        "memberships": f.MembershipFactory(tenant=tenant),
        "services": f.PublicServiceFactory(tenant=tenant),
        "initiatives": initiative,
        "partners": f.InitiativePartnerFactory(initiative=initiative),
        "activities": activity,
        "participations": participation,
        "contributions": f.ContributionFactory(initiative=initiative),
    }


def test_the_other_tenant_gets_404_for_every_detail(rows, outsider):
    for resource, obj in rows.items():
        for call in (outsider.get, outsider.delete):
            assert_problem(call(f"/{resource}/{obj.pk}"), 404)
        assert_problem(outsider.patch(f"/{resource}/{obj.pk}", {}), 404)
    assert_problem(outsider.get(f"/initiatives/{rows['initiatives'].pk}/profile"), 404)


def test_the_other_tenant_gets_empty_lists(rows, outsider, api):
    for resource in rows:
        assert api.get(f"/{resource}").data["count"] >= 1, resource
        empty = outsider.get(f"/{resource}").data
        assert empty["count"] == 0, resource
        assert empty["items"] == [], resource
        assert outsider.get(f"/{resource}?cursor=").data["items"] == [], resource
    assert outsider.get("/portfolio").data["total"] == 0


def test_pointing_at_the_other_tenants_rows_is_a_422_naming_the_field(
    rows, outsider, other_tenant
):
    mine = f.InitiativeFactory(tenant=other_tenant)
    my_activity = f.ActivityFactory(initiative=mine)
    my_person = f.PersonFactory(tenant=other_tenant)
    my_org = f.OrganisationFactory(tenant=other_tenant)
    theirs = {name: obj.pk for name, obj in rows.items()}
    cases = [
        (
            "/organisations",
            {"name": "X", "kind": "ngo", "parent": theirs["organisations"]},
            "parent",
        ),
        (
            "/memberships",
            {"person": theirs["people"], "organisation": my_org.pk, "role": "member"},
            "person",
        ),
        (
            "/memberships",
            {
                "person": my_person.pk,
                "organisation": theirs["organisations"],
                "role": "member",
            },
            "organisation",
        ),
        (
            "/services",
            {
                "identifier": "s",
                "name": "S",
                "description": "D",
                "competent_authority": theirs["organisations"],
            },
            "competent_authority",
        ),
        (
            "/initiatives",
            {"name": "X", "lead_organisation": theirs["organisations"]},
            "lead_organisation",
        ),
        (
            "/initiatives",
            {
                "name": "X",
                "lead_organisation": my_org.pk,
                "services": [theirs["services"]],
            },
            "services",
        ),
        (
            "/partners",
            {
                "initiative": theirs["initiatives"],
                "organisation": my_org.pk,
                "role": "host",
            },
            "initiative",
        ),
        (
            "/partners",
            {
                "initiative": mine.pk,
                "organisation": theirs["organisations"],
                "role": "host",
            },
            "organisation",
        ),
        (
            "/activities",
            {
                "initiative": theirs["initiatives"],
                "stage": "design",
                "title": "T",
                "kind": "workshop",
                "starts_at": "2026-01-01T10:00:00Z",
                "level": 3,
                "mode": "voice",
            },
            "initiative",
        ),
        (
            "/participations",
            {
                "activity": theirs["activities"],
                "person": my_person.pk,
                "role": "resident",
            },
            "activity",
        ),
        (
            "/participations",
            {
                "activity": my_activity.pk,
                "person": theirs["people"],
                "role": "resident",
            },
            "person",
        ),
        (
            "/contributions",
            {
                "initiative": mine.pk,
                "organisation": theirs["organisations"],
                "kind": "food",
                "description": "Soup",
                "date": "2026-01-01",
            },
            "organisation",
        ),
        (
            "/contributions",
            {
                "initiative": mine.pk,
                "activity": theirs["activities"],
                "person": my_person.pk,
                "kind": "food",
                "description": "Soup",
                "date": "2026-01-01",
            },
            "activity",
        ),
    ]
    for path, body, field in cases:
        response = outsider.post(path, body)
        errors = assert_problem(response, 422)["errors"]
        assert [e["field"] for e in errors] == [field], (path, field)
        assert str(rows["organisations"].name) not in response.content.decode()

    # ... and on changes too
    response = outsider.patch(
        f"/initiatives/{mine.pk}", {"lead_organisation": theirs["organisations"]}
    )
    assert [e["field"] for e in assert_problem(response, 422)["errors"]] == [
        "lead_organisation"
    ]
