"""The member behind a request is kept between requests (tenancy.actor.actor_of_member),
and every change of what it is made of counts from the next request: a role, a removal,
a person linked, the tenant renamed, a user deactivated. Through pages and the API."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coproduce.people.models import Person
from coproduce.tenancy import actor as actor_module
from coproduce.tenancy.models import TenantMembership
from coproduce.tenancy.roles import Role
from coproduce.tenancy.services import (
    tenant_member_change_role,
    tenant_member_remove,
)
from tests.conftest import Client

pytestmark = pytest.mark.django_db


def _members_page(tenant):
    return reverse("member-list", kwargs={"tenant": tenant.slug})


def _tokens_page(tenant):
    return reverse("token-list", kwargs={"tenant": tenant.slug})


def _tables(queries) -> str:
    return " ".join(q["sql"] for q in queries)


def test_a_second_request_reads_no_membership_or_person(tenant, coordinator_client):
    coordinator_client.get(_tokens_page(tenant))
    with CaptureQueriesContext(connection) as second:
        response = coordinator_client.get(_tokens_page(tenant))
    assert response.status_code == 200
    sql = _tables(second.captured_queries)
    assert '"tenancy_tenantmembership"' not in sql
    assert 'FROM "people_person"' not in sql
    assert response.wsgi_request.actor.person is not None


def test_a_new_role_counts_from_the_next_request(tenant, make_member, client_for):
    admin = make_member(tenant, Role.TENANT_ADMIN, username="ada")
    user = make_member(tenant, Role.VIEWER, username="val")
    client = client_for(user)
    assert client.get(_members_page(tenant)).status_code == 403
    membership = TenantMembership.objects.get(tenant=tenant, user=user)
    tenant_member_change_role(
        membership=membership, role=Role.TENANT_ADMIN, actor=admin
    )
    assert client.get(_members_page(tenant)).status_code == 200
    membership.refresh_from_db()
    tenant_member_change_role(membership=membership, role=Role.VIEWER, actor=admin)
    assert client.get(_members_page(tenant)).status_code == 403


def test_a_removed_member_gets_404_at_once_on_pages_and_the_api(
    tenant, make_member, client_for, api_headers
):
    admin = make_member(tenant, Role.TENANT_ADMIN, username="ada")
    user = make_member(tenant, Role.COORDINATOR, username="rem")
    client = client_for(user)
    headers = api_headers(user, tenant)
    assert client.get(_tokens_page(tenant)).status_code == 200
    assert Client().get("/api/v1/initiatives", headers=headers).status_code == 200
    # a token of another member keeps the API's actor of that member kept as well
    membership = TenantMembership.objects.get(tenant=tenant, user=user)
    tenant_member_remove(membership=membership, actor=admin)
    assert client.get(_tokens_page(tenant)).status_code == 404
    assert Client().get("/api/v1/initiatives", headers=headers).status_code in (
        401,
        403,
    )


def test_a_membership_deleted_without_the_service_is_forgotten_too(
    tenant, make_member, client_for
):
    user = make_member(tenant, Role.COORDINATOR, username="del")
    client = client_for(user)
    assert client.get(_tokens_page(tenant)).status_code == 200
    TenantMembership.objects.filter(tenant=tenant, user=user).get().delete()
    assert client.get(_tokens_page(tenant)).status_code == 404


def test_a_person_linked_later_is_the_actors_person_at_the_next_request(
    tenant, make_member, client_for
):
    user = make_member(tenant, Role.VOLUNTEER, person=False, username="late")
    client = client_for(user)
    first = client.get(_tokens_page(tenant))
    assert first.wsgi_request.actor.person is None
    person = Person.objects.create(
        tenant=tenant, user=user, given_name="Late", family_name="Linked"
    )
    second = client.get(_tokens_page(tenant))
    assert second.wsgi_request.actor.person == person
    person.user = None
    person.save()
    assert client.get(_tokens_page(tenant)).wsgi_request.actor.person is None


def test_a_deactivated_user_is_signed_out_at_the_next_request(
    tenant, coordinator, coordinator_client
):
    assert coordinator_client.get(_tokens_page(tenant)).status_code == 200
    coordinator.is_active = False
    coordinator.save()
    response = coordinator_client.get(_tokens_page(tenant))
    assert response.status_code == 302
    assert "/login/" in response["Location"]


def test_a_renamed_tenant_is_not_reached_under_its_old_name(tenant, coordinator_client):
    old = _tokens_page(tenant)
    assert coordinator_client.get(old).status_code == 200
    tenant.slug = "riverside-renamed"
    tenant.save()
    assert coordinator_client.get(old).status_code == 404
    assert coordinator_client.get(_tokens_page(tenant)).status_code == 200


def test_what_was_read_while_a_change_was_committed_is_not_kept(
    tenant, make_member, client_for, django_capture_on_commit_callbacks
):
    """A request that read the old role before the change committed kept it under the
    generation of that moment; the generation moves on again after the commit."""
    admin = make_member(tenant, Role.TENANT_ADMIN, username="ada")
    user = make_member(tenant, Role.VIEWER, username="race")
    client = client_for(user)
    assert client.get(_members_page(tenant)).status_code == 403
    membership = TenantMembership.objects.get(tenant=tenant, user=user)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        tenant_member_change_role(
            membership=membership, role=Role.TENANT_ADMIN, actor=admin
        )
        # the old role, read by a request racing the commit, kept under the new
        # generation (the one moved on at the save)
        generation = cache.get(actor_module._generation_key(tenant.slug))
        stale = (generation, tenant, Role.VIEWER, None)
        cache.set(actor_module._kept_key(tenant.slug, user.pk), stale)
    assert callbacks, "the generation moves on after the commit as well"
    for callback in callbacks:
        callback()
    assert client.get(_members_page(tenant)).status_code == 200
