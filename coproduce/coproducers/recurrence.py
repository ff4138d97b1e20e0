"""Shifts from a simple weekly rule (RFC 5545 RRULE semantics, with python-dateutil).

Pure: the first shift's local start, its length, weekdays and the last date in; the start
and end of every shift out. Times are wall-clock times of the tenant's zone, so a shift at
17:00 stays at 17:00 across the change to and from summer time.
"""

import datetime as dt
from itertools import islice
from zoneinfo import ZoneInfo

from dateutil.rrule import WEEKLY, rrule, weekday

MAX_SHIFTS = (
    120  # a series longer than this is a mistake, or two years of weekly shifts
)


def shift_times(
    *,
    first: dt.datetime,
    minutes: int,
    weekdays: list[int] | None = None,
    until: dt.date | None = None,
    zone: str,
) -> list[tuple[dt.datetime, dt.datetime]]:
    """(start, end) of every shift: only ``first`` without ``until``; else weekly on
    ``weekdays`` (0 = Monday; default the first's weekday) up to and including ``until``.
    ``first`` may be aware (converted to ``zone``) or naive (taken as ``zone``'s)."""
    tz = ZoneInfo(zone)
    local = first.astimezone(tz).replace(tzinfo=None) if first.tzinfo else first
    length = dt.timedelta(minutes=minutes)
    if until is None:
        starts = [local]
    else:
        days = sorted(set(weekdays or [local.weekday()]))
        # islice: a series to the year 2999 (which the API accepts) stops at the cap
        # instead of being listed in full first.
        starts = list(
            islice(
                rrule(
                    WEEKLY,
                    dtstart=local,
                    byweekday=[weekday(d) for d in days],
                    until=dt.datetime.combine(until, dt.time.max),
                    count=None,
                ),
                MAX_SHIFTS,
            )
        )
    out = []
    for start in starts:
        aware = start.replace(tzinfo=tz)
        out.append((aware, (start + length).replace(tzinfo=tz)))
    return out
