"""Reads for initiatives: the lists the pages and the API show (of what the actor may see,
``initiatives.access``), profiles aggregated in SQL, and what the registry's pages and the
CPSV-AP export show of an organisation's, a person's and a service's co-production."""

import hashlib
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum
from django.db.models.expressions import RawSQL

from coproduce.core.kept import data_fingerprint
from coproduce.people.models import Organisation, Person, PublicService
from coproduce.tenancy.actor import Actor

from .access import (
    activity_visible,
    contribution_visible,
    initiative_visible,
    participation_visible,
    partner_visible,
)
from .models import (
    DECLARED_FIELD,
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)
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


# Figures derived from the records, kept per tenant while its data is unchanged -------


@dataclass(frozen=True)
class Realised:
    """Per stage, the initiatives in which a citizen took part at level involve or
    higher; and each initiative's hours per mode."""

    tenant_id: int
    fingerprint: str
    by_stage: dict[str, frozenset[int]]
    hours: dict[int, dict[str, Decimal]]

    @property
    def any_stage(self) -> frozenset[int]:
        return frozenset().union(*self.by_stage.values())


REALISED_SECONDS = 24 * 3600


def realised_for(*, tenant, fingerprint: str | None = None) -> Realised:
    """The tenant's ``Realised`` figures: from the cache while ``data_fingerprint`` is
    unchanged, else computed (two grouped queries, each activity read once) and kept."""
    fingerprint = fingerprint or data_fingerprint(tenant=tenant)
    key = f"initiatives:realised:{tenant.pk}:{fingerprint}"
    kept = cache.get(key)
    if kept is not None:
        return kept
    by_stage: dict[str, set[int]] = {stage: set() for stage in Stage.values}
    rows = (
        Activity.objects.filter(tenant=tenant, level__gte=CO_PRODUCTION_THRESHOLD)
        .filter(
            Exists(
                Participation.objects.filter(
                    activity=OuterRef("pk"), role__in=CITIZEN_ROLES
                )
            )
        )
        .values_list("initiative_id", "stage")
        .distinct()
    )
    for initiative_id, stage in rows:
        by_stage[stage].add(initiative_id)
    hours: dict[int, dict[str, Decimal]] = defaultdict(dict)
    for initiative_id, mode, h in (
        Participation.objects.filter(tenant=tenant)
        .values_list("initiative_id", "activity__mode")
        .annotate(h=Sum("hours"))
        .order_by()
    ):
        hours[initiative_id][mode] = h or Decimal("0")
    realised = Realised(
        tenant_id=tenant.pk,
        fingerprint=fingerprint,
        by_stage={k: frozenset(v) for k, v in by_stage.items()},
        hours=dict(hours),
    )
    cache.set(key, realised, REALISED_SECONDS)
    return realised


def initiative_filter(
    qs: QuerySet[Initiative], *, filters: dict, realised: Realised | None = None
) -> QuerySet[Initiative]:
    """``qs`` narrowed by the portfolio's filters. ``q`` (the page's search box) and its
    API twin ``search`` match part of the name, description or place. With ``realised``
    (``realised_for``) the filters on realised stages use its kept sets instead of a
    subquery per initiative."""
    for text in (filters.get("q"), filters.get("search")):
        if text := (text or "").strip():
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
    if realised is not None:
        return _realised_filter(qs, filters, realised)
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


def _ids_in(ids) -> Q:
    """``pk IN ids``: on PostgreSQL as one array parameter (thousands of separate
    parameters cost more to send than the query takes to run), written as the array's
    text (psycopg adapts a list of 10,000 ints element by element: 6 ms a query)."""
    ids = sorted(ids)
    if connection.vendor == "postgresql":
        literal = "{" + ",".join(map(str, map(int, ids))) + "}"
        return Q(pk__in=RawSQL("SELECT unnest(%s::bigint[])", [literal]))
    return Q(pk__in=ids)


def _realised_filter(qs, filters: dict, realised: Realised):
    if stage := filters.get("realised_stage"):
        qs = qs.filter(_ids_in(realised.by_stage[stage]))
    co_produced = filters.get("co_produced")
    if co_produced in (True, "true", "1", "yes"):
        qs = qs.filter(_ids_in(realised.any_stage))
    elif co_produced in (False, "false", "0", "no"):
        qs = qs.exclude(_ids_in(realised.any_stage))
    if filters.get("rhetoric") in (True, "true", "1", "yes"):
        q = Q(pk__in=[])
        for stage, field in DECLARED_FIELD.items():
            q |= Q(**{field: True}) & ~_ids_in(realised.by_stage[stage])
        qs = qs.filter(q)
    return qs


def initiatives_changed(*, tenant=None, tenant_id: int | None = None) -> str:
    """Changes when an initiative is added, removed or saved, through the services or
    not (the admin): their number and latest change. Kept per request (a page asks it
    for its fragment and for its figures)."""
    tenant_id = int(tenant.pk if tenant is not None else tenant_id or 0)
    changed = Initiative.objects.filter(tenant_id=tenant_id).aggregate(
        n=Count("id"), m=Max("updated_at")
    )
    return f"{changed['n']}:{changed['m']}"


