"""Scenario 7 in crisis mode in the demo: about 40 volunteers in the registry, a dozen
needs, call-outs accepted and declined, a decision log on the ledger, and a coverage page
on which Somali- and Arabic-speaking residents are uncovered until a community
association joins as a partner; the demo volunteer's own page shows the shifts coming."""

import pytest
from django.test import override_settings
from django.urls import reverse

from coproduce.cases.ledger import ledger_sequence, ledger_verify
from coproduce.coproducers.models import CoproducerProfile, SignUp
from coproduce.crisis import selectors
from coproduce.crisis.models import CallOut, CrisisCentre, Decision, Need
from coproduce.demo import loader
from coproduce.demo.scenarios import DEMO_PASSWORD, DEMO_SLUG, SCENARIOS
from coproduce.initiatives.models import InitiativePartner
from coproduce.people.models import Organisation
from coproduce.tenancy.models import Tenant

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo_loaded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), override_settings(DEBUG=True):
        loader.demo_load()
    yield
    with django_db_blocker.unblock():
        loader.demo_unload()


@pytest.fixture
def centre(demo_loaded):
    tenant = Tenant.objects.get(slug=DEMO_SLUG)
    return CrisisCentre.objects.get(tenant=tenant, initiative__slug=SCENARIOS[7][0])


def test_the_registry_needs_and_call_outs(centre):
    profiles = CoproducerProfile.objects.filter(tenant=centre.tenant)
    assert 38 <= profiles.filter(skills__isnull=False).distinct().count() <= 45
    assert Need.objects.filter(centre=centre).count() == 12
    answers = set(
        CallOut.objects.filter(need__centre=centre).values_list("status", flat=True)
    )
    assert {"accepted", "declined"} <= answers
    assert Decision.objects.filter(centre=centre).count() == 4
    ledger_sequence(tenant_id=centre.tenant_id)
    assert ledger_verify(tenant_id=centre.tenant_id).ok


def test_somali_and_arabic_uncovered_until_an_association_joins(centre):
    _table, communities = selectors.coverage(centre)
    uncovered = {c.code: c for c in communities if c.uncovered}
    assert set(uncovered) == {"so", "ar"}
    assert "Somali Women's Circle" in [o.name for o, _n in uncovered["so"].could_reach]
    somali = Organisation.objects.get(
        tenant=centre.tenant, name="Somali Women's Circle"
    )
    InitiativePartner.objects.create(
        tenant=centre.tenant,
        initiative=centre.initiative,
        organisation=somali,
        role="delivery",
    )
    _table, communities = selectors.coverage(centre)
    assert {c.code for c in communities if c.uncovered} == {"ar"}


def test_the_demo_volunteer_has_shifts_coming(centre, client):
    client.login(username="volunteer", password=DEMO_PASSWORD)
    mine = SignUp.objects.filter(
        person__user__username="volunteer",
        status="confirmed",
        shift__opportunity__initiative=centre.initiative,
    )
    assert mine.count() >= 2
    page = client.get(reverse("my-coproduction", kwargs={"tenant": DEMO_SLUG}))
    assert page.status_code == 200
    assert mine.first().shift.opportunity.title in page.content.decode()


def test_pages_of_the_centre_answer(centre, client):
    client.login(username="coordinator", password=DEMO_PASSWORD)
    slug = centre.initiative.slug
    for name in (
        "crisis-centre",
        "crisis-decisions",
        "crisis-coverage",
        "crisis-review",
    ):
        response = client.get(reverse(name, kwargs={"tenant": DEMO_SLUG, "slug": slug}))
        assert response.status_code == 200, name
    need = Need.objects.filter(centre=centre).first()
    response = client.get(
        reverse("crisis-need", kwargs={"tenant": DEMO_SLUG, "pk": need.pk})
    )
    assert response.status_code == 200
    assert "Why:" in response.content.decode()
