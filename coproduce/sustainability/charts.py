"""Sustainability scores over time as a chart (the initiative's page and its dashboard)."""

from django.utils.translation import gettext as _

from coproduce.core import charts

from .models import Dimension
from .selectors import scores_by_dimension


def history_chart(initiative, assessments) -> str:
    """The scores of the latest two ``assessments`` (newest first) per dimension; no
    chart before the first assessment."""
    if not assessments:
        return ""
    last = list(reversed(assessments))[-2:]
    colours = ["#9bb7d4", "#0b4f8a"][-len(last) :]
    scores = [scores_by_dimension(a) for a in last]
    return charts.paired_bars(
        title=_("Sustainability scores: %(name)s") % {"name": initiative.name},
        desc=_(
            "Score of each dimension (1 absent to 5 strong) at the latest assessments; "
            "the same numbers are in the table beside the chart."
        ),
        groups=[str(Dimension(d).label) for d in Dimension.values],
        series=[
            (str(a.assessed_on), colour)
            for a, colour in zip(last, colours, strict=True)
        ],
        values=[
            [s[d].score if d in s else 0 for s in scores] for d in Dimension.values
        ],
        chart_id="sustainability-chart",
    )