def portfolio_summary_kept(
    qs: QuerySet[Initiative], *, realised: Realised, key: str
) -> dict:
    """``portfolio_summary`` of ``qs`` from the kept ``realised`` figures: one query for
    the initiatives' declarations, the rest counted here; kept under ``key`` (the
    filters and the audience) while the data is unchanged."""
    # the declarations are the initiatives' own: saved outside the services too (admin)
    key = f"{key}:{initiatives_changed(tenant_id=realised.tenant_id)}"
    digest = hashlib.sha1(key.encode(), usedforsecurity=False).hexdigest()[:16]
    cache_key = f"initiatives:summary:{realised.fingerprint}:{digest}"
    kept = cache.get(cache_key)
    if kept is not None:
        return kept
    fields = [DECLARED_FIELD[Stage(stage)] for stage in Stage.values]
    rows = list(qs.order_by().values_list("pk", *fields))
    any_stage = realised.any_stage
    total = len(rows)
    declared = [0] * len(fields)
    realised_n = [0] * len(fields)
    rhetoric = co_produced = 0
    hours: dict[str, Decimal] = {}
    for pk, *flags in rows:
        shortfall = False
        for n, stage in enumerate(Stage.values):
            done = pk in realised.by_stage[stage]
            declared[n] += bool(flags[n])
            realised_n[n] += done
            shortfall = shortfall or (flags[n] and not done)
        rhetoric += shortfall
        co_produced += pk in any_stage
        for mode, h in realised.hours.get(pk, {}).items():
            hours[mode] = hours.get(mode, Decimal("0")) + h
    summary = {
        "total": total,
        "co_produced": co_produced,
        "rhetoric": rhetoric,
        "stages": [
            {
                "stage": stage,
                "label": Stage(stage).label,
                "declared": declared[n],
                "realised": realised_n[n],
            }
            for n, stage in enumerate(Stage.values)
        ],
        "hours": hours,
    }
    cache.set(cache_key, summary, REALISED_SECONDS)
    return summary


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


def _profile_key(initiative: Initiative, fingerprint: str) -> str:
    return (
        f"initiatives:profile:{initiative.pk}:{initiative.version}:"
        f"{initiative.updated_at.timestamp()}:{fingerprint}"
    )


def profiles_kept(
    initiatives: list[Initiative], *, fingerprint: str
) -> dict[int, Profile]:
    """``profiles_for`` through the cache: the profiles kept under the tenant's
    ``data_fingerprint`` (one round trip for the whole page), the others computed
    together and kept (the same marker as the dashboard's kept figures)."""
    keys = {
        initiative.pk: _profile_key(initiative, fingerprint)
        for initiative in initiatives
    }
    kept = cache.get_many(list(keys.values()))
    profiles = {pk: kept[key] for pk, key in keys.items() if key in kept}
    missing = [i for i in initiatives if i.pk not in profiles]
    if missing:
        computed = profiles_for(missing)
        cache.set_many({keys[pk]: p for pk, p in computed.items()}, REALISED_SECONDS)
        profiles.update(computed)
    return profiles


def profile_for(initiative: Initiative, *, fingerprint: str | None = None) -> Profile:
    """The initiative's profile; with the tenant's ``data_fingerprint``, kept in the cache
    while the data is unchanged (the same marker as the dashboard's kept figures)."""
    if fingerprint is None:
        return profiles_for([initiative])[initiative.pk]
    return profiles_kept([initiative], fingerprint=fingerprint)[initiative.pk]


ACTIVITIES_PER_PAGE = 50


def activity_page_for(initiative: Initiative, page_number) -> Page:
    """A page of the initiative's activities, each with its participants and hours
    counted for that page's activities only."""
    qs = Activity.objects.filter(initiative=initiative).order_by("starts_at", "id")
    page = Paginator(qs, ACTIVITIES_PER_PAGE).get_page(page_number)
    activities = list(page.object_list)
    totals = {
        row["activity_id"]: row
        for row in Participation.objects.filter(
            tenant_id=initiative.tenant_id, activity__in=[a.pk for a in activities]
        )
        .values("activity_id")
        .annotate(n=Count("id"), h=Sum("hours"))
        .order_by()
    }
    for a in activities:
        row: Any = totals.get(a.pk, {})
        a.n_participants = row.get("n", 0)  # type: ignore[attr-defined]
        a.total_hours = row.get("h")  # type: ignore[attr-defined]
    page.object_list = activities
    return page


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


# Lists ----------------------------------------------------------------------------------


def initiative_list(actor: Actor, *, filters: dict) -> QuerySet[Initiative]:
    return (
        initiative_filter(initiative_visible(actor), filters=filters)
        .select_related("lead_organisation")
        .prefetch_related("services")
        .order_by("name", "id")
    )


