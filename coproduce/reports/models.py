"""The tenant dashboard's figures as last computed, so that a page never waits for them.

Computing the figures of a large tenant takes seconds (they aggregate every participation).
They are kept here, per tenant and audience (the set of initiatives a reader may see), with
the moment they were computed and the state of the data they were computed from; a page
shows them with that "as of" time, and a background task recomputes them after the data
change (reports.services explains the rules).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django_scopes import ScopedManager

ALL = "all"  # the audience of those who may read every initiative of the tenant


class DashboardSnapshot(models.Model):
    tenant = models.ForeignKey(
        "tenancy.Tenant", on_delete=models.CASCADE, related_name="+"
    )
    # 'all', or 'p<person id>' for someone who sees only some initiatives
    audience = models.CharField(_("audience"), max_length=40)
    # the state of the data the figures were computed from (reports.selectors.fingerprint)
    fingerprint = models.CharField(max_length=32)
    # the layout of ``data``: figures of another layout are recomputed, never misread
    layout = models.PositiveSmallIntegerField()
    # plain values only (numbers, Decimals, dates, strings), pickled
    data = models.BinaryField()
    computed_at = models.DateTimeField(_("computed at"))
    compute_seconds = models.FloatField(_("seconds to compute"))
    # when a recomputation was queued; cleared when it has run
    refresh_requested_at = models.DateTimeField(null=True, blank=True)

    objects = ScopedManager(tenant="tenant")

    class Meta:
        verbose_name = _("dashboard figures")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "audience"], name="dashboardsnapshot_unique_audience"
            )
        ]

    def __str__(self) -> str:
        return f"{self.audience} @ {self.computed_at:%Y-%m-%d %H:%M}"
