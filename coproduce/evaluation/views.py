"""The coordinator's evaluation pages: instruments (with the scale library), panels, their
members and waves. Views find objects through the tenant and call one service each.

Who sees what is ``evaluation/access.py``, the same rule as the report and the API: staff
read (partners too), respondents get 403, a panel of an initiative one may not see is a
404, changing needs ``initiatives.change``, and only those who may change a panel see its
members' email addresses, never names.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import TemplateView

from coproduce.core import i18n
from coproduce.core.errors import DomainError
from coproduce.core.events import event_list_for
from coproduce.core.views import ServiceFormView, form_add_errors, paginate
from coproduce.initiatives.access import initiative_visible

from . import selectors, services
from .access import (
    access_instrument_by_id,
    access_member_by_id,
    access_panel_by_id,
    access_wave_by_number,
    evaluation_change_allowed,
    evaluation_read_require,
    instrument_visible,
    member_email_visible,
    panel_visible,
)
from .forms import (
    InstrumentCopyForm,
    InstrumentFromLibraryForm,
    InstrumentTranslationsForm,
    ItemForm,
    LettersForm,
    LibraryScaleAddForm,
    MemberEmailForm,
    MembersFromEmailsForm,
    MembersFromParticipantsForm,
    PanelForm,
    ScaleForm,
    WaveForm,
)
from .letters import letters_build
from .library import LIBRARY
from .models import Invitation, Item, Scale, Wave

CHANGE = "initiatives.change"


def _url(request, name: str, **kwargs) -> str:
    return reverse(name, kwargs={"tenant": request.tenant.slug, **kwargs})


class EvaluationView(TemplateView):
    """A read-only evaluation page: staff only (403 for the others)."""

    def dispatch(self, request, *args, **kwargs):
        evaluation_read_require(request.actor)
        return super().dispatch(request, *args, **kwargs)


class EvaluationIndexView(EvaluationView):
    """The evaluation home: the tenant's instruments and the panels one may see."""

    template_name = "evaluation/index.html"

    def get_context_data(self, **kwargs):
        request = self.request
        panels = selectors.panel_list(panel_visible(request.actor)).order_by(
            "initiative__name", "name", "id"
        )
        instruments = selectors.instrument_list(
            instrument_visible(request.actor)
        ).order_by("name", "id")
        return {
            "page": paginate(request, panels),
            "instruments": instruments[:50],
            "more_instruments": instruments.count() > 50,
            "can_change": evaluation_change_allowed(request.actor),
        }


# Instruments ---------------------------------------------------------------------------------


class InstrumentListView(EvaluationView):
    """The tenant's instruments and the library of scales they can be built from."""

    template_name = "evaluation/instrument_list.html"

    def get_context_data(self, **kwargs):
        request = self.request
        instruments = selectors.instrument_list(
            instrument_visible(request.actor)
        ).order_by("name", "id")
        return {
            "page": paginate(request, instruments),
            "library": LIBRARY,
            "can_change": evaluation_change_allowed(request.actor),
        }


def _languages_summary(instrument, scales, items) -> list[dict]:
    """Per language of the tenant: how many of the instrument's questions and scale texts
    can be read in it, and how many of them are the published wording or coproduce's (or
    the tenant's) own."""
    texts = [(s, f) for s in scales for f in Scale.translatable if getattr(s, f)]
    texts += [(i, "text") for i in items]
    rows = []
    for code in i18n.tenant_languages(instrument.tenant):
        have = [obj for obj, field in texts if code in i18n.translations(obj, field)]
        origins = [i18n.translation_origin(obj, code) for obj in have]
        rows.append(
            {
                "code": code,
                "name": i18n.language_name(code),
                "original": code == instrument.content_language,
                "have": len(have),
                "total": len(texts),
                "published": sum(o["origin"] == i18n.PUBLISHED for o in origins),
                "own": sum(o["origin"] != i18n.PUBLISHED for o in origins),
                "sources": sorted({o["source"] for o in origins if o["source"]}),
            }
        )
    return rows


