"""Reads of crisis mode: the centre's dashboard figures, need lists, call-outs, the
decision log, and coverage per language community."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from coproduce.coproducers.models import CoproducerProfile
from coproduce.coproducers.vocab import language_label
from coproduce.initiatives.models import InitiativePartner, Participation
from coproduce.people.models import Membership, Organisation, Person
from coproduce.representativeness.models import (
    Dimension,
    InitiativeArea,
    PopulationRow,
    PopulationTable,
)
from coproduce.tenancy.actor import Actor

from .access import need_visible
from .models import CallOut, CrisisCentre, Decision, Need, Review


def centre_needs(
    actor: Actor, centre: CrisisCentre, *, status: str | None = None
) -> QuerySet[Need]:
    qs = need_visible(actor, Need.objects.filter(centre=centre))
    if status:
        qs = qs.filter(status=status)
    return qs.annotate(
        n_accepted=Count(
            "callouts", filter=Q(callouts__status=CallOut.Status.ACCEPTED)
        ),
        n_asked=Count("callouts"),
    ).order_by("status", "-urgency", "starts_at", "id")


def centre_figures(centre: CrisisCentre) -> dict[str, object]:
    needs = Need.objects.filter(centre=centre)
    by_status = dict(
        needs.values_list("status").annotate(n=Count("id")).values_list("status", "n")
    )
    callouts = CallOut.objects.filter(need__centre=centre)
    by_answer = dict(
        callouts.values_list("status")
        .annotate(n=Count("id"))
        .values_list("status", "n")
    )
    parts = Participation.objects.filter(activity__initiative=centre.initiative_id)
    hours = sum((p.hours or 0) for p in parts.only("hours"))
    return {
        "open": by_status.get(Need.Status.OPEN, 0),
        "filled": by_status.get(Need.Status.FILLED, 0),
        "closed": by_status.get(Need.Status.CLOSED, 0),
        "asked": sum(by_answer.values()),
        "accepted": by_answer.get(CallOut.Status.ACCEPTED, 0),
        "declined": by_answer.get(CallOut.Status.DECLINED, 0),
        "waiting": by_answer.get(CallOut.Status.SENT, 0),
        "participations": parts.count(),
        "hours": hours,
    }


def need_callouts(need: Need) -> list[CallOut]:
    return list(
        CallOut.objects.filter(need=need)
        .select_related("person", "signup")
        .order_by("round", "rank", "id")
    )


def decision_list(centre: CrisisCentre) -> QuerySet[Decision]:
    return Decision.objects.filter(centre=centre).select_related("decided_by")


def review_list(centre: CrisisCentre) -> QuerySet[Review]:
    return Review.objects.filter(centre=centre).select_related("recorded_by")


def my_callouts(person: Person) -> list[CallOut]:
    return list(
        CallOut.objects.filter(
            person=person, status__in=[CallOut.Status.SENT, CallOut.Status.ACCEPTED]
        )
        .select_related("need__centre__initiative")
        .order_by("need__starts_at")[:20]
    )


# Coverage per language community --------------------------------------------------------

# An organisation reaches a language community when at least REACH_MIN of its members,
# and at least REACH_SHARE of them, speak the language (their first language or one they
# speak, in the registry): the community's own associations, not every big NGO that has
# a few speakers among hundreds.
REACH_MIN = 3
REACH_SHARE = 0.25
REACH_KINDS = (
    Organisation.Kind.COMMUNITY_GROUP,
    Organisation.Kind.PARISH,
    Organisation.Kind.NGO,
)


@dataclass
class Community:
    code: str
    label: str
    population: int | None
    needs: int = 0
    needs_open: int = 0
    speakers: int = 0
    median_response_minutes: float | None = None
    partners: list[Organisation] = field(default_factory=list)
    could_reach: list[tuple[Organisation, int]] = field(default_factory=list)

    @property
    def uncovered(self) -> bool:
        return self.needs > 0 and self.speakers == 0 and not self.partners


def _population(centre: CrisisCentre) -> tuple[PopulationTable | None, dict[str, int]]:
    area = (
        InitiativeArea.objects.filter(initiative_id=centre.initiative_id)
        .select_related("table")
        .first()
    )
    table = (
        area.table
        if area
        else (
            PopulationTable.objects.filter(
                tenant_id=centre.tenant_id, covers_tenant=True
            )
            .order_by("-reference_date")
            .first()
        )
    )
    if table is None:
        return None, {}
    rows = PopulationRow.objects.filter(table=table, dimension=Dimension.FIRST_LANGUAGE)
    return table, {r.group: r.count for r in rows}


def _speaks(code: str) -> Q:
    return Q(first_language__iexact=code) | Q(
        languages__iregex=rf"(^|[ ,]){code}($|[ ,])"
    )


def coverage(centre: CrisisCentre) -> tuple[PopulationTable | None, list[Community]]:
    """For each language community of the population served (and each language needs
    were expressed in): needs in it, co-producers who speak it and may be called out,
    the median minutes from posting to the first acceptance, and the organisations that
    could reach it (community groups, parishes, NGOs whose members speak it, see
    REACH_MIN), those already partners of the centre apart. A community with needs, no speaker and no
    such partner is uncovered."""
    table, population = _population(centre)
    needs = list(
        Need.objects.filter(centre=centre).only(
            "pk", "language", "languages", "status", "created_at"
        )
    )
    codes = list(population)
    for need in needs:
        for code in [need.language, *need.languages]:
            if code and code not in codes:
                codes.append(code)
    first_accept: dict[int, dt.datetime] = {}
    for need_id, at in (
        CallOut.objects.filter(need__centre=centre, status=CallOut.Status.ACCEPTED)
        .order_by("need_id", "responded_at")
        .values_list("need_id", "responded_at")
    ):
        if at is not None:
            first_accept.setdefault(need_id, at)
    profiles = CoproducerProfile.objects.filter(
        tenant_id=centre.tenant_id,
        callout_ok=True,
        consent_at__isnull=False,
        consent_withdrawn_at__isnull=True,
    )
    partner_orgs = set(
        InitiativePartner.objects.filter(
            initiative_id=centre.initiative_id
        ).values_list("organisation_id", flat=True)
    )
    members = dict(
        Membership.objects.filter(
            tenant_id=centre.tenant_id, organisation__kind__in=REACH_KINDS
        )
        .values("organisation")
        .annotate(n=Count("person", distinct=True))
        .values_list("organisation", "n")
    )
    out = []
    for code in codes:
        community = Community(
            code=code, label=language_label(code), population=population.get(code)
        )
        in_language = [n for n in needs if n.language == code or code in n.languages]
        community.needs = len(in_language)
        community.needs_open = sum(
            1 for n in in_language if n.status == Need.Status.OPEN
        )
        community.speakers = sum(
            1
            for langs in profiles.values_list("languages", flat=True)
            if code in (langs or [])
        )
        waits = [
            (first_accept[n.pk] - n.created_at).total_seconds() / 60
            for n in in_language
            if n.pk in first_accept
        ]
        community.median_response_minutes = (
            round(statistics.median(waits)) if waits else None
        )
        speakers_by_org = (
            Membership.objects.filter(
                tenant_id=centre.tenant_id, organisation__kind__in=REACH_KINDS
            )
            .filter(
                person__in=Person.objects.filter(tenant_id=centre.tenant_id).filter(
                    _speaks(code)
                )
            )
            .values("organisation")
            .annotate(n=Count("person", distinct=True))
            .filter(n__gte=REACH_MIN)
        )
        found = {m["organisation"]: m["n"] for m in speakers_by_org}
        orgs = Organisation.objects.filter(pk__in=list(found)).order_by("name")
        for org in orgs:
            if found[org.pk] < REACH_SHARE * members.get(org.pk, 0):
                continue
            if org.pk in partner_orgs:
                community.partners.append(org)
            else:
                community.could_reach.append((org, found[org.pk]))
        community.could_reach.sort(key=lambda x: -x[1])
        out.append(community)
    out.sort(key=lambda c: (not c.uncovered, -(c.needs), -(c.population or 0), c.code))
    return table, out
