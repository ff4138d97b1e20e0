"""How many SQL statements one write takes, through the API and the web: a test that
fails if the number grows (bench/pages.py measures the rates these counts allow)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.initiatives.models import Activity, Contribution, Participation

from .. import factories as f

# the statements of one write today; lower them when a change saves some
# (before this was measured: 31, 34, 20, 19 and 20)
API_PARTICIPATION = 25
# the web answer also counts the rows the reader may see (issue 11: who took part)
WEB_PARTICIPATION = 29
API_ACTIVITY = 17
API_CONTRIBUTION = 14
WEB_CONTRIBUTION = 15


@pytest.fixture
def world(tenant):
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    f.ParticipationFactory.create_batch(3, activity=activity)
    return {
        "initiative": initiative,
        "activity": activity,
        "people": f.PersonFactory.create_batch(3, tenant=tenant),
        "organisation": f.OrganisationFactory(tenant=tenant),
    }


def _count(call) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return len(queries), response


def test_a_participation_through_the_api(api, world):
    activity = world["activity"]
    counts = []
    for person in world["people"][:2]:
        n, response = _count(
            lambda p=person: api.post(
                "/participations",
                {"activity": activity.pk, "person": p.pk, "role": "volunteer"},
            )
        )
        assert response.status_code == 201, response.data
        counts.append(n)
    assert max(counts) <= API_PARTICIPATION
    assert Participation.objects.filter(activity=activity).count() == 5


def test_a_participation_through_the_web(tenant, coordinator_client, world):
    activity = world["activity"]
    path = reverse(
        "activity-detail",
        kwargs={
            "tenant": tenant.slug,
            "slug": activity.initiative.slug,
            "pk": activity.pk,
        },
    )
    counts = []
    for person in world["people"][:2]:
        n, response = _count(
            lambda p=person: coordinator_client.post(
                path,
                {"person": p.pk, "role": "resident", "hours": "2"},
                headers={"HX-Request": "true"},
            )
        )
        assert response.status_code == 200
        counts.append(n)
    assert counts[0] == counts[1] <= WEB_PARTICIPATION


def test_an_activity_and_a_contribution_through_the_api(api, world):
    initiative = world["initiative"]
    n_activity, response = _count(
        lambda: api.post(
            "/activities",
            {
                "initiative": initiative.pk,
                "title": "Walk",
                "stage": "delivery",
                "kind": "workshop",
                "starts_at": "2026-01-05T17:00:00Z",
                "level": 3,
                "mode": "doing",
            },
        )
    )
    assert response.status_code == 201, response.data
    n_contribution, response = _count(
        lambda: api.post(
            "/contributions",
            {
                "initiative": initiative.pk,
                "kind": "materials",
                "description": "Paint",
                "organisation": world["organisation"].pk,
                "date": "2026-01-05",
            },
        )
    )
    assert response.status_code == 201, response.data
    assert n_activity <= API_ACTIVITY
    assert n_contribution <= API_CONTRIBUTION
    assert Activity.objects.filter(initiative=initiative).count() == 2
    assert Contribution.objects.filter(initiative=initiative).count() == 1


def test_a_contribution_through_the_web(tenant, coordinator_client, world):
    initiative = world["initiative"]
    path = reverse(
        "contribution-create", kwargs={"tenant": tenant.slug, "slug": initiative.slug}
    )
    n, response = _count(
        lambda: coordinator_client.post(
            path,
            {
                "kind": "materials",
                "description": "Paint",
                "date": "2026-01-05",
                "organisation": world["organisation"].pk,
            },
        )
    )
    assert response.status_code == 302
    assert n <= WEB_CONTRIBUTION
