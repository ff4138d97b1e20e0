"""Scenario 7 through the API (issue 14): post a need, read its ranked matches with
reasons, call out, answer with the link's token (no API token), see the answers, close
the need, log a decision; and the refusals: another tenant's need, a role without the
permission, a bad token, a bad body naming the field."""

import datetime as dt
import json

import pytest
from django.utils import timezone

from coproduce.crisis import services
from coproduce.crisis.models import CallOut
from tests import factories as f
from tests.conftest import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(crisis, api_headers):
    def make(name):
        return Client(headers=api_headers(crisis.users[name], crisis.tenant))

    return make


def post(client, url, body):
    return client.post(url, data=json.dumps(body), content_type="application/json")


def test_need_matches_call_out_answer_close(crisis, api):
    coord, pro = api("coordinator"), api("professional")
    start = timezone.now() + dt.timedelta(days=1, hours=2)
    body = {
        "initiative": crisis.initiative.pk,
        "title": "Groceries in Somali",
        "area": "00530",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "people_needed": 1,
        "languages": ["so"],
        "language": "so",
        "skills": [crisis.driving.pk],
        "resident_name": "Faadumo",
    }
    r = post(pro, "/api/v1/needs", body)
    assert r.status_code == 201, r.content
    need = r.json()
    assert need["has_resident"]
    assert "Faadumo" not in r.content.decode()
    assert pro.get(f"/api/v1/needs/{need['id']}/matches").status_code == 403
    r = coord.get(f"/api/v1/needs/{need['id']}/matches?limit=3")
    assert r.status_code == 200
    matches = r.json()
    assert matches[0]["person"] == crisis.person["amina"].pk
    assert matches[0]["lacks"] == []
    assert any("Somali" in x for x in matches[0]["reasons"])
    r = post(coord, f"/api/v1/needs/{need['id']}/call-outs", {"n": 2})
    assert r.status_code == 201
    assert len(r.json()) == 2
    first, second = CallOut.objects.filter(need_id=need["id"]).order_by("rank")
    anonymous = Client()
    r = post(
        anonymous,
        "/api/v1/call-outs/answer",
        {"token": services.callout_link_token(first), "answer": "accept"},
    )
    assert r.status_code == 200
    assert r.json()["status"] == "accepted"
    r = post(
        anonymous,
        "/api/v1/call-outs/answer",
        {"token": services.callout_link_token(second), "answer": "accept"},
    )
    assert r.json()["status"] == "full"  # one place, first come first served
    r = post(
        anonymous, "/api/v1/call-outs/answer", {"token": "x" * 20, "answer": "accept"}
    )
    assert r.status_code == 422
    assert "token" in r.content.decode()
    r = coord.get(f"/api/v1/needs/{need['id']}/call-outs")
    assert [c["status"] for c in r.json()] == ["accepted", "full"]
    r = post(pro, f"/api/v1/needs/{need['id']}/close", {})
    assert r.status_code == 200
    assert r.json()["status"] == "closed"
    r = pro.get(f"/api/v1/needs?initiative={crisis.initiative.pk}&status=closed")
    assert [n["id"] for n in r.json()["items"]] == [need["id"]]


def test_decisions_through_the_api(crisis, api):
    pro = api("professional")
    url = f"/api/v1/initiatives/{crisis.initiative.pk}/decisions"
    r = post(
        pro, url, {"what": "Open on Sunday", "why": "Queue", "authority": "Manager"}
    )
    assert r.status_code == 201
    assert r.json()["ledger_entry"]
    assert post(pro, url, {"what": "", "why": "x", "authority": "y"}).status_code == 422
    assert pro.get(url).json()["items"][0]["what"] == "Open on Sunday"
    assert api("viewer").get(url).status_code == 403


def test_another_tenants_need_is_404(crisis, api):
    other = f.TenantFactory(slug="hill")
    from coproduce.tenancy.actor import Actor
    from coproduce.tenancy.roles import permissions_for

    actor = Actor(
        tenant=other, role="coordinator", permissions=permissions_for("coordinator")
    )
    centre = services.centre_open(
        initiative=f.InitiativeFactory(tenant=other), actor=actor
    )
    start = timezone.now() + dt.timedelta(days=1)
    need = services.need_post(
        centre=centre, actor=actor, title="x", area="00100", starts_at=start,
        ends_at=start + dt.timedelta(hours=1), people_needed=1,
    )  # fmt: skip
    assert api("coordinator").get(f"/api/v1/needs/{need.pk}").status_code == 404
    assert api("coordinator").get(f"/api/v1/needs/{need.pk}/matches").status_code == 404


def test_a_need_for_an_initiative_not_in_crisis_mode_is_refused_on_that_field(
    crisis, api
):
    start = timezone.now() + dt.timedelta(days=1)
    body = {
        "title": "Medicine run",
        "area": "00530",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=1)).isoformat(),
        "people_needed": 1,
    }
    ordinary = f.InitiativeFactory(tenant=crisis.tenant)
    for initiative in (ordinary.pk, 10**9):
        r = post(
            api("coordinator"), "/api/v1/needs", {**body, "initiative": initiative}
        )
        assert r.status_code == 422, r.content
        assert "initiative" in r.content.decode()
        assert "crisis mode" in r.content.decode()
