"""Outcome and value pages: they render, trace totals to rows, refuse outsiders."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from coproduce.initiatives.vocab import ActorRole
from coproduce.outcomes.models import Cost, Measurement, Outcome, SroiModel, ValueRate
from tests import factories as f

from .factories import (
    CostFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    OutcomeValuationFactory,
    ValueRateFactory,
)

pytestmark = pytest.mark.django_db


def url(name, tenant, **kwargs):
    return reverse(name, kwargs={"tenant": tenant.slug, **kwargs})


@pytest.fixture
def initiative(tenant):
    return f.InitiativeFactory(tenant=tenant, slug="pilot", name="Pilot")


@pytest.fixture
def indicator(initiative):
    indicator = IndicatorFactory(
        outcome=OutcomeFactory(initiative=initiative, name="Less loneliness"),
        name="Residents who know a neighbour",
        baseline=Decimal("40"),
        target=Decimal("90"),
    )
    MeasurementFactory(indicator=indicator, date=dt.date(2026, 1, 1), value=45)
    MeasurementFactory(indicator=indicator, date=dt.date(2026, 6, 1), value=71)
    return indicator


def test_outcome_pages_show_chart_table_and_progress(
    coordinator_client, tenant, initiative, indicator
):
    page = coordinator_client.get(url("outcome-list", tenant, slug=initiative.slug))
    assert page.status_code == 200
    assert "62 % of the way from baseline to target" in page.content.decode()

    page = coordinator_client.get(
        url("outcome-detail", tenant, slug=initiative.slug, pk=indicator.outcome_id)
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert 'role="img"' in html
    assert "<title" in html
    assert "<desc" in html
    assert ">71</text>" in html
    assert ">45</text>" in html
    assert "2026-06-01" in html  # the table beside it
    assert "62 % of the way from baseline to target" in html


def test_coordinator_creates_outcome_indicator_and_measurement(
    coordinator_client, tenant, initiative
):
    response = coordinator_client.post(
        url("outcome-create", tenant, slug=initiative.slug),
        {"kind": "organisational", "name": "Fewer complaints"},
    )
    outcome = Outcome.objects.get(initiative=initiative)
    assert response.status_code == 302
    response = coordinator_client.post(
        url("indicator-create", tenant, slug=initiative.slug, pk=outcome.pk),
        {
            "name": "Complaints a month",
            "unit": "complaints",
            "baseline": "30",
            "target": "40",
            "direction": "lower",
        },
    )
    assert response.status_code == 200  # refused: lower is better, target above
    assert "must be below the baseline" in response.content.decode()
    coordinator_client.post(
        url("indicator-create", tenant, slug=initiative.slug, pk=outcome.pk),
        {
            "name": "Complaints a month",
            "baseline": "30",
            "target": "10",
            "direction": "lower",
        },
    )
    indicator = outcome.indicators.get()
    coordinator_client.post(
        url("measurement-create", tenant, slug=initiative.slug, pk=indicator.pk),
        {"date": "2026-04-01", "value": "25"},
    )
    measurement = Measurement.objects.get(indicator=indicator)
    assert measurement.source == Measurement.Source.ENTERED
    assert measurement.value == Decimal("25")


def test_value_page_totals_link_to_their_rows(
    coordinator_client, make_member, client_for, tenant, initiative
):
    ValueRateFactory(tenant=tenant, role=ActorRole.VOLUNTEER, hourly_rate="20")
    activity = f.ActivityFactory(initiative=initiative)
    f.ParticipationFactory(activity=activity, role=ActorRole.VOLUNTEER, hours=3)
    f.ContributionFactory(initiative=initiative, description="Hall for the evening")
    CostFactory(initiative=initiative, description="Posters", amount=Decimal("50"))
    OutcomeValuationFactory(initiative=initiative)

    html = coordinator_client.get(
        url("value", tenant, slug=initiative.slug)
    ).content.decode()
    participations = url("value-participations", tenant, slug=initiative.slug)
    assert f'href="{participations}?role=volunteer"' in html
    assert url("value-contributions", tenant, slug=initiative.slug) in html
    assert "60.00" in html  # 3 h × 20 €
    assert "Posters" in html
    assert "Sensitivity" in html
    assert 'id="sensitivity-chart-title"' in html

    listing = coordinator_client.get(participations + "?role=volunteer")
    assert listing.status_code == 200
    assert "3.00 hours in all" in listing.content.decode()
    listing = coordinator_client.get(
        url("value-contributions", tenant, slug=initiative.slug)
    )
    assert "Hall for the evening" in listing.content.decode()


def test_sroi_assumptions_edited_on_the_page_change_the_ratio(
    coordinator_client, tenant, initiative
):
    CostFactory(initiative=initiative, amount=Decimal("20000"))
    valuation = OutcomeValuationFactory(initiative=initiative)
    html = coordinator_client.get(url("value", tenant, slug=initiative.slug)).content
    assert b"1.99 : 1" in html
    response = coordinator_client.post(
        url("sroi-edit", tenant, slug=initiative.slug),
        {
            "discount_rate": "0",
            "sensitivity_step": "0.05",
            "in_kind_tag": "group",
            "include_in_kind": "on",
            "include_volunteer_time": "on",
            "note": "Green Book replaced by 0 % for the council's check",
        },
    )
    assert response.status_code == 302
    assert SroiModel.objects.get(initiative=initiative).discount_rate == 0
    html = coordinator_client.get(url("value", tenant, slug=initiative.slug)).content
    assert b"2.10 : 1" in html  # 42,000 / 20,000
    coordinator_client.post(
        url("valuation-update", tenant, slug=initiative.slug, pk=valuation.pk),
        {
            "description": "Fewer lonely residents",
            "quantity": "40",
            "proxy_value": "500",
            "proxy_source": "halved",
            "duration_years": "3",
            "deadweight": "0.2",
            "attribution": "0.25",
            "displacement": "0",
            "drop_off": "0.5",
            "value_tag": "public",
        },
    )
    html = coordinator_client.get(url("value", tenant, slug=initiative.slug)).content
    assert b"1.05 : 1" in html


def test_rates_page_sets_a_rate_with_its_source(coordinator_client, tenant):
    response = coordinator_client.post(
        url("value-rates", tenant),
        {
            "role": "volunteer",
            "hourly_rate": "18.40",
            "method": "replacement_generalist",
            "isco_code": "5322",
            "value_tag": "public",
            "source_note": "Statistics Finland, SES 2022, ISCO 5322",
        },
    )
    assert response.status_code == 302
    coordinator_client.post(
        url("value-rates", tenant),
        {
            "role": "volunteer",
            "hourly_rate": "19.00",
            "method": "replacement_generalist",
            "value_tag": "public",
            "source_note": "updated",
        },
    )
    rate = ValueRate.objects.get(tenant=tenant)
    assert rate.hourly_rate == Decimal("19.00")
    assert rate.source_note == "updated"
    assert (
        "updated" in coordinator_client.get(url("value-rates", tenant)).content.decode()
    )


def test_cost_of_professional_time_is_hours_times_rate(
    coordinator_client, tenant, initiative
):
    coordinator_client.post(
        url("cost-create", tenant, slug=initiative.slug),
        {
            "kind": "time",
            "description": "Preparation",
            "date": "2026-02-01",
            "hours": "4",
            "hourly_rate": "45.50",
            "value_tag": "public",
        },
    )
    assert Cost.objects.get(initiative=initiative).amount == Decimal("182.00")


@pytest.mark.parametrize(
    ("name", "kwargs", "data"),
    [
        ("outcome-create", {}, {"kind": "public", "name": "x"}),
        (
            "cost-create",
            {},
            {
                "kind": "money",
                "description": "x",
                "date": "2026-01-01",
                "amount": "1",
                "value_tag": "public",
            },
        ),
        (
            "sroi-edit",
            {},
            {"discount_rate": "0.1", "sensitivity_step": "0.1", "in_kind_tag": "group"},
        ),
        (
            "value-rates",
            None,
            {
                "role": "volunteer",
                "hourly_rate": "1",
                "method": "flat_rate",
                "value_tag": "public",
                "source_note": "x",
            },
        ),
    ],
)
def test_changes_need_initiatives_change(
    make_member, client_for, tenant, initiative, name, kwargs, data
):
    viewer = client_for(make_member(tenant, "viewer"))
    target = (
        url(name, tenant)
        if kwargs is None
        else url(name, tenant, slug=initiative.slug, **kwargs)
    )
    assert viewer.post(target, data).status_code == 403
    assert not Outcome.objects.exists()
    assert not Cost.objects.exists()
    assert not SroiModel.objects.exists()
    assert not ValueRate.objects.exists()
    # reading is allowed to whom may see the initiative
    assert viewer.get(url("value", tenant, slug=initiative.slug)).status_code == 200


def test_invisible_initiative_is_404(make_member, client_for, tenant, initiative):
    # a volunteer who took no part does not see the initiative, nor its outcome pages
    volunteer = client_for(make_member(tenant, "volunteer"))
    for name in ("outcome-list", "value", "value-contributions"):
        assert volunteer.get(url(name, tenant, slug=initiative.slug)).status_code == 404


def test_other_tenant_sees_nothing(
    make_member, client_for, tenant, other_tenant, initiative, indicator
):
    outsider = client_for(make_member(other_tenant, "coordinator"))
    assert (
        outsider.get(url("outcome-list", tenant, slug=initiative.slug)).status_code
        == 404
    )
    # the same slug in the outsider's own tenant does not open the other's rows
    own = f.InitiativeFactory(tenant=other_tenant, slug="pilot")
    page = outsider.get(url("outcome-list", other_tenant, slug=own.slug))
    assert page.status_code == 200
    assert "Less loneliness" not in page.content.decode()
    page = outsider.get(
        url("outcome-detail", other_tenant, slug=own.slug, pk=indicator.outcome_id)
    )
    assert page.status_code == 404


def test_value_page_queries_do_not_grow(
    coordinator_client, tenant, initiative, django_assert_max_num_queries
):
    ValueRateFactory(tenant=tenant, role=ActorRole.VOLUNTEER)
    OutcomeValuationFactory(initiative=initiative)
    counts = []
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(2):
        for _ in range(3):
            f.ParticipationFactory(
                activity=f.ActivityFactory(initiative=initiative), role="volunteer"
            )
            CostFactory(initiative=initiative)
            OutcomeValuationFactory(initiative=initiative)
        # the member's actor kept first (tenancy.actor): the count is the page's own
        coordinator_client.get(f"/t/{tenant.slug}/tokens/")
        with CaptureQueriesContext(connection) as ctx:
            assert (
                coordinator_client.get(
                    url("value", tenant, slug=initiative.slug)
                ).status_code
                == 200
            )
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
