"""What other tenants and narrower roles see in the browser."""

import pytest
from playwright.sync_api import expect

from coproduce.people.models import Person

from .. import factories as f
from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def test_other_tenants_coordinator_gets_the_not_found_page(
    page, tenant, other_tenant, make_member
):
    initiative = f.InitiativeFactory(tenant=tenant, name="Riverside skatepark")
    hugo = make_member(other_tenant, "coordinator", username="hugo")
    f.TenantMembershipFactory(
        tenant=f.TenantFactory(slug="lakeside", name="Lakeside"), user=hugo
    )
    login(page, "hugo")

    # two spaces: the chooser lists his, and only his
    expect(page.get_by_role("heading", level=1)).to_have_text("Your spaces")
    expect(page.locator("main li")).to_have_count(2)
    expect(page.locator("main")).not_to_contain_text("Riverside")
    check_structure(page)
    audit(page)

    for path in (f"/t/{tenant.slug}/initiatives/{initiative.slug}/", "/t/riverside/"):
        response = page.goto(path)

        assert response.status == 404
        expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
        expect(page.locator("body")).not_to_contain_text("Riverside")
        check_structure(page)
        audit(page)


def test_volunteer_sees_only_their_own_initiative_on_the_portfolio(
    page, tenant, make_member
):
    volunteer = make_member(tenant, "volunteer", username="vera")
    mine = f.InitiativeFactory(tenant=tenant, name="Community garden")
    f.ParticipationFactory(
        activity=f.ActivityFactory(initiative=mine),
        person=Person.objects.get(tenant=tenant, user=volunteer),
        role="volunteer",
    )
    hidden = f.InitiativeFactory(tenant=tenant, name="Budget committee")

    login(page, "vera")
    # a volunteer lands on their own page (issue 13), which links to their initiatives
    expect(page.get_by_role("heading", level=1)).to_have_text("My co-production")
    page.get_by_role("link", name="Initiatives I take part in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Portfolio of initiatives"
    )
    initiatives = page.locator("#results table").last.locator("tbody tr")
    expect(initiatives).to_have_count(1)
    expect(initiatives).to_contain_text("Community garden")
    expect(page.get_by_role("link", name="Budget committee")).to_have_count(0)
    expect(page.get_by_role("link", name="New initiative")).to_have_count(0)
    check_structure(page)
    audit(page)
    # and the other initiative is not there by its address either
    response = page.goto(f"/t/{tenant.slug}/initiatives/{hidden.slug}/")
    assert response.status == 404
