"""The evaluation report of a panel: the page, its printable twin, CSV and JSON.

Who may read it is ``evaluation/access.py``, as for the panel's page and the API: staff
(partners too) read the reports of the panels they may see; respondents get 403; a panel
of an initiative one may not see, or of another tenant, is a 404.
"""

import json

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.text import slugify
from django.views import View

from coproduce.core.errors import DomainError

from . import report_charts
from .access import access_panel_by_id
from .reports import (
    comments_csv,
    fmt,
    fmt_p,
    report_build,
    report_csv,
    report_waves,
    waves_pick,
)


class ReportMixin:
    """Finds the panel and the two waves; a bad choice of waves answers 400."""

    def get(self, request, *, tenant: str, pk: int):
        panel = access_panel_by_id(request.actor, pk)
        waves = report_waves(panel)
        try:
            before, after = waves_pick(
                waves,
                before=request.GET.get("before"),
                after=request.GET.get("after"),
            )
        except DomainError as exc:
            return self.refuse(request, panel=panel, waves=waves, error=exc)
        report = report_build(panel=panel, before=before, after=after)
        return self.answer(request, report=report, waves=waves)

    def refuse(self, request, *, panel, waves, error):
        return JsonResponse({"detail": error.message, "field": error.field}, status=400)

    def filename(self, report, ext: str) -> str:
        return (
            f"{slugify(report.panel.name) or 'panel'}-wave{report.before.number}"
            f"-wave{report.after.number}-{timezone.localdate().isoformat()}.{ext}"
        )


def _links(request, report) -> dict[str, str]:
    query = f"?before={report.before.number}&after={report.after.number}"
    kwargs = {"tenant": request.tenant.slug, "pk": report.panel.pk}
    return {
        name: reverse(f"panel-report{suffix}", kwargs=kwargs) + query
        for name, suffix in (
            ("page", ""),
            ("print", "-print"),
            ("csv", "-csv"),
            ("json", "-json"),
            ("comments_csv", "-comments-csv"),
        )
    }


def _chosen(request, waves) -> tuple[int | None, int | None]:
    """The waves the form shows as chosen: those asked for where the panel has them (so
    that a refused choice is shown as it was made), else the first and the last."""
    numbers = [wave.number for wave in waves]

    def one(raw, default):
        try:
            number = int(raw)
        except (TypeError, ValueError):
            return default
        return number if number in numbers else default

    return (
        one(request.GET.get("before"), numbers[0] if numbers else None),
        one(request.GET.get("after"), numbers[-1] if numbers else None),
    )


def _num(value, text: str):
    """A number as read, with its full value kept for machines (``<data value>``)."""
    if value is None:
        return text
    return format_html('<data value="{}">{}</data>', repr(float(value)), text)


def _context(request, report, waves) -> dict:
    rows = []
    for i, row in enumerate(report.rows):
        r = row.result
        rows.append(
            {
                "row": row,
                "r": r,
                "anchor": f"scale-{i + 1}",
                "chart": report_charts.distribution_chart(
                    row,
                    before=report.before.number,
                    after=report.after.number,
                    chart_id=f"distribution-{i + 1}",
                ),
                "shown": {
                    "mean_before": _num(r.mean_before, fmt(r.mean_before)),
                    "mean_after": _num(r.mean_after, fmt(r.mean_after)),
                    "mean_diff": _num(r.mean_diff, fmt(r.mean_diff, sign=True)),
                    "ci_low": _num(r.ci95[0], fmt(r.ci95[0], sign=True))
                    if r.ci95
                    else "–",
                    "ci_high": _num(r.ci95[1], fmt(r.ci95[1], sign=True))
                    if r.ci95
                    else "–",
                    "t": _num(r.t, fmt(r.t)),
                    "p_t": _num(r.p_t, fmt_p(r.p_t)),
                    "p_holm": _num(r.p_holm, fmt_p(r.p_holm)),
                    "v": _num(r.wilcoxon_v, fmt(r.wilcoxon_v, 1)),
                    "p_w": _num(r.p_wilcoxon, fmt_p(r.p_wilcoxon)),
                    "dz": _num(r.cohen_dz, fmt(r.cohen_dz, sign=True)),
                    "alpha_before": _num(r.alpha_before, fmt(r.alpha_before)),
                    "alpha_after": _num(r.alpha_after, fmt(r.alpha_after)),
                },
                "left": row.attrition,
                "left_shown": {
                    "mean_stayed": _num(
                        row.attrition.mean_stayed, fmt(row.attrition.mean_stayed)
                    ),
                    "mean_left": _num(
                        row.attrition.mean_left, fmt(row.attrition.mean_left)
                    ),
                    "smd": _num(row.attrition.smd, fmt(row.attrition.smd, sign=True)),
                    "p": _num(row.attrition.p_welch, fmt_p(row.attrition.p_welch)),
                }
                if row.attrition
                else None,
            }
        )
    comments = [
        {
            "c": c,
            "changes": [
                (scale, fmt(change, sign=True) if change is not None else "–")
                for scale, change in c.changes
            ],
        }
        for c in report.comments
    ]
    return {
        "report": report,
        "panel": report.panel,
        "initiative": report.panel.initiative,
        "rows": rows,
        "comments": comments,
        "scale_names": [row.name for row in report.rows],
        "change_chart": report_charts.change_chart(report),
        "waves": waves,
        "compared": [report.before, report.after],
        "chosen": (report.before.number, report.after.number),
        "links": _links(request, report),
        "n_scales": len(report.rows),
    }


class PanelReportView(ReportMixin, View):
    template_name = "evaluation/report.html"

    def answer(self, request, *, report, waves):
        return render(request, self.template_name, _context(request, report, waves))

    def refuse(self, request, *, panel, waves, error):
        return render(
            request,
            "evaluation/report_unavailable.html",
            {
                "panel": panel,
                "initiative": panel.initiative,
                "waves": waves,
                "chosen": _chosen(request, waves),
                "error": error,
            },
            status=400 if len(waves) >= 2 else 200,
        )


class PanelReportPrintView(PanelReportView):
    """The same report on a page of its own: no navigation, print styles."""

    template_name = "evaluation/report_print.html"


class PanelReportCsvView(ReportMixin, View):
    def answer(self, request, *, report, waves):
        response = HttpResponse(
            report_csv(report), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.filename(report, "csv")}"'
        )
        response["Cache-Control"] = "no-store"
        return response


class PanelReportCommentsCsvView(ReportMixin, View):
    def answer(self, request, *, report, waves):
        response = HttpResponse(
            comments_csv(report), content_type="text/csv; charset=utf-8"
        )
        name = self.filename(report, "csv").replace(".csv", "-comments.csv")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response["Cache-Control"] = "no-store"
        return response


class PanelReportJsonView(ReportMixin, View):
    def answer(self, request, *, report, waves):
        response = HttpResponse(
            json.dumps(
                report.to_dict(), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2
            ),
            content_type="application/json",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="{self.filename(report, "json")}"'
        )
        response["Cache-Control"] = "no-store"
        return response
