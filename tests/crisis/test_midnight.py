"""A need's window over midnight (issue 14): availability is checked on both days it
touches, the weekly availability of each weekday for the parts touched there and each
day's exceptions; the same on the match rows and over the profiles themselves."""

import datetime as dt

import pytest
from django.db import connection
from django.utils import timezone

from coproduce.coproducers.models import AvailabilityException, CoproducerProfile
from coproduce.crisis import matching, services
from coproduce.crisis.matching import candidates_rank, window_days

pytestmark = pytest.mark.django_db

WEEK = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def test_window_days():
    tz = timezone.get_current_timezone()
    monday = dt.datetime(2026, 1, 5, 20, 0, tzinfo=tz)
    days = window_days(monday, monday + dt.timedelta(hours=6))  # 20:00-02:00
    assert [(d.weekday, d.parts) for d in days] == [
        ("mon", ("evening",)),
        ("tue", ()),
    ]
    days = window_days(monday.replace(hour=16), monday + dt.timedelta(hours=12))
    assert [(d.weekday, d.parts) for d in days] == [
        ("mon", ("afternoon", "evening")),
        ("tue", ("morning",)),
    ]
    # up to midnight exactly: one day
    assert (
        len(window_days(monday, monday.replace(hour=23) + dt.timedelta(hours=1))) == 1
    )


def _overnight(crisis):
    """Tomorrow 20:00 to the day after at 07:00: evening, then morning."""
    start = (timezone.localtime() + dt.timedelta(days=1)).replace(
        hour=20, minute=0, second=0, microsecond=0
    )
    return services.need_post(
        centre=crisis.centre,
        actor=crisis.actors["professional"],
        title="Night watch at the shelter",
        area="00530",
        starts_at=start,
        ends_at=start + dt.timedelta(hours=11),
        people_needed=2,
        languages=["so"],
    )


def _available(need, crisis):
    return {
        name: c.available
        for c in candidates_rank(need)
        for name, p in crisis.person.items()
        if p.pk == c.person_id
    }


def test_both_days_are_checked(crisis):
    need = _overnight(crisis)
    first = timezone.localtime(need.starts_at)
    day1, day2 = WEEK[first.weekday()], WEEK[(first.weekday() + 1) % 7]
    # amina: evenings of the first weekday only (the fixture) -> not the morning after
    assert _available(need, crisis)["amina"] is False
    amina = CoproducerProfile.objects.get(person=crisis.person["amina"])
    amina.availability = {day1: ["evening"], day2: ["morning"]}
    amina.save()
    assert _available(need, crisis)["amina"] is True
    # away on the second day: not available, though the week says so
    second = first.date() + dt.timedelta(days=1)
    AvailabilityException.objects.create(
        tenant=crisis.tenant,
        profile=amina,
        starts_on=second,
        ends_on=second,
        available=False,
    )
    assert _available(need, crisis)["amina"] is False
    # hodan: nothing on the second morning by the week, but an extra day then
    hodan = CoproducerProfile.objects.get(person=crisis.person["hodan"])
    assert _available(need, crisis)["hodan"] is False
    AvailabilityException.objects.create(
        tenant=crisis.tenant, profile=hodan, starts_on=second, ends_on=second,
        available=True,
    )  # fmt: skip
    assert _available(need, crisis)["hodan"] is True


def test_match_rows_rank_as_the_profiles_over_midnight(crisis):
    if connection.vendor != "postgresql":
        pytest.skip("the match rows are PostgreSQL's")
    need = _overnight(crisis)
    first = timezone.localtime(need.starts_at)
    day2 = WEEK[(first.weekday() + 1) % 7]
    hodan = CoproducerProfile.objects.get(person=crisis.person["hodan"])
    hodan.availability = {**hodan.availability, day2: ["morning"]}
    hodan.save()
    fast = matching._rows(need, [], limit=10, offset=0, exclude_asked=False)
    sql, params = matching._sql(
        need, skill_ids=[], exclude_asked=False, limit=10, offset=0
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        full = cursor.fetchall()
    assert [(r[0], *r[4:9]) for r in fast] == [(r[0], *r[4:9]) for r in full]
