"""The representativeness chart: share of participants and of the population per group.
Suppressed groups have no bars; the description says so."""

from django.utils.translation import gettext as _

from coproduce.core import charts

PARTICIPANTS = "#0b4f8a"
POPULATION = "#9bb7d4"


def dimension_chart(result, *, chart_id: str) -> str:
    shown = [
        r for r in result.rows if r.participants is not None and r.share is not None
    ]
    desc = _(
        "Share of participants and of the population in each group, in per cent; the "
        "same numbers are in the table beside the chart."
    )
    hidden = len(result.rows) - len(shown)
    if hidden:
        desc += " " + _(
            "%(n)s group(s) not shown: fewer than %(min)s participants."
        ) % {"n": hidden, "min": result.threshold}
    return charts.paired_bars(
        title=_("Who takes part: %(dimension)s") % {"dimension": result.label},
        desc=desc,
        groups=[r.group for r in shown],
        series=[(_("participants %"), PARTICIPANTS), (_("population %"), POPULATION)],
        values=[
            [round(r.share * 100, 1), round((r.population_share or 0) * 100, 1)]
            for r in shown
        ],
        chart_id=chart_id,
    )


def with_charts(result: dict, *, prefix: str) -> dict:
    """``result`` (``selectors.representativeness_for``) with a chart per dimension."""
    result["charts"] = [
        dimension_chart(dim, chart_id=f"{prefix}-{dim.dimension}")
        for dim in result["dimensions"]
    ]
    result["pairs"] = list(zip(result["dimensions"], result["charts"], strict=True))
    return result
