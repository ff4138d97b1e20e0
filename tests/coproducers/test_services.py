import datetime as dt
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.utils import timezone

from coproduce.coproducers import selectors, services
from coproduce.coproducers.access import opportunity_visible
from coproduce.coproducers.models import Claim, Notification, SignUp
from coproduce.coproducers.recurrence import shift_times
from coproduce.core.errors import DomainError
from coproduce.core.models import Event
from coproduce.initiatives.models import Contribution, Participation
from coproduce.initiatives.selectors import profile_for
from coproduce.outcomes.selectors import value_summary

from .conftest import make_past

pytestmark = pytest.mark.django_db


def test_weekly_rule_keeps_wall_clock_time_across_summer_time():
    helsinki = ZoneInfo("Europe/Helsinki")
    first = dt.datetime(2026, 3, 17, 17, 0, tzinfo=helsinki)  # a Tuesday; summer time
    # starts on 29 March
    times = shift_times(
        first=first,
        minutes=90,
        weekdays=[1, 3],
        until=dt.date(2026, 4, 2),
        zone="Europe/Helsinki",
    )
    assert [t[0].strftime("%a %d %H:%M") for t in times] == [
        "Tue 17 17:00",
        "Thu 19 17:00",
        "Tue 24 17:00",
        "Thu 26 17:00",
        "Tue 31 17:00",
        "Thu 02 17:00",
    ]
    assert times[0][0].utcoffset() != times[-1][0].utcoffset()
    assert all(end - start == dt.timedelta(minutes=90) for start, end in times)


def test_one_off_shift_without_an_end_date():
    times = shift_times(
        first=dt.datetime(2026, 5, 2, 10, tzinfo=dt.UTC),
        minutes=60,
        zone="Europe/Helsinki",
    )
    assert len(times) == 1


def test_opportunity_makes_a_shift_activity_per_occurrence(world):
    assert len(world.shifts) == 3
    for shift in world.shifts:
        assert shift.activity.initiative == world.initiative
        assert shift.activity.kind == "volunteer_shift"
        assert shift.activity.stage == "delivery"
        assert shift.activity.starts_at == shift.starts_at
    assert Event.objects.filter(action="shift.created").count() == 3


def test_who_sees_which_opportunity(world):
    a = world.actors
    assert opportunity_visible(a["volunteer"]).count() == 1
    assert opportunity_visible(a["service_user"]).count() == 1
    assert opportunity_visible(a["partner"]).count() == 0  # not open to partners
    assert opportunity_visible(a["viewer"]).count() == 0
    world.opportunity.open_to_partners = True
    world.opportunity.partner_organisation = world.partner_org
    world.opportunity.save()
    assert opportunity_visible(a["partner"]).count() == 1
    world.opportunity.status = "draft"
    world.opportunity.save()
    assert opportunity_visible(a["volunteer"]).count() == 0
    assert opportunity_visible(a["coordinator"]).count() == 1


def test_full_shift_waitlists_and_a_withdrawal_promotes_the_first(world):
    shift, a = world.shifts[0], world.actors
    assert (
        services.shift_sign_up(shift=shift, actor=a["volunteer"]).status == "confirmed"
    )
    assert (
        services.shift_sign_up(shift=shift, actor=a["volunteer2"]).status == "confirmed"
    )
    third = services.shift_sign_up(shift=shift, actor=a["volunteer3"])
    fourth = services.shift_sign_up(shift=shift, actor=a["service_user"])
    assert (third.status, fourth.status) == ("waitlisted", "waitlisted")
    with pytest.raises(DomainError):
        services.shift_sign_up(shift=shift, actor=a["volunteer"])

    services.shift_withdraw(shift=shift, actor=a["volunteer"])
    third.refresh_from_db()
    fourth.refresh_from_db()
    assert third.status == "confirmed"
    assert fourth.status == "waitlisted"
    kinds = list(
        Notification.objects.filter(person=world.person["volunteer3"])
        .order_by("id")
        .values_list("kind", flat=True)
    )
    assert kinds == ["signup.waitlisted", "signup.promoted"]
    actions = set(Event.objects.values_list("action", flat=True))
    assert {"signup.confirmed", "signup.waitlisted", "signup.withdrawn"} <= actions
    assert "signup.promoted" in actions
    # withdrawn, one may come back: to the end of the queue
    again = services.shift_sign_up(shift=shift, actor=a["volunteer"])
    assert again.status == "waitlisted"


def test_not_open_to_role_is_refused(world):
    with pytest.raises(DomainError):
        services.shift_sign_up(shift=world.shifts[0], actor=world.actors["partner"])


