"""Reads for collaboration: partnerships and overdue commitments, the learning log, the
opportunity space, the network of organisations and its figures, and two-way relations
per stage. Every figure is computed in SQL (aggregates, or one statement of portable SQL
for the network); Python only shapes the rows for the page."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import connection
from django.db.models import Count, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from coproduce.initiatives.access import initiative_visible
from coproduce.initiatives.models import (
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)
from coproduce.initiatives.vocab import ActorRole, Stage
from coproduce.people.models import Membership, Organisation
from coproduce.tenancy.actor import Actor

from .access import learning_visible, own_organisations, partnership_visible
from .models import (
    AdoptionFollowUp,
    AdoptionState,
    Capability,
    Commitment,
    CommitmentState,
    LearningEntry,
    Partnership,
    PartnershipSide,
    Relation,
    StageRelation,
)

ZERO = Decimal("0")


# Partnerships -------------------------------------------------------------------------------


def partnership_list(actor: Actor, *, mine: bool = False) -> QuerySet[Partnership]:
    qs = partnership_visible(actor).select_related("initiative")
    if mine:
        qs = qs.filter(
            sides__organisation__in=own_organisations(actor).values("pk")
        ).distinct()
    return qs.annotate(
        n_sides=Count("sides", distinct=True),
        n_overdue=Count(
            "sides__commitments",
            filter=Q(
                sides__commitments__state=CommitmentState.OPEN,
                sides__commitments__due_date__lt=timezone.localdate(),
            ),
            distinct=True,
        ),
    ).order_by("name", "id")


def partnership_sides(partnership: Partnership) -> list[PartnershipSide]:
    """The sides with their commitments (two queries)."""
    sides = list(
        PartnershipSide.objects.filter(
            tenant=partnership.tenant_id, partnership=partnership
        ).select_related("organisation", "contact")
    )
    by_side: dict[int, list[Commitment]] = defaultdict(list)
    today = timezone.localdate()
    for c in Commitment.objects.filter(
        tenant=partnership.tenant_id, side__partnership=partnership
    ).order_by("due_date", "id"):
        c.overdue = c.is_overdue(today)  # type: ignore[attr-defined]
        by_side[c.side_id].append(c)
    for side in sides:
        side.commitment_rows = by_side[side.pk]  # type: ignore[attr-defined]
    return sides


def overdue_commitments_of(
    actor: Actor, organisation: Organisation
) -> list[Commitment]:
    """Open commitments past their date in the partnerships ``organisation`` is a side
    of, whichever side made them: they show on both sides' pages."""
    today = timezone.localdate()
    partnerships = partnership_visible(actor).filter(sides__organisation=organisation)
    return list(
        Commitment.objects.filter(
            tenant=actor.tenant,
            side__partnership__in=partnerships.values("pk"),
            state=CommitmentState.OPEN,
            due_date__lt=today,
        )
        .select_related("side__organisation", "side__partnership")
        .order_by("due_date", "id")[:50]
    )


def partnerships_of_organisation(
    actor: Actor, organisation: Organisation
) -> QuerySet[Partnership]:
    return partnership_visible(actor).filter(sides__organisation=organisation)


# The learning log ---------------------------------------------------------------------------


def _latest_state() -> Subquery:
    return Subquery(
        AdoptionFollowUp.objects.filter(entry=OuterRef("pk"))
        .order_by("-date", "-id")
        .values("state")[:1]
    )


def learning_list(
    actor: Actor,
    *,
    initiative: Initiative | None = None,
    organisation: Organisation | None = None,
    kind: str = "",
) -> QuerySet[LearningEntry]:
    qs = learning_visible(actor).select_related(
        "initiative", "source_organisation", "receiving_organisation"
    )
    if initiative is not None:
        qs = qs.filter(initiative=initiative)
    if organisation is not None:
        qs = qs.filter(
            Q(source_organisation=organisation)
            | Q(receiving_organisation=organisation)
            | Q(owner_organisation=organisation)
        )
    if kind:
        qs = qs.filter(kind=kind)
    return qs.annotate(adoption=_latest_state()).order_by("-learnt_on", "-id")


def follow_ups_of(entry: LearningEntry) -> QuerySet[AdoptionFollowUp]:
    return AdoptionFollowUp.objects.filter(
        tenant=entry.tenant_id, entry=entry
    ).select_related("organisation")


# The opportunity space ----------------------------------------------------------------------


@dataclass
class Offer:
    organisation: Organisation
    declared: bool
    description: str
    hours: tuple[Decimal, Decimal]  # declared, recorded
    in_kind: tuple[Decimal, Decimal]
    money: tuple[Decimal, Decimal]
    activities: tuple[int, int]
    gaps: list[str] = field(default_factory=list)


def _num(value) -> str:
    """100.0 -> "100", 12.50 -> "12.5" (in the active language's format)."""
    plain = Decimal(str(value)).normalize()
    return number_format(plain if plain != plain.to_integral() else plain.quantize(1))


