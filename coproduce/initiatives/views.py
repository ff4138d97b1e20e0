"""Initiative pages: the portfolio, an initiative with its co-production profile, activities
with their participations, partners and contributions."""

import functools

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject, cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coproduce.core import charts, i18n
from coproduce.core.errors import DomainError
from coproduce.core.events import event_list_for
from coproduce.core.kept import count_kept, data_fingerprint, kept, kept_key
from coproduce.core.views import (
    ServiceDeleteView,
    ServiceFormView,
    form_add_errors,
    paginate,
)
from coproduce.people.views import RecordSearchView
from coproduce.tenancy.permissions import TenantPermissionRequired

from . import selectors, services
from .access import (
    access_activity_by_id,
    access_initiative_by_slug,
    contribution_visible,
    initiative_visible,
    participation_visible,
)
from .charts import profile_chart
from .forms import (
    ActivityForm,
    ContributionForm,
    InitiativeForm,
    ParticipationForm,
    PartnerForm,
    PortfolioFilterForm,
)
from .models import Contribution, Initiative, InitiativePartner, Participation
from .vocab import ActorRole, Mode, Stage


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


def _display(obj, name: str):
    display = getattr(obj, f"get_{name}_display", None)
    return display() if display else getattr(obj, name)


class PortfolioResults:
    """What the portfolio shows of the initiatives the filters select, each part made
    only when the page renders it: the page's results are rendered once per state of
    the data, audience, filters and language ({% cache %} under ``key``), and the
    figures behind them are kept too (``selectors.portfolio_summary_kept``)."""

    def __init__(self, request, filters: dict):
        self.request, self.filters = request, filters
        self.fingerprint = data_fingerprint(tenant=request.tenant)
        self.audience = (
            "all"
            if "initiatives.view_all" in request.permissions
            else f"p{getattr(request.actor.person, 'pk', 0)}"
        )
        # the initiatives' own fields are saved outside the services too (admin)
        changed = selectors.initiatives_changed(tenant=request.tenant)
        self.key = (
            f"{self.fingerprint}:{changed}:{self.audience}:{request.GET.urlencode()}"
        )

    @cached_property
    def realised(self):
        return selectors.realised_for(
            tenant=self.request.tenant, fingerprint=self.fingerprint
        )

    @cached_property
    def queryset(self):
        return (
            selectors.initiative_filter(
                initiative_visible(self.request.actor),
                filters=self.filters,
                realised=self.realised,
            )
            .select_related("lead_organisation")
            .order_by("name", "id")
        )

    @cached_property
    def page(self):
        return paginate(self.request, self.queryset)

    @cached_property
    def rows(self) -> list[dict]:
        initiatives = list(self.page.object_list)
        profiles = selectors.profiles_kept(initiatives, fingerprint=self.fingerprint)
        return [
            {
                "initiative": i,
                "profile": profiles[i.pk],
                "stages": [
                    {
                        "stage": s,
                        "label": Stage(s).label,
                        "declared": s in i.declared_stages,
                        "realised": s in profiles[i.pk].co_produced_stages,
                    }
                    for s in Stage.values
                ],
            }
            for i in initiatives
        ]

    @cached_property
    def summary(self) -> dict:
        return selectors.portfolio_summary_kept(
            self.queryset,
            realised=self.realised,
            key=f"{self.audience}:{sorted(self.filters.items())!r}",
        )

    def chart(self):
        summary = self.summary
        return charts.paired_bars(
            title=_("Declared and realised co-production per stage"),
            desc=_(
                "For each stage, the number of initiatives that declare it as co-produced and "
                "the number in which citizens took part at level involve or higher."
            ),
            groups=[str(s["label"]) for s in summary["stages"]],
            series=[(_("declared"), "#9bb7d4"), (_("realised"), "#0b4f8a")],
            values=[[s["declared"], s["realised"]] for s in summary["stages"]],
            chart_id="portfolio-chart",
        )


