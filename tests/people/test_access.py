"""Who may read which part of the registry (people/access.py), asked by pages and API."""

import pytest
from django.http import Http404

from coproduce.people.access import (
    access_membership_by_id,
    access_organisation_by_id,
    access_person_by_id,
    access_service_by_id,
    organisation_visible,
    person_visible,
)
from coproduce.tenancy.actor import actor_build

from .. import factories as f

pytestmark = pytest.mark.django_db


def _actor(tenant, make_member, role):
    user = make_member(tenant, role)
    return actor_build(tenant=tenant, user=user, role=role)


def test_people_need_people_view_organisations_and_services_registry_view(
    tenant, make_member
):
    person = f.PersonFactory(tenant=tenant)
    organisation = f.OrganisationFactory(tenant=tenant)
    service = f.PublicServiceFactory(tenant=tenant)
    membership = f.MembershipFactory(tenant=tenant)
    viewer = _actor(tenant, make_member, "viewer")  # registry.view, not people.view
    professional = _actor(tenant, make_member, "professional")  # both

    assert access_organisation_by_id(viewer, organisation.pk) == organisation
    assert access_service_by_id(viewer, service.pk) == service
    assert not person_visible(viewer).exists()
    for lookup, obj in [
        (access_person_by_id, person),
        (access_membership_by_id, membership),
    ]:
        with pytest.raises(Http404):
            lookup(viewer, obj.pk)
        assert lookup(professional, obj.pk) == obj


def test_another_tenants_rows_are_a_404_like_missing_ones(
    tenant, other_tenant, make_member
):
    theirs = f.PersonFactory(tenant=other_tenant)
    their_org = f.OrganisationFactory(tenant=other_tenant)
    coordinator = _actor(tenant, make_member, "coordinator")

    for lookup, pk in [
        (access_person_by_id, theirs.pk),
        (access_organisation_by_id, their_org.pk),
        (access_person_by_id, 10**9),
    ]:
        with pytest.raises(Http404):
            lookup(coordinator, pk)
    assert their_org not in organisation_visible(coordinator)


def test_without_registry_view_nothing_is_visible(tenant, make_member):
    f.OrganisationFactory(tenant=tenant)
    volunteer = _actor(tenant, make_member, "volunteer")

    assert not organisation_visible(volunteer).exists()
