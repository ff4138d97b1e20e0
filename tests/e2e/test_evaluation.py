"""Through the browser: a coordinator builds a trust panel from the scale library and opens
wave 1; a respondent answers on a phone with the keyboard and the mouse, saves, and changes
an answer. axe-core checks every page."""

import re

import pytest
from django_scopes import scopes_disabled
from playwright.sync_api import expect

from coproduce.evaluation.models import Answer, Invitation

from .. import factories as f
from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e

TRUST = [
    "Trust in the service provider",
    "Trust in local government",
    "Generalised trust",
    "Trust in fellow participants",
]
FIRST = "How much do you trust the organisation that runs this service?"


def field(scope, label: str):
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def checked(page):
    check_structure(page)
    audit(page)


def test_coordinator_opens_a_trust_panel_and_a_respondent_answers_on_a_phone(
    page, context, tenant, coordinator
):
    initiative = f.InitiativeFactory(tenant=tenant, name="Working Life Step")
    activity = f.ActivityFactory(initiative=initiative)
    for n in range(3):
        f.ParticipationFactory(
            activity=activity,
            role="service_user",
            person=f.PersonFactory(tenant=tenant, email=f"p{n}@example.org"),
        )
    login(page, "cora")

    # the evaluation home, from the main navigation
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Evaluation"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Evaluation")
    checked(page)

    # the library, and an instrument built from its four trust scales
    page.get_by_role("link", name="Instruments and the scale library").click()
    expect(page.get_by_role("heading", name="The scale library")).to_be_visible()
    checked(page)
    page.get_by_role("link", name="New instrument from the library").click()
    field(page, "Name").fill("Trust panel")
    for name in TRUST:
        page.get_by_label(f"{name} (").check()
    field(page, "Free-text questions").fill("What has changed for you?")
    checked(page)
    submit(page, "Save")
    expect(page.get_by_role("heading", level=1)).to_have_text("Trust panel")
    expect(
        page.get_by_text("How much do you trust the municipal council?")
    ).to_be_visible()
    checked(page)

    # a panel of the initiative's participants
    page.get_by_role("link", name="Start a panel with this instrument").click()
    field(page, "Initiative").select_option(label="Working Life Step")
    field(page, "Name").fill("Trust over the programme")
    checked(page)
    submit(page, "Save")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trust over the programme"
    )
    page.get_by_role("link", name="Invite the initiative's participants").click()
    page.get_by_label("Service user").check()
    checked(page)
    submit(page, "Save")
    expect(page.get_by_role("rowheader", name="R-0003")).to_be_visible()

    # wave 1, opened after confirming
    submit(page, "Create the next wave")
    page.get_by_role("link", name="Open wave 1").click()
    expect(
        page.get_by_text("3 members of the panel get a personal link")
    ).to_be_visible()
    checked(page)
    submit(page, "Open wave 1")
    expect(page.get_by_role("status")).to_contain_text("Wave 1 is open")
    wave_row = page.locator("#wave-1")
    expect(wave_row).to_contain_text("Open")
    checked(page)

    # the respondent, on a phone, without an account
    with scopes_disabled():
        invitation = Invitation.objects.select_related("member").get(
            member__email="p0@example.org"
        )
    context.clear_cookies()
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/respond/{invitation.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trust over the programme"
    )
    expect(page.get_by_text("under a pseudonym")).to_be_visible()
    checked(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    groups = page.get_by_role("group")
    expect(groups).to_have_count(15)

    # the keyboard: into the first question, choose 6 with the arrow keys
    first = page.get_by_role("group", name=FIRST)
    zero = first.get_by_role("radio", name="0 – No trust at all")
    zero.focus()
    page.keyboard.press("Space")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    expect(first.get_by_role("radio", name="6", exact=True)).to_be_checked()
    box = first.locator("label").first.bounding_box()
    assert box["width"] >= 44, box  # touch targets
    assert box["height"] >= 44, box

    # the mouse (a tap on the label) for the others
    for n in range(1, 15):
        groups.nth(n).get_by_text("8", exact=True).click()
    page.get_by_label("What has changed for you?").fill("I know whom to call now.")
    submit(page, "Save my answers")
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
    expect(page.get_by_text("I know whom to call now.").first).to_be_visible()
    checked(page)

    # changes an answer
    page.get_by_role("group", name=FIRST).get_by_text("3", exact=True).click()
    submit(page, "Save my changes")
    expect(page.get_by_role("status")).to_contain_text("Your answers are saved.")
    expect(
        page.get_by_role("group", name=FIRST).get_by_role("radio", name="3", exact=True)
    ).to_be_checked()
    with scopes_disabled():
        values = dict(
            Answer.objects.filter(member=invitation.member).values_list(
                "item__code", "value"
            )
        )
    assert values["tp1"] == 3
    assert values["tl1"] == 8
    assert len(values) == 16


def test_coordinator_corrects_an_address_and_a_member_leaves_the_panel(
    page, context, tenant, coordinator
):
    from coproduce.evaluation import services

    instrument = services.instrument_create_from_library(
        tenant=tenant, actor=coordinator, name="Trust", keys=["trust_provider"]
    )
    panel = services.panel_create(
        tenant=tenant,
        actor=coordinator,
        initiative=f.InitiativeFactory(tenant=tenant, name="Working Life Step"),
        instrument=instrument,
        name="Trust over the programme",
    )
    services.panel_members_from_emails(
        panel=panel, actor=coordinator, emails=["anna@exmaple.org", "ben@example.org"]
    )
    wave = services.wave_create(panel=panel, actor=coordinator)
    services.wave_open(wave=wave, actor=coordinator, send=False)
    with scopes_disabled():
        invitation = Invitation.objects.get(member__email="anna@exmaple.org")
        services.response_save(invitation=invitation, answers={"tp1": 7})
    login(page, "cora")
    page.goto(f"/t/{tenant.slug}/evaluation/panels/{panel.pk}/")

    # the address bounced: follow the pseudonym, correct it
    page.get_by_role("link", name="R-0001").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Panel member R-0001")
    checked(page)
    field(page, "Email address").fill("anna@")
    submit(page, "Change the address")
    expect(field(page, "Email address")).to_have_attribute("aria-invalid", "true")
    checked(page)
    field(page, "Email address").fill("anna@example.org")
    submit(page, "Change the address")
    expect(page.get_by_role("status")).to_contain_text("The address is changed.")

    # she asks to leave, keeping what she answered
    page.get_by_role("link", name="Leave the panel, keep the answers").click()
    expect(
        page.get_by_text("stay in the analyses under the pseudonym R-0001")
    ).to_be_visible()
    checked(page)
    submit(page, "R-0001 leaves the panel")
    expect(page.get_by_role("status")).to_contain_text("R-0001 has left the panel")
    expect(page.get_by_role("rowheader", name="R-0001")).to_contain_text(
        "left the panel"
    )
    expect(page.get_by_text("anna@example.org")).to_have_count(0)
    checked(page)

    # her link now says so
    context.clear_cookies()
    page.goto(f"/respond/{invitation.token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "You have left this panel"
    )
    checked(page)
