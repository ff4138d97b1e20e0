"""Background work of the co-producers' side: notification emails and the day-before
shift reminders, run by the task worker (``coproduce db_worker``). Ids in; the tenant's
scope is reopened."""

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_scopes import scope
from django_tasks import task

from coproduce.tenancy.models import Tenant

from .models import CoproducerProfile, Notification


def _absolute(url: str) -> str:
    return settings.COPRODUCE_BASE_URL.rstrip("/") + url if url else ""


@task()
def notification_email_send(*, tenant_id: int, notification_id: int) -> bool:
    """Email one notification to its person, once, in the language they chose."""
    with scope(tenant=tenant_id):
        notification = (
            Notification.objects.filter(
                tenant_id=tenant_id, pk=notification_id, emailed_at__isnull=True
            )
            .select_related("person")
            .first()
        )
        if notification is None or not notification.person.email:
            return False
        profile = CoproducerProfile.objects.filter(person=notification.person).first()
        language = (profile.email_language if profile else "") or settings.LANGUAGE_CODE
        with translation.override(language):
            subject = str(notification.get_kind_display())
            footer = _(
                "You can choose what reaches you by email on your profile page in "
                "coproduce."
            )
            body = f"{notification.text}\n\n{_absolute(notification.url)}\n\n{footer}\n"
        send_mail(
            subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [notification.person.email],
            fail_silently=False,
        )
        Notification.objects.filter(pk=notification.pk).update(
            emailed_at=timezone.now()
        )
        return True


@task()
def shift_reminders_run(*, tenant_id: int) -> int:
    """Remind those with a place on a shift starting within a day (each shift once)."""
    from .services import shift_reminders_send

    with scope(tenant=tenant_id):
        tenant = Tenant.objects.get(pk=tenant_id)
        return shift_reminders_send(tenant=tenant)
