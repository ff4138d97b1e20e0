"""A conciliation case walked in the browser from referral to closure: registered and
assigned by the coordinator, mediated by a volunteer, signed off, reported and closed by
the supervisor; every page audited with axe-core."""

import re

import pytest
from playwright.sync_api import expect

from coproduce.cases.services import conciliation_install
from coproduce.people.models import Membership, Person
from coproduce.tenancy.actor import actor_build

from .. import factories as f
from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def field(scope, label: str):
    return scope.get_by_label(re.compile(rf"^{re.escape(label)}:?$"))


def submit(page, name: str) -> None:
    with page.expect_navigation():
        page.get_by_role("button", name=name, exact=True).click()


def visit(page, path: str) -> None:
    page.goto(path)
    check_structure(page)
    audit(page)


def record(page, step: str, *, party="", outcome="", note="", skip_reason="") -> None:
    field(page, "Step").select_option(label=step)
    if party:
        field(page, "Party (for steps per party)").select_option(label=party)
    if outcome:
        field(page, "Outcome").select_option(label=outcome)
    if note:
        field(page, "What was done (confidential)").fill(note)
    if skip_reason:
        field(page, "Skip this step").check()
        field(page, "Reason for skipping").fill(skip_reason)
    submit(page, "Record the step")
    expect(page.get_by_role("status")).to_contain_text("Step recorded")


@pytest.fixture
def office(tenant, make_member, coordinator):
    org = f.OrganisationFactory(tenant=tenant, name="Conciliation office")
    for role, username, org_role in [
        ("professional", "sofia", Membership.Role.PROFESSIONAL),
        ("volunteer", "ville", Membership.Role.VOLUNTEER),
        ("volunteer", "venla", Membership.Role.VOLUNTEER),
    ]:
        user = make_member(tenant, role, username=username)
        f.MembershipFactory(
            tenant=tenant,
            person=Person.objects.get(user=user),
            organisation=org,
            role=org_role,
        )
    conciliation_install(
        tenant=tenant,
        actor=actor_build(tenant=tenant, user=coordinator, role="coordinator"),
    )
    return org


def test_case_from_referral_to_closure(page, tenant, office):
    base = f"/t/{tenant.slug}/cases"

    # the coordinator registers the referral and assigns the pair and the supervisor
    login(page, "cora")
    visit(page, f"{base}/")
    visit(page, f"{base}/types/")
    visit(page, f"{base}/new/")
    field(page, "Case type").select_option(
        label="Conciliation in criminal and civil cases"
    )
    field(page, "Responsible organisation").select_option(label="Conciliation office")
    field(page, "Referred by").select_option(label="Police")
    field(page, "Referring authority").fill("Riverside police department")
    field(page, "Referred on").fill("2026-03-02")
    field(page, "Party A: given name").fill("Vera")
    field(page, "Party A: family name").fill("Victim")
    field(page, "Party B: role").select_option(label="Suspect / respondent")
    field(page, "Party B: given name").fill("Sami")
    field(page, "Party B: family name").fill("Suspect")
    submit(page, "Register")
    expect(page.get_by_role("heading", level=1)).to_have_text(
        re.compile(r"Case C-2026-")
    )
    case_url = page.url
    expect(page.locator("main")).not_to_contain_text("Vera")
    audit(page)
    field(page, "Mediator 1").fill("Ville Member")
    field(page, "Mediator 2").fill("Venla Member")
    field(page, "Supervising professional").fill("Sofia Member")
    submit(page, "Assign")
    expect(page.get_by_role("status")).to_contain_text("assigned")
    audit(page)
    page.get_by_role("button", name="Log out").click()

    # the volunteer mediator: consents, preparation, a meeting, the agreement
    login(page, "ville")
    visit(page, f"{base}/")
    page.get_by_role("link", name=re.compile(r"C-2026-")).click()
    check_structure(page)
    record(page, "Consent of each party", party="Party A")
    # an agreement before both consents is refused, and the page says why
    field(page, "Step").select_option(label="Agreement or no agreement")
    field(page, "Outcome").select_option(label="Agreement")
    submit(page, "Record the step")
    expect(page.get_by_role("alert")).to_contain_text("still missing: B")
    audit(page)
    record(page, "Consent of each party", party="Party B")
    record(page, "Preparation", note="Talked with both parties separately")
    record(page, "Mediation meeting", note="First joint meeting")
    record(
        page,
        "Agreement or no agreement",
        outcome="Agreement",
        note="Apology and 200 EUR",
    )
    audit(page)
    visit(page, case_url + "parties/")
    expect(page.locator("main")).to_contain_text("Vera Victim")
    visit(page, case_url + "trail/")
    visit(page, case_url + "accountability/")
    page.goto(case_url)
    page.get_by_role("button", name="Log out").click()

    # the supervisor signs off the agreement, follows up, reports and closes
    login(page, "sofia")
    page.goto(case_url)
    check_structure(page)
    with page.expect_navigation():
        page.get_by_role(
            "button", name=re.compile(r"^Sign off Agreement or no agreement")
        ).click()
    expect(page.get_by_role("status")).to_contain_text("signed off")
    audit(page)
    record(page, "Follow-up of the agreement", outcome="Kept")
    record(page, "Report to the referrer", note="Sent to the police")
    field(page, "Reason for closing").fill("Agreement kept and reported")
    submit(page, "Close the case")
    expect(page.locator("#case-status")).to_contain_text("Closed")
    audit(page)
    visit(page, f"{base}/accountability/")
    page.get_by_role("button", name="Log out").click()

    # the coordinator verifies the ledger from the page
    login(page, "cora")
    visit(page, f"{base}/ledger/")
    submit(page, "Verify now")
    expect(page.locator("#ledger-result")).to_contain_text("The ledger is intact")
    audit(page)
