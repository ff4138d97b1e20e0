"""The areas issue 17 brought to the API, with real data, and their forbidden paths:
another tenant's object (404), a role without the permission (403)."""

import datetime as dt
import math
from decimal import Decimal

import pytest
from django.urls import reverse
from scipy import stats

from coproduce.evaluation.models import Answer
from coproduce.reports.exports import SECTIONS
from coproduce.sustainability import services as sustainability_services
from coproduce.sustainability.models import Dimension
from coproduce.tenancy.models import TenantMembership
from tests import factories as f
from tests.access.conftest import _instrument, _panel
from tests.conftest import Client
from tests.outcomes.factories import CostFactory, OutcomeValuationFactory
from tests.representativeness.helpers import participants, population, serve

from .conftest import ApiClient, assert_problem

pytestmark = pytest.mark.django_db


@pytest.fixture
def initiative(tenant):
    return f.InitiativeFactory(
        tenant=tenant,
        is_temporary=True,
        start_date=dt.date(2025, 1, 1),
        end_date=dt.date(2026, 12, 31),
    )


@pytest.fixture
def volunteer_api(api_as, tenant, make_member):
    return api_as(make_member(tenant, "volunteer"), tenant)


# Representativeness --------------------------------------------------------------------


def test_representativeness_of_an_initiative(api, initiative, volunteer_api, outsider):
    activity = f.ActivityFactory(initiative=initiative)
    for band, n in [("18-29", 12), ("30-44", 20), ("45-64", 9), ("65-74", 3)]:
        participants(activity, n, age_band=band)
    table = population(initiative.tenant)
    serve(initiative, table)

    response = api.get(f"/initiatives/{initiative.pk}/representativeness")
    assert response.status_code == 200, response.content
    (age,) = [d for d in response.data["dimensions"] if d["dimension"] == "age_band"]
    groups = {g["group"]: g for g in age["groups"]}
    # 65-74 (3) is below the threshold of 5: its count, share and ratio withheld, and
    # the next smallest (45-64, 9) with it, so that it cannot be worked out
    assert groups["65-74"]["participants"] is None
    assert groups["65-74"]["ratio"] is None
    assert groups["45-64"]["participants"] is None
    assert groups["18-29"]["participants"] == 12
    assert groups["75+"]["participants"] == 0
    assert groups["18-29"]["population_share"] == pytest.approx(2000 / 10000)
    # the test over the shown groups and the suppressed ones merged (45-74)
    observed = [12, 20, 0, 12]
    expected_share = [2000, 3000, 500, 4500]
    chisq = stats.chisquare(
        observed, [sum(observed) * p / 10000 for p in expected_share]
    )
    assert age["chisq"]["statistic"] == pytest.approx(chisq.statistic)
    assert age["chisq"]["p"] == pytest.approx(chisq.pvalue)
    assert age["chisq"]["df"] == 3
    ratio = (12 / 44) / 0.2
    assert groups["18-29"]["ratio"] == pytest.approx(ratio)
    low, high = groups["18-29"]["ratio_ci95"]
    assert low < ratio < high

    tables = api.get("/population-tables")
    assert [t["id"] for t in tables.data["items"]] == [table.pk]
    detail = api.get(f"/population-tables/{table.pk}")
    assert {r["group"]: r["count"] for r in detail.data["rows"]}["30-44"] == 3000

    assert_problem(
        volunteer_api.get(f"/initiatives/{initiative.pk}/representativeness"), 403
    )
    assert_problem(volunteer_api.get("/population-tables"), 403)
    assert_problem(outsider.get(f"/population-tables/{table.pk}"), 404)
    assert_problem(
        outsider.get(f"/initiatives/{initiative.pk}/representativeness"), 404
    )


# Sustainability ------------------------------------------------------------------------


