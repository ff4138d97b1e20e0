"""Evidence of sustainability computed from the records, all in SQL: partnerships that
outlast the end date, activities that continued after it, citizens still taking part, and
people who moved from taking part to organising.

"Committed beyond the end date": a partner organisation whose partnership has an explicit
end date after the initiative's end, or which has taken part since the end (as a whole, or
through a professional or representative of it in a professional or partner role). A
partner row with no end date is not evidence: an end date left empty records nothing
agreed, and most partner rows are entered that way. Such partners are counted apart
(``partners_open_ended``) and named as a weakness.

"Moved from participant to organiser": a person whose first participation as a resident or
volunteer was at a level below *collaborate*, and who later took part at level
*collaborate* or *empower*, or as a professional or partner.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from django.db.models import Count, F, Max, Min, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.initiatives.models import Activity, InitiativePartner, Participation
from coproduce.initiatives.vocab import CITIZEN_ROLES, ActorRole, Level
from coproduce.people.models import Membership

from .models import Dimension

LINKS = 20  # records named per piece of evidence; the count is always complete
EARLY_ROLES = [ActorRole.RESIDENT, ActorRole.VOLUNTEER]
ORGANISER_ROLES = [ActorRole.PROFESSIONAL, ActorRole.PARTNER]
# The members through whom an organisation itself takes part.
STAFF_MEMBERSHIPS = [Membership.Role.PROFESSIONAL, Membership.Role.REPRESENTATIVE]


@dataclass
class Evidence:
    applicable: bool
    end_date: str | None
    ended: bool
    partners_total: int = 0
    partners_lasting: int = 0
    partners_open_ended: int = 0
    partners_lasting_items: list[dict] = field(default_factory=list)
    activities_after: int = 0
    activities_after_items: list[dict] = field(default_factory=list)
    activity_kinds_after: int = 0
    citizens_after: int = 0
    last_activity: str | None = None
    training_activities: int = 0
    movers: int = 0
    mover_ids: list[int] = field(default_factory=list)

    def to_dict(self) -> dict:
        return asdict(self)


def _end_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.max))


def movers_of(initiative, *, until: dt.datetime | None = None):
    """The ids of the people of ``initiative`` who moved from participant to organiser
    (a queryset of ``person_id``), from the participations in activities that started by
    ``until`` (all without).

    One pass over the initiative's participations grouped by person: the first early
    participation (a resident or volunteer below *collaborate*) and the last organising
    one; a mover's last organising participation comes after the first early one. (The
    same people as "an organising participation exists after the first early one", read
    without a subquery per person: 1 s for the biggest initiative of the large data.)"""
    mine = Participation.objects.filter(
        tenant_id=initiative.tenant_id, initiative=initiative, person__isnull=False
    )
    if until is not None:
        mine = mine.filter(activity__starts_at__lte=until)
    early = Q(role__in=EARLY_ROLES, activity__level__lt=Level.COLLABORATE)
    organising = Q(activity__level__gte=Level.COLLABORATE) | Q(role__in=ORGANISER_ROLES)
    return (
        mine.values("person_id")
        .annotate(
            first_early=Min("activity__starts_at", filter=early),
            last_organising=Max("activity__starts_at", filter=organising),
        )
        .filter(first_early__isnull=False, last_organising__gt=F("first_early"))
        .values_list("person_id", flat=True)
        .order_by("person_id")
    )


def evidence_for(initiative, *, today: dt.date | None = None) -> Evidence:
    """What the records say on ``today`` (the day of an assessment; the current date by
    default): activities and participations count if they started by the end of that
    day, so that an assessment entered afterwards sees what its day saw. A fixed number
    of queries whatever the records' size."""
    today = today or timezone.localdate()
    end = initiative.end_date
    if not end:
        return Evidence(applicable=False, end_date=None, ended=False)
    tenant_id = initiative.tenant_id
    ev = Evidence(applicable=True, end_date=end.isoformat(), ended=end < today)
    after_end, upto = _end_of(end), _end_of(today)
    since_end = Participation.objects.filter(
        tenant_id=tenant_id,
        initiative=initiative,
        activity__starts_at__gt=after_end,
        activity__starts_at__lte=upto,
    )
    took_part = since_end.filter(
        Q(organisation=OuterRef("organisation"))
        | Q(
            role__in=ORGANISER_ROLES,
            person__memberships__organisation=OuterRef("organisation"),
            person__memberships__role__in=STAFF_MEMBERSHIPS,
        )
    ).order_by("-activity__starts_at")
    partners = InitiativePartner.objects.filter(
        tenant_id=tenant_id, initiative=initiative
    ).annotate(took_part_on=Subquery(took_part.values("activity__starts_at")[:1]))
    lasting = partners.filter(
        Q(end_date__gt=end) | Q(took_part_on__isnull=False)
    ).filter(Q(start_date__isnull=True) | Q(start_date__lte=max(end, today)))
    lasting_pks = lasting.values("pk")
    counts = partners.aggregate(
        total=Count("pk"),
        lasting=Count("pk", filter=Q(pk__in=lasting_pks)),
        open_ended=Count(
            "pk", filter=Q(end_date__isnull=True) & ~Q(pk__in=lasting_pks)
        ),
    )
    ev.partners_total, ev.partners_lasting = counts["total"], counts["lasting"]
    ev.partners_open_ended = counts["open_ended"]
    ev.partners_lasting_items = [
        {
            "organisation_id": o,
            "name": n,
            "until": u.isoformat() if u else None,
            "took_part_on": t.date().isoformat() if t else None,
        }
        for o, n, u, t in lasting.order_by("organisation__name").values_list(
            "organisation_id", "organisation__name", "end_date", "took_part_on"
        )[:LINKS]
    ]
    activities = Activity.objects.filter(
        tenant_id=tenant_id, initiative=initiative, starts_at__lte=upto
    )
    after = activities.filter(starts_at__gt=_end_of(end))
    agg = activities.aggregate(
        after=Count("pk", filter=Q(starts_at__gt=_end_of(end))),
        kinds_after=Count("kind", filter=Q(starts_at__gt=_end_of(end)), distinct=True),
        training=Count("pk", filter=Q(kind=Activity.Kind.TRAINING)),
        last=Max("starts_at"),
    )
    ev.activities_after = agg["after"]
    ev.activity_kinds_after = agg["kinds_after"]
    ev.training_activities = agg["training"]
    ev.last_activity = agg["last"].date().isoformat() if agg["last"] else None
    ev.activities_after_items = [
        {"id": pk, "title": title, "date": when.date().isoformat()}
        for pk, title, when in after.order_by("-starts_at").values_list(
            "pk", "title", "starts_at"
        )[:LINKS]
    ]
    ev.citizens_after = (
        Participation.objects.filter(
            tenant_id=tenant_id,
            initiative=initiative,
            role__in=CITIZEN_ROLES,
            activity__starts_at__gt=_end_of(end),
            activity__starts_at__lte=upto,
            person__isnull=False,
        )
        .values("person_id")
        .distinct()
        .count()
    )
    movers = list(movers_of(initiative, until=upto))
    ev.movers = len(movers)
    ev.mover_ids = movers[:LINKS]
    return ev


