"""The dashboards in the API: the figures behind each section, as the tables beside the
charts (the same as each section's CSV download).

The tenant dashboard is everyone's (its figures are those of the initiatives the caller
may see, ``reports.access.audience_of``); an initiative's needs an initiative the caller
may see (404 otherwise). Representativeness keeps its small groups suppressed.
"""

import datetime as dt
from decimal import Decimal

from ninja import Field, Router, Schema

from coproduce.api import errors
from coproduce.api.schemas import Id
from coproduce.initiatives.access import access_initiative_by_id

from . import exports
from .views import initiative_dashboard_context, tenant_context

router = Router(tags=["dashboards"])

Cell = str | int | float | bool | None


class SectionOut(Schema):
    section: str = Field(description=", ".join(exports.SECTIONS))
    columns: list[str]
    rows: list[list[Cell]]


class DashboardOut(Schema):
    scope: str = Field(description="tenant or initiative")
    initiative: int | None
    generated_at: dt.datetime | None = Field(
        description="When the figures were computed"
    )
    sections: list[SectionOut]


def _cell(value) -> Cell:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    return str(value)  # a lazy translation


def _sections(context) -> list[dict]:
    sections = []
    for section in exports.SECTIONS:
        columns, rows = exports.section_table(section, context)
        sections.append(
            {
                "section": section,
                "columns": columns,
                "rows": [[_cell(c) for c in row] for row in rows],
            }
        )
    return sections


@router.get("/dashboard", response={200: DashboardOut, **errors.READ_LIST})
def dashboard(request):
    """The tenant dashboard's sections: profile (the 4 Co's), outcomes, value,
    representativeness, sustainability, evaluation."""
    context = tenant_context(request)
    return {
        "scope": "tenant",
        "initiative": None,
        "generated_at": context["generated_at"],
        "sections": _sections(context),
    }


@router.get(
    "/initiatives/{int:id}/dashboard", response={200: DashboardOut, **errors.READ_ONE}
)
def initiative_dashboard(request, id: Id):
    """An initiative's dashboard: the same sections, of that initiative."""
    initiative = access_initiative_by_id(request.actor, id)
    context = initiative_dashboard_context(request, initiative)
    return {
        "scope": "initiative",
        "initiative": initiative.pk,
        "generated_at": context["generated_at"],
        "sections": _sections(context),
    }
