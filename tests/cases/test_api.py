"""The cases API: the same rules and the same who-sees-what as the pages."""

import pytest

from coproduce.cases.models import Case, PartyAccess
from tests.api.conftest import ApiClient, assert_problem

from .conftest import step

pytestmark = pytest.mark.django_db


@pytest.fixture
def api_for(world, api_headers):
    return lambda user: ApiClient(api_headers(user, world.tenant))


def test_visibility_by_role(world, api_for):
    pk = world.case.pk
    for who, status in [
        ("coordinator", 200),
        ("vol1", 200),
        ("vol3", 404),
        ("stranger", 404),
        ("colleague", 200),
        ("auditor", 200),
        ("viewer", 404),
    ]:
        api = api_for(getattr(world.users, who))
        assert api.get(f"/cases/{pk}").status_code == status, who
        listed = api.get("/cases")
        if who == "viewer":  # no case permission at all: refused, as the case list page
            assert_problem(listed, 403)
            continue
        ids = [c["id"] for c in listed.data["items"]]
        assert (pk in ids) is (status == 200), who


def test_parties_only_to_those_allowed_and_logged(world, api_for):
    pk = world.case.pk
    assert_problem(api_for(world.users.auditor).get(f"/cases/{pk}/parties"), 404)
    assert_problem(api_for(world.users.vol3).get(f"/cases/{pk}/parties"), 404)
    response = api_for(world.users.vol1).get(f"/cases/{pk}/parties")
    assert response.status_code == 200
    assert response.data[0]["given_name"] == "Vera"
    assert PartyAccess.objects.get().channel == "api"
    detail = api_for(world.users.vol1).get(f"/cases/{pk}").data
    assert "Vera" not in str(detail)
    assert detail["parties"][0]["pseudonym"] == "Party A"


def test_trail_export_for_auditors_only(world, api_for):
    pk = world.case.pk
    trail = api_for(world.users.auditor).get(f"/cases/{pk}/trail")
    assert trail.status_code == 200
    assert trail.data[0]["kind"] == "case.registered"
    assert_problem(api_for(world.users.vol1).get(f"/cases/{pk}/trail"), 403)


def test_refusals_and_conflicts(world, api_for):
    pk = world.case.pk
    api = api_for(world.users.vol1)
    version = Case.objects.get(pk=pk).version
    ok = api.post(
        f"/cases/{pk}/steps", {"code": "consent", "party": "A", "version": version}
    )
    assert ok.status_code == 201, ok.data
    body = assert_problem(
        api.post(
            f"/cases/{pk}/steps",
            {"code": "agreement", "outcome": "agreement", "version": version + 1},
        ),
        422,
    )
    assert "still missing: B" in body["detail"]
    body = assert_problem(
        api.post(
            f"/cases/{pk}/steps", {"code": "consent", "party": "B", "version": version}
        ),
        409,
    )
    assert "changed by someone else" in body["detail"]
    # a volunteer may not register cases or define case types
    assert_problem(
        api.post(
            "/case-types",
            {
                "slug": "x",
                "name": "X",
                "steps": [{"code": "a", "name": "A", "performers": ["mediator"]}],
            },
        ),
        403,
    )


def test_coordinator_defines_a_case_type_and_registers_a_case(world, api_for):
    api = api_for(world.users.coordinator)
    steps = [
        {"code": "referral", "name": "Referral", "performers": ["coordinator"]},
        {
            "code": "plan",
            "name": "Visit plan",
            "performers": ["supervisor"],
            "requires": ["referral"],
            "needs_sign_off": True,
            "deadline_days": 14,
        },
        {
            "code": "closure",
            "name": "Closure",
            "performers": ["coordinator"],
            "requires": ["plan"],
            "closes": True,
        },
    ]
    created = api.post(
        "/case-types",
        {
            "slug": "home-care",
            "name": "Home-care visits",
            "retention_days": 365,
            "steps": steps,
        },
    )
    assert created.status_code == 201, created.data
    bad = api.post(
        "/case-types",
        {
            "slug": "bad",
            "name": "Bad",
            "steps": [
                {
                    "code": "a",
                    "name": "A",
                    "performers": ["mediator"],
                    "requires": ["zzz"],
                }
            ],
        },
    )
    assert "requires zzz" in assert_problem(bad, 422)["errors"][0]["message"]
    case = api.post(
        "/cases",
        {
            "case_type": created.data["id"],
            "organisation": world.office.pk,
            "referrer": "other",
            "referred_on": "2026-03-01",
            "parties": [{"role": "client", "given_name": "Kim"}],
        },
    )
    assert case.status_code == 201, case.data
    assert case.data["process"][0]["complete"] is True
    assert case.data["parties"] == [
        {"pseudonym": "Party A", "label": "A", "role": "client"}
    ]


def test_outsider_sees_nothing(world, api_headers, other_tenant, make_member):
    user = make_member(other_tenant, "coordinator", username="otto")
    outsider = ApiClient(api_headers(user, other_tenant))
    assert_problem(outsider.get(f"/cases/{world.case.pk}"), 404)
    assert outsider.get("/cases").data["count"] == 0
    assert_problem(outsider.get(f"/cases/{world.case.pk}/trail"), 404)


def test_sign_off_and_close_through_the_api(world, api_for):
    from .conftest import walk_to_agreement

    record = walk_to_agreement(world)
    pk = world.case.pk
    version = Case.objects.get(pk=pk).version
    body = assert_problem(
        api_for(world.users.vol2).post(
            f"/cases/{pk}/steps/{record.pk}/sign-off", {"version": version}
        ),
        403,
    )
    assert body["status"] == 403
    signed = api_for(world.users.supervisor).post(
        f"/cases/{pk}/steps/{record.pk}/sign-off", {"version": version}
    )
    assert signed.status_code == 200, signed.data
    step(
        world, world.users.vol1, "follow_up", skip=True, reason="No agreement to follow"
    )
    closed = api_for(world.users.coordinator).post(
        f"/cases/{pk}/close",
        {"reason": "Returned", "version": signed.data["version"] + 1},
    )
    assert closed.status_code == 200, closed.data
    assert closed.data["status"] == "closed"
