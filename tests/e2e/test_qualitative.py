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


def test_a_code_is_read_memoed_and_merged_with_the_keyboard(page, tenant, coordinator):
    coord = actor_of(coordinator, tenant)
    project, docs = project_with_texts(tenant, coord, ["The staff listened to us."])
    trust = services.code_create(project=project, actor=coord, name="Trust")
    faith = services.code_create(project=project, actor=coord, name="Faith")
    services.coding_create(document=docs[0], code=faith, actor=coord, start=4, end=9)
    login(page, "cora")
    base = f"/t/{tenant.slug}/qualitative/{project.pk}"
    page.goto(f"{base}/codebook/")
    # the code's page: its quotes, a memo written with the keyboard only
    page.get_by_role("link", name="Faith", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Code “Faith”")
    expect(page.locator("table").first).to_contain_text("“staff”")
    audit(page)
    page.get_by_label("Memo on this code").focus()
    page.keyboard.type("Belief in people, not the institution")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # Save the memo
    expect(
        page.get_by_role("listitem").filter(has_text="Belief in people")
    ).to_be_visible()
    # deleting a code in use is refused, naming the field; merging it goes
    page.get_by_role("link", name="Delete this code or merge it into another").click()
    audit(page)
    page.get_by_role("button", name="Delete or merge").press("Enter")
    expect(page.get_by_text("merge it into another code instead")).to_be_visible()
    audit(page)
    page.get_by_label("Merge into").select_option(label="Trust")
    page.get_by_role("button", name="Delete or merge").press("Enter")
    expect(
        page.get_by_text("Faith was merged into Trust: 1 coding moved.")
    ).to_be_visible()
    assert trust.codings.count() == 1
    # the project's deletion page says what goes, and passes axe
    page.goto(f"{base}/delete/")
    expect(
        page.get_by_text("1 text (a copy: the record it came from stays)")
    ).to_be_visible()
    audit(page)
