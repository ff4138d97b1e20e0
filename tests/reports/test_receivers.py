"""Every event queues the tenant's dashboard refresh once per transaction, on commit, and
what a rollback discarded never stands in for the refresh of the next transaction."""

import pytest
from django.db import transaction
from django_scopes import get_scope

from coproduce.core.models import Event
from coproduce.reports import receivers, tasks
from coproduce.reports.models import ALL


class Rollback(Exception):
    pass


def record(tenant) -> Event:
    return Event.objects.create(
        tenant=tenant, action="test.changed", object_type="test", object_id=1
    )


def record_and_roll_back(tenant) -> None:
    with transaction.atomic():
        record(tenant)
        raise Rollback


def rolled_back(tenant) -> None:
    """Record an event in a transaction (a savepoint inside another) that rolls back."""
    with pytest.raises(Rollback):
        record_and_roll_back(tenant)


def refreshes(queued) -> list[int]:
    return [c.dashboard_tenant_id for c in queued if hasattr(c, "dashboard_tenant_id")]


@pytest.fixture
def requested(monkeypatch) -> list[int]:
    """The tenants whose refresh was requested, in order (the request itself is
    reports.services' and tested in test_snapshot)."""
    calls: list[int] = []
    monkeypatch.setattr(
        receivers,
        "dashboard_refresh_request",
        lambda *, tenant_id, audience: calls.append(tenant_id),
    )
    return calls


@pytest.mark.django_db
def test_one_refresh_per_tenant_however_many_events(
    tenant, other_tenant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        for _ in range(3):
            record(tenant)
        record(other_tenant)
    assert refreshes(queued) == [tenant.pk, other_tenant.pk]


@pytest.mark.django_db
def test_a_rolled_back_savepoint_leaves_no_mark(
    tenant, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as queued:
        rolled_back(tenant)
        # the refresh queued in the savepoint went with it: this event queues its own
        record(tenant)
        record(tenant)
    assert refreshes(queued) == [tenant.pk]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_the_next_one_its_refresh(
    tenant, other_tenant, requested
):
    rolled_back(tenant)
    assert requested == []

    with transaction.atomic():
        record(tenant)
        record(other_tenant)
        record(tenant)
        assert requested == []  # not before the commit
    assert requested == [tenant.pk, other_tenant.pk]

    with transaction.atomic():
        record(tenant)
    assert requested == [tenant.pk, other_tenant.pk, tenant.pk]

    record(tenant)  # outside a transaction: at once
    assert requested == [tenant.pk, other_tenant.pk, tenant.pk, tenant.pk]


@pytest.mark.django_db
def test_the_task_reopens_the_tenant_scope(tenant, monkeypatch):
    seen = {}

    def refresh(*, tenant_id, audience):
        seen.update(get_scope(), tenant_id=tenant_id, audience=audience)
        return "current"

    monkeypatch.setattr(tasks, "dashboard_refresh", refresh)
    assert tasks.refresh_dashboard.call(tenant_id=tenant.pk, audience=ALL) == "current"
    assert seen == {
        "_enabled": True,
        "tenant": tenant,
        "tenant_id": tenant.pk,
        "audience": ALL,
    }
    assert tasks.refresh_dashboard.call(tenant_id=0, audience=ALL) == "no such tenant"
