"""Initiatives, partners, activities, participations, contributions, the profile and the
portfolio through the API."""

from decimal import Decimal

import pytest

from coproduce.core.models import Event
from coproduce.initiatives.models import Initiative

from .. import factories as f
from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def test_initiative_round_trip(api, tenant):
    lead = f.OrganisationFactory(tenant=tenant)
    service = f.PublicServiceFactory(tenant=tenant)

    created = api.post(
        "/initiatives",
        {
            "name": "Street repair cafe",
            "lead_organisation": lead.pk,
            "services": [service.pk],
            "co_design": True,
            "co_delivery": True,
            "declared_scope": "group",
            "start_date": "2026-02-01",
        },
    )
    assert created.status_code == 201, created.content
    body = created.data
    assert body["slug"] == "street-repair-cafe"
    assert body["services"] == [service.pk]
    assert body["declared_stages"] == ["design", "delivery"]
    assert body["version"] == 1

    initiative_id = body["id"]
    assert api.get(f"/initiatives/{initiative_id}").data["name"] == "Street repair cafe"
    changed = api.patch(
        f"/initiatives/{initiative_id}",
        {"status": "running", "services": [], "version": 1},
    )
    assert changed.status_code == 200, changed.content
    assert (changed.data["status"], changed.data["services"]) == ("running", [])
    assert changed.data["version"] == 2

    assert api.delete(f"/initiatives/{initiative_id}").status_code == 204
    assert_problem(api.get(f"/initiatives/{initiative_id}"), 404)


def test_stale_version_is_a_409_and_changes_nothing(api, tenant):
    initiative = f.InitiativeFactory(tenant=tenant, name="Before", version=3)

    response = api.patch(
        f"/initiatives/{initiative.pk}", {"name": "After", "version": 2}
    )

    body = assert_problem(response, 409)
    assert "version 3" in body["detail"]
    initiative.refresh_from_db()
    assert (initiative.name, initiative.version) == ("Before", 3)


def test_illegal_status_move_is_a_422_on_status(api, tenant):
    initiative = f.InitiativeFactory(tenant=tenant, status=Initiative.Status.IDEA)

    response = api.patch(f"/initiatives/{initiative.pk}", {"status": "evaluated"})

    assert [e["field"] for e in assert_problem(response, 422)["errors"]] == ["status"]


def test_initiative_filters(api, tenant):
    running = f.InitiativeFactory(tenant=tenant, name="Running", co_design=True)
    f.InitiativeFactory(tenant=tenant, name="Closed", status="closed")
    design = f.ActivityFactory(initiative=running, stage="design", level=4)
    f.ParticipationFactory(activity=design, role="resident")

    def names(**params):
        return [i["name"] for i in api.get("/initiatives", **params).data["items"]]

    assert names(status="closed") == ["Closed"]
    assert names(realised_stage="design") == ["Running"]
    assert names(co_produced="false") == ["Closed"]
    assert names(q="runn") == ["Running"]
    assert_problem(api.get("/initiatives", status="sleeping"), 422)


def test_pagination_counts_and_limits(api, tenant):
    for n in range(7):
        f.InitiativeFactory(tenant=tenant, name=f"Initiative {n}")

    page = api.get("/initiatives", limit=3, offset=5).data

    assert page["count"] == 7
    assert [i["name"] for i in page["items"]] == ["Initiative 5", "Initiative 6"]
    assert_problem(api.get("/initiatives", limit=0), 422)
    assert_problem(api.get("/initiatives", limit=100000), 422)


def test_partner_round_trip(api, tenant):
    initiative = f.InitiativeFactory(tenant=tenant)
    org = f.OrganisationFactory(tenant=tenant)

    created = api.post(
        "/partners",
        {"initiative": initiative.pk, "organisation": org.pk, "role": "host"},
    )
    assert created.status_code == 201, created.content
    partner_id = created.data["id"]
    assert api.get("/partners", initiative=initiative.pk).data["count"] == 1
    assert (
        api.patch(f"/partners/{partner_id}", {"role": "funder"}).data["role"]
        == "funder"
    )
    assert api.get(f"/partners/{partner_id}").data["role"] == "funder"
    assert api.delete(f"/partners/{partner_id}").status_code == 204


