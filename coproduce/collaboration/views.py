"""Collaboration pages under /t/<tenant>/collaboration/: partnerships and commitments, the
learning log and adoption follow-ups, the network and its figures, and per initiative
the opportunity space and the two-way relations per stage.

The area needs ``registry.view`` (403 otherwise); a record one may not see is a 404. What
a page writes goes through one service; refusals show on the form."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django.views.generic import TemplateView

from coproduce.core.errors import ConflictError, DomainError
from coproduce.core.views import form_add_errors, paginate
from coproduce.initiatives.access import access_initiative_by_slug
from coproduce.people.models import Organisation

from . import access, selectors, services
from .charts import network_svg
from .forms import (
    AdoptionForm,
    CapabilityForm,
    CommitmentForm,
    CommitmentUpdateForm,
    LearningEntryForm,
    PartnershipEditForm,
    PartnershipForm,
    SideAddForm,
    SideForm,
    StageRelationForm,
    YearForm,
)
from .models import LearningKind


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


class AreaRequired:
    """The area: ``registry.view`` (staff, viewers, partner organisations' staff)."""

    manage = False

    def dispatch(self, request, *args, **kwargs):
        access.collaboration_require(request.actor)
        if self.manage:
            access.partnership_manage_require(request.actor)
        return super().dispatch(request, *args, **kwargs)


class FormPage(AreaRequired, View):
    """GET shows the form, POST hands its data to ``save``; a refusal stays on the form."""

    title = ""
    template_name = "core/form.html"

    def form(self, data=None):
        raise NotImplementedError

    def save(self, form):
        raise NotImplementedError

    def cancel_url(self) -> str | None:
        return None

    def context(self) -> dict:
        return {}

    def _render(self, form, **extra):
        return render(
            self.request,
            self.template_name,
            {
                "form": form,
                "title": self.title,
                "cancel_url": self.cancel_url(),
                **self.context(),
                **extra,
            },
        )

    def get(self, request, **kwargs):
        return self._render(self.form())

    def post(self, request, **kwargs):
        form = self.form(request.POST)
        if form.is_valid():
            try:
                url = self.save(form)
            except ConflictError as exc:
                form.add_error(None, exc.message)
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(url)
        return self._render(form)


# The area's front page ----------------------------------------------------------------------


class IndexView(AreaRequired, TemplateView):
    template_name = "collaboration/index.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        own = list(access.own_organisations(actor))
        overdue = []
        for organisation in own:
            overdue += selectors.overdue_commitments_of(actor, organisation)
        return {
            "own": own,
            "partnerships": selectors.partnership_list(actor, mine=bool(own))[:20],
            "overdue": overdue,
            "learning": selectors.learning_list(actor)[:10],
            "can_write": access.may_write_learning(actor),
            "can_manage": actor.can(access.MANAGE),
        }


# Partnerships -------------------------------------------------------------------------------


class PartnershipListView(AreaRequired, TemplateView):
    template_name = "collaboration/partnership_list.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        return {
            "page": paginate(self.request, selectors.partnership_list(actor)),
            "can_manage": actor.can(access.MANAGE),
        }


class PartnershipCreateView(FormPage):
    manage = True

    @property
    def title(self):  # type: ignore[override]
        return _("New partnership")

    def form(self, data=None):
        initial = {}
        slug = self.request.GET.get("initiative")
        self.initiative = (
            access_initiative_by_slug(self.request.actor, slug) if slug else None
        )
        return PartnershipForm(data, tenant=self.request.tenant, initial=initial)

    def context(self):
        return {
            "intro": _("Inside the initiative %(name)s.") % {"name": self.initiative}
            if self.initiative
            else _("A standing partnership, outside any one initiative.")
        }

    def cancel_url(self):
        return _url(self.request, "collaboration-partnership-list")

    def save(self, form):
        data = dict(form.cleaned_data)
        organisations = data.pop("organisations")
        partnership = services.partnership_create(
            actor=self.request.actor,
            tenant=self.request.tenant,
            organisations=organisations,
            initiative=self.initiative,
            **data,
        )
        return partnership.get_absolute_url()


