"""The dashboards: the tenant's and each initiative's, their CSV files and their printable
council report. Every number links to the page or filtered list of the records behind it.

Anyone who may read initiatives sees the dashboard of the initiatives they may see
(``initiative_visible``); the people behind the figures are never listed here.
"""

from django.http import Http404, HttpResponse
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from coproduce.core import charts
from coproduce.core.kept import data_fingerprint, kept, kept_key
from coproduce.evaluation.reports import report_build, report_waves, waves_pick
from coproduce.initiatives.access import access_initiative_by_slug
from coproduce.initiatives.charts import profile_chart
from coproduce.initiatives.selectors import profile_for
from coproduce.initiatives.vocab import ActorRole, Mode, Stage
from coproduce.representativeness.charts import with_charts
from coproduce.representativeness.selectors import (
    participations_of,
    representativeness_for,
    table_for_initiative,
)
from coproduce.sustainability.charts import history_chart
from coproduce.sustainability.selectors import initiative_sustainability

from . import exports, selectors, services
from .access import audience_of

SECTIONS = exports.SECTIONS


def _url(request, name: str, **kwargs) -> str | None:
    try:
        return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})
    except NoReverseMatch:
        return None


def _audience(request) -> str:
    return audience_of(request.actor)


def portfolio_links(request, summary: dict) -> dict:
    base = _url(request, "portfolio")
    return {
        "total": base,
        "co_produced": f"{base}?co_produced=yes",
        "rhetoric": f"{base}?rhetoric=yes",
        "stages": {
            s["stage"]: {
                "declared": f"{base}?declared_stage={s['stage']}",
                "realised": f"{base}?realised_stage={s['stage']}",
            }
            for s in summary["stages"]
        },
    }


def portfolio_chart(summary: dict) -> str:
    return charts.paired_bars(
        title=_("Declared and realised co-production per stage"),
        desc=_(
            "For each stage, the number of initiatives that declare it as co-produced "
            "and the number in which citizens took part at level involve or higher; the "
            "same numbers are in the table beside the chart."
        ),
        groups=[str(s["label"]) for s in summary["stages"]],
        series=[(_("declared"), "#9bb7d4"), (_("realised"), "#0b4f8a")],
        values=[[s["declared"], s["realised"]] for s in summary["stages"]],
        chart_id="dash-portfolio-chart",
    )


def sustainability_chart(overview: dict) -> str:
    rows = [d for d in overview["dimensions"] if d["mean"] is not None]
    return charts.paired_bars(
        title=_("Sustainability: mean score of the latest assessments"),
        desc=_(
            "Mean score (1 absent to 5 strong) of each dimension over the latest "
            "assessment of each temporary initiative; the same numbers are in the table."
        ),
        groups=[str(d["label"]) for d in rows],
        series=[(_("mean score"), "#0b4f8a")],
        values=[[round(float(d["mean"]), 2)] for d in rows],
        chart_id="dash-sustainability-chart",
    )


def tenant_context(request) -> dict:
    """The tenant dashboard: its figures as last computed (``generated_at`` says when;
    ``refreshing`` that newer ones are being computed), see reports.services."""
    tenant = request.tenant
    figures = services.dashboard_figures_get(tenant=tenant, audience=_audience(request))
    data = selectors.figures_for_display(figures.data)
    representativeness = with_charts(data["representativeness"], prefix="dash-rep")
    sustainability = data["sustainability"]
    return {
        "scope": "tenant",
        "generated_at": figures.computed_at,
        "refreshing": figures.refreshing,
        "portfolio": data["portfolio"],
        "portfolio_links": portfolio_links(request, data["portfolio"]),
        "portfolio_chart": portfolio_chart(data["portfolio"]),
        "hours": [
            {"label": Mode(m).label, "hours": data["portfolio"]["hours"].get(m) or 0}
            for m in Mode.values
        ],
        "outcomes": data["outcomes"],
        "value": data["value"],
        "representativeness": representativeness,
        "sustainability": sustainability,
        "sustainability_chart": sustainability_chart(sustainability)
        if any(d["mean"] is not None for d in sustainability["dimensions"])
        else "",
        "panels": data["panels"],
        "links": {
            "representativeness": _url(request, "representativeness-index"),
            "sustainability": _url(request, "sustainability-index"),
            "evaluation": _url(request, "evaluation-index"),
            "outcomes": None,
            "print": _url(request, "dashboard-print"),
            "xlsx": _url(request, "dashboard-xlsx"),
            **{f"csv_{s}": _url(request, "dashboard-csv", section=s) for s in SECTIONS},
        },
    }


def _evaluation_rows(panels) -> list[dict]:
    """Per panel of one initiative: the first and last opened waves compared, or why not."""
    rows = []
    for panel in panels:
        waves = report_waves(panel)
        if len(waves) < 2:
            rows.append({"panel": panel, "report": None})
            continue
        before, after = waves_pick(waves)
        rows.append(
            {
                "panel": panel,
                "report": report_build(panel=panel, before=before, after=after),
            }
        )
    return rows


