"""The initiative page (issue 12): its contributions a page at a time, named only to those
who may learn the names, kept fragments that follow a change at once, and a number of
queries that does not grow with the initiative."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from coproduce.initiatives import services
from coproduce.initiatives.models import Contribution
from coproduce.initiatives.views import CONTRIBUTIONS_PER_PAGE
from coproduce.people.models import Person

from .. import factories as f

pytestmark = pytest.mark.django_db


def _url(initiative, query=""):
    return f"/t/{initiative.tenant.slug}/initiatives/{initiative.slug}/{query}"


def _contributions(initiative, n, **values):
    return [
        f.ContributionFactory(
            initiative=initiative,
            description=f"Gift {i:03d}",
            date=dt.date(2026, 1, 1) + dt.timedelta(days=i),
            **values,
        )
        for i in range(n)
    ]


def test_contributions_come_a_page_at_a_time_latest_first(tenant, coordinator_client):
    initiative = f.InitiativeFactory(tenant=tenant)
    _contributions(initiative, CONTRIBUTIONS_PER_PAGE + 5)

    first = coordinator_client.get(_url(initiative)).content.decode()
    second = coordinator_client.get(
        _url(initiative, "?contributions=2")
    ).content.decode()

    newest, oldest = f"Gift {CONTRIBUTIONS_PER_PAGE + 4:03d}", "Gift 000"
    assert newest in first
    assert oldest not in first
    assert oldest in second
    assert newest not in second
    assert "Pages of contributions" in first
    # the total is of every contribution, not of the page shown
    total = Decimal("120.00") * (CONTRIBUTIONS_PER_PAGE + 5)
    assert re.search(rf">{int(total)}(\.00)?</td></tr></tfoot>", first)


def test_a_service_user_never_reads_another_persons_contribution(
    tenant, make_member, client_for
):
    initiative = f.InitiativeFactory(tenant=tenant)
    user = make_member(tenant, "service_user", username="sam")
    me = Person.objects.get(tenant=tenant, user=user)
    f.ParticipationFactory(activity=f.ActivityFactory(initiative=initiative), person=me)
    other = f.PersonFactory(tenant=tenant, given_name="Zacharias")
    f.ContributionFactory(
        initiative=initiative, organisation=None, person=other, description="Van loan"
    )
    f.ContributionFactory(initiative=initiative, description="Library hall")

    page = client_for(user).get(_url(initiative))
    text = page.content.decode()

    assert page.status_code == 200
    assert "Library hall" in text
    assert "Zacharias" not in text
    assert "Van loan" not in text


def test_a_new_contribution_shows_on_the_next_request(tenant, coordinator, client_for):
    initiative = f.InitiativeFactory(tenant=tenant)
    client = client_for(coordinator)
    assert "Bakery bread" not in client.get(_url(initiative)).content.decode()

    services.contribution_create(
        initiative=initiative,
        actor=coordinator,
        kind=Contribution.Kind.MATERIALS,
        description="Bakery bread",
        date=dt.date(2026, 5, 1),
        organisation=f.OrganisationFactory(tenant=tenant),
    )

    assert "Bakery bread" in client.get(_url(initiative)).content.decode()


def _queries(client, initiative):
    client.get(_url(initiative))  # the kept fragments made
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(_url(initiative)).status_code == 200
    return len(ctx)


def test_queries_do_not_grow_with_the_initiative(tenant, coordinator_client):
    small = f.InitiativeFactory(tenant=tenant)
    big = f.InitiativeFactory(tenant=tenant)
    _contributions(big, 40)
    for _ in range(3):
        f.InitiativePartnerFactory(initiative=big)
        f.ParticipationFactory(activity=f.ActivityFactory(initiative=big))

    assert _queries(coordinator_client, big) == _queries(coordinator_client, small)


def test_a_page_kept_for_a_coordinator_shows_a_viewer_no_actions(
    tenant, coordinator_client, make_member, client_for
):
    initiative = f.InitiativeFactory(tenant=tenant)
    f.InitiativePartnerFactory(initiative=initiative)
    as_coordinator = coordinator_client.get(_url(initiative)).content.decode()
    viewer = client_for(make_member(tenant, "viewer", username="vera"))
    as_viewer = viewer.get(_url(initiative)).content.decode()

    assert "Record an activity" in as_coordinator
    assert 'form="partner-remove"' in as_coordinator
    assert "Record an activity" not in as_viewer
    assert "partner-remove" not in as_viewer


def test_a_partner_is_removed_with_the_pages_one_form_and_the_readers_token(
    tenant, coordinator, client_for
):
    """The remove buttons sit in the kept fragment and name the one form outside it, whose
    token is the reader's own: a second coordinator removes with a page first rendered
    for somebody else."""
    from html.parser import HTMLParser

    from coproduce.initiatives.models import InitiativePartner
    from coproduce.tenancy.roles import Role

    initiative = f.InitiativeFactory(tenant=tenant)
    partner = f.InitiativePartnerFactory(initiative=initiative)
    client_for(coordinator).get(_url(initiative))  # kept for the first coordinator
    other = client_for(_second_coordinator(tenant, Role.COORDINATOR))
    other.raise_request_exception = True
    html = other.get(_url(initiative)).content.decode()

    class Forms(HTMLParser):
        token, action = None, None

        def handle_starttag(self, tag, attrs):
            a = dict(attrs)
            if tag == "form" and a.get("id") == "partner-remove":
                self.in_form = True
            if (
                tag == "input"
                and a.get("name") == "csrfmiddlewaretoken"
                and getattr(self, "in_form", False)
                and self.token is None
            ):
                self.token = a["value"]
            if tag == "button" and a.get("form") == "partner-remove":
                self.action = a["formaction"]

        def handle_endtag(self, tag):
            if tag == "form":
                self.in_form = False

    forms = Forms()
    forms.feed(html)
    assert forms.token
    assert forms.action
    from django.test import Client as DjangoClient

    strict = DjangoClient(enforce_csrf_checks=True)
    strict.cookies = other.cookies
    response = strict.post(forms.action, {"csrfmiddlewaretoken": forms.token})
    assert response.status_code == 302
    assert not InitiativePartner.objects.filter(pk=partner.pk).exists()
    after = other.get(_url(initiative)).content.decode()
    assert "No partners recorded." in after, after[
        after.find("Partner organisations") :
    ][:800]


def _second_coordinator(tenant, role):
    from django.contrib.auth import get_user_model

    from coproduce.tenancy.services import tenant_member_set

    user = get_user_model().objects.create_user("cora-two", password="x-Pass-1234")
    tenant_member_set(tenant=tenant, user=user, role=role)
    return user


def test_a_kept_page_costs_the_initiative_and_the_fingerprint_only(
    tenant, coordinator_client
):
    initiative = f.InitiativeFactory(tenant=tenant)
    f.InitiativePartnerFactory(initiative=initiative)
    coordinator_client.get(_url(initiative))
    with CaptureQueriesContext(connection) as ctx:
        coordinator_client.get(_url(initiative))
    tables = [
        q["sql"].split(" FROM ", 1)[1].split()[0] for q in ctx if " FROM " in q["sql"]
    ]
    # the session (a table in the tests' settings, the cache in production), its user,
    # the initiative (with its lead organisation) and the fingerprint (of core_event
    # and the fact tables): no membership, person, partners, services or profile
    assert tables == [
        '"django_session"',
        '"auth_user"',
        '"initiatives_initiative"',
        "core_event",
    ]
