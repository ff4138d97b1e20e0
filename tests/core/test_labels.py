"""What people read: counts agree with their number, charts' labels are the words of the
choices (not run together), and a form's error is said once."""

import re

from django.utils.html import strip_tags

from coproduce.core.charts import heatmap

from .. import factories as f


def test_one_initiative_is_not_initiatives(tenant, coordinator_client):
    f.InitiativeFactory(tenant=tenant)
    page = coordinator_client.get(f"/t/{tenant.slug}/").content.decode()
    assert "1 initiative;" in page
    assert "1 initiatives" not in page
    f.InitiativeFactory(tenant=tenant)
    page = coordinator_client.get(f"/t/{tenant.slug}/").content.decode()
    assert "2 initiatives;" in page


def test_dashboard_counts_agree_with_their_number(tenant, coordinator_client):
    f.InitiativeFactory(tenant=tenant, is_temporary=True)
    page = coordinator_client.get(f"/t/{tenant.slug}/dashboard/").content.decode()
    text = " ".join(strip_tags(page).split())
    assert "1 initiatives" not in text
    assert "1 temporary initiatives" not in text


def test_heatmap_column_labels_keep_their_words():
    svg = heatmap(
        title="t",
        desc="d",
        rows=["Delivery"],
        columns=["Service user", "Community group", "Palvelunkäyttäjäryhmä"],
        cells=[[(1, "Inform"), (0, ""), (0, "")]],
    )
    text = strip_tags(svg)
    assert "Service user" in text
    assert "Community group" in text
    assert "Serviceuser" not in text
    assert "Communitygroup" not in text


def test_profile_table_headers_are_the_choices_labels(tenant, coordinator_client):
    initiative = f.InitiativeFactory(tenant=tenant)
    page = coordinator_client.get(
        f"/t/{tenant.slug}/initiatives/{initiative.slug}/"
    ).content.decode()
    text = " ".join(strip_tags(page).split())
    for label in ("Service user", "Community group", "Partner organisation"):
        assert label in text
    assert not re.search(r"Serviceuser|Communitygroup|Partnerorganisation", text)


def test_a_field_error_is_said_once(tenant, coordinator_client):
    response = coordinator_client.post(
        f"/t/{tenant.slug}/organisations/new/", {"name": ""}
    )
    html = response.content.decode()
    assert html.count("This field is required.") == len(
        re.findall(r'class="errorlist" id="id_\w+_error"', html)
    )
    assert html.count('id="id_name_error"') == 1
