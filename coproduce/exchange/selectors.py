"""Reads of the exchange app beyond the export rows themselves."""

from django.db.models import Q

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


def panel_answers(panel: Panel):
    """The panel's answers at response level, as the long export has them (an answer
    kept as not answered is left out), with the member's pseudonym and the wave."""
    return (
        Answer.objects.filter(tenant_id=panel.tenant_id, wave__panel=panel)
        .filter(Q(value__isnull=False) | ~Q(text=""))
        .select_related("member", "wave")
        .only(
            "id", "value", "text", "item_id", "member__pseudonym", "wave__number",
            "wave__opened_at",
        )
        .order_by("pk")
    )  # fmt: skip


def dataset_rows_estimate(tenant, key: str) -> int:
    """How many rows a tenant dataset's file will have (its count, kept while the
    tenant's data is unchanged)."""
    from coproduce.core.kept import count_kept

    from .datasets import TENANT_DATASETS

    qs = TENANT_DATASETS[key][0](tenant).queryset
    return count_kept(qs, tenant=tenant, count=qs.count)


def dataset_exports_of(*, tenant, user):
    from .models import DatasetExport

    return DatasetExport.objects.filter(tenant=tenant, requested_by=user)
