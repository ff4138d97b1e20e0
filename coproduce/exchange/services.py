"""Writes of the exchange app: a background export of a panel's answers is requested
(one event, the task queued on commit), then written by the task (``panel_export_run``)."""

import datetime as dt
import os
import tempfile

from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django_scopes import scope

from coproduce.core.events import event_record
from coproduce.evaluation.models import Panel
from coproduce.tenancy.models import Tenant

from . import panel_data
from .models import PanelExport
from .selectors import panel_rows_estimate

KEEP = dt.timedelta(days=1)  # a finished file is kept a day, then removed


@transaction.atomic
def panel_export_request(
    *, panel: Panel, actor, shape: str, fmt: str, bom: bool = False
) -> PanelExport:
    """Queue the writing of the file; files of this panel older than a day go."""
    from .tasks import panel_export_run

    panel_exports_expire(panel=panel)
    export = PanelExport.objects.create(
        tenant_id=panel.tenant_id,
        panel=panel,
        requested_by=actor.user,
        shape=shape,
        format=fmt,
        bom=bom,
        rows_total=panel_rows_estimate(panel, shape),
    )
    event_record(
        obj=export,
        action="exchange.panel_export.requested",
        actor=actor,
        data={"panel": panel.pk, "shape": shape, "format": fmt},
    )
    transaction.on_commit(
        lambda: panel_export_run.enqueue(tenant_id=panel.tenant_id, export_id=export.pk)
    )
    return export


def panel_exports_expire(*, panel: Panel) -> None:
    """Remove the panel's exports older than a day, their files with them."""
    _discard(
        PanelExport.objects.filter(
            tenant_id=panel.tenant_id,
            panel=panel,
            created_at__lt=timezone.now() - KEEP,
        )
    )


def panel_exports_discard(*, panel: Panel) -> int:
    """Remove every kept export of the panel now: after a member's answers are erased
    (GDPR Art. 17) no file made before may still hold them. Returns how many went."""
    return _discard(PanelExport.objects.filter(tenant_id=panel.tenant_id, panel=panel))


def _discard(exports) -> int:
    for export in exports.exclude(file=""):
        export.file.delete(save=False)
    return exports.delete()[0]


def panel_export_write(export: PanelExport) -> None:
    """Write the file, saving the progress every 10,000 rows; a failure is kept with
    its reason, the partial file removed."""
    with scope(tenant=export.tenant_id):
        panel = Panel.objects.select_related("initiative", "instrument").get(
            pk=export.panel_id, tenant_id=export.tenant_id
        )
        PanelExport.objects.filter(pk=export.pk).update(
            status=PanelExport.Status.RUNNING
        )

    def progress(rows: int) -> None:
        with scope(tenant=export.tenant_id):
            PanelExport.objects.filter(pk=export.pk).update(rows_done=rows)

    descriptor, path = tempfile.mkstemp(suffix=f".{export.format}")
    os.close(descriptor)
    try:
        codebook = panel_data.codebook_for(panel)
        rows = panel_data.export_file(
            codebook,
            export.shape,
            export.format,
            path,
            bom=export.bom,
            progress=progress,
        )
        name = f"{panel_data.file_stem(codebook, export.shape)}.{export.format}"
        with open(path, "rb") as file, scope(tenant=export.tenant_id):
            export.file.save(name, File(file), save=False)
            export.status = PanelExport.Status.DONE
            export.rows_done = rows
            export.finished_at = timezone.now()
            export.save(update_fields=["file", "status", "rows_done", "finished_at"])
    except Exception as exc:
        with scope(tenant=export.tenant_id):
            PanelExport.objects.filter(pk=export.pk).update(
                status=PanelExport.Status.FAILED,
                error=f"{type(exc).__name__}: {exc}"[:200],
                finished_at=timezone.now(),
            )
        raise
    finally:
        os.unlink(path)


@transaction.atomic
def dataset_export_request(*, tenant, actor, dataset: str, fmt: str, rows: int):
    """Queue the writing of a large research dataset's file; the requester's files of
    this tenant older than a day go."""
    from .models import DatasetExport
    from .tasks import dataset_export_run

    _discard(
        DatasetExport.objects.filter(
            tenant=tenant, created_at__lt=timezone.now() - KEEP
        )
    )
    export = DatasetExport.objects.create(
        tenant=tenant,
        dataset=dataset,
        requested_by=actor.user,
        format=fmt,
        rows_total=rows,
    )
    event_record(
        obj=export,
        action="exchange.dataset_export.requested",
        actor=actor,
        data={"dataset": dataset, "format": fmt},
    )
    transaction.on_commit(
        lambda: dataset_export_run.enqueue(tenant_id=tenant.pk, export_id=export.pk)
    )
    return export


def dataset_export_write(export) -> None:
    """Write the file, saving the progress every 10,000 rows; a failure is kept with
    its reason, the partial file removed."""
    from . import datasets, research
    from .models import DatasetExport

    with scope(tenant=export.tenant_id):
        DatasetExport.objects.filter(pk=export.pk).update(
            status=DatasetExport.Status.RUNNING
        )
        tenant = Tenant.objects.get(pk=export.tenant_id)

    def progress(rows: int) -> None:
        with scope(tenant=export.tenant_id):
            DatasetExport.objects.filter(pk=export.pk).update(rows_done=rows)

    descriptor, path = tempfile.mkstemp(suffix=f".{export.format}")
    os.close(descriptor)
    try:
        builder, _also = datasets.TENANT_DATASETS[export.dataset]
        with scope(tenant=export.tenant_id):  # the rows read in it, a chunk at a time
            dataset = builder(tenant).counted(progress)
        rows = research.export_file(dataset, export.format, path)
        name = f"{tenant.slug}-{export.dataset}.{export.format}"
        with open(path, "rb") as file, scope(tenant=export.tenant_id):
            export.file.save(name, File(file), save=False)
            export.status = DatasetExport.Status.DONE
            export.rows_done = rows
            export.finished_at = timezone.now()
            export.save(update_fields=["file", "status", "rows_done", "finished_at"])
    except Exception as exc:
        with scope(tenant=export.tenant_id):
            DatasetExport.objects.filter(pk=export.pk).update(
                status=DatasetExport.Status.FAILED,
                error=f"{type(exc).__name__}: {exc}"[:200],
                finished_at=timezone.now(),
            )
        raise
    finally:
        os.unlink(path)
