"""The person edits their postcode area, call-out preference and availability exceptions,
and finds them in their data download; without consent none of it is kept."""

import json

import pytest
from django.urls import reverse

from coproduce.coproducers import services
from coproduce.coproducers.models import AvailabilityException, CoproducerProfile

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(name, kwargs={"tenant": world.tenant.slug, **kwargs})


def test_area_call_out_and_exceptions_are_edited_and_downloaded(world, client_for):
    client = client_for(world.users["volunteer"])
    response = client.post(
        url(world, "my-profile"),
        {"consent": "on", "area": " 00100 ", "callout_ok": "on"},
    )
    assert response.status_code == 302
    response = client.post(
        url(world, "my-profile"),
        {
            "action": "add-exception",
            "starts_on": "2027-07-01",
            "ends_on": "2027-07-21",
            "available": "0",
            "note": "Summer at the cottage",
        },
    )
    assert response.status_code == 302
    page = client.get(url(world, "my-profile")).content.decode()
    assert 'value="00100"' in page
    assert "Summer at the cottage" in page
    assert "1.7.2027" in page
    data = json.loads(client.get(url(world, "my-data")).content)["coproducer_profile"]
    assert data["area"] == "00100"
    assert data["callout_ok"] is True
    assert data["availability_exceptions"] == [
        {
            "starts_on": "2027-07-01",
            "ends_on": "2027-07-21",
            "available": False,
            "note": "Summer at the cottage",
        }
    ]


def test_an_exception_ending_before_it_starts_is_refused(world, client_for):
    client = client_for(world.users["volunteer"])
    client.post(url(world, "my-profile"), {"consent": "on"})
    response = client.post(
        url(world, "my-profile"),
        {"action": "add-exception", "starts_on": "2027-07-21", "ends_on": "2027-07-01"},
    )
    assert response.status_code == 400
    assert "The last day cannot be before the first." in response.content.decode()
    assert not AvailabilityException.objects.exists()


def test_a_bad_area_is_named(world, client_for):
    response = client_for(world.users["volunteer"]).post(
        url(world, "my-profile"), {"consent": "on", "area": "00 1!"}
    )
    assert response.status_code == 400
    assert "A postcode area is 2 to 10 letters and digits" in response.content.decode()


def test_withdrawing_consent_erases_area_and_exceptions_but_not_call_out(world):
    actor = world.actors["volunteer"]
    services.profile_update(actor=actor, consent=True, area="00100", callout_ok=True)
    services.availability_exception_add(
        actor=actor,
        starts_on=world.shifts[0].starts_at.date(),
        ends_on=world.shifts[0].starts_at.date(),
    )
    services.profile_update(actor=actor, consent=False, callout_ok=True)
    profile = CoproducerProfile.objects.get(person=world.person["volunteer"])
    assert profile.area == ""
    assert profile.callout_ok is True
    assert not AvailabilityException.objects.filter(profile=profile).exists()


def test_without_consent_no_exception_is_kept(world):
    with pytest.raises(services.DomainError, match="consent"):
        services.availability_exception_add(
            actor=world.actors["volunteer"],
            starts_on=world.shifts[0].starts_at.date(),
            ends_on=world.shifts[0].starts_at.date(),
        )


def test_nobody_removes_another_persons_exception(world, client_for):
    services.profile_update(actor=world.actors["volunteer"], consent=True)
    exception = services.availability_exception_add(
        actor=world.actors["volunteer"],
        starts_on=world.shifts[0].starts_at.date(),
        ends_on=world.shifts[0].starts_at.date(),
    )
    for name in ("volunteer2", "service_user"):
        response = client_for(world.users[name]).post(
            url(world, "my-profile"),
            {"action": "remove-exception", "exception": str(exception.pk)},
        )
        assert response.status_code == 404
    assert AvailabilityException.objects.filter(pk=exception.pk).exists()
    response = client_for(world.users["volunteer"]).post(
        url(world, "my-profile"),
        {"action": "remove-exception", "exception": str(exception.pk)},
    )
    assert response.status_code == 302
    assert not AvailabilityException.objects.filter(pk=exception.pk).exists()
