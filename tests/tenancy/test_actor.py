"""The one Actor of a request: what the middleware builds for a page and for the API."""

import pytest
from django.core.exceptions import PermissionDenied

from coproduce.tenancy.actor import _grants, actor_build, grant_register
from coproduce.tenancy.roles import Role, permissions_for
from tests.conftest import Client

pytestmark = pytest.mark.django_db


def test_an_actor_carries_the_role_permissions_and_the_person(tenant, make_member):
    user = make_member(tenant, Role.PROFESSIONAL, username="pia")
    actor = actor_build(tenant=tenant, user=user, role=Role.PROFESSIONAL)
    assert actor.permissions >= permissions_for(Role.PROFESSIONAL)
    assert actor.person is not None
    assert actor.person.user == user
    assert actor.can("activities.record")
    assert not actor.can("initiatives.change")
    with pytest.raises(PermissionDenied):
        actor.require("initiatives.change")


def test_a_member_without_a_person_has_none(tenant, make_member):
    user = make_member(tenant, Role.VIEWER, person=False, username="vic")
    assert actor_build(tenant=tenant, user=user, role=Role.VIEWER).person is None


def test_a_registered_grant_adds_to_every_actor_of_that_user(tenant, make_member):
    user = make_member(tenant, Role.VIEWER, username="aud")

    def grant(*, tenant, user, permissions):
        return {"test.extra"} if user.username == "aud" else set()

    grant_register(grant)
    try:
        assert actor_build(tenant=tenant, user=user, role=Role.VIEWER).can("test.extra")
    finally:
        _grants.remove(grant)
    assert not actor_build(tenant=tenant, user=user, role=Role.VIEWER).can("test.extra")


def test_the_page_and_the_api_build_the_same_actor(
    tenant, make_member, client_for, api_headers
):
    """A partner's actor is the same whether they open a page or call the API."""
    from django.urls import reverse

    user = make_member(tenant, Role.PARTNER, username="pat")
    page = client_for(user).get(reverse("portfolio", kwargs={"tenant": tenant.slug}))
    api = Client().get("/api/v1/initiatives", headers=api_headers(user, tenant))
    assert page.wsgi_request.actor == api.wsgi_request.actor
    assert page.wsgi_request.actor.permissions == permissions_for(Role.PARTNER)


def test_an_event_recorded_by_an_actor_names_its_user(tenant, make_member):
    from coproduce.core.events import event_record

    user = make_member(tenant, Role.COORDINATOR, username="cora2")
    actor = actor_build(tenant=tenant, user=user, role=Role.COORDINATOR)
    by_actor = event_record(obj=actor.person, action="test.done", actor=actor)
    by_user = event_record(obj=actor.person, action="test.done", actor=user)
    assert by_actor.actor == by_user.actor == user
