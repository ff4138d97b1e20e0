"""The summaries the dashboard reads: totals equal hand sums, queries stay bounded."""

import datetime as dt
from decimal import Decimal

import pytest

from coproduce.initiatives.models import Initiative
from coproduce.initiatives.vocab import ActorRole
from coproduce.outcomes.models import Cost, ValueTag
from coproduce.outcomes.selectors import outcomes_summary, value_summary
from tests import factories as f

from .factories import (
    CostFactory,
    IndicatorFactory,
    MeasurementFactory,
    OutcomeFactory,
    OutcomeValuationFactory,
    SroiModelFactory,
    ValueRateFactory,
)

pytestmark = pytest.mark.django_db


def _participate(initiative, role, hours):
    activity = f.ActivityFactory(initiative=initiative, tenant=initiative.tenant)
    return f.ParticipationFactory(activity=activity, role=role, hours=Decimal(hours))


@pytest.fixture
def priced(tenant):
    ValueRateFactory(tenant=tenant, role=ActorRole.VOLUNTEER, hourly_rate="20.00")
    ValueRateFactory(
        tenant=tenant,
        role=ActorRole.RESIDENT,
        hourly_rate="15.50",
        value_tag=ValueTag.GROUP,
    )
    ValueRateFactory(tenant=tenant, role=ActorRole.PROFESSIONAL, hourly_rate="48.00")


def test_value_totals_equal_hand_sums(tenant, other_tenant, priced):
    initiative = f.InitiativeFactory(tenant=tenant)
    _participate(initiative, ActorRole.VOLUNTEER, "3.5")
    _participate(initiative, ActorRole.VOLUNTEER, "2")
    _participate(initiative, ActorRole.RESIDENT, "4")
    _participate(initiative, ActorRole.SERVICE_USER, "1")  # no rate set
    _participate(initiative, ActorRole.PROFESSIONAL, "6")
    f.ContributionFactory(initiative=initiative, estimated_value=Decimal("120.00"))
    f.ContributionFactory(initiative=initiative, estimated_value=None)
    CostFactory(initiative=initiative, amount=Decimal("300.00"))
    CostFactory(
        initiative=initiative,
        kind=Cost.Kind.TIME,
        hours=Decimal("2"),
        hourly_rate=Decimal("50"),
        amount=Decimal("100.00"),
        value_tag=ValueTag.PRIVATE,
    )
    # another tenant's rate and rows never count
    ValueRateFactory(tenant=other_tenant, role=ActorRole.RESIDENT, hourly_rate="99")
    elsewhere = f.InitiativeFactory(tenant=other_tenant)
    _participate(elsewhere, ActorRole.VOLUNTEER, "100")

    summary = value_summary(tenant=tenant, initiatives=[initiative])[initiative.pk]

    assert summary["hours"][ActorRole.VOLUNTEER] == Decimal("5.5")
    assert summary["valued_hours"][ActorRole.VOLUNTEER] == Decimal("110.00")
    assert summary["valued_hours"][ActorRole.RESIDENT] == Decimal("62.00")
    assert summary["valued_hours"][ActorRole.SERVICE_USER] == 0
    assert summary["citizen_time_value"] == Decimal("172.00")
    assert summary["in_kind"] == Decimal("120.00")
    assert summary["in_kind_count"] == 2
    assert summary["professional_hours"] == Decimal("8")
    assert summary["professional_cost"] == Decimal("6") * 48 + 100
    assert summary["money_spent"] == Decimal("300.00")
    inputs = Decimal("172") + 120 + 388 + 300
    assert summary["inputs"] == inputs
    assert summary["by_tag"] == {
        "private": Decimal("100"),
        "group": Decimal("62") + 120,  # resident time; in kind by default
        "public": Decimal("110") + 288 + 300,
    }
    assert sum(summary["by_tag"].values()) == inputs
    assert summary["sroi"] is None


def test_sroi_in_the_summary_uses_the_inputs_and_the_model(tenant, priced):
    initiative = f.InitiativeFactory(tenant=tenant)
    CostFactory(initiative=initiative, amount=Decimal("20000.00"))
    _participate(initiative, ActorRole.VOLUNTEER, "10")  # 200 € left out below
    SroiModelFactory(initiative=initiative, include_volunteer_time=False)
    OutcomeValuationFactory(initiative=initiative)  # the standards.md vector

    summary = value_summary(tenant=tenant, initiatives=[initiative.pk])[initiative.pk]

    assert summary["inputs"] == Decimal("20000.00")
    assert round(summary["sroi"]["present_value"], 2) == 39_802.19
    assert round(summary["sroi"]["ratio"], 2) == 1.99
    assert summary["sroi"]["payback_months"] == pytest.approx(10.0)
    assert summary["outcome_value_by_tag"]["public"] == pytest.approx(
        summary["sroi"]["present_value"]
    )


def test_outcomes_summary_latest_value_and_progress(tenant):
    initiative = f.InitiativeFactory(tenant=tenant)
    indicator = IndicatorFactory(
        outcome=OutcomeFactory(initiative=initiative),
        baseline=Decimal("40"),
        target=Decimal("90"),
    )
    MeasurementFactory(indicator=indicator, date=dt.date(2026, 1, 1), value=50)
    MeasurementFactory(indicator=indicator, date=dt.date(2026, 6, 1), value=71)
    MeasurementFactory(indicator=indicator, date=dt.date(2026, 3, 1), value=99)
    lower = IndicatorFactory(
        outcome=OutcomeFactory(initiative=initiative, kind="public"),
        baseline=Decimal("10"),
        target=Decimal("5"),
        direction="lower",
    )
    MeasurementFactory(indicator=lower, value=Decimal("5"))
    IndicatorFactory(outcome=OutcomeFactory(initiative=initiative))  # no measurement

    summary = outcomes_summary(tenant=tenant, initiatives=[initiative])[initiative.pk]

    by_name = {i["name"]: i for o in summary["outcomes"] for i in o["indicators"]}
    assert by_name[indicator.name]["latest_value"] == Decimal("71")
    assert by_name[indicator.name]["progress"] == pytest.approx(0.62)
    assert by_name[lower.name]["progress"] == pytest.approx(1.0)
    assert summary["indicators"] == 3
    assert summary["with_measurement"] == 2
    assert summary["on_target"] == 1
    assert summary["mean_progress"] == pytest.approx(0.81)


def _grow(tenant, n):
    for _ in range(n):
        initiative = f.InitiativeFactory(tenant=tenant)
        for role in (ActorRole.VOLUNTEER, ActorRole.PROFESSIONAL):
            _participate(initiative, role, "2")
        f.ContributionFactory(initiative=initiative)
        CostFactory(initiative=initiative)
        OutcomeValuationFactory(initiative=initiative)
        SroiModelFactory(initiative=initiative)
        MeasurementFactory(
            indicator=IndicatorFactory(outcome=OutcomeFactory(initiative=initiative))
        )


@pytest.mark.parametrize("as_queryset", [True, False])
def test_summaries_run_in_a_fixed_number_of_queries(
    tenant, priced, django_assert_max_num_queries, as_queryset
):
    for n in (1, 6):
        _grow(tenant, n)
        initiatives = Initiative.objects.filter(tenant=tenant)
        if not as_queryset:
            initiatives = list(initiatives)
        with django_assert_max_num_queries(7):
            values = value_summary(tenant=tenant, initiatives=initiatives)
        with django_assert_max_num_queries(2):
            outcomes = outcomes_summary(tenant=tenant, initiatives=initiatives)
        assert (
            len(values)
            == len(outcomes)
            == Initiative.objects.filter(tenant=tenant).count()
        )