class InstrumentDetailView(EvaluationView):
    template_name = "evaluation/instrument_detail.html"

    def get_context_data(self, **kwargs):
        request = self.request
        instrument = access_instrument_by_id(request.actor, kwargs["pk"])
        scales = list(instrument.scales.all())
        items = list(instrument.items.all())
        for scale in scales:
            scale.item_list = [i for i in items if i.scale_id == scale.pk]
        in_use = instrument.is_in_use
        can_change = evaluation_change_allowed(request.actor)
        context = {
            "instrument": instrument,
            "scales": scales,
            "free_text": [i for i in items if i.kind == Item.Kind.TEXT],
            "in_use": in_use,
            "can_change": can_change,
            "panels": panel_visible(
                request.actor, instrument.panels.all()
            ).select_related("initiative"),
            "events": event_list_for(instrument)[:20],
            "languages": _languages_summary(instrument, scales, items),
        }
        if can_change:
            context["copy_form"] = InstrumentCopyForm(
                initial={"name": _("%(name)s (copy)") % {"name": instrument.name}},
                auto_id="copy-%s",
            )
            if not in_use:
                context["scale_form"] = ScaleForm(
                    tenant=request.tenant, instrument=instrument, auto_id="scale-%s"
                )
                context["item_form"] = ItemForm(
                    tenant=request.tenant, instrument=instrument, auto_id="item-%s"
                )
                context["library_form"] = LibraryScaleAddForm(auto_id="library-%s")
        return context


class InstrumentCreateView(ServiceFormView):
    permission = CHANGE
    form_class = InstrumentFromLibraryForm
    title = gettext_lazy("New instrument")

    def get_initial(self):
        keys = self.request.GET.getlist("scale")
        return {"scales": keys} if keys else {}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _(
            "Choose scales from the library and add questions of your own; you can add "
            "more scales and questions on the instrument's page until a wave opens."
        )
        return context

    def perform(self, form):
        data = form.cleaned_data
        return services.instrument_create_from_library(
            tenant=self.request.tenant,
            actor=self.request.user,
            name=data["name"],
            description=data["description"],
            instructions=data["instructions"],
            keys=data["scales"],
            free_text=data["free_text"],
            translations=form.translations(),
        )

    def get_success_url_for(self, result):
        return _url(self.request, "instrument-detail", pk=result.pk)

    def get_cancel_url(self):
        return _url(self.request, "instrument-list")


class _InstrumentFormView(ServiceFormView):
    permission = CHANGE

    def dispatch(self, request, *args, **kwargs):
        self.instrument = access_instrument_by_id(
            request.actor, kwargs["pk"], change=True
        )
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("Instrument: %(name)s") % {"name": self.instrument}
        return context

    def get_success_url_for(self, result):
        return _url(self.request, "instrument-detail", pk=self.instrument.pk)

    def get_cancel_url(self):
        return _url(self.request, "instrument-detail", pk=self.instrument.pk)


class ScaleCreateView(_InstrumentFormView):
    form_class = ScaleForm
    title = gettext_lazy("Add a scale of your own")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instrument": self.instrument}

    def perform(self, form):
        return services.scale_create(
            instrument=self.instrument,
            actor=self.request.user,
            translations=form.translations(),
            **form.values(),
        )


class LibraryScaleAddView(_InstrumentFormView):
    form_class = LibraryScaleAddForm
    title = gettext_lazy("Add a scale from the library")

    def perform(self, form):
        return services.instrument_add_library_scale(
            instrument=self.instrument,
            key=form.cleaned_data["key"],
            actor=self.request.user,
        )


class ItemCreateView(_InstrumentFormView):
    form_class = ItemForm
    title = gettext_lazy("Add a question")

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "instrument": self.instrument}

    def perform(self, form):
        return services.item_create(
            instrument=self.instrument,
            actor=self.request.user,
            translations=form.translations(),
            **form.values(),
        )


