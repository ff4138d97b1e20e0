"""A panel's answers for researchers: the page of downloads, the files, the codebook.

Who: ``data.export`` and reading the panel (``access_panel_by_id``: 404 for a panel of an
initiative one may not see or of another tenant, 403 for respondents). CSV is streamed;
XLSX, SPSS and Stata files are written to a temporary file first (their writers need a
file they can seek in), which is gone as soon as the download ends.

A large panel (more rows than ``COPRODUCE_PANEL_EXPORT_DIRECT_ROWS``, default 200,000)
is written by the task worker instead: the download redirects to the export's page,
which shows its progress (htmx asks again every two seconds; without JavaScript, a link
to reload) and offers the file when it is ready. Anyone who may export the panel may
follow an export of it (the data are the same).
"""

import json
import os
import tempfile

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from coproduce.evaluation.access import access_panel_by_id

from .access import panel_data_allowed
from .models import PanelExport
from .panel_data import (
    CONTENT_TYPES,
    FORMATS,
    MISSING_LABELS,
    SHAPES,
    STATA_MISSING,
    WRITERS,
    codebook_for,
    csv_chunks,
    datapackage,
    file_stem,
)
from .selectors import panel_rows_estimate
from .services import panel_export_request


def direct_rows() -> int:
    return getattr(settings, "COPRODUCE_PANEL_EXPORT_DIRECT_ROWS", 200_000)


def statistics_rows() -> int:
    """The most rows an SPSS or Stata file is built from (pyreadstat writes one
    DataFrame: about 230 MB a million long rows); beyond, CSV and the data package."""
    return getattr(settings, "COPRODUCE_PANEL_EXPORT_STATISTICS_ROWS", 2_000_000)


def _panel(request, pk: int):
    panel = access_panel_by_id(request.actor, pk)
    if not panel_data_allowed(request.actor):
        raise PermissionDenied
    return panel


def _name(stem: str, ext: str) -> str:
    return f"{stem}-{timezone.localdate().isoformat()}.{ext}"


class PanelDataView(View):
    """The page: the two shapes in four formats, and the codebook."""

    def get(self, request, *, tenant: str, pk: int):
        panel = _panel(request, pk)
        codebook = codebook_for(panel)
        return render(
            request,
            "exchange/panel_data.html",
            {
                "panel": panel,
                "codebook": codebook,
                "shapes": SHAPES,
                "formats": FORMATS,
            },
        )


class PanelDataDownloadView(View):
    """``?shape=long|wide&format=csv|xlsx|sav|dta[&bom=1]``."""

    def get(self, request, *, tenant: str, pk: int):
        panel = _panel(request, pk)
        shape = request.GET.get("shape", "wide")
        fmt = request.GET.get("format", "csv")
        if shape not in SHAPES or fmt not in FORMATS:
            return HttpResponseBadRequest(
                _("Choose a shape (%(shapes)s) and a format (%(formats)s).")
                % {"shapes": ", ".join(SHAPES), "formats": ", ".join(FORMATS)},
                content_type="text/plain; charset=utf-8",
            )
        bom = request.GET.get("bom") == "1"
        rows = panel_rows_estimate(panel, shape)
        if fmt in ("sav", "dta") and rows > statistics_rows():
            return render(
                request,
                "exchange/panel_data.html",
                {
                    "panel": panel,
                    "codebook": codebook_for(panel),
                    "error": _(
                        "This file would have about %(rows)s rows: too many for an SPSS "
                        "or Stata file here. Download the CSV with the data package "
                        "instead, or the wide shape."
                    )
                    % {"rows": rows},
                },
                status=400,
            )
        if rows > direct_rows():
            export = panel_export_request(
                panel=panel, actor=request.actor, shape=shape, fmt=fmt, bom=bom
            )
            return redirect(
                "panel-export",
                tenant=request.tenant.slug,
                pk=panel.pk,
                export=export.pk,
            )
        codebook = codebook_for(panel)
        name = _name(file_stem(codebook, shape), fmt)
        if fmt == "csv":
            response = StreamingHttpResponse(
                csv_chunks(codebook, shape, bom=bom),
                content_type=CONTENT_TYPES[fmt],
            )
            response["Content-Disposition"] = f'attachment; filename="{name}"'
        else:
            descriptor, path = tempfile.mkstemp(suffix=f".{fmt}")
            os.close(descriptor)
            try:
                WRITERS[fmt](codebook, shape, path)
                file = open(path, "rb")  # noqa: SIM115 (FileResponse closes it)
            finally:
                os.unlink(path)  # the open file stays readable until it is closed
            response = FileResponse(
                file,
                as_attachment=True,
                filename=name,
                content_type=CONTENT_TYPES[fmt],
            )
        response["Cache-Control"] = "no-store"
        return response


class PanelDatapackageView(View):
    """The Frictionless data package (datapackage.json) of the two CSV files."""

    def get(self, request, *, tenant: str, pk: int):
        codebook = codebook_for(_panel(request, pk))
        response = HttpResponse(
            json.dumps(datapackage(codebook), ensure_ascii=False, indent=2),
            content_type="application/json",
        )
        response["Content-Disposition"] = 'attachment; filename="datapackage.json"'
        response["Cache-Control"] = "no-store"
        return response


class PanelCodebookView(View):
    """The codebook to read: a page, or ``?format=md`` as a Markdown file."""

    def get(self, request, *, tenant: str, pk: int):
        panel = _panel(request, pk)
        codebook = codebook_for(panel)
        context = {
            "panel": panel,
            "codebook": codebook,
            "missing": [
                {"code": code, "stata": f".{STATA_MISSING[code]}", "meaning": text}
                for code, text in MISSING_LABELS.items()
            ],
        }
        if request.GET.get("format") == "md":
            text = render_to_string("exchange/panel_codebook.md", context, request)
            response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
            name = _name(file_stem(codebook, "codebook"), "md")
            response["Content-Disposition"] = f'attachment; filename="{name}"'
            return response
        return render(request, "exchange/panel_codebook.html", context)


def _export(request, pk: int, export: int) -> tuple:
    panel = _panel(request, pk)
    found = PanelExport.objects.filter(
        tenant_id=panel.tenant_id, panel=panel, pk=export
    ).first()
    if found is None:
        raise Http404
    return panel, found


class PanelExportView(View):
    """A background export: its progress, then its file."""

    def get(self, request, *, tenant: str, pk: int, export: int):
        panel, export = _export(request, pk, export)
        template = "exchange/panel_export.html"
        if request.htmx:
            template += "#status"
        shape = _("long") if export.shape == "long" else _("wide")
        return render(
            request, template, {"panel": panel, "export": export, "shape": shape}
        )


class PanelExportFileView(View):
    def get(self, request, *, tenant: str, pk: int, export: int):
        panel, export = _export(request, pk, export)
        if export.status != PanelExport.Status.DONE or not export.file:
            raise Http404
        codebook_name = f"{file_stem(codebook_for(panel), export.shape)}"
        response = FileResponse(
            export.file.open("rb"),
            as_attachment=True,
            filename=f"{codebook_name}-{export.created_at.date().isoformat()}"
            f".{export.format}",
            content_type=CONTENT_TYPES[export.format],
        )
        response["Cache-Control"] = "no-store"
        return response
