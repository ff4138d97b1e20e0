"""Who may read a report: those who may see the initiative and hold initiatives.view_all
or initiatives.change. Others get 403 (they see the initiative) or 404 (they do not);
another tenant's members get 404 for page, printable page, CSV and JSON alike."""

import pytest

from coproduce.people.models import Person

from ... import factories as f
from .conftest import report_url

pytestmark = pytest.mark.django_db

SUFFIXES = ["", "-print", "-csv", "-json", "-comments-csv"]


def statuses(client, panel):
    return {client.get(report_url(panel, s)).status_code for s in SUFFIXES}


@pytest.mark.parametrize(
    "role", ["coordinator", "tenant_admin", "viewer", "professional"]
)
def test_roles_that_read_every_initiative_read_the_report(
    panel, make_member, client_for, tenant, role
):
    user = make_member(tenant, role)
    assert statuses(client_for(user), panel) == {200}


def test_a_service_user_of_the_initiative_is_refused(
    panel, make_member, client_for, tenant, initiative
):
    user = make_member(tenant, "service_user")
    f.ParticipationFactory(
        activity=f.ActivityFactory(initiative=initiative),
        person=Person.objects.get(user=user),
        role="service_user",
    )
    # sees the initiative (took part in it), may not read its evaluation
    assert statuses(client_for(user), panel) == {403}


@pytest.mark.parametrize("role", ["volunteer", "service_user", "partner"])
def test_who_cannot_see_the_initiative_gets_404(
    panel, make_member, client_for, tenant, role
):
    user = make_member(tenant, role)
    assert statuses(client_for(user), panel) == {404}


def test_another_tenant_gets_404(panel, make_member, client_for, other_tenant):
    outsider = make_member(other_tenant, "coordinator")
    client = client_for(outsider)
    assert statuses(client, panel) == {404}
    # nor through their own tenant's address
    for suffix in SUFFIXES:
        url = report_url(panel, suffix).replace("/t/riverside/", "/t/hillview/")
        assert client.get(url).status_code == 404


def test_anonymous_is_sent_to_log_in(panel, client):
    response = client.get(report_url(panel))
    assert response.status_code in (302, 404)
