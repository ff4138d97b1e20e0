"""Reads for the registry: the lists the pages and the API show, of what the actor may read
(``people.access``). Filters arrive as a dict, from a page's query string or the API's
parsed parameters alike."""

from django.db.models import Count, F, Func, Q, QuerySet, TextField

from coproduce.tenancy.actor import Actor

from .access import (
    membership_visible,
    organisation_visible,
    person_visible,
    service_visible,
)
from .models import Membership, Organisation, Person, PublicService


def organisation_list(actor: Actor, *, filters: dict) -> QuerySet[Organisation]:
    qs = organisation_visible(actor).select_related("parent")
    if text := filters.get("q"):
        qs = qs.filter(Q(name__icontains=text) | Q(identifier__icontains=text))
    if kind := filters.get("kind"):
        qs = qs.filter(kind=kind)
    if parent := filters.get("parent"):
        qs = qs.filter(parent_id=parent)
    return qs.order_by("name", "id")


def person_list(actor: Actor, *, filters: dict) -> QuerySet[Person]:
    """People whose name or email holds every word of ``q``, members of ``organisation``."""
    qs = person_visible(actor)
    if text := filters.get("q"):
        for word in text.split():
            qs = qs.filter(
                Q(given_name__icontains=word)
                | Q(family_name__icontains=word)
                | Q(email__icontains=word)
            )
    if organisation := filters.get("organisation"):
        members = membership_visible(actor).filter(organisation_id=organisation)
        qs = qs.filter(pk__in=members.values("person_id"))
    return qs.order_by("family_name", "given_name", "id")


def related_counts(model, ids: list[int], relation: str) -> dict[int, int]:
    """How many rows of ``relation`` each of ``ids`` (rows of ``model``) has, in one
    grouped query over those rows only: counted over the join for a whole list, a big
    tenant's every participation or membership was grouped on each page."""
    if not ids:
        return {}
    return dict(
        model.objects.filter(pk__in=ids)
        .annotate(n=Count(relation))
        .order_by()
        .values_list("pk", "n")
    )


def membership_list(actor: Actor, *, filters: dict) -> QuerySet[Membership]:
    qs = membership_visible(actor).select_related("person", "organisation")
    if person := filters.get("person"):
        qs = qs.filter(person_id=person)
    if organisation := filters.get("organisation"):
        qs = qs.filter(organisation_id=organisation)
    if role := filters.get("role"):
        qs = qs.filter(role=role)
    return qs.order_by("organisation__name", "role", "id")


def service_list(actor: Actor, *, filters: dict) -> QuerySet[PublicService]:
    qs = service_visible(actor).select_related("competent_authority")
    if text := filters.get("q"):
        qs = qs.filter(
            Q(name__icontains=text)
            | Q(description__icontains=text)
            | Q(keywords__icontains=text)
        )
    if authority := filters.get("competent_authority"):
        qs = qs.filter(competent_authority_id=authority)
    if sector := filters.get("sector"):
        qs = qs.filter(sector=sector)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    return qs.order_by("name", "id")


def person_of_user(*, tenant, user) -> Person | None:
    """The person a user is in ``tenant`` (the request's actor carries it)."""
    return Person.objects.filter(tenant=tenant, user=user).first()


# Type-ahead search (people/search/, organisations/search/, core.forms.RecordSearchField) --

SEARCH_LIMIT = 20


def _words_filter(qs: QuerySet, text: str, fields: tuple[str, ...]) -> QuerySet:
    """Rows holding every word of ``text`` in one of ``fields`` (on PostgreSQL each
    ``icontains`` is answered by a trigram index, migration people 0002)."""
    for word in text.split():
        condition = Q()
        for name in fields:
            condition |= Q(**{f"{name}__icontains": word})
        qs = qs.filter(condition)
    return qs


PERSON_SEARCH_FIELDS = ("given_name", "family_name", "email")


def person_search_text() -> Func:
    """A person's name and email in one text, ``given family email``: a word (no spaces)
    is in it exactly when it is in one of the three. On PostgreSQL its ``icontains`` is
    answered by one trigram index (migration people 0006, whose expression this must
    stay), one index scan a word instead of three and their union."""
    return Func(
        *(F(name) for name in PERSON_SEARCH_FIELDS),
        template="(%(expressions)s)",
        arg_joiner=" || ' ' || ",
        output_field=TextField(),
    )


def _person_words_filter(qs: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People of ``qs`` whose name or email holds every word of ``text``."""
    qs = qs.alias(search_text=person_search_text())
    for word in text.split():
        qs = qs.filter(search_text__icontains=word)
    return qs


def person_label(person: Person) -> str:
    """The text a suggestion shows and submits: name, email, and ``#id`` at the end."""
    name = f"{person.given_name} {person.family_name}".strip()
    email = f" <{person.email}>" if person.email else ""
    return f"{name}{email} #{person.pk}"


def person_search(
    actor: Actor, text: str, *, limit: int = SEARCH_LIMIT
) -> list[Person]:
    """At most ``limit`` people the actor may see whose name or email holds every word
    of ``text`` (nothing for fewer than two characters), in name order.

    When more match, these are the first ``limit`` PostgreSQL finds, not the first in
    name order: sorting every match of a common name (10,000 of 200,000 people) took
    100-400 ms a keystroke, stopping at ``limit`` takes under 1 ms (a rare match: the
    trigram index of the name and email together, 1-3 ms). The field tells the user to
    type more."""
    text = text.strip()
    if len(text) < 2:
        return []
    qs = _person_words_filter(person_visible(actor), text)
    found = list(qs.only("id", "given_name", "family_name", "email").order_by()[:limit])
    found.sort(key=lambda p: (p.family_name.casefold(), p.given_name.casefold(), p.pk))
    return found


def person_resolve(qs: QuerySet[Person], text: str) -> list[Person]:
    """Up to two people of ``qs`` that ``text`` names: the one with that email, else
    those with every word in their name or email (two: ambiguous)."""
    text = text.strip()
    if "@" in text and " " not in text:
        found = list(qs.filter(email__iexact=text)[:2])
        if found:
            return found
    exact = text.split()
    if len(exact) == 2:  # "Given Family" names one person if only one has that name
        found = list(
            qs.filter(given_name__iexact=exact[0], family_name__iexact=exact[1])[:2]
        )
        if found:
            return found
    return list(_person_words_filter(qs, text).order_by("pk")[:2])


def organisation_label(organisation: Organisation) -> str:
    return f"{organisation.name} #{organisation.pk}"


def organisation_search(
    actor: Actor, text: str, *, limit: int = SEARCH_LIMIT
) -> list[Organisation]:
    text = text.strip()
    if len(text) < 2:
        return []
    qs = _words_filter(organisation_visible(actor), text, ("name", "identifier"))
    return list(qs.only("id", "name").order_by("name", "id")[:limit])


def organisation_resolve(qs: QuerySet[Organisation], text: str) -> list[Organisation]:
    text = text.strip()
    found = list(qs.filter(name__iexact=text)[:2])
    if found:
        return found
    return list(_words_filter(qs, text, ("name", "identifier")).order_by("pk")[:2])