def _initiative_figures(tenant, initiative) -> dict:
    """What the initiative's dashboard shows of its records (computed; see
    ``initiative_dashboard_context`` for when they are kept)."""
    profile = profile_for(initiative)
    outcomes_summary, value_summary = selectors.outcomes_api()
    outcomes = value = None
    if outcomes_summary:
        outcomes = outcomes_summary(tenant=tenant, initiatives=[initiative]).get(
            initiative.pk
        )
    if value_summary:
        value = value_summary(tenant=tenant, initiatives=[initiative]).get(
            initiative.pk
        )
    representativeness = with_charts(
        representativeness_for(
            tenant=tenant,
            participations=participations_of(initiative=initiative),
            table=table_for_initiative(initiative),
        ),
        prefix="dash-rep",
    )
    sustainability = None
    if initiative.end_date:
        sustainability = initiative_sustainability(initiative)
        sustainability["chart"] = history_chart(
            initiative, sustainability["assessments"]
        )
    panels = selectors.panel_overview(
        tenant=tenant,
        initiatives=type(initiative).objects.filter(tenant=tenant, pk=initiative.pk),
    )["panels"]
    return {
        "profile": profile,
        "outcomes": outcomes,
        "value": value,
        "outcomes_available": outcomes_summary is not None,
        "value_available": value_summary is not None,
        "representativeness": representativeness,
        "sustainability": sustainability,
        "panels": panels,
    }


def initiative_dashboard_context(request, initiative) -> dict:
    """The initiative's dashboard. Its figures are kept while the tenant's data and the
    initiative are unchanged, in the reader's language (core.kept): the biggest
    initiative's took 1.5 s to compute."""
    tenant = request.tenant
    figures = kept(
        kept_key(
            "reports.initiative",
            initiative.pk,
            initiative.updated_at,
            data_fingerprint(tenant=tenant),
            language=True,
        ),
        lambda: _initiative_figures(tenant, initiative),
    )
    profile = figures["profile"]
    outcomes, value = figures["outcomes"], figures["value"]
    outcomes_available = figures["outcomes_available"]
    value_available = figures["value_available"]
    representativeness = figures["representativeness"]
    sustainability = figures["sustainability"]
    panels = figures["panels"]
    slug = initiative.slug
    return {
        "scope": "initiative",
        "initiative": initiative,
        "generated_at": timezone.now(),
        "profile": profile,
        "profile_table": profile.table(),
        "profile_chart": profile_chart(profile, chart_id="dash-profile-chart"),
        "roles": [ActorRole(r).label for r in ActorRole.values],
        "hours": [
            {
                "label": Mode(m).label,
                "hours": profile.hours[m],
                "citizens": profile.citizen_hours[m],
            }
            for m in Mode.values
        ],
        "outcomes_entry": outcomes,
        "value_entry": value,
        "outcomes_available": outcomes_available,
        "value_available": value_available,
        "representativeness": representativeness,
        "sustainability": sustainability,
        "evaluation": _evaluation_rows(panels),
        "links": {
            "initiative": _url(request, "initiative-detail", slug=slug),
            "representativeness": _url(
                request, "representativeness-initiative", slug=slug
            ),
            "sustainability": _url(request, "sustainability-initiative", slug=slug),
            "outcomes": _url(request, "outcome-list", slug=slug),
            "value": _url(request, "value", slug=slug),
            "participations": _url(request, "value-participations", slug=slug),
            "contributions": _url(request, "value-contributions", slug=slug),
            "print": _url(request, "initiative-dashboard-print", slug=slug),
            "xlsx": _url(request, "initiative-dashboard-xlsx", slug=slug),
            "stages": {
                s: _url(request, "representativeness-initiative", slug=slug)
                + f"?stage={s}"
                for s in Stage.values
            },
            **{
                f"csv_{s}": _url(
                    request, "initiative-dashboard-csv", slug=slug, section=s
                )
                for s in SECTIONS
            },
        },
    }


class DashboardView(TemplateView):
    template_name = "reports/dashboard.html"

    def get_context_data(self, **kwargs):
        return tenant_context(self.request)


class DashboardPrintView(DashboardView):
    template_name = "reports/dashboard_print.html"


class InitiativeDashboardView(TemplateView):
    template_name = "reports/initiative_dashboard.html"

    def get_context_data(self, **kwargs):
        return initiative_dashboard_context(
            self.request, access_initiative_by_slug(self.request.actor, kwargs["slug"])
        )


class InitiativeDashboardPrintView(InitiativeDashboardView):
    template_name = "reports/initiative_dashboard_print.html"


def _csv_response(text: str, filename: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class DashboardCsvView(View):
    def get(self, request, *, tenant, section):
        if section not in SECTIONS:
            raise Http404
        context = tenant_context(request)
        return _csv_response(
            exports.section_csv(section, context),
            f"dashboard-{request.tenant.slug}-{section}.csv",
        )


class InitiativeDashboardCsvView(View):
    def get(self, request, *, tenant, slug, section):
        if section not in SECTIONS:
            raise Http404
        context = initiative_dashboard_context(
            request, access_initiative_by_slug(request.actor, slug)
        )
        return _csv_response(
            exports.section_csv(section, context), f"dashboard-{slug}-{section}.csv"
        )


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _xlsx_response(context: dict, filename: str) -> HttpResponse:
    """Every section's table, one sheet each (the same tables as the CSV files)."""
    from coproduce.exchange.research import workbook_of_tables

    tables = [
        (section, *exports.section_table(section, context)) for section in SECTIONS
    ]
    response = HttpResponse(workbook_of_tables(tables), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


class DashboardXlsxView(View):
    def get(self, request, *, tenant):
        return _xlsx_response(
            tenant_context(request), f"dashboard-{request.tenant.slug}.xlsx"
        )


class InitiativeDashboardXlsxView(View):
    def get(self, request, *, tenant, slug):
        context = initiative_dashboard_context(
            request, access_initiative_by_slug(request.actor, slug)
        )
        return _xlsx_response(context, f"dashboard-{slug}.xlsx")