class PortfolioView(TemplateView):
    """Every visible initiative with its 4 Co's as recorded; filters; counts across the set."""

    template_name = "initiatives/portfolio.html"

    def get(self, request, *args, **kwargs):
        # Co-producers (volunteers, service users, partners' staff) land on their own
        # page (coproducers app; by URL name, so that initiatives imports nothing of it);
        # their page links here with ?view=initiatives for the initiatives they are in.
        if (
            not request.GET
            and request.actor.can("coproducers.take_part")
            and request.actor.person is not None
        ):
            return redirect("my-coproduction", tenant=request.tenant.slug)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        request = self.request
        form = PortfolioFilterForm(request.GET or None, tenant=request.tenant)
        results = PortfolioResults(request, form.filters())
        return {
            "form": form,
            "results": results,
            "results_key": results.key,
            "query": request.GET.urlencode(),
        }

    def render_to_response(self, context, **kwargs):
        if self.request.htmx:
            return render(self.request, "initiatives/portfolio.html#results", context)
        return super().render_to_response(context, **kwargs)


# The initiative page lists its contributions a page at a time (the biggest have
# thousands), under their own page parameter beside the activities' ``page``.
CONTRIBUTIONS_PER_PAGE = 20
CONTRIBUTIONS_PAGE = "contributions"


class InitiativeDetailView(TemplateView):
    template_name = "initiatives/initiative_detail.html"

    def get_context_data(self, **kwargs):
        request = self.request
        initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        fingerprint = data_fingerprint(tenant=request.tenant)
        page = request.GET.get("page")
        version = (
            f"{initiative.pk}:{initiative.version}:"
            f"{initiative.updated_at.timestamp()}:{fingerprint}"
        )
        can_change = "initiatives.change" in request.permissions
        can_record = "activities.record" in request.permissions
        # whom the contributions name depends on the reader (access._people_narrow)
        person = request.actor.person
        readers = (
            "all" if request.actor.can("people.view") else getattr(person, "pk", "")
        )
        contributions_page = request.GET.get(CONTRIBUTIONS_PAGE)
        # Everything below the title is one fragment per state of the data, page and
        # reader ({% cache %} under ``page_key``: what the reader may do and whom they may
        # see are in it), so a request that finds it runs two queries of its own (the
        # initiative, the fingerprint). What only a fragment shows is made lazily, when
        # the fragment is rendered; the inner fragments are kept on their own so that
        # another page of activities or contributions renders only that part again.
        profile = SimpleLazyObject(
            lambda: selectors.profile_for(initiative, fingerprint=fingerprint)
        )
        contributions = SimpleLazyObject(
            lambda: paginate(
                request,
                contribution_visible(
                    request.actor, Contribution.objects.filter(initiative=initiative)
                )
                .select_related("person", "organisation")
                .order_by("-date", "-id"),
                CONTRIBUTIONS_PER_PAGE,
                param=CONTRIBUTIONS_PAGE,
            )
        )
        return {
            "initiative": initiative,
            "texts": {
                field: i18n.localized(initiative, field)
                for field in Initiative.translatable
            },
            # crisis mode (coproduce.crisis): its staff, and who may switch it on
            "crisis_link": request.actor.can_any(
                ("initiatives.change", "activities.record", "coproducers.manage")
            ),
            "profile": profile,
            "profile_table": SimpleLazyObject(lambda: profile.table()),
            "page_key": (
                f"{version}:{page}:{contributions_page}:{readers}:"
                f"{sorted(request.permissions)}"
            ),
            # the profile and the page of activities are rendered once per state of the
            # data, initiative, page and language ({% cache %} under ``fragment_key``):
            # the chart and the page are made only when they are rendered
            "about_key": version,
            "fragment_key": f"{version}:{page}",
            "contributions_key": (
                f"{version}:{contributions_page}:{can_record}:{readers}"
            ),
            "chart": functools.partial(profile_chart, profile),
            "roles": [ActorRole(r).label for r in ActorRole.values],
            "partners": SimpleLazyObject(
                lambda: list(
                    initiative.partners.filter(tenant=request.tenant).select_related(
                        "organisation"
                    )
                )
            ),
            "services": SimpleLazyObject(
                lambda: list(initiative.services.filter(tenant=request.tenant))
            ),
            "activities": SimpleLazyObject(
                lambda: selectors.activity_page_for(initiative, page)
            ),
            "contributions": contributions,
            "contributions_param": CONTRIBUTIONS_PAGE,
            # called once, by the template's {% with %}, when the fragment is made
            "contribution_total": lambda: Contribution.objects.filter(
                initiative=initiative
            ).aggregate(total=Sum("estimated_value"))["total"],
            "hours": SimpleLazyObject(
                lambda: [
                    {
                        "mode": Mode(m).label,
                        "all": profile.hours[m],
                        "citizens": profile.citizen_hours[m],
                    }
                    for m in Mode.values
                ]
            ),
            "can_change": can_change,
            "can_record": can_record,
            "events": SimpleLazyObject(lambda: list(event_list_for(initiative)[:20])),
        }


