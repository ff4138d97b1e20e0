"""Evaluation over the API: instruments with their scales and items, panels, waves with
their counts, the report as JSON; writes through the services; the same permissions and
tenant isolation as the pages; schemathesis on these operations with real rows."""

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from coproduce.evaluation import selectors, services
from coproduce.evaluation.library import TRUST_PANEL
from coproduce.evaluation.stats import analyse_panel
from coproduce.people.models import Person

from .. import factories as f
from ..evaluation.reports.conftest import N, initiative, panel  # noqa: F401 (fixtures)
from .conftest import assert_problem
from .test_schemathesis import CHECKS

pytestmark = pytest.mark.django_db


@pytest.fixture
def instrument(tenant, coordinator):
    return services.instrument_create_from_library(
        tenant=tenant,
        actor=coordinator,
        name="Trust",
        keys=[*TRUST_PANEL, "motivation"],
        free_text=["Anything else?"],
    )


def test_instruments_list_their_scales_items_and_free_text(api, instrument):
    response = api.get("/instruments")

    assert response.status_code == 200
    assert response.data["count"] == 1
    found = response.data["items"][0]
    assert found["name"] == "Trust"
    assert found["in_use"] is False
    assert [s["name"] for s in found["scales"]][:2] == [
        "Trust in the service provider",
        "Trust in local government",
    ]
    motivation = found["scales"][-1]
    assert (motivation["minimum"], motivation["maximum"]) == (1, 5)
    assert [i["code"] for i in motivation["items"] if i["reverse"]] == ["mo3"]
    assert [i["code"] for i in found["free_text"]] == ["comment1"]
    assert api.get(f"/instruments/{instrument.pk}").data == found


def test_a_coordinator_runs_a_panel_through_the_api(api, tenant, instrument):
    programme = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=programme)
    for _ in range(3):
        f.ParticipationFactory(activity=activity, role="service_user")
    f.ParticipationFactory(activity=activity, role="professional")

    created = api.post(
        "/panels",
        {"initiative": programme.pk, "instrument": instrument.pk, "name": "Trust"},
    )
    assert created.status_code == 201, created.data
    assert created.data["language"] == "en"  # the default
    panel_id = created.data["id"]
    finnish = api.post(
        "/panels",
        {
            "initiative": programme.pk,
            "instrument": instrument.pk,
            "name": "Luottamus",
            "language": "fi",
        },
    )
    assert finnish.status_code == 201
    assert finnish.data["language"] == "fi"
    klingon = api.post(
        "/panels",
        {
            "initiative": programme.pk,
            "instrument": instrument.pk,
            "name": "Q",
            "language": "tlh",
        },
    )
    assert assert_problem(klingon, 422)["errors"][0]["field"] == "language"
    added = api.post(
        f"/panels/{panel_id}/members/from-participants", {"roles": ["service_user"]}
    )
    assert added.data == {"added": 3, "members": 3}
    wave = api.post(f"/panels/{panel_id}/waves", {})
    assert wave.status_code == 201
    assert (wave.data["number"], wave.data["status"]) == (1, "draft")
    opened = api.post(f"/waves/{wave.data['id']}/open", {})
    assert (opened.data["status"], opened.data["invited"]) == ("open", 3)
    closed = api.post(f"/waves/{wave.data['id']}/close", {})
    assert closed.data["status"] == "closed"
    assert closed.data["closed_at"]
    waves = api.get(f"/panels/{panel_id}/waves")
    assert [w["number"] for w in waves.data["items"]] == [1]
    assert api.get(f"/panels/{panel_id}").data["waves"] == 1
    # refusals are problem documents
    assert_problem(api.post(f"/waves/{wave.data['id']}/close", {}), 422)
    body = assert_problem(api.get(f"/panels/{panel_id}/report"), 422)
    assert "two waves" in body["detail"]
    duplicate = api.post(
        "/panels",
        {"initiative": programme.pk, "instrument": instrument.pk, "name": "Trust"},
    )
    assert_problem(duplicate, 422)