def test_activity_participation_contribution_round_trip(api, tenant):
    initiative = f.InitiativeFactory(tenant=tenant)
    person = f.PersonFactory(tenant=tenant)
    group = f.OrganisationFactory(tenant=tenant, kind="community_group")

    activity = api.post(
        "/activities",
        {
            "initiative": initiative.pk,
            "stage": "delivery",
            "title": "Repair evening",
            "kind": "volunteer_shift",
            "starts_at": "2026-03-01T18:00:00+02:00",
            "level": 4,
            "mode": "doing",
        },
    )
    assert activity.status_code == 201, activity.content
    activity_id = activity.data["id"]
    assert activity.data["starts_at"].startswith("2026-03-01T")
    moved = api.patch(
        f"/activities/{activity_id}", {"ends_at": "2026-03-01T21:00:00+02:00"}
    )
    assert moved.status_code == 200, moved.content
    backwards = api.patch(
        f"/activities/{activity_id}", {"ends_at": "2026-02-01T00:00:00Z"}
    )
    assert assert_problem(backwards, 422)["errors"][0]["field"] == "ends_at"
    no_such_zone = api.patch(
        f"/activities/{activity_id}", {"ends_at": "2026-03-01T21:00:00+17:24"}
    )
    error = assert_problem(no_such_zone, 422)["errors"][0]
    assert error["field"] == "ends_at"
    assert "-12:00 and +14:00" in error["message"]
    kiribati = api.patch(
        f"/activities/{activity_id}", {"ends_at": "2026-03-02T09:00:00+14:00"}
    )
    assert kiribati.status_code == 200, kiribati.content

    participation = api.post(
        "/participations",
        {
            "activity": activity_id,
            "person": person.pk,
            "role": "volunteer",
            "hours": "3.5",
        },
    )
    assert participation.status_code == 201, participation.content
    participation_id = participation.data["id"]
    assert participation.data["initiative"] == initiative.pk
    assert participation.data["hours"] == 3.5
    twice = api.post(
        "/participations",
        {
            "activity": activity_id,
            "person": person.pk,
            "role": "volunteer",
        },
    )
    assert assert_problem(twice, 422)["errors"][0]["field"] == "person"
    nobody = api.post("/participations", {"activity": activity_id, "role": "resident"})
    assert_problem(nobody, 422)
    changed = api.patch(f"/participations/{participation_id}", {"hours": 4})
    assert changed.data["hours"] == 4.0
    assert api.get("/participations", person=person.pk).data["count"] == 1
    assert api.get("/participations", role="professional").data["count"] == 0

    contribution = api.post(
        "/contributions",
        {
            "initiative": initiative.pk,
            "activity": activity_id,
            "organisation": group.pk,
            "kind": "premises",
            "description": "Workshop room",
            "date": "2026-03-01",
            "estimated_value": "150.00",
        },
    )
    assert contribution.status_code == 201, contribution.content
    contribution_id = contribution.data["id"]
    assert contribution.data["estimated_value"] == 150.0
    changed = api.patch(f"/contributions/{contribution_id}", {"kind": "equipment"})
    assert changed.data["kind"] == "equipment"
    assert api.get("/contributions", initiative=initiative.pk).data["count"] == 1

    assert api.delete(f"/contributions/{contribution_id}").status_code == 204
    assert api.delete(f"/participations/{participation_id}").status_code == 204
    assert api.delete(f"/activities/{activity_id}").status_code == 204
    assert api.get("/activities", initiative=initiative.pk).data["count"] == 0
    # every change left its event row, with the API user as the actor
    actions = set(Event.objects.filter(tenant=tenant).values_list("action", flat=True))
    assert {
        "activity.created",
        "participation.changed",
        "contribution.deleted",
    } <= actions