class InitiativeCreateView(ServiceFormView):
    permission = "initiatives.change"
    form_class = InitiativeForm
    title = gettext_lazy("New initiative")

    def perform(self, form):
        values = form.values()
        values.pop("version", None)
        return services.initiative_create(
            tenant=self.request.tenant,
            actor=self.request.user,
            translations=form.translations(),
            **values,
        )

    def get_success_url_for(self, result):
        return _url(self.request, "initiative-detail", slug=result.slug)


class InitiativeUpdateView(ServiceFormView):
    permission = "initiatives.change"
    form_class = InitiativeForm
    title = gettext_lazy("Edit initiative")

    def dispatch(self, request, *args, **kwargs):
        self.object = access_initiative_by_slug(request.actor, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        values = form.values()
        version = form.cleaned_data.get("version")
        return services.initiative_update(
            initiative=self.object,
            actor=self.request.user,
            version=version,
            translations=form.translations(),
            **values,
        )

    def form_invalid(self, form):
        context = self.get_context_data(form=form)
        current = type(self.object).objects.get(pk=self.object.pk)
        if current.version != form.cleaned_data.get("version", current.version):
            # Someone saved in between: show what they saved; saving again is a deliberate
            # overwrite of that version, never a silent one.
            data = form.data.copy()
            data["version"] = current.version
            form.data = data
            context["current"] = [
                (form.fields[name].label, _display(current, name))
                for name in InitiativeForm.Meta.fields
            ]
        return self.render_to_response(
            context, status=409 if "current" in context else 200
        )

    def get_success_url_for(self, result):
        return _url(self.request, "initiative-detail", slug=result.slug)

    def get_cancel_url(self):
        return _url(self.request, "initiative-detail", slug=self.object.slug)


class PartnerAddView(ServiceFormView):
    permission = "initiatives.change"
    form_class = PartnerForm
    title = gettext_lazy("Add a partner organisation")

    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def perform(self, form):
        return services.partner_add(
            initiative=self.initiative, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(self.request, "initiative-detail", slug=self.initiative.slug)

    def get_cancel_url(self):
        return _url(self.request, "initiative-detail", slug=self.initiative.slug)


class PartnerRemoveView(TenantPermissionRequired, View):
    permission = "initiatives.change"

    def post(self, request, *, slug, pk, **kwargs):
        initiative = access_initiative_by_slug(request.actor, slug)
        partner = InitiativePartner.objects.filter(initiative=initiative, pk=pk).first()
        if partner is None:
            raise Http404
        services.partner_remove(partner=partner, actor=request.user)
        messages.success(
            request, _("Removed %(name)s.") % {"name": partner.organisation}
        )
        return redirect(_url(request, "initiative-detail", slug=slug))


class ActivityCreateView(ServiceFormView):
    permission = "activities.record"
    form_class = ActivityForm
    title = gettext_lazy("Record an activity")

    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_initial(self):
        stage = self.request.GET.get("stage")
        return {"stage": stage} if stage in Stage.values else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("Initiative: %(name)s") % {"name": self.initiative}
        return context

    def perform(self, form):
        return services.activity_create(
            initiative=self.initiative, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(
            self.request, "activity-detail", slug=self.initiative.slug, pk=result.pk
        )

    def get_cancel_url(self):
        return _url(self.request, "initiative-detail", slug=self.initiative.slug)


class ActivityUpdateView(ServiceFormView):
    permission = "activities.record"
    form_class = ActivityForm
    title = gettext_lazy("Edit activity")

    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        self.object = access_activity_by_id(initiative=self.initiative, pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instance": self.object}

    def perform(self, form):
        return services.activity_update(
            activity=self.object, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(
            self.request, "activity-detail", slug=self.initiative.slug, pk=result.pk
        )

    def get_cancel_url(self):
        return _url(
            self.request,
            "activity-detail",
            slug=self.initiative.slug,
            pk=self.object.pk,
        )


PARTICIPANTS_PER_PAGE = 50


class ActivityDetailView(View):
    """An activity and who took part; participations are added and removed in place (htmx),
    and the same form works as a plain POST without JavaScript."""

    template_name = "initiatives/activity_detail.html"

    def totals(self, request, activity, fingerprint: str | None = None) -> dict:
        """How many took part and their hours (everyone counts), kept under the data's
        fingerprint: the biggest activities have thousands of participations."""
        participations = activity.participations.filter(tenant=request.tenant)
        fingerprint = fingerprint or data_fingerprint(tenant=request.tenant)
        return kept(
            kept_key("activity-totals", activity.pk, fingerprint),
            lambda: participations.aggregate(n=Count("id"), hours=Sum("hours")),
        )

    def context(self, request, activity, form=None):
        participations = activity.participations.filter(tenant=request.tenant)
        fingerprint = data_fingerprint(tenant=request.tenant)
        totals = self.totals(request, activity, fingerprint)
        # a page of them, the latest first (so one sees whom one has just added), named
        # only where the actor may learn who took part; made only when the kept list
        # (``rows_key``) is not found
        listed = SimpleLazyObject(
            lambda: paginate(
                request,
                participation_visible(request.actor, participations)
                .select_related("person", "organisation")
                .order_by("-id"),
                per_page=PARTICIPANTS_PER_PAGE,
            )
        )
        can_record = "activities.record" in request.permissions
        actor = request.actor
        readers = "all" if actor.can("people.view") else getattr(actor.person, "pk", "")
        version = f"{activity.pk}:{activity.updated_at.timestamp()}:{fingerprint}"
        return {
            "initiative": activity.initiative,
            "activity": activity,
            "participations": listed,
            "unlisted": SimpleLazyObject(lambda: totals["n"] - listed.paginator.count),
            "totals": totals,
            "form": form or ParticipationForm(tenant=request.tenant),
            "can_record": can_record,
            # the list (whom the reader may see, what they may do) and the history are
            # kept per state of the data; the remove buttons name the page's one form,
            # outside the kept list, whose token is the reader's own
            "rows_key": (f"{version}:{request.GET.get('page')}:{readers}:{can_record}"),
            "history_key": version,
            "events": SimpleLazyObject(lambda: list(event_list_for(activity)[:20])),
        }

    def added(self, request, activity, participation):
        """The answer to an htmx add: a fresh form, and out of band the new row on top
        of the list and the new totals; not the whole list again. The whole section
        when the list shown is not its first page or was empty."""
        totals = self.totals(request, activity)
        if totals["n"] <= 1 or request.GET.get("page") not in (None, "", "1"):
            response = render(
                request,
                f"{self.template_name}#participations",
                self.context(request, activity),
            )
            response["HX-Retarget"] = "#participations"
            return response
        actor = request.actor
        listed = actor.can("people.view") or (
            participation_visible(
                actor, Participation.objects.filter(pk=participation.pk)
            ).exists()
        )
        unlisted = 0
        if not actor.can("people.view"):
            unlisted = totals["n"] - count_kept(
                participation_visible(
                    actor, activity.participations.filter(tenant=request.tenant)
                ),
                tenant=request.tenant,
            )
        return render(
            request,
            f"{self.template_name}#add_form",
            {
                "initiative": activity.initiative,
                "activity": activity,
                "form": ParticipationForm(tenant=request.tenant),
                "can_record": True,
                "oob": True,
                "added": participation if listed else None,
                "totals": totals,
                "unlisted": unlisted,
            },
        )

    def get_activity(self, request, slug, pk):
        initiative = access_initiative_by_slug(request.actor, slug)
        activity = access_activity_by_id(initiative=initiative, pk=pk)
        activity.initiative = initiative
        return activity

    def get(self, request, *, slug, pk, **kwargs):
        activity = self.get_activity(request, slug, pk)
        return render(request, self.template_name, self.context(request, activity))

    def post(self, request, *, slug, pk, **kwargs):
        request.actor.require("activities.record")
        activity = self.get_activity(request, slug, pk)
        form = ParticipationForm(request.POST, tenant=request.tenant)
        status = 200
        if form.is_valid():
            try:
                participation = services.participation_add(
                    activity=activity, actor=request.user, **form.values()
                )
            except (ValidationError, DomainError) as exc:
                form_add_errors(form, exc)
                status = 422
            else:
                if request.htmx:
                    return self.added(request, activity, participation)
                messages.success(request, _("Participation recorded."))
                return redirect(_url(request, "activity-detail", slug=slug, pk=pk))
        else:
            status = 422
        if request.htmx:
            # htmx swaps 2xx only: a refused form is re-rendered in place with status 200
            return render(
                request,
                f"{self.template_name}#add_form",
                {"initiative": activity.initiative, "activity": activity, "form": form},
            )
        return render(
            request,
            self.template_name,
            self.context(request, activity, form),
            status=status,
        )


class ParticipationRemoveView(TenantPermissionRequired, View):
    permission = "activities.record"

    def post(self, request, *, slug, pk, participation_pk, **kwargs):
        initiative = access_initiative_by_slug(request.actor, slug)
        activity = access_activity_by_id(initiative=initiative, pk=pk)
        participation = Participation.objects.filter(
            activity=activity, pk=participation_pk
        ).first()
        if participation is not None:
            services.participation_remove(
                participation=participation, actor=request.user
            )
        if request.htmx:
            activity.initiative = initiative
            return render(
                request,
                "initiatives/activity_detail.html#participations",
                ActivityDetailView().context(request, activity),
            )
        messages.success(request, _("Participation removed."))
        return redirect(_url(request, "activity-detail", slug=slug, pk=pk))


class ActivitySearchView(RecordSearchView):
    """Suggestions for a contribution's activity: the initiative's own (the registry's
    search view, given the initiative from the URL)."""

    permission = "activities.record"
    label = staticmethod(selectors.activity_label)
    title = gettext_lazy("Find an activity")

    def found(self, request, text: str, *, slug, **kwargs) -> list:
        initiative = access_initiative_by_slug(request.actor, slug)
        return selectors.activity_search(initiative, text)


class ContributionCreateView(ServiceFormView):
    permission = "activities.record"
    form_class = ContributionForm
    title = gettext_lazy("Record a contribution in kind")

    def dispatch(self, request, *args, **kwargs):
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "initiative": self.initiative}

    def perform(self, form):
        return services.contribution_create(
            initiative=self.initiative, actor=self.request.user, **form.values()
        )

    def get_success_url_for(self, result):
        return _url(self.request, "initiative-detail", slug=self.initiative.slug)

    def get_cancel_url(self):
        return _url(self.request, "initiative-detail", slug=self.initiative.slug)


class InitiativeDeleteView(ServiceDeleteView):
    permission = "initiatives.change"

    def get_object(self):
        return access_initiative_by_slug(self.request.actor, self.kwargs["slug"])

    def perform(self, obj):
        services.initiative_delete(initiative=obj, actor=self.request.user)

    def object_url(self, obj):
        return _url(self.request, "initiative-detail", slug=obj.slug)

    def success_url(self, obj):
        return _url(self.request, "portfolio")


class ActivityDeleteView(ServiceDeleteView):
    permission = "activities.record"

    def get_object(self):
        initiative = access_initiative_by_slug(self.request.actor, self.kwargs["slug"])
        activity = access_activity_by_id(initiative=initiative, pk=self.kwargs["pk"])
        activity.initiative = initiative
        return activity

    def perform(self, obj):
        services.activity_delete(activity=obj, actor=self.request.user)

    def object_url(self, obj):
        return _url(
            self.request, "activity-detail", slug=obj.initiative.slug, pk=obj.pk
        )

    def success_url(self, obj):
        return _url(self.request, "initiative-detail", slug=obj.initiative.slug)


class ContributionDeleteView(ServiceDeleteView):
    permission = "activities.record"

    def get_object(self):
        initiative = access_initiative_by_slug(self.request.actor, self.kwargs["slug"])
        contribution = Contribution.objects.filter(
            initiative=initiative, pk=self.kwargs["pk"]
        ).first()
        if contribution is None:
            raise Http404
        contribution.initiative = initiative
        return contribution

    def perform(self, obj):
        services.contribution_delete(contribution=obj, actor=self.request.user)

    def object_url(self, obj):
        return _url(self.request, "initiative-detail", slug=obj.initiative.slug)

    success_url = object_url
