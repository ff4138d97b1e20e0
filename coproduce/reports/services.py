"""Keeping the tenant dashboard's figures (``DashboardSnapshot``) so that no page waits for
them: computed once, shown with their "as of" time, recomputed in the background after the
data change (stale-while-revalidate).

The rules, per tenant and audience:

1. Figures never computed (or kept in an older layout) are computed in the request: the
   only time a page waits for them.
2. Figures computed from the data as they are now are shown as they are.
3. Figures older than the data are shown, with their time and a note that newer ones are
   being computed, and one recomputation is queued (the row remembers that it asked, so
   that a thousand readers queue one task); the task worker (``coproduce db_worker``) runs
   it. When computing them took less than ``INLINE_SECONDS`` the last time (a small
   tenant, the demo), they are recomputed in the request instead: old figures are not
   worth a tenth of a second.
4. After every transaction that recorded an event (every service writes one), the figures
   for those who see every initiative are queued for recomputation on commit
   (``reports.receivers``), so that they are usually fresh before anyone looks.

A queued recomputation that has not run after ``STUCK_SECONDS`` (a worker lost it) is
queued again by the next reader.
"""

from __future__ import annotations

import datetime as dt
import logging
import pickle
import time
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django_scopes import scope, scopes_disabled

from coproduce.tenancy.models import Tenant

from .models import ALL, DashboardSnapshot
from .selectors import LAYOUT, dashboard_figures, fingerprint

logger = logging.getLogger(__name__)

INLINE_SECONDS = 0.5
STUCK_SECONDS = 600

UNREADABLE = (
    pickle.UnpicklingError,
    AttributeError,
    EOFError,
    ImportError,
    IndexError,
    TypeError,
    ValueError,
)


@dataclass(frozen=True)
class Figures:
    data: dict  # as ``selectors.dashboard_figures`` returns them
    computed_at: dt.datetime
    current: bool  # computed from the data as they are now
    refreshing: bool  # older than the data; newer figures are being computed


def _load(snapshot: DashboardSnapshot | None) -> dict | None:
    if snapshot is None or snapshot.layout != LAYOUT:
        return None
    try:
        # written by _compute only, never from a request
        return pickle.loads(bytes(snapshot.data))  # noqa: S301
    except UNREADABLE:
        logger.warning("Unreadable dashboard figures %s; recomputing.", snapshot.pk)
        return None


def _compute(
    *, tenant, audience: str, background: bool = False
) -> tuple[DashboardSnapshot, dict]:
    """Compute the figures and keep them; any queued request is done with.

    In the background the queries run without PostgreSQL's parallel workers: slower
    alone, but they leave the other core to the pages being served meanwhile."""
    state = fingerprint(tenant=tenant)  # before: a change meanwhile makes them stale
    started = time.perf_counter()
    with transaction.atomic():
        if background and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        data = dashboard_figures(tenant=tenant, audience=audience)
    seconds = time.perf_counter() - started
    snapshot, _created = DashboardSnapshot.objects.update_or_create(
        tenant=tenant,
        audience=audience,
        defaults={
            "fingerprint": state,
            "layout": LAYOUT,
            "data": pickle.dumps(data, protocol=pickle.HIGHEST_PROTOCOL),
            "computed_at": timezone.now(),
            "compute_seconds": seconds,
            "refresh_requested_at": None,
        },
    )
    return snapshot, data


def dashboard_refresh_request(*, tenant_id: int, audience: str = ALL) -> bool:
    """Queue one recomputation of kept figures, on commit; False when one is queued
    already (or there are no figures to renew: the first reader computes them)."""
    now = timezone.now()
    with scopes_disabled():
        claimed = (
            DashboardSnapshot.objects.filter(tenant_id=tenant_id, audience=audience)
            .filter(
                Q(refresh_requested_at__isnull=True)
                | Q(refresh_requested_at__lt=now - dt.timedelta(seconds=STUCK_SECONDS))
            )
            .update(refresh_requested_at=now)
        )
    if claimed:
        from .tasks import refresh_dashboard

        transaction.on_commit(
            lambda: refresh_dashboard.enqueue(tenant_id=tenant_id, audience=audience)
        )
    return bool(claimed)


def dashboard_figures_get(*, tenant, audience: str) -> Figures:
    """The figures to show now (see the module docstring for when they are computed)."""
    state = fingerprint(tenant=tenant)
    snapshot = DashboardSnapshot.objects.filter(
        tenant=tenant, audience=audience
    ).first()
    data = _load(snapshot)
    if snapshot is not None and data is not None and snapshot.fingerprint == state:
        return Figures(data, snapshot.computed_at, current=True, refreshing=False)
    if snapshot is None or data is None or snapshot.compute_seconds < INLINE_SECONDS:
        snapshot, data = _compute(tenant=tenant, audience=audience)
        return Figures(data, snapshot.computed_at, current=True, refreshing=False)
    dashboard_refresh_request(tenant_id=tenant.pk, audience=audience)
    return Figures(data, snapshot.computed_at, current=False, refreshing=True)


def dashboard_refresh(*, tenant_id: int, audience: str = ALL) -> str:
    """The task's work: recompute the figures if the data changed since, and queue
    another round if they changed again while these were computed."""
    with scopes_disabled():
        tenant = Tenant.objects.filter(pk=tenant_id).first()
    if tenant is None:
        return "no such tenant"
    with scope(tenant=tenant):
        snapshot = DashboardSnapshot.objects.filter(
            tenant=tenant, audience=audience
        ).first()
        if (
            snapshot is not None
            and snapshot.layout == LAYOUT
            and snapshot.fingerprint == fingerprint(tenant=tenant)
        ):
            DashboardSnapshot.objects.filter(pk=snapshot.pk).update(
                refresh_requested_at=None
            )
            return "current"
        snapshot, _data = _compute(tenant=tenant, audience=audience, background=True)
        if fingerprint(tenant=tenant) != snapshot.fingerprint:
            dashboard_refresh_request(tenant_id=tenant.pk, audience=audience)
        return f"computed in {snapshot.compute_seconds:.2f} s"
