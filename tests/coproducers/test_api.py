"""The co-producers' side through the API: sign-up and the waiting list, check-in with
the code, attendance, claims verified into counted hours, and the 404 for what one may
not see (not open to one's role, another tenant's)."""

import datetime as dt
import json

import pytest

from coproduce.coproducers import services
from coproduce.coproducers.models import Claim, SignUp
from coproduce.initiatives.models import Participation
from tests import factories as f
from tests.conftest import Client

from .conftest import make_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world, api_headers):
    """api(name) -> a client with a bearer token of that member of the world."""

    def make(name, tenant=None):
        return Client(headers=api_headers(world.users[name], tenant or world.tenant))

    return make


def post(client, url, body=None):
    return client.post(
        f"/api/v1{url}", data=json.dumps(body or {}), content_type="application/json"
    )


def test_sign_up_waitlist_and_withdraw_promotes(world, api):
    shift = world.shifts[0]
    shift.capacity = 1
    shift.save()
    first = post(api("volunteer"), f"/shifts/{shift.pk}/sign-up")
    assert first.status_code == 201, first.content
    assert first.json()["status"] == "confirmed"
    second = post(api("volunteer2"), f"/shifts/{shift.pk}/sign-up")
    assert second.status_code == 201
    assert second.json()["status"] == "waitlisted"
    again = post(api("volunteer2"), f"/shifts/{shift.pk}/sign-up")
    assert again.status_code == 422

    mine = api("volunteer2").get("/api/v1/me/sign-ups").json()
    assert [s["status"] for s in mine["items"]] == ["waitlisted"]
    detail = api("volunteer").get(f"/api/v1/shifts/{shift.pk}").json()
    assert (detail["confirmed"], detail["waiting"], detail["my_status"]) == (
        1,
        1,
        "confirmed",
    )

    withdrawn = post(api("volunteer"), f"/shifts/{shift.pk}/withdraw")
    assert withdrawn.status_code == 200
    assert withdrawn.json()["status"] == "withdrawn"
    promoted = SignUp.objects.get(shift=shift, person=world.person["volunteer2"])
    assert promoted.status == SignUp.Status.CONFIRMED


def test_opportunities_list_and_detail_with_shifts(world, api):
    page = api("volunteer").get("/api/v1/opportunities").json()
    assert [o["id"] for o in page["items"]] == [world.opportunity.pk]
    detail = api("volunteer").get(f"/api/v1/opportunities/{world.opportunity.pk}")
    assert detail.status_code == 200
    assert len(detail.json()["shifts"]) == len(world.shifts)
    assert api("viewer").get("/api/v1/opportunities").status_code == 403


def test_coordinator_creates_an_opportunity(world, api):
    starts = (dt.datetime.now(dt.UTC) + dt.timedelta(days=5)).replace(microsecond=0)
    response = post(
        api("coordinator"),
        "/opportunities",
        {
            "initiative": world.initiative.pk,
            "title": "Read to children",
            "place": "Library",
            "capacity": 4,
            "first_starts_at": starts.isoformat(),
            "minutes": 60,
            "status": "published",
        },
    )
    assert response.status_code == 201, response.content
    assert len(response.json()["shifts"]) == 1
    assert post(api("volunteer"), "/opportunities", {}).status_code in (403, 422)


def test_check_in_with_the_code(world, api):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    shift = make_past(shift, hours_ago=0)
    client = api("volunteer")
    wrong = post(client, f"/shifts/{shift.pk}/check-in", {"code": "WRONG1"})
    assert wrong.status_code == 422
    right = post(client, f"/shifts/{shift.pk}/check-in", {"code": shift.checkin_code})
    assert right.status_code == 200, right.content
    assert right.json()["attendance"] == "present"
    assert Participation.objects.filter(
        activity=shift.activity, person=world.person["volunteer"]
    ).exists()


def test_coordinator_records_attendance(world, api):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    client = api("coordinator")
    url = f"/shifts/{shift.pk}/attendance"
    came = post(client, url, {"person": world.person["volunteer"].pk, "present": True})
    assert came.status_code == 200, came.content
    assert came.json()["attendance"] == "present"
    nobody = post(client, url, {"person": world.person["viewer"].pk, "present": True})
    assert nobody.status_code == 422
    body = {"person": world.person["volunteer"].pk, "present": False}
    assert post(api("volunteer"), url, body).status_code == 403


