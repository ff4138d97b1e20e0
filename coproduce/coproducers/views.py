"""Pages of the co-producers' side: a co-producer's own page, opportunities and their
shifts, sign-up and withdrawal, check-in, reporting hours; the coordinator's opportunity
form, roster and sign-in sheet; the verification queue. Thin: find through ``access``,
call one service, answer (htmx gets the named partial, everyone else the page)."""

import json

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import View
from django_scopes import scope

from coproduce.core.errors import DomainError
from coproduce.core.views import TenantPermissionRequired, form_add_errors
from coproduce.people.access import person_visible

from . import roster, selectors, services, sheets
from .access import (
    MANAGE,
    TAKE_PART,
    VERIFY,
    access_claim_by_id,
    access_exception_by_id,
    access_opportunity_by_id,
    access_shift_by_id,
    access_signup_by_id,
    coproducers_allowed,
    opportunity_open_to,
    shift_team_visible,
    tenant_allows_teams,
)
from .calendar import shifts_calendar
from .forms import (
    AttendanceAddForm,
    AvailabilityExceptionForm,
    CheckInForm,
    ClaimCorrectForm,
    ClaimForm,
    DecideForm,
    OpportunityEditForm,
    OpportunityForm,
    ProfileForm,
    SettingsForm,
    ShiftCancelForm,
    ShiftCreateForm,
    ShiftForm,
    SignUpForForm,
    SkillForm,
)
from .models import Opportunity, Skill


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


def _need_person(request) -> None:
    if request.actor.person is None:
        raise PermissionDenied(_("Your account is not linked to a person here."))


class MyCoproductionView(TenantPermissionRequired, View):
    """A co-producer's own page: what is coming, what waits for them, what they did."""

    permission = TAKE_PART

    def get(self, request, **kwargs):
        actor = request.actor
        return render(
            request,
            "coproducers/my_coproduction.html",
            {
                "signups": selectors.my_signups(actor),
                "cases": selectors.my_cases(actor),
                "surveys": selectors.my_surveys(actor),
                "claims": selectors.my_claims(actor)[:20],
                "hours": selectors.my_hours(actor),
                "participations": selectors.my_participations(actor),
                "notifications": selectors.my_notifications(actor, limit=5),
                "unread": selectors.unread_count(actor),
                "has_person": actor.person is not None,
            },
        )


class OpportunityListView(View):
    def get(self, request, **kwargs):
        if not coproducers_allowed(request.actor):
            raise PermissionDenied(TAKE_PART)
        return render(
            request,
            "coproducers/opportunity_list.html",
            {
                "opportunities": selectors.opportunity_list(request.actor),
                "can_manage": request.actor.can(MANAGE),
                "can_set": request.actor.can("tenant.admin"),
            },
        )


class OpportunityCreateView(TenantPermissionRequired, View):
    permission = MANAGE
    template_name = "coproducers/opportunity_form.html"

    def get(self, request, **kwargs):
        form = OpportunityForm(tenant=request.tenant)
        return render(request, self.template_name, {"form": form})

    def post(self, request, **kwargs):
        form = OpportunityForm(request.POST, tenant=request.tenant)
        if form.is_valid():
            data = form.values_without_translations(dict(form.cleaned_data))
            publish = data.pop("publish")
            data["status"] = (
                Opportunity.Status.PUBLISHED if publish else Opportunity.Status.DRAFT
            )
            if not data.get("until"):
                data["weekdays"] = None
            try:
                opportunity = services.opportunity_create(
                    actor=request.actor, translations=form.translations(), **data
                )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Opportunity saved with its shifts."))
                return redirect(_url(request, "opportunity-detail", pk=opportunity.pk))
        return render(request, self.template_name, {"form": form}, status=400)


