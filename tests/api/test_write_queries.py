"""Each write of a participation, an activity and a contribution takes a fixed number of
SQL statements, through the API and the web (issue 12: the writes' speed on a big tenant
rests on it). A write that grows past its count fails here, before it is slow.

The counts include the savepoints: the test runs inside a transaction, so that every
``atomic`` of the write is a savepoint here (in production the outermost is BEGIN and
COMMIT)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .. import factories as f

pytestmark = pytest.mark.django_db

# the token and its member, the references read, the duplicate asked, the checks asked
# in one query, the insert and its event, four savepoints
PARTICIPATION_API = 18
ACTIVITY_API = 14
CONTRIBUTION_API = 15
PARTICIPATION_WEB = 21  # and the new row and totals answered in place (htmx)


def _statements(call):
    with CaptureQueriesContext(connection) as queries:
        response = call()
    return len(queries), response, "\n".join(q["sql"][:160] for q in queries)


@pytest.fixture
def activity(tenant):
    return f.ActivityFactory(initiative=f.InitiativeFactory(tenant=tenant))


def test_participation_write_through_the_api(api, tenant, activity):
    person = f.PersonFactory(tenant=tenant)
    n, response, sql = _statements(
        lambda: api.post(
            "/participations",
            {"activity": activity.pk, "person": person.pk, "role": "resident",
             "hours": "1.5"},
        )
    )  # fmt: skip
    assert response.status_code == 201, response.data
    assert n <= PARTICIPATION_API, sql
    # the checks asked together still refuse, naming the problem, and write nothing
    refused = api.post(
        "/participations",
        {"activity": activity.pk, "person": f.PersonFactory(tenant=tenant).pk,
         "role": "resident", "hours": "-1"},
    )  # fmt: skip
    assert refused.status_code in (400, 409, 422), refused.data
    assert activity.participations.count() == 1


def test_activity_write_through_the_api(api, activity):
    n, response, sql = _statements(
        lambda: api.post(
            "/activities",
            {"initiative": activity.initiative_id, "title": "Evening", "stage": "delivery",
             "kind": "workshop", "starts_at": "2026-01-05T17:00:00Z", "level": 3,
             "mode": "doing"},
        )
    )  # fmt: skip
    assert response.status_code == 201, response.data
    assert n <= ACTIVITY_API, sql


def test_contribution_write_through_the_api(api, tenant, activity):
    organisation = f.OrganisationFactory(tenant=tenant)
    n, response, sql = _statements(
        lambda: api.post(
            "/contributions",
            {"initiative": activity.initiative_id, "kind": "materials",
             "description": "Paint", "organisation": organisation.pk,
             "date": "2026-01-05", "estimated_value": "10"},
        )
    )  # fmt: skip
    assert response.status_code == 201, response.data
    assert n <= CONTRIBUTION_API, sql


def test_participation_write_through_the_web(tenant, coordinator_client, activity):
    f.ParticipationFactory.create_batch(5, activity=activity)
    person = f.PersonFactory(tenant=tenant)
    path = f"/t/{tenant.slug}/initiatives/{activity.initiative.slug}/activities/{activity.pk}/"
    n, response, sql = _statements(
        lambda: coordinator_client.post(
            path,
            {"person": person.pk, "role": "resident", "hours": "2"},
            headers={"HX-Request": "true"},
        )
    )
    assert response.status_code == 200
    assert "6 participations" in response.content.decode()
    assert n <= PARTICIPATION_WEB, sql
