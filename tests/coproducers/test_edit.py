"""A coordinator edits an opportunity and its shifts, and cancels a shift: those signed
up are told, their sign-ups closed and kept."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from coproduce.coproducers import services
from coproduce.coproducers.models import Notification, SignUp
from coproduce.core.errors import DomainError

from .conftest import make_past

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(name, kwargs={"tenant": world.tenant.slug, **kwargs})


def _edit_data(world, **changes):
    data = {
        "title": "Pack food bags",
        "description": "",
        "place": "Parish hall",
        "accessibility": "Step-free entrance.",
        "capacity": "2",
        "languages": ["fi", "sv"],
        "open_to_volunteers": "on",
        "open_to_residents": "on",
        "level": "4",
        "status": "published",
    }
    return data | changes


def test_editing_the_opportunity_reaches_its_upcoming_shifts(world, client_for):
    shift = world.shifts[1]
    for name in ("volunteer", "volunteer2", "volunteer3"):
        services.shift_sign_up(shift=shift, actor=world.actors[name])
    client = client_for(world.users["coordinator"])
    form = client.get(url(world, "opportunity-edit", pk=world.opportunity.pk))
    assert 'value="Parish hall"' in form.content.decode()
    response = client.post(
        url(world, "opportunity-edit", pk=world.opportunity.pk),
        _edit_data(world, title="Pack and deliver", place="Library", capacity="3"),
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Pack and deliver" in page
    assert "Library" in page
    shift.refresh_from_db()
    shift.activity.refresh_from_db()
    assert (shift.activity.title, shift.activity.place) == (
        "Pack and deliver",
        "Library",
    )
    assert shift.capacity == 3
    # the first waiting took the new place, and was told
    veikko = SignUp.objects.get(shift=shift, person=world.person["volunteer3"])
    assert veikko.status == "confirmed"
    assert Notification.objects.filter(
        person=world.person["volunteer3"], kind="signup.promoted"
    ).exists()


def test_fewer_places_than_taken_is_refused_with_the_shift_named(world, client_for):
    shift = world.shifts[0]
    for name in ("volunteer", "volunteer2"):
        services.shift_sign_up(shift=shift, actor=world.actors[name])
    response = client_for(world.users["coordinator"]).post(
        url(world, "opportunity-edit", pk=world.opportunity.pk),
        _edit_data(world, capacity="1", title="Changed"),
    )
    assert response.status_code == 400
    when = timezone.localtime(shift.starts_at)
    assert (
        f"2 people already have a place on Changed, {when:%d.%m.%Y %H:%M}: it cannot "
        "have fewer places." in response.content.decode()
    )
    world.opportunity.refresh_from_db()
    assert world.opportunity.title == "Pack food bags"  # nothing was saved


def test_moving_a_shift_moves_its_activity_and_tells_those_signed_up(world, client_for):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    new_start = timezone.localtime(shift.starts_at) + dt.timedelta(hours=1)
    response = client_for(world.users["coordinator"]).post(
        url(world, "shift-edit", pk=shift.pk),
        {
            "starts_at": new_start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (new_start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "capacity": "2",
        },
    )
    assert response.status_code == 302
    shift.refresh_from_db()
    shift.activity.refresh_from_db()
    assert shift.starts_at == new_start
    assert shift.activity.starts_at == new_start
    note = Notification.objects.get(
        person=world.person["volunteer"], kind="shift.changed"
    )
    assert f"{new_start:%d.%m.%Y %H:%M}" in note.text


def test_cancelling_a_shift_closes_the_sign_ups_and_tells_everyone(world, client_for):
    shift = world.shifts[0]
    for name in ("volunteer", "volunteer2", "volunteer3"):
        services.shift_sign_up(shift=shift, actor=world.actors[name])
    client = client_for(world.users["coordinator"])
    response = client.post(
        url(world, "shift-cancel", pk=shift.pk), {"reason": "The hall is flooded."}
    )
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Shift cancelled; 3 people signed up were told." in page
    assert "Cancelled" in page
    signups = SignUp.objects.filter(shift=shift)
    assert signups.count() == 3  # closed, not deleted
    assert {s.status for s in signups} == {"cancelled"}
    texts = [n.text for n in Notification.objects.filter(kind="shift.cancelled")]
    assert len(texts) == 3
    assert all("is cancelled. The hall is flooded." in t for t in texts)
    # the volunteer sees it gone from what is coming, and cannot sign up again
    mine = client_for(world.users["volunteer"]).get(url(world, "my-coproduction"))
    assert "is cancelled" in mine.content.decode()
    with pytest.raises(DomainError):
        services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])


def test_a_shift_with_people_checked_in_cannot_be_cancelled(world):
    shift = world.shifts[0]
    signup = services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift)
    services.attendance_record(
        signup=signup, actor=world.actors["coordinator"], present=True
    )
    with pytest.raises(DomainError, match="checked in"):
        services.shift_cancel(shift=shift, actor=world.actors["coordinator"])


def test_volunteer_cannot_edit_and_other_tenant_gets_404(
    world, client_for, other_tenant, make_member
):
    shift = world.shifts[0]
    volunteer = client_for(world.users["volunteer"])
    assert (
        volunteer.get(
            url(world, "opportunity-edit", pk=world.opportunity.pk)
        ).status_code
        == 403
    )
    assert volunteer.post(url(world, "shift-cancel", pk=shift.pk)).status_code == 403
    assert volunteer.get(url(world, "shift-edit", pk=shift.pk)).status_code == 403
    other = client_for(make_member(other_tenant, "coordinator", username="otto"))
    for name, pk in (
        ("opportunity-edit", world.opportunity.pk),
        ("shift-edit", shift.pk),
        ("shift-cancel", shift.pk),
    ):
        answer = other.post(
            reverse(name, kwargs={"tenant": other_tenant.slug, "pk": pk}), {}
        )
        assert answer.status_code == 404, name
    shift.refresh_from_db()
    assert not shift.cancelled


def test_a_cancelled_shift_stays_in_the_calendar_as_cancelled(world, client_for):
    from icalendar import Calendar

    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    services.shift_sign_up(shift=world.shifts[1], actor=world.actors["volunteer"])
    services.shift_cancel(shift=shift, actor=world.actors["coordinator"])
    body = client_for(world.users["volunteer"]).get(url(world, "my-calendar")).content
    status = {
        str(e["dtstart"].dt.date()): str(e["status"])
        for e in Calendar.from_ical(body).walk("VEVENT")
    }
    assert status == {
        str(timezone.localtime(shift.starts_at).date()): "CANCELLED",
        str(timezone.localtime(world.shifts[1].starts_at).date()): "CONFIRMED",
    }


def test_a_returned_report_is_corrected_and_sent_again(world, client_for):
    shift = world.shifts[0]
    signup = services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift, hours_ago=3)
    services.attendance_record(
        signup=signup, actor=world.actors["coordinator"], present=True
    )
    claim = services.claim_submit(
        actor=world.actors["volunteer"], activity=shift.activity, kind="hours", hours=1
    )
    services.claim_return(
        claim=claim, actor=world.actors["professional"], reason="Was it more?"
    )
    client = client_for(world.users["volunteer"])
    mine = client.get(url(world, "my-coproduction")).content.decode()
    assert url(world, "claim-resubmit", pk=claim.pk) in mine
    form = client.get(url(world, "claim-resubmit", pk=claim.pk)).content.decode()
    assert "Was it more?" in form
    bad = client.post(url(world, "claim-resubmit", pk=claim.pk), {"hours": ""})
    assert bad.status_code == 400
    response = client.post(url(world, "claim-resubmit", pk=claim.pk), {"hours": "2"})
    assert response.status_code == 302
    claim.refresh_from_db()
    assert (claim.status, str(claim.hours)) == ("pending", "2.00")
    # nobody else corrects it: another volunteer does not find it, a verifier may not
    other = client_for(world.users["volunteer2"])
    assert other.get(url(world, "claim-resubmit", pk=claim.pk)).status_code == 404
    verifier = client_for(world.users["professional"])
    assert verifier.get(url(world, "claim-resubmit", pk=claim.pk)).status_code == 403


def test_one_more_shift_is_added_to_the_opportunity(world, client_for):
    client = client_for(world.users["coordinator"])
    last = timezone.localtime(world.shifts[-1].starts_at)
    start = last + dt.timedelta(days=7)
    response = client.post(
        url(world, "shift-create", pk=world.opportunity.pk),
        {
            "new-starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "new-ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert response.status_code == 302
    shift = world.opportunity.shifts.order_by("-starts_at").first()
    assert shift.starts_at == start
    assert shift.capacity == world.opportunity.capacity
    assert shift.activity.initiative_id == world.initiative.pk
    past = client.post(
        url(world, "shift-create", pk=world.opportunity.pk),
        {
            "new-starts_at": "2020-01-01T10:00",
            "new-ends_at": "2020-01-01T12:00",
        },
    )
    assert past.status_code == 400
    assert "A new shift starts in the future." in past.content.decode()
    volunteer = client_for(world.users["volunteer"])
    assert (
        volunteer.post(url(world, "shift-create", pk=world.opportunity.pk)).status_code
        == 403
    )
