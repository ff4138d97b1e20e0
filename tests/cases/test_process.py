"""The process refuses what it forbids, and says why."""

import pytest

from coproduce.cases.models import Case, StepRecord
from coproduce.cases.process import CONCILIATION, ProcessError, process_parse
from coproduce.cases.services import case_close, case_step_sign_off
from coproduce.core.errors import ConflictError, DomainError

from .conftest import step, walk_to_agreement

pytestmark = pytest.mark.django_db


def test_agreement_before_both_consents_is_refused(world):
    step(world, world.users.vol1, "consent", party="A")
    with pytest.raises(DomainError, match="Consent of each party.*missing: B"):
        step(world, world.users.vol1, "agreement", outcome="agreement")


def test_agreement_before_any_consent_is_refused(world):
    with pytest.raises(DomainError, match="needs 'Consent of each party' first"):
        step(world, world.users.vol1, "agreement", outcome="agreement")


def test_step_by_a_role_not_entitled_is_refused(world):
    step(world, world.users.vol1, "consent", party="A")
    step(world, world.users.vol1, "consent", party="B")
    step(world, world.users.vol1, "preparation")
    step(world, world.users.vol1, "meeting")
    walk = step(world, world.users.vol1, "agreement", outcome="agreement")
    assert walk.status == "done"
    # the report to the referrer is the supervisor's: a mediator may not
    case_ = Case.objects.get(pk=world.case.pk)
    case_step_sign_off(
        case=case_,
        actor=world.actor(world.users.supervisor),
        record=walk,
        expected_version=case_.version,
    )
    with pytest.raises(DomainError, match="Only the case's supervisor may record"):
        step(world, world.users.vol1, "report")
    # a volunteer who is not assigned to the case may not record anything in it
    with pytest.raises(DomainError, match="not entitled"):
        step(world, world.users.vol3, "meeting")


def test_sign_off_by_the_person_who_did_the_step_is_refused(world):
    u = world.users
    step(world, u.supervisor, "consent", party="A")
    step(world, u.supervisor, "consent", party="B")
    step(world, u.vol1, "preparation")
    step(world, u.vol1, "meeting")
    record = step(world, u.vol1, "agreement", outcome="no_agreement")
    case_ = Case.objects.get(pk=world.case.pk)
    with pytest.raises(DomainError, match="Only a supervising professional"):
        case_step_sign_off(
            case=case_,
            actor=world.actor(u.vol2),
            record=record,
            expected_version=case_.version,
        )
    # the supervisor records a step needing sign-off herself (a custom process would
    # allow it): here, the coordinator tries to sign off what he did
    record.performed_by = world.person(u.supervisor)
    record.save()
    with pytest.raises(DomainError, match="cannot sign it off"):
        case_step_sign_off(
            case=case_,
            actor=world.actor(u.supervisor),
            record=record,
            expected_version=case_.version,
        )


def test_agreement_needs_sign_off_before_report(world):
    u = world.users
    walk_to_agreement(world)
    with pytest.raises(DomainError, match="signed off by a professional first"):
        step(world, u.supervisor, "report")


def test_skip_needs_a_written_reason_and_a_skippable_step(world):
    u = world.users
    with pytest.raises(DomainError, match="may not be skipped"):
        step(world, u.vol1, "preparation", skip=True, reason="No time")
    record = walk_to_agreement(world)
    case_ = Case.objects.get(pk=world.case.pk)
    case_step_sign_off(
        case=case_,
        actor=world.actor(u.supervisor),
        record=record,
        expected_version=case_.version,
    )
    with pytest.raises(DomainError, match="written reason"):
        step(world, u.vol1, "follow_up", skip=True, reason="   ")
    skipped = step(world, u.vol1, "follow_up", skip=True, reason="Parties moved away")
    assert skipped.status == StepRecord.Status.SKIPPED


def test_a_whole_case_from_referral_to_closure(world):
    u = world.users
    record = walk_to_agreement(world)
    case_ = Case.objects.get(pk=world.case.pk)
    case_step_sign_off(
        case=case_,
        actor=world.actor(u.supervisor),
        record=record,
        expected_version=case_.version,
    )
    step(world, u.vol2, "follow_up", outcome="kept")
    step(world, u.supervisor, "report", note="Sent to the police")
    case_ = Case.objects.get(pk=world.case.pk)
    with pytest.raises(DomainError, match="reason"):
        case_close(
            case=case_,
            actor=world.actor(u.supervisor),
            reason=" ",
            expected_version=case_.version,
        )
    with pytest.raises(DomainError, match="not entitled"):
        case_close(
            case=case_,
            actor=world.actor(u.vol1),
            reason="Done",
            expected_version=case_.version,
        )
    closed = case_close(
        case=case_,
        actor=world.actor(u.supervisor),
        reason="Agreement kept",
        expected_version=case_.version,
    )
    assert closed.status == "closed"
    with pytest.raises(DomainError, match="closed"):
        step(world, u.vol1, "meeting")


def test_stale_version_is_refused_with_the_current_state(world):
    u = world.users
    case_ = Case.objects.get(pk=world.case.pk)
    seen = case_.version
    step(world, u.vol1, "consent", party="A", expected_version=seen)
    with pytest.raises(ConflictError, match=f"now at version {seen + 1}"):
        step(world, u.vol2, "consent", party="B", expected_version=seen)
    assert StepRecord.objects.filter(case=case_, code="consent").count() == 1


def test_process_definitions_are_checked():
    assert process_parse(CONCILIATION).step("meeting").repeatable
    bad = [
        dict(CONCILIATION[0]),
        {"code": "x", "name": "X", "performers": ["mediator"], "requires": ["nope"]},
    ]
    with pytest.raises(ProcessError, match="requires nope"):
        process_parse(bad)
    with pytest.raises(ProcessError, match="performers"):
        process_parse([{"code": "a", "name": "A", "performers": ["janitor"]}])


def test_nothing_of_a_closed_case_is_overdue(world):
    import datetime as dt

    from coproduce.cases.selectors import case_state

    case_ = Case.objects.get(pk=world.case.pk)
    later = case_.referred_on + dt.timedelta(days=100)
    assert [s.step.code for s in case_state(case_, today=later) if s.overdue] == [
        "consent",
        "preparation",
        "meeting",
        "agreement",
    ]
    case_ = case_close(
        case=case_,
        actor=world.actor(world.users.supervisor),
        reason="Party B withdrew consent.",
        expected_version=case_.version,
    )
    assert not [s for s in case_state(case_, today=later) if s.overdue]


def test_a_refusal_speaks_the_language_of_the_request(world):
    from django.utils import translation

    step(world, world.users.vol1, "consent", party="A")
    with translation.override("fi"), pytest.raises(DomainError) as exc:
        step(world, world.users.vol1, "agreement", outcome="agreement")
    assert exc.value.message == (
        "Vaihe 'Agreement or no agreement' edellyttää ensin vaihetta 'Consent of "
        "each party' jokaiselta osapuolelta; puuttuu vielä: B."
    )
    # the performers are named in the language too, not by their codes
    with translation.override("sv"), pytest.raises(DomainError) as exc:
        step(world, world.users.vol1, "report")
    assert exc.value.message.startswith(
        "Endast ärendets handledande yrkesperson får registrera steget 'Report"
    )
