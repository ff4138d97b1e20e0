"""The respondent's side: a personal link (token), no account.

The token is the credential: it opens exactly one member's invitation to one wave, and the
page shows nothing of anyone else. The endpoint is public, so it is rate limited twice with
``coproduce.core.ratelimit`` (shared cache): unknown tokens per client address (someone
guessing links is stopped; a mistyped link now and then is not), and saves per token (one
link cannot be used to hammer the database). Successful page views are not counted per address, so that many
respondents behind one address (a library, a care home) are never locked out. The limits
can be tuned with ``COPRODUCE_RESPOND_UNKNOWN_RATE`` and ``COPRODUCE_RESPOND_SAVE_RATE``
(attempts, window in seconds) in the settings.
"""

import contextlib

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django_scopes import scope

from coproduce.core import i18n, ratelimit
from coproduce.core.errors import ConflictError, DomainError
from coproduce.core.templatetags.content import lang_attrs

from .access import access_member_by_id, access_panel_by_id, access_wave_by_number
from .models import Answer, Invitation, Item, Wave
from .selectors import invitation_by_token, invitation_for, opened_wave_items
from .services import response_save, response_save_assisted

UNKNOWN_RATE = (30, 300)  # unknown tokens per client address
SAVE_RATE = (60, 300)  # saves per token
NOT_ANSWERS = frozenset({"csrfmiddlewaretoken", "version"})
INTERFACE = frozenset(code for code, _name in settings.LANGUAGES)
# the language a respondent chose for the questions (one not of the interface too)
CONTENT_COOKIE = "coproduce_content_language"
STALE_FORM = _(
    "Nothing was saved: this form is not the one the page sends. Reload the page and "
    "answer again."
)


def _rate(name: str, default: tuple[int, int]) -> tuple[int, int]:
    return getattr(settings, name, default)


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return str(int(value)) if value == int(value) else str(value)


def _radios(code: str, options: list[dict], error: bool) -> str:
    """A question's radio buttons. Built here rather than by a template loop (fifteen
    questions of eleven buttons were 1,900 template nodes, two thirds of a page's time),
    and with each person-written text escaped once rather than one ``format_html`` per
    button (then still half of a page's time; bench/response_submission.py). Values are
    the digits of whole numbers; the code and the end labels are escaped."""
    code = escape(code)
    invalid = f' aria-invalid="true" aria-describedby="q-{code}-error"' if error else ""
    # every person-written text above went through escape() once
    return mark_safe(  # noqa: S308
        "".join(
            f'<label for="q-{code}-{value}"><input type="radio" id="q-{code}-{value}" '
            f'name="{code}" value="{value}"{" checked" if o["checked"] else ""}'
            f"{invalid}>{value}"
            + (
                f'<span class="visually-hidden"{o["end_lang"]}> – {escape(o["end"])}</span>'
                if o["end"]
                else ""
            )
            + "</label>"
            for o in options
            for value in (escape(o["value"]),)
        )
    )


