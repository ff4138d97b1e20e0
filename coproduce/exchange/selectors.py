"""Reads of the exchange app beyond the export rows themselves."""

from coproduce.evaluation.models import Answer, Invitation, Panel


def panel_rows_estimate(panel: Panel, shape: str) -> int:
    """About how many rows a panel's export will have: its answers (long) or the
    members who answered a wave (wide). Decides whether the download is answered at
    once or written in the background, and the progress's whole."""
    if shape == "long":
        return Answer.objects.filter(
            tenant_id=panel.tenant_id, wave__panel=panel
        ).count()
    return (
        Invitation.objects.filter(
            tenant_id=panel.tenant_id, wave__panel=panel, submitted_at__isnull=False
        )
        .values("member_id")
        .distinct()
        .count()
    )
