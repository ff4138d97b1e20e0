"""A coordinator walks the main pages: each one is accessible and well formed."""

import pytest

from .. import factories as f
from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def test_coordinator_walks_the_main_pages_and_each_passes_axe(
    page, tenant, coordinator
):
    # given a tenant with one of everything
    lead = f.OrganisationFactory(tenant=tenant, name="Youth Services")
    service = f.PublicServiceFactory(
        tenant=tenant, name="Youth work", competent_authority=lead
    )
    initiative = f.InitiativeFactory(
        tenant=tenant, name="Skatepark", lead_organisation=lead, co_design=True
    )
    initiative.services.add(service)
    f.InitiativePartnerFactory(initiative=initiative)
    f.ContributionFactory(initiative=initiative, organisation=lead)
    activity = f.ActivityFactory(initiative=initiative, title="Design evening")
    resident = f.PersonFactory(tenant=tenant, given_name="Aino", family_name="Koski")
    f.ParticipationFactory(activity=activity, person=resident)
    f.MembershipFactory(tenant=tenant, person=resident, organisation=lead)
    base = f"/t/{tenant.slug}"
    pages = {
        "portfolio": f"{base}/",
        "initiative": f"{base}/initiatives/{initiative.slug}/",
        "activity": f"{base}/initiatives/{initiative.slug}/activities/{activity.pk}/",
        "organisations": f"{base}/organisations/",
        "organisation": f"{base}/organisations/{lead.pk}/",
        "people": f"{base}/people/",
        "person": f"{base}/people/{resident.pk}/",
        "services": f"{base}/services/",
        "service": f"{base}/services/{service.pk}/",
        "API tokens": f"{base}/tokens/",
        "new initiative": f"{base}/initiatives/new/",
        "new activity": f"{base}/initiatives/{initiative.slug}/activities/new/",
        "new organisation": f"{base}/organisations/new/",
        "new person": f"{base}/people/new/",
        "new service": f"{base}/services/new/",
        "new partner": f"{base}/initiatives/{initiative.slug}/partners/new/",
        "new contribution": f"{base}/initiatives/{initiative.slug}/contributions/new/",
        "edit initiative": f"{base}/initiatives/{initiative.slug}/edit/",
        "new membership": f"{base}/people/{resident.pk}/memberships/new/",
        "delete activity": f"{base}/initiatives/{initiative.slug}/activities/{activity.pk}/delete/",
        "exports": f"{base}/exports/",
    }

    # the login page itself
    page.goto("/accounts/login/")
    check_structure(page)
    audit(page)

    # when the coordinator logs in through the form
    login(page, "cora")
    # the only tenant: straight to its portfolio
    assert page.url.endswith(f"{base}/")
    audit(page)

    # then every main page is there, well formed and passes axe
    for name, path in pages.items():
        response = page.goto(path)
        assert response.status == 200, f"{name}: {path} answered {response.status}"
        check_structure(page)
        # htmx comes from the app's own static files (any other host is refused)
        assert page.evaluate("typeof window.htmx") == "object", f"{name}: no htmx"
        audit(page)


def test_not_found_page_is_a_full_accessible_page(page, tenant, coordinator):
    login(page, "cora")
    response = page.goto(f"/t/{tenant.slug}/initiatives/no-such-thing/")
    assert response.status == 404
    check_structure(page)
    audit(page)
    assert page.get_by_role("link", name="Skip to main content").count() == 1
