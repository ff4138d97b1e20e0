"""Representativeness pages: population tables and their import, the small-group
threshold, and who takes part in an initiative (or one stage) against its population.

Reading needs ``initiatives.view_all`` or ``initiatives.change`` (403 otherwise) and an
initiative the user may see (404 otherwise); loading figures and settings needs
``initiatives.change``.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coproduce.core.views import ServiceDeleteView, ServiceFormView
from coproduce.initiatives.access import access_initiative_by_slug
from coproduce.initiatives.vocab import Stage
from coproduce.tenancy.permissions import TenantPermissionRequired

from . import selectors, services
from .access import access_population_table_by_id, representativeness_read_require
from .charts import with_charts
from .csv_import import ImportRefused
from .exports import representativeness_csv
from .forms import AreaForm, PopulationImportForm, SettingForm, StageForm


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


class ReadMixin:
    def dispatch(self, request, *args, **kwargs):
        representativeness_read_require(request.actor)
        return super().dispatch(request, *args, **kwargs)


class IndexView(ReadMixin, TemplateView):
    template_name = "representativeness/index.html"

    def get_context_data(self, **kwargs):
        tenant = self.request.tenant
        return {
            "tables": selectors.population_table_list(tenant=tenant),
            "setting": selectors.setting_get(tenant=tenant),
            "can_change": "initiatives.change" in self.request.permissions,
        }


class PopulationImportView(ServiceFormView):
    permission = "initiatives.change"
    form_class = PopulationImportForm
    template_name = "representativeness/import.html"
    title = gettext_lazy("Load population figures")
    success_message = gettext_lazy("The figures were loaded.")

    def perform(self, form):
        data = form.cleaned_data
        try:
            return self._import(data)
        except ImportRefused as exc:
            raise ValidationError({"file": exc.errors}) from exc

    def _import(self, data):
        return services.population_table_import(
            tenant=self.request.tenant,
            actor=self.request.user,
            name=data["name"],
            area=data["area"],
            reference_date=data["reference_date"],
            source=data["source"],
            covers_tenant=data["covers_tenant"],
            text=data["file"],
        )

    def get_cancel_url(self):
        return _url(self.request, "representativeness-index")

    def get_success_url_for(self, result):
        return _url(self.request, "population-table-detail", pk=result.pk)


class PopulationTableDetailView(ReadMixin, TemplateView):
    template_name = "representativeness/table_detail.html"

    def get_context_data(self, **kwargs):
        table = access_population_table_by_id(self.request.actor, kwargs["pk"])
        return {
            "table": table,
            "rows": selectors.population_rows(table),
            "can_change": "initiatives.change" in self.request.permissions,
        }


class PopulationTableDeleteView(ServiceDeleteView):
    permission = "initiatives.change"

    def get_object(self):
        return access_population_table_by_id(self.request.actor, self.kwargs["pk"])

    def perform(self, obj):
        services.population_table_delete(table=obj, actor=self.request.user)

    def object_url(self, obj):
        return _url(self.request, "population-table-detail", pk=obj.pk)

    def success_url(self, obj):
        return _url(self.request, "representativeness-index")


class SettingView(ServiceFormView):
    permission = "initiatives.change"
    form_class = SettingForm
    title = gettext_lazy("Smallest group shown")

    def get_initial(self):
        return {"min_group_size": selectors.min_group_size(tenant=self.request.tenant)}

    def perform(self, form):
        return services.setting_update(
            tenant=self.request.tenant,
            actor=self.request.user,
            **form.cleaned_data,
        )

    def get_cancel_url(self):
        return _url(self.request, "representativeness-index")

    def get_success_url_for(self, result):
        return _url(self.request, "representativeness-index")


def initiative_result(request, initiative, stage: str | None) -> dict:
    return selectors.initiative_comparison(initiative, stage=stage)


class InitiativeView(ReadMixin, TemplateView):
    template_name = "representativeness/initiative.html"

    def get_context_data(self, **kwargs):
        request = self.request
        initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        stage_form = StageForm(request.GET or None)
        stage = stage_form.cleaned_data["stage"] if stage_form.is_valid() else ""
        result = with_charts(
            initiative_result(request, initiative, stage or None), prefix="rep"
        )
        table = result["table"]
        return {
            "initiative": initiative,
            "stage": stage,
            "stage_label": Stage(stage).label if stage else "",
            "stage_form": stage_form,
            "result": result,
            "area_form": AreaForm(
                tenant=request.tenant, initial={"table": table.pk if table else None}
            ),
            "can_change": "initiatives.change" in request.permissions,
            "csv_url": _url(request, "representativeness-csv", slug=initiative.slug)
            + (f"?stage={stage}" if stage else ""),
            "data_urls": {
                fmt.removesuffix(".json"): _url(
                    request, "representativeness-data", slug=initiative.slug, fmt=fmt
                )
                + (f"?stage={stage}" if stage else "")
                for fmt in ("xlsx", "sav", "dta", "datapackage.json")
            }
            if "data.export" in request.permissions
            else None,
        }


class InitiativeAreaView(TenantPermissionRequired, View):
    permission = "initiatives.change"

    def post(self, request, *, tenant, slug):
        initiative = access_initiative_by_slug(request.actor, slug)
        form = AreaForm(request.POST, tenant=request.tenant)
        if form.is_valid():
            services.initiative_area_set(
                initiative=initiative,
                table=form.cleaned_data["table"],
                actor=request.user,
            )
            messages.success(request, _("The population was set."))
        else:
            messages.error(request, _("Choose one of the population tables."))
        return redirect(_url(request, "representativeness-initiative", slug=slug))


class InitiativeCsvView(ReadMixin, View):
    def get(self, request, *, tenant, slug):
        initiative = access_initiative_by_slug(request.actor, slug)
        stage_form = StageForm(request.GET or None)
        stage = stage_form.cleaned_data["stage"] if stage_form.is_valid() else ""
        result = initiative_result(request, initiative, stage or None)
        scope = initiative.slug + (f":{stage}" if stage else "")
        response = HttpResponse(
            representativeness_csv(result, scope=scope),
            content_type="text/csv; charset=utf-8",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="representativeness-{initiative.slug}'
            f'{"-" + stage if stage else ""}.csv"'
        )
        return response