def test_the_report_is_the_statistics_with_metadata(api, panel):  # noqa: F811
    before, after = panel.test_waves
    stats = analyse_panel(
        selectors.panel_data_for(before=before, after=after), before=1, after=2
    )

    response = api.get(f"/panels/{panel.pk}/report", before=1, after=2)

    assert response.status_code == 200
    assert response.data["scales"] == stats.to_dict()["scales"]
    assert response.data["attrition"] == stats.to_dict()["attrition"]
    assert response.data["waves"]["after"]["answered"] == N - 1
    assert response.data["panel"]["id"] == panel.pk
    comment = response.data["comments"][0]
    assert comment["respondent"] == "R-0001"
    text = response.content.decode()
    assert "Hanna" not in text
    assert "@example.org" not in text
    # the default is the first and the last opened wave
    assert (
        api.get(f"/panels/{panel.pk}/report").data["scales"] == response.data["scales"]
    )
    assert_problem(api.get(f"/panels/{panel.pk}/report", before=2, after=2), 422)
    assert_problem(api.get(f"/panels/{panel.pk}/report", before=7), 422)


def test_reading_needs_an_evaluation_role_and_writing_the_change_role(
    api_as,
    make_member,
    tenant,
    panel,  # noqa: F811
    initiative,  # noqa: F811
):
    viewer = api_as(make_member(tenant, "viewer"), tenant)
    assert viewer.get(f"/panels/{panel.pk}/report").status_code == 200
    assert viewer.get("/instruments").status_code == 200
    assert_problem(viewer.post(f"/panels/{panel.pk}/waves", {}), 403)

    user = make_member(tenant, "service_user")
    f.ParticipationFactory(
        activity=f.ActivityFactory(initiative=initiative),
        person=Person.objects.get(user=user),
    )
    service_user = api_as(user, tenant)
    for path in ("/instruments", "/panels", f"/panels/{panel.pk}/report"):
        assert_problem(service_user.get(path), 403)

    volunteer = api_as(make_member(tenant, "volunteer"), tenant)
    assert_problem(volunteer.get(f"/panels/{panel.pk}/report"), 403)


def test_another_tenant_sees_nothing(outsider, panel):  # noqa: F811
    wave = panel.test_waves[0]
    assert outsider.get("/panels").data["count"] == 0
    assert outsider.get("/instruments").data["count"] == 0
    for path in (
        f"/panels/{panel.pk}",
        f"/panels/{panel.pk}/report",
        f"/panels/{panel.pk}/waves",
        f"/instruments/{panel.instrument_id}",
        f"/waves/{wave.pk}",
    ):
        assert_problem(outsider.get(path), 404)
    assert_problem(outsider.post(f"/waves/{wave.pk}/close", {}), 404)
    assert_problem(
        outsider.post(f"/panels/{panel.pk}/members/from-participants", {}), 404
    )


def test_lists_and_report_answer_in_bounded_queries(
    api,
    panel,  # noqa: F811
    tenant,
    coordinator,
    django_assert_max_num_queries,  # noqa: F811
):
    for n in range(5):
        services.instrument_create_from_library(
            tenant=tenant, actor=coordinator, name=f"I{n}", keys=["motivation"]
        )
    with django_assert_max_num_queries(9):
        assert api.get("/instruments").data["count"] == 6
    with django_assert_max_num_queries(7):
        assert api.get("/panels").status_code == 200
    with django_assert_max_num_queries(8):
        assert api.get(f"/panels/{panel.pk}/waves").status_code == 200
    with django_assert_max_num_queries(12):
        assert api.get(f"/panels/{panel.pk}/report").status_code == 200
    with django_assert_max_num_queries(7):
        assert api.get(f"/panels/{panel.pk}/members").data["count"] == N
    with django_assert_max_num_queries(5):
        assert api.get(f"/waves/{panel.test_waves[0].pk}").status_code == 200