class RespondView(View):
    template_name = "evaluation/respond.html"

    def dispatch(self, request, *args, token: str, **kwargs):
        limit, window = _rate("COPRODUCE_RESPOND_UNKNOWN_RATE", UNKNOWN_RATE)
        if ratelimit.blocked(request, "respond-unknown", limit=limit, window=window):
            return self._too_many(request)
        invitation = invitation_by_token(token, for_page=request.method != "POST")
        if invitation is None:
            ratelimit.record_failure(
                request, "respond-unknown", limit=limit, window=window
            )
            raise Http404
        with scope(tenant=invitation.tenant_id):
            chosen = self._chosen_language(request, invitation)
            switch = (
                translation.override(chosen)
                if chosen in INTERFACE
                else contextlib.nullcontext()
            )
            with switch:
                if chosen in INTERFACE:
                    request.LANGUAGE_CODE = chosen
                self.content_language = chosen or request.LANGUAGE_CODE
                response = super().dispatch(request, invitation=invitation)
            if request.GET.get("lang") == chosen and chosen:
                response.set_cookie(
                    CONTENT_COOKIE, chosen, max_age=365 * 86400, samesite="Lax"
                )
                if chosen in INTERFACE:
                    response.set_cookie(
                        settings.LANGUAGE_COOKIE_NAME,
                        chosen,
                        max_age=365 * 86400,
                        samesite="Lax",
                    )
        # personal: never cached by a shared cache, never indexed
        response["Cache-Control"] = "no-store, private"
        response["X-Robots-Tag"] = "noindex"
        return response

    content_language = ""

    def _offered(self, invitation) -> list[str]:
        """The languages the respondent may choose: the interface's, and those the
        instrument's questions are written in."""
        items = self._items(invitation)
        found = list(dict.fromkeys(code for code, _name in settings.LANGUAGES))
        for item in items:
            for language in i18n.languages_of(item, "text"):
                if language not in found:
                    found.append(language)
        return found

    def _chosen_language(self, request, invitation) -> str:  # noqa: ARG002
        """The language asked for in the link (``?lang=sv``, the switcher), else the one
        chosen before (unless the interface's language was changed since), else the
        interface's."""
        offered = i18n.CONTENT_LANGUAGE_CODES
        asked = request.GET.get("lang", "")
        if asked in offered:
            return asked
        before = request.COOKIES.get(CONTENT_COOKIE, "")
        if before in offered and (
            before not in INTERFACE or before == request.LANGUAGE_CODE
        ):
            return before
        return ""

    def _switcher(self, request, invitation) -> list[dict]:
        current = self.content_language
        return [
            {
                "code": code,
                "name": i18n.language_name(code),
                # each language's name in itself, so a reader finds their own
                "own_name": i18n.autonym(code),
                "current": code == current,
                "url": f"{request.path}?lang={code}",
            }
            for code in self._offered(invitation)
        ]

    def _too_many(self, request):
        return render(request, "evaluation/respond_limited.html", status=429)

    # reading ----------------------------------------------------------------------------

    def _items(self, invitation) -> tuple[Item, ...]:
        # invitations exist only once their wave has opened (services.wave_open)
        wave = invitation.wave
        return opened_wave_items(wave.panel.instrument_id, str(wave.opened_at))

    def _saved(self, invitation) -> dict[int, tuple[float | None, str]]:
        if invitation.submitted_at is None:  # answers are written only by a save
            return {}
        return {
            item_id: (value, text)
            for item_id, value, text in Answer.objects.filter(
                tenant_id=invitation.tenant_id,
                wave_id=invitation.wave_id,
                member_id=invitation.member_id,
            ).values_list("item_id", "value", "text")
        }

    def _questions(self, items, values: dict[str, str], errors: dict[str, str]):
        questions = []
        language = self.content_language or None
        for item in items:
            value = values.get(item.code, "")
            question = {
                "item": item,
                "text": i18n.localized(item, "text", language),
                "code": item.code,
                "value": value,
                "error": errors.get(item.code, ""),
                "first_id": f"q-{item.code}",
            }
            if item.kind == Item.Kind.SCALE:
                scale = item.scale
                low = i18n.localized(scale, "minimum_label", language)
                high = i18n.localized(scale, "maximum_label", language)
                question["minimum_label"], question["maximum_label"] = low, high
                question["options"] = [
                    {
                        "value": str(v),
                        "checked": str(v) == value,
                        "end": low.text
                        if v == scale.minimum
                        else high.text
                        if v == scale.maximum
                        else "",
                        "end_lang": lang_attrs(low)
                        if v == scale.minimum
                        else lang_attrs(high)
                        if v == scale.maximum
                        else "",
                    }
                    for v in range(scale.minimum, scale.maximum + 1)
                ]
                question["first_id"] = f"q-{item.code}-{scale.minimum}"
                question["radios"] = _radios(
                    item.code, question["options"], bool(question.get("error"))
                )
            questions.append(question)
        return questions

    def _render(
        self, request, invitation, *, values=None, errors=None, status=200, **extra
    ):
        wave = invitation.wave
        items = self._items(invitation)
        saved = self._saved(invitation)
        saved_values = {
            item.code: (
                saved[item.pk][1]
                if item.kind == Item.Kind.TEXT
                else _number(saved[item.pk][0])
            )
            for item in items
            if item.pk in saved
        }
        errors = errors or {}
        context = {
            "invitation": invitation,
            "wave": wave,
            "panel": wave.panel,
            "initiative": wave.panel.initiative,
            "closed": wave.status != Wave.Status.OPEN,
            "withdrawn": invitation.member.withdrawn_at is not None,
            "submitted": invitation.submitted_at is not None,
            "questions": self._questions(
                items, saved_values if values is None else values, errors
            ),
            "answers": [
                {
                    "item": item,
                    "text": i18n.localized(item, "text", self.content_language or None),
                    "value": saved_values.get(item.code, ""),
                    "scale": item.scale,
                }
                for item in items
            ],
            "errors": errors,
            "instructions": i18n.localized(
                wave.panel.instrument, "instructions", self.content_language or None
            ),
            "languages": self._switcher(request, invitation),
            "panel_name": i18n.localized(
                wave.panel, "name", self.content_language or None
            ),
            "saved": request.GET.get("saved") == "1" and not errors,
            **extra,
        }
        return render(request, self.template_name, context, status=status)

    def get(self, request, *, invitation):
        return self._render(request, invitation)

    # writing ----------------------------------------------------------------------------

    def post(self, request, *, invitation):
        limit, window = _rate("COPRODUCE_RESPOND_SAVE_RATE", SAVE_RATE)
        rate = {"key": invitation.token, "limit": limit, "window": window}
        if ratelimit.blocked(request, "respond-save", **rate):
            return self._too_many(request)
        ratelimit.record_failure(request, "respond-save", **rate)
        answers = {k: v for k, v in request.POST.items() if k not in NOT_ANSWERS}
        try:  # required: without it a save from a stale form would skip the conflict check
            version = int(request.POST["version"])
        except (KeyError, ValueError):
            return self._render(
                request, invitation, values=answers, problem=STALE_FORM, status=422
            )
        try:
            response_save(
                invitation=invitation,
                answers=answers,
                version=version,
                language=request.LANGUAGE_CODE,
            )
        except ConflictError as exc:
            # another window saved in between: show what is saved now, with its version
            invitation.refresh_from_db(fields=["version", "submitted_at", "updated_at"])
            return self._render(request, invitation, problem=exc.message, status=409)
        except DomainError as exc:
            invitation.wave.refresh_from_db(fields=["status"])
            invitation.member.refresh_from_db(fields=["withdrawn_at"])
            if invitation.member.withdrawn_at is not None:
                return self._render(
                    request, invitation, problem=exc.message, status=409
                )
            if invitation.wave.status != Wave.Status.OPEN:
                return self._render(request, invitation, status=409)
            return self._render(
                request,
                invitation,
                values=answers,
                errors=getattr(exc, "errors", None) or {},
                problem=None if getattr(exc, "errors", None) else exc.message,
                status=422,
            )
        return HttpResponseRedirect(f"{request.path}?saved=1")


