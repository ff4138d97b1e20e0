"""What the dashboards show, read in a fixed number of SQL queries whatever the data size.

The tenant dashboard's heavy sections (the portfolio's 4 Co's, outcomes, value, who takes
part) are cached per tenant and set of visible initiatives. The cache key carries a
fingerprint of the tenant's data: the latest event row (every service writes one, so any
change recorded through the application renews the figures) and the largest ids of the
fact tables (so bulk loads that bypass the services renew them too). The fingerprint is
three index lookups; a stale figure can therefore not outlive the change that made it.
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

from django.core.cache import cache
from django.db.models import Avg, Count, Max, OuterRef, Q, QuerySet, Subquery

from coproduce.core.models import Event
from coproduce.evaluation.models import Panel, Wave
from coproduce.initiatives.models import Activity, Initiative, Participation
from coproduce.initiatives.selectors import portfolio_summary
from coproduce.representativeness.selectors import representativeness_for, tenant_table
from coproduce.sustainability.models import Assessment, Dimension, DimensionScore

CACHE_SECONDS = 600


def outcomes_api():
    """The outcomes app's summaries, once it provides them (else None)."""
    try:
        from coproduce.outcomes import selectors
    except ImportError:  # pragma: no cover - the app is installed
        return None, None
    return (
        getattr(selectors, "outcomes_summary", None),
        getattr(selectors, "value_summary", None),
    )


def fingerprint(*, tenant) -> str:
    """Changes whenever the tenant's data changes (see the module docstring)."""
    parts = [
        Event.objects.filter(tenant=tenant).aggregate(m=Max("id"))["m"],
        Participation.objects.filter(tenant=tenant).aggregate(m=Max("id"))["m"],
        Activity.objects.filter(tenant=tenant).aggregate(m=Max("id"))["m"],
    ]
    return hashlib.sha1(repr(parts).encode()).hexdigest()[:16]


def _sum(values) -> Decimal:
    return sum((Decimal(v or 0) for v in values), Decimal("0"))


def outcomes_totals(summary: dict) -> dict:
    """Across initiatives: indicators, with a measurement, on target, mean progress."""
    entries = list(summary.values())
    progress = [
        e["mean_progress"] for e in entries if e.get("mean_progress") is not None
    ]
    return {
        "initiatives": len(entries),
        "outcomes": sum(len(e.get("outcomes", [])) for e in entries),
        "indicators": sum(e.get("indicators", 0) for e in entries),
        "with_measurement": sum(e.get("with_measurement", 0) for e in entries),
        "on_target": sum(e.get("on_target", 0) for e in entries),
        "mean_progress": sum(progress) / len(progress) if progress else None,
    }


VALUE_KEYS = [
    "citizen_time_value",
    "in_kind",
    "professional_cost",
    "money_spent",
    "inputs",
]


def value_totals(summary: dict) -> dict:
    entries = list(summary.values())
    totals = {k: _sum(e.get(k) for e in entries) for k in VALUE_KEYS}
    by_tag: dict[str, Decimal] = {}
    for e in entries:
        for tag, amount in (e.get("by_tag") or {}).items():
            by_tag[tag] = by_tag.get(tag, Decimal("0")) + Decimal(amount or 0)
    totals["by_tag"] = by_tag
    totals["with_sroi"] = sum(1 for e in entries if e.get("sroi"))
    return totals


def _heavy(*, tenant, initiatives: QuerySet[Initiative]) -> dict:
    outcomes_summary, value_summary = outcomes_api()
    participations = Participation.objects.filter(
        tenant=tenant, initiative__in=initiatives.values("pk")
    )
    data = {
        "portfolio": portfolio_summary(initiatives),
        "representativeness": representativeness_for(
            tenant=tenant,
            participations=participations,
            table=tenant_table(tenant=tenant),
        ),
        "outcomes": None,
        "value": None,
    }
    if outcomes_summary:
        data["outcomes"] = outcomes_totals(
            outcomes_summary(tenant=tenant, initiatives=initiatives)
        )
    if value_summary:
        data["value"] = value_totals(
            value_summary(tenant=tenant, initiatives=initiatives)
        )
    return data


def tenant_dashboard_data(
    *, tenant, initiatives: QuerySet[Initiative], audience: str
) -> dict:
    """``audience`` names the set of visible initiatives ('all' or a person's id)."""
    key = f"dash:{tenant.pk}:{audience}:{fingerprint(tenant=tenant)}"
    data = cache.get(key)
    if data is None:
        data = _heavy(tenant=tenant, initiatives=initiatives)
        cache.set(key, data, CACHE_SECONDS)
    return data


def sustainability_overview(*, tenant, initiatives: QuerySet[Initiative]) -> dict:
    """Temporary initiatives, how many are assessed, and the mean of each dimension over
    their latest assessments (two queries)."""
    temporary = initiatives.filter(is_temporary=True)
    latest = Assessment.objects.filter(initiative=OuterRef("initiative")).order_by(
        "-assessed_on", "-id"
    )
    latest_ids = Assessment.objects.filter(
        tenant=tenant, initiative__in=temporary.values("pk")
    ).filter(pk=Subquery(latest.values("pk")[:1]))
    means = dict(
        DimensionScore.objects.filter(tenant=tenant, assessment__in=latest_ids)
        .values("dimension")
        .annotate(m=Avg("score"), n=Count("id"))
        .order_by()
        .values_list("dimension", "m")
    )
    counts = temporary.aggregate(
        total=Count("pk", distinct=True),
        assessed=Count(
            "pk",
            filter=Q(sustainability_assessments__isnull=False),
            distinct=True,
        ),
    )
    return {
        "temporary": counts["total"],
        "assessed": counts["assessed"],
        "dimensions": [
            {"dimension": d, "label": Dimension(d).label, "mean": means.get(d)}
            for d in Dimension.values
        ],
    }


def panel_overview(*, tenant, initiatives: QuerySet[Initiative], limit: int = 20):
    """Panels of the visible initiatives, newest first, with their opened waves."""
    qs = (
        Panel.objects.filter(tenant=tenant, initiative__in=initiatives.values("pk"))
        .select_related("initiative", "instrument")
        .annotate(
            n_members=Count("members", distinct=True),
            n_opened=Count(
                "waves", filter=~Q(waves__status=Wave.Status.DRAFT), distinct=True
            ),
        )
        .order_by("-created_at", "-id")
    )
    return {"total": qs.count(), "panels": list(qs[:limit])}
