"""Organisations, people, memberships and public services through the API."""

import pytest

from coproduce.people.models import Person

from .. import factories as f
from .conftest import assert_problem

pytestmark = pytest.mark.django_db


def test_organisation_round_trip(api):
    # create
    created = api.post(
        "/organisations", {"name": "Youth services", "kind": "department"}
    )
    assert created.status_code == 201, created.content
    org_id = created.data["id"]
    assert created.data["kind"] == "department"
    # read, list, change
    assert api.get(f"/organisations/{org_id}").data["name"] == "Youth services"
    assert [o["id"] for o in api.get("/organisations").data["items"]] == [org_id]
    changed = api.patch(f"/organisations/{org_id}", {"website": "https://example.org"})
    assert changed.status_code == 200
    assert changed.data["website"] == "https://example.org"
    assert changed.data["name"] == "Youth services"  # untouched by the patch
    # delete
    assert api.delete(f"/organisations/{org_id}").status_code == 204
    assert_problem(api.get(f"/organisations/{org_id}"), 404)


def test_organisation_filters_by_kind_and_text(api, tenant):
    f.OrganisationFactory(tenant=tenant, name="Riverside library", kind="department")
    f.OrganisationFactory(
        tenant=tenant, name="Riverside scouts", kind="community_group"
    )
    f.OrganisationFactory(tenant=tenant, name="Harbour NGO", kind="ngo")

    by_kind = api.get("/organisations", kind="community_group").data
    by_text = api.get("/organisations", q="riverside").data

    assert [o["name"] for o in by_kind["items"]] == ["Riverside scouts"]
    assert by_text["count"] == 2


def test_duplicate_organisation_name_is_a_422_problem(api, tenant):
    f.OrganisationFactory(tenant=tenant, name="Youth services")

    response = api.post("/organisations", {"name": "Youth services", "kind": "ngo"})

    body = assert_problem(response, 422)
    assert body["errors"]
    assert all({"field", "message"} <= set(e) for e in body["errors"])


def test_bad_input_is_a_422_problem_naming_the_field(api):
    response = api.post("/organisations", {"name": "x" * 201, "kind": "castle"})

    body = assert_problem(response, 422)
    assert {e["field"] for e in body["errors"]} == {"name", "kind"}


def test_malformed_json_is_a_422_problem(api):
    response = api.client.post(
        "/api/v1/organisations", data="{not json", content_type="application/json"
    )

    assert_problem(response, 422)


def test_person_round_trip_stores_demographics_but_never_returns_them(api, tenant):
    created = api.post(
        "/people",
        {
            "given_name": "Aino",
            "family_name": "Virta",
            "email": "aino@example.org",
            "demographics_consent": True,
            "age_band": "65-74",
            "district": "Harbour",
        },
    )
    assert created.status_code == 201, created.content
    person_id = created.data["id"]
    person = Person.objects.get(pk=person_id)
    assert (person.age_band, person.district) == ("65-74", "Harbour")
    assert person.demographics_consent_at is not None

    for body in (
        created.data,
        api.get(f"/people/{person_id}").data,
        api.get("/people").data["items"][-1],
    ):
        assert not {"age_band", "gender", "first_language", "district"} & set(body)
        assert "demographics_consent_at" not in body

    withdrawn = api.patch(f"/people/{person_id}", {"demographics_consent": False})
    assert withdrawn.status_code == 200
    person.refresh_from_db()
    assert (person.age_band, person.district) == ("", "")
    assert api.delete(f"/people/{person_id}").status_code == 204


def test_demographics_without_consent_are_refused(api):
    response = api.post(
        "/people", {"given_name": "Aino", "family_name": "Virta", "gender": "woman"}
    )

    assert_problem(response, 422)
    assert not Person.objects.filter(given_name="Aino").exists()


def test_people_filter_by_organisation(api, tenant):
    org = f.OrganisationFactory(tenant=tenant)
    member = f.MembershipFactory(tenant=tenant, organisation=org).person
    f.PersonFactory(tenant=tenant)

    items = api.get("/people", organisation=org.pk).data["items"]

    assert [p["id"] for p in items] == [member.pk]


