"""One audit trail: each case write records its core.Event and, from the same payload,
its ledger entry, in one transaction; a write refused (here: a person of another tenant)
records neither. The auditor designation is a grant on the actor; the tasks reopen the
tenant's scope."""

import json

import pytest
from django.core.exceptions import ValidationError
from django_scopes import get_scope
from django_scopes.state import state as scopes_state

from coproduce.cases import services, tasks
from coproduce.cases.ledger import ledger_sequence, ledger_verify
from coproduce.cases.models import Assignment, Case, LedgerEntry
from coproduce.core.models import Event
from coproduce.people.models import Membership, Person

from .. import factories as f
from .conftest import step

pytestmark = pytest.mark.django_db


def _counts(tenant):
    return (
        Event.objects.filter(tenant=tenant).count(),
        LedgerEntry.objects.filter(tenant=tenant).count(),
    )


def test_a_case_write_records_the_event_and_the_chained_ledger_entry(world):
    events, entries = _counts(world.tenant)
    record = step(world, world.users.vol1, "consent", party="A")
    # one step with its consent: two events, two entries, nothing else
    assert _counts(world.tenant) == (events + 2, entries + 2)
    event = Event.objects.filter(
        tenant=world.tenant, action="cases.step.recorded"
    ).latest("id")
    assert (event.object_type, event.object_id) == ("cases.case", world.case.pk)
    assert event.actor == world.users.vol1
    assert event.data["record"] == record.pk

    assert not ledger_sequence(tenant_id=world.tenant.pk).problem
    entry = LedgerEntry.objects.get(
        tenant=world.tenant,
        kind="step.recorded",
        content__contains=f'"record":{record.pk},',
    )
    content = json.loads(entry.content)
    # the same payload, the same actor, the same case: one trail, two sinks
    assert content["data"] == event.data
    assert content["case"] == world.case.pk
    assert content["actor"] == f"person:{world.person(world.users.vol1).pk}"
    assert entry.seq is not None
    assert entry.entry_hash
    assert ledger_verify(tenant_id=world.tenant.pk).ok
    # every event of the tenant has its entry, kind for kind
    actions = sorted(
        Event.objects.filter(tenant=world.tenant).values_list("action", flat=True)
    )
    kinds = sorted(
        "cases." + k
        for k in LedgerEntry.objects.filter(tenant=world.tenant).values_list(
            "kind", flat=True
        )
    )
    assert actions == kinds


def test_assigning_a_person_of_another_tenant_is_refused_and_writes_nothing(
    world, other_tenant, make_member
):
    user = make_member(other_tenant, "volunteer", username="olli")
    foreign = Person.objects.get(tenant=other_tenant, user=user)
    f.MembershipFactory(
        tenant=other_tenant,
        person=foreign,
        organisation=f.OrganisationFactory(tenant=other_tenant),
        role=Membership.Role.VOLUNTEER,
    )
    case = Case.objects.get(pk=world.case.pk)
    before = (
        _counts(world.tenant),
        _counts(other_tenant),
        list(Assignment.objects.filter(case=case).values_list("id", "ended_at")),
        case.version,
    )
    with pytest.raises(ValidationError) as exc:
        services.case_assign(
            case=case,
            actor=world.actor(world.users.coordinator),
            mediators=[world.person(world.users.vol1), foreign],
            supervisor=world.person(world.users.supervisor),
            expected_version=case.version,
        )
    assert set(exc.value.message_dict) == {"mediators"}
    after = (
        _counts(world.tenant),
        _counts(other_tenant),
        list(Assignment.objects.filter(case=case).values_list("id", "ended_at")),
        Case.objects.get(pk=case.pk).version,
    )
    assert after == before


def test_a_person_of_another_tenant_through_the_api_is_a_field_error(
    world, other_tenant, make_member, api_headers
):
    from tests.api.conftest import ApiClient, assert_problem

    foreign = Person.objects.get(
        tenant=other_tenant, user=make_member(other_tenant, "volunteer")
    )
    api = ApiClient(api_headers(world.users.coordinator, world.tenant))
    body = assert_problem(
        api.post(
            f"/cases/{world.case.pk}/assignments",
            {
                "mediators": [world.person(world.users.vol1).pk, foreign.pk],
                "supervisor": world.person(world.users.supervisor).pk,
                "version": Case.objects.get(pk=world.case.pk).version,
            },
        ),
        422,
    )
    assert [e["field"] for e in body["errors"]] == ["mediators"]


def test_a_designated_auditor_carries_cases_audit_on_the_actor(world):
    assert world.actor(world.users.auditor).can("cases.audit")
    assert not world.actor(world.users.viewer).can("cases.audit")


def test_tasks_reopen_the_tenant_scope(world, monkeypatch):
    from coproduce.cases.ledger import ledger_sequence as sequence

    scopes = []

    def spy(**kwargs):
        scopes.append(get_scope())
        return sequence(**kwargs)

    monkeypatch.setattr(tasks, "ledger_sequence", spy)
    # as a worker starts them: no scope state at all (an unscoped query would raise)
    token = scopes_state.set(None)
    try:
        result = tasks.ledger_sequence_task.enqueue(tenant_id=world.tenant.pk)
        assert result.return_value["problem"] == ""
        purge = tasks.case_retention_purge.enqueue(case_id=world.case.pk)
        assert purge.return_value == {}  # open: nothing to purge
    finally:
        scopes_state.reset(token)
    assert scopes == [{"_enabled": True, "tenant": world.tenant}]
    assert not LedgerEntry.objects.filter(tenant=world.tenant, seq=None).exists()
