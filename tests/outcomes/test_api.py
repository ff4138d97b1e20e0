"""The outcomes API: reads follow initiative visibility, other tenants get 404."""

from decimal import Decimal

import pytest

from coproduce.outcomes.models import Measurement
from tests import factories as f

from .factories import (
    CostFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    OutcomeValuationFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(tenant):
    initiative = f.InitiativeFactory(tenant=tenant)
    indicator = IndicatorFactory(outcome=OutcomeFactory(initiative=initiative))
    MeasurementFactory(indicator=indicator, value=Decimal("71"))
    CostFactory(initiative=initiative, amount=Decimal("20000"))
    OutcomeValuationFactory(initiative=initiative)
    return indicator


def test_outcomes_value_and_measurements(
    client, coordinator, tenant, indicator, api_headers
):
    headers = api_headers(coordinator, tenant)
    initiative = indicator.outcome.initiative
    outcomes = client.get(
        f"/api/v1/initiatives/{initiative.pk}/outcomes", headers=headers
    ).json()
    assert outcomes[0]["indicators"][0]["progress"] == pytest.approx(0.62)
    value = client.get(
        f"/api/v1/initiatives/{initiative.pk}/value", headers=headers
    ).json()
    assert value["money_spent"] == 20000
    assert round(value["sroi"]["ratio"], 2) == 1.99
    response = client.post(
        f"/api/v1/initiatives/{initiative.pk}/indicators/{indicator.pk}/measurements",
        {"date": "2026-07-01", "value": 80.5},
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 201
    listed = client.get(
        f"/api/v1/initiatives/{initiative.pk}/indicators/{indicator.pk}/measurements",
        headers=headers,
    ).json()
    assert [m["value"] for m in listed] == [71, 80.5]


def test_other_tenant_and_viewer(
    client, make_member, tenant, other_tenant, indicator, api_headers
):
    outsider = api_headers(make_member(other_tenant, "coordinator"), other_tenant)
    initiative = indicator.outcome.initiative
    for path in (
        f"/api/v1/initiatives/{initiative.pk}/outcomes",
        f"/api/v1/initiatives/{initiative.pk}/value",
        f"/api/v1/initiatives/{initiative.pk}/indicators/{indicator.pk}/measurements",
    ):
        assert client.get(path, headers=outsider).status_code == 404
    response = client.post(
        f"/api/v1/initiatives/{initiative.pk}/indicators/{indicator.pk}/measurements",
        {"date": "2026-07-01", "value": 1},
        content_type="application/json",
        headers=outsider,
    )
    assert response.status_code == 404
    viewer = api_headers(make_member(tenant, "viewer"), tenant)
    response = client.post(
        f"/api/v1/initiatives/{initiative.pk}/indicators/{indicator.pk}/measurements",
        {"date": "2026-07-01", "value": 1},
        content_type="application/json",
        headers=viewer,
    )
    assert response.status_code == 403
    assert Measurement.objects.count() == 1


def test_outcome_lists_answer_in_queries_that_do_not_grow_with_rows(
    client, coordinator, tenant, indicator, api_headers
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    headers = api_headers(coordinator, tenant)
    initiative = indicator.outcome.initiative
    base = f"/api/v1/initiatives/{initiative.pk}"
    paths = (
        f"{base}/outcomes",
        f"{base}/value",
        f"{base}/indicators/{indicator.pk}/measurements",
    )

    def counts():
        result = []
        for path in paths:
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(path, headers=headers).status_code == 200
            result.append(len(ctx))
        return result

    counts()  # the first request also stamps the token's last use
    few = counts()
    for _ in range(5):
        outcome = OutcomeFactory(initiative=initiative)
        more = IndicatorFactory(outcome=outcome)
        MeasurementFactory(indicator=more)
        MeasurementFactory(indicator=indicator)
        CostFactory(initiative=initiative)
        OutcomeValuationFactory(initiative=initiative, outcome=outcome)
    assert counts() == few