def test_sign_up_notification_mails_on_commit(
    world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.shift_sign_up(shift=world.shifts[0], actor=world.actors["volunteer"])
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["volunteer@example.org"]
    assert "Pack food bags" in mail.outbox[0].body


def test_email_preferences_are_the_persons(world, django_capture_on_commit_callbacks):
    services.profile_update(
        actor=world.actors["volunteer"], consent=False, email_kinds=[]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.shift_sign_up(shift=world.shifts[0], actor=world.actors["volunteer"])
    assert mail.outbox == []
    assert Notification.objects.filter(person=world.person["volunteer"]).count() == 1


def test_reminder_task_mails_the_day_before(world, django_capture_on_commit_callbacks):
    from coproduce.coproducers.tasks import shift_reminders_run

    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    services.shift_sign_up(shift=shift, actor=world.actors["service_user"])
    mail.outbox.clear()
    shift.starts_at = timezone.now() + dt.timedelta(hours=20)
    shift.ends_at = shift.starts_at + dt.timedelta(hours=2)
    shift.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = shift_reminders_run.enqueue(tenant_id=world.tenant.pk)
    assert result.return_value == 2
    assert sorted(m.to[0] for m in mail.outbox) == [
        "service_user@example.org",
        "volunteer@example.org",
    ]
    assert all("Parish hall" in m.body for m in mail.outbox)
    with django_capture_on_commit_callbacks(execute=True):
        again = shift_reminders_run.enqueue(tenant_id=world.tenant.pk)
    assert again.return_value == 0  # once per shift


def test_check_in_makes_a_participation_the_profile_counts(world):
    shift, a = world.shifts[0], world.actors
    signup = services.shift_sign_up(shift=shift, actor=a["volunteer"])
    other = services.shift_sign_up(shift=shift, actor=a["service_user"])
    make_past(shift, hours_ago=0)
    signup = services.attendance_record(
        signup=signup, actor=a["coordinator"], present=True
    )
    assert signup.attendance == "present"
    participation = signup.participation
    assert participation.role == "volunteer"
    assert participation.hours == Decimal("2.50")
    # self check-in with the venue's code
    other = services.checkin_by_code(
        actor=a["service_user"], code=shift.checkin_code.lower()
    )
    assert other.self_checked_in
    assert other.participation.role == "service_user"
    profile = profile_for(world.initiative)
    assert profile.total_hours == Decimal("5.00")
    assert profile.matrix["delivery"]["volunteer"] == 4
    # a no-show removes what was recorded
    services.attendance_record(signup=signup, actor=a["coordinator"], present=False)
    assert not Participation.objects.filter(pk=participation.pk).exists()
    assert profile_for(world.initiative).total_hours == Decimal("2.50")


def test_wrong_or_early_code_is_refused(world):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    with pytest.raises(DomainError):  # the shift is days away
        services.checkin_by_code(
            actor=world.actors["volunteer"], code=shift.checkin_code
        )
    make_past(shift, hours_ago=0)
    with pytest.raises(DomainError):
        services.checkin_by_code(actor=world.actors["volunteer"], code="WRONG1")


def test_closing_attendance_records_no_shows(world):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift, hours_ago=3)
    assert (
        services.shift_attendance_close(shift=shift, actor=world.actors["coordinator"])
        == 1
    )
    assert SignUp.objects.get(shift=shift).attendance == "no_show"


def _past_participant(world, who="volunteer"):
    shift = world.shifts[0]
    signup = services.shift_sign_up(shift=shift, actor=world.actors[who])
    make_past(shift, hours_ago=3)
    return shift, signup


def test_claimed_hours_count_only_once_verified(world):
    shift, _ = _past_participant(world)
    a = world.actors
    claim = services.claim_submit(
        actor=a["volunteer"], activity=shift.activity, kind="hours", hours=Decimal("3")
    )
    assert claim.status == "pending"
    assert profile_for(world.initiative).total_hours == 0
    value = value_summary(tenant=world.tenant, initiatives=[world.initiative])
    assert value[world.initiative.pk]["hours"]["volunteer"] == 0
    assert selectors.my_hours(a["volunteer"]) == {
        "verified": Decimal("0"),
        "pending": Decimal("3"),
    }
    with pytest.raises(DomainError):  # nobody verifies their own
        services.claim_verify(claim=claim, actor=a["volunteer"])
    claim = services.claim_verify(claim=claim, actor=a["professional"])
    assert claim.status == "verified"
    assert claim.participation.hours == Decimal("3")
    assert profile_for(world.initiative).total_hours == Decimal("3")
    value = value_summary(tenant=world.tenant, initiatives=[world.initiative])
    assert value[world.initiative.pk]["hours"]["volunteer"] == Decimal("3")
    assert Notification.objects.filter(
        person=world.person["volunteer"], kind="claim.verified"
    ).exists()
    with pytest.raises(DomainError):
        services.claim_return(claim=claim, actor=a["professional"], reason="late")
    actions = list(
        Event.objects.filter(object_type="coproducers.claim").values_list(
            "action", flat=True
        )
    )
    assert sorted(actions) == ["claim.submitted", "claim.verified"]


def test_claim_adds_to_checked_in_hours(world):
    shift, signup = _past_participant(world)
    services.attendance_record(
        signup=signup, actor=world.actors["coordinator"], present=True
    )
    claim = services.claim_submit(
        actor=world.actors["volunteer"],
        activity=shift.activity,
        kind="hours",
        hours=Decimal("1"),
        description="Preparation at home",
    )
    claim = services.claim_verify(claim=claim, actor=world.actors["coordinator"])
    assert claim.participation.hours == Decimal("3.50")
    assert Participation.objects.filter(activity=shift.activity).count() == 1


def test_returned_claim_has_a_reason_and_can_be_resubmitted(world):
    shift, _ = _past_participant(world)
    a = world.actors
    claim = services.claim_submit(
        actor=a["volunteer"], activity=shift.activity, kind="hours", hours=Decimal("9")
    )
    with pytest.raises(DomainError):
        services.claim_return(claim=claim, actor=a["professional"], reason=" ")
    claim = services.claim_return(
        claim=claim, actor=a["professional"], reason="The shift was 2.5 hours."
    )
    assert claim.status == "returned"
    note = Notification.objects.get(
        person=world.person["volunteer"], kind="claim.returned"
    )
    assert "2.5 hours" in note.text
    claim = services.claim_resubmit(
        claim=claim, actor=a["volunteer"], hours=Decimal("2.5")
    )
    assert claim.status == "pending"
    assert not Participation.objects.filter(person=world.person["volunteer"]).exists()


def test_in_kind_claim_becomes_a_contribution(world):
    shift, _ = _past_participant(world, who="service_user")
    claim = services.claim_submit(
        actor=world.actors["service_user"],
        activity=shift.activity,
        kind="in_kind",
        contribution_kind="food",
        description="Two trays of pulla",
        estimated_value=Decimal("12.00"),
    )
    claim = services.claim_verify(claim=claim, actor=world.actors["coordinator"])
    contribution = Contribution.objects.get(pk=claim.contribution_id)
    assert contribution.person == world.person["service_user"]
    assert contribution.estimated_value == Decimal("12.00")


def test_claim_needs_taking_part(world):
    with pytest.raises(DomainError):
        services.claim_submit(
            actor=world.actors["volunteer"],
            activity=world.shifts[0].activity,
            kind="hours",
            hours=Decimal("1"),
        )


def test_profile_needs_consent_and_withdrawal_erases(world):
    from coproduce.coproducers.models import Skill

    skill = Skill.objects.create(tenant=world.tenant, name="Cooking")
    a = world.actors["volunteer"]
    profile = services.profile_update(
        actor=a,
        consent=True,
        skills=[skill],
        languages=["fi", "se", "fse"],
        availability={"mon": ["evening"]},
    )
    assert profile.has_consent
    assert profile.languages == ["fi", "se", "fse"]
    with pytest.raises(DomainError):
        services.profile_update(actor=a, consent=True, languages=["xx"])
    profile = services.profile_update(actor=a, consent=False)
    assert not profile.has_consent
    assert profile.consent_at is not None
    assert profile.languages == []
    assert profile.availability == {}
    assert list(profile.skills.all()) == []


def test_person_data_holds_what_is_theirs_only(world):
    shift, _ = _past_participant(world)
    services.shift_sign_up(shift=world.shifts[1], actor=world.actors["volunteer2"])
    data = selectors.person_data(world.actors["volunteer"])
    assert data["person"]["email"] == "volunteer@example.org"
    assert len(data["signups"]) == 1
    assert data["notifications"][0]["kind"] == "signup.confirmed"


def test_team_excludes_service_users_for_co_producers(world):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    services.shift_sign_up(shift=shift, actor=world.actors["service_user"])
    names = [s.person for s in selectors.shift_team(shift, all_roles=False)]
    assert names == [world.person["volunteer"]]
    assert len(selectors.shift_team(shift, all_roles=True)) == 2


def test_claim_state_is_not_counted_via_claim_table(world):
    assert Claim.objects.count() == 0


def test_no_show_cannot_undo_verified_hours(world):
    shift, signup = _past_participant(world)
    a = world.actors
    services.attendance_record(signup=signup, actor=a["coordinator"], present=True)
    claim = services.claim_submit(
        actor=a["volunteer"], activity=shift.activity, kind="hours", hours=Decimal("1")
    )
    services.claim_verify(claim=claim, actor=a["coordinator"])
    with pytest.raises(DomainError):
        services.attendance_record(signup=signup, actor=a["coordinator"], present=False)
