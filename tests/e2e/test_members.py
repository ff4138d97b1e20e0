"""The tenant admin's members page is accessible, and refusals are announced."""

import pytest
from playwright.sync_api import expect

from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def test_tenant_admin_manages_members_in_an_accessible_page(page, tenant, make_member):
    make_member(tenant, "tenant_admin", username="ada")
    login(page, "ada")
    page.goto(f"/t/{tenant.slug}/members/")
    check_structure(page)
    audit(page)

    page.get_by_label("User name").fill("nobody-yet")
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_label("Email (for a new account)")).to_have_attribute(
        "aria-invalid", "true"
    )
    audit(page)

    page.get_by_label("Role of ada").select_option(label="Viewer (manager, politician)")
    page.get_by_role("button", name="Change role ada").click()
    expect(page.get_by_role("status")).to_contain_text("at least one tenant admin")
    audit(page)
