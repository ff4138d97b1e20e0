"""Reads for representativeness: who took part (distinct people, consented demographics,
counted in SQL) compared with the population, with small groups suppressed."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Case, CharField, Count, F, QuerySet, Value, When
from django.utils.translation import gettext as _

from coproduce.core.kept import data_fingerprint, kept, kept_key
from coproduce.initiatives.models import Participation
from coproduce.people.models import Person

from . import stats
from .disclosure import suppressed_cells
from .models import (
    DEFAULT_MIN_GROUP,
    Dimension,
    InitiativeArea,
    PopulationRow,
    PopulationTable,
    Setting,
)

DIMENSIONS = list(Dimension.values)
NOT_GIVEN = {"", Person.Gender.UNDISCLOSED}


def setting_get(*, tenant) -> Setting:
    """The tenant's setting (unsaved with the default when never set)."""
    return Setting.objects.filter(tenant=tenant).first() or Setting(
        tenant=tenant, min_group_size=DEFAULT_MIN_GROUP
    )


def min_group_size(*, tenant) -> int:
    return setting_get(tenant=tenant).min_group_size


def population_table_list(*, tenant) -> QuerySet[PopulationTable]:
    return PopulationTable.objects.filter(tenant=tenant).annotate(n_rows=Count("rows"))


def table_for_initiative(initiative) -> PopulationTable | None:
    area = (
        InitiativeArea.objects.filter(
            tenant_id=initiative.tenant_id, initiative=initiative
        )
        .select_related("table")
        .first()
    )
    return area.table if area else None


def tenant_table(*, tenant) -> PopulationTable | None:
    return (
        PopulationTable.objects.filter(tenant=tenant, covers_tenant=True)
        .order_by("-reference_date", "-id")
        .first()
    )


def _key(value: str) -> str:
    return " ".join(value.split()).casefold()


def participant_counts(
    *, tenant, participations: QuerySet[Participation]
) -> tuple[int, dict[str, dict[str, int]]]:
    """Distinct people among ``participations``: their number, and per dimension how many
    reported each value ('' for those who gave none or gave no consent). One SQL query,
    grouped by the four dimensions together (a few hundred rows at most)."""
    consented = {
        f"d_{dim}": Case(
            When(demographics_consent_at__isnull=True, then=Value("")),
            default=F(dim),
            output_field=CharField(),
        )
        for dim in DIMENSIONS
    }
    rows = (
        Person.objects.filter(
            tenant=tenant,
            pk__in=participations.filter(person__isnull=False).values("person_id"),
        )
        .annotate(**consented)
        .values(*consented)
        .annotate(n=Count("id"))
        .order_by()
    )
    total = 0
    counts: dict[str, dict[str, int]] = {dim: defaultdict(int) for dim in DIMENSIONS}
    for row in rows:
        total += row["n"]
        for dim in DIMENSIONS:
            counts[dim][row[f"d_{dim}"] or ""] += row["n"]
    return total, {dim: dict(c) for dim, c in counts.items()}


@dataclass
class GroupRow:
    group: str
    label: str
    population: int
    population_share: float | None
    participants: int | None  # None: suppressed
    share: float | None = None
    ratio: float | None = None
    ratio_low: float | None = None
    ratio_high: float | None = None
    reading: str = ""
    suppressed_note: str = ""


@dataclass
class DimensionResult:
    dimension: str
    label: str
    threshold: int
    total: int  # distinct participants
    not_given: int  # no consent, no answer, 'prefer not to say' or outside the figures
    compared: int  # participants in the comparison (sum of all groups)
    rows: list[GroupRow]
    hidden_together: int | None  # suppressed groups' participants together (None: < N)
    comparison: stats.Comparison | None
    statements: list[str] = field(default_factory=list)

    @property
    def has_hidden(self) -> bool:
        return any(r.participants is None for r in self.rows)


def group_label(dimension: str, group: str) -> str:
    """The people of a group, named for a sentence."""
    if dimension == Dimension.AGE_BAND:
        if group == Person.AgeBand.UNDER_18:
            return _("People aged under 18")
        if group == Person.AgeBand.A75:
            return _("People aged 75 or over")
        return _("People aged %(band)s") % {"band": group.replace("-", "–")}
    if dimension == Dimension.GENDER:
        genders: dict[str, str] = {
            Person.Gender.WOMAN: _("Women"),
            Person.Gender.MAN: _("Men"),
            Person.Gender.OTHER: _("People of another gender"),
        }
        return genders.get(group, group)
    if dimension == Dimension.FIRST_LANGUAGE:
        return _("People whose first language is %(language)s") % {"language": group}
    return _("People living in %(district)s") % {"district": group}


def percent(value: float | None) -> str:
    if value is None:
        return "–"
    digits = 1 if 0 < value < 0.01 else 0
    return f"{value * 100:.{digits}f} %"


def statement(row: GroupRow) -> str:
    values = {
        "group": row.label,
        "share": percent(row.share),
        "population": percent(row.population_share),
    }
    if row.reading == "under":
        return (
            _(
                "%(group)s are under-represented: %(share)s of participants, "
                "%(population)s of the population."
            )
            % values
        )
    return (
        _(
            "%(group)s are over-represented: %(share)s of participants, "
            "%(population)s of the population."
        )
        % values
    )


