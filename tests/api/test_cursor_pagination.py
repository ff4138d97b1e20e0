"""Keyset pages of the large collections: ``cursor`` in, ``next`` out, every row once,
in id order, and the same number of queries on the first and a deep page."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from .. import factories as f


@pytest.fixture
def participations(tenant):
    initiative = f.InitiativeFactory(tenant=tenant)
    activity = f.ActivityFactory(initiative=initiative)
    f.ContributionFactory.create_batch(3, initiative=initiative)
    f.ActivityFactory.create_batch(2, initiative=initiative)
    return f.ParticipationFactory.create_batch(7, activity=activity)


def test_cursor_pages_walk_every_row_once_in_id_order(api, participations):
    seen, cursor, pages = [], "", 0
    while cursor is not None:
        page = api.get(f"/participations?limit=3&cursor={cursor}").data
        assert page["count"] is None
        seen += [row["id"] for row in page["items"]]
        cursor = page["next"]
        pages += 1
    assert seen == sorted(p.pk for p in participations)
    assert pages == 3


def test_offset_pages_still_count_and_give_the_next_cursor(api, participations):
    page = api.get("/participations?limit=3&offset=0").data
    assert page["count"] == 7
    after = api.get(f"/participations?limit=3&cursor={page['next']}").data
    assert [r["id"] for r in after["items"]] == sorted(p.pk for p in participations)[
        3:6
    ]


def test_a_forged_cursor_is_refused(api, participations):
    assert api.get("/participations?cursor=bm9wZQ").status_code == 422


@pytest.mark.parametrize(
    "resource",
    ["participations", "activities", "people", "initiatives", "contributions"],
)
def test_a_deep_cursor_page_takes_as_many_queries_as_the_first(
    api, participations, resource
):
    first = api.get(f"/{resource}?limit=2&cursor=")
    with CaptureQueriesContext(connection) as on_first:
        first = api.get(f"/{resource}?limit=2&cursor=").data
    with CaptureQueriesContext(connection) as on_next:
        api.get(f"/{resource}?limit=2&cursor={first['next'] or ''}")
    assert len(on_next) == len(on_first)


def test_a_kept_count_renews_with_the_next_participation(api, participations):
    assert api.get("/participations?limit=3").data["count"] == 7
    f.ParticipationFactory(activity=participations[0].activity)
    assert api.get("/participations?limit=3").data["count"] == 8


def test_offsets_stop_at_the_limit_and_say_to_follow_the_cursor(api, participations):
    from coproduce.api.pagination import MAX_OFFSET

    assert api.get(f"/participations?limit=3&offset={MAX_OFFSET}").status_code == 200
    refused = api.get(f"/participations?limit=3&offset={MAX_OFFSET + 1}")
    assert refused.status_code == 422
    assert "cursor" in str(refused.data)
    assert "offset" in str(refused.data)
