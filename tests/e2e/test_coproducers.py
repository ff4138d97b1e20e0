"""Co-producers act for themselves, in the browser (issue 13): a volunteer lands on their
own page, signs up for a shift, is checked in from the coordinator's roster (htmx) while a
service user checks in with the venue's code, reports extra hours, and the coordinator
verifies them; at 1280 px, at 390 px and at 200 % zoom, in English and Finnish, with
axe-core on every page."""

import re

import pytest
from playwright.sync_api import expect

from tests.coproducers.conftest import make_past, world  # noqa: F401 (the fixture)

from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def switch_user(page, username):
    page.context.clear_cookies()
    login(page, username)


def no_sideways_scroll(page):
    width = page.evaluate("document.scrollingElement.scrollWidth")
    viewport = page.evaluate("window.innerWidth")
    assert width <= viewport, f"{page.url}: {width}px wide in a {viewport}px window"


def checked(page):
    check_structure(page)
    audit(page)


def test_sign_up_check_in_report_and_verify(page, world):  # noqa: F811
    base = f"/t/{world.tenant.slug}"
    shift = world.shifts[0]

    # the volunteer lands on their own page, not the portfolio
    login(page, "vera")
    page.goto(f"{base}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("My co-production")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Portfolio")).to_have_count(0)
    checked(page)

    # finds the opportunity and signs up for the first shift
    page.get_by_role("link", name="Find something to take part in").click()
    checked(page)
    page.get_by_role("link", name="Pack food bags").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pack food bags")
    checked(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Sign up")).first.click()
    expect(page.get_by_role("status")).to_contain_text("You have a place")
    checked(page)

    # the service user signs up too
    switch_user(page, "sami")
    page.goto(f"{base}/opportunities/{world.opportunity.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Sign up")).first.click()
    expect(page.get_by_role("status")).to_contain_text("You have a place")

    # the shift begins; the coordinator checks Vera in from the roster (htmx)
    make_past(shift, hours_ago=0)
    switch_user(page, "cora")
    page.goto(f"{base}/shifts/{shift.pk}/roster/")
    checked(page)
    row = page.locator("tr", has_text="Vera")
    row.get_by_role("button", name=re.compile("^Check in")).click()
    expect(row.get_by_text("Came", exact=True)).to_be_visible()
    checked(page)
    page.goto(f"{base}/shifts/{shift.pk}/sheet/")
    checked(page)

    # the service user checks in with the code shown at the venue, on a phone
    switch_user(page, "sami")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/me/check-in/")
    checked(page)
    no_sideways_scroll(page)
    page.get_by_label(re.compile("^Check-in code")).fill(shift.checkin_code.lower())
    with page.expect_navigation():
        page.get_by_role("button", name="Check in", exact=True).click()
    expect(page.get_by_role("status")).to_contain_text("You are checked in")
    no_sideways_scroll(page)
    checked(page)

    # later, Vera reports an hour of preparation: it waits, counted apart
    make_past(shift, hours_ago=4)
    switch_user(page, "vera")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/me/report/")
    checked(page)
    no_sideways_scroll(page)
    page.get_by_label(re.compile("^Activity you took part in")).select_option(index=1)
    page.locator("#id_hours").fill("1")
    page.get_by_label(re.compile("^Description")).fill("Preparing the bags at home")
    with page.expect_navigation():
        page.get_by_role("button", name="Send for verification").click()
    expect(page.get_by_text("Waiting for verification", exact=True)).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"2\.50? hours counted; 1(\.00)? hours waiting"))
    ).to_be_visible()
    no_sideways_scroll(page)
    checked(page)

    # the coordinator verifies it (htmx), and it counts
    switch_user(page, "cora")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{base}/hours-to-verify/")
    checked(page)
    card = page.locator("li", has_text="Preparing the bags at home")
    card.get_by_role("button", name=re.compile("^Verify")).click()
    expect(card.get_by_text("Verified", exact=True)).to_be_visible()
    checked(page)

    switch_user(page, "vera")
    page.goto(f"{base}/me/")
    expect(
        page.get_by_text(re.compile(r"3\.50? hours counted; 0 hours waiting"))
    ).to_be_visible()

    # in Finnish, at 200 % zoom (a 1280 px window seen as 640 px)
    page.set_viewport_size({"width": 640, "height": 450})
    page.get_by_label("Language").select_option("fi")
    with page.expect_navigation():
        page.get_by_role("button", name="Change").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Oma yhteistuotantoni")
    no_sideways_scroll(page)
    checked(page)
    page.goto(f"{base}/opportunities/{world.opportunity.pk}/")
    no_sideways_scroll(page)
    checked(page)