class InstrumentTranslationsView(_InstrumentFormView):
    """Every text of the instrument in the tenant's other languages, on one page."""

    form_class = InstrumentTranslationsForm
    title = gettext_lazy("The instrument in other languages")
    template_name = "evaluation/instrument_translations.html"
    success_message = gettext_lazy("The versions in other languages are saved.")

    def get_form_kwargs(self):
        instrument = self.instrument
        return {
            **super().get_form_kwargs(),
            "instrument": instrument,
            "scales": list(instrument.scales.all()),
            "items": list(instrument.items.all()),
            "in_use": instrument.is_in_use,
        }

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["instrument"] = self.instrument
        context["in_use"] = self.instrument.is_in_use
        context["original_name"] = i18n.language_name(self.instrument.content_language)
        return context

    def perform(self, form):
        return services.instrument_translations_save(
            instrument=self.instrument,
            actor=self.request.user,
            versions=form.versions(),
        )


class InstrumentCopyView(_InstrumentFormView):
    form_class = InstrumentCopyForm
    title = gettext_lazy("Copy the instrument")

    def get_initial(self):
        return {"name": _("%(name)s (copy)") % {"name": self.instrument.name}}

    def perform(self, form):
        return services.instrument_copy(
            instrument=self.instrument,
            name=form.cleaned_data["name"],
            actor=self.request.user,
        )

    def get_success_url_for(self, result):
        return _url(self.request, "instrument-detail", pk=result.pk)


# Panels ---------------------------------------------------------------------------------------


class PanelCreateView(ServiceFormView):
    permission = CHANGE
    form_class = PanelForm
    title = gettext_lazy("New panel")

    def get_form_kwargs(self):
        return {
            **super().get_form_kwargs(),
            "initiatives": initiative_visible(self.request.actor),
        }

    def get_initial(self):
        initial = {"language": self.request.LANGUAGE_CODE}
        slug = self.request.GET.get("initiative")
        if slug:
            initiative = (
                initiative_visible(self.request.actor).filter(slug=slug).first()
            )
            if initiative:
                initial["initiative"] = initiative.pk
        instrument = self.request.GET.get("instrument", "")
        if instrument.isdigit():
            initial["instrument"] = int(instrument)
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _(
            "A panel follows the people of one initiative with one instrument over several "
            "waves. Respondents are known in every analysis only by a pseudonym."
        )
        return context

    def perform(self, form):
        return services.panel_create(
            tenant=self.request.tenant,
            actor=self.request.user,
            translations=form.translations(),
            **form.values(),
        )

    def get_success_url_for(self, result):
        return _url(self.request, "panel-detail", pk=result.pk)

    def get_cancel_url(self):
        return _url(self.request, "evaluation-index")


def _rate(answered: int, invited: int) -> float | None:
    return round(100 * answered / invited) if invited else None


class PanelDetailView(EvaluationView):
    """A panel: its waves with invited, answered and response rate; its members by pseudonym
    with their invitation status in each wave."""

    template_name = "evaluation/panel_detail.html"

    def get_context_data(self, **kwargs):
        request = self.request
        panel = access_panel_by_id(request.actor, kwargs["pk"])
        waves = list(selectors.wave_list(panel))
        for wave in waves:
            wave.rate = _rate(wave.n_answered, wave.n_invited)
        page = paginate(request, selectors.member_list(panel))
        members = list(page.object_list)
        statuses = selectors.invitation_statuses(panel=panel, members=members)
        rows = [
            {
                "member": m,
                "waves": [
                    _status(statuses.get((m.pk, w.pk)), has_email=bool(m.email))
                    for w in waves
                ],
            }
            for m in members
        ]
        can_change = evaluation_change_allowed(request.actor)
        return {
            "panel": panel,
            "instrument": panel.instrument,
            "initiative": panel.initiative,
            "waves": waves,
            "page": page,
            "rows": rows,
            "can_change": can_change,
            "show_email": member_email_visible(request.actor),
            "wave_form": WaveForm(auto_id="wave-%s") if can_change else None,
            "has_draft": any(w.status == Wave.Status.DRAFT for w in waves),
            "n_opened": sum(1 for w in waves if w.opened_at is not None),
            "events": event_list_for(panel)[:20],
        }


