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
