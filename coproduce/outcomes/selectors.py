"""Reads for outcomes and value: summaries aggregated in SQL, in a fixed number of queries
whatever the number of initiatives, and the rows behind every total."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Count, F, OuterRef, QuerySet, Subquery, Sum

from coproduce.initiatives.models import Contribution, Initiative, Participation
from coproduce.initiatives.vocab import ActorRole

from . import sroi
from .models import (
    Cost,
    Indicator,
    Measurement,
    Outcome,
    OutcomeValuation,
    SroiModel,
    ValueRate,
    ValueTag,
)

ZERO = Decimal("0")
CENT = Decimal("0.01")


def _ids(initiatives):
    """A subquery of ids for a queryset; a list of ids for anything else."""
    if isinstance(initiatives, QuerySet):
        return initiatives.order_by().values("pk")
    return [getattr(i, "pk", i) for i in initiatives]


def progress_share(*, baseline, target, value) -> float | None:
    """How far ``value`` has come from ``baseline`` to ``target`` (0 at the baseline, 1 at
    the target; below 0 when it went the wrong way, above 1 beyond the target)."""
    if value is None or baseline is None or target is None or target == baseline:
        return None
    return float((Decimal(value) - Decimal(baseline)) / (Decimal(target) - baseline))


def indicators_with_latest(qs: QuerySet[Indicator]) -> QuerySet[Indicator]:
    latest = Measurement.objects.filter(indicator=OuterRef("pk")).order_by(
        "-date", "-id"
    )
    return qs.annotate(
        latest_value=Subquery(latest.values("value")[:1]),
        latest_date=Subquery(latest.values("date")[:1]),
        n_measurements=Count("measurements"),
    )


def outcomes_summary(*, tenant, initiatives) -> dict:
    """Outcomes and their indicators per initiative, in two queries.

    ``initiatives``: a queryset of initiatives (e.g. ``initiative_visible(...)``) or a list
    of initiatives or ids. Returns ``{initiative_id: {...}}`` with, per initiative::

        {"outcomes": [{"id", "kind", "kind_label", "name",
                       "indicators": [{"id", "name", "unit", "direction", "baseline",
                                       "target", "latest_value", "latest_date",
                                       "measurements", "progress"}]}],
         "indicators": int,            # number of indicators
         "with_measurement": int,      # indicators with at least one measurement
         "on_target": int,             # indicators whose latest value reached the target
         "mean_progress": float | None}  # mean of the indicators' progress shares

    ``progress`` is (latest − baseline) / (target − baseline): 0.62 reads "62 % of the
    way from baseline to target"; None without a measurement. Decimals stay Decimals.
    Initiatives without outcomes are absent.
    """
    ids = _ids(initiatives)
    outcomes = list(
        Outcome.objects.filter(tenant=tenant, initiative__in=ids)
        .order_by("initiative_id", "kind", "name", "id")
        .values("id", "initiative_id", "kind", "name")
    )
    indicators = indicators_with_latest(
        Indicator.objects.filter(tenant=tenant, outcome__initiative__in=ids)
    ).order_by("outcome_id", "name", "id")
    by_outcome = defaultdict(list)
    for ind in indicators.values(
        "id",
        "outcome_id",
        "name",
        "unit",
        "direction",
        "baseline",
        "target",
        "latest_value",
        "latest_date",
        "n_measurements",
    ):
        progress = progress_share(
            baseline=ind["baseline"], target=ind["target"], value=ind["latest_value"]
        )
        by_outcome[ind["outcome_id"]].append(
            {
                "id": ind["id"],
                "name": ind["name"],
                "unit": ind["unit"],
                "direction": ind["direction"],
                "baseline": ind["baseline"],
                "target": ind["target"],
                "latest_value": ind["latest_value"],
                "latest_date": ind["latest_date"],
                "measurements": ind["n_measurements"],
                "progress": progress,
            }
        )
    result: dict[int, dict] = {}
    for outcome in outcomes:
        entry = result.setdefault(
            outcome["initiative_id"],
            {
                "outcomes": [],
                "indicators": 0,
                "with_measurement": 0,
                "on_target": 0,
                "mean_progress": None,
            },
        )
        inds = by_outcome.get(outcome["id"], [])
        entry["outcomes"].append(
            {
                "id": outcome["id"],
                "kind": outcome["kind"],
                "kind_label": str(Outcome.Kind(outcome["kind"]).label),
                "name": outcome["name"],
                "indicators": inds,
            }
        )
        entry["indicators"] += len(inds)
        for ind in inds:
            if ind["progress"] is not None:
                entry["with_measurement"] += 1
                entry["on_target"] += ind["progress"] >= 1
    for entry in result.values():
        shares = [
            i["progress"]
            for o in entry["outcomes"]
            for i in o["indicators"]
            if i["progress"] is not None
        ]
        entry["mean_progress"] = sum(shares) / len(shares) if shares else None
    return result


def value_rates(*, tenant) -> dict[str, ValueRate]:
    return {r.role: r for r in ValueRate.objects.filter(tenant=tenant)}


def _empty_value() -> dict:
    return {
        "hours": dict.fromkeys(ActorRole.values, ZERO),
        "valued_hours": dict.fromkeys(ActorRole.values, ZERO),
        "citizen_time_value": ZERO,
        "in_kind": ZERO,
        "in_kind_count": 0,
        "professional_hours": ZERO,
        "professional_cost": ZERO,
        "money_spent": ZERO,
        "inputs": ZERO,
        "by_tag": dict.fromkeys(ValueTag.values, ZERO),
        "outcome_value_by_tag": dict.fromkeys(ValueTag.values, 0.0),
        "sroi": None,
    }


def sroi_input_for(
    *, model: SroiModel | None, valuations: list, inputs: Decimal
) -> sroi.SroiInput:
    return sroi.SroiInput(
        outcomes=tuple(
            sroi.OutcomeLine(
                name=v.description,
                quantity=float(v.quantity),
                proxy=float(v.proxy_value),
                duration=v.duration_years,
                deadweight=float(v.deadweight),
                displacement=float(v.displacement),
                attribution=float(v.attribution),
                drop_off=float(v.drop_off),
                tag=v.value_tag,
            )
            for v in valuations
        ),
        inputs=float(inputs),
        discount_rate=float(model.discount_rate if model else Decimal("0.035")),
    )


def value_summary(*, tenant, initiatives) -> dict:
    """Value and cost per initiative, in seven queries whatever the number of initiatives.

    ``initiatives``: a queryset of initiatives or a list of initiatives or ids. Returns
    ``{initiative_id: {...}}`` for every initiative asked about, each with (EUR as Decimal)::

        "hours":               {role: Decimal}   # Participation hours per ActorRole value
        "valued_hours":        {role: Decimal}   # hours × the tenant's rate for the role
                                                 # (0 when the tenant set no rate)
        "citizen_time_value":  Decimal           # valued hours of every role but professional
        "in_kind":             Decimal           # Σ Contribution.estimated_value
        "in_kind_count":       int               # contributions (with or without a value)
        "professional_hours":  Decimal           # professional participation + Cost time hours
        "professional_cost":   Decimal           # those hours valued (participation hours ×
                                                 # professional rate + Cost time amounts)
        "money_spent":         Decimal           # Σ Cost money amounts
        "inputs":              Decimal           # SROI inputs: professional_cost + money_spent
                                                 # (+ citizen_time_value, + in_kind unless the
                                                 # SROI model leaves them out)
        "by_tag":              {"private"|"group"|"public": Decimal}  # the input lines above
                                                 # by value tag (rate's tag for hours, the
                                                 # SROI model's in-kind tag, each Cost's tag)
        "outcome_value_by_tag": {tag: float}     # present value of valued outcomes per tag
        "sroi":                None | {"ratio", "net_ratio", "present_value",
                                       "net_present_value", "payback_months", "inputs"}
                                                 # None when no outcome is valued
    """
    ids = _ids(initiatives)
    if isinstance(ids, list):
        result = {pk: _empty_value() for pk in ids}
    else:
        result = {pk: _empty_value() for pk in ids.values_list("pk", flat=True)}
    rates = value_rates(tenant=tenant)
    hours = (
        Participation.objects.filter(tenant=tenant, initiative__in=ids)
        .values("initiative_id", "role")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    for row in hours:
        entry = result.get(row["initiative_id"])
        if entry is None:
            continue
        role, h = row["role"], row["h"] or ZERO
        rate = rates.get(role)
        valued = (h * rate.hourly_rate).quantize(CENT) if rate else ZERO
        entry["hours"][role] += h
        entry["valued_hours"][role] += valued
        if role == ActorRole.PROFESSIONAL:
            entry["professional_hours"] += h
            entry["professional_cost"] += valued
        else:
            entry["citizen_time_value"] += valued
        if rate:
            entry["_tag_hours"] = entry.get("_tag_hours", [])
            entry["_tag_hours"].append((rate.value_tag, valued, role))
    in_kind = (
        Contribution.objects.filter(tenant=tenant, initiative__in=ids)
        .values("initiative_id")
        .annotate(total=Sum("estimated_value"), n=Count("id"))
        .order_by()
    )
    for row in in_kind:
        if entry := result.get(row["initiative_id"]):
            entry["in_kind"] = row["total"] or ZERO
            entry["in_kind_count"] = row["n"]
    costs = (
        Cost.objects.filter(tenant=tenant, initiative__in=ids)
        .values("initiative_id", "kind", "value_tag")
        .annotate(total=Sum("amount"), h=Sum("hours"))
        .order_by()
    )
    for row in costs:
        if (entry := result.get(row["initiative_id"])) is None:
            continue
        if row["kind"] == Cost.Kind.TIME:
            entry["professional_hours"] += row["h"] or ZERO
            entry["professional_cost"] += row["total"]
        else:
            entry["money_spent"] += row["total"]
        entry["by_tag"][row["value_tag"]] += row["total"]
    models = {
        m.initiative_id: m
        for m in SroiModel.objects.filter(tenant=tenant, initiative__in=ids)
    }
    valuations = defaultdict(list)
    for v in OutcomeValuation.objects.filter(
        tenant=tenant, initiative__in=ids
    ).order_by("id"):
        valuations[v.initiative_id].append(v)
    for pk, entry in result.items():
        model = models.get(pk)
        with_time = model.include_volunteer_time if model else True
        with_in_kind = model.include_in_kind if model else True
        for tag, valued, role in entry.pop("_tag_hours", []):
            if role == ActorRole.PROFESSIONAL or with_time:
                entry["by_tag"][tag] += valued
        if with_in_kind:
            entry["by_tag"][model.in_kind_tag if model else ValueTag.GROUP] += entry[
                "in_kind"
            ]
        entry["inputs"] = (
            entry["professional_cost"]
            + entry["money_spent"]
            + (entry["citizen_time_value"] if with_time else ZERO)
            + (entry["in_kind"] if with_in_kind else ZERO)
        )
        if valuations.get(pk):
            data = sroi_input_for(
                model=model, valuations=valuations[pk], inputs=entry["inputs"]
            )
            computed = sroi.sroi_compute(data)
            for outcome in computed.outcomes:
                entry["outcome_value_by_tag"][outcome.tag] += outcome.present_value
            entry["sroi"] = {
                "ratio": computed.ratio,
                "net_ratio": computed.net_ratio,
                "present_value": computed.present_value,
                "net_present_value": computed.net_present_value,
                "payback_months": computed.payback_months,
                "inputs": computed.inputs,
            }
    return result


# Rows behind the totals -------------------------------------------------------------


def outcome_list_for(initiative: Initiative) -> QuerySet[Outcome]:
    return Outcome.objects.filter(tenant_id=initiative.tenant_id, initiative=initiative)


def measurement_list_for(indicator: Indicator) -> QuerySet[Measurement]:
    return Measurement.objects.filter(
        tenant_id=indicator.tenant_id, indicator=indicator
    ).order_by("date", "id")


def participation_list_for(
    initiative: Initiative, *, role: str | None = None
) -> QuerySet[Participation]:
    qs = Participation.objects.filter(
        tenant_id=initiative.tenant_id, initiative=initiative
    )
    if role:
        qs = qs.filter(role=role)
    return qs.select_related("activity", "person", "organisation").order_by(
        "-activity__starts_at", "id"
    )


def contribution_list_for(initiative: Initiative) -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        tenant_id=initiative.tenant_id, initiative=initiative
    ).select_related("person", "organisation", "activity")


def cost_list_for(initiative: Initiative, *, kind: str | None = None):
    qs = Cost.objects.filter(tenant_id=initiative.tenant_id, initiative=initiative)
    return qs.filter(kind=kind) if kind else qs


def valuation_list_for(initiative: Initiative) -> QuerySet[OutcomeValuation]:
    return OutcomeValuation.objects.filter(
        tenant_id=initiative.tenant_id, initiative=initiative
    ).select_related("outcome")


def sroi_model_for(initiative: Initiative) -> SroiModel | None:
    return SroiModel.objects.filter(
        tenant_id=initiative.tenant_id, initiative=initiative
    ).first()


def total_of(qs, field: str) -> Decimal:
    return qs.aggregate(total=Sum(F(field)))["total"] or ZERO


def indicator_list_for(initiative: Initiative) -> QuerySet[Indicator]:
    return (
        Indicator.objects.filter(
            tenant_id=initiative.tenant_id, outcome__initiative=initiative
        )
        .select_related("outcome")
        .order_by("outcome_id", "id")
    )


def value_rate_list(*, tenant) -> QuerySet[ValueRate]:
    return ValueRate.objects.filter(tenant=tenant).order_by("role")


DEFAULT_DISCOUNT_RATE = Decimal("0.035")
DEFAULT_SENSITIVITY_STEP = Decimal("0.10")


def sroi_of(initiative: Initiative, *, inputs: Decimal) -> dict:
    """The initiative's SROI: its model's assumptions (or the defaults), the valued
    outcomes, the result year by year and the sensitivity of the ratio to each
    assumption; ``result`` and ``sensitivity`` are None without a valued outcome."""
    model = sroi_model_for(initiative)
    valuations = list(valuation_list_for(initiative))
    step = model.sensitivity_step if model else DEFAULT_SENSITIVITY_STEP
    found: dict = {
        "model": model,
        "discount_rate": model.discount_rate if model else DEFAULT_DISCOUNT_RATE,
        "step": step,
        "valuations": valuations,
        "result": None,
        "sensitivity": None,
    }
    if valuations:
        data = sroi_input_for(model=model, valuations=valuations, inputs=inputs)
        found["result"] = sroi.sroi_compute(data)
        found["sensitivity"] = sroi.sensitivity(data, step=float(step))
    return found
