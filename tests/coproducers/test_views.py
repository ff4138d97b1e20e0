import json
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from icalendar import Calendar

from coproduce.coproducers import services
from coproduce.coproducers.models import Claim, CoproducerProfile, SignUp

from .conftest import make_past

pytestmark = pytest.mark.django_db


def url(world, name, **kwargs):
    return reverse(name, kwargs={"tenant": world.tenant.slug, **kwargs})


def test_co_producers_land_on_their_own_page(world, client_for):
    client = client_for(world.users["volunteer"])
    response = client.get(url(world, "portfolio"))
    assert response.status_code == 302
    assert response["Location"] == url(world, "my-coproduction")
    page = client.get(response["Location"]).content.decode()
    assert "My co-production" in page
    # the staff keep the portfolio
    assert (
        client_for(world.users["coordinator"]).get(url(world, "portfolio")).status_code
        == 200
    )


def test_menu_shows_co_producers_their_links_only(world, client_for):
    page = client_for(world.users["service_user"]).get(url(world, "my-coproduction"))
    text = page.content.decode()
    assert url(world, "opportunity-list") in text
    assert f'href="{url(world, "portfolio")}"' not in text
    assert url(world, "claim-list") not in text
    coordinator = client_for(world.users["coordinator"]).get(url(world, "portfolio"))
    assert url(world, "claim-list") in coordinator.content.decode()
    assert url(world, "my-coproduction") not in coordinator.content.decode()


def test_sign_up_and_withdraw_through_the_pages(world, client_for):
    client = client_for(world.users["volunteer"])
    shift = world.shifts[0]
    listing = client.get(url(world, "opportunity-list")).content.decode()
    assert "Pack food bags" in listing
    response = client.post(url(world, "shift-signup", pk=shift.pk))
    assert response.status_code == 302
    assert SignUp.objects.get(shift=shift).status == "confirmed"
    mine = client.get(url(world, "my-coproduction")).content.decode()
    assert "Pack food bags" in mine
    assert "Your place on" in mine  # the notification
    client.post(url(world, "shift-withdraw", pk=shift.pk), {"next": "me"})
    assert SignUp.objects.get(shift=shift).status == "withdrawn"


def test_partner_not_invited_gets_404(world, client_for):
    client = client_for(world.users["partner"])
    detail = client.get(url(world, "opportunity-detail", pk=world.opportunity.pk))
    assert detail.status_code == 404
    signup = client.post(url(world, "shift-signup", pk=world.shifts[0].pk))
    assert signup.status_code == 404