def test_membership_round_trip(api, tenant):
    person = f.PersonFactory(tenant=tenant)
    org = f.OrganisationFactory(tenant=tenant)

    created = api.post(
        "/memberships",
        {
            "person": person.pk,
            "organisation": org.pk,
            "role": "volunteer",
            "start_date": "2026-01-01",
        },
    )
    assert created.status_code == 201, created.content
    membership_id = created.data["id"]
    assert api.get(f"/memberships/{membership_id}").data["person"] == person.pk
    assert api.get("/memberships", person=person.pk).data["count"] == 1

    backwards = api.patch(f"/memberships/{membership_id}", {"end_date": "2025-01-01"})
    assert [e["field"] for e in assert_problem(backwards, 422)["errors"]] == [
        "end_date"
    ]

    changed = api.patch(f"/memberships/{membership_id}", {"title": "Coach"})
    assert changed.data["title"] == "Coach"
    assert api.delete(f"/memberships/{membership_id}").status_code == 204


def test_service_round_trip(api, tenant):
    authority = f.OrganisationFactory(tenant=tenant, kind="public_agency")

    created = api.post(
        "/services",
        {
            "identifier": "home-care",
            "name": "Home care",
            "description": "Help at home.",
            "competent_authority": authority.pk,
            "sector": "HEAL",
            "channels": ["home_visit", "phone"],
            "processing_time": "P3D",
        },
    )
    assert created.status_code == 201, created.content
    service_id = created.data["id"]
    assert created.data["channels"] == ["home_visit", "phone"]
    assert api.get("/services", sector="HEAL").data["count"] == 1
    assert api.get("/services", sector="EDUC").data["count"] == 0
    assert api.get("/services", competent_authority=authority.pk).data["count"] == 1

    changed = api.patch(f"/services/{service_id}", {"status": "withdrawn"})
    assert changed.data["status"] == "withdrawn"
    assert api.get(f"/services/{service_id}").data["status"] == "withdrawn"

    # the authority cannot go while its service refers to it
    assert_problem(api.delete(f"/organisations/{authority.pk}"), 422)
    assert api.delete(f"/services/{service_id}").status_code == 204


def test_viewer_reads_the_registry_but_neither_people_nor_writes(
    api_as, tenant, make_member
):
    viewer = api_as(make_member(tenant, "viewer"), tenant)
    f.OrganisationFactory(tenant=tenant)

    assert viewer.get("/organisations").data["count"] == 1
    assert_problem(viewer.get("/people"), 403)
    assert_problem(viewer.post("/organisations", {"name": "X", "kind": "ngo"}), 403)


def test_volunteer_may_not_create(api_as, tenant, make_member):
    volunteer = api_as(make_member(tenant, "volunteer"), tenant)

    for path, body in [
        ("/organisations", {"name": "X", "kind": "ngo"}),
        ("/people", {"given_name": "A", "family_name": "B"}),
    ]:
        assert_problem(volunteer.post(path, body), 403)


def test_an_outsiders_ids_are_404_on_every_registry_route(tenant, outsider):
    # given one row of every registry resource in the first tenant
    rows = {
        "organisations": f.OrganisationFactory(tenant=tenant),
        "people": f.PersonFactory(tenant=tenant),
        "memberships": f.MembershipFactory(tenant=tenant),
        "services": f.PublicServiceFactory(tenant=tenant),
    }
    # then a coordinator of the other tenant finds none of them
    for resource, obj in rows.items():
        assert_problem(outsider.get(f"/{resource}/{obj.pk}"), 404)
        assert_problem(outsider.patch(f"/{resource}/{obj.pk}", {}), 404)
        assert_problem(outsider.delete(f"/{resource}/{obj.pk}"), 404)
        assert outsider.get(f"/{resource}").data["count"] == 0


def test_people_search_matches_every_word_as_the_people_page_does(api, tenant):
    f.PersonFactory(tenant=tenant, given_name="Ana", family_name="Silva")
    f.PersonFactory(tenant=tenant, given_name="Ana", family_name="Costa")

    found = api.get("/people", q="silva ana").data["items"]

    assert [p["family_name"] for p in found] == ["Silva"]
