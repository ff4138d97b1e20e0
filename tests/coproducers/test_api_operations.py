"""The operations that give the API what the pages do: attendance at scale, signing up on
someone's behalf, editing and cancelling, closing attendance, resubmitting and withdrawing
reports, the inbox, a new calendar address, the whole profile."""

import json

import pytest

from coproduce.coproducers import services
from coproduce.coproducers.models import Claim, CoproducerProfile, Notification, SignUp
from coproduce.initiatives.models import Participation
from tests.conftest import Client

from .conftest import make_past

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world, api_headers):
    def make(name, tenant=None):
        return Client(headers=api_headers(world.users[name], tenant or world.tenant))

    return make


def send(client, method, url, body=None):
    return getattr(client, method)(
        f"/api/v1{url}", data=json.dumps(body or {}), content_type="application/json"
    )


def test_attendees_at_once_all_or_none(world, api):
    shift = make_past(world.shifts[0])
    vera, sami = world.person["volunteer"], world.person["service_user"]
    bad = send(
        api("coordinator"),
        "post",
        f"/shifts/{shift.pk}/attendees",
        {"attendees": [{"person": vera.pk}, {"person": vera.pk}]},
    )
    assert bad.status_code == 422
    assert "Line 2: Vera Member is listed twice." in bad.content.decode()
    assert not Participation.objects.filter(activity=shift.activity).exists()
    ok = send(
        api("coordinator"),
        "post",
        f"/shifts/{shift.pk}/attendees",
        {"attendees": [{"person": vera.pk, "hours": "1.5"}, {"person": sami.pk}]},
    )
    assert ok.status_code == 201, ok.content
    assert {r["attendance"] for r in ok.json()} == {"present"}
    got = {
        (p.person_id, p.role, str(p.hours))
        for p in Participation.objects.filter(activity=shift.activity)
    }
    assert got == {(vera.pk, "volunteer", "1.50"), (sami.pk, "service_user", "2.50")}


def test_volunteer_cannot_add_attendees_and_other_tenant_is_404(
    world, api, other_tenant, make_member
):
    shift = make_past(world.shifts[0])
    body = {"attendees": [{"person": world.person["volunteer"].pk}]}
    refused = send(api("volunteer"), "post", f"/shifts/{shift.pk}/attendees", body)
    assert refused.status_code == 403
    world.users["otto"] = make_member(other_tenant, "coordinator", username="otto")
    other = api("otto", tenant=other_tenant)
    assert send(other, "post", f"/shifts/{shift.pk}/attendees", body).status_code == 404
    assert not Participation.objects.filter(activity=shift.activity).exists()


def test_sign_up_on_behalf_and_a_person_of_another_tenant(world, api, other_tenant):
    from tests import factories as f

    shift = world.shifts[0]
    response = send(
        api("coordinator"),
        "post",
        f"/shifts/{shift.pk}/sign-ups",
        {"person": world.person["service_user"].pk},
    )
    assert response.status_code == 201, response.content
    assert response.json()["status"] == "confirmed"
    stranger = f.PersonFactory(tenant=other_tenant)
    refused = send(
        api("coordinator"),
        "post",
        f"/shifts/{shift.pk}/sign-ups",
        {"person": stranger.pk},
    )
    assert refused.status_code == 422
    assert not SignUp.objects.filter(person=stranger).exists()


def test_edit_status_move_cancel_and_close(world, api):
    coordinator = api("coordinator")
    opp = world.opportunity
    edited = send(
        coordinator, "patch", f"/opportunities/{opp.pk}", {"place": "Library"}
    )
    assert edited.status_code == 200, edited.content
    assert edited.json()["place"] == "Library"
    shift = world.shifts[1]
    moved = send(coordinator, "patch", f"/shifts/{shift.pk}", {"capacity": 5})
    assert moved.json()["capacity"] == 5
    services.shift_sign_up_for(
        shift=world.shifts[2],
        actor=world.actors["coordinator"],
        person=world.person["volunteer"],
    )
    cancelled = send(
        coordinator, "post", f"/shifts/{world.shifts[2].pk}/cancel", {"reason": "Ill."}
    )
    assert cancelled.json()["cancelled"] is True
    assert SignUp.objects.get(shift=world.shifts[2]).status == "cancelled"
    signup = services.shift_sign_up_for(
        shift=world.shifts[0],
        actor=world.actors["coordinator"],
        person=world.person["volunteer2"],
    )
    make_past(world.shifts[0])
    closed = send(coordinator, "post", f"/shifts/{world.shifts[0].pk}/close-attendance")
    assert closed.json() == {"no_show": 1}
    signup.refresh_from_db()
    assert signup.attendance == "no_show"
    status = send(
        coordinator, "post", f"/opportunities/{opp.pk}/status", {"status": "closed"}
    )
    assert status.json()["status"] == "closed"
    # a volunteer may do none of it
    volunteer = api("volunteer")
    assert send(volunteer, "patch", f"/opportunities/{opp.pk}", {}).status_code == 403
    assert send(volunteer, "post", f"/shifts/{shift.pk}/cancel").status_code == 403