class AssistedResponseView(RespondView):
    """Staff answer a member's questionnaire with them (by telephone, in person): the
    member's own form, with their saved answers, under the staff's pages. Only those who
    may change the panel (``evaluation/access.py``): a panel one cannot see, or a member
    or wave not of it, is a 404; without the permission, 403.

    The save is the respondent's (all or nothing, an older form refused), marked as
    assisted and recorded by ``services.response_save_assisted``; answers the member saved
    themselves are changed only once staff confirm that the member wants it."""

    template_name = "evaluation/respond_assisted.html"

    def dispatch(self, request, *args, pk: int, member_pk: int, number: int, **kw):
        panel = access_panel_by_id(request.actor, pk, change=True)
        member = access_member_by_id(panel=panel, pk=member_pk)
        wave = access_wave_by_number(panel=panel, number=number)
        wave.panel = panel
        self.panel, self.member, self.wave = panel, member, wave
        response = View.dispatch(self, request, invitation=self._invitation())
        response["Cache-Control"] = "no-store, private"
        return response

    def _invitation(self) -> Invitation:
        """The member's invitation to the wave; one not made yet (a member added after
        the wave opened) is shown unanswered, and made by the save."""
        invitation = invitation_for(wave=self.wave, member=self.member)
        if invitation is None:
            invitation = Invitation(
                tenant_id=self.wave.tenant_id, wave=self.wave, member=self.member
            )
        invitation.wave, invitation.member = self.wave, self.member
        return invitation

    def _member_url(self, request) -> str:
        return reverse(
            "panel-member",
            kwargs={
                "tenant": request.tenant.slug,
                "pk": self.panel.pk,
                "member_pk": self.member.pk,
            },
        )

    def _render(self, request, invitation, **kwargs):
        return super()._render(
            request,
            invitation,
            member=self.member,
            draft=self.wave.status == Wave.Status.DRAFT,
            own_answers=invitation.last_saved_by_member,
            member_url=self._member_url(request),
            **kwargs,
        )

    def post(self, request, *, invitation):
        answers = {
            k: v
            for k, v in request.POST.items()
            if k not in NOT_ANSWERS and k != "replace_own"
        }
        try:
            version = int(request.POST["version"])
        except (KeyError, ValueError):
            return self._render(
                request, invitation, values=answers, problem=STALE_FORM, status=422
            )
        try:
            response_save_assisted(
                wave=self.wave,
                member=self.member,
                answers=answers,
                version=version,
                actor=request.user,
                replace_own=request.POST.get("replace_own") == "1",
            )
        except ConflictError as exc:
            # the member saved in between, or answered themselves: show what is saved
            self.member.refresh_from_db(fields=["withdrawn_at"])
            return self._render(
                request, self._invitation(), problem=exc.message, status=409
            )
        except DomainError as exc:
            self.wave.refresh_from_db(fields=["status"])
            errors = getattr(exc, "errors", None) or {}
            if self.wave.status != Wave.Status.OPEN:
                return self._render(request, self._invitation(), status=409)
            return self._render(
                request,
                invitation,
                values=answers,
                errors=errors,
                problem=None if errors else exc.message,
                status=422,
            )
        messages.success(
            request,
            gettext(
                "The answers of %(pseudonym)s are saved, marked as given with help."
            )
            % {"pseudonym": self.member.pseudonym},
        )
        return HttpResponseRedirect(self._member_url(request))
