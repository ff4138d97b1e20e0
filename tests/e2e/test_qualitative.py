"""Coding with the keyboard: a passage selected with Shift and the arrow keys fills start
and end, the code is applied, and the coding pages pass axe-core."""

import pytest
from playwright.sync_api import expect

from coproduce.qualitative import services

from ..qualitative.helpers import actor_of, project_with_texts
from .conftest import audit, login

pytestmark = pytest.mark.e2e


def test_a_passage_is_selected_and_coded_with_the_keyboard(page, tenant, coordinator):
    coord = actor_of(coordinator, tenant)
    project, docs = project_with_texts(
        tenant, coord, ["Hyvä palvelu 🙂 and kind staff."]
    )
    services.code_create(
        project=project, actor=coord, name="Kindness", definition="Warmth."
    )
    login(page, "cora")
    page.goto(f"/t/{tenant.slug}/qualitative/{project.pk}/documents/{docs[0].pk}/")
    audit(page)
    text = page.get_by_label("Text", exact=True)
    text.focus()
    page.keyboard.press("Control+Home")
    # past "Hyvä palvelu 🙂 " (15 characters; the emoji is one character, two UTF-16 units)
    for _ in range(15):  # the arrow moves by character: the emoji is one press
        page.keyboard.press("ArrowRight")
    for _ in range(14):
        page.keyboard.press("Shift+ArrowRight")
    expect(page.get_by_label("Start (character)").first).to_have_value("15")
    expect(page.get_by_label("End (character)").first).to_have_value("29")
    expect(page.locator("#selected-passage")).to_contain_text("and kind staff")
    # typing changes nothing: the text is there to be read and selected
    page.keyboard.type("x")
    expect(text).to_have_value("Hyvä palvelu 🙂 and kind staff.")
    page.get_by_label("Code:", exact=True).select_option(label="Kindness")
    page.get_by_role("button", name="Apply the code").press("Enter")
    expect(page.locator("mark")).to_have_text("and kind staff")
    audit(page)
    for path in ("", "codebook/", "agreement/", "frequencies/", "mixed/", "themes/"):
        page.goto(f"/t/{tenant.slug}/qualitative/{project.pk}/{path}")
        audit(page)
