"""The demo's co-producers have a real own page (issue 13): the service user hosted a
living-room evening of scenario 1 with Koivumäki residents and waits for his baking hour
to be verified; the partner interprets at the Welcome Point with her hours waiting; each
has shifts coming. Read as they would: logged in, on /me/."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from coproduce.coproducers.models import Claim, Shift, SignUp
from coproduce.demo.scenarios import SCENARIOS

from .test_demo import demo, demo_output  # noqa: F401 (the module's demo)

pytestmark = pytest.mark.django_db


def own_page(tenant, username: str) -> str:
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    response = client.get(reverse("my-coproduction", kwargs={"tenant": tenant.slug}))
    assert response.status_code == 200
    return response.content.decode()


def test_scenario_1_residents_host_the_living_room_evenings(demo):  # noqa: F811
    evenings = Shift.objects.filter(
        tenant=demo,
        opportunity__title="Host a living room evening",
        opportunity__initiative__slug=SCENARIOS[1][0],
    )
    past = evenings.get(starts_at__date="2026-03-04")
    came = SignUp.objects.filter(shift=past, attendance="present")
    assert came.count() == 6
    assert came.filter(person__user__isnull=True).count() == 5  # residents, by phone
    assert all(s.participation_id for s in came)  # they count in the profile
    coming = evenings.filter(cancelled=False, starts_at__gt=past.starts_at).order_by(
        "starts_at"
    )
    first = coming.first()
    assert SignUp.objects.filter(shift=first, status="confirmed").count() == 6
    assert SignUp.objects.filter(shift=first, status="waitlisted").count() == 1


def test_the_service_users_own_page(demo):  # noqa: F811
    page = own_page(demo, "serviceuser")
    assert "Host a living room evening" in page  # coming up
    assert "Baked the rye bread for the evening at home" in page
    assert "Waiting for verification" in page
    assert (
        Claim.objects.filter(
            tenant=demo, person__user__username="serviceuser", status="pending"
        ).count()
        == 2
    )  # the bread and the buns of the Welcome Point


def test_the_partners_own_page(demo):  # noqa: F811
    page = own_page(demo, "partner")
    assert "Interpreting at the welcome desk" in page
    assert "Stayed an hour longer to finish a housing application" in page
    assert "Waiting for verification" in page
    assert SignUp.objects.filter(
        tenant=demo, person__user__username="partner", attendance="present"
    ).exists()
    assert "Nothing signed up for yet." not in page


def test_the_volunteers_own_page(demo):  # noqa: F811
    page = own_page(demo, "volunteer")
    assert "Thursday evenings at the welcome desk" in page
    assert "Bought the coffee and set up the desk beforehand" in page