def test_a_verified_claim_becomes_counted_hours(world, api):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    shift = make_past(shift, hours_ago=3)
    created = post(
        api("volunteer"),
        "/claims",
        {"activity": shift.activity_id, "kind": "hours", "hours": 2.5},
    )
    assert created.status_code == 201, created.content
    claim_id = created.json()["id"]
    assert created.json()["status"] == "pending"
    own = api("volunteer").get("/api/v1/claims").json()
    assert [c["id"] for c in own["items"]] == [claim_id]
    assert post(api("volunteer"), f"/claims/{claim_id}/verify").status_code == 403

    verified = post(api("professional"), f"/claims/{claim_id}/verify")
    assert verified.status_code == 200, verified.content
    assert verified.json()["status"] == "verified"
    participation = Participation.objects.get(pk=verified.json()["participation"])
    assert participation.person == world.person["volunteer"]
    assert float(participation.hours) == 2.5
    assert post(api("professional"), f"/claims/{claim_id}/verify").status_code == 422


def test_a_claim_is_returned_with_a_reason(world, api):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift, hours_ago=3)
    claim = services.claim_submit(
        actor=world.actors["volunteer"],
        activity=shift.activity,
        kind="hours",
        hours=2,
    )
    client = api("coordinator")
    assert post(client, f"/claims/{claim.pk}/return", {"reason": ""}).status_code == 422
    returned = post(client, f"/claims/{claim.pk}/return", {"reason": "Two, not 20"})
    assert returned.status_code == 200
    assert returned.json()["status"] == "returned"
    assert Claim.objects.get(pk=claim.pk).reason == "Two, not 20"


def test_service_user_gets_404_for_an_opportunity_not_open_to_them(world, api):
    volunteers_only = services.opportunity_create(
        initiative=world.initiative,
        actor=world.actors["coordinator"],
        first_starts_at=world.shifts[0].starts_at,
        minutes=60,
        title="Drive the van",
        place="Depot",
        capacity=1,
        open_to_volunteers=True,
        open_to_residents=False,
        status="published",
    )
    shift = volunteers_only.shifts.get()
    client = api("service_user")
    assert client.get(f"/api/v1/opportunities/{volunteers_only.pk}").status_code == 404
    assert client.get(f"/api/v1/shifts/{shift.pk}").status_code == 404
    assert post(client, f"/shifts/{shift.pk}/sign-up").status_code == 404
    listed = client.get("/api/v1/opportunities").json()["items"]
    assert volunteers_only.pk not in [o["id"] for o in listed]
    assert api("volunteer").get(f"/api/v1/shifts/{shift.pk}").status_code == 200


def test_another_tenants_ids_are_404(world, api, other_tenant, make_member):
    from tests.coproducers.conftest import actor_of

    coordinator = make_member(other_tenant, "coordinator")
    volunteer = make_member(other_tenant, "volunteer")
    theirs = services.opportunity_create(
        initiative=f.InitiativeFactory(tenant=other_tenant),
        actor=actor_of(coordinator, other_tenant),
        first_starts_at=world.shifts[0].starts_at,
        minutes=60,
        title="Elsewhere",
        place="Hillview",
        capacity=3,
        status="published",
    )
    shift = theirs.shifts.get()
    for name in ("coordinator", "volunteer"):
        client = api(name)
        assert client.get(f"/api/v1/opportunities/{theirs.pk}").status_code == 404
        assert client.get(f"/api/v1/shifts/{shift.pk}").status_code == 404
    assert post(api("volunteer"), f"/shifts/{shift.pk}/sign-up").status_code == 404
    body = {"person": 1, "present": True}
    assert (
        post(api("coordinator"), f"/shifts/{shift.pk}/attendance", body).status_code
        == 404
    )
    services.shift_sign_up(shift=shift, actor=actor_of(volunteer, other_tenant))
    make_past(shift, hours_ago=2)
    claim = services.claim_submit(
        actor=actor_of(volunteer, other_tenant),
        activity=shift.activity,
        kind="hours",
        hours=1,
    )
    assert post(api("professional"), f"/claims/{claim.pk}/verify").status_code == 404
    created = post(
        api("volunteer"),
        "/claims",
        {"activity": shift.activity_id, "kind": "hours", "hours": 1},
    )
    assert created.status_code == 422


def test_profile_and_data(world, api):
    client = api("volunteer")
    profile = client.get("/api/v1/me/profile")
    assert profile.status_code == 200
    assert profile.json()["consent"] is False
    changed = client.patch(
        "/api/v1/me/profile",
        data=json.dumps(
            {"consent": True, "languages": ["fi"], "availability": {"mon": ["evening"]}}
        ),
        content_type="application/json",
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["languages"] == ["fi"]
    assert changed.json()["consent"] is True
    data = client.get("/api/v1/me/data")
    assert data.status_code == 200
    assert data.json()["format"] == "coproduce-person-data/1"
    assert data.json()["coproducer_profile"]["languages"] == ["fi"]
    assert api("viewer").get("/api/v1/me/data").status_code == 403
