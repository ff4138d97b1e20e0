"""Through the browser: a coordinator loads population figures, reads who takes part,
assesses sustainability and reads the dashboards and their printable reports. axe-core
checks every new page."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from coproduce.representativeness.models import PopulationTable

from .. import factories as f
from ..representativeness.helpers import participants, population, serve
from .conftest import audit, check_structure, login

pytestmark = pytest.mark.e2e


def checked(page):
    check_structure(page)
    audit(page)


def visit(page, path):
    response = page.goto(path)
    assert response.ok, f"{path}: {response.status}"
    checked(page)


def test_every_new_page_passes_axe(page, tenant, coordinator, tmp_path):
    with scopes_disabled():
        table = population(tenant, covers_tenant=True)
        initiative = f.InitiativeFactory(
            tenant=tenant,
            slug="vacant-shop",
            name="Vacant shop",
            is_temporary=True,
            start_date=dt.date(2025, 1, 1),
            end_date=dt.date(2025, 6, 30),
        )
        serve(initiative, table)
        activity = f.ActivityFactory(initiative=initiative, level=4)
        participants(activity, 20, age_band="30-44")
        participants(activity, 2, age_band="75+")
        f.InitiativePartnerFactory(initiative=initiative)
    login(page, "cora")
    t = f"/t/{tenant.slug}"

    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Dashboard"
    ).click()
    page.wait_for_url(f"**{t}/dashboard/")
    checked(page)
    for path in (
        f"{t}/dashboard/print/",
        f"{t}/dashboard/initiatives/vacant-shop/",
        f"{t}/dashboard/initiatives/vacant-shop/print/",
        f"{t}/representativeness/",
        f"{t}/representativeness/initiatives/vacant-shop/",
        f"{t}/representativeness/initiatives/vacant-shop/?stage=design",
        f"{t}/representativeness/tables/{table.pk}/",
        f"{t}/representativeness/settings/",
        f"{t}/sustainability/",
        f"{t}/sustainability/initiatives/vacant-shop/",
    ):
        visit(page, path)

    # an import with an error, then a good one
    visit(page, f"{t}/representativeness/tables/import/")
    bad = tmp_path / "bad.csv"
    bad.write_text("dimension,group,count\nage_band,80-99,5\n")
    page.get_by_role("textbox", name="Name").fill("Harbour 2026")
    page.get_by_role("textbox", name="Area").fill("Harbour")
    page.get_by_label("Reference date").fill("2026-01-01")
    page.get_by_label("CSV file").set_input_files(str(bad))
    page.get_by_role("button", name="Load").click()
    page.wait_for_load_state()
    assert "line 2, column group" in page.content()
    checked(page)
    good = tmp_path / "good.csv"
    good.write_text("dimension,group,count\nage_band,18-29,100\nage_band,75+,40\n")
    page.get_by_label("CSV file").set_input_files(str(good))
    with page.expect_navigation():
        page.get_by_role("button", name="Load").click()
    checked(page)
    with scopes_disabled():
        assert PopulationTable.objects.filter(name="Harbour 2026").exists()

    # a sustainability assessment, with a missing score first
    visit(page, f"{t}/sustainability/initiatives/vacant-shop/assess/")
    page.get_by_role("button", name="Save the assessment").click()
    page.wait_for_load_state()
    checked(page)
    for label in (
        "Lasting collaborations: score",
        "Institutionalised but flexible processes: score",
        "Empowered citizens: score",
        "Problem solving and capacity building: score",
        "Needs of today and of tomorrow: score",
    ):
        page.get_by_label(label).select_option("3")
    with page.expect_navigation():
        page.get_by_role("button", name="Save the assessment").click()
    checked(page)
