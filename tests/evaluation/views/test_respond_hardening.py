"""A save from a form without its version is refused (it would skip the conflict check),
and a panel name that would break every invitation's subject is refused when written."""

import json

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from coproduce.evaluation import services
from coproduce.evaluation.models import Answer, Panel
from tests.conftest import Client

from ... import factories as f
from .test_respond import link, open_wave

pytestmark = pytest.mark.django_db


@pytest.fixture
def invitation(tenant, coordinator):
    wave = open_wave(tenant, coordinator)
    return wave.invitations.get(member__email="a@example.org")


def test_a_save_without_a_version_is_refused_and_nothing_is_saved(client, invitation):
    client.post(link(invitation), {"tp1": "6", "version": "0"})
    # another tab, or a script, sends answers without saying what it saw
    response = client.post(link(invitation), {"tp1": "2"})
    assert response.status_code == 422
    assert "Reload the page" in response.content.decode()
    assert Answer.objects.get(item__code="tp1").value == 6
    response = client.post(link(invitation), {"tp1": "2", "version": "new"})
    assert response.status_code == 422
    assert Answer.objects.get(item__code="tp1").value == 6


@pytest.mark.parametrize("name", ["Trust\r\nBcc: all@example.org", "Trust\npanel"])
def test_a_panel_name_on_two_lines_is_refused(tenant, coordinator, name):
    instrument = services.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="T", keys=["trust_provider"]
    )
    with pytest.raises(ValidationError) as refused:
        services.panel_create(
            tenant=tenant,
            actor=coordinator,
            initiative=f.InitiativeFactory(tenant=tenant),
            instrument=instrument,
            name=name,
        )
    assert "one line" in str(refused.value)
    assert not Panel.objects.exists()


def test_the_api_refuses_a_panel_name_with_a_line_break(
    tenant, coordinator, api_headers
):
    instrument = services.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="T", keys=["trust_provider"]
    )
    response = Client(headers=api_headers(coordinator, tenant)).post(
        "/api/v1/panels",
        json.dumps(
            {
                "initiative": f.InitiativeFactory(tenant=tenant).pk,
                "instrument": instrument.pk,
                "name": "Voice\r\nBcc: x@example.org",
            }
        ),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "one line" in response.content.decode()


def test_an_old_panel_name_with_a_line_break_still_gets_its_invitations_out(
    tenant, coordinator
):
    wave = open_wave(tenant, coordinator)
    Panel.objects.filter(pk=wave.panel_id).update(name="Trust\r\npanel")
    from coproduce.evaluation.tasks import send_invitations

    mail.outbox.clear()
    assert send_invitations.call(tenant_id=wave.tenant_id, wave_id=wave.pk) == 2
    assert len(mail.outbox) == 2
    assert mail.outbox[0].subject == "Your views on Trust panel"
