"""The parties' details (names, addresses of people in a conciliation) are never kept by a
browser or proxy cache: the page and the API answer ``Cache-Control: no-store``."""

import pytest

from tests.conftest import Client

pytestmark = pytest.mark.django_db


def test_party_details_page_and_api_are_not_stored(world, client_for, api_headers):
    pk = world.case.pk
    page = client_for(world.users.coordinator).get(
        f"/t/{world.tenant.slug}/cases/{pk}/parties/"
    )
    assert page.status_code == 200
    assert "no-store" in page["Cache-Control"]
    api = Client(headers=api_headers(world.users.coordinator, world.tenant)).get(
        f"/api/v1/cases/{pk}/parties"
    )
    assert api.status_code == 200
    assert "no-store" in api["Cache-Control"]
    assert "private" in api["Cache-Control"]