class OpportunityDetailView(View):
    def get(self, request, *, pk, **kwargs):
        actor = request.actor
        if not coproducers_allowed(actor):
            raise PermissionDenied(TAKE_PART)
        opportunity = access_opportunity_by_id(actor, pk)
        shifts = selectors.opportunity_shifts(actor, opportunity)
        team = {}
        if shift_team_visible(actor, opportunity):
            for shift in shifts:
                if (
                    actor.can(MANAGE)
                    or getattr(shift.mine, "status", "") == "confirmed"
                ):
                    team[shift.pk] = selectors.shift_team(
                        shift, all_roles=actor.can(MANAGE)
                    )
        for shift in shifts:
            shift.team = team.get(shift.pk)
        return render(
            request,
            "coproducers/opportunity_detail.html",
            {
                "opportunity": opportunity,
                "shifts": shifts,
                "past_shifts": selectors.opportunity_shifts(
                    actor, opportunity, past=True
                )
                if actor.can(MANAGE)
                else [],
                "can_sign_up": opportunity_open_to(actor, opportunity),
                "can_manage": actor.can(MANAGE),
                "statuses": Opportunity.Status.choices,
            },
        )


class OpportunityStatusView(TenantPermissionRequired, View):
    permission = MANAGE

    def post(self, request, *, pk, **kwargs):
        opportunity = access_opportunity_by_id(request.actor, pk)
        try:
            services.opportunity_status_set(
                opportunity=opportunity,
                actor=request.actor,
                status=request.POST.get("status", ""),
            )
        except (DomainError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", str(exc)))
        else:
            messages.success(request, _("Status changed."))
        return redirect(_url(request, "opportunity-detail", pk=opportunity.pk))


class OpportunityEditView(TenantPermissionRequired, View):
    permission = MANAGE
    template_name = "coproducers/opportunity_edit.html"

    def _render(self, request, opportunity, form, status=200, shift_form=None):
        return render(
            request,
            self.template_name,
            {
                "opportunity": opportunity,
                "form": form,
                "shift_form": shift_form or ShiftCreateForm(prefix="new"),
                "shifts": selectors.opportunity_shifts(request.actor, opportunity),
            },
            status=status,
        )

    def _initial_form(self, request, opportunity):
        initial = {
            name: getattr(opportunity, name) for name in services.OPPORTUNITY_EDITABLE
        }
        initial["skills"] = list(opportunity.skills.all())
        return OpportunityEditForm(
            initial=initial, tenant=request.tenant, opportunity=opportunity
        )

    def get(self, request, *, pk, **kwargs):
        opportunity = access_opportunity_by_id(request.actor, pk)
        return self._render(
            request, opportunity, self._initial_form(request, opportunity)
        )

    def post(self, request, *, pk, **kwargs):
        opportunity = access_opportunity_by_id(request.actor, pk)
        form = OpportunityEditForm(
            request.POST, tenant=request.tenant, opportunity=opportunity
        )
        if form.is_valid():
            data = form.values_without_translations(dict(form.cleaned_data))
            skills = list(data.pop("skills"))
            try:
                services.opportunity_update(
                    opportunity=opportunity,
                    actor=request.actor,
                    skills=skills,
                    translations=form.translations(),
                    **data,
                )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Opportunity saved."))
                return redirect(_url(request, "opportunity-detail", pk=opportunity.pk))
        return self._render(request, opportunity, form, status=400)


class ShiftCreateView(TenantPermissionRequired, View):
    """One more shift of an opportunity."""

    permission = MANAGE

    def post(self, request, *, pk, **kwargs):
        opportunity = access_opportunity_by_id(request.actor, pk)
        form = ShiftCreateForm(request.POST, prefix="new")
        if form.is_valid():
            try:
                services.shift_create(
                    opportunity=opportunity, actor=request.actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Shift added."))
                return redirect(_url(request, "opportunity-edit", pk=opportunity.pk))
        view = OpportunityEditView()
        return view._render(
            request,
            opportunity,
            view._initial_form(request, opportunity),
            status=400,
            shift_form=form,
        )


class ShiftEditView(TenantPermissionRequired, View):
    """Move one shift or change its places; or cancel it."""

    permission = MANAGE
    template_name = "coproducers/shift_edit.html"

    def _render(self, request, shift, form, cancel_form, status=200):
        return render(
            request,
            self.template_name,
            {
                "shift": shift,
                "opportunity": shift.opportunity,
                "form": form,
                "cancel_form": cancel_form,
            },
            status=status,
        )

    def get(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk)
        form = ShiftForm(
            initial={
                "starts_at": timezone.localtime(shift.starts_at),
                "ends_at": timezone.localtime(shift.ends_at),
                "capacity": shift.capacity,
            }
        )
        return self._render(request, shift, form, ShiftCancelForm())

    def post(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk)
        form = ShiftForm(request.POST)
        if form.is_valid():
            try:
                services.shift_update(
                    shift=shift, actor=request.actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Shift saved."))
                return redirect(
                    _url(request, "opportunity-detail", pk=shift.opportunity_id)
                )
        return self._render(request, shift, form, ShiftCancelForm(), status=400)


class ShiftCancelView(TenantPermissionRequired, View):
    permission = MANAGE

    def post(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk)
        form = ShiftCancelForm(request.POST)
        if form.is_valid():
            try:
                n = services.shift_cancel(
                    shift=shift, actor=request.actor, reason=form.cleaned_data["reason"]
                )
            except DomainError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "Shift cancelled; %(n)s person signed up was told.",
                        "Shift cancelled; %(n)s people signed up were told.",
                        n,
                    )
                    % {"n": n},
                )
                return redirect(
                    _url(request, "opportunity-detail", pk=shift.opportunity_id)
                )
        return ShiftEditView()._render(
            request,
            shift,
            ShiftForm(
                initial={
                    "starts_at": timezone.localtime(shift.starts_at),
                    "ends_at": timezone.localtime(shift.ends_at),
                    "capacity": shift.capacity,
                }
            ),
            form,
            status=400,
        )


class _ShiftAction(TenantPermissionRequired, View):
    permission = TAKE_PART

    def perform(self, request, shift):
        raise NotImplementedError

    def post(self, request, *, pk, **kwargs):
        # the services lock the shift and read it again with its opportunity
        shift = access_shift_by_id(request.actor, pk, related=("opportunity",))
        try:
            message = self.perform(request, shift)
        except (DomainError, ValidationError) as exc:
            messages.error(request, getattr(exc, "message", None) or str(exc))
        else:
            messages.success(request, message)
        back = request.POST.get("next", "")
        if back == "me":
            return redirect(_url(request, "my-coproduction"))
        return redirect(_url(request, "opportunity-detail", pk=shift.opportunity_id))


class ShiftSignUpView(_ShiftAction):
    def perform(self, request, shift):
        signup = services.shift_sign_up(shift=shift, actor=request.actor)
        if signup.status == "waitlisted":
            return _(
                "The shift is full: you are on the waiting list. We tell you if a "
                "place frees up."
            )
        return _("You have a place. See you there!")


class ShiftWithdrawView(_ShiftAction):
    def perform(self, request, shift):
        services.shift_withdraw(shift=shift, actor=request.actor)
        return _("You have withdrawn from the shift.")


def _people(request):
    """Whom the coordinator may pick or name: the people of the register they see."""
    return person_visible(request.actor)


def _roster_context(request, shift, **forms):
    signups = selectors.roster(shift)
    return {
        "shift": shift,
        "opportunity": shift.opportunity,
        "roster": signups,
        "roster_rows": roster.rows_html(request, shift, signups),
        "add_form": forms.get("add_form")
        or AttendanceAddForm(tenant=request.tenant, people=_people(request)),
        "signup_form": forms.get("signup_form")
        or SignUpForForm(tenant=request.tenant, people=_people(request)),
        "problems": forms.get("problems"),
    }


class ShiftRosterView(TenantPermissionRequired, View):
    """Who is expected; one click each checks them in or records a no-show (htmx swaps
    the row; without JavaScript the form posts and the page comes back)."""

    permission = MANAGE
    template_name = "coproducers/shift_roster.html"

    def get(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk, related=("opportunity",))
        return render(request, self.template_name, _roster_context(request, shift))

    def post(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk)
        try:
            signup_pk = int(request.POST.get("signup", ""))
        except ValueError:
            raise Http404 from None
        signup = access_signup_by_id(request.actor, shift=shift, pk=signup_pk)
        error = ""
        try:
            signup = services.attendance_record(
                signup=signup,
                actor=request.actor,
                present=request.POST.get("present") == "1",
            )
        except (DomainError, ValidationError) as exc:
            error = getattr(exc, "message", None) or str(exc)
        if request.htmx:
            parts = roster.RowParts(request, shift)
            return HttpResponse(roster.row_html(parts, signup, error=error))
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Attendance recorded."))
        return redirect(_url(request, "shift-roster", pk=shift.pk))


class ShiftAttendanceAddView(TenantPermissionRequired, View):
    """Many people who came, at once: picked, pasted or from a sign-in sheet; all of
    them or, with the problems named by line, none."""

    permission = MANAGE

    def post(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk)
        people = _people(request)
        form = AttendanceAddForm(
            request.POST, request.FILES, tenant=request.tenant, people=people
        )
        problems = None
        if form.is_valid():
            try:
                attendees = _attendees_read(form, people)
                added = services.attendance_add(
                    shift=shift, actor=request.actor, attendees=attendees
                )
            except services.AttendanceRefused as exc:
                problems = exc
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s person recorded as present.",
                        "%(n)s people recorded as present.",
                        len(added),
                    )
                    % {"n": len(added)},
                )
                return redirect(_url(request, "shift-roster", pk=shift.pk))
        return render(
            request,
            ShiftRosterView.template_name,
            _roster_context(request, shift, add_form=form, problems=problems),
            status=400,
        )


