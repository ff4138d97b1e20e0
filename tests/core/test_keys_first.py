"""Deep pages of a list read their keys first, then their rows (core.views.
KeysFirstPaginator): the same rows in the same order as one OFFSET query gives."""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from coproduce.core import views
from coproduce.people.models import Person

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def many(tenant, monkeypatch):
    monkeypatch.setattr(views, "KEYS_FIRST_FROM", 10)
    # names that repeat, so that the id decides the order among equals
    for i in range(47):
        f.PersonFactory(tenant=tenant, family_name=f"Name {i % 5}", given_name="Same")
    return Person.objects.filter(tenant=tenant).order_by(
        "family_name", "given_name", "id"
    )


def _page(tenant, queryset, number, per_page=10):
    request = RequestFactory().get("/", {"page": number})
    request.tenant = tenant
    return views.paginate(request, queryset, per_page)


@pytest.mark.parametrize("number", [1, 2, 3, 4, 5, "last", 99, "x"])
def test_every_page_holds_the_rows_of_the_offset_in_order(tenant, many, number):
    page = _page(tenant, many, number)
    expected = list(many)[page.start_index() - 1 : page.end_index()]
    assert list(page.object_list) == expected
    assert page.paginator.count == 47


def test_a_deep_page_reads_keys_then_rows(tenant, many):
    list(_page(tenant, many, 1).object_list)  # the count kept
    with CaptureQueriesContext(connection) as ctx:
        page = _page(tenant, many, 3)
        rows = list(page.object_list)
    assert len(rows) == 10
    selects = [q["sql"] for q in ctx if q["sql"].startswith("SELECT")]
    assert any("LIMIT 10 OFFSET 20" in sql and '"people_person"."given_name" ' not in
               sql.split(" FROM ")[0] for sql in selects), selects  # fmt: skip
    assert any(" IN (" in sql for sql in selects)


def test_an_aggregated_list_is_paged_as_usual(tenant, many):
    from django.db.models import Count

    counted = many.annotate(n=Count("participations"))
    page = _page(tenant, counted, 3)
    assert [p.pk for p in page.object_list] == [p.pk for p in list(counted)[20:30]]


def test_the_api_offset_pages_the_same_rows_by_keys_first(
    tenant, many, coordinator, api_headers
):
    from tests.conftest import Client

    headers = api_headers(coordinator, tenant)
    whole = Client().get("/api/v1/people?limit=100", headers=headers).json()
    deep = Client().get("/api/v1/people?limit=7&offset=20", headers=headers).json()
    assert [p["id"] for p in deep["items"]] == [p["id"] for p in whole["items"][20:27]]
    assert deep["count"] == whole["count"]
