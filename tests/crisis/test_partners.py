"""Partner organisations' staff post needs themselves (issue 14): to the crisis centres
whose initiative their organisation is a current partner of, as that organisation, by
page and API; never to another centre, for another organisation, nor with an
assignee; they see what their organisation posted, not the candidates."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from coproduce.core.errors import DomainError
from coproduce.crisis import services
from coproduce.crisis.models import Need
from coproduce.people.models import Membership, Person
from tests import factories as f
from tests.conftest import Client
from tests.coproducers.conftest import actor_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def partner(crisis, make_member):
    """A congregation that is a partner of the centre, and one of its staff."""
    user = make_member(crisis.tenant, "partner", username="pekka")
    person = Person.objects.get(user=user)
    church = f.OrganisationFactory(tenant=crisis.tenant, name="St Mary's parish")
    f.MembershipFactory(
        tenant=crisis.tenant,
        person=person,
        organisation=church,
        role=Membership.Role.PROFESSIONAL,
    )
    f.InitiativePartnerFactory(initiative=crisis.initiative, organisation=church)
    return user, church


def _values(**extra):
    start = timezone.now() + dt.timedelta(days=1, hours=3)
    return {
        "title": "Meals for the parish's elderly",
        "area": "00510",
        "starts_at": start,
        "ends_at": start + dt.timedelta(hours=2),
        "people_needed": 2,
        **extra,
    }


def test_partner_posts_as_their_organisation(crisis, partner):
    user, church = partner
    actor = actor_of(user, crisis.tenant)
    need = services.need_post(
        centre=crisis.centre,
        actor=actor,
        **_values(source="professional", assigned_to=crisis.person["professional"]),
    )
    assert need.organisation == church
    assert need.source == Need.Source.PARTNER
    assert need.assigned_to is None  # the centre's staff assign it


def test_partner_may_not_post_for_another_organisation(crisis, partner):
    user, _church = partner
    other = f.OrganisationFactory(tenant=crisis.tenant, name="Not a partner")
    with pytest.raises(DomainError) as exc:
        services.need_post(
            centre=crisis.centre,
            actor=actor_of(user, crisis.tenant),
            **_values(organisation=other),
        )
    assert exc.value.field == "organisation"


def test_partnership_ended_or_other_centre_is_refused(crisis, partner):
    user, church = partner
    other_initiative = f.InitiativeFactory(tenant=crisis.tenant, name="Other centre")
    other = services.centre_open(
        initiative=other_initiative, actor=crisis.actors["coordinator"]
    )
    client = Client()
    client.force_login(user)
    url = reverse(
        "crisis-need-create",
        kwargs={"tenant": crisis.tenant.slug, "slug": other_initiative.slug},
    )
    assert client.get(url).status_code == 404
    assert other.pk
    # an ended partnership opens nothing any more
    from coproduce.initiatives.models import InitiativePartner

    InitiativePartner.objects.filter(organisation=church).update(
        end_date=timezone.localdate() - dt.timedelta(days=1)
    )
    own = reverse(
        "crisis-need-create",
        kwargs={"tenant": crisis.tenant.slug, "slug": crisis.initiative.slug},
    )
    assert client.get(own).status_code == 404


def test_partner_page_posts_and_lists_the_organisations_needs(crisis, partner):
    user, church = partner
    client = Client()
    client.force_login(user)
    url = reverse(
        "crisis-need-create",
        kwargs={"tenant": crisis.tenant.slug, "slug": crisis.initiative.slug},
    )
    page = client.get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "St Mary" in html
    assert 'name="assigned_to"' not in html
    assert 'name="source"' not in html
    start = timezone.localtime() + dt.timedelta(days=1, hours=3)
    response = client.post(
        url,
        {
            "title": "Meals for the parish's elderly",
            "area": "00510",
            "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
            "people_needed": 2,
            "urgency": "normal",
            "organisation": church.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    need = Need.objects.get(title="Meals for the parish's elderly")
    assert need.organisation == church
    assert need.source == "partner"
    listed = client.get(url).content.decode()
    assert "Meals for the parish" in listed
    assert "Groceries for a family" not in listed  # not their organisation's
    # the need's own page (candidates, call-outs) stays the staff's
    need_url = reverse(
        "crisis-need", kwargs={"tenant": crisis.tenant.slug, "pk": need.pk}
    )
    assert client.get(need_url).status_code == 403


def test_partner_posts_through_the_api(crisis, partner, api_headers):
    user, church = partner
    client = Client(headers=api_headers(user, crisis.tenant))
    start = timezone.now() + dt.timedelta(days=1, hours=3)
    body = {
        "initiative": crisis.initiative.pk,
        "title": "Transport to the vaccination point",
        "area": "00530",
        "starts_at": start.isoformat(),
        "ends_at": (start + dt.timedelta(hours=2)).isoformat(),
        "people_needed": 1,
    }
    response = client.post(
        "/api/v1/needs", data=json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    assert response.json()["source"] == "partner"
    assert Need.objects.get(pk=response.json()["id"]).organisation == church
    # a centre their organisation is not a partner of: 422 on that field
    other = f.InitiativeFactory(tenant=crisis.tenant, name="Elsewhere")
    services.centre_open(initiative=other, actor=crisis.actors["coordinator"])
    response = client.post(
        "/api/v1/needs",
        data=json.dumps({**body, "initiative": other.pk}),
        content_type="application/json",
    )
    assert response.status_code == 422
    assert "initiative" in response.content.decode()


def test_a_volunteer_still_may_not_post(crisis):
    with pytest.raises(PermissionDenied):
        services.need_post(
            centre=crisis.centre, actor=crisis.actors["amina"], **_values()
        )