def test_list_queries_do_not_grow_with_rows_for_a_partner_either(
    api_as,
    make_member,
    tenant,
    coordinator,
    panel,  # noqa: F811
    initiative,  # noqa: F811
):
    """The partner's lists go through the visible initiatives (subqueries, not a query
    per row): as many queries for one panel as for several."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    user = make_member(tenant, "partner")
    org = f.OrganisationFactory(tenant=tenant)
    f.MembershipFactory(
        tenant=tenant,
        person=Person.objects.get(user=user),
        organisation=org,
        role="professional",
    )
    f.InitiativePartnerFactory(initiative=initiative, organisation=org)
    partner = api_as(user, tenant)
    paths = ("/panels", f"/panels/{panel.pk}/members", f"/panels/{panel.pk}/waves")

    def counts():
        result = []
        for path in paths:
            with CaptureQueriesContext(connection) as ctx:
                assert partner.get(path).status_code == 200
            result.append(len(ctx))
        return result

    counts()  # the first request also stamps the token's last use
    few = counts()
    for n in range(4):
        other = services.panel_create(
            tenant=tenant,
            actor=coordinator,
            initiative=initiative,
            instrument=panel.instrument,
            name=f"Panel {n}",
        )
        services.panel_members_from_emails(
            panel=other, actor=coordinator, emails=[f"p{n}@example.org"]
        )
        services.panel_members_from_emails(
            panel=panel, actor=coordinator, emails=[f"more{n}@example.org"]
        )
        services.wave_create(panel=panel, actor=coordinator)
    assert counts() == few


def test_members_are_corrected_and_leave_through_the_api(
    api,
    api_as,
    make_member,
    outsider,
    tenant,
    panel,  # noqa: F811
):
    members = api.get(f"/panels/{panel.pk}/members")
    assert members.data["count"] == N
    first, second = members.data["items"][:2]
    assert first["pseudonym"] == "R-0001"
    assert first["source"] == "participant"
    assert first["email"].endswith("@example.org")
    viewer = api_as(make_member(tenant, "viewer"), tenant)
    seen = viewer.get(f"/panels/{panel.pk}/members/{first['id']}").data
    assert seen["pseudonym"] == "R-0001"
    assert seen["email"] is None
    path = f"/panels/{panel.pk}/members/{first['id']}"
    assert_problem(viewer.patch(path, {"email": "x@example.org"}), 403)
    assert_problem(viewer.post(f"{path}/leave", {}), 403)
    for p in (path, f"/panels/{panel.pk}/members"):
        assert_problem(outsider.get(p), 404)
    assert_problem(outsider.post(f"{path}/erase", {}), 404)

    bad = assert_problem(api.patch(path, {"email": "hanna@"}), 422)
    assert bad["errors"][0]["field"] == "email"
    taken = api.patch(path, {"email": second["email"].upper()})
    assert "Another member" in assert_problem(taken, 422)["detail"]
    changed = api.patch(path, {"email": "hanna.new@example.org"})
    assert changed.status_code == 200
    assert changed.data["email"] == "hanna.new@example.org"

    left = api.post(f"{path}/leave", {})
    assert left.status_code == 200, left.content
    assert left.data["member"]["withdrawn_at"]
    assert left.data["member"]["email"] == ""
    assert left.data["answers_erased"] == 0
    assert left.data["invitations_removed"] == 0
    assert_problem(api.post(f"{path}/erase", {}), 409)  # already left
    report = api.get(f"/panels/{panel.pk}/report").data
    assert report["attrition"]["both"] == N - 1  # their answers still count

    erased = api.post(f"/panels/{panel.pk}/members/{second['id']}/erase", {})
    assert erased.status_code == 200, erased.content
    assert erased.data["answers_erased"] > 0
    assert erased.data["invitations_removed"] == 2
    report = api.get(f"/panels/{panel.pk}/report").data
    assert report["attrition"]["both"] == N - 2
    assert report["attrition"]["before"] == N - 1


# schemathesis on the evaluation operations, with ids of real rows -------------------


@pytest.fixture
def seeded(panel, tenant, coordinator, api_headers):  # noqa: F811
    # an instrument in no wave yet, so that its scales and items can still change
    draft = services.instrument_create_from_library(
        tenant=tenant,
        actor=coordinator,
        name="Draft",
        keys=["motivation"],
        free_text=["Anything else?"],
    )
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield {
        "headers": api_headers(coordinator, tenant),
        "ids": {
            "panel_id": panel.pk,
            "instrument_id": draft.pk,
            "item_id": draft.items.order_by("pk").first().pk,
            "wave_id": panel.test_waves[0].pk,
            "member_id": panel.members.order_by("pk").first().pk,
        },
    }
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _load_schema():
    from coproduce.config.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    schema.config.phases.coverage.enabled = bool(
        os.environ.get("COPRODUCE_API_FUZZ_COVERAGE")
    )
    return schema.include(tag="evaluation")


schema = _load_schema()


@schema.parametrize()
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_evaluation_operations_conform_with_real_rows(case, seeded):
    headers = case.meta.components.get(ParameterLocation.HEADER) if case.meta else None
    header_mangled = headers is not None and headers.mode.is_negative
    if case.headers and "Authorization" in case.headers and not header_mangled:
        case.headers["Authorization"] = seeded["headers"]["Authorization"]
    for name, value in (case.path_parameters or {}).items():
        # only a valid id may become a real row; an invalid one (the point of a
        # negative case) stays invalid
        valid = isinstance(value, int) and 1 <= value <= 2**63 - 1
        if name in seeded["ids"] and valid and value % 2 == 0:
            case.path_parameters[name] = seeded["ids"][name]
    case.call_and_validate(checks=CHECKS)
