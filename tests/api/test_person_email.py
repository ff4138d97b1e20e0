"""One person per email in a tenant (issue 11, item 5): the API refuses a second one,
whatever its capitals, on the field ``email``."""

import pytest

from coproduce.people.models import Person

from .. import factories as f
from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def test_a_second_person_with_the_same_email_is_a_422_on_email(api, tenant):
    f.PersonFactory(tenant=tenant, email="Aino.Virtanen@example.org")

    response = api.post(
        "/people",
        {
            "given_name": "Aino",
            "family_name": "V",
            "email": "aino.virtanen@EXAMPLE.org",
        },
    )

    body = assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["email"]
    assert "already has this email address" in body["errors"][0]["message"]
    assert (
        Person.objects.filter(
            tenant=tenant, email__iexact="aino.virtanen@example.org"
        ).count()
        == 1
    )


def test_changing_an_email_to_one_taken_is_a_422_on_email(api, tenant):
    f.PersonFactory(tenant=tenant, email="taken@example.org")
    other = f.PersonFactory(tenant=tenant, email="free@example.org")

    response = api.patch(f"/people/{other.pk}", {"email": "TAKEN@example.org"})

    body = assert_problem(response, 422)
    assert [e["field"] for e in body["errors"]] == ["email"]
    other.refresh_from_db()
    assert other.email == "free@example.org"


def test_people_without_email_and_other_tenants_are_not_duplicates(
    api, tenant, other_tenant
):
    f.PersonFactory(tenant=other_tenant, email="shared@example.org")
    f.PersonFactory(tenant=tenant, email="")
    for given in ("A", "B"):
        created = api.post("/people", {"given_name": given, "family_name": "X"})
        assert created.status_code == 201, created.content
    created = api.post(
        "/people",
        {"given_name": "C", "family_name": "X", "email": "shared@example.org"},
    )
    assert created.status_code == 201, created.content