def _gap(label: str, declared, recorded, unit: str) -> str | None:
    if not declared:
        return None
    if recorded >= declared:
        return None
    share = 100 * (declared - recorded) / declared
    return _(
        "%(what)s: %(declared)s declared, %(recorded)s recorded, %(gap)s not given "
        "(%(share).0f %%)"
    ) % {
        "what": label,
        "declared": f"{_num(declared)} {unit}".strip(),
        "recorded": f"{_num(recorded)} {unit}".strip(),
        "gap": f"{_num(declared - recorded)} {unit}".strip(),
        "share": share,
    }


PROVIDING_ROLES = [ActorRole.PROFESSIONAL, ActorRole.VOLUNTEER, ActorRole.PARTNER]
MEMBER_ROLES = [
    Membership.Role.PROFESSIONAL,
    Membership.Role.VOLUNTEER,
    Membership.Role.REPRESENTATIVE,
]


def opportunity_space(initiative: Initiative) -> list[Offer]:
    """Per organisation of the initiative (lead, partners, those who declared): what it
    declared it could contribute and what the records say it did. Hours are those it
    gave as a whole plus those of its professionals, volunteers and representatives in
    a providing role (a person in two partners counts for both); activities led are the
    activities in which its professionals took part as professionals, or it took part
    as a partner; in kind and money are its contributions' estimated values."""
    tenant = initiative.tenant_id
    org_ids = set(
        InitiativePartner.objects.filter(
            tenant=tenant, initiative=initiative
        ).values_list("organisation_id", flat=True)
    )
    org_ids.add(initiative.lead_organisation_id)
    declared = {
        c.organisation_id: c
        for c in Capability.objects.filter(tenant=tenant, initiative=initiative)
    }
    org_ids |= set(declared)
    orgs = Organisation.objects.filter(tenant=tenant, pk__in=org_ids).order_by("name")
    parts = Participation.objects.filter(tenant=tenant, initiative=initiative)
    direct = dict(
        parts.filter(organisation__in=org_ids)
        .values("organisation")
        .annotate(h=Sum("hours"))
        .values_list("organisation", "h")
    )
    members = Membership.objects.filter(
        tenant=tenant, organisation__in=org_ids, role__in=MEMBER_ROLES
    )
    through_people = dict(
        members.filter(
            person__participations__initiative=initiative,
            person__participations__role__in=PROVIDING_ROLES,
        )
        .values("organisation")
        .annotate(h=Sum("person__participations__hours"))
        .values_list("organisation", "h")
    )
    led_by_people = dict(
        members.filter(
            role=Membership.Role.PROFESSIONAL,
            person__participations__initiative=initiative,
            person__participations__role=ActorRole.PROFESSIONAL,
        )
        .values("organisation")
        .annotate(n=Count("person__participations__activity", distinct=True))
        .values_list("organisation", "n")
    )
    led_as_partner = dict(
        parts.filter(organisation__in=org_ids, role=ActorRole.PARTNER)
        .values("organisation")
        .annotate(n=Count("activity", distinct=True))
        .values_list("organisation", "n")
    )
    given: dict[int, list[Decimal]] = defaultdict(lambda: [ZERO, ZERO])
    for org_id, kind, value in (
        Contribution.objects.filter(
            tenant=tenant, initiative=initiative, organisation__in=org_ids
        )
        .values("organisation", "kind")
        .annotate(v=Sum("estimated_value"))
        .values_list("organisation", "kind", "v")
    ):
        given[org_id][1 if kind == Contribution.Kind.MONEY else 0] += value or ZERO
    offers = []
    for org in orgs:
        cap = declared.get(org.pk)
        hours = (direct.get(org.pk) or ZERO) + (through_people.get(org.pk) or ZERO)
        led = max(led_by_people.get(org.pk, 0), led_as_partner.get(org.pk, 0))
        offer = Offer(
            organisation=org,
            declared=cap is not None,
            description=cap.description if cap else "",
            hours=(cap.hours if cap else ZERO, hours),
            in_kind=(cap.in_kind_value if cap else ZERO, given[org.pk][0]),
            money=(cap.money if cap else ZERO, given[org.pk][1]),
            activities=(cap.activities_led if cap else 0, led),
        )
        for label, pair, unit in (
            (_("Hours"), offer.hours, "h"),
            (_("In kind"), offer.in_kind, "EUR"),
            (_("Money"), offer.money, "EUR"),
            (_("Activities led"), offer.activities, ""),
        ):
            text = _gap(str(label), pair[0], pair[1], unit)
            if text:
                offer.gaps.append(text)
        offers.append(offer)
    return offers


# The network ---------------------------------------------------------------------------------


@dataclass
class Edge:
    a: int
    b: int
    initiatives: int = 0
    activities: int = 0
    hours: Decimal = ZERO
    lessons: int = 0

    @property
    def weight(self) -> int:
        """Ties counted: shared initiatives + shared activities + lessons passed."""
        return self.initiatives + self.activities + self.lessons


@dataclass
class Network:
    nodes: list[dict[str, Any]]
    edges: list[Edge]
    names: dict[int, str]
    total_edges: int
    total_nodes: int


