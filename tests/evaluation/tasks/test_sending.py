"""The sending tasks take the tenant's and the wave's ids and work inside that tenant's
scope: named with another tenant, a wave is not found and nothing is sent."""

import smtplib

import pytest
from django.core.mail.backends import locmem
from django.urls import reverse
from django_scopes import scopes_disabled

from coproduce.evaluation.tasks import send_invitations, send_reminders

from ..views.test_respond import open_wave

pytestmark = pytest.mark.django_db


def test_invitations_go_out_once_in_the_waves_tenant(tenant, coordinator, mailoutbox):
    wave = open_wave(tenant, coordinator)

    assert send_invitations.call(tenant_id=tenant.pk, wave_id=wave.pk) == 2
    assert sorted(m.to[0] for m in mailoutbox) == ["a@example.org", "b@example.org"]
    assert send_invitations.call(tenant_id=tenant.pk, wave_id=wave.pk) == 0
    assert send_reminders.call(tenant_id=tenant.pk, wave_id=wave.pk) == 2
    assert len(mailoutbox) == 4


def test_another_tenants_id_finds_no_wave(
    tenant, other_tenant, coordinator, mailoutbox
):
    wave = open_wave(tenant, coordinator)

    assert send_invitations.call(tenant_id=other_tenant.pk, wave_id=wave.pk) == 0
    assert send_reminders.call(tenant_id=other_tenant.pk, wave_id=wave.pk) == 0
    assert mailoutbox == []
    with scopes_disabled():
        assert not wave.invitations.filter(sent_at__isnull=False).exists()


class RefusingBackend(locmem.EmailBackend):
    """The locmem backend, refusing mail to any address at refused.example."""

    def send_messages(self, messages):
        for message in messages:
            if any(a.endswith("@refused.example") for a in message.to):
                raise smtplib.SMTPRecipientsRefused({message.to[0]: (550, b"no")})
        return super().send_messages(messages)


def test_a_refused_invitation_is_kept_as_not_sent_and_shown(
    tenant, coordinator, mailoutbox, settings, client_for
):
    wave = open_wave(tenant, coordinator)
    with scopes_disabled():
        refused = wave.invitations.select_related("member").order_by("pk").first()
        refused.member.email = "x@refused.example"
        refused.member.save(update_fields=["email"])
    settings.EMAIL_BACKEND = f"{__name__}.RefusingBackend"

    # the other member still gets theirs; the refused one is not counted as sent
    assert send_invitations.call(tenant_id=tenant.pk, wave_id=wave.pk) == 1
    with scopes_disabled():
        refused.refresh_from_db()
        assert refused.sent_at is None
        assert refused.send_failed_at is not None
        assert "SMTPRecipientsRefused" in refused.send_error
    page = client_for(coordinator).get(
        reverse("panel-detail", kwargs={"tenant": tenant.slug, "pk": wave.panel_id})
    )
    assert "1 invitation could not be sent" in page.content.decode()

    # once the address works, the next send delivers it and the mark goes
    with scopes_disabled():
        refused.member.email = "x@example.org"
        refused.member.save(update_fields=["email"])
    assert send_invitations.call(tenant_id=tenant.pk, wave_id=wave.pk) == 1
    with scopes_disabled():
        refused.refresh_from_db()
        assert refused.sent_at is not None
        assert refused.send_failed_at is None
