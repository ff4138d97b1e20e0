"""Representativeness in the API: the population tables with their rows, and who takes
part in an initiative (or one of its stages) compared with its population.

As on the pages (``representativeness.access``): reading needs ``initiatives.view_all``
or ``initiatives.change`` (403 otherwise); a table of another tenant and an initiative
one may not see are a 404. Groups smaller than the tenant's threshold are suppressed
exactly as on the page: their participants, share and ratio are null, with the reason.
"""

import datetime as dt

from ninja import Field, Router, Schema
from ninja.pagination import paginate

from coproduce.api import errors
from coproduce.api.pagination import Pagination
from coproduce.api.schemas import Choice, Id
from coproduce.initiatives.access import access_initiative_by_id
from coproduce.initiatives.vocab import Stage

from . import selectors
from .access import (
    access_population_table_by_id,
    population_table_visible,
    representativeness_read_require,
)

router = Router(tags=["representativeness"])


class PopulationTableOut(Schema):
    id: int
    name: str
    area: str
    reference_date: dt.date
    source: str
    covers_tenant: bool


class PopulationRowOut(Schema):
    dimension: str
    group: str
    count: int


class PopulationTableDetailOut(PopulationTableOut):
    rows: list[PopulationRowOut]


@router.get(
    "/population-tables",
    response={200: list[PopulationTableOut], **errors.READ_LIST},
)
@paginate(Pagination)
def population_table_list(request):
    """The tenant's population tables (figures of an area on a reference date)."""
    representativeness_read_require(request.actor)
    return population_table_visible(
        request.actor, selectors.population_table_list(tenant=request.tenant)
    )


@router.get(
    "/population-tables/{int:table_id}",
    response={200: PopulationTableDetailOut, **errors.READ_ONE},
)
def population_table_get(request, table_id: Id):
    """A population table with its rows: people per dimension and group."""
    representativeness_read_require(request.actor)
    table = access_population_table_by_id(request.actor, table_id)
    return {
        **{
            k: getattr(table, k)
            for k in ("id", "name", "area", "reference_date", "source", "covers_tenant")
        },
        "rows": list(selectors.population_rows(table)),
    }


class GroupOut(Schema):
    group: str
    label: str
    population: int
    population_share: float | None
    participants: int | None = Field(description="null: a suppressed group")
    participant_share: float | None
    ratio: float | None = Field(description="participant share / population share")
    ratio_ci95: list[float] | None = Field(description="95 % interval (Wilson)")
    reading: str = Field(description="under, over, in line or empty")
    suppressed: str = Field(description="Why a group's count is not shown")


class ChiSquareOut(Schema):
    statistic: float
    df: int
    p: float
    small_expected_warning: bool


class RepresentativenessDimensionOut(Schema):
    dimension: str
    label: str
    threshold: int
    participants: int = Field(description="Distinct participants")
    not_given: int = Field(description="Without a consented answer in this dimension")
    compared: int
    hidden_together: int | None = Field(
        description="The suppressed groups' participants together (null below the "
        "threshold)"
    )
    chisq: ChiSquareOut | None
    duncan_d: float | None
    groups: list[GroupOut]
    statements: list[str]


class ComparisonOut(Schema):
    initiative: int
    stage: str | None
    table: PopulationTableOut | None
    threshold: int
    participants: int
    dimensions: list[RepresentativenessDimensionOut]


def _dimension(dim) -> dict:
    c = dim.comparison
    return {
        "dimension": dim.dimension,
        "label": dim.label,
        "threshold": dim.threshold,
        "participants": dim.total,
        "not_given": dim.not_given,
        "compared": dim.compared,
        "hidden_together": dim.hidden_together,
        "chisq": None
        if c is None or c.chisq is None
        else {
            "statistic": c.chisq.statistic,
            "df": c.chisq.df,
            "p": c.chisq.p_value,
            "small_expected_warning": bool(c.chisq.warning),
        },
        "duncan_d": c.duncan if c else None,
        "groups": [
            {
                "group": r.group,
                "label": r.label,
                "population": r.population,
                "population_share": r.population_share,
                "participants": r.participants,
                "participant_share": r.share,
                "ratio": r.ratio,
                "ratio_ci95": None
                if r.ratio_low is None or r.ratio_high is None
                else [r.ratio_low, r.ratio_high],
                "reading": r.reading,
                "suppressed": str(r.suppressed_note),
            }
            for r in dim.rows
        ],
        "statements": [str(s) for s in dim.statements],
    }


@router.get(
    "/initiatives/{int:id}/representativeness",
    response={200: ComparisonOut, **errors.READ_ONE},
)
def initiative_representativeness(request, id: Id, stage: Choice(Stage) | None = None):
    """Who takes part in the initiative (of one stage, if given) against its
    population, dimension by dimension: the chi-square goodness-of-fit test, Duncan's
    dissimilarity index and per group the representation ratio with its interval."""
    representativeness_read_require(request.actor)
    initiative = access_initiative_by_id(request.actor, id)
    result = selectors.initiative_comparison(initiative, stage=stage)
    table = result["table"]
    return {
        "initiative": initiative.pk,
        "stage": stage,
        "table": table,
        "threshold": result["threshold"],
        "participants": result["total"],
        "dimensions": [_dimension(d) for d in result["dimensions"]],
    }
