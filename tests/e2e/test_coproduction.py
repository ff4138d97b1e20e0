"""Through the forms, in the browser: an initiative that declares co-design is not
co-produced until a resident takes part in a design activity at level involve or higher."""

import re

import pytest
from playwright.sync_api import expect

from .. import factories as f
from .conftest import audit, check_structure, login, require_ok

pytestmark = pytest.mark.e2e

FINDING = (
    "Co-design declared, but no resident, service user or volunteer took part in any "
    "design activity."
)


def field(scope, label: str):
    """The form control labelled ``label`` (Django adds a colon to labels)."""
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def submit(page, name: str = "Save") -> None:
    """Press a form's submit button and wait for the page it leads to."""
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def profile_cell(page, stage: str, role: str):
    table = page.get_by_role(
        "table", name="Highest level reached, by stage and actor group"
    )
    columns = [c.strip() for c in table.locator("thead th").all_inner_texts()]
    row = table.locator("tbody tr").filter(
        has=page.locator("th", has_text=re.compile(rf"^{stage}\b"))
    )
    # the first column is the row header (th), the cells (td) follow
    return row.locator("td").nth(columns.index(role) - 1)


def test_coordinator_creates_an_initiative_and_sees_the_profile_change(
    page, tenant, coordinator
):
    f.PersonFactory(tenant=tenant, given_name="Aino", family_name="Koski")
    base = f"/t/{tenant.slug}"
    login(page, "cora")

    # an organisation, through its form
    page.goto(f"{base}/organisations/new/")
    field(page, "Name").fill("Youth Services")
    field(page, "Kind").select_option(label="Department")
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Youth Services")
    audit(page)

    # an initiative that declares co-design
    page.goto(f"{base}/initiatives/new/")
    field(page, "Name").fill("Skatepark by the river")
    field(page, "Lead organisation").select_option(label="Youth Services")
    field(page, "Start date").fill("2026-04-01")
    field(page, "Co-design intended").check()
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Skatepark by the river")
    initiative_url = page.url
    verdict = page.locator("#verdict")
    expect(verdict).to_contain_text("Not co-produced (yet)")
    expect(page.get_by_text(FINDING)).to_be_visible()
    expect(profile_cell(page, "Design", "Resident")).to_have_text("–")
    check_structure(page)
    audit(page)

    # a design activity at level collaborate
    page.get_by_role("link", name="Record an activity").click()
    field(page, "Title").fill("Design evening")
    field(page, "Stage").select_option(label="Design")
    field(page, "Kind").select_option(label="Workshop")
    field(page, "Starts").fill("2026-04-10T18:00")
    field(page, "Participation level (IAP2)").select_option(label="Collaborate")
    field(page, "Mode").select_option(value="voice")
    submit(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Design evening")
    expect(page.locator("dl.facts")).to_contain_text("2026-04-10 18:00")
    audit(page)

    # a resident takes part: the list updates in place (htmx), no page load
    activity_url = page.url
    page.evaluate("window.stillTheSamePage = true")
    participations = page.locator("#participations")
    expect(participations).to_contain_text("Nobody recorded yet.")
    # the person is typed: suggestions arrive in the input's datalist (htmx)
    person = field(participations, "Person")
    person.press_sequentially("Aino", delay=20)
    suggestion = participations.locator("datalist option")
    expect(suggestion).to_have_count(1)
    person.fill(suggestion.get_attribute("value"))
    field(participations, "Role").select_option(label="Resident")
    field(participations, "Hours").fill("2.5")
    participations.get_by_role("button", name="Add", exact=True).click()
    row = page.locator("#participations tbody tr", has_text="Aino Koski")
    expect(row).to_contain_text("Resident")
    expect(row).to_contain_text("2.50")
    expect(page.locator("#participations")).to_contain_text("1 participation")
    assert page.url == activity_url
    assert page.evaluate("window.stillTheSamePage === true"), "the page was reloaded"
    audit(page)

    # back on the initiative: co-produced, the finding gone, the cell filled in
    with page.expect_navigation():
        page.get_by_role("link", name="Skatepark by the river").click()
    assert page.url == initiative_url
    expect(verdict).to_contain_text("Co-produced")
    expect(verdict).not_to_contain_text("Not co-produced")
    expect(page.get_by_text(FINDING)).to_have_count(0)
    expect(profile_cell(page, "Design", "Resident")).to_have_text("Collaborate")
    audit(page)


def test_form_errors_are_tied_to_their_fields_and_pass_axe(page, tenant, coordinator):
    login(page, "cora")
    page.goto(f"/t/{tenant.slug}/initiatives/new/")
    field(page, "Name").fill("")

    submit(page)

    # still the form, with the errors on the fields that need them
    expect(page.get_by_role("heading", level=1)).to_have_text("New initiative")
    for label in ("Name", "Lead organisation"):
        control = field(page, label)
        expect(control).to_have_attribute("aria-invalid", "true")
        expect(control).to_have_accessible_description(
            re.compile("This field is required.")
        )
    check_structure(page)
    audit(page)


def focus_is_in(page, selector: str) -> bool:
    return page.evaluate(
        "selector => !!document.activeElement?.closest(selector)", selector
    )


def test_refusals_are_announced_and_the_htmx_form_keeps_the_focus(
    page, tenant, coordinator
):
    activity = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    f.PersonFactory(tenant=tenant, given_name="Aino", family_name="Koski")

    # a wrong password: the refusal above the form is an alert
    page.goto("/accounts/login/")
    field(page, "Username").fill("cora")
    field(page, "Password").fill("not-the-password")
    submit(page, "Log in")
    expect(page.get_by_role("alert")).to_contain_text(
        "Please enter a correct username and password"
    )
    audit(page)

    # the participation form sent empty with htmx: refused in place, announced
    login(page, "cora")
    path = f"/t/{tenant.slug}/initiatives/{activity.initiative.slug}/activities/{activity.pk}/"
    page.goto(path)
    participations = page.locator("#participations")
    participations.get_by_role("button", name="Add", exact=True).click()
    expect(participations.get_by_role("alert")).to_contain_text(
        "Choose the person or the organisation who took part."
    )
    expect(field(participations, "Role")).to_have_attribute("aria-invalid", "true")
    assert page.url.endswith(path)
    require_ok(page, focus_is_in(page, "#participations"), "htmx swap loses the focus")
    audit(page)

    # sent right, from the keyboard: the row appears and the focus stays in the form
    field(participations, "Person").fill("Aino Koski")  # resolved on submit
    field(participations, "Role").select_option(label="Resident")
    participations.get_by_role("button", name="Add", exact=True).focus()
    page.keyboard.press("Enter")
    expect(participations.locator("tbody tr", has_text="Aino Koski")).to_be_visible()
    expect(participations.get_by_role("alert")).to_have_count(0)
    require_ok(page, focus_is_in(page, "#participations"), "htmx swap loses the focus")
    audit(page)


def test_adding_to_a_long_list_answers_only_the_new_row_and_removing_works_without_js(
    page, browser, live_server, tenant, coordinator
):
    activity = f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))
    f.ParticipationFactory.create_batch(3, activity=activity, role="volunteer")
    f.PersonFactory(tenant=tenant, given_name="Aino", family_name="Koski")
    login(page, "cora")
    path = f"/t/{tenant.slug}/initiatives/{activity.initiative.slug}/activities/{activity.pk}/"
    page.goto(path)
    page.evaluate("window.stillTheSamePage = true")
    participations = page.locator("#participations")

    field(participations, "Person").fill("Aino Koski")
    field(participations, "Role").select_option(label="Resident")
    participations.get_by_role("button", name="Add", exact=True).click()

    # the new row on top, the totals counted again, the form empty for the next one
    rows = participations.locator("tbody tr")
    expect(rows.first).to_contain_text("Aino Koski")
    expect(rows).to_have_count(4)
    expect(participations).to_contain_text("4 participations")
    expect(field(participations, "Person")).to_have_value("")
    assert page.evaluate("window.stillTheSamePage === true"), "the page was reloaded"
    audit(page)

    # remove it again (htmx), then remove one more with scripts off: a plain form post
    participations.get_by_role("button", name="Remove Aino Koski").click()
    expect(participations.locator("tbody tr", has_text="Aino Koski")).to_have_count(0)
    expect(participations).to_contain_text("3 participations")
    plain = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        no_js = plain.new_page()
        login(no_js, "cora")
        no_js.goto(path)
        with no_js.expect_navigation():
            no_js.locator("#participations tbody tr").first.get_by_role(
                "button"
            ).click()
        expect(no_js.locator("#participations")).to_contain_text("2 participations")
        expect(no_js.get_by_text("Participation removed.")).to_be_visible()
    finally:
        plain.close()