def test_contribution_activity_must_belong_to_its_initiative(api, tenant):
    contribution = f.ContributionFactory(tenant=tenant, initiative__tenant=tenant)
    elsewhere = f.ActivityFactory(initiative__tenant=tenant)

    response = api.patch(
        f"/contributions/{contribution.pk}", {"activity": elsewhere.pk}
    )

    assert assert_problem(response, 422)["errors"][0]["field"] == "activity"


def test_activity_filters(api, tenant):
    initiative = f.InitiativeFactory(tenant=tenant)
    f.ActivityFactory(initiative=initiative, stage="design", level=2, title="Survey")
    f.ActivityFactory(initiative=initiative, stage="delivery", level=4, title="Shift")

    def titles(**params):
        return [a["title"] for a in api.get("/activities", **params).data["items"]]

    assert titles(stage="design") == ["Survey"]
    assert titles(level=4) == ["Shift"]
    assert titles(starts_before="2000-01-01T00:00:00Z") == []
    assert sorted(titles(starts_after="2000-01-01T00:00:00Z")) == ["Shift", "Survey"]


def test_profile_numbers(api, tenant):
    initiative = f.InitiativeFactory(tenant=tenant, co_design=True, co_delivery=True)
    design = f.ActivityFactory(
        initiative=initiative, stage="design", level=2, mode="voice"
    )
    delivery = f.ActivityFactory(
        initiative=initiative, stage="delivery", level=4, mode="doing"
    )
    f.ParticipationFactory(activity=design, role="resident", hours=Decimal("1.5"))
    f.ParticipationFactory(activity=delivery, role="volunteer", hours=Decimal("4"))
    f.ParticipationFactory(activity=delivery, role="professional", hours=Decimal("2"))

    profile = api.get(f"/initiatives/{initiative.pk}/profile").data

    assert profile["matrix"]["delivery"]["volunteer"] == {
        "level": 4,
        "label": "Collaborate",
    }
    assert profile["matrix"]["design"]["resident"] == {"level": 2, "label": "Consult"}
    assert profile["matrix"]["commissioning"]["resident"] == {
        "level": None,
        "label": "",
    }
    assert profile["co_produced"] is True
    assert profile["co_produced_stages"] == ["delivery"]
    assert profile["declared_stages"] == ["design", "delivery"]
    assert profile["hours"] == {"voice": 1.5, "doing": 6.0}
    assert profile["citizen_hours"] == {"voice": 1.5, "doing": 4.0}
    # one citizen per activity, where collective co-production was declared
    assert profile["observed_scope"] == "individual"
    assert [(x["severity"], x["stage"]) for x in profile["findings"]] == [
        ("warning", "design"),
        ("warning", None),
    ]


def test_portfolio_counts_the_visible_filtered_initiatives(api, tenant, other_tenant):
    co_produced = f.InitiativeFactory(tenant=tenant, co_delivery=True)
    f.InitiativeFactory(tenant=tenant, co_design=True)  # declared, never realised
    f.InitiativeFactory(tenant=other_tenant, co_design=True)
    delivery = f.ActivityFactory(initiative=co_produced, stage="delivery", level=3)
    f.ParticipationFactory(activity=delivery, role="service_user", hours=Decimal("2"))

    summary = api.get("/portfolio").data

    assert (summary["total"], summary["co_produced"], summary["rhetoric"]) == (2, 1, 1)
    stages = {s["stage"]: (s["declared"], s["realised"]) for s in summary["stages"]}
    assert stages == {
        "commissioning": (0, 0),
        "design": (1, 0),
        "delivery": (1, 1),
        "assessment": (0, 0),
    }
    assert summary["hours"] == {"voice": 2.0, "doing": 0}
    assert api.get("/portfolio", rhetoric="true").data["total"] == 1