def _status(invitation, *, has_email: bool) -> tuple[str, str]:
    """(css class, words) of one member's invitation to one wave."""
    if invitation is None:
        return "no", _("not invited")
    if invitation["submitted_at"]:
        if invitation["assisted_at"]:
            return "yes", _("answered with help")
        return "yes", _("answered")
    if invitation["reminders_sent"]:
        return "warn", _("reminded %(n)s×") % {"n": invitation["reminders_sent"]}
    if invitation["sent_at"]:
        return "", _("invited")
    if invitation["letter_printed_at"]:
        return "", _("letter printed")
    if not has_email:
        return "warn", _("no email: link not sent")
    return "", _("link being sent")


class _PanelFormView(ServiceFormView):
    permission = CHANGE

    def dispatch(self, request, *args, **kwargs):
        self.panel = access_panel_by_id(request.actor, kwargs["pk"], change=True)
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["intro"] = _("Panel: %(name)s (%(initiative)s)") % {
            "name": self.panel.name,
            "initiative": self.panel.initiative.name,
        }
        return context

    def get_success_url_for(self, result):
        return _url(self.request, "panel-detail", pk=self.panel.pk)

    def get_cancel_url(self):
        return _url(self.request, "panel-detail", pk=self.panel.pk)


class MembersFromParticipantsView(_PanelFormView):
    form_class = MembersFromParticipantsForm
    title = gettext_lazy("Invite the initiative's participants")

    def form_valid(self, form):
        try:
            count = services.panel_members_from_participants(
                panel=self.panel,
                actor=self.request.user,
                roles=form.cleaned_data["roles"] or None,
            )
        except DomainError as exc:
            form_add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("%(n)s members added to the panel.") % {"n": count},
        )
        return redirect(self.get_success_url_for(None))


class MembersFromEmailsView(_PanelFormView):
    form_class = MembersFromEmailsForm
    title = gettext_lazy("Invite a list of email addresses")

    template_name = "evaluation/members_emails.html"

    def form_valid(self, form):
        try:
            count = services.panel_members_from_emails(
                panel=self.panel,
                actor=self.request.user,
                emails=form.cleaned_data["addresses"],
            )
        except DomainError as exc:
            form_add_errors(form, exc)
            return self.form_invalid(form)
        skipped = len(form.cleaned_data["addresses"]) - count
        message = _("%(n)s members added to the panel.") % {"n": count}
        if skipped:
            message += " " + _(
                "%(n)s addresses were already in the panel or repeated, and were skipped."
            ) % {"n": skipped}
        messages.success(self.request, message)
        return redirect(self.get_success_url_for(None))


def _member_waves(panel, member) -> list[dict]:
    invitations = {
        i["wave_id"]: i for i in member.invitations.values(*selectors.INVITATION_STATUS)
    }
    return [
        {
            "wave": wave,
            "status": _status(invitations.get(wave.pk), has_email=bool(member.email)),
        }
        for wave in panel.waves.order_by("number")
    ]


class PanelMemberView(_PanelFormView):
    """One member, for those who run the panel: the address (to correct it), their
    invitation to each wave, and the way out of the panel."""

    form_class = MemberEmailForm
    template_name = "evaluation/member_detail.html"
    success_message = gettext_lazy("The address is changed.")

    @cached_property
    def member(self):
        return access_member_by_id(panel=self.panel, pk=self.kwargs["member_pk"])

    def get_initial(self):
        return {"email": self.member.email}

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            title=_("Panel member %(pseudonym)s")
            % {"pseudonym": self.member.pseudonym},
            panel=self.panel,
            member=self.member,
            waves=_member_waves(self.panel, self.member),
            panel_url=_url(self.request, "panel-detail", pk=self.panel.pk),
        )
        return context

    def perform(self, form):
        return services.panel_member_email_change(
            member=self.member,
            actor=self.request.user,
            email=form.cleaned_data["email"],
        )

    def get_success_url_for(self, result):
        return _url(
            self.request, "panel-member", pk=self.panel.pk, member_pk=self.member.pk
        )


