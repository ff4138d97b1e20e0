"""Background work of collaboration: recompute an audience's network figures after the
data changed (``selectors.collaboration_figures`` answers with the last ones meanwhile).
Tasks take ids and reopen the tenant's scope and the member's actor, as the request that
queued them had it."""

from django.core.cache import cache
from django.core.management import CommandError
from django_scopes import scope
from django_tasks import task

from coproduce.tenancy.cli import actor_for
from coproduce.tenancy.models import Tenant

from . import selectors


@task()
def figures_refresh(
    *, tenant_id: int, username: str, year: int | None, limit: int
) -> str:
    """Compute the network figures of ``username``'s audience for the data as it is."""
    tenant = Tenant.objects.filter(pk=tenant_id).first()  # the scope's root: unscoped
    if tenant is None:
        return "no such tenant"
    with scope(tenant=tenant):
        try:
            actor = actor_for(username, tenant=tenant)
        except CommandError:  # no longer a member: nothing to compute
            return "no such member"
        keys = selectors.figures_keys(actor, year=year, limit=limit)
        selectors.collaboration_figures_compute(
            actor, year=year, limit=limit, keys=keys
        )
        cache.delete(f"{keys[0]}:refreshing")
    return "computed"
