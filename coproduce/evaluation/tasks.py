"""Background work of evaluation: invitations and reminders, sent through Django's email
backend by the task worker (``coproduce db_worker``). Tasks take ids (the tenant's and the
wave's) and reopen the tenant's scope: a wave of another tenant is not found."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope
from django_tasks import task

from .models import Invitation, Wave

logger = logging.getLogger(__name__)


def invitation_link(invitation: Invitation) -> str:
    """The personal link as the member reads it (emailed, or printed on a letter)."""
    return settings.COPRODUCE_BASE_URL.rstrip("/") + reverse(
        "respond", kwargs={"token": invitation.token}
    )


def _message(
    invitation: Invitation, *, reminder: bool
) -> tuple[str, str, str, list[str]]:
    """In the language the member last answered in, else the panel's."""
    panel = invitation.wave.panel
    with translation.override(invitation.member.language or panel.language):
        return _written(invitation, panel, reminder=reminder)


def _written(invitation, panel, *, reminder: bool) -> tuple[str, str, str, list[str]]:
    subject = (
        _("Reminder: %(panel)s") if reminder else _("Your views on %(panel)s")
    ) % {"panel": " ".join(panel.name.split())}  # a header: one line, or no mail
    body = _(
        'Hello,\n\nyou are invited to answer wave %(wave)s of the survey "%(panel)s" of '
        "%(initiative)s. Your answers are analysed only together with others, under a "
        "pseudonym.\n\nAnswer here (you can change your answers until the survey closes):\n"
        "%(link)s\n\nThis link is personal: please do not share it.\n"
    ) % {
        "wave": invitation.wave.number,
        "panel": panel.name,
        "initiative": panel.initiative.name,
        "link": invitation_link(invitation),
    }
    return subject, body, settings.DEFAULT_FROM_EMAIL, [invitation.member.email]


def _deliver(
    invitations: list[Invitation], *, reminder: bool
) -> tuple[list[int], dict[str, list[int]]]:
    """Send each invitation's mail on one connection; a mail the server refuses is kept
    as failed with the reason (shown on the panel's page) and the others still go."""
    sent: list[int] = []
    failed: dict[str, list[int]] = {}
    connection = get_connection()
    with connection:
        for invitation in invitations:
            subject, body, sender, to = _message(invitation, reminder=reminder)
            try:
                EmailMessage(subject, body, sender, to, connection=connection).send()
            except Exception as exc:  # noqa: BLE001 (any refusal: recorded, not lost)
                logger.warning("Invitation %s not sent: %s", invitation.pk, exc)
                error = f"{type(exc).__name__}: {exc}"[:200]
                failed.setdefault(error, []).append(invitation.pk)
            else:
                sent.append(invitation.pk)
    return sent, failed


def _send(*, tenant_id: int, wave_id: int, reminder: bool) -> int:
    with scope(tenant=tenant_id), transaction.atomic():
        wave = (
            Wave.objects.filter(tenant_id=tenant_id, pk=wave_id)
            .select_related("panel__initiative")
            .first()
        )
        if wave is None or wave.status != Wave.Status.OPEN:
            return 0
        invitations = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .filter(wave=wave, member__email__gt="")
            .select_related("member", "wave__panel__initiative")
        )
        if reminder:
            invitations = invitations.filter(
                submitted_at__isnull=True, sent_at__isnull=False
            )
        else:
            invitations = invitations.filter(sent_at__isnull=True)
        sent, failed = _deliver(list(invitations), reminder=reminder)
        now = timezone.now()
        for error, failed_ids in failed.items():
            Invitation.objects.filter(pk__in=failed_ids).update(
                send_failed_at=now, send_error=error
            )
        ids = sent
        Invitation.objects.filter(pk__in=ids, send_failed_at__isnull=False).update(
            send_failed_at=None, send_error=""
        )
        if reminder:
            Invitation.objects.filter(pk__in=ids).update(
                reminders_sent=F("reminders_sent") + 1, last_reminded_at=now
            )
        else:
            Invitation.objects.filter(pk__in=ids).update(sent_at=now)
        return len(ids)


@task()
def send_invitations(*, tenant_id: int, wave_id: int) -> int:
    """Email each member of an open wave their personal link, once."""
    return _send(tenant_id=tenant_id, wave_id=wave_id, reminder=False)


@task()
def send_reminders(*, tenant_id: int, wave_id: int) -> int:
    """Remind those invited who have not answered yet."""
    return _send(tenant_id=tenant_id, wave_id=wave_id, reminder=True)