def test_attendance_at_scale_edit_cancel_and_profile(page, world):  # noqa: F811
    """The coordinator pastes who came (a wrong line named first), moves and cancels a
    shift; the volunteer keeps days away in the profile: axe-core on each page."""
    base = f"/t/{world.tenant.slug}"
    shift = make_past(world.shifts[0], hours_ago=1)
    login(page, "cora")
    page.goto(f"{base}/shifts/{shift.pk}/roster/")
    checked(page)
    page.get_by_label("Or paste a list").fill("Vera Member\nNobody Here")
    with page.expect_navigation():
        page.get_by_role("button", name="Record as present").click()
    expect(page.get_by_role("alert").first).to_contain_text("Line 2: nobody")
    checked(page)
    page.get_by_label("Or paste a list").fill("Vera Member\nVille Member")
    with page.expect_navigation():
        page.get_by_role("button", name="Record as present").click()
    expect(page.get_by_role("status")).to_contain_text("2 people recorded as present")
    expect(page.locator("tr", has_text="Ville").get_by_text("Came")).to_be_visible()

    page.goto(f"{base}/opportunities/{world.opportunity.pk}/edit/")
    checked(page)
    page.goto(f"{base}/shifts/{world.shifts[1].pk}/edit/")
    checked(page)
    page.get_by_label(re.compile("^Reason")).fill("The hall is closed.")
    with page.expect_navigation():
        page.get_by_role("button", name="Cancel the shift").click()
    expect(page.get_by_role("status")).to_contain_text("Shift cancelled")
    checked(page)

    switch_user(page, "vera")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/me/profile/")
    page.get_by_label(re.compile("^I agree")).check()
    page.get_by_label("Postcode area").fill("00100")
    with page.expect_navigation():
        page.get_by_role("button", name="Save", exact=True).click()
    page.get_by_label("From").fill("2027-07-01")
    page.get_by_label("Until").fill("2027-07-21")
    with page.expect_navigation():
        page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_role("cell", name="1.7.2027", exact=True)).to_be_visible()
    no_sideways_scroll(page)
    checked(page)


def test_waiting_list_withdraw_returned_hours_inbox_and_data(page, world):  # noqa: F811
    """A full shift puts Vera on its waiting list (on a phone); Ville withdraws (at 200 %
    zoom) and she is promoted, which her inbox tells her; hours she reported come back
    with a reason, she corrects them and they are verified; she downloads all that is
    held about her. axe-core on every page."""
    from decimal import Decimal

    from coproduce.coproducers import services

    base = f"/t/{world.tenant.slug}"
    shift = world.shifts[0]  # two places
    for name in ("volunteer2", "volunteer3"):
        services.shift_sign_up(shift=shift, actor=world.actors[name])

    # Vera, on a phone: the shift is full, she goes on the waiting list
    login(page, "vera")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/opportunities/{world.opportunity.pk}/")
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Join the waiting list")).click()
    expect(page.get_by_role("status")).to_contain_text("on the waiting list")
    no_sideways_scroll(page)
    checked(page)

    # Ville withdraws from his own page, at 200 % zoom
    switch_user(page, "ville")
    page.set_viewport_size({"width": 640, "height": 450})
    page.goto(f"{base}/me/")
    checked(page)
    no_sideways_scroll(page)
    with page.expect_navigation():
        page.get_by_role("button", name=re.compile("^Withdraw")).first.click()
    expect(page.get_by_role("status")).to_contain_text("You have withdrawn")
    expect(page.get_by_text("Nothing signed up for yet.")).to_be_visible()
    checked(page)

    # Vera's inbox says a place freed up for her; she marks it read
    switch_user(page, "vera")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/me/notifications/")
    expect(
        page.get_by_text(re.compile("A place freed up: you now have a place"))
    ).to_be_visible()
    no_sideways_scroll(page)
    checked(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Mark all as read").click()
    expect(page.get_by_role("button", name="Mark all as read")).to_have_count(0)
    checked(page)

    # the shift took place; hours Vera reported are returned with a reason (htmx)
    make_past(shift, hours_ago=4)
    services.claim_submit(
        actor=world.actors["volunteer"], activity=shift.activity, kind="hours",
        hours=Decimal("6"), description="Packing and driving",
    )  # fmt: skip
    switch_user(page, "cora")
    page.set_viewport_size({"width": 640, "height": 450})  # 200 % zoom
    page.goto(f"{base}/hours-to-verify/")
    card = page.locator("li", has_text="Packing and driving")
    card.get_by_text(re.compile("^Return with a reason")).click()
    card.get_by_label("Reason for returning").fill("The shift lasted 2.5 hours.")
    card.get_by_role("button", name="Return", exact=True).click()
    expect(card.get_by_text("Returned", exact=True)).to_be_visible()
    no_sideways_scroll(page)
    checked(page)

    # she sees why on her own page, corrects the hours and sends them again
    switch_user(page, "vera")
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/me/")
    expect(
        page.get_by_role(
            "cell", name=re.compile("^Returned The shift lasted 2.5 hours")
        )
    ).to_be_visible()
    expect(  # and her inbox on the page says so
        page.get_by_role("link", name=re.compile("Pack food bags was returned"))
    ).to_be_visible()
    page.get_by_role("link", name=re.compile("^Correct and send again")).click()
    checked(page)
    no_sideways_scroll(page)
    page.locator("#id_hours").fill("2.5")
    with page.expect_navigation():
        page.get_by_role("button", name="Send again").click()
    expect(page.get_by_text("Waiting for verification", exact=True)).to_be_visible()
    checked(page)

    # verified, it counts
    switch_user(page, "cora")
    page.goto(f"{base}/hours-to-verify/")
    card = page.locator("li", has_text="Packing and driving")
    card.get_by_role("button", name=re.compile("^Verify")).click()
    expect(card.get_by_text("Verified", exact=True)).to_be_visible()

    # everything held about her, downloaded from her profile
    switch_user(page, "vera")
    page.goto(f"{base}/me/profile/")
    checked(page)
    no_sideways_scroll(page)
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Download my data")).click()
    import json
    from pathlib import Path

    data = json.loads(Path(download.value.path()).read_text())
    assert data["person"]["given_name"] == "Vera"
    reported = [(r["description"], r["status"], r["hours"]) for r in data["reported"]]
    assert reported == [("Packing and driving", "verified", "2.50")]
    assert "signup.promoted" in {n["kind"] for n in data["notifications"]}