def _attendees_read(form, people) -> list:
    """The people an ``AttendanceAddForm`` names: picks, pasted lines and a sheet."""
    data = form.cleaned_data
    attendees = [
        services.Attendee(person=p, role=data["role"], hours=data["hours"])
        for p in form.picks()
    ]
    if (data.get("names") or "").strip():
        attendees += [
            services.Attendee(
                person=a.person, role=data["role"], hours=data["hours"], line=a.line
            )
            for a in sheets.attendees_from_lines(people, data["names"])
        ]
    if data.get("sheet"):
        attendees += sheets.attendees_from_sheet(people, data["sheet"])
    return attendees


class ActivityAttendanceAddView(TenantPermissionRequired, View):
    """Many participations of an initiative's activity at once: picked, pasted or a
    sign-in sheet, as on a shift's roster."""

    permission = "activities.record"
    template_name = "coproducers/activity_attendance.html"

    def _activity(self, request, slug, pk):
        from coproduce.initiatives.access import (
            access_activity_by_id,
            access_initiative_by_slug,
        )

        initiative = access_initiative_by_slug(request.actor, slug)
        activity = access_activity_by_id(initiative=initiative, pk=pk)
        activity.initiative = initiative
        return activity

    def _render(self, request, activity, form, problems=None, status=200):
        return render(
            request,
            self.template_name,
            {
                "activity": activity,
                "initiative": activity.initiative,
                "add_form": form,
                "problems": problems,
            },
            status=status,
        )

    def get(self, request, *, slug, pk, **kwargs):
        activity = self._activity(request, slug, pk)
        form = AttendanceAddForm(tenant=request.tenant, people=_people(request))
        return self._render(request, activity, form)

    def post(self, request, *, slug, pk, **kwargs):
        activity = self._activity(request, slug, pk)
        people = _people(request)
        form = AttendanceAddForm(
            request.POST, request.FILES, tenant=request.tenant, people=people
        )
        problems = None
        if form.is_valid():
            try:
                added = services.activity_attendance_add(
                    activity=activity,
                    actor=request.actor,
                    attendees=_attendees_read(form, people),
                )
            except services.AttendanceRefused as exc:
                problems = exc
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    ngettext(
                        "%(n)s participation recorded.",
                        "%(n)s participations recorded.",
                        len(added),
                    )
                    % {"n": len(added)},
                )
                return redirect(
                    reverse(
                        "activity-detail",
                        kwargs={"tenant": request.tenant.slug, "slug": slug, "pk": pk},
                    )
                )
        return self._render(request, activity, form, problems, status=400)


