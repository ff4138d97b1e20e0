"""What the dashboards show, read in a fixed number of SQL queries whatever the data size.

The tenant dashboard's figures (the portfolio's 4 Co's, outcomes, value, who takes part,
sustainability) are computed by ``dashboard_figures`` and kept in a ``DashboardSnapshot``
per tenant and audience (reports.services decides when they are recomputed). They are
plain values, without any text: labels and sentences are made when the page is shown
(``figures_for_display``), in the reader's language.

``fingerprint`` tells whether the data changed since figures were computed: the latest
event row (every service writes one, so any change recorded through the application
renews the figures) and the largest ids of the fact tables (so that bulk loads which
bypass the services renew them too). One statement of three index lookups
(``core.kept.data_fingerprint``).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Count, OuterRef, Q, QuerySet, Subquery, Sum

from coproduce.core.kept import data_fingerprint
from coproduce.evaluation.models import Panel, Wave
from coproduce.initiatives.access import initiatives_of_person
from coproduce.initiatives.models import (
    DECLARED_FIELD,
    Activity,
    Initiative,
    Participation,
)
from coproduce.initiatives.vocab import CITIZEN_ROLES, CO_PRODUCTION_THRESHOLD, Stage
from coproduce.outcomes.selectors import outcomes_summary, value_summary
from coproduce.people.models import Person
from coproduce.representativeness.selectors import (
    representativeness_compare,
    representativeness_counts,
    tenant_table,
)
from coproduce.sustainability.models import Assessment, Dimension, DimensionScore

from .models import ALL

# The layout of the figures ``dashboard_figures`` returns; raise it whenever that layout
# changes, so that figures kept in the old one are recomputed rather than misread.
LAYOUT = 1


def outcomes_api():
    """The outcomes app's summaries (kept for callers that ask for both at once)."""
    return outcomes_summary, value_summary


def fingerprint(*, tenant) -> str:
    """Changes whenever the tenant's data changes (see the module docstring)."""
    return data_fingerprint(tenant=tenant)


def audience_initiatives(*, tenant, audience: str) -> QuerySet[Initiative]:
    """The initiatives an audience sees (the inverse of ``access.audience_of``)."""
    if audience == ALL:
        return Initiative.objects.filter(tenant=tenant)
    person_pk = int(audience.removeprefix("p") or 0)
    person = Person.objects.filter(tenant=tenant, pk=person_pk).first()
    return initiatives_of_person(tenant=tenant, person=person)


# Figures ----------------------------------------------------------------------------


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


def _in_clause(qs: QuerySet) -> tuple[str, tuple]:
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    return sql, tuple(params)


def portfolio_totals(
    *,
    tenant,
    initiatives: QuerySet[Initiative],
    participations: QuerySet[Participation],
) -> dict:
    """The figures of ``initiatives.selectors.portfolio_summary`` (which the portfolio
    page uses and the tests compare with) for the dashboard, in two queries that read
    each activity once.

    ``portfolio_summary`` asks, for every initiative and every stage, whether a citizen
    took part at level involve or higher: five correlated subqueries per initiative,
    each joining that initiative's participations to their activities (4.2 s for 10,000
    initiatives and 2,000,000 participations). Here the activities at that level with a
    citizen among their participants are found once, grouped per initiative into one
    flag per stage, and joined to the initiatives' declarations (0.2 s). Returns::

        {"total", "co_produced", "rhetoric": int,
         "stages": [{"stage", "declared", "realised"}],   # in Stage order
         "hours": {mode: Decimal}}            # Σ hours of ``participations``
    """
    ids_sql, ids_params = _in_clause(initiatives)
    roles = sorted(CITIZEN_ROLES)
    stages = list(Stage.values)
    flags = ", ".join(
        f"MAX(CASE WHEN a.stage = %s THEN 1 ELSE 0 END) AS r{n}"
        for n in range(len(stages))
    )
    not_realised = " OR ".join(
        f"(i.{DECLARED_FIELD[stage]} AND COALESCE(r.r{n}, 0) = 0)"
        for n, stage in enumerate(stages)
    )
    counts = ", ".join(
        f"SUM(CASE WHEN i.{DECLARED_FIELD[stage]} THEN 1 ELSE 0 END), "
        f"SUM(COALESCE(r.r{n}, 0))"
        for n, stage in enumerate(stages)
    )
    sql = f"""
        WITH realised AS (
            SELECT a.initiative_id, {flags}
            FROM {Activity._meta.db_table} a
            WHERE a.tenant_id = %s AND a.level >= %s
              AND a.initiative_id IN ({ids_sql})
              AND EXISTS (
                  SELECT 1 FROM {Participation._meta.db_table} p
                  WHERE p.activity_id = a.id AND p.role IN ({", ".join(["%s"] * len(roles))})
              )
            GROUP BY a.initiative_id
        )
        SELECT COUNT(*), COUNT(r.initiative_id),
               SUM(CASE WHEN {not_realised} THEN 1 ELSE 0 END), {counts}
        FROM {Initiative._meta.db_table} i
        LEFT JOIN realised r ON r.initiative_id = i.id
        WHERE i.id IN ({ids_sql})
    """  # noqa: S608 (table names from the models; every value a parameter)
    params = (
        *stages,
        tenant.pk,
        int(CO_PRODUCTION_THRESHOLD),
        *ids_params,
        *roles,
        *ids_params,
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = [int(v or 0) for v in cursor.fetchone()]
    hours = participations.values("activity__mode").annotate(h=Sum("hours")).order_by()
    return {
        "total": row[0],
        "co_produced": row[1],
        "rhetoric": row[2],
        "stages": [
            {"stage": stage, "declared": row[3 + 2 * n], "realised": row[4 + 2 * n]}
            for n, stage in enumerate(stages)
        ],
        "hours": {r["activity__mode"]: r["h"] for r in hours},
    }


def sustainability_overview(*, tenant, initiatives: QuerySet[Initiative]) -> dict:
    """Temporary initiatives, how many are assessed, and the mean of each dimension over
    their latest assessments (two queries). Plain values: ``figures_for_display`` adds
    the dimensions' labels."""
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
            {"dimension": d, "mean": means.get(d)} for d in Dimension.values
        ],
    }


