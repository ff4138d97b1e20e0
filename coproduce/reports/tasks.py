"""Background work of reports: recompute the tenant dashboard's figures after the data
change (reports.services). Run by the task worker (``coproduce db_worker``). Tasks take
ids and reopen the tenant's scope, as the request that queued them had it."""

from django_scopes import scope
from django_tasks import task

from coproduce.tenancy.models import Tenant

from .services import dashboard_refresh


@task()
def refresh_dashboard(*, tenant_id: int, audience: str) -> str:
    """Recompute one audience's dashboard figures if the data changed since."""
    tenant = Tenant.objects.filter(pk=tenant_id).first()  # the scope's root: unscoped
    if tenant is None:
        return "no such tenant"
    with scope(tenant=tenant):
        return dashboard_refresh(tenant_id=tenant.pk, audience=audience)
