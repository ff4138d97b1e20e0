"""The sending tasks take the tenant's and the wave's ids and work inside that tenant's
scope: named with another tenant, a wave is not found and nothing is sent."""

import pytest
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