def test_roster_checks_in_with_htmx_and_without(world, client_for):
    shift = world.shifts[0]
    a = world.actors
    first = services.shift_sign_up(shift=shift, actor=a["volunteer"])
    second = services.shift_sign_up(shift=shift, actor=a["service_user"])
    make_past(shift, hours_ago=0)
    client = client_for(world.users["coordinator"])
    roster = client.get(url(world, "shift-roster", pk=shift.pk)).content.decode()
    assert shift.checkin_code in roster
    assert "Vera" in roster
    response = client.post(
        url(world, "shift-roster", pk=shift.pk),
        {"signup": first.pk, "present": "1"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.strip().startswith("<tr")
    assert "Came" in body
    response = client.post(
        url(world, "shift-roster", pk=shift.pk), {"signup": second.pk, "present": "0"}
    )
    assert response.status_code == 302
    assert SignUp.objects.get(pk=second.pk).attendance == "no_show"
    sheet = client.get(url(world, "shift-sheet", pk=shift.pk)).content.decode()
    assert "Signature" in sheet
    assert shift.checkin_code in sheet


def test_self_check_in_with_the_code(world, client_for):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift, hours_ago=0)
    client = client_for(world.users["volunteer"])
    wrong = client.post(url(world, "check-in"), {"code": "NOPE22"})
    assert wrong.status_code == 400
    right = client.post(url(world, "check-in"), {"code": shift.checkin_code})
    assert right.status_code == 302
    assert SignUp.objects.get(shift=shift).attendance == "present"


def test_report_hours_and_verify_them(world, client_for):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift, hours_ago=4)
    client = client_for(world.users["volunteer"])
    form = client.get(url(world, "claim-create")).content.decode()
    assert "Pack food bags" in form
    response = client.post(
        url(world, "claim-create"),
        {"activity": shift.activity.pk, "kind": "hours", "hours": "2.5"},
    )
    assert response.status_code == 302
    claim = Claim.objects.get()
    assert claim.status == "pending"
    page = client.get(url(world, "my-coproduction")).content.decode()
    assert re.search(r"0 hours counted; 2\.50? hours waiting for verification", page)
    professional = client_for(world.users["professional"])
    queue = professional.get(url(world, "claim-list")).content.decode()
    assert "Vera" in queue
    response = professional.post(
        url(world, "claim-decide", pk=claim.pk),
        {"decision": "verify"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Verified" in response.content.decode()
    claim.refresh_from_db()
    assert claim.participation.hours == Decimal("2.50")
    # the volunteer cannot decide
    refused = client.post(
        url(world, "claim-decide", pk=claim.pk), {"decision": "verify"}
    )
    assert refused.status_code == 403


def test_return_needs_a_reason_on_the_page(world, client_for):
    shift = world.shifts[0]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    make_past(shift, hours_ago=4)
    claim = services.claim_submit(
        actor=world.actors["volunteer"], activity=shift.activity, kind="hours", hours=1
    )
    client = client_for(world.users["coordinator"])
    client.post(url(world, "claim-decide", pk=claim.pk), {"decision": "return"})
    claim.refresh_from_db()
    assert claim.status == "pending"
    client.post(
        url(world, "claim-decide", pk=claim.pk),
        {"decision": "return", "reason": "Which day was it?"},
    )
    claim.refresh_from_db()
    assert claim.status == "returned"


def test_calendar_download_and_secret_feed(world, client, client_for):
    shift = world.shifts[1]
    services.shift_sign_up(shift=shift, actor=world.actors["volunteer"])
    me = client_for(world.users["volunteer"])
    response = me.get(url(world, "my-calendar"))
    assert response["Content-Type"].startswith("text/calendar")
    cal = Calendar.from_ical(response.content)
    events = cal.walk("VEVENT")
    assert len(events) == 1
    assert str(events[0]["SUMMARY"]) == "Pack food bags"
    assert events[0].decoded("DTSTART") == shift.starts_at
    me.get(url(world, "my-profile"))
    me.post(url(world, "my-profile"), {"email_kinds": ["signup.confirmed"]})
    profile = CoproducerProfile.objects.get(person=world.person["volunteer"])
    feed = reverse("calendar-feed", kwargs={"token": profile.feed_token})
    assert client.get(feed).status_code == 200  # no login: calendar programs
    me.post(url(world, "my-profile"), {"action": "renew-feed"})
    assert client.get(feed).status_code == 404
    assert (
        client.get(reverse("calendar-feed", kwargs={"token": "x" * 32})).status_code
        == 404
    )


def test_my_data_is_json_of_what_is_mine(world, client_for):
    services.shift_sign_up(shift=world.shifts[0], actor=world.actors["service_user"])
    response = client_for(world.users["service_user"]).get(url(world, "my-data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["person"]["given_name"] == "Sami"
    assert len(data["signups"]) == 1


def test_profile_form_records_consent(world, client_for):
    client = client_for(world.users["volunteer"])
    client.post(
        url(world, "my-profile"),
        {"consent": "on", "languages": ["fi", "fse"], "available_mon": ["evening"]},
    )
    profile = CoproducerProfile.objects.get(person=world.person["volunteer"])
    assert profile.has_consent
    assert profile.availability == {"mon": ["evening"]}
    client.post(url(world, "my-profile"), {"languages": ["fi"]})
    profile.refresh_from_db()
    assert profile.languages == []
    assert profile.consent_withdrawn_at is not None


def test_coordinator_creates_a_weekly_opportunity(world, client_for):
    client = client_for(world.users["coordinator"])
    response = client.post(
        url(world, "opportunity-create"),
        {
            "initiative": world.initiative.pk,
            "title": "Reading café hosts",
            "place": "Library",
            "first_starts_at": "2030-01-07T10:00",
            "minutes": "90",
            "weekdays": ["0", "2"],
            "until": "2030-01-20",
            "capacity": "2",
            "languages": ["fi", "se"],
            "open_to_volunteers": "on",
            "level": "4",
            "publish": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    from coproduce.coproducers.models import Opportunity

    opportunity = Opportunity.objects.get(title="Reading café hosts")
    assert opportunity.status == "published"
    assert opportunity.shifts.count() == 4  # Mon and Wed for two weeks


def test_finnish_and_swedish_pages(world, client_for):
    client = client_for(world.users["volunteer"])
    for language, word in (("fi", "Ilmoittaudu"), ("sv", "Anmäl")):
        client.cookies["django_language"] = language
        page = client.get(url(world, "opportunity-detail", pk=world.opportunity.pk))
        assert word in page.content.decode(), language
