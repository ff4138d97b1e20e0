"""The person type-ahead's words: each in the name or the email, all of them, never one
spanning two fields; on PostgreSQL answered by the one trigram index of migration
people 0006 (its expression and ``person_search_text``'s must stay the same)."""

import pytest
from django.db import connection
from django_scopes import scope

from coproduce.people.models import Person
from coproduce.people.selectors import person_resolve, person_search
from coproduce.tenancy.actor import actor_build

from .. import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def actor(tenant, coordinator):
    with scope(tenant=tenant):
        yield actor_build(tenant=tenant, user=coordinator, role="coordinator")


@pytest.fixture
def people(tenant):
    return {
        "aino": f.PersonFactory(
            tenant=tenant,
            given_name="Aino",
            family_name="Virtanen",
            email="aino.virtanen.7@example.org",
        ),
        "anna": f.PersonFactory(
            tenant=tenant, given_name="Anna Maria", family_name="Ek", email=""
        ),
        "omar": f.PersonFactory(
            tenant=tenant, given_name="Omar", family_name="Hassan", email="oh@x.org"
        ),
    }


def _found(actor, text) -> set[int]:
    return {p.pk for p in person_search(actor, text)}


def test_every_word_in_the_name_or_the_email(actor, people):
    aino, anna, omar = people["aino"].pk, people["anna"].pk, people["omar"].pk
    assert _found(actor, "virt") == {aino}
    assert _found(actor, "AINO virtanen") == {aino}
    assert _found(actor, "virtanen.7") == {aino}  # a part of the email
    assert _found(actor, "aino hassan") == set()  # every word, not any
    assert _found(actor, "maria ek") == {anna}  # a name with a space; no email
    assert _found(actor, "oh@x") == {omar}
    assert _found(actor, "x.org omar") == {omar}


def test_a_word_never_spans_two_fields(actor, people):
    assert _found(actor, "ainovirtanen") == set()
    assert _found(actor, "virtanenaino") == set()
    assert _found(actor, "hassanoh") == set()
    assert _found(actor, "omarhassan") == set()


def test_resolve_finds_the_words_too(actor, people):
    from coproduce.people.access import person_visible

    assert person_resolve(person_visible(actor), "Virtanen 7@example") == [
        people["aino"]
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_trgm index")
def test_the_type_ahead_is_answered_by_the_trigram_index(actor, people):
    """With sequential scans off the planner must use the index for the words (nothing
    else narrows this query): it cannot if the query's expression and the index's
    drift apart."""
    from django_scopes import scopes_disabled

    from coproduce.people.selectors import person_search_text

    with scopes_disabled():
        qs = (
            Person.objects.alias(search_text=person_search_text())
            .filter(search_text__icontains="laura.nguyen.15")
            .filter(search_text__icontains="omar")
        )
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
            plan = qs.order_by()[:20].explain()
    assert "people_person_search_trgm" in plan, plan