def test_sustainability_assessments_and_evidence(
    api, initiative, coordinator, volunteer_api, outsider
):
    assessment = sustainability_services.assessment_create(
        initiative=initiative,
        actor=coordinator,
        assessed_on=dt.date(2026, 3, 1),
        summary="Holding up.",
        scores={
            d: {"score": k + 1, "rationale": f"Why {d}", "weakness": ""}
            for k, d in enumerate(Dimension.values)
        },
    )
    listed = api.get("/sustainability")
    assert listed.status_code == 200
    (row,) = listed.data["items"]
    assert row["latest_assessment"] == assessment.pk
    assert row["latest_mean"] == pytest.approx(
        sum(range(1, len(Dimension.values) + 1)) / len(Dimension.values)
    )

    now = api.get(f"/initiatives/{initiative.pk}/sustainability")
    assert now.status_code == 200, now.content
    assert now.data["evidence"]["applicable"] is True
    assert [a["id"] for a in now.data["assessments"]] == [assessment.pk]
    assert {d["dimension"] for d in now.data["dimensions"]} == set(Dimension.values)

    one = api.get(f"/sustainability-assessments/{assessment.pk}")
    assert one.data["summary"] == "Holding up."
    scores = {s["dimension"]: s["score"] for s in one.data["scores"]}
    assert scores == {d: k + 1 for k, d in enumerate(Dimension.values)}

    assert_problem(
        volunteer_api.get(f"/sustainability-assessments/{assessment.pk}"), 403
    )
    assert_problem(outsider.get(f"/sustainability-assessments/{assessment.pk}"), 404)
    assert_problem(outsider.get(f"/initiatives/{initiative.pk}/sustainability"), 404)


# Outcomes and value ---------------------------------------------------------------------


def test_sroi_with_its_assumptions_and_sensitivity(api, initiative, outsider):
    CostFactory(initiative=initiative, amount=Decimal("10000.00"))
    OutcomeValuationFactory(initiative=initiative)  # 40 × 1000, 3 years, see factory
    response = api.get(f"/initiatives/{initiative.pk}/sroi")
    assert response.status_code == 200, response.content
    body = response.data
    assert body["assumptions"]["discount_rate"] == pytest.approx(0.035)
    (valuation,) = body["valuations"]
    assert valuation["proxy_value"] == 1000
    assert valuation["duration_years"] == 3
    # by hand: 40 × 1000 × (1 − 0.2) × (1 − 0.25) = 24,000, halved each year after
    years = [24000, 12000, 6000]
    pv = sum(v / 1.035**t for t, v in enumerate(years, start=1))
    result = body["result"]
    assert [y["value"] for y in result["years"]] == pytest.approx(years)
    assert result["present_value"] == pytest.approx(pv)
    assert result["inputs"] == pytest.approx(10000)
    assert result["ratio"] == pytest.approx(pv / 10000)
    moved = {r["assumption"]: r for r in body["sensitivity"]}
    assert set(moved) == {
        "deadweight", "attribution", "displacement", "drop_off", "proxy", "quantity",
        "duration", "discount_rate",
    }  # fmt: skip
    # a proxy 10 % higher raises the ratio by 10 %
    assert moved["proxy"]["ratio_up"] == pytest.approx(1.1 * pv / 10000)

    costs = api.get(f"/initiatives/{initiative.pk}/costs")
    assert [c["amount"] for c in costs.data["items"]] == [10000.0]
    assert api.get("/value-rates").status_code == 200
    assert_problem(outsider.get(f"/initiatives/{initiative.pk}/sroi"), 404)
    assert_problem(outsider.get(f"/initiatives/{initiative.pk}/costs"), 404)


# Dashboards ------------------------------------------------------------------------------


def test_dashboard_sections_are_the_tables_of_the_csv(
    api, tenant, coordinator, initiative, outsider
):
    for path in ("/dashboard", f"/initiatives/{initiative.pk}/dashboard"):
        response = api.get(path)
        assert response.status_code == 200, response.content
        assert [s["section"] for s in response.data["sections"]] == SECTIONS
    sections = {s["section"]: s for s in response.data["sections"]}
    client = Client()
    client.force_login(coordinator)
    csv = client.get(
        reverse(
            "initiative-dashboard-csv",
            kwargs={"tenant": tenant.slug, "slug": initiative.slug, "section": "value"},
        )
    )
    assert csv.status_code == 200  # the section's CSV header is its columns
    header = csv.content.decode().splitlines()[0].lstrip("\ufeff").split(",")
    assert header == sections["value"]["columns"]
    assert sections["outcomes"]["columns"][:3] == ["kind", "outcome", "indicator"]
    assert_problem(outsider.get(f"/initiatives/{initiative.pk}/dashboard"), 404)


# Members, roles, tokens -----------------------------------------------------------------