class _PanelActionView(View):
    """A change to a panel that GET asks to confirm and POST makes: 404 for a panel one
    cannot see, then 403 without the permission to change it."""

    def dispatch(self, request, *args, **kwargs):
        self.panel = access_panel_by_id(request.actor, kwargs["pk"], change=True)
        return super().dispatch(request, *args, **kwargs)


class PanelMemberLeaveView(_PanelActionView):
    """A member leaves the panel, keeping or erasing their answers: GET says what will
    happen, with the counts; POST does it through the service."""

    erase = False
    template_name = "evaluation/member_leave.html"

    @cached_property
    def member(self):
        return access_member_by_id(panel=self.panel, pk=self.kwargs["member_pk"])

    def _context(self, **extra):
        member = self.member
        title = (
            _("Erase the answers of %(pseudonym)s")
            if self.erase
            else _("%(pseudonym)s leaves the panel")
        ) % {"pseudonym": member.pseudonym}
        return {
            "panel": self.panel,
            "member": member,
            "erase": self.erase,
            "title": title,
            "n_answered": member.invitations.filter(submitted_at__isnull=False).count(),
            "n_answers": member.answers.count(),
            "n_open_unanswered": member.invitations.filter(
                wave__status=Wave.Status.OPEN, submitted_at__isnull=True
            ).count(),
            "member_url": _url(
                self.request, "panel-member", pk=self.panel.pk, member_pk=member.pk
            ),
            **extra,
        }

    def get(self, request, **kwargs):
        return render(request, self.template_name, self._context())

    def post(self, request, **kwargs):
        try:
            done = services.panel_member_withdraw(
                member=self.member, actor=request.user, erase_answers=self.erase
            )
        except DomainError as exc:
            return render(
                request,
                self.template_name,
                self._context(error=exc.message),
                status=409,
            )
        if self.erase:
            message = _(
                "%(pseudonym)s has left the panel; %(n)s answers were erased."
            ) % {"pseudonym": self.member.pseudonym, "n": done["answers_erased"]}
        else:
            message = _(
                "%(pseudonym)s has left the panel; their answers stay in the analyses."
            ) % {"pseudonym": self.member.pseudonym}
        messages.success(request, message)
        return redirect(_url(request, "panel-detail", pk=self.panel.pk))


class WaveCreateView(_PanelFormView):
    form_class = WaveForm
    title = gettext_lazy("New wave")

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        kwargs.pop("tenant")
        kwargs["auto_id"] = "wave-%s"
        return kwargs

    def perform(self, form):
        return services.wave_create(
            panel=self.panel,
            actor=self.request.user,
            closes_at=form.cleaned_data["closes_at"],
        )

    def form_valid(self, form):
        try:
            wave = self.perform(form)
        except (ValidationError, DomainError) as exc:
            form_add_errors(form, exc)
            return self.form_invalid(form)
        messages.success(
            self.request,
            _("Wave %(n)s created. Open it when the panel is ready.")
            % {"n": wave.number},
        )
        return redirect(self.get_success_url_for(wave))


