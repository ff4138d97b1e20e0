"""Factories of the outcomes app (the shared ones live in tests/factories.py)."""

import datetime as dt
from decimal import Decimal

import factory

from coproduce.initiatives.vocab import ActorRole
from coproduce.outcomes.models import (
    Cost,
    Indicator,
    Measurement,
    Outcome,
    OutcomeValuation,
    SroiModel,
    ValueRate,
)
from tests.factories import InitiativeFactory


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    initiative = factory.SubFactory(InitiativeFactory)
    tenant = factory.SelfAttribute("initiative.tenant")
    kind = Outcome.Kind.PERSONAL
    name = factory.Sequence(lambda n: f"Outcome {n}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    outcome = factory.SubFactory(OutcomeFactory)
    tenant = factory.SelfAttribute("outcome.tenant")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    unit = "%"
    baseline = Decimal("40")
    target = Decimal("90")


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Measurement

    indicator = factory.SubFactory(IndicatorFactory)
    tenant = factory.SelfAttribute("indicator.tenant")
    date = dt.date(2026, 3, 1)
    value = Decimal("50")


class ValueRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ValueRate

    role = ActorRole.VOLUNTEER
    hourly_rate = Decimal("20.00")
    source_note = "Statistics office, community and social-service workers, 2025"


class CostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cost

    initiative = factory.SubFactory(InitiativeFactory)
    tenant = factory.SelfAttribute("initiative.tenant")
    kind = Cost.Kind.MONEY
    description = "Printing"
    date = dt.date(2026, 2, 1)
    amount = Decimal("300.00")


class SroiModelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SroiModel

    initiative = factory.SubFactory(InitiativeFactory)
    tenant = factory.SelfAttribute("initiative.tenant")


class OutcomeValuationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OutcomeValuation

    initiative = factory.SubFactory(InitiativeFactory)
    tenant = factory.SelfAttribute("initiative.tenant")
    description = "Fewer lonely residents"
    quantity = Decimal("40")
    proxy_value = Decimal("1000")
    proxy_source = "Test proxy"
    duration_years = 3
    deadweight = Decimal("0.2")
    attribution = Decimal("0.25")
    drop_off = Decimal("0.5")
