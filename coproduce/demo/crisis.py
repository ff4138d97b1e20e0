"""Scenario 7 in crisis mode (issue 14): the second wave of the winter epidemic, run on
the registry of co-producers through the crisis services (every record has its event,
every decision its ledger entry).

- about 40 volunteers in the registry (the first wave's crisis volunteers, the demo
  volunteer and volunteers of the other scenarios) with skills, languages, a postcode
  area and weekly availability; those whose first language is Somali or Arabic help
  through their associations and did not agree to call-outs;
- the centre switched back into crisis mode, a dozen needs over the coming days (by the
  clock, so that they are always coming), call-outs accepted and declined, the demo
  volunteer with places on two needs (their own page shows the shifts coming);
- a decision log, and the first wave's after-action review;
- the coverage page: Somali- and Arabic-speaking residents have needs and nobody to call,
  and the Somali Women's Circle and the Arabic-speaking families' association are named as
  the organisations that could reach them, until one joins as a partner.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone

from coproduce.coproducers.models import CoproducerProfile, Skill
from coproduce.coproducers.vocab import LANGUAGE_CODES
from coproduce.crisis import services
from coproduce.crisis.models import CallOut
from coproduce.initiatives.models import Initiative, Participation
from coproduce.initiatives.vocab import ActorRole
from coproduce.people.models import Membership, Organisation, Person

from .coproducers import _actor
from .scenarios import DEMO_TODAY, SCENARIOS
from .scenarios.s7_crisis_centre import (
    CRISIS_AREAS,
    CRISIS_DECISIONS,
    CRISIS_NEED_TITLES,
    CRISIS_NEEDS,
    CRISIS_SKILLS,
    FIRST_WAVE_REVIEW,
    REACH_THROUGH_ASSOCIATION,
)

DAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
ARABIC_ASSOCIATION = "Riverside Arabic-speaking Families' Association"


def _volunteers(tenant, centre_initiative) -> list[Person]:
    """The first wave's volunteers, then others of the demo, about 40 in all."""
    first = list(
        Person.objects.filter(
            tenant=tenant,
            participations__initiative=centre_initiative,
            participations__role=ActorRole.VOLUNTEER,
        )
        .distinct()
        .order_by("pk")
    )
    others = list(
        Person.objects.filter(
            tenant=tenant,
            pk__in=Participation.objects.filter(
                initiative__tenant=tenant, role=ActorRole.VOLUNTEER
            ).values("person"),
        )
        .exclude(pk__in=[p.pk for p in first])
        .order_by("pk")[: max(0, 40 - len(first))]
    )
    return first + others


def _codes(person: Person) -> list[str]:
    return [
        c.strip()
        for c in (person.languages or "").split(",")
        if c.strip() in LANGUAGE_CODES
    ]


def _profiles(
    tenant, volunteers: list[Person], skills: list[Skill], demo_person
) -> None:
    now = timezone.now()
    for i, person in enumerate(volunteers):
        codes = _codes(person) or ["fi"]
        mine = person.pk == demo_person.pk
        profile, _created = CoproducerProfile.objects.get_or_create(
            tenant=tenant, person=person, defaults={"email_kinds": []}
        )
        # evenings on three weekdays and one weekend day; mornings for every third
        days = [DAYS[(i + k) % 5] for k in (0, 2, 4)] + [DAYS[5 + i % 2]]
        availability = {d: ["afternoon", "evening"] for d in days}
        if i % 3 == 0:
            for d in DAYS:
                availability.setdefault(d, []).insert(0, "morning")
        if mine:
            availability = {d: ["morning", "afternoon", "evening"] for d in DAYS}
        profile.languages = codes
        profile.area = "00530" if mine else CRISIS_AREAS[i % len(CRISIS_AREAS)]
        profile.availability = availability
        profile.callout_ok = not (set(codes[:1]) & REACH_THROUGH_ASSOCIATION)
        profile.consent_at = profile.consent_at or now
        profile.email_language = codes[0] if codes[0] in ("fi", "sv", "en") else "en"
        profile.save()
        owned = [skills[0], skills[2]] if mine else [skills[i % len(skills)]]
        if i % 4 == 0:
            owned.append(skills[(i + 1) % len(skills)])
        profile.skills.set(owned)


