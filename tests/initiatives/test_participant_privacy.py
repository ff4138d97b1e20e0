"""Who took part (issue 11, item 2): a service user sees only themselves; a volunteer
sees their shift's professionals and volunteers, never its service users; staff see all;
the counts and hours stay whole for everyone who sees the activity."""

import pytest

from coproduce.initiatives.access import participation_visible
from coproduce.people.models import Person
from coproduce.tenancy.cli import actor_for

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def shift(tenant, make_member):
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    other = f.ActivityFactory(initiative=initiative)
    users = {
        r: make_member(tenant, r, username=r) for r in ("volunteer", "service_user")
    }
    me = {r: Person.objects.get(tenant=tenant, user=u) for r, u in users.items()}
    rows = {
        "me_volunteer": f.ParticipationFactory(
            activity=activity, person=me["volunteer"], role="volunteer"
        ),
        "me_client": f.ParticipationFactory(
            activity=activity, person=me["service_user"], role="service_user"
        ),
        "colleague": f.ParticipationFactory(activity=activity, role="professional"),
        "client": f.ParticipationFactory(activity=activity, role="service_user"),
        "resident": f.ParticipationFactory(activity=activity, role="resident"),
        "elsewhere": f.ParticipationFactory(activity=other, role="volunteer"),
    }
    return tenant, users, rows


def _seen(tenant, user, rows):
    actor = actor_for(user.username, tenant=tenant)
    ids = set(participation_visible(actor).values_list("pk", flat=True))
    return {k for k, p in rows.items() if p.pk in ids}


def test_a_service_user_sees_only_themselves(shift):
    tenant, users, rows = shift
    assert _seen(tenant, users["service_user"], rows) == {"me_client"}


def test_a_volunteer_sees_their_shifts_team_never_its_clients(shift):
    tenant, users, rows = shift
    assert _seen(tenant, users["volunteer"], rows) == {"me_volunteer", "colleague"}


def test_staff_see_everyone(shift, coordinator):
    tenant, _users, rows = shift
    assert _seen(tenant, coordinator, rows) == set(rows)


def test_the_activity_page_counts_everyone_and_names_only_oneself(shift, client_for):
    tenant, users, rows = shift
    activity = rows["me_client"].activity
    page = client_for(users["service_user"]).get(
        f"/t/{tenant.slug}/initiatives/{activity.initiative.slug}/activities/{activity.pk}/"
    )
    text = page.content.decode()
    assert page.status_code == 200
    assert "4 participations are not listed" in text
    assert "5 participations" in text
    for key in ("colleague", "client", "resident", "me_volunteer"):
        assert rows[key].person.given_name not in text
