"""Background work of the exchange app: a large panel's export, written by the task
worker (``coproduce db_worker``). The task takes ids and reopens the tenant's scope."""

import logging

from django_scopes import scope
from django_tasks import task

from .models import PanelExport
from .services import panel_export_write

logger = logging.getLogger(__name__)


@task()
def panel_export_run(*, tenant_id: int, export_id: int) -> int:
    """Write the requested file; its page shows the progress and then offers it."""
    with scope(tenant=tenant_id):
        export = PanelExport.objects.filter(
            tenant_id=tenant_id, pk=export_id, status=PanelExport.Status.QUEUED
        ).first()
    if export is None:
        return 0
    try:
        panel_export_write(export)
    except Exception:
        logger.exception("Panel export %s failed", export_id)
        return 0
    return export.rows_done


@task()
def dataset_export_run(*, tenant_id: int, export_id: int) -> int:
    """Write a large research dataset's file; its page shows the progress."""
    from .models import DatasetExport
    from .services import dataset_export_write

    with scope(tenant=tenant_id):
        export = DatasetExport.objects.filter(
            tenant_id=tenant_id, pk=export_id, status=DatasetExport.Status.QUEUED
        ).first()
    if export is None:
        return 0
    try:
        dataset_export_write(export)
    except Exception:
        logger.exception("Dataset export %s failed", export_id)
        return 0
    return export.rows_done