def _year_bounds(year: int | None) -> tuple[dt.date, dt.date] | tuple[None, None]:
    if year is None:
        return None, None
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _moments(start: dt.date, end: dt.date) -> list[dt.datetime]:
    """[start, day after end) as aware moments: a year's activities by their start."""
    return [
        dt.datetime.combine(start, dt.time(), tzinfo=dt.UTC),
        dt.datetime.combine(end + dt.timedelta(days=1), dt.time(), tzinfo=dt.UTC),
    ]


def _scope_sql(initiative_ids: list[int] | None, column: str) -> tuple[str, list]:
    if initiative_ids is None:
        return "", []
    if not initiative_ids:
        return " AND 1 = 0", []
    return (
        f" AND {column} IN ({', '.join(['%s'] * len(initiative_ids))})",
        list(initiative_ids),
    )


def _visible_initiative_ids(actor: Actor) -> list[int] | None:
    """``None`` for all of the tenant (``initiatives.view_all``), else the ids."""
    if actor.can("initiatives.view_all"):
        return None
    return list(initiative_visible(actor).values_list("pk", flat=True))


def _rows(sql: str, params: list) -> list[tuple]:
    """One statement's rows. On PostgreSQL without JIT compilation: for these
    aggregates over 200,000 rows the planner's JIT cost 1.4 s of 4.6 s and saved none."""
    from django.db import transaction

    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql, params)
        return cursor.fetchall()


def _initiative_orgs_sql(tenant_id: int, year, scope: list[int] | None):
    """The (initiative, organisation) pairs: the lead and every partner, of the
    initiatives running in ``year`` (all without)."""
    start, end = _year_bounds(year)
    where = "i.tenant_id = %s"
    params: list[Any] = [tenant_id]
    if start is not None:
        where += (
            " AND (i.start_date IS NULL OR i.start_date <= %s)"
            " AND (i.end_date IS NULL OR i.end_date >= %s)"
        )
        params += [end, start]
    scoped, scope_params = _scope_sql(scope, "i.id")
    where += scoped
    params += scope_params
    sql = (
        "SELECT i.id AS initiative_id, i.lead_organisation_id AS org"  # noqa: S608
        f" FROM initiatives_initiative i WHERE {where}"
        " UNION"
        " SELECT p.initiative_id, p.organisation_id"
        " FROM initiatives_initiativepartner p"
        " JOIN initiatives_initiative i ON i.id = p.initiative_id"
        f" WHERE p.tenant_id = %s AND {where}"
    )
    return sql, params + [tenant_id] + params


def network(actor: Actor, *, year: int | None = None, limit: int = 60) -> Network:
    """The organisations' network: an edge for each pair that shares initiatives (lead or
    partner), activities (both took part as a whole; hours of both), or lessons (one
    learnt from the other, either way). The ``limit`` heaviest edges are returned; nodes
    are the organisations on them, with their degree over all edges."""
    tenant_id = actor.tenant.pk  # type: ignore[union-attr]
    scope = _visible_initiative_ids(actor)
    edges: dict[tuple[int, int], Edge] = {}

    def edge(a: int, b: int) -> Edge:
        key = (min(a, b), max(a, b))
        if key not in edges:
            edges[key] = Edge(*key)
        return edges[key]

    io_sql, io_params = _initiative_orgs_sql(tenant_id, year, scope)
    for a, b, n in _rows(
        f"WITH io AS ({io_sql})"  # noqa: S608
        " SELECT x.org, y.org, COUNT(*) FROM io x JOIN io y"
        " ON x.initiative_id = y.initiative_id AND x.org < y.org"
        " GROUP BY x.org, y.org",
        io_params,
    ):
        edge(a, b).initiatives = n
    start, end = _year_bounds(year)
    where = "p.tenant_id = %s AND p.organisation_id IS NOT NULL"
    params: list[Any] = [tenant_id]
    join = ""
    if start is not None:
        join = " JOIN initiatives_activity act ON act.id = p.activity_id"
        where += " AND act.starts_at >= %s AND act.starts_at < %s"
        params += _moments(start, end)  # type: ignore[arg-type]
    scoped, scope_params = _scope_sql(scope, "p.initiative_id")
    where += scoped
    params += scope_params
    for a, b, n, hours in _rows(
        "WITH ao AS (SELECT p.activity_id, p.organisation_id AS org,"  # noqa: S608
        " SUM(p.hours) AS hours FROM initiatives_participation p"
        f"{join} WHERE {where} GROUP BY p.activity_id, p.organisation_id)"
        " SELECT x.org, y.org, COUNT(*), SUM(x.hours + y.hours) FROM ao x JOIN ao y"
        " ON x.activity_id = y.activity_id AND x.org < y.org GROUP BY x.org, y.org",
        params,
    ):
        e = edge(a, b)
        e.activities, e.hours = n, Decimal(str(hours or 0))
    lessons = learning_visible(actor).filter(
        source_organisation__isnull=False, receiving_organisation__isnull=False
    )
    if year is not None:
        lessons = lessons.filter(learnt_on__year=year)
    for a, b, n in (
        lessons.values("source_organisation", "receiving_organisation")
        .annotate(n=Count("pk"))
        .values_list("source_organisation", "receiving_organisation", "n")
    ):
        edge(a, b).lessons += n
    degree: dict[int, int] = defaultdict(int)
    strength: dict[int, int] = defaultdict(int)
    for e in edges.values():
        for node in (e.a, e.b):
            degree[node] += 1
            strength[node] += e.weight
    ranked = sorted(edges.values(), key=lambda e: (-e.weight, e.a, e.b))[:limit]
    strengths: dict[int, int] = dict(strength)
    shown = sorted({n for e in ranked for n in (e.a, e.b)})
    names = dict(
        Organisation.objects.filter(tenant=tenant_id, pk__in=shown).values_list(
            "pk", "name"
        )
    )
    kinds = dict(
        Organisation.objects.filter(tenant=tenant_id, pk__in=shown).values_list(
            "pk", "kind"
        )
    )
    nodes = [
        {
            "id": n,
            "name": names.get(n, str(n)),
            "kind": kinds.get(n, ""),
            "degree": degree[n],
            "strength": strength[n],
        }
        for n in shown
    ]
    nodes.sort(key=lambda n: (-strengths[int(str(n["id"]))], str(n["name"])))
    return Network(
        nodes=nodes,
        edges=ranked,
        names=names,
        total_edges=len(edges),
        total_nodes=len(degree),
    )


