"""Pages of crisis mode: the centre's dashboard (switch on and off), needs with their
ranked candidates and call-outs, check-in and check-out of those deployed, the decision
log, coverage per language community, the after-action review; and the accept/decline
page of a call-out, reached from its signed link without logging in. Thin: find through
``access``, call one service, answer."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views import View
from django_scopes import scope

from coproduce.core.errors import DomainError
from coproduce.core.views import form_add_errors

from . import selectors, services
from .access import (
    ANY,
    CALL,
    STAFF,
    access_callout_by_id,
    access_centre_by_slug,
    access_centre_for_posting,
    access_initiative_for_switch,
    access_need_by_id,
    partner_organisations,
    resident_allowed,
)
from .forms import CallOutForm, DecisionForm, NeedForm, ReviewForm
from .matching import candidates_rank
from .models import CallOut, CrisisCentre, Need, NeedResident


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


class CentreView(View):
    """The centre's dashboard; for those who may switch it, the switch."""

    def get(self, request, slug, **kwargs):
        request.actor.require_any(ANY)
        try:
            centre = access_centre_by_slug(request.actor, slug)
        except Http404:
            # not yet in crisis mode: those who may switch it on are offered the switch
            if not request.actor.can("initiatives.change"):
                raise
            initiative = access_initiative_for_switch(request.actor, slug)
            return render(request, "crisis/off.html", {"initiative": initiative})
        return render(
            request,
            "crisis/centre.html",
            {
                "centre": centre,
                "initiative": centre.initiative,
                "figures": selectors.centre_figures(centre),
                "needs": selectors.centre_needs(request.actor, centre)[:100],
                "decisions": selectors.decision_list(centre)[:5],
                "may_switch": request.actor.can("initiatives.change"),
                "may_call": request.actor.can(CALL),
            },
        )


class CentreSwitchView(View):
    def post(self, request, slug, **kwargs):
        initiative = access_initiative_for_switch(request.actor, slug)
        centre = CrisisCentre.objects.filter(initiative=initiative).first()
        if request.POST.get("active") == "off":
            if centre is None:
                raise Http404
            services.centre_close(centre=centre, actor=request.actor)
            messages.success(
                request, _("Crisis mode is off. Everything recorded is kept.")
            )
        else:
            services.centre_open(initiative=initiative, actor=request.actor)
            messages.success(request, _("Crisis mode is on."))
        return redirect(_url(request, "crisis-centre", slug=slug))


class NeedCreateView(View):
    """Post a need: the centre's staff, and partner organisations' staff for the
    centres their organisation is a partner of (as that organisation; their page
    lists what their organisation posted there)."""

    template_name = "crisis/need_form.html"

    def _centre(self, request, slug):
        return access_centre_for_posting(request.actor, slug)

    def _form(self, request, centre, data=None):
        partners = None
        if not request.actor.can(STAFF):
            partners = partner_organisations(request.actor, centre)
        return NeedForm(data, tenant=request.tenant, partner_organisations=partners)

    def _render(self, request, centre, form, status=200):
        context = {"form": form, "centre": centre}
        if not request.actor.can(STAFF):
            context["partner_needs"] = selectors.centre_needs(request.actor, centre)[
                :50
            ]
        return render(request, self.template_name, context, status=status)

    def get(self, request, slug, **kwargs):
        centre = self._centre(request, slug)
        return self._render(request, centre, self._form(request, centre))

    def post(self, request, slug, **kwargs):
        centre = self._centre(request, slug)
        form = self._form(request, centre, request.POST)
        if form.is_valid():
            data = form.values_without_translations(dict(form.cleaned_data))
            resident = {
                "name": data.pop("resident_name"),
                "phone": data.pop("resident_phone"),
                "address": data.pop("resident_address"),
            }
            skills = list(data.pop("skills"))
            try:
                need = services.need_post(
                    centre=centre,
                    actor=request.actor,
                    skills=skills,
                    resident=resident,
                    translations=form.translations(),
                    **data,
                )
            except DomainError as exc:
                form_add_errors(form, exc)
            else:
                if not request.actor.can(STAFF):
                    messages.success(
                        request,
                        _(
                            "The need is posted. The centre's coordinators call "
                            "volunteers out."
                        ),
                    )
                    return redirect(_url(request, "crisis-need-create", slug=slug))
                messages.success(request, _("The need is posted."))
                return redirect(_url(request, "crisis-need", pk=need.pk))
        return self._render(request, centre, form, status=400)


class NeedView(View):
    """A need: what, where, when; its ranked candidates and call-outs; the resident's
    details for whoever is assigned (the read is logged)."""

    def get(self, request, pk, **kwargs):
        request.actor.require_any(ANY)
        need = access_need_by_id(request.actor, pk)
        may_call = request.actor.can(CALL)
        resident = None
        if resident_allowed(request.actor, need) and request.GET.get("resident") == "1":
            resident = services.resident_read(
                need=need, actor=request.actor, channel="page"
            )
        return render(
            request,
            "crisis/need.html",
            {
                "need": need,
                "centre": need.centre,
                "candidates": candidates_rank(need, limit=20) if may_call else [],
                "callouts": selectors.need_callouts(need),
                "may_call": may_call,
                "may_read_resident": resident_allowed(request.actor, need),
                "may_erase_resident": request.actor.can(CALL)
                or resident_allowed(request.actor, need),
                "has_resident": NeedResident.objects.filter(need=need).exists(),
                "retention_days": services.resident_retention_days(),
                "resident": resident,
                "callout_form": CallOutForm(),
                "places_taken": services._places_taken(need),
            },
        )