class WaveActionView(_PanelActionView):
    """Open a wave, send reminders, or close it: GET asks to confirm and says what will happen,
    POST does it through the service."""

    action = ""
    template_name = "evaluation/wave_action.html"
    TITLES = {
        "open": gettext_lazy("Open wave %(n)s"),
        "remind": gettext_lazy("Send reminders for wave %(n)s"),
        "close": gettext_lazy("Close wave %(n)s"),
    }

    @cached_property
    def wave(self):
        return access_wave_by_number(panel=self.panel, number=self.kwargs["number"])

    def _context(self):
        wave = self.wave
        invitations = wave.invitations.all()
        members = self.panel.members.filter(withdrawn_at__isnull=True)
        return {
            "panel": self.panel,
            "wave": wave,
            "action": self.action,
            "title": self.TITLES[self.action] % {"n": wave.number},
            "n_members": members.count(),
            "n_without_email": members.filter(email="").count(),
            "n_pending": invitations.filter(
                submitted_at__isnull=True, sent_at__isnull=False
            ).count()
            if self.action == "remind"
            else None,
            "n_answered": invitations.filter(submitted_at__isnull=False).count()
            if self.action == "close"
            else None,
            "n_items": self.panel.instrument.items.count(),
            "panel_url": _url(self.request, "panel-detail", pk=self.panel.pk),
        }

    def get(self, request, **kwargs):
        return render(request, self.template_name, self._context())

    def post(self, request, **kwargs):
        actor = request.user
        try:
            if self.action == "open":
                count = services.wave_open(wave=self.wave, actor=actor)
                message = _(
                    "Wave %(n)s is open: %(count)s personal links are being emailed."
                ) % {"n": self.wave.number, "count": count}
            elif self.action == "remind":
                services.wave_remind(wave=self.wave, actor=actor)
                message = _(
                    "Reminders for wave %(n)s are being emailed to those who have not "
                    "answered yet."
                ) % {"n": self.wave.number}
            else:
                services.wave_close(wave=self.wave, actor=actor)
                message = _(
                    "Wave %(n)s is closed: answers can no longer be changed."
                ) % {"n": self.wave.number}
        except DomainError as exc:
            context = self._context()
            context["error"] = exc.message
            return render(request, self.template_name, context, status=409)
        messages.success(request, message)
        return redirect(_url(request, "panel-detail", pk=self.panel.pk))


class WaveLettersView(_PanelActionView):
    """Printed invitation letters for members who get no email: GET says for whom and
    asks who to call for help; POST makes (or reuses) their links through the service,
    which records who printed them, and answers the letters to print (one a page, A4).

    Only the panel's own members, found through the panel one may change: a member of
    another panel or tenant is a 404, and no other link is ever on the page."""

    template_name = "evaluation/letters_form.html"
    print_template_name = "evaluation/letters_print.html"

    @cached_property
    def wave(self):
        return access_wave_by_number(panel=self.panel, number=self.kwargs["number"])

    def _member(self, pk):
        return None if pk is None else access_member_by_id(panel=self.panel, pk=pk)

    def _context(self, form, **extra):
        pending = Invitation.objects.filter(
            tenant_id=self.panel.tenant_id, wave=self.wave, submitted_at__isnull=False
        ).values("member_id")
        members = selectors.member_list(self.panel).filter(withdrawn_at__isnull=True)
        to_answer = members.exclude(pk__in=pending)
        member = form["member"].value()
        return {
            "panel": self.panel,
            "wave": self.wave,
            "form": form,
            "title": _("Invitation letters for wave %(n)s") % {"n": self.wave.number},
            "member": self._member(int(member)) if str(member).isdigit() else None,
            "n_without_email": to_answer.filter(email="").count(),
            "n_to_answer": to_answer.count(),
            "panel_url": _url(self.request, "panel-detail", pk=self.panel.pk),
            **extra,
        }

    def get(self, request, **kwargs):
        member = request.GET.get("member", "")
        form = LettersForm(
            initial={
                "help_contact": self.panel.help_contact,
                "member": int(member) if member.isdigit() else None,
            }
        )
        return render(request, self.template_name, self._context(form))

    def post(self, request, **kwargs):
        form = LettersForm(request.POST)
        if not form.is_valid():
            return render(request, self.template_name, self._context(form), status=422)
        data = form.cleaned_data
        try:
            invitations = services.wave_letters_issue(
                wave=self.wave,
                actor=request.user,
                help_contact=data["help_contact"],
                everyone=data["who"] == LettersForm.EVERYONE,
                member=self._member(data["member"]),
            )
        except DomainError as exc:
            form_add_errors(form, exc)
            return render(request, self.template_name, self._context(form), status=409)
        response = render(
            request,
            self.print_template_name,
            {
                "panel": self.panel,
                "initiative": self.panel.initiative,
                "wave": self.wave,
                "help_contact": " ".join(data["help_contact"].split()),
                "letters": letters_build(self.panel, invitations),
                "back_url": _url(request, "panel-detail", pk=self.panel.pk),
            },
        )
        # personal links: never kept by a cache
        response["Cache-Control"] = "no-store, private"
        return response
