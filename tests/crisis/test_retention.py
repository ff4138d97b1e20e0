"""Retention of residents' details (issue 14): erased a configurable number of days
after the need closes, by the service the task and the command run, each erasure an
event; erasure on request by a coordinator or the assignee, never by others."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from coproduce.core.models import Event
from coproduce.crisis import services
from coproduce.crisis.models import Need, NeedResident, ResidentAccess
from tests.conftest import Client

pytestmark = pytest.mark.django_db


def _close(crisis, days_ago: float) -> Need:
    need = services.need_close(need=crisis.need, actor=crisis.actors["coordinator"])
    Need.objects.filter(pk=need.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=days_ago)
    )
    return Need.objects.get(pk=need.pk)


def _erased_events(need):
    return Event.objects.filter(action="crisis.resident.erased", object_id=need.pk)


def test_erased_after_the_retention_and_logged(crisis):
    # read once: the read log stays after erasure (it holds no details)
    services.resident_read(
        need=crisis.need, actor=crisis.actors["professional"], channel="page"
    )
    need = _close(crisis, days_ago=10)
    with override_settings(COPRODUCE_CRISIS_RESIDENT_DAYS=30):
        assert services.residents_erase_due(tenant=crisis.tenant) == 0
    assert NeedResident.objects.filter(need=need).exists()
    with override_settings(COPRODUCE_CRISIS_RESIDENT_DAYS=7):
        assert services.residents_erase_due(tenant=crisis.tenant) == 1
    need.refresh_from_db()
    assert not NeedResident.objects.filter(need=need).exists()
    assert need.resident_erased_at is not None
    assert _erased_events(need).get().data == {"reason": "retention"}
    assert ResidentAccess.objects.filter(need=need).count() == 1
    # again: nothing left to erase
    with override_settings(COPRODUCE_CRISIS_RESIDENT_DAYS=7):
        assert services.residents_erase_due(tenant=crisis.tenant) == 0


def test_open_needs_keep_their_resident(crisis):
    assert services.residents_erase_due(tenant=crisis.tenant, days=0) == 0
    assert NeedResident.objects.filter(need=crisis.need).exists()


def test_command_erases_with_days(crisis):
    _close(crisis, days_ago=3)
    out = StringIO()
    call_command(
        "crisis", "erase-residents", "--tenant", crisis.tenant.slug, "--days", "5",
        stdout=out,
    )  # fmt: skip
    assert "Erased the details of 0 residents" in out.getvalue()
    call_command(
        "crisis", "erase-residents", "--tenant", crisis.tenant.slug, "--days", "2",
        stdout=out,
    )  # fmt: skip
    assert "Erased the details of 1 residents" in out.getvalue()
    assert not NeedResident.objects.filter(need=crisis.need).exists()


def test_task_erases(crisis):
    from coproduce.crisis.tasks import residents_erase

    _close(crisis, days_ago=40)
    assert residents_erase.call(tenant_id=crisis.tenant.pk) == 1


def test_erasure_on_request_by_page(crisis, client_for):
    url = reverse(
        "crisis-resident-erase",
        kwargs={"tenant": crisis.tenant.slug, "pk": crisis.need.pk},
    )
    # a professional who is not assigned and cannot call out: refused
    other = crisis.users["professional"]
    Need.objects.filter(pk=crisis.need.pk).update(assigned_to=None)
    assert client_for(other).post(url).status_code == 403
    assert NeedResident.objects.filter(need=crisis.need).exists()
    # a volunteer: refused before anything
    assert client_for(crisis.users["amina"]).post(url).status_code == 403
    # the coordinator erases; the page says when
    coordinator = client_for(crisis.users["coordinator"])
    assert coordinator.post(url).status_code == 302
    assert not NeedResident.objects.filter(need=crisis.need).exists()
    assert _erased_events(crisis.need).get().data == {"reason": "request"}
    page = coordinator.get(
        reverse(
            "crisis-need", kwargs={"tenant": crisis.tenant.slug, "pk": crisis.need.pk}
        )
    )
    assert "were erased on" in page.content.decode()


def test_assignee_may_erase(crisis, client_for):
    url = reverse(
        "crisis-resident-erase",
        kwargs={"tenant": crisis.tenant.slug, "pk": crisis.need.pk},
    )
    assert client_for(crisis.users["professional"]).post(url).status_code == 302
    assert not NeedResident.objects.filter(need=crisis.need).exists()


def test_get_is_not_allowed(crisis):
    client = Client()
    client.force_login(crisis.users["coordinator"])
    url = reverse(
        "crisis-resident-erase",
        kwargs={"tenant": crisis.tenant.slug, "pk": crisis.need.pk},
    )
    assert client.get(url).status_code == 405