def test_members_are_the_tenant_admins(api_as, tenant, make_member, api, outsider):
    admin = api_as(make_member(tenant, "tenant_admin"), tenant)
    viewer = make_member(tenant, "viewer")
    listed = admin.get("/members")
    assert listed.status_code == 200
    membership = TenantMembership.objects.get(tenant=tenant, user=viewer)
    assert {m["username"]: m["role"] for m in listed.data["items"]}[
        viewer.username
    ] == "viewer"
    changed = admin.patch(f"/members/{membership.pk}", {"role": "professional"})
    assert changed.status_code == 200, changed.content
    membership.refresh_from_db()
    assert membership.role == "professional"
    assert (
        admin.patch(f"/members/{membership.pk}", {"role": "chief"}).status_code == 422
    )

    assert_problem(api.get("/members"), 403)  # a coordinator is no tenant admin
    assert_problem(api.patch(f"/members/{membership.pk}", {"role": "viewer"}), 403)
    other_admin = outsider  # hillview's coordinator: not a member here at all
    assert_problem(
        other_admin.patch(f"/members/{membership.pk}", {"role": "viewer"}), 403
    )
    roles = api.get("/roles")
    assert "tenant.admin" in {
        p for r in roles.data for p in r["permissions"] if r["role"] == "tenant_admin"
    }


def test_token_secret_is_shown_once_and_revoking_stops_it(
    api, tenant, make_member, api_as
):
    created = api.post("/tokens", {"name": "R scripts"})
    assert created.status_code == 201, created.content
    key = created.data["key"]
    assert key.startswith(created.data["prefix"])
    listed = api.get("/tokens")
    assert all("key" not in t for t in listed.data["items"])
    assert key not in listed.content.decode()
    fresh = ApiClient({"Authorization": f"Bearer {key}"})
    assert fresh.get("/tokens").status_code == 200

    someone = api_as(make_member(tenant, "professional"), tenant)
    assert_problem(someone.post(f"/tokens/{created.data['id']}/revoke", None), 404)

    revoked = api.post(f"/tokens/{created.data['id']}/revoke", None)
    assert revoked.status_code == 200
    assert revoked.data["revoked_at"] is not None
    assert fresh.get("/tokens").status_code == 401


# The ledger and accountability ----------------------------------------------------------


def test_ledger_verification_and_accountability(api, volunteer_api):
    verified = api.get("/ledger/verification")
    assert verified.status_code == 200, verified.content
    assert verified.data["ok"] is True
    assert_problem(volunteer_api.get("/ledger/verification"), 403)
    service = api.get("/accountability")
    assert service.status_code == 200
    assert set(service.data) == {"levels", "relations", "overdue", "discretion"}


# A panel's answers -----------------------------------------------------------------------


def test_panel_answers_by_cursor(
    api, tenant, coordinator, initiative, volunteer_api, outsider
):
    activity = f.ActivityFactory(initiative=initiative)
    participants(activity, 7)
    panel, members, _waves = _panel(
        tenant, coordinator, initiative, _instrument(tenant, coordinator), seed=4
    )
    kept = Answer.objects.filter(wave__panel=panel).exclude(value=None, text="")
    seen, cursor, pages = [], "", 0
    while cursor is not None:
        page = api.get(f"/panels/{panel.pk}/responses", cursor=cursor, limit=20)
        assert page.status_code == 200, page.content
        assert page.data["count"] is None
        seen += page.data["items"]
        cursor = page.data["next"]
        pages += 1
    assert pages >= math.ceil(kept.count() / 20) > 1
    assert len(seen) == kept.count()
    pseudonyms = {m.pseudonym for m in members}
    assert {r["respondent"] for r in seen} == pseudonyms
    # ratings and texts where the answers have them
    answer = kept.select_related("item").order_by("pk").first()
    first = seen[0]
    assert first["id"] == answer.pk
    if answer.value is not None:
        assert first["value"] == answer.value
    # nobody's name leaves, only pseudonyms
    text = str(seen)
    assert not [
        p.given_name
        for p in activity.participations.all()
        if p.person and p.person.given_name in text
    ]
    assert_problem(volunteer_api.get(f"/panels/{panel.pk}/responses"), 403)
    assert_problem(outsider.get(f"/panels/{panel.pk}/responses"), 404)
