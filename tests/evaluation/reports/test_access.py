"""Who may read a report: the rule of evaluation/access.py, as for the panel's page and the
API. Staff (partners too) read the reports of the panels of the initiatives they may see;
respondents (volunteers, service users) get 403 whatever the panel; a panel of an
initiative one may not see is a 404; another tenant's members get 404 for page, printable
page, CSV and JSON alike."""

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


@pytest.mark.parametrize("role", ["volunteer", "service_user"])
def test_respondents_are_refused_whether_or_not_they_see_the_initiative(
    panel, make_member, client_for, tenant, role
):
    user = make_member(tenant, role)
    assert statuses(client_for(user), panel) == {403}


def test_partner_staff_read_the_reports_of_their_initiatives_only(
    panel, make_member, client_for, tenant, initiative
):
    user = make_member(tenant, "partner")
    org = f.OrganisationFactory(tenant=tenant)
    f.MembershipFactory(
        tenant=tenant,
        person=Person.objects.get(user=user),
        organisation=org,
        role="professional",
    )
    client = client_for(user)
    assert statuses(client, panel) == {404}
    f.InitiativePartnerFactory(initiative=initiative, organisation=org)
    assert statuses(client, panel) == {200}


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
