"""Outcome and value pages of an initiative; the tenant's rates; the measurement import.

Who may read and change what is ``outcomes/access.py``, the same rule as the API: every page
finds its initiative through ``initiative_visible`` and the rows under it (404 otherwise);
changes need ``initiatives.change`` (403)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coproduce.core import charts as core_charts
from coproduce.core.errors import DomainError
from coproduce.core.views import ServiceDeleteView, ServiceFormView, paginate
from coproduce.initiatives.access import access_initiative_by_slug
from coproduce.initiatives.vocab import ActorRole
from coproduce.tenancy.permissions import TenantPermissionRequired

from . import charts, selectors, services
from .access import (
    OUTCOMES_CHANGE,
    access_cost_by_id,
    access_indicator_by_id,
    access_measurement_by_id,
    access_outcome_by_id,
    access_valuation_by_id,
    outcomes_change_allowed,
    outcomes_change_require,
)
from .forms import (
    CostForm,
    IndicatorForm,
    MeasurementForm,
    MeasurementImportForm,
    OutcomeForm,
    SroiModelForm,
    ValuationForm,
    ValueRateForm,
)
from .models import Outcome, ValueTag

CHANGE = OUTCOMES_CHANGE

ASSUMPTION_LABELS = {
    "deadweight": gettext_lazy("Deadweight"),
    "attribution": gettext_lazy("Attribution"),
    "displacement": gettext_lazy("Displacement"),
    "drop_off": gettext_lazy("Drop-off per year"),
    "proxy": gettext_lazy("Financial proxies"),
    "quantity": gettext_lazy("Quantities"),
    "duration": gettext_lazy("Duration"),
    "discount_rate": gettext_lazy("Discount rate"),
}


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


def progress_statement(progress: float | None) -> str:
    if progress is None:
        return _("No measurement yet.")
    if progress >= 1:
        return _("Target reached (%(p)s %% of the way from baseline to target).") % {
            "p": round(progress * 100)
        }
    if progress < 0:
        return _("%(p)s %% away from the baseline, in the wrong direction.") % {
            "p": round(-progress * 100)
        }
    return _("%(p)s %% of the way from baseline to target.") % {
        "p": round(progress * 100)
    }


class InitiativeMixin:
    """Finds the initiative of the URL (404 if not visible) before anything else."""

    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def initiative_url(self, name="outcome-list", **kwargs):
        return _url(self.request, name, slug=self.initiative.slug, **kwargs)


# Outcomes -------------------------------------------------------------------------------


class OutcomeListView(InitiativeMixin, TemplateView):
    template_name = "outcomes/outcome_list.html"

    def get_context_data(self, **kwargs):
        summary = selectors.outcomes_summary(
            tenant=self.request.tenant, initiatives=[self.initiative]
        ).get(self.initiative.pk, {"outcomes": []})
        for outcome in summary["outcomes"]:
            for indicator in outcome["indicators"]:
                indicator["statement"] = progress_statement(indicator["progress"])
        return {
            "initiative": self.initiative,
            "summary": summary,
            "kinds": Outcome.Kind.choices,
            "can_change": outcomes_change_allowed(self.request.actor),
        }


class OutcomeDetailView(InitiativeMixin, TemplateView):
    template_name = "outcomes/outcome_detail.html"

    def get_context_data(self, **kwargs):
        outcome = access_outcome_by_id(initiative=self.initiative, pk=kwargs["pk"])
        indicators = []
        for indicator in selectors.indicators_with_latest(
            outcome.indicators.filter(tenant=self.request.tenant).select_related(
                "scale", "panel"
            )
        ):
            measurements = list(selectors.measurement_list_for(indicator))
            progress = selectors.progress_share(
                baseline=indicator.baseline,
                target=indicator.target,
                value=indicator.latest_value,
            )
            indicators.append(
                {
                    "indicator": indicator,
                    "measurements": measurements,
                    "progress": progress,
                    "statement": progress_statement(progress),
                    "chart": charts.indicator_series(
                        title=indicator.name,
                        desc=_(
                            "%(name)s over time against its baseline %(baseline)s and "
                            "target %(target)s; the same numbers are in the table."
                        )
                        % {
                            "name": indicator.name,
                            "baseline": f"{indicator.baseline:g}",
                            "target": f"{indicator.target:g}",
                        },
                        points=[(m.date, m.value) for m in measurements],
                        baseline=indicator.baseline,
                        target=indicator.target,
                        chart_id=f"indicator-{indicator.pk}",
                    ),
                }
            )
        return {
            "initiative": self.initiative,
            "outcome": outcome,
            "indicators": indicators,
            "can_change": outcomes_change_allowed(self.request.actor),
        }


class OutcomeCreateView(InitiativeMixin, ServiceFormView):
    permission = CHANGE
    form_class = OutcomeForm
    title = gettext_lazy("New outcome")

    def perform(self, form):
        return services.outcome_create(
            initiative=self.initiative, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return self.initiative_url("outcome-detail", pk=result.pk)

    def get_cancel_url(self):
        return self.initiative_url()


def _display(obj, name: str):
    display = getattr(obj, f"get_{name}_display", None)
    value = display() if display else getattr(obj, name)
    return value if value not in (None, "") else None


class VersionedUpdateMixin:
    """The edit page of a row with a ``version`` (optimistic locking, as the initiative's
    edit page): the form carries the version it was read from; when someone saved in
    between, the service refuses, and the page answers 409 with the values they saved
    beside the editor's own, and the form now carries the new version, so that saving
    again is a deliberate overwrite, never a silent one."""

    object = None

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def form_invalid(self, form):
        context = self.get_context_data(form=form)
        current = type(self.object).objects.get(pk=self.object.pk)
        read = getattr(form, "cleaned_data", {}).get("version", current.version)
        if read is not None and read != current.version:
            data = form.data.copy()
            data["version"] = current.version
            form.data = data
            context["current"] = [
                (form.fields[name].label, _display(current, name))
                for name in form.Meta.fields
            ]
            return self.render_to_response(context, status=409)
        return self.render_to_response(context)


class OutcomeUpdateView(InitiativeMixin, VersionedUpdateMixin, ServiceFormView):
    permission = CHANGE
    form_class = OutcomeForm
    title = gettext_lazy("Change the outcome")

    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        self.object = access_outcome_by_id(initiative=self.initiative, pk=kwargs["pk"])
        return super(InitiativeMixin, self).dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.outcome_update(
            outcome=self.object,
            actor=self.request.user,
            version=form.cleaned_data.get("version"),
            **form.values(),
        )

    def get_success_url_for(self, result):
        return self.initiative_url("outcome-detail", pk=result.pk)

    def get_cancel_url(self):
        return self.initiative_url("outcome-detail", pk=self.object.pk)


class OutcomeDeleteView(InitiativeMixin, ServiceDeleteView):
    permission = CHANGE

    def get_object(self):
        return access_outcome_by_id(initiative=self.initiative, pk=self.kwargs["pk"])

    def perform(self, obj):
        services.outcome_delete(outcome=obj, actor=self.request.user)

    def object_url(self, obj):
        return self.initiative_url("outcome-detail", pk=obj.pk)

    def success_url(self, obj):
        return self.initiative_url()


class IndicatorCreateView(InitiativeMixin, ServiceFormView):
    permission = CHANGE
    form_class = IndicatorForm
    title = gettext_lazy("New indicator")

    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        self.outcome = access_outcome_by_id(initiative=self.initiative, pk=kwargs["pk"])
        return super(InitiativeMixin, self).dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "initiative": self.initiative}

    def perform(self, form):
        return services.indicator_create(
            outcome=self.outcome, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return self.initiative_url("outcome-detail", pk=self.outcome.pk)

    def get_cancel_url(self):
        return self.initiative_url("outcome-detail", pk=self.outcome.pk)


class IndicatorMixin(InitiativeMixin):
    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        self.indicator = access_indicator_by_id(
            initiative=self.initiative, pk=kwargs["pk"]
        )
        return super(InitiativeMixin, self).dispatch(request, *args, **kwargs)

    def outcome_url(self):
        return self.initiative_url("outcome-detail", pk=self.indicator.outcome_id)


class IndicatorUpdateView(IndicatorMixin, VersionedUpdateMixin, ServiceFormView):
    permission = CHANGE
    form_class = IndicatorForm
    title = gettext_lazy("Change the indicator")

    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        self.object = self.indicator = access_indicator_by_id(
            initiative=self.initiative, pk=kwargs["pk"]
        )
        return super(InitiativeMixin, self).dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "initiative": self.initiative}

    def perform(self, form):
        return services.indicator_update(
            indicator=self.indicator,
            actor=self.request.user,
            version=form.cleaned_data.get("version"),
            **form.values(),
        )

    def get_success_url_for(self, result):
        return self.outcome_url()

    def get_cancel_url(self):
        return self.outcome_url()


class IndicatorDeleteView(IndicatorMixin, ServiceDeleteView):
    permission = CHANGE

    def get_object(self):
        return self.indicator

    def perform(self, obj):
        services.indicator_delete(indicator=obj, actor=self.request.user)

    def object_url(self, obj):
        return self.outcome_url()

    success_url = object_url


class MeasurementMixin(InitiativeMixin):
    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        self.object = self.measurement = access_measurement_by_id(
            initiative=self.initiative, pk=kwargs["pk"]
        )
        return super(InitiativeMixin, self).dispatch(request, *args, **kwargs)

    def outcome_url(self):
        return self.initiative_url(
            "outcome-detail", pk=self.measurement.indicator.outcome_id
        )


class MeasurementUpdateView(MeasurementMixin, VersionedUpdateMixin, ServiceFormView):
    permission = CHANGE
    form_class = MeasurementForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("Change the measurement of %(name)s on %(date)s")
            % {"name": self.measurement.indicator, "date": self.measurement.date},
        }

    def perform(self, form):
        return services.measurement_update(
            measurement=self.measurement,
            actor=self.request.user,
            version=form.cleaned_data.get("version"),
            **form.values(),
        )

    def get_success_url_for(self, result):
        return self.outcome_url()

    def get_cancel_url(self):
        return self.outcome_url()


class MeasurementDeleteView(MeasurementMixin, ServiceDeleteView):
    permission = CHANGE

    def get_object(self):
        return self.measurement

    def perform(self, obj):
        services.measurement_delete(measurement=obj, actor=self.request.user)

    def object_url(self, obj):
        return self.outcome_url()

    success_url = object_url


class MeasurementCreateView(IndicatorMixin, ServiceFormView):
    permission = CHANGE
    form_class = MeasurementForm

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "title": _("New measurement of %(name)s") % {"name": self.indicator},
        }

    def perform(self, form):
        return services.measurement_record(
            indicator=self.indicator, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return self.outcome_url()

    def get_cancel_url(self):
        return self.outcome_url()


class MeasurementsFromScaleView(IndicatorMixin, TenantPermissionRequired, View):
    """POST: take the indicator's measurements from its evaluation scale, wave by wave."""

    permission = CHANGE

    def post(self, request, **kwargs):
        try:
            saved = services.measurements_from_scale(
                indicator=self.indicator, actor=request.user
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(n)s measurements taken from the scale.") % {"n": len(saved)},
            )
        return redirect(self.outcome_url())


