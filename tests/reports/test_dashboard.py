"""The dashboards: every section, numbers linked to their records, CSV per section (small
groups suppressed there too), the printable report, bounded queries, isolation."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

from coproduce.reports.models import DashboardSnapshot

from .. import factories as f
from ..representativeness.helpers import participants, population, serve

SECTIONS = [
    "profile",
    "outcomes",
    "value",
    "representativeness",
    "sustainability",
    "evaluation",
]


def build(tenant):
    table = population(tenant, covers_tenant=True)
    initiative = f.InitiativeFactory(
        tenant=tenant,
        slug="harbour-pilot",
        name="Harbour pilot",
        co_design=True,
        is_temporary=True,
        end_date=dt.date(2026, 6, 30),
    )
    serve(initiative, table)
    activity = f.ActivityFactory(initiative=initiative, stage="design", level=4)
    participants(activity, 30, age_band="30-44")
    participants(activity, 20, age_band="45-64")
    participants(activity, 2, age_band="75+")
    return initiative


def test_tenant_dashboard(tenant, coordinator_client):
    build(tenant)
    response = coordinator_client.get(f"/t/{tenant.slug}/dashboard/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in (
        "Co-production across the portfolio",
        "Outcomes against targets",
        "Value and cost",
        "Who takes part",
        "Sustainability of temporary initiatives",
        "Evaluation results",
    ):
        assert heading in html
    # numbers link to the filtered lists behind them
    assert f"/t/{tenant.slug}/?realised_stage=design" in html
    assert f"/t/{tenant.slug}/?co_produced=yes" in html
    assert "fewer than 5" in html
    assert html.count('role="img"') >= 2


def test_initiative_dashboard_and_print(tenant, coordinator_client):
    initiative = build(tenant)
    base = f"/t/{tenant.slug}/dashboard/initiatives/{initiative.slug}/"
    html = coordinator_client.get(base).content.decode()
    assert "Co-production profile" in html
    assert f"/t/{tenant.slug}/initiatives/{initiative.slug}/" in html
    assert "No activity has taken place since the end date" not in html  # not ended
    printable = coordinator_client.get(base + "print/")
    assert printable.status_code == 200
    # the print styles are a static file (the Content-Security-Policy allows no inline style)
    assert "reports/print.css" in printable.content.decode()
    assert "@media print" in Path(finders.find("reports/print.css")).read_text()
    assert (
        coordinator_client.get(f"/t/{tenant.slug}/dashboard/print/").status_code == 200
    )


@pytest.mark.parametrize("section", SECTIONS)
def test_csv_per_section(tenant, coordinator_client, section):
    initiative = build(tenant)
    for path in (
        f"/t/{tenant.slug}/dashboard/{section}.csv",
        f"/t/{tenant.slug}/dashboard/initiatives/{initiative.slug}/{section}.csv",
    ):
        response = coordinator_client.get(path)
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        text = response.content.decode()
        assert text.splitlines()
        if section == "representativeness":
            line = next(r for r in text.splitlines() if ",75+," in r)
            assert line.split(",")[3] == ""


def test_unknown_section_404(tenant, coordinator_client):
    assert (
        coordinator_client.get(f"/t/{tenant.slug}/dashboard/x.csv").status_code == 404
    )


def test_figures_of_a_small_tenant_renew_at_once_when_data_changes(
    tenant, coordinator_client
):
    initiative = build(tenant)
    url = f"/t/{tenant.slug}/dashboard/"
    assert "52 people took part" in coordinator_client.get(url).content.decode()
    participants(initiative.activities.first(), 5, age_band="65-74")
    assert "57 people took part" in coordinator_client.get(url).content.decode()


def test_isolation(tenant, other_tenant, make_member, client_for):
    initiative = build(tenant)
    outsider = client_for(make_member(other_tenant, "coordinator"))
    assert outsider.get(f"/t/{tenant.slug}/dashboard/").status_code == 404
    path = f"/t/{other_tenant.slug}/dashboard/initiatives/{initiative.slug}/"
    assert outsider.get(path).status_code == 404
    own = outsider.get(f"/t/{other_tenant.slug}/dashboard/").content.decode()
    assert "Harbour pilot" not in own
    assert "0 people took part" in own or "No population figures" in own


def test_volunteer_sees_only_own_initiatives(tenant, make_member, client_for):
    build(tenant)
    volunteer = client_for(make_member(tenant, "volunteer"))
    html = volunteer.get(f"/t/{tenant.slug}/dashboard/").content.decode()
    assert "Harbour pilot" not in html
    assert ">0 initiatives<" in html


def test_bounded_queries(tenant, coordinator_client, django_assert_max_num_queries):
    initiative = build(tenant)
    activity = initiative.activities.first()
    for n in (5, 40):
        extra = f.InitiativeFactory(tenant=tenant)
        participants(f.ActivityFactory(initiative=extra), n, age_band="18-29")
        participants(activity, n, age_band="65-74")
        DashboardSnapshot.objects.all().delete()  # computed in the request
        with django_assert_max_num_queries(40):
            coordinator_client.get(f"/t/{tenant.slug}/dashboard/")
        # kept: 4 to log in and find the tenant, 3 for the fingerprint, 1 the figures
        with django_assert_max_num_queries(8):
            coordinator_client.get(f"/t/{tenant.slug}/dashboard/")
        with django_assert_max_num_queries(45):
            coordinator_client.get(
                f"/t/{tenant.slug}/dashboard/initiatives/{initiative.slug}/"
            )


def test_initiative_figures_kept_renew_at_once_when_data_changes(
    tenant, coordinator_client
):
    """The initiative's figures are kept between requests (core.kept) and renewed by
    the next participation, in every language they are shown in."""
    initiative = build(tenant)
    url = f"/t/{tenant.slug}/dashboard/initiatives/{initiative.slug}/"
    assert "52 people" in coordinator_client.get(url).content.decode()
    participants(initiative.activities.first(), 5, age_band="65-74")
    assert "57 people" in coordinator_client.get(url).content.decode()
    finnish = coordinator_client.get(url, headers={"accept-language": "fi"})
    assert 'lang="fi"' in finnish.content.decode()
    assert "Co-production profile" in coordinator_client.get(url).content.decode()
