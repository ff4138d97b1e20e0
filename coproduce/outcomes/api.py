"""The outcomes API: outcomes, indicators and their measurements; value and cost of an
initiative; its ninja router and its schemas.

Who may read and change what is ``outcomes/access.py``, as on the pages: an initiative one
may not see, and every outcome and indicator under it, is a 404; recording a measurement
needs ``initiatives.change`` (403 once the indicator is found).
"""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from coproduce.api import errors
from coproduce.api.pagination import Pagination
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


# Indicators, costs, rates and the SROI -----------------------------------------------------


class IndicatorOut(Schema):
    id: int
    outcome: int = Field(..., alias="outcome_id")
    outcome_name: str = Field(..., alias="outcome.name")
    name: str
    unit: str
    direction: str
    baseline: float
    target: float
    scale: int | None = Field(None, alias="scale_id", description="Measured by a scale")
    panel: int | None = Field(None, alias="panel_id", description="of this panel")


@router.get(
    "/initiatives/{int:id}/indicators",
    response={200: list[IndicatorOut], **errors.READ_ONE},
)
@paginate(Pagination)
def indicator_list(request, id: Id):
    """The indicators of the initiative's outcomes, with their baselines and targets."""
    return selectors.indicator_list_for(access_initiative_by_id(request.actor, id))


class CostOut(Schema):
    id: int
    kind: str = Field(..., description="time (professional hours) or money")
    description: str
    date: dt.date
    hours: float | None
    hourly_rate: float | None
    amount: float
    value_tag: str


@router.get(
    "/initiatives/{int:id}/costs", response={200: list[CostOut], **errors.READ_ONE}
)
@paginate(Pagination)
def cost_list(request, id: Id):
    """The initiative's costs: professional time and money spent."""
    initiative = access_initiative_by_id(request.actor, id)
    return selectors.cost_list_for(initiative).order_by("date", "id")


class ValueRateOut(Schema):
    role: str
    hourly_rate: float
    method: str
    isco_code: str
    value_tag: str
    source_note: str
    source_url: str


@router.get("/value-rates", response={200: list[ValueRateOut], **errors.READ_LIST})
def value_rate_list(request):
    """The tenant's hourly rates per role: what an hour of each role is worth, and why."""
    return list(selectors.value_rate_list(tenant=request.tenant))


class ValuationOut(Schema):
    id: int
    outcome: int | None = Field(None, alias="outcome_id")
    description: str
    quantity: float
    proxy_value: float
    proxy_source: str
    duration_years: int
    deadweight: float
    attribution: float
    displacement: float
    drop_off: float
    value_tag: str


class AssumptionsOut(Schema):
    discount_rate: float
    sensitivity_step: float
    include_volunteer_time: bool
    include_in_kind: bool
    in_kind_tag: str
    note: str


class SroiYearOut(Schema):
    year: int
    value: float
    discounted: float


class SroiOutcomeOut(Schema):
    name: str
    tag: str
    year_values: list[float]
    present_value: float


class SroiResultOut(Schema):
    years: list[SroiYearOut]
    outcomes: list[SroiOutcomeOut]
    present_value: float
    inputs: float
    net_present_value: float
    ratio: float | None
    net_ratio: float | None
    payback_months: float | None


class SensitivityOut(Schema):
    assumption: str
    change: str
    ratio_down: float | None
    ratio_base: float | None
    ratio_up: float | None
    break_even: float | None = Field(
        description="Where the ratio is 1:1: points added (shares), a factor (proxy, "
        "quantity), years added (duration) or the rate (discount rate)"
    )


class SroiDetailOut(Schema):
    initiative: int
    assumptions: AssumptionsOut
    valuations: list[ValuationOut]
    result: SroiResultOut | None = Field(description="null without a valued outcome")
    sensitivity: list[SensitivityOut]


@router.get(
    "/initiatives/{int:id}/sroi", response={200: SroiDetailOut, **errors.READ_ONE}
)
def initiative_sroi(request, id: Id):
    """The SROI as the value page shows it: the assumptions, each valued outcome with
    its proxy and shares, the result year by year, and the ratio with each assumption
    moved down and up by the model's step."""
    initiative = access_initiative_by_id(request.actor, id)
    inputs = selectors.value_summary(tenant=request.tenant, initiatives=[initiative])[
        initiative.pk
    ]["inputs"]
    found = selectors.sroi_of(initiative, inputs=inputs)
    model, result = found["model"], found["result"]
    return {
        "initiative": initiative.pk,
        "assumptions": {
            "discount_rate": float(found["discount_rate"]),
            "sensitivity_step": float(found["step"]),
            "include_volunteer_time": model.include_volunteer_time if model else True,
            "include_in_kind": model.include_in_kind if model else True,
            "in_kind_tag": model.in_kind_tag if model else "group",
            "note": model.note if model else "",
        },
        "valuations": found["valuations"],
        "result": None
        if result is None
        else {
            "years": [
                {"year": t, "value": v, "discounted": d}
                for t, (v, d) in enumerate(
                    zip(result.year_values, result.discounted_values, strict=True), 1
                )
            ],
            "outcomes": [
                {
                    "name": o.name,
                    "tag": o.tag,
                    "year_values": list(o.year_values),
                    "present_value": o.present_value,
                }
                for o in result.outcomes
            ],
            **{
                k: getattr(result, k)
                for k in (
                    "present_value",
                    "inputs",
                    "net_present_value",
                    "ratio",
                    "net_ratio",
                    "payback_months",
                )
            },
        },
        "sensitivity": [
            {
                "assumption": r.assumption,
                "change": r.change,
                "ratio_down": r.ratio_down,
                "ratio_base": r.ratio_base,
                "ratio_up": r.ratio_up,
                "break_even": r.break_even,
            }
            for r in found["sensitivity"] or ()
        ],
    }
