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


def test_outcome_edit_and_delete_pages_pass_axe(page, tenant, coordinator):
    """The edit and delete pages of an outcome, an indicator and a measurement, a form
    with an error and the 409 page of a concurrent edit, all audited."""
    from decimal import Decimal

    from coproduce.outcomes.models import Outcome

    from ..outcomes.factories import (
        IndicatorFactory,
        MeasurementFactory,
        OutcomeFactory,
    )

    with scopes_disabled():
        initiative = f.InitiativeFactory(tenant=tenant, slug="pilot", name="Pilot")
        outcome = OutcomeFactory(initiative=initiative, name="Less loneliness")
        indicator = IndicatorFactory(
            outcome=outcome, baseline=Decimal("40"), target=Decimal("90")
        )
        measurement = MeasurementFactory(indicator=indicator)
    login(page, "cora")
    t = f"/t/{tenant.slug}/outcomes/initiatives/pilot"
    visit(page, f"{t}/{outcome.pk}/")
    for path in (
        f"{t}/{outcome.pk}/edit/",
        f"{t}/{outcome.pk}/delete/",
        f"{t}/indicators/{indicator.pk}/edit/",
        f"{t}/indicators/{indicator.pk}/delete/",
        f"{t}/measurements/{measurement.pk}/edit/",
        f"{t}/measurements/{measurement.pk}/delete/",
    ):
        visit(page, path)

    # an error on the form, then someone else saves first: 409 with their values
    visit(page, f"{t}/indicators/{indicator.pk}/edit/")
    page.get_by_label("Target").fill("30")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "the target must be above the baseline" in page.content()
    checked(page)
    visit(page, f"{t}/{outcome.pk}/edit/")
    with scopes_disabled():
        Outcome.objects.filter(pk=outcome.pk).update(name="Theirs", version=2)
    page.get_by_label("Name").fill("Mine")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    assert "The values saved in the meantime" in page.content()
    checked(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Save").click()
    checked(page)
    with scopes_disabled():
        assert Outcome.objects.get(pk=outcome.pk).name == "Mine"


def test_the_dashboard_says_when_its_figures_are_being_renewed(
    page, tenant, coordinator
):
    from coproduce.reports.models import DashboardSnapshot

    with scopes_disabled():
        initiative = f.InitiativeFactory(tenant=tenant, slug="pilot", name="Pilot")
        participants(f.ActivityFactory(initiative=initiative, level=4), 6)
    login(page, "cora")
    visit(page, f"/t/{tenant.slug}/dashboard/")
    assert "Figures as of" in page.content()
    with scopes_disabled():  # as on a large tenant after a change
        DashboardSnapshot.objects.update(fingerprint="older", compute_seconds=9.0)
    visit(page, f"/t/{tenant.slug}/dashboard/")
    assert page.locator("#figures-refreshing").is_visible()
