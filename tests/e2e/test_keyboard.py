"""Keyboard users reach the content first: the skip link is the first tab stop."""

import pytest
from playwright.sync_api import expect

from .. import factories as f
from .conftest import login

pytestmark = pytest.mark.e2e


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(
    page, tenant, coordinator
):
    initiative = f.InitiativeFactory(tenant=tenant, name="Skatepark")
    # (the login page is left out: Django's login form puts the focus on its first field)
    login(page, "cora")
    pages = {
        f"/t/{tenant.slug}/": page.get_by_role("link", name="New initiative"),
        # the first link in main: the initiative's own sub-pages
        f"/t/{tenant.slug}/initiatives/{initiative.slug}/": page.get_by_role(
            "link", name="Dashboard"
        ).last,
        f"/t/{tenant.slug}/organisations/new/": page.get_by_label("Name:"),
    }
    skip = page.get_by_role("link", name="Skip to main content")

    for path, first_in_main in pages.items():
        page.goto(path)
        expect(skip).not_to_be_in_viewport()

        page.keyboard.press("Tab")
        expect(skip).to_be_focused()
        # off-screen until focused, then in view for sighted keyboard users
        expect(skip).to_be_in_viewport()

        page.keyboard.press("Enter")
        expect(page.locator("main#main")).to_be_focused()

        page.keyboard.press("Tab")
        expect(first_in_main).to_be_focused()