def partner_list(actor: Actor, *, filters: dict) -> QuerySet[InitiativePartner]:
    qs = partner_visible(actor)
    if initiative := filters.get("initiative"):
        qs = qs.filter(initiative_id=initiative)
    if organisation := filters.get("organisation"):
        qs = qs.filter(organisation_id=organisation)
    if role := filters.get("role"):
        qs = qs.filter(role=role)
    return qs.order_by("initiative_id", "id")


def activity_list(actor: Actor, *, filters: dict) -> QuerySet[Activity]:
    qs = activity_visible(actor)
    if initiative := filters.get("initiative"):
        qs = qs.filter(initiative_id=initiative)
    if stage := filters.get("stage"):
        qs = qs.filter(stage=stage)
    if level := filters.get("level"):
        qs = qs.filter(level=level)
    if mode := filters.get("mode"):
        qs = qs.filter(mode=mode)
    if starts_after := filters.get("starts_after"):
        qs = qs.filter(starts_at__gte=starts_after)
    if starts_before := filters.get("starts_before"):
        qs = qs.filter(starts_at__lt=starts_before)
    return qs.order_by("starts_at", "id")


def participation_list(actor: Actor, *, filters: dict) -> QuerySet[Participation]:
    qs = participation_visible(actor)
    for name in ("activity", "initiative", "person", "organisation"):
        if value := filters.get(name):
            qs = qs.filter(**{f"{name}_id": value})
    if role := filters.get("role"):
        qs = qs.filter(role=role)
    return qs.order_by("id")


def contribution_list(actor: Actor, *, filters: dict) -> QuerySet[Contribution]:
    qs = contribution_visible(actor)
    if initiative := filters.get("initiative"):
        qs = qs.filter(initiative_id=initiative)
    if activity := filters.get("activity"):
        qs = qs.filter(activity_id=activity)
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    return qs.order_by("-date", "-id")


# On the registry's pages ----------------------------------------------------------------


def participations_of_person(actor: Actor, person: Person) -> QuerySet[Participation]:
    """The person's latest 50 participations, in the initiatives ``actor`` may see."""
    return (
        participation_visible(actor)
        .filter(person=person)
        .select_related("activity", "initiative")
        .order_by("-activity__starts_at")[:50]
    )


def initiatives_led_by(
    actor: Actor, organisation: Organisation
) -> QuerySet[Initiative]:
    return initiative_visible(actor).filter(lead_organisation=organisation)


def partnerships_of(
    actor: Actor, organisation: Organisation
) -> QuerySet[InitiativePartner]:
    return (
        partner_visible(actor)
        .filter(organisation=organisation)
        .select_related("initiative")
    )


def initiatives_of_service(
    actor: Actor, service: PublicService
) -> QuerySet[Initiative]:
    return initiative_visible(actor).filter(services=service)


# The CPSV-AP export ---------------------------------------------------------------------


def service_initiatives(service: PublicService) -> QuerySet[Initiative]:
    """Every initiative co-producing ``service``, with its lead and partners: the export
    is the service's public catalogue entry, whoever downloads it."""
    return (
        Initiative.objects.filter(tenant=service.tenant, services=service)
        .select_related("lead_organisation")
        .prefetch_related("partners__organisation")
    )


def service_citizen_groups(service: PublicService) -> QuerySet:
    """Per stage and citizen role, the highest level reached in initiatives co-producing
    ``service``, where it is involve or higher (rows: activity__stage, role, level)."""
    return (
        Participation.objects.filter(
            tenant=service.tenant, initiative__services=service, role__in=CITIZEN_ROLES
        )
        .values("activity__stage", "role")
        .annotate(level=Max("activity__level"))
        .filter(level__gte=CO_PRODUCTION_THRESHOLD)
        .order_by("activity__stage", "role")
    )


# The activity type-ahead (a contribution's activity: the biggest initiatives have
# thousands, too many for a <select>) ------------------------------------------------

ACTIVITY_SEARCH_LIMIT = 20


def activity_label(activity: Activity) -> str:
    """The text a suggestion shows and submits: title, date, and ``#id`` at the end."""
    return f"{activity.title} ({activity.starts_at:%Y-%m-%d}) #{activity.pk}"


def activity_search(
    initiative: Initiative, text: str, *, limit: int = ACTIVITY_SEARCH_LIMIT
) -> list[Activity]:
    """At most ``limit`` activities of ``initiative`` whose title holds every word of
    ``text``, the latest first (nothing for fewer than two characters)."""
    text = text.strip()
    if len(text) < 2:
        return []
    qs = Activity.objects.filter(tenant_id=initiative.tenant_id, initiative=initiative)
    for word in text.split():
        qs = qs.filter(title__icontains=word)
    return list(
        qs.only("id", "title", "starts_at").order_by("-starts_at", "-id")[:limit]
    )


def activity_resolve(qs: QuerySet[Activity], text: str) -> list[Activity]:
    """Up to two activities of ``qs`` that ``text`` names: with that title, else with
    every word in their title (two: ambiguous)."""
    text = text.strip()
    found = list(qs.filter(title__iexact=text)[:2])
    if found:
        return found
    for word in text.split():
        qs = qs.filter(title__icontains=word)
    return list(qs[:2])
