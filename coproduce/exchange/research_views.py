"""Research files beyond panels: a tenant's datasets (``datasets.TENANT_DATASETS``), an
initiative's representativeness and a coding project's codings, each as CSV (``?bom=1``
for a byte order mark), XLSX, SPSS, Stata, and the data package describing the CSV.

Who: the tenant's datasets need ``data.export`` (population tables and sustainability
also reading them, as their pages); an initiative's representativeness ``data.export``
and reading representativeness, of an initiative one may see (404 otherwise); a coding
project's codings keeping the project (``initiatives.change``), as its QDPX export.

CSV is streamed in constant memory. XLSX, SPSS and Stata are written to a temporary
file (their writers seek); a tenant dataset of more rows than
``COPRODUCE_PANEL_EXPORT_DIRECT_ROWS`` in those formats is written by the task worker
instead (``DatasetExport``), its page showing the progress and then offering the file.
"""

import json
import os
import tempfile

from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from coproduce.initiatives.access import access_initiative_by_slug
from coproduce.initiatives.vocab import Stage
from coproduce.qualitative.access import (
    access_project_by_id,
    case_note_read_log,
    document_visible,
    project_manage_require,
)
from coproduce.representativeness.access import representativeness_read_require
from coproduce.representativeness.selectors import initiative_comparison

from . import datasets
from .models import DatasetExport
from .panel_data import CONTENT_TYPES
from .panel_views import direct_rows, statistics_rows
from .research import FORMATS, Dataset, csv_chunks, datapackage
from .research import export_file as research_export_file
from .selectors import dataset_exports_of, dataset_rows_estimate
from .services import dataset_export_request


def _name(stem: str, ext: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{ext}"


def dataset_response(request, dataset: Dataset, fmt: str, *, stem: str):
    """The file of ``dataset`` in ``fmt`` (or its data package, ``datapackage``)."""
    if fmt == "datapackage":
        response = HttpResponse(
            json.dumps(
                datapackage(dataset, path=_name(stem, "csv")),
                ensure_ascii=False,
                indent=2,
            ),
            content_type="application/json",
        )
        response["Content-Disposition"] = 'attachment; filename="datapackage.json"'
    elif fmt == "csv":
        response = StreamingHttpResponse(
            csv_chunks(dataset, bom=request.GET.get("bom") == "1"),
            content_type=CONTENT_TYPES["csv"],
        )
        response["Content-Disposition"] = f'attachment; filename="{_name(stem, fmt)}"'
    else:
        descriptor, path = tempfile.mkstemp(suffix=f".{fmt}")
        os.close(descriptor)
        try:
            research_export_file(dataset, fmt, path)
            file = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
        finally:
            os.unlink(path)  # the open file stays readable until it is closed
        response = FileResponse(
            file,
            as_attachment=True,
            filename=_name(stem, fmt),
            content_type=CONTENT_TYPES[fmt],
        )
    response["Cache-Control"] = "no-store"
    return response


def _format(fmt: str) -> str:
    fmt = fmt.removesuffix(".json")
    if fmt not in (*FORMATS, "datapackage"):
        raise Http404
    return fmt


class TenantDatasetView(View):
    """``/exports/research/<key>.<csv|xlsx|sav|dta>`` and ``<key>.datapackage.json``."""

    def get(self, request, *, tenant: str, key: str, fmt: str):
        if key not in datasets.TENANT_DATASETS:
            raise Http404
        if not datasets.tenant_dataset_allowed(request.actor, key):
            raise PermissionDenied
        fmt = _format(fmt)
        if fmt in ("xlsx", "sav", "dta"):
            rows = dataset_rows_estimate(request.tenant, key)
            if fmt != "xlsx" and rows > statistics_rows():
                return HttpResponseBadRequest(
                    _(
                        "This file would have about %(rows)s rows: too many for an "
                        "SPSS or Stata file here. Download the CSV with the data "
                        "package instead."
                    )
                    % {"rows": rows},
                    content_type="text/plain; charset=utf-8",
                )
            if rows > direct_rows():
                export = dataset_export_request(
                    tenant=request.tenant,
                    actor=request.actor,
                    dataset=key,
                    fmt=fmt,
                    rows=rows,
                )
                return redirect(
                    "dataset-export", tenant=request.tenant.slug, export=export.pk
                )
        builder, _also = datasets.TENANT_DATASETS[key]
        return dataset_response(
            request,
            builder(request.tenant),
            fmt,
            stem=f"{request.tenant.slug}-{key}",
        )


class InitiativeRepresentativenessDataView(View):
    """An initiative's representativeness (``?stage=``) as research files."""

    def get(self, request, *, tenant: str, slug: str, fmt: str):
        representativeness_read_require(request.actor)
        initiative = access_initiative_by_slug(request.actor, slug)
        if "data.export" not in request.actor.permissions:
            raise PermissionDenied
        fmt = _format(fmt)
        stage = request.GET.get("stage", "")
        if stage not in ("", *Stage.values):
            raise Http404
        result = initiative_comparison(initiative, stage=stage or None)
        return dataset_response(
            request,
            datasets.representativeness(initiative, result, stage=stage),
            fmt,
            stem=f"representativeness-{initiative.slug}"
            + (f"-{stage}" if stage else ""),
        )


class CodingsDataView(View):
    """A coding project's codings as research files (those who keep the project)."""

    def get(self, request, *, tenant: str, pk: int, fmt: str):
        project_manage_require(request.actor)
        project = access_project_by_id(request.actor, pk)
        # only the texts the caller may read; the case notes' passages are party data
        # read, and logged as such
        visible = document_visible(request.actor, project)
        case_note_read_log(
            request.actor,
            visible.filter(case__isnull=False).only("case_id"),
            channel="export:codings",
            purpose=str(project),
        )
        return dataset_response(
            request,
            datasets.codings(project, documents=visible),
            _format(fmt),
            stem=f"codings-{project.pk}",
        )


def _dataset_export(request, export: int) -> DatasetExport:
    """One's own background export of a dataset one may still download (404 else)."""
    found = (
        dataset_exports_of(tenant=request.tenant, user=request.user)
        .filter(pk=export)
        .first()
    )
    if found is None:
        raise Http404
    if not datasets.tenant_dataset_allowed(request.actor, found.dataset):
        raise PermissionDenied
    return found


class DatasetExportView(View):
    """A large dataset's file written in the background: its progress, then the file."""

    def get(self, request, *, tenant: str, export: int):
        found = _dataset_export(request, export)
        template = "exchange/dataset_export.html"
        if request.htmx:
            template += "#status"
        builder, _also = datasets.TENANT_DATASETS[found.dataset]
        return render(
            request,
            template,
            {"export": found, "title": builder(request.tenant).title},
        )


class DatasetExportFileView(View):
    def get(self, request, *, tenant: str, export: int):
        found = _dataset_export(request, export)
        if found.status != DatasetExport.Status.DONE or not found.file:
            raise Http404
        response = FileResponse(
            found.file.open("rb"),
            as_attachment=True,
            filename=f"{request.tenant.slug}-{found.dataset}-"
            f"{found.created_at.date().isoformat()}.{found.format}",
            content_type=CONTENT_TYPES[found.format],
        )
        response["Cache-Control"] = "no-store"
        return response
