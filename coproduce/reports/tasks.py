"""Background work of reports: recompute the tenant dashboard's figures after the data
change (reports.services). Run by the task worker (``coproduce db_worker``)."""

from django_tasks import task

from .services import dashboard_refresh


@task()
def refresh_dashboard(*, tenant_id: int, audience: str) -> str:
    """Recompute one audience's dashboard figures if the data changed since."""
    return dashboard_refresh(tenant_id=tenant_id, audience=audience)
