"""Pages, CSV and import: suppressed groups never shown; imports all or nothing; another
tenant's rows are 404; viewers without the permission are refused."""

from django.core.files.uploadedfile import SimpleUploadedFile

from coproduce.representativeness.models import PopulationRow, PopulationTable

from .. import factories as f
from .helpers import participants, population, serve


def url(tenant, rest=""):
    return f"/t/{tenant.slug}/representativeness/{rest}"


def setup_initiative(tenant):
    table = population(tenant)
    activity = f.ActivityFactory(initiative__tenant=tenant)
    serve(activity.initiative, table)
    participants(activity, 30, age_band="30-44")
    participants(activity, 20, age_band="45-64")
    participants(activity, 8, age_band="18-29")
    participants(activity, 2, age_band="75+")
    return activity.initiative


def test_page_chart_and_csv_never_show_a_small_group(tenant, coordinator_client):
    initiative = setup_initiative(tenant)
    page = coordinator_client.get(url(tenant, f"initiatives/{initiative.slug}/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "fewer than 5" in html
    assert 'role="img"' in html
    # the chart has no bar for the suppressed groups (75+ and, secondarily, 18-29)
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert ">75+<" not in svg
    assert ">18-29<" not in svg
    assert ">30-44<" in svg
    csv = coordinator_client.get(
        url(tenant, f"initiatives/{initiative.slug}/representativeness.csv")
    ).content.decode()
    line = next(r for r in csv.splitlines() if ",75+," in r)
    assert line.split(",")[3] == ""  # no count
    assert "fewer than 5" in line
    assert ",2," not in line


def test_stage_page(tenant, coordinator_client):
    initiative = setup_initiative(tenant)
    page = coordinator_client.get(
        url(tenant, f"initiatives/{initiative.slug}/?stage=design")
    )
    assert page.status_code == 200
    assert "Participants in the Design stage" in page.content.decode()


GOOD = (
    "dimension,group,count\nage_band,18-29,100\nage_band,75+,40\ndistrict,Harbour,70\n"
)


def post_import(client, tenant, text, name="Harbour 2026"):
    return client.post(
        url(tenant, "tables/import/"),
        {
            "name": name,
            "area": "Harbour",
            "reference_date": "2026-01-01",
            "file": SimpleUploadedFile("p.csv", text.encode(), "text/csv"),
        },
    )


def test_import_all_rows(tenant, coordinator_client):
    response = post_import(coordinator_client, tenant, GOOD)
    assert response.status_code == 302
    table = PopulationTable.objects.get(tenant=tenant)
    assert PopulationRow.objects.filter(table=table).count() == 3


def test_import_refuses_all_naming_line_column_value(tenant, coordinator_client):
    bad = GOOD + "age_band,80-99,5\ngender,woman,-3\nplanet,Mars,1\nage_band,18-29,7\n"
    response = post_import(coordinator_client, tenant, bad)
    assert response.status_code == 200
    html = response.content.decode()
    assert "line 5, column group, value “80-99”" in html
    assert "line 6, column count, value “-3”" in html
    assert "line 7, column dimension, value “planet”" in html
    assert "line 8, column group, value “18-29”: already given on line 2" in html
    assert not PopulationTable.objects.filter(tenant=tenant).exists()
    assert not PopulationRow.objects.exists()


def test_setting_changes_threshold(tenant, coordinator_client):
    initiative = setup_initiative(tenant)
    response = coordinator_client.post(url(tenant, "settings/"), {"min_group_size": 10})
    assert response.status_code == 302
    html = coordinator_client.get(
        url(tenant, f"initiatives/{initiative.slug}/")
    ).content.decode()
    assert "fewer than 10" in html


def test_area_is_set_by_coordinators(tenant, coordinator_client):
    activity = f.ActivityFactory(initiative__tenant=tenant)
    table = population(tenant)
    response = coordinator_client.post(
        url(tenant, f"initiatives/{activity.initiative.slug}/area/"),
        {"table": table.pk},
    )
    assert response.status_code == 302
    page = coordinator_client.get(
        url(tenant, f"initiatives/{activity.initiative.slug}/")
    )
    assert "Harbour district" in page.content.decode()


def test_isolation(tenant, other_tenant, make_member, client_for):
    initiative = setup_initiative(tenant)
    table = PopulationTable.objects.get(tenant=tenant)
    outsider = client_for(make_member(other_tenant, "coordinator"))
    for path in (
        f"/t/{other_tenant.slug}/representativeness/initiatives/{initiative.slug}/",
        f"/t/{other_tenant.slug}/representativeness/tables/{table.pk}/",
        f"/t/{tenant.slug}/representativeness/",
    ):
        assert outsider.get(path).status_code == 404
    listing = outsider.get(f"/t/{other_tenant.slug}/representativeness/")
    assert "Harbour district" not in listing.content.decode()


def test_permissions(tenant, make_member, client_for):
    initiative = setup_initiative(tenant)
    volunteer = client_for(make_member(tenant, "volunteer"))
    viewer = client_for(make_member(tenant, "viewer"))
    page = f"initiatives/{initiative.slug}/"
    assert volunteer.get(url(tenant, "")).status_code == 403
    assert viewer.get(url(tenant, page)).status_code == 200
    assert viewer.get(url(tenant, "tables/import/")).status_code == 403
    assert post_import(viewer, tenant, GOOD).status_code == 403


def test_pages_bounded_queries(
    tenant, coordinator_client, django_assert_max_num_queries
):
    initiative = setup_initiative(tenant)
    activity = initiative.activities.first()
    for n in (5, 30):
        participants(activity, n, age_band="65-74")
        with django_assert_max_num_queries(20):
            coordinator_client.get(url(tenant, f"initiatives/{initiative.slug}/"))
        with django_assert_max_num_queries(10):
            coordinator_client.get(url(tenant, ""))
