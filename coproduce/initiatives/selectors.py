"""Reads for initiatives: who may see which initiative, lists, profiles aggregated in SQL."""

from collections import defaultdict

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum

from .models import DECLARED_FIELD, Activity, Initiative, Participation
from .profile import CellRow, Profile, profile_compute
from .vocab import CITIZEN_ROLES, CO_PRODUCTION_THRESHOLD, ActorRole, Stage


def co_produced_q() -> Q:
    """Initiatives with a citizen at level involve or higher in some activity (in SQL)."""
    return Q(
        Exists(
            Participation.objects.filter(
                initiative=OuterRef("pk"),
                role__in=CITIZEN_ROLES,
                activity__level__gte=CO_PRODUCTION_THRESHOLD,
            )
        )
    )


def stage_realised_q(stage: str) -> Q:
    return Q(
        Exists(
            Participation.objects.filter(
                initiative=OuterRef("pk"),
                role__in=CITIZEN_ROLES,
                activity__stage=stage,
                activity__level__gte=CO_PRODUCTION_THRESHOLD,
            )
        )
    )


def rhetoric_q() -> Q:
    """Initiatives that declare at least one 'Co' not realised in the records."""
    q = Q(pk__in=[])
    for stage, field in DECLARED_FIELD.items():
        q |= Q(**{field: True}) & ~stage_realised_q(stage)
    return q


def initiative_filter(
    qs: QuerySet[Initiative], *, filters: dict
) -> QuerySet[Initiative]:
    if text := filters.get("q"):
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(place__icontains=text)
        )
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if lead := filters.get("lead_organisation"):
        qs = qs.filter(lead_organisation_id=lead)
    if service := filters.get("service"):
        qs = qs.filter(services__id=service)
    if (temporary := filters.get("temporary")) not in (None, ""):
        qs = qs.filter(is_temporary=temporary in (True, "true", "1", "yes"))
    if stage := filters.get("declared_stage"):
        qs = qs.filter(**{DECLARED_FIELD[stage]: True})
    if stage := filters.get("realised_stage"):
        qs = qs.filter(stage_realised_q(stage))
    co_produced = filters.get("co_produced")
    if co_produced in (True, "true", "1", "yes"):
        qs = qs.filter(co_produced_q())
    elif co_produced in (False, "false", "0", "no"):
        qs = qs.exclude(co_produced_q())
    if filters.get("rhetoric") in (True, "true", "1", "yes"):
        qs = qs.filter(rhetoric_q())
    return qs


def _scope_counts(initiative_ids) -> dict[int, tuple[int, int]]:
    """Per initiative: activities with one citizen (individual) and with several or a group."""
    per_activity = (
        Participation.objects.filter(
            initiative_id__in=initiative_ids, role__in=CITIZEN_ROLES
        )
        .values("initiative_id", "activity_id")
        .annotate(
            n=Count("id"), groups=Count("id", filter=Q(role=ActorRole.COMMUNITY_GROUP))
        )
        .order_by()
    )
    counts: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for row in per_activity:
        collective = row["n"] > 1 or row["groups"] > 0
        counts[row["initiative_id"]][1 if collective else 0] += 1
    return {k: (v[0], v[1]) for k, v in counts.items()}


def profiles_for(initiatives: list[Initiative]) -> dict[int, Profile]:
    """Profiles of many initiatives in three queries, whatever their number of records."""
    ids = [i.pk for i in initiatives]
    rows: dict[int, list[CellRow]] = defaultdict(list)
    grouped = (
        Participation.objects.filter(initiative_id__in=ids)
        .values("initiative_id", "activity__stage", "role", "activity__mode")
        .annotate(max_level=Max("activity__level"), hours=Sum("hours"), n=Count("id"))
        .order_by()
    )
    for row in grouped:
        rows[row["initiative_id"]].append(
            CellRow(
                stage=row["activity__stage"],
                role=row["role"],
                mode=row["activity__mode"],
                max_level=row["max_level"],
                hours=row["hours"],
                participations=row["n"],
            )
        )
    activity_counts = dict(
        Activity.objects.filter(initiative_id__in=ids)
        .values("initiative_id")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("initiative_id", "n")
    )
    scope_counts = _scope_counts(ids)
    return {
        initiative.pk: profile_compute(
            declared_stages=initiative.declared_stages,
            declared_scope=initiative.declared_scope,
            rows=rows[initiative.pk],
            individual_activities=scope_counts.get(initiative.pk, (0, 0))[0],
            collective_activities=scope_counts.get(initiative.pk, (0, 0))[1],
            activities=activity_counts.get(initiative.pk, 0),
        )
        for initiative in initiatives
    }


def profile_for(initiative: Initiative) -> Profile:
    return profiles_for([initiative])[initiative.pk]


def portfolio_summary(qs: QuerySet[Initiative]) -> dict:
    """Counts across a (filtered) portfolio, all in SQL: how many initiatives declare and
    realise each 'Co', how many are co-produced, and how many declare what they do not do."""
    aggregates = {"total": Count("pk", distinct=True)}
    aggregates["co_produced"] = Count("pk", filter=co_produced_q(), distinct=True)
    aggregates["rhetoric"] = Count("pk", filter=rhetoric_q(), distinct=True)
    for stage, field in DECLARED_FIELD.items():
        aggregates[f"declared_{stage}"] = Count(
            "pk", filter=Q(**{field: True}), distinct=True
        )
        aggregates[f"realised_{stage}"] = Count(
            "pk", filter=stage_realised_q(stage), distinct=True
        )
    values = Initiative.objects.filter(pk__in=qs.values("pk")).aggregate(**aggregates)
    stages = [
        {
            "stage": stage,
            "label": Stage(stage).label,
            "declared": values[f"declared_{stage}"],
            "realised": values[f"realised_{stage}"],
        }
        for stage in Stage.values
    ]
    hours = (
        Participation.objects.filter(initiative__in=qs.values("pk"))
        .values("activity__mode")
        .annotate(h=Sum("hours"))
        .order_by()
    )
    return {
        "total": values["total"],
        "co_produced": values["co_produced"],
        "rhetoric": values["rhetoric"],
        "stages": stages,
        "hours": {row["activity__mode"]: row["h"] for row in hours},
    }


def activity_list_for(initiative: Initiative) -> QuerySet[Activity]:
    return (
        Activity.objects.filter(initiative=initiative)
        .annotate(
            n_participants=Count("participations"),
            total_hours=Sum("participations__hours"),
        )
        .order_by("starts_at", "id")
    )