class ShiftSignUpForView(TenantPermissionRequired, View):
    """A coordinator signs someone up (who phoned): the same places and waiting list."""

    permission = MANAGE

    def post(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk)
        form = SignUpForForm(
            request.POST, tenant=request.tenant, people=_people(request)
        )
        if form.is_valid():
            person = form.cleaned_data["person"]
            try:
                signup = services.shift_sign_up_for(
                    shift=shift, actor=request.actor, person=person
                )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    (
                        _("%(person)s is on the waiting list.")
                        if signup.status == "waitlisted"
                        else _("%(person)s has a place.")
                    )
                    % {"person": person},
                )
                return redirect(_url(request, "shift-roster", pk=shift.pk))
        return render(
            request,
            ShiftRosterView.template_name,
            _roster_context(request, shift, signup_form=form),
            status=400,
        )


class ShiftAttendanceCloseView(TenantPermissionRequired, View):
    permission = MANAGE

    def post(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk)
        n = services.shift_attendance_close(shift=shift, actor=request.actor)
        messages.success(
            request,
            _("Attendance closed: %(n)s recorded as not come.") % {"n": n},
        )
        return redirect(_url(request, "shift-roster", pk=shift.pk))


class ShiftSheetView(TenantPermissionRequired, View):
    """A printable sign-in sheet: names, blank signature column, the check-in code."""

    permission = MANAGE

    def get(self, request, *, pk, **kwargs):
        shift = access_shift_by_id(request.actor, pk)
        return render(
            request,
            "coproducers/shift_sheet.html",
            {
                "shift": shift,
                "opportunity": shift.opportunity,
                "roster": [
                    s for s in selectors.roster(shift) if s.status == "confirmed"
                ],
                "blank_rows": range(4),
            },
        )


