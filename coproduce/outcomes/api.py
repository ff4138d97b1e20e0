"""The outcomes API: outcomes, indicators and their measurements; value and cost of an
initiative; its ninja router and its schemas.

Who may read and change what is ``outcomes/access.py``, as on the pages: an initiative one
may not see, and every outcome and indicator under it, is a 404; recording a measurement
needs ``initiatives.change`` (403 once the indicator is found).
"""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.responses import Status

from coproduce.api import errors
from coproduce.api.schemas import Id, Text
from coproduce.initiatives.access import access_initiative_by_id

from . import selectors, services
from .access import access_indicator_by_id, outcomes_change_require
from .models import Indicator

router = Router(tags=["outcomes"])


class IndicatorSummaryOut(Schema):
    id: int
    name: str
    unit: str
    direction: str
    baseline: float
    target: float
    latest_value: float | None
    latest_date: dt.date | None
    measurements: int
    progress: float | None = Field(
        description="(latest − baseline) / (target − baseline); 1 is the target"
    )


class OutcomeOut(Schema):
    id: int
    kind: str
    name: str
    indicators: list[IndicatorSummaryOut]


class RoleAmount(Schema):
    role: str
    hours: float
    value: float


class SroiOut(Schema):
    ratio: float | None
    net_ratio: float | None
    present_value: float
    net_present_value: float
    payback_months: float | None
    inputs: float


class ValueOut(Schema):
    initiative: int
    roles: list[RoleAmount]
    citizen_time_value: float
    in_kind: float
    professional_hours: float
    professional_cost: float
    money_spent: float
    inputs: float
    by_tag: dict[str, float]
    outcome_value_by_tag: dict[str, float]
    sroi: SroiOut | None


class MeasurementOut(Schema):
    id: int
    date: dt.date
    value: float
    source: str
    note: str


class MeasurementIn(Schema):
    date: dt.date = Field(ge=dt.date(1900, 1, 1), le=dt.date(2999, 12, 31))
    value: float = Field(gt=-1e9, lt=1e9)
    note: Text(300) = ""


def _num(value):
    return None if value is None else float(value)


@router.get(
    "/initiatives/{int:id}/outcomes",
    response={200: list[OutcomeOut], **errors.READ_ONE},
)
def outcome_list(request, id: Id):
    """The initiative's outcomes with their indicators, latest values and progress."""
    initiative = access_initiative_by_id(request.actor, id)
    summary = selectors.outcomes_summary(
        tenant=request.tenant, initiatives=[initiative]
    ).get(initiative.pk, {"outcomes": []})
    return [
        {
            **{k: o[k] for k in ("id", "kind", "name")},
            "indicators": [
                {
                    **i,
                    "baseline": float(i["baseline"]),
                    "target": float(i["target"]),
                    "latest_value": _num(i["latest_value"]),
                }
                for i in o["indicators"]
            ],
        }
        for o in summary["outcomes"]
    ]


@router.get("/initiatives/{int:id}/value", response={200: ValueOut, **errors.READ_ONE})
def initiative_value(request, id: Id):
    """Hours and their value per role, in kind, professional time, money spent, inputs,
    totals by value tag and the SROI (null when no outcome is valued)."""
    initiative = access_initiative_by_id(request.actor, id)
    s = selectors.value_summary(tenant=request.tenant, initiatives=[initiative])[
        initiative.pk
    ]
    return {
        "initiative": initiative.pk,
        "roles": [
            {"role": r, "hours": float(h), "value": float(s["valued_hours"][r])}
            for r, h in s["hours"].items()
        ],
        **{
            k: float(s[k])
            for k in (
                "citizen_time_value",
                "in_kind",
                "professional_hours",
                "professional_cost",
                "money_spent",
                "inputs",
            )
        },
        "by_tag": {k: float(v) for k, v in s["by_tag"].items()},
        "outcome_value_by_tag": s["outcome_value_by_tag"],
        "sroi": s["sroi"],
    }


def _indicator(request, id: int, indicator_id: int) -> Indicator:
    initiative = access_initiative_by_id(request.actor, id)
    return access_indicator_by_id(initiative=initiative, pk=indicator_id)


@router.get(
    "/initiatives/{int:id}/indicators/{int:indicator_id}/measurements",
    response={200: list[MeasurementOut], **errors.READ_ONE},
)
def measurement_list(request, id: Id, indicator_id: Id):
    """The indicator's measurements, oldest first."""
    indicator = _indicator(request, id, indicator_id)
    return [
        {
            "id": m.pk,
            "date": m.date,
            "value": float(m.value),
            "source": m.source,
            "note": m.note,
        }
        for m in selectors.measurement_list_for(indicator)
    ]


@router.post(
    "/initiatives/{int:id}/indicators/{int:indicator_id}/measurements",
    response={201: MeasurementOut, **errors.CHANGE},
)
def measurement_create(request, id: Id, indicator_id: Id, payload: MeasurementIn):
    """Record a dated measurement (source: entered)."""
    indicator = _indicator(request, id, indicator_id)
    outcomes_change_require(request.actor)

    m = services.measurement_record(
        indicator=indicator,
        actor=request.user,
        date=payload.date,
        value=Decimal(repr(payload.value)).quantize(Decimal("0.0001")),
        note=payload.note,
    )
    return Status(
        201,
        {
            "id": m.pk,
            "date": m.date,
            "value": float(m.value),
            "source": m.source,
            "note": m.note,
        },
    )
