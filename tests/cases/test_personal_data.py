"""Consents with their wording, retention by a background task, subject access and
erasure on request (refused while the case is open or under a legal hold), all logged;
the ledger still verifies after erasure."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from coproduce.cases import services, tasks
from coproduce.cases.ledger import ledger_verify
from coproduce.cases.models import (
    Case,
    ConsentRecord,
    DataRequest,
    Party,
    PartyAccess,
    StepRecord,
)
from coproduce.core.errors import DomainError

from .conftest import step, walk_to_agreement

pytestmark = pytest.mark.django_db


def _close(world):
    case = Case.objects.get(pk=world.case.pk)
    return services.case_close(
        case=case,
        actor=world.actor(world.users.coordinator),
        reason="Party B withdrew consent",
        expected_version=case.version,
    )


def test_consent_is_recorded_with_time_and_wording(world):
    step(world, world.users.vol1, "consent", party="A", consent_channel="phone")
    consent = ConsentRecord.objects.get(case=world.case)
    assert consent.party.label == "A"
    assert consent.channel == "phone"
    assert "withdraw my consent at any time" in consent.wording
    assert consent.given_at is not None


def test_retention_erases_party_data_and_the_ledger_still_verifies(world):
    walk_to_agreement(world)
    _close(world)
    # not yet due
    assert services.retention_purge(tenant=world.tenant) == []
    later = timezone.now() + dt.timedelta(days=world.case_type.retention_days + 1)
    Case.objects.filter(pk=world.case.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=world.case_type.retention_days + 1)
    )
    result = tasks.case_retention_purge.enqueue(case_id=world.case.pk)
    assert result.return_value == {"parties": 2, "notes": 4, "documents": 0}
    for party in Party.objects.filter(case=world.case):
        assert party.name == ""
        assert party.email == ""
        assert party.erased_at
    assert not StepRecord.objects.filter(case=world.case).exclude(note="").exists()
    assert DataRequest.objects.filter(kind="retention", outcome="done").count() == 1
    assert ledger_verify(tenant_id=world.tenant.pk).ok
    assert later  # the command finds nothing more to do
    call_command("cases", "purge")


def test_legal_hold_stops_the_purge(world):
    _close(world)
    case = Case.objects.get(pk=world.case.pk)
    services.case_legal_hold_set(
        case=case,
        actor=world.actor(world.users.coordinator),
        hold=True,
        reason="Civil claim pending",
    )
    Case.objects.filter(pk=case.pk).update(
        closed_at=timezone.now() - dt.timedelta(days=9999)
    )
    assert services.retention_purge(tenant=world.tenant) == []
    assert Party.objects.filter(case=case, erased_at=None).count() == 2


def test_subject_access_export_is_complete_and_logged(world, client_for):
    step(world, world.users.vol1, "consent", party="A")
    party = Party.objects.get(case=world.case, label="A")
    out = services.subject_access_export(
        tenant=world.tenant, actor=world.actor(world.users.coordinator), party=party
    )
    [entry] = out["as_party"]
    assert entry["given_name"] == "Vera"
    assert entry["consents"][0]["wording"]
    assert entry["steps"][0]["step"] == "consent"
    assert PartyAccess.objects.filter(channel="subject-access", party=party).exists()
    assert DataRequest.objects.filter(kind="access", party=party).exists()
    # who may ask is the page's to check (the service trusts it): a mediator may not
    url = f"/t/{world.tenant.slug}/cases/{world.case.pk}/parties/{party.pk}/export/"
    assert client_for(world.users.vol1).get(url).status_code == 403
    assert DataRequest.objects.filter(kind="access", party=party).count() == 1


def test_erasure_is_refused_while_open_or_on_hold_and_logged(world):
    coord = world.actor(world.users.coordinator)
    party = Party.objects.get(case=world.case, label="B")
    with pytest.raises(DomainError, match="still open"):
        services.party_erase(party=party, actor=coord, reason="Asked by phone")
    _close(world)
    case = Case.objects.get(pk=world.case.pk)
    services.case_legal_hold_set(case=case, actor=coord, hold=True, reason="Appeal")
    with pytest.raises(DomainError, match="legal hold"):
        services.party_erase(party=party, actor=coord, reason="Asked by phone")
    services.case_legal_hold_set(
        case=case, actor=coord, hold=False, reason="Appeal over"
    )
    services.party_erase(party=party, actor=coord, reason="Asked by phone")
    party.refresh_from_db()
    assert party.name == ""
    assert party.erased_at
    outcomes = list(
        DataRequest.objects.filter(kind="erasure")
        .order_by("at", "id")
        .values_list("outcome", flat=True)
    )
    assert outcomes == ["refused", "refused", "done"]
    assert ledger_verify(tenant_id=world.tenant.pk).ok
