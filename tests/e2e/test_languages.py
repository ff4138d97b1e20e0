"""Through the browser: a Swedish-speaking respondent answers the demo's trust panel
(scenario 8's instrument, made by the demo's own code) in Swedish on a phone: they switch
the page to Svenska, read the questions and the end labels in Swedish, answer and save; a
question without a Swedish text is shown in English, marked as English, with a visible
note. axe-core checks every page."""

import pytest
from django_scopes import scope, scopes_disabled
from playwright.sync_api import expect

from coproduce.core import i18n
from coproduce.demo.evaluation_panel import trust_instrument_create
from coproduce.evaluation import services
from coproduce.evaluation.models import Answer, Invitation, Item

from .. import factories as f
from .conftest import audit, check_structure

pytestmark = pytest.mark.e2e

FIRST_SV = "Hur mycket litar du på den organisation som driver den här tjänsten?"
COUNCIL_SV = "Hur mycket litar du på kommunfullmäktige?"


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def checked(page):
    check_structure(page)
    audit(page)


def _trust_panel(tenant, coordinator, *, without_swedish: str = "") -> Invitation:
    """The demo's trust instrument in a panel of one respondent, wave 1 open."""
    with scope(tenant=tenant):
        instrument = trust_instrument_create(tenant=tenant, actor=coordinator)
        if without_swedish:  # a question the coordinator has not translated yet
            item = instrument.items.get(code=without_swedish)
            i18n.translations_apply(item, "text", {"sv": ""})
            item.save(update_fields=["i18n"])
        panel = services.panel_create(
            tenant=tenant,
            actor=coordinator,
            initiative=f.InitiativeFactory(tenant=tenant, name="Working Life Step"),
            instrument=instrument,
            name="Trust over six months",
        )
        i18n.translations_apply(panel, "name", {"sv": "Förtroende under sex månader"})
        panel.save(update_fields=["i18n"])
        services.panel_members_from_emails(
            panel=panel, actor=coordinator, emails=["greta@example.org"]
        )
        wave = services.wave_create(panel=panel, actor=coordinator)
        services.wave_open(wave=wave, actor=coordinator, send=False)
    with scopes_disabled():
        return Invitation.objects.select_related("member").get(
            member__email="greta@example.org"
        )


def test_a_swedish_speaking_respondent_answers_the_trust_panel_in_swedish(
    page, context, tenant, coordinator
):
    invitation = _trust_panel(tenant, coordinator)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/respond/{invitation.token}/")
    # the link opens in the browser's language (English here)
    expect(page.get_by_role("heading", level=1)).to_have_text("Trust over six months")
    checked(page)

    # the switcher, in each language's own name
    switcher = page.get_by_role("navigation", name="Language of the questions")
    with page.expect_navigation():
        switcher.get_by_role("link", name="svenska").click()
    assert page.evaluate("document.documentElement.lang") == "sv"
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Förtroende under sex månader"
    )
    expect(page.locator(".content-languages [aria-current=true]")).to_have_text(
        "svenska"
    )
    expect(page.get_by_text("Besvara varje fråga på dess skala")).to_be_visible()
    first = page.get_by_role("group", name=FIRST_SV)
    expect(first).to_be_visible()
    expect(first.get_by_role("radio", name="0 – Ingen tillit alls")).to_be_visible()
    expect(first.get_by_role("radio", name="10 – Fullständig tillit")).to_be_visible()
    expect(page.get_by_role("group", name=COUNCIL_SV)).to_be_visible()
    # nothing falls back: every text of the instrument has its Swedish version
    expect(page.locator(".fallback-note")).to_have_count(0)
    expect(page.get_by_text("How much do you trust")).to_have_count(0)
    checked(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

    groups = page.get_by_role("group")
    count = groups.count()
    with scopes_disabled():
        rated = Item.objects.filter(
            instrument=invitation.wave.panel.instrument, kind=Item.Kind.SCALE
        ).count()
    assert count == rated
    for n in range(count):
        groups.nth(n).locator("label").nth(1).click()
    page.get_by_label("Vad har förändrats för dig sedan programmet började").fill(
        "Coachen lyssnade."
    )
    submit(page, "Spara mina svar")
    expect(page.get_by_role("status")).to_contain_text("Dina svar är sparade.")
    # the saved answers are listed under the Swedish questions
    expect(page.locator("dl.answers dt").first).to_have_text(FIRST_SV)
    checked(page)
    with scopes_disabled():
        answers = Answer.objects.filter(member=invitation.member)
        assert answers.count() == rated + 1
        assert answers.get(item__code="comment1").text == "Coachen lyssnade."
        invitation.member.refresh_from_db()
        assert invitation.member.language == "sv"  # reminders come in Swedish


def test_a_question_without_a_swedish_text_is_shown_in_english_and_says_so(
    page, context, tenant, coordinator
):
    invitation = _trust_panel(tenant, coordinator, without_swedish="tl1")
    page.goto(f"/respond/{invitation.token}/?lang=sv")
    assert page.evaluate("document.documentElement.lang") == "sv"
    question = page.locator("#q-tl1")
    legend = question.locator("legend [lang=en]")
    expect(legend).to_have_text("How much do you trust the municipal council?")
    expect(question.locator(".fallback-note")).to_contain_text("engelska")
    # the others are in Swedish, without a note
    expect(page.get_by_role("group", name=FIRST_SV)).to_be_visible()
    expect(page.locator(".fallback-note")).to_have_count(1)
    checked(page)

    # the choice is remembered: the link alone opens in Swedish again
    page.goto(f"/respond/{invitation.token}/")
    expect(page.get_by_role("group", name=FIRST_SV)).to_be_visible()