class PartnershipMixin(AreaRequired):
    def dispatch(self, request, *args, **kwargs):
        access.collaboration_require(request.actor)
        self.partnership = access.access_partnership_by_id(request.actor, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class PartnershipDetailView(PartnershipMixin, TemplateView):
    template_name = "collaboration/partnership_detail.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        sides = selectors.partnership_sides(self.partnership)
        for side in sides:
            side.may_keep = access.may_keep_side(actor, side)  # type: ignore[attr-defined]
        return {
            "partnership": self.partnership,
            "sides": sides,
            "can_manage": actor.can(access.MANAGE),
        }


class PartnershipEditView(PartnershipMixin, FormPage):
    manage = True

    @property
    def title(self):  # type: ignore[override]
        return _("Change the partnership %(name)s") % {"name": self.partnership}

    def form(self, data=None):
        return PartnershipEditForm(
            data, instance=self.partnership, tenant=self.request.tenant
        )

    def cancel_url(self):
        return self.partnership.get_absolute_url()

    def save(self, form):
        services.partnership_update(
            actor=self.request.actor,
            partnership=self.partnership,
            **{f: form.cleaned_data[f] for f in PartnershipEditForm.Meta.fields},
        )
        return self.partnership.get_absolute_url()


class SideAddView(PartnershipMixin, FormPage):
    """Add an organisation as a side of an existing partnership (the managers)."""

    manage = True

    @property
    def title(self):  # type: ignore[override]
        return _("Add a side to %(partnership)s") % {"partnership": self.partnership}

    def form(self, data=None):
        return SideAddForm(
            data,
            tenant=self.request.tenant,
            actor=self.request.actor,
            partnership=self.partnership,
        )

    def context(self):
        return {
            "intro": _(
                "The new side's staff then keep its own words and commitments, and name "
                "its contact person."
            )
        }

    def cancel_url(self):
        return self.partnership.get_absolute_url()

    def save(self, form):
        data = form.cleaned_data
        services.side_add(
            actor=self.request.actor,
            partnership=self.partnership,
            organisation=data["organisation"],
            brings=data.get("brings", ""),
            expects=data.get("expects", ""),
        )
        return self.partnership.get_absolute_url()


class SideMixin(PartnershipMixin):
    def dispatch(self, request, *args, **kwargs):
        access.collaboration_require(request.actor)
        self.partnership = access.access_partnership_by_id(request.actor, kwargs["pk"])
        self.side = access.access_side_by_id(
            request.actor, self.partnership, kwargs["side"]
        )
        if not access.may_keep_side(request.actor, self.side):
            raise Http404  # another side's: as if it did not exist
        return View.dispatch(self, request, *args, **kwargs)

    def cancel_url(self):
        return self.partnership.get_absolute_url()


class SideEditView(SideMixin, FormPage):
    @property
    def title(self):  # type: ignore[override]
        return _("%(organisation)s in %(partnership)s") % {
            "organisation": self.side.organisation,
            "partnership": self.partnership,
        }

    def form(self, data=None):
        return SideForm(data, instance=self.side, tenant=self.request.tenant)

    def save(self, form):
        services.side_update(
            actor=self.request.actor,
            side=self.side,
            **{f: form.cleaned_data[f] for f in SideForm.Meta.fields},
        )
        return self.partnership.get_absolute_url()


class CommitmentCreateView(SideMixin, FormPage):
    @property
    def title(self):  # type: ignore[override]
        return _("New commitment of %(organisation)s") % {
            "organisation": self.side.organisation
        }

    def form(self, data=None):
        return CommitmentForm(data, tenant=self.request.tenant)

    def save(self, form):
        services.commitment_create(
            actor=self.request.actor, side=self.side, **form.cleaned_data
        )
        return self.partnership.get_absolute_url()


class CommitmentEditView(FormPage):
    def dispatch(self, request, *args, **kwargs):
        access.collaboration_require(request.actor)
        self.commitment = access.access_commitment_by_id(request.actor, kwargs["pk"])
        if not access.may_keep_side(request.actor, self.commitment.side):
            raise Http404  # another side's: as if it did not exist
        return View.dispatch(self, request, *args, **kwargs)

    @property
    def title(self):  # type: ignore[override]
        return _("Commitment: %(what)s") % {"what": self.commitment}

    def form(self, data=None):
        return CommitmentUpdateForm(
            data, instance=self.commitment, tenant=self.request.tenant
        )

    def cancel_url(self):
        return self.commitment.side.partnership.get_absolute_url()

    def save(self, form):
        data = dict(form.cleaned_data)
        version = data.pop("version")
        services.commitment_update(
            actor=self.request.actor,
            commitment=self.commitment,
            version=version,
            **data,
        )
        return self.commitment.side.partnership.get_absolute_url()


# The learning log ---------------------------------------------------------------------------


class LearningListView(AreaRequired, TemplateView):
    template_name = "collaboration/learning_list.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        kind = self.request.GET.get("kind", "")
        if kind not in LearningKind.values:
            kind = ""
        return {
            "page": paginate(self.request, selectors.learning_list(actor, kind=kind)),
            "kind": kind,
            "kinds": LearningKind.choices,
            "can_write": access.may_write_learning(actor),
        }


class LearningCreateView(FormPage):
    @property
    def title(self):  # type: ignore[override]
        return _("New learning entry")

    def dispatch(self, request, *args, **kwargs):
        access.collaboration_require(request.actor)
        if not access.may_write_learning(request.actor):
            raise PermissionDenied("collaboration.learning")
        slug = request.GET.get("initiative")  # the form posts back to the same address
        self.initiative = (
            access_initiative_by_slug(request.actor, slug) if slug else None
        )
        return View.dispatch(self, request, *args, **kwargs)

    def form(self, data=None):
        return LearningEntryForm(
            data,
            tenant=self.request.tenant,
            actor=self.request.actor,
            initiative=self.initiative,
        )

    def context(self):
        if self.initiative is None:
            return {"intro": _("An entry of no one initiative.")}
        return {
            "intro": _("An entry of the initiative %(name)s.")
            % {"name": self.initiative}
        }

    def cancel_url(self):
        return _url(self.request, "collaboration-learning-list")

    def save(self, form):
        data = dict(form.cleaned_data)
        entry = services.learning_entry_create(
            actor=self.request.actor,
            tenant=self.request.tenant,
            initiative=self.initiative,
            activities=data.pop("activities", ()) or (),
            **data,
        )
        return entry.get_absolute_url()


class LearningDetailView(AreaRequired, TemplateView):
    template_name = "collaboration/learning_detail.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        entry = access.access_learning_by_id(actor, kwargs["pk"])
        return {
            "entry": entry,
            "activities": entry.activities.order_by("starts_at"),
            "organisations": entry.organisations.order_by("name"),
            "follow_ups": selectors.follow_ups_of(entry),
            "may_follow_up": access.may_follow_up(actor, entry),
        }


class AdoptionCreateView(FormPage):
    def dispatch(self, request, *args, **kwargs):
        access.collaboration_require(request.actor)
        self.entry = access.access_learning_by_id(request.actor, kwargs["pk"])
        if not access.may_follow_up(request.actor, self.entry):
            raise PermissionDenied("collaboration.adoption")
        return View.dispatch(self, request, *args, **kwargs)

    @property
    def title(self):  # type: ignore[override]
        return _("Follow-up of “%(entry)s”") % {"entry": self.entry}

    def form(self, data=None):
        return AdoptionForm(
            data, tenant=self.request.tenant, actor=self.request.actor, entry=self.entry
        )

    def cancel_url(self):
        return self.entry.get_absolute_url()

    def save(self, form):
        data = form.cleaned_data
        services.adoption_record(
            actor=self.request.actor,
            entry=self.entry,
            state=data["state"],
            on=data["date"],
            organisation=data.get("organisation"),
            note=data.get("note", ""),
        )
        return self.entry.get_absolute_url()


# Analytics ------------------------------------------------------------------------------------


class NetworkView(AreaRequired, TemplateView):
    template_name = "collaboration/network.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        form = YearForm(self.request.GET or None, years=selectors.network_years(actor))
        year = form.cleaned_data.get("year") if form.is_valid() else None
        figures = selectors.collaboration_figures(actor, year=year)
        network = figures["network"]
        return {
            "form": form,
            "year": year,
            "network": network,
            "chart": network_svg(network),
            "edge_rows": [
                {
                    "a": network.names.get(e.a, e.a),
                    "b": network.names.get(e.b, e.b),
                    "edge": e,
                }
                for e in network.edges
            ],
            "breadth": figures["breadth"],
            "contributions": figures["contributions"],
            "spanners": figures["spanners"],
            "show_names": actor.can("people.view"),
            "flows": figures["flows"],
            "computed_at": figures["computed_at"],
            "stale": figures["stale"],
            "over_time": figures["over_time"],
        }


class InitiativeMixin(AreaRequired):
    def dispatch(self, request, *args, **kwargs):
        access.collaboration_require(request.actor)
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        return super().dispatch(request, *args, **kwargs)


class OpportunityView(InitiativeMixin, TemplateView):
    template_name = "collaboration/opportunity.html"

    def get_context_data(self, **kwargs):
        actor = self.request.actor
        offers = selectors.opportunity_space(self.initiative)
        for offer in offers:
            offer.may_declare = access.may_write_for(actor, offer.organisation)  # type: ignore[attr-defined]
        return {
            "initiative": self.initiative,
            "offers": offers,
            "learning": selectors.learning_list(actor, initiative=self.initiative)[:20],
            "can_write": access.may_write_learning(actor),
            "partnerships": list(
                access.partnership_visible(actor)
                .filter(initiative=self.initiative)
                .order_by("name")[:50]
            ),
            "can_manage": actor.can(access.MANAGE),
        }


class CapabilityView(FormPage):
    def dispatch(self, request, *args, **kwargs):
        access.collaboration_require(request.actor)
        self.initiative = access_initiative_by_slug(request.actor, kwargs["slug"])
        organisation = Organisation.objects.filter(
            tenant=request.tenant, pk=kwargs["org"]
        ).first()
        if organisation is None:
            raise Http404
        self.organisation = organisation
        if not access.may_write_for(request.actor, organisation):
            raise PermissionDenied("collaboration.capability")
        return View.dispatch(self, request, *args, **kwargs)

    @property
    def title(self):  # type: ignore[override]
        return _("What %(organisation)s could contribute to %(initiative)s") % {
            "organisation": self.organisation,
            "initiative": self.initiative,
        }

    def form(self, data=None):
        from .models import Capability

        instance = Capability.objects.filter(
            tenant=self.request.tenant,
            initiative=self.initiative,
            organisation=self.organisation,
        ).first()
        return CapabilityForm(data, instance=instance, tenant=self.request.tenant)

    def cancel_url(self):
        return _url(
            self.request, "collaboration-opportunity", slug=self.initiative.slug
        )

    def save(self, form):
        services.capability_set(
            actor=self.request.actor,
            initiative=self.initiative,
            organisation=self.organisation,
            **form.cleaned_data,
        )
        return self.cancel_url()


class RelationsView(InitiativeMixin, TemplateView):
    template_name = "collaboration/relations.html"

    def get_context_data(self, **kwargs):
        return {
            "initiative": self.initiative,
            "relations": selectors.stage_relations(self.initiative),
            "can_manage": self.request.actor.can(access.MANAGE),
        }


class RelationDeclareView(InitiativeMixin, FormPage):
    manage = True

    @property
    def title(self):  # type: ignore[override]
        return _("Declare a relation in %(initiative)s") % {
            "initiative": self.initiative
        }

    def form(self, data=None):
        return StageRelationForm(data, tenant=self.request.tenant)

    def cancel_url(self):
        return _url(self.request, "collaboration-relations", slug=self.initiative.slug)

    def save(self, form):
        services.stage_relation_declare(
            actor=self.request.actor, initiative=self.initiative, **form.cleaned_data
        )
        return self.cancel_url()


# The partner panel ----------------------------------------------------------------------------


class PartnerPanelPageView(PartnershipMixin, View):
    """The yearly partner survey of a partnership inside an initiative, for the
    coordinator: start this year's wave (the sides' contacts answer through the
    evaluation panels' personal links, sent by email), see which side answered which
    year, read the change between the last two years as the evaluation report tests it,
    and go on to the full report."""

    manage = True
    template_name = "collaboration/partner_panel.html"

    def _render(self, error: str = "", status: int = 200):
        from coproduce.evaluation.report_views import _context as report_context

        view = selectors.partner_panel_view(self.partnership)
        report = None
        if view.report is not None:
            report = report_context(
                self.request,
                view.report,
                [view.report.before, view.report.after],
            )
        waves = view.waves
        return render(
            self.request,
            self.template_name,
            {
                "partnership": self.partnership,
                "view": view,
                "panel": view.panel,
                "waves": waves,
                "report": report,
                "error": error,
                "running": next((w for w in waves if w.status != "closed"), None),
                "n_contacts": sum(
                    1 for r in view.rows if r["side"] and r["member"] is not None
                ),
                # sides not asked: no contact, or a contact without an address
                "n_without": sum(
                    1
                    for r in view.rows
                    if r["side"]
                    and (r["side"].contact is None or not r["side"].contact.email)
                ),
            },
            status=status,
        )

    def get(self, request, **kwargs):
        return self._render()

    def post(self, request, **kwargs):
        try:
            wave = services.partner_wave_start(
                actor=request.actor, partnership=self.partnership
            )
        except (DomainError, ValidationError) as exc:
            message = (
                exc.message if isinstance(exc, DomainError) else " ".join(exc.messages)
            )
            self.partnership.refresh_from_db(fields=["panel"])
            return self._render(error=message, status=400)
        messages.success(
            request,
            _("Wave %(n)s is open: each contact person gets their link by email.")
            % {"n": wave.number},
        )
        return redirect(
            _url(request, "collaboration-partner-panel", pk=self.partnership.pk)
        )