class CheckInView(TenantPermissionRequired, View):
    permission = TAKE_PART
    template_name = "coproducers/check_in.html"

    def get(self, request, **kwargs):
        form = CheckInForm(initial={"code": request.GET.get("code", "")})
        return render(request, self.template_name, {"form": form})

    def post(self, request, **kwargs):
        form = CheckInForm(request.POST)
        if form.is_valid():
            try:
                signup = services.checkin_by_code(
                    actor=request.actor, code=form.cleaned_data["code"]
                )
            except DomainError as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("You are checked in to %(shift)s. Thank you for coming!")
                    % {"shift": signup.shift.opportunity.title},
                )
                return redirect(_url(request, "my-coproduction"))
        return render(request, self.template_name, {"form": form}, status=400)


class ClaimCreateView(TenantPermissionRequired, View):
    permission = TAKE_PART
    template_name = "coproducers/claim_form.html"

    def _form(self, request, data=None):
        activities = selectors.claimable_activities(request.actor)
        initial = {}
        if "activity" in request.GET:
            initial["activity"] = request.GET["activity"]
        return ClaimForm(data, activities=activities, initial=initial)

    def get(self, request, **kwargs):
        _need_person(request)
        return render(request, self.template_name, {"form": self._form(request)})

    def post(self, request, **kwargs):
        _need_person(request)
        form = self._form(request, request.POST)
        if form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
            try:
                services.claim_submit(actor=request.actor, **data)
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _(
                        "Thank you! What you reported waits for verification; it "
                        "counts once it is verified."
                    ),
                )
                return redirect(_url(request, "my-coproduction"))
        return render(request, self.template_name, {"form": form}, status=400)