def breadth(actor: Actor, *, year: int | None = None) -> dict[str, Any]:
    """Partners per initiative (the lead counted): how many initiatives have 1, 2, ...
    organisations, and the mean."""
    scope = _visible_initiative_ids(actor)
    io_sql, io_params = _initiative_orgs_sql(actor.tenant.pk, year, scope)  # type: ignore[union-attr]
    rows = _rows(
        f"WITH io AS ({io_sql}), per AS (SELECT initiative_id, COUNT(*) AS n"  # noqa: S608
        " FROM io GROUP BY initiative_id)"
        " SELECT n, COUNT(*) FROM per GROUP BY n ORDER BY n",
        io_params,
    )
    total = sum(c for _, c in rows)
    mean = sum(n * c for n, c in rows) / total if total else 0.0
    return {
        "distribution": [{"organisations": n, "initiatives": c} for n, c in rows],
        "initiatives": total,
        "mean": round(mean, 2),
        "with_partners": sum(c for n, c in rows if n > 1),
    }


def contribution_per_partner(
    actor: Actor, *, year: int | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """Per organisation: initiatives it leads or partners in, hours it gave as a whole,
    its contributions' estimated value; the ``limit`` largest by hours."""
    tenant_id = actor.tenant.pk  # type: ignore[union-attr]
    scope = _visible_initiative_ids(actor)
    io_sql, io_params = _initiative_orgs_sql(tenant_id, year, scope)
    start, end = _year_bounds(year)
    p_where, p_params = (
        "p.tenant_id = %s AND p.organisation_id IS NOT NULL",
        [tenant_id],
    )
    c_where, c_params = (
        "c.tenant_id = %s AND c.organisation_id IS NOT NULL",
        [tenant_id],
    )
    p_join = ""
    if start is not None:
        p_join = " JOIN initiatives_activity act ON act.id = p.activity_id"
        p_where += " AND act.starts_at >= %s AND act.starts_at < %s"
        p_params += _moments(start, end)  # type: ignore[arg-type]
        c_where += " AND c.date >= %s AND c.date <= %s"
        c_params += [start, end]
    s, sp = _scope_sql(scope, "p.initiative_id")
    p_where, p_params = p_where + s, p_params + sp
    s, sp = _scope_sql(scope, "c.initiative_id")
    c_where, c_params = c_where + s, c_params + sp
    rows = _rows(
        f"WITH io AS ({io_sql}),"  # noqa: S608
        " ini AS (SELECT org, COUNT(*) AS n FROM io GROUP BY org),"
        " hrs AS (SELECT p.organisation_id AS org, SUM(p.hours) AS h,"
        " COUNT(DISTINCT p.activity_id) AS a FROM initiatives_participation p"
        f"{p_join} WHERE {p_where} GROUP BY p.organisation_id),"
        " val AS (SELECT c.organisation_id AS org, SUM(c.estimated_value) AS v"
        f" FROM initiatives_contribution c WHERE {c_where} GROUP BY c.organisation_id),"
        " orgs AS (SELECT org FROM ini UNION SELECT org FROM hrs UNION SELECT org FROM val)"
        " SELECT o.id, o.name, COALESCE(ini.n, 0), COALESCE(hrs.h, 0), COALESCE(hrs.a, 0),"
        " COALESCE(val.v, 0) FROM orgs JOIN people_organisation o ON o.id = orgs.org"
        " LEFT JOIN ini ON ini.org = orgs.org LEFT JOIN hrs ON hrs.org = orgs.org"
        " LEFT JOIN val ON val.org = orgs.org"
        " ORDER BY COALESCE(hrs.h, 0) DESC, COALESCE(ini.n, 0) DESC, o.name"
        f" LIMIT {int(limit)}",
        io_params + p_params + c_params,
    )
    return [
        {
            "id": r[0],
            "name": r[1],
            "initiatives": r[2],
            "hours": Decimal(str(r[3])),
            "activities": r[4],
            "value": Decimal(str(r[5])),
        }
        for r in rows
    ]


def boundary_spanners(
    actor: Actor, *, year: int | None = None, limit: int = 20
) -> list[dict[str, Any]]:
    """People with current memberships in two or more organisations who took part in
    initiatives of at least two of them (as lead or partner): how many of their
    organisations they reached, in how many initiatives, with how many hours."""
    tenant_id = actor.tenant.pk  # type: ignore[union-attr]
    scope = _visible_initiative_ids(actor)
    io_sql, io_params = _initiative_orgs_sql(tenant_id, year, scope)
    s, sp = _scope_sql(scope, "p.initiative_id")
    rows = _rows(
        "WITH pm AS (SELECT DISTINCT person_id, organisation_id FROM people_membership"  # noqa: S608
        " WHERE tenant_id = %s AND (end_date IS NULL OR end_date >= %s)),"
        " multi AS (SELECT person_id FROM pm GROUP BY person_id"
        " HAVING COUNT(*) >= 2),"
        f" io AS ({io_sql}),"
        " took AS (SELECT DISTINCT p.person_id, p.initiative_id FROM"
        " initiatives_participation p JOIN multi m ON m.person_id = p.person_id"
        f" WHERE p.tenant_id = %s{s}),"
        " reach AS (SELECT t.person_id, COUNT(DISTINCT io.org) AS orgs,"
        " COUNT(DISTINCT t.initiative_id) AS initiatives FROM took t"
        " JOIN pm ON pm.person_id = t.person_id"
        " JOIN io ON io.initiative_id = t.initiative_id AND io.org = pm.organisation_id"
        " GROUP BY t.person_id HAVING COUNT(DISTINCT io.org) >= 2)"
        " SELECT r.person_id, pe.given_name, pe.family_name, r.orgs, r.initiatives,"
        " (SELECT COUNT(*) FROM pm WHERE pm.person_id = r.person_id)"
        " FROM reach r JOIN people_person pe ON pe.id = r.person_id"
        " ORDER BY r.orgs DESC, r.initiatives DESC, pe.family_name, pe.given_name"
        f" LIMIT {int(limit)}",
        [tenant_id, timezone.localdate(), *io_params, tenant_id, *sp],
    )
    return [
        {
            "id": r[0],
            "name": f"{r[1]} {r[2]}",
            "organisations_reached": r[3],
            "initiatives": r[4],
            "memberships": r[5],
        }
        for r in rows
    ]


def learning_flows(actor: Actor, *, year: int | None = None) -> dict[str, Any]:
    """Who learnt from whom (source -> receiving, lessons and how many adopted, by their
    latest follow-up) and the share adopted across the boundary."""
    qs = learning_visible(actor).filter(
        source_organisation__isnull=False, receiving_organisation__isnull=False
    )
    if year is not None:
        qs = qs.filter(learnt_on__year=year)
    qs = qs.annotate(adoption=_latest_state())
    rows = list(
        qs.values(
            "source_organisation",
            "source_organisation__name",
            "receiving_organisation",
            "receiving_organisation__name",
        )
        .annotate(
            lessons=Count("pk"),
            adopted=Count("pk", filter=Q(adoption=AdoptionState.ADOPTED)),
            not_adopted=Count("pk", filter=Q(adoption=AdoptionState.NOT_ADOPTED)),
        )
        .order_by("-lessons", "source_organisation__name")
    )
    lessons = sum(r["lessons"] for r in rows)
    adopted = sum(r["adopted"] for r in rows)
    return {
        "flows": [
            {
                "source": r["source_organisation"],
                "source_name": r["source_organisation__name"],
                "receiving": r["receiving_organisation"],
                "receiving_name": r["receiving_organisation__name"],
                "lessons": r["lessons"],
                "adopted": r["adopted"],
                "not_adopted": r["not_adopted"],
            }
            for r in rows
        ],
        "lessons": lessons,
        "adopted": adopted,
        "adopted_share": round(adopted / lessons, 3) if lessons else None,
    }


def over_time(actor: Actor) -> list[dict[str, Any]]:
    """By year: organisations taking part as a whole, pairs of them sharing an activity,
    lessons recorded, lessons adopted (by their latest follow-up)."""
    tenant_id = actor.tenant.pk  # type: ignore[union-attr]
    scope = _visible_initiative_ids(actor)
    year = (
        "CAST(EXTRACT(YEAR FROM act.starts_at) AS INTEGER)"
        if connection.vendor == "postgresql"
        else "CAST(strftime('%%Y', act.starts_at) AS INTEGER)"
    )
    s, sp = _scope_sql(scope, "p.initiative_id")
    rows = _rows(
        f"WITH ao AS (SELECT DISTINCT {year} AS y, p.activity_id,"  # noqa: S608
        " p.organisation_id AS org FROM initiatives_participation p"
        " JOIN initiatives_activity act ON act.id = p.activity_id"
        f" WHERE p.tenant_id = %s AND p.organisation_id IS NOT NULL{s}),"
        " orgs AS (SELECT y, COUNT(DISTINCT org) AS n FROM ao GROUP BY y),"
        " pairs AS (SELECT x.y, COUNT(DISTINCT x.org || '-' || y2.org) AS n FROM ao x"
        " JOIN ao y2 ON x.activity_id = y2.activity_id AND x.org < y2.org GROUP BY x.y)"
        " SELECT orgs.y, orgs.n, COALESCE(pairs.n, 0) FROM orgs"
        " LEFT JOIN pairs ON pairs.y = orgs.y ORDER BY orgs.y",
        [tenant_id, *sp],
    )
    by_year: dict[int, dict[str, Any]] = {
        y: {"year": y, "organisations": n, "ties": t, "lessons": 0, "adopted": 0}
        for y, n, t in rows
    }
    lessons = (
        learning_visible(actor)
        .annotate(adoption=_latest_state())
        .values("learnt_on__year")
        .annotate(
            n=Count("pk"), adopted=Count("pk", filter=Q(adoption=AdoptionState.ADOPTED))
        )
        .values_list("learnt_on__year", "n", "adopted")
    )
    for y, n, adopted in lessons:
        row = by_year.setdefault(
            y, {"year": y, "organisations": 0, "ties": 0, "lessons": 0, "adopted": 0}
        )
        row["lessons"], row["adopted"] = n, adopted
    return [by_year[y] for y in sorted(by_year)]


def network_years(actor: Actor) -> list[int]:
    """The years with activities or lessons, for the year filter."""
    qs = Activity.objects.filter(tenant=actor.tenant)
    first = qs.order_by("starts_at").values_list("starts_at", flat=True).first()
    last = qs.order_by("-starts_at").values_list("starts_at", flat=True).first()
    years = set()
    if first and last:
        years |= set(range(first.year, last.year + 1))
    years |= set(
        learning_visible(actor)
        .order_by()
        .values_list("learnt_on__year", flat=True)
        .distinct()
    )
    return sorted(years)


# Two-way relations per stage -----------------------------------------------------------------

# What a participation's role says of the relation in its stage: the professionals,
# volunteers and partner organisations provide; service users, residents and community
# groups taking part bring the users' view (Casiano Flores et al.).
RELATION_OF_ROLE: dict[str, str] = {
    ActorRole.PROFESSIONAL: Relation.PROVIDER,
    ActorRole.VOLUNTEER: Relation.PROVIDER,
    ActorRole.PARTNER: Relation.PROVIDER,
    ActorRole.SERVICE_USER: Relation.USER,
    ActorRole.RESIDENT: Relation.USER,
    ActorRole.COMMUNITY_GROUP: Relation.USER,
}


@dataclass
class StageActor:
    key: str  # "org:<id>" or "group:<role>"
    name: str
    is_organisation: bool
    relations: dict[str, dict[str, str]] = field(default_factory=dict)
    # stage -> relation -> "recorded" | "declared"


def _stages_text(stages: list[str]) -> str:
    """["design", "delivery"] -> "design and delivery" (in the active language)."""
    names = [str(Stage(s).label).lower() for s in stages]
    if len(names) == 1:
        return names[0]
    return _("%(first)s and %(last)s") % {
        "first": ", ".join(names[:-1]),
        "last": names[-1],
    }


def stage_relations(initiative: Initiative) -> dict[str, Any]:
    """Per stage, which organisations and citizen groups provide and which use:
    computed from the participations (an organisation taking part as a whole, in its
    role; people grouped by their role) and, where the records say nothing of an
    actor in a stage, from the declared relations. With the findings where one actor
    provides in one stage and uses in another."""
    tenant = initiative.tenant_id
    actors: dict[str, StageActor] = {}
    role_labels = dict(ActorRole.choices)

    def actor_of(key: str, name: str, is_org: bool) -> StageActor:
        if key not in actors:
            actors[key] = StageActor(key=key, name=name, is_organisation=is_org)
        return actors[key]

    parts = Participation.objects.filter(tenant=tenant, initiative=initiative)
    for org, name, stage, role in (
        parts.filter(organisation__isnull=False)
        .values_list("organisation", "organisation__name", "activity__stage", "role")
        .distinct()
    ):
        a = actor_of(f"org:{org}", name, True)
        a.relations.setdefault(stage, {})[RELATION_OF_ROLE[role]] = "recorded"
    for stage, role in (
        parts.filter(person__isnull=False)
        .values_list("activity__stage", "role")
        .distinct()
    ):
        a = actor_of(f"group:{role}", str(role_labels[role]), False)
        a.relations.setdefault(stage, {})[RELATION_OF_ROLE[role]] = "recorded"
    for rel in StageRelation.objects.filter(
        tenant=tenant, initiative=initiative
    ).select_related("organisation"):
        if rel.organisation_id:
            name = rel.organisation.name if rel.organisation else ""
            a = actor_of(f"org:{rel.organisation_id}", name, True)
        else:
            a = actor_of(f"group:{rel.group}", str(role_labels[rel.group]), False)
        recorded = a.relations.get(rel.stage, {})
        if not any(v == "recorded" for v in recorded.values()):
            a.relations.setdefault(rel.stage, {})[rel.relation] = "declared"
    stages = [s for s, _label in Stage.choices]
    table = []
    for stage in stages:
        providers = sorted(
            (
                a
                for a in actors.values()
                if Relation.PROVIDER in a.relations.get(stage, {})
            ),
            key=lambda a: (not a.is_organisation, a.name),
        )
        users = sorted(
            (a for a in actors.values() if Relation.USER in a.relations.get(stage, {})),
            key=lambda a: (not a.is_organisation, a.name),
        )
        table.append(
            {
                "stage": stage,
                "label": Stage(stage).label,
                "providers": [
                    {"name": a.name, "source": a.relations[stage][Relation.PROVIDER]}
                    for a in providers
                ],
                "users": [
                    {"name": a.name, "source": a.relations[stage][Relation.USER]}
                    for a in users
                ],
            }
        )
    findings = []
    for a in sorted(actors.values(), key=lambda a: (not a.is_organisation, a.name)):
        uses = [s for s in stages if Relation.USER in a.relations.get(s, {})]
        provides = [s for s in stages if Relation.PROVIDER in a.relations.get(s, {})]
        if not uses or not provides:
            continue
        findings.append(
            {
                "actor": a.name,
                "is_organisation": a.is_organisation,
                "user_in": uses,
                "provider_in": provides,
                "text": _(
                    "%(actor)s is a user in %(uses)s and a provider in %(provides)s."
                )
                % {
                    "actor": a.name,
                    "uses": _stages_text(uses),
                    "provides": _stages_text(provides),
                },
            }
        )
    return {"stages": table, "findings": findings}


def roles_per_stage(initiative: Initiative) -> dict[str, dict[str, list[str]]]:
    """stage -> {"provider": [names], "user": [names]} of organisations and citizen
    groups, recorded or declared (the page's table without its sources)."""
    result = stage_relations(initiative)
    return {
        row["stage"]: {
            "provider": [p["name"] for p in row["providers"]],
            "user": [u["name"] for u in row["users"]],
        }
        for row in result["stages"]
    }


def organisation_roles_per_stage(
    initiative: Initiative,
) -> list[dict[str, Any]]:
    """Per organisation of ``initiative`` and stage, its relation(s): rows of
    ``{"organisation_id", "stage", "relation", "source"}`` with ``source`` "recorded"
    (from participations) or "declared" (StageRelation). Citizen groups left out."""
    tenant = initiative.tenant_id
    rows: dict[tuple[Any, str, str], str] = {}
    for org, stage, role in (
        Participation.objects.filter(
            tenant=tenant, initiative=initiative, organisation__isnull=False
        )
        .values_list("organisation", "activity__stage", "role")
        .distinct()
    ):
        rows[(org, stage, RELATION_OF_ROLE[role])] = "recorded"
    recorded_stages = {(org, stage) for org, stage, _r in rows}
    for rel in StageRelation.objects.filter(
        tenant=tenant, initiative=initiative, organisation__isnull=False
    ):
        if (rel.organisation_id, rel.stage) not in recorded_stages:
            rows[(rel.organisation_id, rel.stage, rel.relation)] = "declared"
    return [
        {"organisation_id": o, "stage": s, "relation": r, "source": src}
        for (o, s, r), src in sorted(rows.items())
    ]


FIGURES_SECONDS = 7 * 24 * 3600
REFRESH_LOCK_SECONDS = 600


def collaboration_figures(
    actor: Actor, *, year: int | None = None, limit: int = 60
) -> dict[str, Any]:
    """Everything the network page and the API's figures show, kept in the cache under
    the tenant's data fingerprint (``core.kept``: any change through the services, or a
    bulk load of participations or activities, makes a new key) and what the actor may
    see (every initiative, or the ones they see; the learning entries they may read).

    On the biggest generated tenant the network alone takes seconds (200,000
    participations of organisations paired per activity), and every change of the
    tenant's data makes a new key: so, as the dashboard does, once figures were made for
    this audience, a request after a change answers with the last figures (``stale``,
    with their ``computed_at``) and queues their recomputation (``tasks``; one at a time
    per audience). Only the very first request of an audience computes in the request.
    With the in-process task backend (tests, no worker) the recomputation has run by
    the time it is asked for, so the answer is fresh."""
    from django.core.cache import cache

    fresh_key, latest_key = figures_keys(actor, year=year, limit=limit)
    figures = cache.get(fresh_key)
    if figures is not None:
        return figures
    latest = cache.get(latest_key)
    if latest is None:
        return collaboration_figures_compute(
            actor, year=year, limit=limit, keys=(fresh_key, latest_key)
        )
    if cache.add(f"{fresh_key}:refreshing", 1, REFRESH_LOCK_SECONDS):
        from .tasks import figures_refresh

        figures_refresh.enqueue(
            tenant_id=actor.tenant.pk,  # type: ignore[union-attr]
            username=actor.user.get_username(),
            year=year,
            limit=limit,
        )
        figures = cache.get(fresh_key)  # made already by an in-process backend
        if figures is not None:
            return figures
    return {**latest, "stale": True}


def figures_keys(actor: Actor, *, year: int | None, limit: int) -> tuple[str, str]:
    """The cache keys of an audience's figures: for the data as it is now (the tenant's
    fingerprint), and its latest figures whatever the data."""
    from coproduce.core.kept import data_fingerprint, kept_key

    scope = _visible_initiative_ids(actor)
    own = sorted(own_organisations(actor).values_list("pk", flat=True))
    audience = (
        actor.tenant.pk,  # type: ignore[union-attr]
        "all" if scope is None else tuple(scope),
        actor.can("initiatives.change"),
        tuple(own),
        year,
        limit,
    )
    return (
        kept_key(
            "collaboration.figures", *audience, data_fingerprint(tenant=actor.tenant)
        ),
        kept_key("collaboration.figures.latest", *audience),
    )


def collaboration_figures_compute(
    actor: Actor, *, year: int | None, limit: int, keys: tuple[str, str] | None = None
) -> dict[str, Any]:
    """The figures of ``collaboration_figures``, computed now and kept under the current
    fingerprint's key and as the audience's latest."""
    from django.core.cache import cache
    from django.utils import timezone

    figures = {
        "network": network(actor, year=year, limit=limit),
        "breadth": breadth(actor, year=year),
        "contributions": contribution_per_partner(actor, year=year),
        "spanners": boundary_spanners(actor, year=year),
        "flows": learning_flows(actor, year=year),
        "over_time": over_time(actor),
        "computed_at": timezone.now(),
        "stale": False,
    }
    if keys is not None:
        for key in keys:
            cache.set(key, figures, FIGURES_SECONDS)
    return figures


# The partner panel ----------------------------------------------------------------------


@dataclass
class PartnerPanelView:
    """What the coordinator reads of a partnership's yearly partner panel."""

    panel: Any  # evaluation.Panel, or None before the first wave
    waves: list  # opened and draft waves with n_invited, n_answered, year
    rows: list[dict]  # per side (and per former contact): who answered which wave
    report: Any = None  # evaluation.reports.Report of the last two opened waves
    report_error: str = ""


def partner_panel_view(partnership: Partnership) -> PartnerPanelView:
    """The partner panel of ``partnership``: its waves by year, for each side whether its
    contact answered each wave, and the change between the last two years as the
    evaluation report tests it. A bounded number of queries whatever the size: waves,
    sides, members, invitations, then the report's own reads."""
    from coproduce.core.errors import DomainError
    from coproduce.evaluation import selectors as evaluation_selectors
    from coproduce.evaluation.reports import report_build, report_waves

    sides = list(
        PartnershipSide.objects.filter(
            tenant=partnership.tenant_id, partnership=partnership
        ).select_related("organisation", "contact")
    )
    panel = partnership.panel
    if panel is None:
        return PartnerPanelView(
            panel=None,
            waves=[],
            rows=[
                {"side": s, "member": None, "answers": [], "former": False}
                for s in sides
            ],
            report_error=_(
                "The change between years is shown once two yearly waves have been "
                "asked."
            ),
        )
    waves = list(evaluation_selectors.wave_list(panel))
    for wave in waves:
        wave.year = wave.opened_at.year if wave.opened_at else None  # type: ignore[attr-defined]
    members = list(evaluation_selectors.member_list(panel))
    statuses = evaluation_selectors.invitation_statuses(panel=panel, members=members)
    by_email = {m.email.lower(): m for m in members if m.email}

    def answers(member) -> list[tuple[str, str]]:
        """(css class, words) per wave."""
        out = []
        for wave in waves:
            invitation = statuses.get((member.pk, wave.pk)) if member else None
            if invitation is None:
                out.append(("no", _("not asked")))
            elif invitation["submitted_at"]:
                out.append(("yes", _("answered")))
            elif wave.status == "open":
                out.append(("", _("not yet")))
            else:
                out.append(("warn", _("did not answer")))
        return out

    rows, matched = [], set()
    for side in sides:
        email = (side.contact.email if side.contact else "").lower()
        member = by_email.get(email) if email else None
        if member is not None:
            matched.add(member.pk)
        rows.append(
            {
                "side": side,
                "member": member,
                "answers": answers(member),
                "former": False,
            }
        )
    for member in members:  # contacts since replaced: their answers still count
        if member.pk not in matched:
            rows.append(
                {
                    "side": None,
                    "member": member,
                    "answers": answers(member),
                    "former": True,
                }
            )
    view = PartnerPanelView(panel=panel, waves=waves, rows=rows)
    opened = report_waves(panel)
    if len(opened) < 2:
        view.report_error = _(
            "The change between years is shown once two yearly waves have been asked."
        )
        return view
    try:
        view.report = report_build(panel=panel, before=opened[-2], after=opened[-1])
    except DomainError as exc:
        view.report_error = exc.message
    return view
