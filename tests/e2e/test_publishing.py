"""The statement pages a public body must publish: linked from every page's footer, readable
without log-in in fi, sv and en, editable by the tenant admin; the publishing page and the
role vocabulary's page (issue 18 items 3 and 4). At 390 px too."""

import pytest
from playwright.sync_api import expect

from coproduce.publishing.services import service_publish
from tests import factories as f

from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def test_a_visitor_follows_the_footer_to_the_statement_and_the_notice(page, tenant):
    page.goto("/accounts/login/")
    footer = page.get_by_role("navigation", name="Statements")
    footer.get_by_role("link", name="Accessibility statement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Accessibility statement")
    expect(page.get_by_role("heading", name="Enforcement procedure")).to_be_visible()
    check_structure(page)
    audit(page)
    page.get_by_role("navigation", name="Statements").get_by_role(
        "link", name="Privacy notice"
    ).click()
    expect(page.get_by_role("heading", name="Your rights")).to_be_visible()
    check_structure(page)
    audit(page)

    page.goto(f"/public/{tenant.slug}/accessibility/")
    audit(page)
    for language in ("fi", "sv", "en"):
        page.locator("#language-select").select_option(language)
        page.locator(".site-footer form button").click()
        expect(page.locator("html")).to_have_attribute("lang", language)
        check_structure(page)
        audit(page)


def test_the_admin_edits_the_statement_and_publishes_a_service(
    page, tenant, make_member
):
    make_member(tenant, "tenant_admin", username="ada")
    service = f.PublicServiceFactory(
        tenant=tenant, identifier="library", name="Library"
    )
    login(page, "ada")
    page.goto(f"/t/{tenant.slug}/publishing/")
    check_structure(page)
    audit(page)
    page.get_by_role("button", name="Publish Library").click()
    expect(page.get_by_role("status")).to_contain_text("Library is published")
    expect(page.get_by_role("button", name="Withdraw Library")).to_be_visible()
    audit(page)

    page.get_by_role("link", name="Edit the accessibility statement").click()
    check_structure(page)
    audit(page)
    page.get_by_label("Content that is not accessible (English)").fill(
        "The map of places has no text alternative."
    )
    page.get_by_label("Feedback email").fill("a11y@riverside.example")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Saved")

    page.get_by_role("navigation", name="Statements").get_by_role(
        "link", name="Accessibility statement"
    ).click()
    expect(
        page.get_by_text("The map of places has no text alternative.")
    ).to_be_visible()
    audit(page)
    assert service.pk


def test_the_statement_and_the_vocabulary_at_390_px(page, tenant):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"/public/{tenant.slug}/privacy/")
    check_structure(page)
    audit(page)
    page.goto("/def/co-production-role")
    expect(page.get_by_role("heading", level=1)).to_have_text("Co-production roles")
    check_structure(page)
    audit(page)


def test_a_published_service_is_linked_data_at_its_iri(page, tenant):
    service = f.PublicServiceFactory(tenant=tenant, identifier="parks", name="Parks")
    service_publish(service=service, actor=None)
    response = page.request.get(
        f"/id/service/{tenant.slug}/parks", headers={"Accept": "text/turtle"}
    )
    assert response.status == 200
    assert "cpsv:PublicService" in response.text()


def test_the_api_docs_render_offline_under_the_csp(page):
    """Swagger UI from our own static files: every other request is aborted by the suite
    (no CDN), and the page still draws the operations."""
    violations = []
    page.on(
        "console",
        lambda message: (
            violations.append(message.text)
            if "Content Security Policy" in message.text
            else None
        ),
    )
    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("coproduce API")
    expect(page.locator(".opblock").first).to_be_visible()
    assert not violations, violations
