"""Through the browser: a coordinator prints the invitation letters of the members without
email (one a page when printed), and answers a member's questionnaire with them on the
telephone, on a phone; the letters at 200 % zoom too. axe-core checks every page."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from coproduce.evaluation import services
from coproduce.evaluation.models import Invitation

from .. import factories as f
from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e

FIRST = "How much do you trust the organisation that runs this service?"


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def checked(page):
    check_structure(page)
    audit(page)


def test_letters_for_members_without_email_and_answering_with_one_of_them(
    page, tenant, coordinator
):
    initiative = f.InitiativeFactory(tenant=tenant, name="Living room evenings")
    activity = f.ActivityFactory(initiative=initiative)
    for _ in range(2):
        f.ParticipationFactory(activity=activity, role="resident")
    instrument = services.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="Trust", keys=["trust_provider"]
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=initiative,
        instrument=instrument,
        name="Trust in the evenings",
    )
    services.panel_members_from_participants(panel=panel, actor=coordinator)
    wave = services.wave_create(panel=panel, actor=coordinator)
    services.wave_open(wave=wave, actor=coordinator, send=False)
    login(page, "cora")
    page.goto(f"/t/{tenant.slug}/evaluation/panels/{panel.pk}/")
    page.get_by_role("link", name="Print letters for wave 1").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Invitation letters for wave 1"
    )
    expect(
        page.get_by_text("2 members without an email address have not answered")
    ).to_be_visible()
    checked(page)
    submit(page, "Make the letters to print")
    expect(page.get_by_role("textbox", name="Who to call for help")).to_have_attribute(
        "aria-invalid", "true"
    )
    checked(page)
    page.get_by_role("textbox", name="Who to call for help").fill("Cora, 040 123 4567")
    submit(page, "Make the letters to print")
    expect(page.get_by_role("heading", level=1)).to_have_text("2 letters to print")
    letters = page.locator("article.letter")
    expect(letters).to_have_count(2)
    expect(letters.first.locator("svg.qr-code")).to_be_visible()
    expect(letters.first).to_contain_text("Call Cora, 040 123 4567")
    checked(page)
    # at 200 % zoom (a 1280 px window seen as 640 px) nothing scrolls sideways
    page.set_viewport_size({"width": 640, "height": 450})
    assert page.evaluate("document.documentElement.scrollWidth") <= 640
    checked(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    # printed: no navigation, one letter a page
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_hidden()
    assert letters.first.evaluate("e => getComputedStyle(e).breakAfter") == "page", (
        "each letter on its own page"
    )
    page.emulate_media(media="screen")

    # one member calls: the coordinator answers with them, on a small screen
    with scopes_disabled():
        member = panel.members.order_by("pseudonym").first()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/t/{tenant.slug}/evaluation/panels/{panel.pk}/members/{member.pk}/")
    page.get_by_role("link", name="Answer wave 1 with the member").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"^Answering with R-000\d, wave 1$")
    )
    checked(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.get_by_role("group", name=FIRST).get_by_text("6", exact=True).click()
    submit(page, "Save the member's answers")
    expect(page.get_by_role("status")).to_contain_text("marked as given with help")
    expect(page.get_by_text("answered with help")).to_be_visible()
    checked(page)
    with scopes_disabled():
        invitation = Invitation.objects.get(wave=wave, member=member)
    assert invitation.assisted_by_id == coordinator.pk
