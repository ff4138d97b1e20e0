"""Crisis mode's writes and the ranking: what a coordinator and a volunteer notice."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.cases.ledger import ledger_sequence, ledger_verify
from coproduce.cases.models import LedgerEntry
from coproduce.coproducers.models import (
    AvailabilityException,
    CoproducerProfile,
    SignUp,
)
from coproduce.coproducers.services import shift_sign_up_for
from coproduce.core.errors import DomainError
from coproduce.core.models import Event
from coproduce.crisis import services, sms
from coproduce.crisis.matching import candidates_rank, day_parts, shared_prefix
from coproduce.crisis.models import CallOut, Need, ResidentAccess
from coproduce.initiatives.models import Participation
from tests import factories as f

pytestmark = pytest.mark.django_db


def names(candidates, crisis):
    by_id = {p.pk: k for k, p in crisis.person.items()}
    return [by_id[c.person_id] for c in candidates]


def test_ranking_puts_required_language_and_skill_first_then_availability_then_area(
    crisis,
):
    ranked = candidates_rank(crisis.need)
    # nocall (no call-outs) and noconsent are never candidates
    assert names(ranked, crisis) == ["amina", "yusuf", "hodan", "liisa"]
    amina, yusuf, hodan, liisa = ranked
    assert amina.available
    assert amina.prefix == 5
    assert not amina.lacks
    assert not yusuf.available
    assert "Not available then" in yusuf.lacks
    assert hodan.skills_missing == ["driving"]
    assert "Lacks driving" in hodan.lacks
    assert liisa.languages_missing == ["so"]
    assert any("Somali" in r for r in amina.reasons)
    assert hodan.prefix == 3  # 00510 vs 00530


def test_exception_and_other_deployment_push_a_candidate_down(crisis):
    amina = CoproducerProfile.objects.get(person=crisis.person["amina"])
    day = timezone.localtime(crisis.need.starts_at).date()
    AvailabilityException.objects.create(
        tenant=crisis.tenant, profile=amina, starts_on=day, ends_on=day, available=False
    )
    yusuf = CoproducerProfile.objects.get(person=crisis.person["yusuf"])
    AvailabilityException.objects.create(
        tenant=crisis.tenant, profile=yusuf, starts_on=day, ends_on=day, available=True
    )
    ranked = candidates_rank(crisis.need)
    assert names(ranked, crisis)[:2] == ["yusuf", "amina"]
    # amina deployed on another need at the same time
    start, end = crisis.need.starts_at, crisis.need.ends_at
    other = services.need_post(
        centre=crisis.centre,
        actor=crisis.actors["coordinator"],
        title="Medicine run",
        area="00100",
        starts_at=start,
        ends_at=end,
        people_needed=1,
    )
    shift_sign_up_for(
        shift=other.shift,
        actor=crisis.actors["coordinator"],
        person=crisis.person["hodan"],
    )
    hodan = next(
        c
        for c in candidates_rank(crisis.need)
        if c.person_id == crisis.person["hodan"].pk
    )
    assert hodan.deployed
    assert "Already deployed then" in hodan.lacks


def test_day_parts_and_prefix():
    tz = timezone.get_current_timezone()
    start = dt.datetime(2026, 1, 5, 11, 0, tzinfo=tz)  # a Monday
    assert day_parts(start, start + dt.timedelta(hours=2)) == (
        "mon",
        ["morning", "afternoon"],
    )
    assert day_parts(start.replace(hour=23), start.replace(hour=23, minute=30)) == (
        "mon",
        [],
    )
    assert shared_prefix("00530", "00510") == 3


def test_call_out_sends_email_and_sms_in_the_persons_language(
    crisis, django_capture_on_commit_callbacks, monkeypatch
):
    from django.utils import translation

    from coproduce.crisis import tasks

    sms.outbox.clear()
    written_in = {}
    texts = tasks.callout_texts

    def recording(callout, link):
        written_in[callout.person_id] = translation.get_language()
        return texts(callout, link)

    monkeypatch.setattr(tasks, "callout_texts", recording)
    with django_capture_on_commit_callbacks(execute=True):
        made = services.callout_send(
            need=crisis.need, actor=crisis.actors["coordinator"], n=2
        )
    assert [c.person_id for c in made] == [
        crisis.person["amina"].pk,
        crisis.person["yusuf"].pk,
    ]
    assert len(mail.outbox) == 2
    assert len(sms.outbox) == 2
    by_to = {m.to[0]: m for m in mail.outbox}
    assert by_to["amina@example.org"].subject.endswith(crisis.need.title)
    # each message written in its reader's language: Finnish is amina's choice
    assert written_in[crisis.person["amina"].pk] == "fi"
    assert written_in[crisis.person["yusuf"].pk] == "en"
    assert "/callout/" in sms.outbox[0].body
    assert (
        CallOut.objects.filter(
            emailed_at__isnull=False, texted_at__isnull=False
        ).count()
        == 2
    )
    # the next round skips those already asked
    again = services.callout_send(
        need=crisis.need, actor=crisis.actors["coordinator"], n=5
    )
    assert {c.person_id for c in again} == {
        crisis.person["hodan"].pk,
        crisis.person["liisa"].pk,
    }
    assert {c.round for c in again} == {2}


def test_accept_fills_places_first_come_and_never_beyond(crisis):
    made = services.callout_send(
        need=crisis.need, actor=crisis.actors["coordinator"], n=4
    )
    token = services.callout_link_token(made[0])
    assert services.callout_by_token(token).pk == made[0].pk
    assert services.callout_by_token(token + "x") is None
    results = [services.callout_respond(callout=c, accept=True).status for c in made]
    assert results == ["accepted", "accepted", "full", "full"]
    need = Need.objects.get(pk=crisis.need.pk)
    assert need.status == "filled"
    assert SignUp.objects.filter(shift=need.shift, status="confirmed").count() == 2
    # a decline after accepting frees the place and reopens the need
    services.callout_respond(callout=made[0], accept=False)
    assert Need.objects.get(pk=need.pk).status == "open"
    assert CallOut.objects.get(pk=made[0].pk).status == "declined"


def test_escalation_asks_the_next_at_the_deadline(crisis):
    services.callout_send(need=crisis.need, actor=crisis.actors["coordinator"], n=1)
    assert services.escalate_due(tenant=crisis.tenant) == 0  # not yet due
    later = timezone.now() + dt.timedelta(minutes=crisis.centre.escalate_after + 1)
    asked = services.escalate_due(tenant=crisis.tenant, now=later)
    # 2 places x factor 2, but only 3 candidates are left who were not asked
    assert asked == 3
    assert CallOut.objects.filter(need=crisis.need, round=2).count() == 3


def test_check_in_and_out_become_a_participation_with_the_hours_worked(crisis):
    made = services.callout_send(
        need=crisis.need, actor=crisis.actors["coordinator"], n=1
    )
    callout = services.callout_respond(callout=made[0], accept=True)
    signup = services.check_in(callout=callout, actor=crisis.actors["coordinator"])
    participation = Participation.objects.get(pk=signup.participation_id)
    assert participation.activity_id == crisis.need.shift.activity_id
    assert participation.activity.stage == "delivery"
    callout.refresh_from_db()
    services.check_out(
        callout=callout,
        actor=crisis.actors["coordinator"],
        at=signup.checked_in_at + dt.timedelta(minutes=90),
    )
    participation.refresh_from_db()
    assert participation.hours == pytest.approx(1.5)


def test_resident_details_read_is_logged(crisis):
    resident = services.resident_read(
        need=crisis.need, actor=crisis.actors["professional"], channel="page"
    )
    assert resident.name == "Faadumo Resident"
    assert ResidentAccess.objects.filter(need=crisis.need).count() == 1
    assert Event.objects.filter(action="crisis.resident.read").count() == 1
    assert "Faadumo" not in str(list(Event.objects.values_list("data", flat=True)))


def test_decision_goes_to_the_ledger_and_verifies(crisis):
    decision = services.decision_record(
        centre=crisis.centre,
        actor=crisis.actors["coordinator"],
        what="Deliveries without a signature",
        why="Quarantine",
        authority="Head of preparedness",
        consulted="Red Cross",
        overrides="Delivery rule 3",
    )
    entry = LedgerEntry.objects.get(pk=decision.ledger_entry)
    assert entry.kind == "crisis.decision"
    assert entry.case_id is None
    assert "Deliveries without a signature" in entry.content
    ledger_sequence(tenant_id=crisis.tenant.pk)
    assert ledger_verify(tenant_id=crisis.tenant.pk).ok
    with pytest.raises(DomainError):
        services.decision_record(
            centre=crisis.centre,
            actor=crisis.actors["coordinator"],
            what="",
            why="x",
            authority="y",
        )


def test_closing_keeps_everything_and_refuses_new_needs(crisis):
    services.callout_send(need=crisis.need, actor=crisis.actors["coordinator"], n=2)
    services.centre_close(centre=crisis.centre, actor=crisis.actors["coordinator"])
    assert Need.objects.filter(pk=crisis.need.pk).exists()
    assert set(CallOut.objects.values_list("status", flat=True)) == {"withdrawn"}
    start, end = crisis.need.starts_at, crisis.need.ends_at
    with pytest.raises(DomainError):
        services.need_post(
            centre=crisis.centre,
            actor=crisis.actors["coordinator"],
            title="x",
            area="00100",
            starts_at=start,
            ends_at=end,
            people_needed=1,
        )
    services.centre_open(
        initiative=crisis.initiative, actor=crisis.actors["coordinator"]
    )
    crisis.centre.refresh_from_db()
    assert crisis.centre.active


def test_bad_input_names_the_field(crisis):
    start, end = crisis.need.starts_at, crisis.need.ends_at
    cases = [
        ({"area": "!"}, "area"),
        ({"ends_at": start}, "ends_at"),
        ({"starts_at": timezone.now() - dt.timedelta(hours=1)}, "starts_at"),
        ({"languages": ["xx"]}, "languages"),
    ]
    for change, field in cases:
        values = {
            "title": "x",
            "area": "00100",
            "starts_at": start,
            "ends_at": end,
            "people_needed": 1,
        } | change
        with pytest.raises(DomainError) as exc:
            services.need_post(
                centre=crisis.centre, actor=crisis.actors["coordinator"], **values
            )
        assert exc.value.field == field


def test_narrower_sets_give_the_same_ranking_as_everybody(crisis):
    """On PostgreSQL the ranking first tries narrower sets (same area, every language
    and skill, available); whatever it returns must be what ranking everybody gives."""
    from django.db import connection

    from coproduce.coproducers.models import Skill
    from coproduce.crisis import matching

    if connection.vendor != "postgresql":
        pytest.skip("the narrower sets are used on PostgreSQL only")
    # many alike volunteers in the need's area, so that a narrow set can be exact
    for i in range(30):
        user = f.UserFactory(username=f"extra{i}")
        person = f.PersonFactory(tenant=crisis.tenant, user=user)
        profile = CoproducerProfile.objects.create(
            tenant=crisis.tenant,
            person=person,
            languages=["so"] if i % 2 else ["fi"],
            area="00530" if i % 3 else "00510",
            availability=CoproducerProfile.objects.get(
                person=crisis.person["amina"]
            ).availability,
            callout_ok=True,
            consent_at=timezone.now(),
        )
        if i % 4:
            profile.skills.set([crisis.driving])
    skills = sorted(
        Skill.objects.filter(pk=crisis.driving.pk).values_list("pk", flat=True)
    )
    for limit, offset in ((5, 0), (10, 3), (40, 0)):
        fast = matching._rows(
            crisis.need, skills, limit=limit, offset=offset, exclude_asked=False
        )
        sql, params = matching._sql(
            crisis.need,
            skill_ids=skills,
            exclude_asked=False,
            limit=limit,
            offset=offset,
        )
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            full = cursor.fetchall()
        assert [r[0] for r in fast] == [r[0] for r in full]


def test_after_action_review_becomes_learning_entries(crisis):
    from coproduce.collaboration.models import LearningEntry

    review = services.review_record(
        centre=crisis.centre,
        actor=crisis.actors["coordinator"],
        worked="Call-outs by text message reached people in minutes.",
        failed="Nobody to call in Somali.",
        keep_ready="Partner agreements with the associations.",
    )
    entries = LearningEntry.objects.filter(
        origin__startswith="crisis.review.", origin_id=review.pk
    )
    assert entries.count() == 3
    assert {e.initiative_id for e in entries} == {crisis.initiative.pk}
    assert "Nobody to call in Somali." in [e.learnt for e in entries]
    with pytest.raises(DomainError):
        services.review_record(
            centre=crisis.centre,
            actor=crisis.actors["coordinator"],
            worked="",
            failed="x",
            keep_ready="y",
        )