class ClaimResubmitView(TenantPermissionRequired, View):
    """Correct a returned report and send it for verification again."""

    permission = TAKE_PART
    template_name = "coproducers/claim_correct.html"

    def _claim(self, request, pk):
        claim = access_claim_by_id(request.actor, pk)
        if claim.person_id != getattr(request.actor.person, "pk", None):
            raise Http404
        return claim

    def _render(self, request, claim, form, status=200):
        return render(
            request, self.template_name, {"claim": claim, "form": form}, status=status
        )

    def get(self, request, *, pk, **kwargs):
        claim = self._claim(request, pk)
        form = ClaimCorrectForm(
            kind=claim.kind,
            initial={
                "hours": claim.hours,
                "contribution_kind": claim.contribution_kind,
                "description": claim.description,
                "estimated_value": claim.estimated_value,
            },
        )
        return self._render(request, claim, form)

    def post(self, request, *, pk, **kwargs):
        claim = self._claim(request, pk)
        form = ClaimCorrectForm(request.POST, kind=claim.kind)
        if form.is_valid():
            try:
                services.claim_resubmit(
                    claim=claim, actor=request.actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Sent again: it waits for verification."))
                return redirect(_url(request, "my-coproduction"))
        return self._render(request, claim, form, status=400)


class ClaimWithdrawView(TenantPermissionRequired, View):
    permission = TAKE_PART

    def post(self, request, *, pk, **kwargs):
        claim = access_claim_by_id(request.actor, pk)
        try:
            services.claim_withdraw(claim=claim, actor=request.actor)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Withdrawn."))
        return redirect(_url(request, "my-coproduction"))


class ClaimListView(TenantPermissionRequired, View):
    """Hours and contributions reported by co-producers, waiting for verification."""

    permission = VERIFY
    template_name = "coproducers/claim_list.html"

    def get(self, request, **kwargs):
        return render(
            request,
            self.template_name,
            {"claims": selectors.claim_queue(request.actor), "form": DecideForm()},
        )


class ClaimDecideView(TenantPermissionRequired, View):
    permission = VERIFY

    def post(self, request, *, pk, **kwargs):
        claim = access_claim_by_id(request.actor, pk)
        form = DecideForm(request.POST)
        error = ""
        if not form.is_valid():
            error = _("Choose to verify or to return.")
        else:
            try:
                if form.cleaned_data["decision"] == "verify":
                    claim = services.claim_verify(claim=claim, actor=request.actor)
                else:
                    claim = services.claim_return(
                        claim=claim,
                        actor=request.actor,
                        reason=form.cleaned_data["reason"],
                    )
            except (DomainError, ValidationError) as exc:
                error = getattr(exc, "message", None) or str(exc)
        if request.htmx:
            return render(
                request,
                "coproducers/claim_list.html#claim",
                {"claim": claim, "error": error, "form": DecideForm()},
            )
        if error:
            messages.error(request, error)
        else:
            messages.success(request, _("Decision recorded."))
        return redirect(_url(request, "claim-list"))


def _ics_response(signups, *, request, filename: str, attachment: bool):
    body = shifts_calendar(
        signups, name=_("My shifts"), host=request.get_host().split(":")[0]
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if attachment else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


class MyCalendarView(TenantPermissionRequired, View):
    """My shifts as an .ics file to import."""

    permission = TAKE_PART

    def get(self, request, **kwargs):
        _need_person(request)
        return _ics_response(
            selectors.calendar_signups(request.actor.person),
            request=request,
            filename="my-shifts.ics",
            attachment=True,
        )


class CalendarFeedView(View):
    """The same as a subscribable feed at a secret address (no login: calendar programs
    cannot log in). An unknown or renewed token is a 404."""

    def get(self, request, *, token: str):
        from django_scopes import scopes_disabled

        with scopes_disabled():
            profile = selectors.profile_by_feed_token(token)
        if profile is None:
            raise Http404
        with scope(tenant=profile.tenant_id):
            return _ics_response(
                selectors.calendar_signups(profile.person),
                request=request,
                filename="shifts.ics",
                attachment=False,
            )


class MyProfileView(TenantPermissionRequired, View):
    permission = TAKE_PART
    template_name = "coproducers/my_profile.html"

    def _initial(self, profile):
        if profile is None:
            return {"email_kinds": sorted(services.EMAIL_DEFAULT)}
        initial = {
            "consent": profile.has_consent,
            "skills": list(profile.skills.all()),
            "languages": profile.languages,
            "area": profile.area,
            "callout_ok": profile.callout_ok,
            "email_kinds": profile.email_kinds,
            "email_language": profile.email_language,
        }
        for day, parts in (profile.availability or {}).items():
            initial[f"available_{day}"] = parts
        return initial

    def _render(self, request, form, status=200, exception_form=None):
        profile = selectors.profile_of(request.actor)
        feed = (
            request.build_absolute_uri(
                reverse("calendar-feed", kwargs={"token": profile.feed_token})
            )
            if profile
            else ""
        )
        return render(
            request,
            self.template_name,
            {
                "form": form,
                "profile": profile,
                "feed_url": feed,
                "exceptions": selectors.my_exceptions(request.actor),
                "exception_form": exception_form or AvailabilityExceptionForm(),
            },
            status=status,
        )

    def get(self, request, **kwargs):
        _need_person(request)
        profile = selectors.profile_of(request.actor)
        form = ProfileForm(initial=self._initial(profile), tenant=request.tenant)
        return self._render(request, form)

    def _profile_form(self, request):
        profile = selectors.profile_of(request.actor)
        return ProfileForm(initial=self._initial(profile), tenant=request.tenant)

    def post(self, request, **kwargs):
        _need_person(request)
        action = request.POST.get("action")
        if action == "renew-feed":
            services.feed_token_renew(actor=request.actor)
            messages.success(request, _("Your calendar has a new address."))
            return redirect(_url(request, "my-profile"))
        if action == "add-exception":
            return self._exception_add(request)
        if action == "remove-exception":
            exception = access_exception_by_id(
                request.actor, request.POST.get("exception", "")
            )
            services.availability_exception_remove(
                actor=request.actor, exception=exception
            )
            messages.success(request, _("Removed."))
            return redirect(_url(request, "my-profile") + "#exceptions")
        form = ProfileForm(request.POST, tenant=request.tenant)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.profile_update(
                    actor=request.actor,
                    consent=data["consent"],
                    skills=list(data["skills"]),
                    languages=data["languages"],
                    availability=form.availability(),
                    email_kinds=data["email_kinds"],
                    area=data["area"],
                    callout_ok=data["callout_ok"],
                )
                if data["email_language"] is not None:
                    profile = selectors.profile_of(request.actor)
                    if profile.email_language != data["email_language"]:
                        from coproduce.core.services import instance_update

                        instance_update(
                            profile,
                            actor=request.user,
                            action="coproducer.profile.changed",
                            values={"email_language": data["email_language"]},
                        )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Saved.")
                    if data["consent"]
                    else _(
                        "Saved. Without your consent we keep no skills, languages, "
                        "availability or area."
                    ),
                )
                return redirect(_url(request, "my-profile"))
        return self._render(request, form, status=400)

    def _exception_add(self, request):
        form = AvailabilityExceptionForm(request.POST)
        if form.is_valid():
            try:
                services.availability_exception_add(
                    actor=request.actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Saved."))
                return redirect(_url(request, "my-profile") + "#exceptions")
        return self._render(
            request, self._profile_form(request), status=400, exception_form=form
        )


class MyDataView(TenantPermissionRequired, View):
    """Everything held about me, as JSON to read or take elsewhere."""

    permission = TAKE_PART

    def get(self, request, **kwargs):
        _need_person(request)
        data = selectors.person_data(request.actor)
        response = HttpResponse(
            json.dumps(data, ensure_ascii=False, indent=2),
            content_type="application/json; charset=utf-8",
        )
        stamp = timezone.localdate().isoformat()
        response["Content-Disposition"] = (
            f'attachment; filename="my-data-{request.tenant.slug}-{stamp}.json"'
        )
        return response


class NotificationListView(TenantPermissionRequired, View):
    permission = TAKE_PART

    def get(self, request, **kwargs):
        return render(
            request,
            "coproducers/notification_list.html",
            {
                "notifications": selectors.my_notifications(request.actor, limit=100),
                "unread": selectors.unread_count(request.actor),
            },
        )

    def post(self, request, **kwargs):
        if request.actor.person is not None:
            services.notifications_read(person=request.actor.person)
        return redirect(_url(request, "notification-list"))


class SkillListView(TenantPermissionRequired, View):
    """The tenant's vocabulary of skills."""

    permission = MANAGE
    template_name = "coproducers/skill_list.html"

    def _render(self, request, form, status=200):
        skills = Skill.objects.filter(tenant=request.tenant)
        return render(
            request, self.template_name, {"form": form, "skills": skills}, status=status
        )

    def get(self, request, **kwargs):
        return self._render(request, SkillForm())

    def post(self, request, **kwargs):
        form = SkillForm(request.POST)
        if form.is_valid():
            try:
                services.skill_create(
                    tenant=request.tenant, actor=request.actor, **form.cleaned_data
                )
            except (DomainError, ValidationError) as exc:
                form_add_errors(form, exc)
            else:
                messages.success(request, _("Skill added."))
                return redirect(_url(request, "skill-list"))
        return self._render(request, form, status=400)


class SettingsView(TenantPermissionRequired, View):
    """What the tenant allows on the co-producers' side (its administrators')."""

    permission = "tenant.admin"
    template_name = "coproducers/settings.html"

    def get(self, request, **kwargs):
        form = SettingsForm(
            initial={"teams_visible": tenant_allows_teams(request.tenant.pk)}
        )
        return render(request, self.template_name, {"form": form})

    def post(self, request, **kwargs):
        form = SettingsForm(request.POST)
        if not form.is_valid():  # a checkbox: only a tampered form gets here
            return render(request, self.template_name, {"form": form}, status=400)
        services.settings_set(
            tenant=request.tenant,
            actor=request.actor,
            teams_visible=form.cleaned_data["teams_visible"],
        )
        messages.success(request, _("Settings saved."))
        return redirect(_url(request, "coproducers-settings"))
