"""A person's shifts as an iCalendar (RFC 5545) document, with the ``icalendar`` library:
one VEVENT per shift they have a place on, with a stable UID so that a calendar that
subscribed updates an event rather than adding it twice."""

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from .models import SignUp


def shifts_calendar(signups: list[SignUp], *, name: str, host: str) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//coproduce//co-producers' shifts//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", settings.TIME_ZONE)
    now = timezone.now()
    for signup in signups:
        shift = signup.shift
        opportunity = shift.opportunity
        event = Event()
        event.add("uid", f"shift-{shift.pk}-signup-{signup.pk}@{host}")
        event.add("dtstamp", now)
        event.add("dtstart", shift.starts_at)
        event.add("dtend", shift.ends_at)
        event.add("summary", opportunity.title)
        event.add("location", opportunity.place)
        description = [opportunity.initiative.name]
        if opportunity.description:
            description.append(opportunity.description)
        if opportunity.accessibility:
            description.append(opportunity.accessibility)
        event.add("description", "\n\n".join(description))
        event.add("status", "CANCELLED" if shift.cancelled else "CONFIRMED")
        cal.add_component(event)
    return cal.to_ical()
