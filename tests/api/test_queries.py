"""Every list answers in a bounded number of queries, whatever its length."""

import pytest

from .. import factories as f

pytestmark = pytest.mark.django_db

RESOURCES = [
    "organisations",
    "people",
    "memberships",
    "services",
    "initiatives",
    "partners",
    "activities",
    "participations",
    "contributions",
]


def _seed(tenant, n):
    for _ in range(n):
        initiative = f.InitiativeFactory(tenant=tenant)
        initiative.services.add(f.PublicServiceFactory(tenant=tenant))
        activity = f.ActivityFactory(initiative=initiative)
        f.ParticipationFactory(activity=activity)
        f.MembershipFactory(tenant=tenant)
        f.InitiativePartnerFactory(initiative=initiative)
        f.ContributionFactory(initiative=initiative)


@pytest.mark.parametrize("resource", RESOURCES)
def test_list_queries_do_not_grow_with_rows(
    api, tenant, resource, django_assert_max_num_queries
):
    _seed(tenant, 12)
    # token lookup, membership, items count (of a large collection: its data
    # fingerprint first, under which the count is kept), items, one prefetch at most,
    # and the token's last-use stamp
    with django_assert_max_num_queries(8):
        response = api.get(f"/{resource}")
    assert response.status_code == 200
    assert response.data["count"] >= 12


def test_profile_and_portfolio_queries_are_bounded(
    api, tenant, django_assert_max_num_queries
):
    _seed(tenant, 12)
    initiative = f.InitiativeFactory(tenant=tenant)

    with django_assert_max_num_queries(8):
        assert api.get(f"/initiatives/{initiative.pk}/profile").status_code == 200
    with django_assert_max_num_queries(6):
        assert api.get("/portfolio").status_code == 200