class MeasurementImportView(ServiceFormView):
    permission = CHANGE
    form_class = MeasurementImportForm
    title = gettext_lazy("Import measurements")
    template_name = "outcomes/import.html"

    def perform(self, form):
        raw = form.cleaned_data["file"].read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise DomainError(_("The file is not UTF-8 text."), field="file") from exc
        try:
            saved = services.measurements_import(
                tenant=self.request.tenant, text=text, actor=self.request.user
            )
        except services.ImportRefused as exc:
            raise DomainError(
                _("Nothing was imported. ") + "; ".join(exc.lines()), field="file"
            ) from exc
        self.success_message = _("%(n)s measurements imported.") % {"n": len(saved)}
        return saved

    def get_success_url_for(self, result):
        return _url(self.request, "measurement-import")


# Value and cost ---------------------------------------------------------------------------


class ValueRateListView(ServiceFormView):
    """The tenant's rates per role, each with its source; the form sets one."""

    permission = None
    form_class = ValueRateForm
    template_name = "outcomes/rates.html"
    title = gettext_lazy("Value of an hour, per role")

    def post(self, request, *args, **kwargs):
        outcomes_change_require(request.actor)
        return super().post(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        rates = selectors.value_rates(tenant=self.request.tenant)
        return {
            **super().get_context_data(**kwargs),
            "rates": [
                {"role": label, "rate": rates.get(role)}
                for role, label in ActorRole.choices
            ],
            "can_change": outcomes_change_allowed(self.request.actor),
        }

    def perform(self, form):
        values = form.values()
        return services.value_rate_set(
            tenant=self.request.tenant, actor=self.request.user, **values
        )

    def get_success_url_for(self, result):
        return _url(self.request, "value-rates")


class ValueView(InitiativeMixin, TemplateView):
    """Value and cost of an initiative, the SROI with its assumptions and sensitivity."""

    template_name = "outcomes/value.html"

    def get_context_data(self, **kwargs):
        initiative = self.initiative
        summary = selectors.value_summary(
            tenant=self.request.tenant, initiatives=[initiative]
        )[initiative.pk]
        rates = selectors.value_rates(tenant=self.request.tenant)
        hours = [
            {
                "role": role,
                "label": label,
                "hours": summary["hours"][role],
                "rate": rates.get(role),
                "value": summary["valued_hours"][role],
            }
            for role, label in ActorRole.choices
        ]
        found = selectors.sroi_of(initiative, inputs=summary["inputs"])
        context = {
            "initiative": initiative,
            "summary": summary,
            "hours": hours,
            "costs": selectors.cost_list_for(initiative),
            "tags": [
                {
                    "label": label,
                    "inputs": summary["by_tag"][tag],
                    "outcomes": summary["outcome_value_by_tag"][tag],
                }
                for tag, label in ValueTag.choices
            ],
            "model": found["model"],
            "discount_rate": found["discount_rate"],
            "step": found["step"],
            "valuations": found["valuations"],
            "can_change": outcomes_change_allowed(self.request.actor),
        }
        if found["result"] is not None:
            result, rows = found["result"], found["sensitivity"]
            context["result"] = result
            context["years"] = [
                {"year": t, "value": v, "discounted": d}
                for t, (v, d) in enumerate(
                    zip(result.year_values, result.discounted_values, strict=True), 1
                )
            ]
            context["sensitivity"] = [
                {"label": ASSUMPTION_LABELS[r.assumption], "row": r} for r in rows
            ]
            if result.ratio is not None:
                context["sensitivity_chart"] = core_charts.paired_bars(
                    title=_("Sensitivity of the SROI ratio"),
                    desc=_(
                        "The ratio with each assumption moved down and up by a step; "
                        "the base ratio is %(base).2f. The numbers are in the table."
                    )
                    % {"base": result.ratio},
                    groups=[str(ASSUMPTION_LABELS[r.assumption]) for r in rows],
                    series=[(_("down"), "#9bb7d4"), (_("up"), "#0b4f8a")],
                    values=[
                        [round(r.ratio_down or 0, 2), round(r.ratio_up or 0, 2)]
                        for r in rows
                    ],
                    chart_id="sensitivity-chart",
                )
        return context


class ParticipationListView(InitiativeMixin, TemplateView):
    """The participations behind the hours of one role."""

    template_name = "outcomes/participations.html"

    def get_context_data(self, **kwargs):
        role = self.request.GET.get("role") or None
        if role not in ActorRole.values:
            role = None
        qs = selectors.participation_list_for(self.initiative, role=role)
        return {
            "initiative": self.initiative,
            "role": ActorRole(role).label if role else None,
            "page": paginate(self.request, qs),
            "total": selectors.total_of(qs, "hours"),
            "show_names": "people.view" in self.request.permissions,
        }


class ContributionListView(InitiativeMixin, TemplateView):
    """The contributions in kind behind the in-kind total."""

    template_name = "outcomes/contributions.html"

    def get_context_data(self, **kwargs):
        qs = selectors.contribution_list_for(self.initiative)
        return {
            "initiative": self.initiative,
            "page": paginate(self.request, qs),
            "total": selectors.total_of(qs, "estimated_value"),
            "show_names": "people.view" in self.request.permissions,
        }


class CostCreateView(InitiativeMixin, ServiceFormView):
    permission = CHANGE
    form_class = CostForm
    title = gettext_lazy("New cost")

    def perform(self, form):
        return services.cost_create(
            initiative=self.initiative, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return self.initiative_url("value")

    def get_cancel_url(self):
        return self.initiative_url("value")


class CostDeleteView(InitiativeMixin, ServiceDeleteView):
    permission = CHANGE

    def get_object(self):
        return access_cost_by_id(initiative=self.initiative, pk=self.kwargs["pk"])

    def perform(self, obj):
        services.cost_delete(cost=obj, actor=self.request.user)

    def object_url(self, obj):
        return self.initiative_url("value")

    success_url = object_url


class SroiModelEditView(InitiativeMixin, ServiceFormView):
    permission = CHANGE
    form_class = SroiModelForm
    title = gettext_lazy("SROI assumptions")

    def get_form_kwargs(self):
        model = selectors.sroi_model_for(self.initiative)
        kwargs = super().get_form_kwargs()
        if model:
            kwargs["instance"] = model
        return kwargs

    def perform(self, form):
        return services.sroi_model_set(
            initiative=self.initiative, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return self.initiative_url("value")

    def get_cancel_url(self):
        return self.initiative_url("value")


class ValuationMixin(InitiativeMixin):
    def get_valuation(self):
        return access_valuation_by_id(initiative=self.initiative, pk=self.kwargs["pk"])

    def get_form_kwargs(self):
        kwargs = {**super().get_form_kwargs(), "initiative": self.initiative}
        if "pk" in self.kwargs:
            kwargs["instance"] = self.get_valuation()
        return kwargs

    def get_success_url_for(self, result):
        return self.initiative_url("value")

    def get_cancel_url(self):
        return self.initiative_url("value")


class ValuationCreateView(ValuationMixin, ServiceFormView):
    permission = CHANGE
    form_class = ValuationForm
    title = gettext_lazy("Value an outcome")

    def perform(self, form):
        return services.valuation_create(
            initiative=self.initiative, actor=self.request.user, **form.values()
        )


class ValuationUpdateView(ValuationMixin, ServiceFormView):
    permission = CHANGE
    form_class = ValuationForm
    title = gettext_lazy("Change a valued outcome")

    def perform(self, form):
        return services.valuation_update(
            valuation=self.get_valuation(), actor=self.request.user, **form.values()
        )


class ValuationDeleteView(InitiativeMixin, ServiceDeleteView):
    permission = CHANGE

    def get_object(self):
        return ValuationMixin.get_valuation(self)

    def perform(self, obj):
        services.valuation_delete(valuation=obj, actor=self.request.user)

    def object_url(self, obj):
        return self.initiative_url("value")

    success_url = object_url