class NeedActionView(View):
    """POST: close the need, or send a call-out round."""

    action = ""

    def post(self, request, pk, **kwargs):
        request.actor.require(CALL if self.action == "callout" else STAFF)
        need = access_need_by_id(request.actor, pk)
        try:
            if self.action == "close":
                services.need_close(need=need, actor=request.actor)
                messages.success(request, _("The need is closed."))
            else:
                form = CallOutForm(request.POST)
                n = form.cleaned_data.get("n") if form.is_valid() else None
                made = services.callout_send(need=need, actor=request.actor, n=n)
                messages.success(
                    request,
                    _("%(n)s people were asked by email and text message.")
                    % {"n": len(made)},
                )
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(_url(request, "crisis-need", pk=need.pk))


class ResidentEraseView(View):
    """POST: erase the resident's details on their request (coordinators, or whoever
    the need is assigned to); logged as an event."""

    def post(self, request, pk, **kwargs):
        request.actor.require_any(ANY)
        need = access_need_by_id(request.actor, pk)
        if not (request.actor.can(CALL) or resident_allowed(request.actor, need)):
            raise PermissionDenied
        if services.resident_erase(need=need, actor=request.actor, reason="request"):
            messages.success(request, _("The resident's details are erased."))
        return redirect(_url(request, "crisis-need", pk=need.pk))


class AttendanceView(View):
    """POST: check a deployed volunteer in or out."""

    out = False

    def post(self, request, pk, callout, **kwargs):
        request.actor.require(CALL)
        need = access_need_by_id(request.actor, pk)
        c = access_callout_by_id(request.actor, need=need, pk=callout)
        try:
            if self.out:
                services.check_out(callout=c, actor=request.actor)
                messages.success(
                    request, _("%(person)s is checked out.") % {"person": c.person}
                )
            else:
                services.check_in(callout=c, actor=request.actor)
                messages.success(
                    request, _("%(person)s is checked in.") % {"person": c.person}
                )
        except DomainError as exc:
            messages.error(request, exc.message)
        return redirect(_url(request, "crisis-need", pk=need.pk))


class DecisionView(View):
    template_name = "crisis/decisions.html"

    def _render(self, request, centre, form, status=200):
        return render(
            request,
            self.template_name,
            {
                "centre": centre,
                "form": form,
                "decisions": selectors.decision_list(centre)[:200],
            },
            status=status,
        )

    def get(self, request, slug, **kwargs):
        request.actor.require(STAFF)
        centre = access_centre_by_slug(request.actor, slug)
        return self._render(request, centre, DecisionForm())

    def post(self, request, slug, **kwargs):
        request.actor.require(STAFF)
        centre = access_centre_by_slug(request.actor, slug)
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.decision_record(
                    centre=centre, actor=request.actor, **form.cleaned_data
                )
            except DomainError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("The decision is logged."))
                return redirect(_url(request, "crisis-decisions", slug=slug))
        return self._render(request, centre, form, status=400)


class CoverageView(View):
    def get(self, request, slug, **kwargs):
        request.actor.require(STAFF)
        centre = access_centre_by_slug(request.actor, slug)
        table, communities = selectors.coverage(centre)
        return render(
            request,
            "crisis/coverage.html",
            {
                "centre": centre,
                "table": table,
                "communities": communities,
                "uncovered": [c for c in communities if c.uncovered],
            },
        )


class ReviewView(View):
    template_name = "crisis/review.html"

    def _render(self, request, centre, form, status=200):
        return render(
            request,
            self.template_name,
            {"centre": centre, "form": form, "reviews": selectors.review_list(centre)},
            status=status,
        )

    def get(self, request, slug, **kwargs):
        request.actor.require(STAFF)
        return self._render(
            request, access_centre_by_slug(request.actor, slug), ReviewForm()
        )

    def post(self, request, slug, **kwargs):
        request.actor.require(STAFF)
        centre = access_centre_by_slug(request.actor, slug)
        form = ReviewForm(request.POST)
        if form.is_valid():
            try:
                services.review_record(
                    centre=centre, actor=request.actor, **form.cleaned_data
                )
            except DomainError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("The review is recorded."))
                return redirect(_url(request, "crisis-review", slug=slug))
        return self._render(request, centre, form, status=400)


class RespondView(View):
    """The call-out's own page, from the signed link in the email or text message: what,
    where, when, and two buttons. No login; the link is personal."""

    template_name = "crisis/respond.html"

    def dispatch(self, request, *args, token: str, **kwargs):
        callout = services.callout_by_token(token)
        if callout is None:
            raise Http404
        with scope(tenant=callout.tenant_id):
            response = super().dispatch(request, callout=callout, token=token)
        response["Cache-Control"] = "no-store, private"
        response["X-Robots-Tag"] = "noindex"
        return response

    def _render(self, request, callout, status=200):
        need = callout.need
        return render(
            request,
            self.template_name,
            {
                "callout": callout,
                "need": need,
                "centre": need.centre,
                "places_left": max(
                    0, need.people_needed - services._places_taken(need)
                ),
            },
            status=status,
        )

    def get(self, request, callout, token):
        return self._render(request, callout)

    def post(self, request, callout, token):
        answer = request.POST.get("answer")
        if answer not in ("accept", "decline"):
            raise PermissionDenied
        try:
            callout = services.callout_respond(
                callout=callout, accept=answer == "accept"
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        callout = CallOut.objects.select_related(
            "need__centre__initiative", "person"
        ).get(pk=callout.pk)
        return self._render(request, callout)


def need_status_label(need: Need) -> str:
    return str(need.get_status_display())