def weaknesses(ev: Evidence) -> dict[str, list[str]]:
    """What weakens each dimension, named plainly from the evidence."""
    found: dict[str, list[str]] = {d: [] for d in Dimension.values}
    if not ev.applicable:
        return found
    if ev.partners_lasting == 0:
        found[Dimension.COLLABORATIONS].append(
            _("No partner organisation is committed beyond the end date (%(end)s).")
            % {"end": ev.end_date}
            if ev.partners_total
            else _("No partner organisation is recorded: nobody shares the work.")
        )
    if ev.partners_open_ended:
        found[Dimension.COLLABORATIONS].append(
            ngettext(
                "%(n)s partner organisation has no end date recorded and has not taken "
                "part since the end date: its commitment is not evidenced.",
                "%(n)s partner organisations have no end date recorded and have not "
                "taken part since the end date: their commitment is not evidenced.",
                ev.partners_open_ended,
            )
            % {"n": ev.partners_open_ended}
        )
    if ev.ended and ev.activities_after == 0:
        found[Dimension.PROCESSES].append(
            _("No activity has taken place since the end date (%(end)s).")
            % {"end": ev.end_date}
        )
    elif ev.ended and ev.activity_kinds_after == 1:
        found[Dimension.PROCESSES].append(
            _("Only one kind of activity continued after the end date.")
        )
    if ev.movers == 0:
        found[Dimension.EMPOWERMENT].append(
            _(
                "Nobody has moved from taking part to organising (collaborate or "
                "empower level, or a professional or partner role)."
            )
        )
    if ev.training_activities == 0:
        found[Dimension.CAPACITY].append(
            _("No training or capacity-building activity was recorded.")
        )
    if ev.ended and ev.citizens_after == 0:
        found[Dimension.FUTURE_NEEDS].append(
            _(
                "No resident, service user or volunteer has taken part since the end date."
            )
        )
    return found