def test_volunteer_sees_only_their_initiatives_and_may_not_write(
    api_as, tenant, make_member
):
    user = make_member(tenant, "volunteer")
    volunteer = api_as(user, tenant)
    mine = f.InitiativeFactory(tenant=tenant, name="Mine")
    other = f.InitiativeFactory(tenant=tenant, name="Other")
    shift = f.ActivityFactory(initiative=mine)
    f.ParticipationFactory(activity=shift, person=user_person(user), role="volunteer")
    hidden = f.ActivityFactory(initiative=other)

    assert [i["name"] for i in volunteer.get("/initiatives").data["items"]] == ["Mine"]
    assert volunteer.get(f"/initiatives/{mine.pk}").status_code == 200
    assert_problem(volunteer.get(f"/initiatives/{other.pk}"), 404)
    assert_problem(volunteer.get(f"/initiatives/{other.pk}/profile"), 404)
    assert_problem(volunteer.get(f"/activities/{hidden.pk}"), 404)
    assert [a["id"] for a in volunteer.get("/activities").data["items"]] == [shift.pk]
    assert volunteer.get("/portfolio").data["total"] == 1

    assert_problem(
        volunteer.post("/initiatives", {"name": "X", "lead_organisation": 1}), 403
    )
    assert_problem(volunteer.patch(f"/initiatives/{mine.pk}", {"name": "Y"}), 403)
    assert_problem(volunteer.delete(f"/activities/{shift.pk}"), 403)


def test_member_without_a_person_sees_no_initiative(api_as, tenant, make_member):
    volunteer = api_as(make_member(tenant, "volunteer", person=False), tenant)
    f.InitiativeFactory(tenant=tenant)

    assert volunteer.get("/initiatives").data == {"count": 0, "items": [], "next": None}


def user_person(user):
    from coproduce.people.models import Person

    return Person.objects.get(user=user)


def test_search_finds_what_the_portfolio_pages_search_box_finds(
    api, tenant, coordinator_client
):
    # given initiatives matching by name, description and place, and one not matching
    f.InitiativeFactory(tenant=tenant, name="Riverside garden")
    f.InitiativeFactory(tenant=tenant, name="Soup", description="in the riverside hall")
    f.InitiativeFactory(tenant=tenant, name="Walks", place="Riverside park")
    f.InitiativeFactory(tenant=tenant, name="Harbour clean-up")

    def api_names(**params):
        return sorted(
            i["name"] for i in api.get("/initiatives", **params).data["items"]
        )

    # when searching in the API (search=, or its older name q=) and on the page
    page = coordinator_client.get(
        f"/t/{tenant.slug}/", {"q": " riverside "}, headers={"HX-Request": "true"}
    ).content.decode()

    # then both find the same three, and the portfolio counts them
    found = ["Riverside garden", "Soup", "Walks"]
    assert api_names(search=" riverside ") == found
    assert api_names(q="riverside") == found
    assert all(name in page for name in found)
    assert "Harbour" not in page
    assert api_names(search="nowhere") == []
    assert api.get("/portfolio", search="riverside").data["total"] == 3


def test_an_outsiders_ids_are_404_on_every_initiatives_route(tenant, outsider):
    # given one row of every initiatives resource in the first tenant
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    rows = {
        "initiatives": initiative,
        "partners": f.InitiativePartnerFactory(initiative=initiative),
        "activities": activity,
        "participations": f.ParticipationFactory(activity=activity),
        "contributions": f.ContributionFactory(initiative=initiative),
    }
    # then a coordinator of the other tenant finds none of them
    for resource, obj in rows.items():
        assert_problem(outsider.get(f"/{resource}/{obj.pk}"), 404)
        assert_problem(outsider.patch(f"/{resource}/{obj.pk}", {}), 404)
        assert_problem(outsider.delete(f"/{resource}/{obj.pk}"), 404)
    assert_problem(outsider.get(f"/initiatives/{initiative.pk}/profile"), 404)
