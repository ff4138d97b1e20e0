"""Scenario 7 in the browser (issue 14): a coordinator switches an initiative into crisis
mode, a professional posts a need for Somali-speaking help with the resident's details
kept apart, the coordinator calls the best candidates out; a volunteer accepts from the
link in the text message (no login, at 390 px, the page loading only its CSS and htmx),
another declines; the volunteer checks in with the code on a phone, the coordinator
checks them out; a decision is logged; the coverage page names the uncovered
Ukrainian speakers and the association that could reach them, until it joins as a
partner (the demo's Somali and Arabic story: tests/crisis/test_demo.py).
axe-core on every page."""

import datetime as dt
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from coproduce.crisis import sms
from coproduce.crisis.models import CallOut, CrisisCentre, Need
from coproduce.initiatives.models import Participation
from coproduce.initiatives.services import partner_add
from coproduce.people.models import Membership
from tests import factories as f
from tests.crisis.conftest import crisis  # noqa: F401 (the fixture)

from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def checked(page):
    check_structure(page)
    audit(page)


def no_sideways_scroll(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    assert width <= page.evaluate("window.innerWidth"), page.url


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


def test_crisis_centre_end_to_end(page, crisis):  # noqa: F811, PLR0915
    base = f"/t/{crisis.tenant.slug}"
    other = f.InitiativeFactory(tenant=crisis.tenant, name="Second wave")

    # switch on: the coordinator opens the crisis mode of an initiative
    login(page, "cora")
    page.goto(f"{base}/initiatives/{other.slug}/")
    page.get_by_role("link", name="Crisis mode").click()
    checked(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Switch crisis mode on").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Crisis centre")
    checked(page)
    assert CrisisCentre.objects.get(initiative=other).active

    # a professional posts a need on the existing centre, on a phone
    switch_user(page, "pia")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/initiatives/{crisis.initiative.slug}/crisis/needs/new/")
    checked(page)
    soon = timezone.localtime() + dt.timedelta(minutes=30)
    page.get_by_label("What is needed").first.fill(
        "Medicine run for a Somali-speaking family"
    )
    page.get_by_label("Postcode area").fill("00530")
    page.get_by_label("From").fill(soon.strftime("%Y-%m-%dT%H:%M"))
    page.get_by_label("Until").fill(
        (soon + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M")
    )
    page.get_by_label("People needed").fill("1")
    page.get_by_label("Somali").first.check()
    page.get_by_label("Resident's name").fill("Hodan Resident")
    page.get_by_label("Resident's phone").fill("+358 44 000 0000")
    with page.expect_navigation():
        page.get_by_role("button", name="Post the need").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Medicine run for a Somali-speaking family"
    )
    checked(page)
    no_sideways_scroll(page)
    need = Need.objects.get(title="Medicine run for a Somali-speaking family")
    # not assigned: the professional sees no resident details
    expect(page.get_by_text("Hodan Resident")).to_have_count(0)

    # the coordinator sees the ranked candidates with reasons, and calls two out
    switch_user(page, "cora")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/crisis/needs/{need.pk}/")
    expect(page.get_by_text(re.compile("Why: Speaks Somali")).first).to_be_visible()
    checked(page)
    sms.outbox.clear()
    page.get_by_label("How many people to ask").fill("2")
    with page.expect_navigation():
        page.get_by_role("button", name="Ask the next candidates").click()
    expect(page.get_by_text("2 people were asked")).to_be_visible()
    assert len(sms.outbox) == 2
    links = {m.to: re.search(r"/callout/[^ \n]+/", m.body).group(0) for m in sms.outbox}
    amina = crisis.person["amina"]
    first_link = links[amina.phone]
    second_link = next(v for k, v in links.items() if k != amina.phone)

    # amina accepts from her text message, without logging in, on a phone
    page.context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    loaded = []
    page.on("request", lambda r: loaded.append(r.url))
    page.goto(first_link)
    assert all(
        re.search(r"/callout/|site\.css|htmx\.min\.js", url) for url in loaded
    ), loaded
    expect(page.get_by_role("heading", level=1)).to_have_text(need.title)
    checked(page)
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Yes, I can come").click()
    expect(page.get_by_role("status")).to_contain_text("you have a place")
    checked(page)
    # the other one declines
    page.goto(second_link)
    with page.expect_navigation():
        page.get_by_role("button", name="No, I cannot").click()
    expect(page.get_by_role("status")).to_contain_text("You declined")
    assert sorted(
        CallOut.objects.filter(need=need).values_list("status", flat=True)
    ) == [
        "accepted",
        "declined",
    ]

    # amina checks in with the code shown at the place, on her phone
    login(page, "amina")
    page.goto(f"{base}/me/check-in/")
    checked(page)
    no_sideways_scroll(page)
    page.get_by_label("Code").fill(Need.objects.get(pk=need.pk).shift.checkin_code)
    with page.expect_navigation():
        page.get_by_role("button", name="Check in").click()
    expect(page.get_by_text(re.compile("You are checked in"))).to_be_visible()

    # the coordinator checks her out: a participation of the centre's delivery
    switch_user(page, "cora")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/crisis/needs/{need.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Check out")).click()
    expect(page.get_by_text(re.compile("is checked out"))).to_be_visible()
    participation = Participation.objects.get(
        activity=need.shift.activity, person=amina
    )
    assert participation.activity.stage == "delivery"

    # a decision, on the ledger
    page.goto(f"{base}/initiatives/{crisis.initiative.slug}/crisis/decisions/")
    page.get_by_label("What was decided").fill("Deliveries without a signature")
    page.get_by_label("Why").fill("Quarantined households must not open the door.")
    page.get_by_label("On what authority").fill("Head of preparedness")
    with page.expect_navigation():
        page.get_by_role("button", name="Log the decision").click()
    expect(page.get_by_role("cell", name="Head of preparedness")).to_be_visible()
    checked(page)

    # coverage: a need expressed in Ukrainian, nobody to call who speaks it
    from coproduce.crisis import services

    start = timezone.now() + dt.timedelta(days=2)
    services.need_post(
        centre=crisis.centre, actor=crisis.actors["coordinator"], title="Phone check-in",
        area="00530", starts_at=start, ends_at=start + dt.timedelta(hours=1),
        people_needed=1, languages=["uk"], language="uk",
    )  # fmt: skip
    association = f.OrganisationFactory(
        tenant=crisis.tenant, name="Ukrainian Families", kind="community_group"
    )
    for _i in range(3):
        person = f.PersonFactory(tenant=crisis.tenant, languages="uk, fi")
        Membership.objects.create(
            tenant=crisis.tenant, person=person, organisation=association, role="member"
        )
    page.goto(f"{base}/initiatives/{crisis.initiative.slug}/crisis/coverage/")
    alert = page.locator("#uncovered")
    expect(alert).to_contain_text("Ukrainian-speaking residents")
    expect(alert.get_by_role("link", name="Ukrainian Families")).to_be_visible()
    checked(page)
    partner_add(
        initiative=crisis.initiative, actor=crisis.users["coordinator"],
        organisation=association, role="delivery",
    )  # fmt: skip
    page.reload()
    expect(page.locator("#uncovered")).not_to_contain_text(
        "Ukrainian-speaking residents"
    )
