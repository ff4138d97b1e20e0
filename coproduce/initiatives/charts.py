"""The co-production profile as a chart (the initiative page and its dashboard)."""

from django.utils.translation import gettext as _

from coproduce.core import charts

from .profile import Profile
from .vocab import ActorRole, Stage


def profile_chart(profile: Profile, *, chart_id: str = "profile-chart") -> str:
    roles = ActorRole.values
    return charts.heatmap(
        title=_("Co-production profile"),
        desc=_(
            "Highest participation level (IAP2) reached by each actor group in each stage; "
            "the same numbers are in the table beside the chart."
        ),
        rows=[str(Stage(s).label) for s in Stage.values],
        columns=[str(ActorRole(r).label) for r in roles],
        cells=[
            [(profile.matrix[s][r] or 0, profile.level_label(s, r)) for r in roles]
            for s in Stage.values
        ],
        chart_id=chart_id,
    )
