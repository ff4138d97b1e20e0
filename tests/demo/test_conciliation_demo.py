"""Scenario 2 in the demo: the conciliation office holds a dozen cases at every point of
the process, mediated by two volunteer pairs under one supervising professional, every
event in a ledger that verifies; the volunteer sees only the cases they mediate."""

import json

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from coproduce.cases.access import case_visible
from coproduce.cases.ledger import ledger_verify
from coproduce.cases.models import Assignment, Case, LedgerEntry, StepRecord
from coproduce.cases.selectors import case_current_step, case_state
from coproduce.demo import loader
from coproduce.demo.scenarios import DEMO_SLUG, SCENARIOS
from coproduce.people.models import Person
from coproduce.tenancy.cli import actor_for
from coproduce.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        loader.demo_load()
    yield
    with django_db_blocker.unblock():
        loader.demo_unload()


@pytest.fixture
def demo(demo_loaded):
    return Tenant.objects.get(slug=DEMO_SLUG)


@pytest.fixture
def cases(demo):
    return list(
        Case.objects.filter(tenant=demo)
        .prefetch_related("steps", "parties", "assignments")
        .order_by("referred_on")
    )


def _actor(demo, username):
    return actor_for(username, tenant=demo)


def test_a_dozen_cases_stand_at_every_point_of_the_process(demo, cases):
    assert len(cases) == 12
    assert {c.case_type.slug for c in cases} == {"conciliation"}
    assert {c.initiative.slug for c in cases} == {SCENARIOS[2][0]}
    assert {c.referrer for c in cases} == {"police", "prosecutor", "parties"}
    current = [case_current_step(case_state(c)) if c.is_open else "" for c in cases]
    # from just referred to reported, and two closed
    assert set(current) == {
        "Consent of each party",
        "Preparation",
        "Mediation meeting",
        "Agreement or no agreement",
        "Follow-up of the agreement",
        "Report to the referrer",
        "Closure",
        "",
    }
    assert sum(not c.is_open for c in cases) == 2
    newest = cases[-1]
    assert [s.code for s in newest.steps.all()] == ["referral"]
    assert not newest.assignments.exists()
    outcomes = {
        s.outcome for c in cases for s in c.steps.all() if s.code == "agreement"
    }
    assert outcomes == {"agreement", "no_agreement"}
    waiting = StepRecord.objects.filter(
        tenant=demo, code="agreement", signed_off_at__isnull=True
    )
    assert waiting.count() == 1  # an agreement waiting for the supervisor


def test_one_step_skipped_with_its_reason_and_one_overdue(demo, cases):
    skipped = StepRecord.objects.get(tenant=demo, status=StepRecord.Status.SKIPPED)
    assert skipped.code == "follow_up"
    assert "no agreement" in skipped.reason.lower()
    overdue = [(c, s) for c in cases for s in case_state(c) if s.overdue]
    assert [s.step.code for _, s in overdue] == ["consent"]
    (case, state), = overdue  # fmt: skip
    assert state.parties_missing == ["B"]
    closed_early = next(c for c in cases if c.steps.filter(code="closure").exists()
                        and not c.steps.filter(code="agreement").exists())  # fmt: skip
    assert "withdrew consent" in closed_early.close_reason


def test_steps_are_dated_in_order_and_the_ledger_agrees(demo, cases):
    now = timezone.now()
    for case in cases:
        steps = list(case.steps.all())
        assert steps[0].code == "referral"
        assert steps[0].performed_at.date() == case.referred_on
        times = [s.performed_at for s in steps]
        assert times == sorted(times)
        assert times[-1] < now
        if case.closed_at:
            assert case.closed_at == times[-1]
    span = cases[-1].referred_on - cases[0].referred_on
    assert span.days > 300  # about a year of the office's work
    for step in StepRecord.objects.filter(tenant=demo):
        entry = LedgerEntry.objects.get(
            tenant=demo,
            kind__in=("step.recorded", "step.skipped"),
            content__contains=f'"record":{step.pk},',
        )
        content = json.loads(entry.content)
        assert content["case"] == step.case_id
        assert entry.created_at == step.performed_at
        assert content["data"]["performed_by"] == f"person:{step.performed_by_id}"
    # chained in the order things happened
    times = list(
        LedgerEntry.objects.filter(tenant=demo)
        .order_by("seq")
        .values_list("created_at", flat=True)
    )
    assert times == sorted(times)


def test_two_volunteer_pairs_under_one_supervisor(demo, cases):
    assigned = Assignment.objects.filter(tenant=demo, ended_at=None)
    pairs = {}
    for case in cases:
        mediators = frozenset(
            a.person_id
            for a in assigned
            if a.case_id == case.pk and a.role == "mediator"
        )
        if mediators:
            pairs.setdefault(mediators, []).append(case.reference)
    assert len(pairs) == 2
    assert all(len(p) == 2 for p in pairs)
    assert all(len(refs) >= 5 for refs in pairs.values())
    supervisors = set(
        assigned.filter(role="supervisor").values_list(
            "person__user__username", flat=True
        )
    )
    assert supervisors == {"professional"}
    volunteer = Person.objects.get(tenant=demo, user__username="volunteer")
    assert any(volunteer.pk in pair for pair in pairs)
    # the supervisor signed off the agreements, never the mediators
    signed = StepRecord.objects.filter(tenant=demo, signed_off_at__isnull=False)
    assert signed.count() == 4
    assert set(signed.values_list("signed_off_by__user__username", flat=True)) == {
        "professional"
    }


def test_the_demo_ledger_verifies(demo, capsys):
    result = ledger_verify(tenant_id=demo.pk)
    assert result.ok
    assert result.waiting == 0
    assert result.entries > 100
    call_command("ledger", "verify", "--tenant", DEMO_SLUG)
    assert f"{result.entries} entries" in capsys.readouterr().out
    kinds = set(LedgerEntry.objects.filter(tenant=demo).values_list("kind", flat=True))
    assert {
        "case_type.defined",
        "case.registered",
        "party.registered",
        "case.assigned",
        "consent.given",
        "step.recorded",
        "step.skipped",
        "step.signed_off",
        "case.closed",
    } <= kinds


def test_each_demo_user_sees_the_cases_of_their_role(demo, cases, client_for):
    volunteer = _actor(demo, "volunteer")
    own = set(
        Assignment.objects.filter(
            tenant=demo, person=volunteer.person, ended_at=None, role="mediator"
        ).values_list("case__reference", flat=True)
    )
    assert 3 <= len(own) < len(cases)
    assert set(case_visible(volunteer).values_list("reference", flat=True)) == own
    # the supervisor sees the office's cases, the coordinator all of them
    for username in ("professional", "coordinator"):
        assert case_visible(_actor(demo, username)).count() == len(cases)
    assert not case_visible(_actor(demo, "serviceuser")).exists()

    # and so do the pages: the volunteer's list, and a 404 for another's case
    client = client_for(volunteer.user)
    page = client.get(f"/t/{DEMO_SLUG}/cases/").content.decode()
    for case in cases:
        assert (case.reference in page) == (case.reference in own), case.reference
    other = next(c for c in cases if c.reference not in own)
    assert client.get(f"/t/{DEMO_SLUG}/cases/{other.pk}/").status_code == 404
    mine = next(c for c in cases if c.reference in own)
    assert client.get(f"/t/{DEMO_SLUG}/cases/{mine.pk}/").status_code == 200