def _associations(tenant, actor) -> None:
    """Who could reach the Somali- and Arabic-speaking residents: the Somali Women's
    Circle and an Arabic-speaking families' association, with members who speak it."""
    somali = Organisation.objects.get(tenant=tenant, name="Somali Women's Circle")
    arabic, _created = Organisation.objects.get_or_create(
        tenant=tenant,
        name=ARABIC_ASSOCIATION,
        defaults={
            "kind": Organisation.Kind.COMMUNITY_GROUP,
            "description": "Families from Syria, Iraq and Sudan; homework club, "
            "Saturday school, a women's group.",
        },
    )
    for org, code in ((somali, "so"), (arabic, "ar")):
        # residents of the crowds, not the demo's accounts (their memberships are known)
        speakers = Person.objects.filter(
            tenant=tenant,
            user__isnull=True,
            languages__iregex=rf"(^|[ ,]){code}($|[ ,])",
        ).order_by("pk")[:6]
        for person in speakers:
            Membership.objects.get_or_create(
                tenant=tenant,
                person=person,
                organisation=org,
                defaults={"role": Membership.Role.MEMBER},
            )


def crisis_load(*, tenant, actor) -> None:
    initiative = Initiative.objects.get(tenant=tenant, slug=SCENARIOS[7][0])
    coordinator = _actor(tenant, actor.username)
    professional = _actor(tenant, "professional")
    volunteer = _actor(tenant, "volunteer")
    zone = ZoneInfo(settings.TIME_ZONE)
    skills = [
        Skill.objects.get_or_create(tenant=tenant, name=name)[0]
        for name in CRISIS_SKILLS
    ]
    volunteers = _volunteers(tenant, initiative)
    if volunteer.person not in volunteers:
        volunteers.insert(0, volunteer.person)
    _profiles(tenant, volunteers, skills, volunteer.person)
    _associations(tenant, actor)

    centre = services.centre_open(initiative=initiative, actor=coordinator)
    centre.escalate_after = 20
    centre.save(update_fields=["escalate_after"])
    review_by = professional if professional.person else coordinator
    services.review_record(
        centre=centre,
        actor=review_by,
        worked=FIRST_WAVE_REVIEW[0],
        failed=FIRST_WAVE_REVIEW[1],
        keep_ready=FIRST_WAVE_REVIEW[2],
    )
    for what, why, authority, consulted, overrides in CRISIS_DECISIONS:
        services.decision_record(
            centre=centre,
            actor=coordinator,
            what=what,
            why=why,
            authority=authority,
            consulted=consulted,
            overrides=overrides,
        )

    today = max(timezone.localdate(), DEMO_TODAY)
    needs = []
    for (title, area, day, hour, hours, n, langs, skill_ix, expressed, urgency, source,
         resident) in CRISIS_NEEDS:  # fmt: skip
        starts = dt.datetime.combine(
            today + dt.timedelta(days=day), dt.time(hour), tzinfo=zone
        )
        need = services.need_post(
            centre=centre,
            actor=professional if source == "professional" else coordinator,
            title=title,
            area=area,
            place="Parish centre" if "parish" in title else "",
            starts_at=starts,
            ends_at=starts + dt.timedelta(hours=hours),
            people_needed=n,
            languages=langs,
            language=expressed,
            urgency=urgency,
            source=source,
            skills=[skills[i] for i in skill_ix],
            assigned_to=professional.person if resident else None,
            resident=dict(zip(("name", "phone", "address"), resident, strict=True))
            if resident
            else None,
            content_language="en",
            translations={"title": CRISIS_NEED_TITLES[title]}
            if title in CRISIS_NEED_TITLES
            else None,
        )
        needs.append(need)

    # call-outs: the needs in Finnish, Swedish, Russian, Ukrainian and without a language
    # requirement; the Somali and Arabic ones wait (see the decision log)
    for k, need in enumerate(needs):
        if set(need.languages) & {"so", "ar"}:
            continue
        made = services.callout_send(need=need, actor=coordinator)
        for j, callout in enumerate(made):
            if j == 1 and k % 2 == 0:  # the second asked declines on every other need
                services.callout_respond(callout=callout, accept=False)
            elif j < need.people_needed + 1:
                services.callout_respond(callout=callout, accept=True)
        # the demo volunteer answers their own call-outs
    for callout in CallOut.objects.filter(person=volunteer.person, status="sent"):
        services.callout_respond(callout=callout, accept=True)