def dimension_compare(
    *,
    dimension: str,
    population: list[tuple[str, int]],
    counts: dict[str, int],
    total: int,
    threshold: int,
) -> DimensionResult:
    """One dimension, suppressed and compared (pure apart from translation)."""
    by_key: defaultdict[str, int] = defaultdict(int)
    for value, n in counts.items():
        by_key["" if value in NOT_GIVEN else _key(value)] += n
    groups = [g for g, _n in population]
    participants = [by_key.pop(_key(g), 0) for g in groups]
    not_given = sum(by_key.values())  # '' and values outside the figures
    hidden = suppressed_cells(participants, threshold)
    pop_total = sum(n for _g, n in population)
    shown_idx = [i for i in range(len(groups)) if i not in hidden]
    # Statistics on the published cells only: suppressed groups merged into one.
    stat_groups = [groups[i] for i in shown_idx]
    stat_x = [participants[i] for i in shown_idx]
    stat_pop = [population[i][1] for i in shown_idx]
    hidden_sum = sum(participants[i] for i in hidden)
    if hidden:
        stat_groups.append("__hidden__")
        stat_x.append(hidden_sum)
        stat_pop.append(sum(population[i][1] for i in hidden))
    # A group with no population at all cannot be compared.
    keep = [k for k, p in enumerate(stat_pop) if p > 0]
    comparison = None
    if sum(stat_x) > 0 and len(keep) >= 2:
        comparison = stats.compare(
            [stat_groups[k] for k in keep],
            [stat_x[k] for k in keep],
            [stat_pop[k] for k in keep],
        )
    results = {g.group: g for g in (comparison.groups if comparison else [])}
    rows = []
    for i, (group, pop) in enumerate(population):
        row = GroupRow(
            group=group,
            label=group_label(dimension, group),
            population=pop,
            population_share=pop / pop_total if pop_total else None,
            participants=None if i in hidden else participants[i],
        )
        if i in hidden:
            row.suppressed_note = _("fewer than %(n)s") % {"n": threshold}
            if participants[i] >= threshold:
                row.suppressed_note = _(
                    "not shown, so that a group of fewer than %(n)s cannot be "
                    "worked out"
                ) % {"n": threshold}
        elif group in results:
            result = results[group]
            row.share, row.ratio, row.reading = (
                result.share,
                result.ratio,
                result.reading,
            )
            row.ratio_low, row.ratio_high = result.ratio_low, result.ratio_high
        rows.append(row)
    named = [r for r in rows if r.reading in ("under", "over")]
    # the under-represented first (a stable sort keeps the groups' own order within each)
    statements = [
        statement(r) for r in sorted(named, key=lambda r: r.reading != "under")
    ]
    return DimensionResult(
        dimension=dimension,
        label=str(Dimension(dimension).label),
        threshold=threshold,
        total=total,
        not_given=not_given,
        compared=sum(participants),
        rows=rows,
        hidden_together=hidden_sum if hidden and hidden_sum >= threshold else None,
        comparison=comparison,
        statements=statements,
    )


def population_rows(table: PopulationTable) -> QuerySet[PopulationRow]:
    return PopulationRow.objects.filter(
        tenant_id=table.tenant_id, table=table
    ).order_by("dimension", "id")


def population_of(table: PopulationTable) -> dict[str, list[tuple[str, int]]]:
    figures: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for dim, group, count in (
        PopulationRow.objects.filter(tenant_id=table.tenant_id, table=table)
        .order_by("dimension", "id")
        .values_list("dimension", "group", "count")
    ):
        figures[dim].append((group, count))
    return figures


def representativeness_counts(
    *, tenant, participations: QuerySet[Participation], table: PopulationTable | None
) -> dict:
    """The numbers a comparison is made of, read in SQL (three queries whatever the data
    size): the threshold, the distinct participants, their counts per dimension and
    group, and the population figures. Plain values only, so that they can be kept (the
    tenant dashboard keeps them) and compared later by ``representativeness_compare``."""
    threshold = min_group_size(tenant=tenant)
    total, counts = participant_counts(tenant=tenant, participations=participations)
    return {
        "threshold": threshold,
        "total": total,
        "counts": counts,
        "figures": dict(population_of(table)) if table else {},
    }


def representativeness_compare(raw: dict, *, table) -> dict:
    """``representativeness_counts`` compared dimension by dimension, suppressed, with the
    groups named in the active language (pure, no queries). ``table`` is what the page
    names as the population (the table, or anything with its name, area and date)."""
    figures = raw["figures"]
    dimensions = [
        dimension_compare(
            dimension=dim,
            population=[tuple(f) for f in figures[dim]],
            counts=raw["counts"][dim],
            total=raw["total"],
            threshold=raw["threshold"],
        )
        for dim in DIMENSIONS
        if figures.get(dim)
    ]
    return {
        "table": table,
        "threshold": raw["threshold"],
        "total": raw["total"],
        "dimensions": dimensions,
    }


def representativeness_for(
    *, tenant, participations: QuerySet[Participation], table: PopulationTable | None
) -> dict:
    """Participants of ``participations`` compared with ``table``, dimension by dimension.
    Three queries whatever the data size."""
    return representativeness_compare(
        representativeness_counts(
            tenant=tenant, participations=participations, table=table
        ),
        table=table,
    )


def participations_of(*, initiative, stage: str | None = None):
    qs = Participation.objects.filter(
        tenant_id=initiative.tenant_id, initiative=initiative
    )
    if stage:
        qs = qs.filter(activity__stage=stage)
    return qs


def initiative_comparison(initiative, *, stage: str | None = None) -> dict:
    """The comparison of ``initiative``'s participants (of ``stage``) with its
    population table, kept while the tenant's data is unchanged (core.kept): what the
    initiative's page, its CSV and the API show."""
    return kept(
        kept_key(
            "representativeness.initiative",
            initiative.pk,
            initiative.updated_at,
            stage,
            data_fingerprint(tenant_id=initiative.tenant_id),
            language=True,
        ),
        lambda: representativeness_for(
            tenant=initiative.tenant,
            participations=participations_of(initiative=initiative, stage=stage),
            table=table_for_initiative(initiative),
        ),
    )
