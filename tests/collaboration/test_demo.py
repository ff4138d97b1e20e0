"""Scenarios 4 and 5 in the demo, through the API as a partner and a coordinator would read
them: about fifteen learning entries over a year, two lessons adopted across the boundary
and one not; an actor that is a provider in one stage and a user in another."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from coproduce.collaboration.models import LearningEntry
from coproduce.demo import loader
from coproduce.demo.scenarios import DEMO_SLUG, SCENARIOS
from coproduce.initiatives.models import Initiative
from coproduce.tenancy.models import Tenant
from coproduce.tenancy.services import api_token_create

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        loader.demo_load()
    yield
    with django_db_blocker.unblock():
        loader.demo_unload()


@pytest.fixture
def demo(demo_loaded):
    return Tenant.objects.get(slug=DEMO_SLUG)


def _api(client, demo, username):
    user = get_user_model().objects.get(username=username)
    _, key = api_token_create(tenant=demo, user=user, name="test")
    return lambda path, **kw: client.get(
        f"/api/v1{path}", HTTP_AUTHORIZATION=f"Bearer {key}", **kw
    )


def test_scenario_4_learning_over_a_year(demo, client):
    # scenario 4's: the crisis centre's after-action review (scenario 7) is there too
    entries = LearningEntry.objects.filter(tenant=demo).exclude(
        origin__startswith="crisis."
    )
    assert entries.count() == 15
    days = sorted(entries.values_list("learnt_on", flat=True))
    assert (days[-1] - days[0]).days >= 330
    get = _api(client, demo, "coordinator")
    network = get("/collaboration/network").json()
    assert network["lessons"] == 15
    assert network["adopted"] == 2
    flows = {
        (f["source_name"], f["receiving_name"]): f for f in network["learning_flows"]
    }
    adopted = [k for k, f in flows.items() if f["adopted"]]
    refused = [k for k, f in flows.items() if f["not_adopted"]]
    assert sorted(adopted) == [
        ("Mieli Riverside Mental Health Association", "Youth Services"),
        ("Youth Services", "Riverside Hospital District"),
    ]
    assert len(refused) == 1
    assert refused[0][1] == "Riverside Hospital District"
    names = {n["name"] for n in network["nodes"]}
    assert {"Riverside Hospital District", "Youth Services"} <= names


def test_scenario_4_opportunity_space_and_overdue_commitment(demo, client):
    nuoli = Initiative.objects.get(tenant=demo, slug=SCENARIOS[4][0])
    get = _api(client, demo, "coordinator")
    offers = {
        o["organisation_name"]: o
        for o in get(f"/initiatives/{nuoli.pk}/opportunity-space").json()
    }
    county = offers["Riverside Valley Wellbeing Services County"]
    assert county["declared"]
    assert county["money_declared"] == "5000.00"
    assert any("Money" in g for g in county["gaps"])
    partnerships = get("/partnerships").json()["items"]
    nuoli_agreement = next(p for p in partnerships if p["initiative"] == nuoli.pk)
    detail = get(f"/partnerships/{nuoli_agreement['id']}").json()
    overdue = [
        (s["organisation_name"], c["description"])
        for s in detail["sides"]
        for c in s["commitments"]
        if c["overdue"]
    ]
    assert (
        "Riverside Valley Wellbeing Services County",
        "Fund the evening coordinator's post for 2026",
    ) in overdue


def test_scenario_5_a_provider_in_one_stage_and_a_user_in_another(demo, client):
    welcome = Initiative.objects.get(tenant=demo, slug=SCENARIOS[5][0])
    get = _api(client, demo, "partner")
    relations = get(f"/initiatives/{welcome.pk}/stage-relations").json()
    texts = [f["text"] for f in relations["findings"]]
    assert (
        "Kotona Multicultural Association is a user in design and a provider in "
        "commissioning and delivery." in texts
    ), texts
    stages = {s["stage"]: s for s in relations["stages"]}
    assert {"name": "Riverside City Library", "source": "declared"} in stages[
        "delivery"
    ]["providers"]


def test_the_partner_sees_kotonas_own_entry_and_the_coordinator_too(demo, client):
    partner = _api(client, demo, "partner")
    titles = {
        e["title"]
        for e in partner("/learning-entries", data={"limit": 100}).json()["items"]
    }
    assert "Interpreting the summaries" in titles  # Kotona's own
    professional = _api(client, demo, "professional")
    titles = {
        e["title"]
        for e in professional("/learning-entries", data={"limit": 100}).json()["items"]
    }
    assert "Interpreting the summaries" not in titles


def test_scenario_4_partner_survey_two_years(demo, client):
    """The Nuoli agreement's partner survey: two yearly waves, the county's contact
    missing in the first; the page shows who answered and the change between the
    years, with the link to the evaluation report."""
    from django.urls import reverse

    from coproduce.collaboration.models import Partnership

    agreement = Partnership.objects.get(tenant=demo, name="Nuoli partnership agreement")
    panel = agreement.panel
    waves = list(panel.waves.order_by("number"))
    assert [w.opened_at.year for w in waves] == [2025, 2026]
    assert [w.status for w in waves] == ["closed", "closed"]
    assert panel.members.count() == 5
    user = get_user_model().objects.get(username="coordinator")
    client.force_login(user)
    page = client.get(
        reverse(
            "collaboration-partner-panel",
            kwargs={"tenant": demo.slug, "pk": agreement.pk},
        )
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count(">answered<") == 9
    assert ">did not answer<" in html
    assert 'id="partner-change"' in html
    assert "?before=1&amp;after=2" in html
    from coproduce.evaluation.reports import report_build

    (row,) = report_build(panel=panel, before=waves[0], after=waves[1]).rows
    assert row.result.n_pairs == 4
    assert row.result.mean_diff > 0.5
