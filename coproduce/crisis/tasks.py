"""Background work of crisis mode, run by the task worker (``coproduce db_worker``): the
call-out messages (email and text message, each in the person's language), the
escalation of a need at its deadline, and the erasure of residents' details at the end
of their retention. Ids in; the tenant's scope is reopened."""

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope
from django_tasks import task

from coproduce.coproducers.models import CoproducerProfile
from coproduce.core import i18n
from coproduce.tenancy.models import Tenant

from . import sms
from .models import CallOut


def _language(profile: CoproducerProfile | None) -> str:
    """The person's own language: the one they chose for emails, else the site's."""
    return (profile.email_language if profile else "") or settings.LANGUAGE_CODE


def callout_texts(callout: CallOut, link: str) -> tuple[str, str, str]:
    """(subject, email body, text message) in the active language; the need's title
    in that language (its version, else the original, which the email then says is in
    another language: coproduce.core.i18n)."""
    need = callout.need
    when = timezone.localtime(need.starts_at)
    until = timezone.localtime(need.ends_at)
    title = i18n.localized(need, "title")
    params = {
        "what": title.text,
        "area": need.area,
        "when": f"{when:%d.%m. %H:%M}–{until:%H:%M}",
        "centre": need.centre.initiative.name,
        "link": link,
    }
    subject = _("Can you help? %(what)s") % params
    body = (
        _(
            "%(centre)s asks for your help: %(what)s, postcode area %(area)s, %(when)s.\n\n"
            "Accept or decline here (no login needed): %(link)s\n\n"
            "Places go to those who accept first."
        )
        % params
    )
    if title.is_fallback:
        body = f"({i18n.fallback_note(title)})\n\n{body}"
    text = (
        _("%(centre)s: %(what)s, %(area)s, %(when)s. Accept or decline: %(link)s")
        % params
    )
    return subject, body, text


@task()
def callout_messages_send(*, tenant_id: int, callout_ids: list[int]) -> int:
    """Email and text the call-outs not yet sent that way; returns how many people."""
    from .services import callout_link_token

    with scope(tenant=tenant_id):
        callouts = list(
            CallOut.objects.filter(
                tenant_id=tenant_id, pk__in=callout_ids, status=CallOut.Status.SENT
            ).select_related("person", "need__centre__initiative")
        )
        profiles = {
            p.person_id: p
            for p in CoproducerProfile.objects.filter(
                tenant_id=tenant_id, person_id__in=[c.person_id for c in callouts]
            )
        }
        emails, texts, emailed, texted = [], [], [], []
        base = settings.COPRODUCE_BASE_URL.rstrip("/")
        for callout in callouts:
            link = base + reverse(
                "crisis-respond", kwargs={"token": callout_link_token(callout)}
            )
            with translation.override(_language(profiles.get(callout.person_id))):
                subject, body, text = callout_texts(callout, link)
            person = callout.person
            if person.email and callout.emailed_at is None:
                emails.append(
                    EmailMessage(
                        subject, body, settings.DEFAULT_FROM_EMAIL, [person.email]
                    )
                )
                emailed.append(callout.pk)
            if person.phone and callout.texted_at is None:
                texts.append(sms.SmsMessage(to=person.phone, body=text))
                texted.append(callout.pk)
        if emails:
            get_connection().send_messages(emails)
        if texts:
            sms.get_connection().send_messages(texts)
        now = timezone.now()
        CallOut.objects.filter(pk__in=emailed).update(emailed_at=now)
        CallOut.objects.filter(pk__in=texted).update(texted_at=now)
        return len(callouts)


@task()
def need_escalate(*, tenant_id: int, need_id: int) -> int:
    """At a need's deadline: the next candidates, if places are still open."""
    from .services import escalate_due

    with scope(tenant=tenant_id):
        tenant = Tenant.objects.get(pk=tenant_id)
        return escalate_due(tenant=tenant)


@task()
def residents_erase(*, tenant_id: int) -> int:
    """Erase the resident details whose retention after their need closed is over."""
    from .services import residents_erase_due

    with scope(tenant=tenant_id):
        tenant = Tenant.objects.get(pk=tenant_id)
        return residents_erase_due(tenant=tenant)