def dashboard_figures(*, tenant, audience: str) -> dict:
    """Every figure of the tenant dashboard for one audience: the heavy part, seconds on
    a large tenant. Plain values only (see ``LAYOUT``), so that they can be kept."""
    initiatives = audience_initiatives(tenant=tenant, audience=audience)
    if audience == ALL:  # no need to ask which initiatives
        participations = Participation.objects.filter(tenant=tenant)
    else:
        participations = Participation.objects.filter(
            tenant=tenant, initiative__in=initiatives.values("pk")
        )
    table = tenant_table(tenant=tenant)
    return {
        "portfolio": portfolio_totals(
            tenant=tenant, initiatives=initiatives, participations=participations
        ),
        "representativeness": {
            "table": None
            if table is None
            else {
                "pk": table.pk,
                "name": table.name,
                "area": table.area,
                "reference_date": table.reference_date,
                "source": table.source,
            },
            **representativeness_counts(
                tenant=tenant, participations=participations, table=table
            ),
        },
        "outcomes": outcomes_totals(
            outcomes_summary(tenant=tenant, initiatives=initiatives)
        ),
        "value": value_totals(value_summary(tenant=tenant, initiatives=initiatives)),
        "sustainability": sustainability_overview(
            tenant=tenant, initiatives=initiatives
        ),
        "panels": panel_figures(tenant=tenant, initiatives=initiatives),
    }


def figures_for_display(data: dict) -> dict:
    """``dashboard_figures`` with their labels and sentences, in the active language:
    the comparisons of who takes part are made here (pure, no queries)."""
    portfolio = {
        **data["portfolio"],
        "stages": [
            {**s, "label": Stage(s["stage"]).label} for s in data["portfolio"]["stages"]
        ],
    }
    rep = data["representativeness"]
    sustainability = {
        **data["sustainability"],
        "dimensions": [
            {**d, "label": Dimension(d["dimension"]).label}
            for d in data["sustainability"]["dimensions"]
        ],
    }
    return {
        "portfolio": portfolio,
        "representativeness": representativeness_compare(rep, table=rep["table"]),
        "outcomes": data["outcomes"],
        "value": data["value"],
        "sustainability": sustainability,
        "panels": data["panels"],
    }


def panel_figures(*, tenant, initiatives: QuerySet[Initiative], limit: int = 20):
    """``panel_overview`` as plain values: the panels' and initiatives' names and slugs."""
    overview = panel_overview(tenant=tenant, initiatives=initiatives, limit=limit)
    return {
        "total": overview["total"],
        "panels": [
            {
                "pk": p.pk,
                "name": p.name,
                "initiative": {"slug": p.initiative.slug, "name": p.initiative.name},
                "n_members": p.n_members,
                "n_opened": p.n_opened,
            }
            for p in overview["panels"]
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
