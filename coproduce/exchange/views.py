"""Export pages: the list of downloads, and the downloads themselves (streamed)."""

from django.core.exceptions import PermissionDenied
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from coproduce.evaluation.access import panel_visible
from coproduce.tenancy.permissions import TenantPermissionRequired

from .access import export_allowed, panel_data_allowed
from .columns import EXPORT_KINDS, FORMATS, column_names
from .datasets import TENANT_DATASETS, tenant_dataset_allowed
from .exporters import CONTENT_TYPES, export_chunks

RESEARCH_FORMAT_LABELS = [
    ("csv", "CSV"),
    ("xlsx", "XLSX"),
    ("sav", "SPSS"),
    ("dta", "Stata"),
    ("datapackage.json", _("data package")),
]

LABELS = {
    "people": _("People (without demographics)"),
    "organisations": _("Organisations"),
    "initiatives": _("Initiatives"),
    "services": _("Public services"),
    "activities": _("Activities"),
    "participations": _("Participations"),
    "contributions": _("Contributions in kind"),
}


class ExportIndexView(TenantPermissionRequired, View):
    permission = "data.export"

    def get(self, request, *, tenant: str):
        downloads = [
            {
                "kind": kind,
                "label": LABELS[kind],
                "columns": column_names(kind),
                "formats": FORMATS,
            }
            for kind in EXPORT_KINDS
            if export_allowed(request.actor, kind)
        ]
        panels = (
            panel_visible(request.actor).select_related("initiative").order_by("name")
            if panel_data_allowed(request.actor)
            else []
        )
        research = [
            {
                "key": key,
                "title": builder(request.tenant).title,
                "formats": RESEARCH_FORMAT_LABELS,
            }
            for key, (builder, _also) in TENANT_DATASETS.items()
            if tenant_dataset_allowed(request.actor, key)
        ]
        return render(
            request,
            "exchange/index.html",
            {"downloads": downloads, "panels": panels, "research": research},
        )


class ExportDownloadView(View):
    def get(self, request, *, tenant: str, kind: str, fmt: str):
        if not export_allowed(request.actor, kind):
            raise PermissionDenied
        response = StreamingHttpResponse(
            export_chunks(kind, fmt, tenant=request.tenant),
            content_type=CONTENT_TYPES[fmt],
        )
        day = timezone.localdate().isoformat()
        name = f"{request.tenant.slug}-{kind}-{day}.{fmt}"
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response