def test_resubmit_and_withdraw_a_report(world, api):
    shift = world.shifts[0]
    signup = services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift, hours_ago=3)
    services.attendance_record(
        signup=signup, actor=world.actors["coordinator"], present=True
    )
    claim = services.claim_submit(
        actor=world.actors["volunteer"], activity=shift.activity, kind="hours", hours=1
    )
    services.claim_return(
        claim=claim, actor=world.actors["professional"], reason="Too few?"
    )
    again = send(
        api("volunteer"), "post", f"/claims/{claim.pk}/resubmit", {"hours": "2.5"}
    )
    assert again.status_code == 200, again.content
    assert (again.json()["status"], again.json()["hours"]) == ("pending", 2.5)
    other = send(api("volunteer2"), "post", f"/claims/{claim.pk}/withdraw")
    assert other.status_code == 404  # not theirs to see
    gone = send(api("volunteer"), "post", f"/claims/{claim.pk}/withdraw")
    assert gone.json()["status"] == "withdrawn"
    assert Claim.objects.get(pk=claim.pk).status == "withdrawn"


def test_inbox_read_and_a_new_calendar_address(world, api):
    services.shift_sign_up(shift=world.shifts[0], actor=world.actors["volunteer"])
    client = api("volunteer")
    inbox = client.get("/api/v1/me/notifications?unread=true").json()
    assert [n["kind"] for n in inbox["items"]] == ["signup.confirmed"]
    assert "Your place on Pack food bags" in inbox["items"][0]["text"]
    assert send(client, "post", "/me/notifications/read").json() == {"read": 1}
    assert client.get("/api/v1/me/notifications?unread=true").json()["items"] == []
    # nobody else's inbox
    assert api("volunteer2").get("/api/v1/me/notifications").json()["items"] == []
    first = send(client, "post", "/me/calendar-feed/renew").json()["url"]
    second = send(client, "post", "/me/calendar-feed/renew").json()["url"]
    assert first != second
    assert Client().get(first).status_code == 404
    assert Client().get(second).status_code == 200
    assert Notification.objects.filter(read_at__isnull=True).count() == 0


def test_profile_area_call_out_and_exceptions(world, api):
    client = api("volunteer")
    response = send(
        client,
        "patch",
        "/me/profile",
        {
            "consent": True,
            "area": "00100",
            "callout_ok": True,
            "availability_exceptions": [
                {"starts_on": "2027-07-01", "ends_on": "2027-07-21", "note": "Away"}
            ],
        },
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["area"], body["callout_ok"]) == ("00100", True)
    assert body["availability_exceptions"] == [
        {
            "starts_on": "2027-07-01",
            "ends_on": "2027-07-21",
            "available": False,
            "note": "Away",
        }
    ]
    bad = send(
        client,
        "patch",
        "/me/profile",
        {
            "availability_exceptions": [
                {"starts_on": "2027-07-21", "ends_on": "2027-07-01"}
            ]
        },
    )
    assert bad.status_code == 422
    profile = CoproducerProfile.objects.get(person=world.person["volunteer"])
    assert profile.exceptions.count() == 1  # the refused list replaced nothing


def test_roster_through_the_api(world, api, other_tenant, make_member):
    """The roster: places first, then the waiting list; coordinators only."""
    shift = world.shifts[0]  # two places
    for name in ("volunteer", "volunteer2", "volunteer3"):
        services.shift_sign_up(shift=shift, actor=world.actors[name])
    got = api("coordinator").get(f"/api/v1/shifts/{shift.pk}/sign-ups")
    assert got.status_code == 200, got.content
    rows = got.json()["items"]
    assert [(r["person"], r["status"]) for r in rows][-1] == (
        world.person["volunteer3"].pk,
        "waitlisted",
    )
    assert sorted(r["status"] for r in rows) == ["confirmed", "confirmed", "waitlisted"]
    assert {r["name"] for r in rows} >= {str(world.person["volunteer"])}
    assert (
        api("volunteer").get(f"/api/v1/shifts/{shift.pk}/sign-ups").status_code == 403
    )
    world.users["otto"] = make_member(other_tenant, "coordinator", username="otto")
    other = api("otto", tenant=other_tenant)
    assert other.get(f"/api/v1/shifts/{shift.pk}/sign-ups").status_code == 404
