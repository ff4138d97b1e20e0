"""Collaboration in the demo (issue 15), through the collaboration services (every record
has its event):

- scenario 4: fifteen learning entries over a year between Youth Services (the city), the
  hospital district and three NGOs (Mieli, Kotona, the Youth Housing Association), two of
  them adopted across the boundary and one not; the partners' declared capabilities for
  Nuoli beside what they gave; the Nuoli partnership agreement and a standing learning
  network with each side's commitments (one of the county's overdue); the Nuoli
  agreement's yearly partner survey, two waves (spring 2025 and 2026) of the sides'
  contacts' answers, so that its page shows the change between the years;
- scenario 5: the relations declared where the participations say nothing (the library a
  provider in delivery, Kela a user in assessment); the records already show the Kotona
  association as a user in design and a provider in delivery.
"""

import datetime as dt
from decimal import Decimal

from coproduce.collaboration import services
from coproduce.initiatives.models import Activity, Initiative
from coproduce.people.models import Organisation

from .coproducers import _actor
from .scenarios import ORGANISATIONS, SCENARIOS
from .scenarios.city import PROFESSIONALS, professional_email
from .scenarios.s4_opportunity_space import (
    CAPABILITIES,
    LEARNING,
    PARTNER_SURVEY_CONTACTS,
    PARTNER_SURVEY_WAVES,
    PARTNERSHIPS,
)
from .scenarios.s5_integrated_service import DECLARED_RELATIONS

NAMES = {spec.key: spec.name for spec in ORGANISATIONS}


def collaboration_load(*, tenant, actor) -> None:
    coordinator = _actor(tenant, actor.username)
    partner = _actor(tenant, "partner")  # Kotona's coordinator writes Kotona's entries
    orgs = {
        key: org
        for org in Organisation.objects.filter(tenant=tenant, name__in=NAMES.values())
        for key, name in NAMES.items()
        if org.name == name
    }
    nuoli = Initiative.objects.get(tenant=tenant, slug=SCENARIOS[4][0])
    cafes = list(
        Activity.objects.filter(
            tenant=tenant, initiative=nuoli, title__startswith="Cross-organisational"
        ).order_by("starts_at")
    )
    for (
        day,
        kind,
        title,
        learnt,
        evidence,
        source,
        receiving,
        writer,
        visibility,
        in_nuoli,
        cafe,
        follow_up,
    ) in LEARNING:
        entry = services.learning_entry_create(
            actor=partner if writer == "kotona" else coordinator,
            tenant=tenant,
            kind=kind,
            title=title,
            learnt=learnt,
            evidence=evidence,
            learnt_on=dt.date.fromisoformat(day),
            initiative=nuoli if in_nuoli else None,
            activities=[cafes[cafe]] if cafe is not None else [],
            source_organisation=orgs[source],
            receiving_organisation=orgs[receiving],
            owner_organisation=orgs[writer],
            visibility=visibility,
        )
        if follow_up is not None:
            on, state, note = follow_up
            services.adoption_record(
                actor=coordinator,
                entry=entry,
                state=state,
                on=dt.date.fromisoformat(on),
                note=note,
            )
    for key, description, hours, in_kind, money, led in CAPABILITIES:
        services.capability_set(
            actor=coordinator,
            initiative=nuoli,
            organisation=orgs[key],
            description=description,
            hours=Decimal(hours),
            in_kind_value=Decimal(in_kind),
            money=Decimal(money),
            activities_led=led,
        )
    for name, purpose, in_nuoli, start, review, sides, commitments in PARTNERSHIPS:
        partnership = services.partnership_create(
            actor=coordinator,
            tenant=tenant,
            name=name,
            purpose=purpose,
            initiative=nuoli if in_nuoli else None,
            start_date=dt.date.fromisoformat(start),
            review_date=dt.date.fromisoformat(review),
            organisations=[orgs[k] for k in sides],
        )
        by_org = {s.organisation_id: s for s in partnership.sides.all()}
        for key, promised in commitments.items():
            side = by_org[orgs[key].pk]
            for description, due, state in promised:
                commitment = services.commitment_create(
                    actor=coordinator,
                    side=side,
                    description=description,
                    due_date=dt.date.fromisoformat(due),
                )
                if state != "open":
                    services.commitment_update(
                        actor=coordinator, commitment=commitment, state=state
                    )
        if in_nuoli:
            partner_survey_load(
                tenant=tenant, actor=coordinator, partnership=partnership, orgs=orgs
            )
    welcome = Initiative.objects.get(tenant=tenant, slug=SCENARIOS[5][0])
    for key, stage, relation, note in DECLARED_RELATIONS:
        services.stage_relation_declare(
            actor=coordinator,
            initiative=welcome,
            stage=stage,
            relation=relation,
            organisation=orgs[key],
            note=note,
        )


def partner_survey_load(*, tenant, actor, partnership, orgs) -> None:
    """The contacts named, then two yearly waves started as the coordinator's page starts
    them (``partner_wave_start``, no email sent), answered through ``response_save`` (the
    respondent's own path) and closed; then dated to the spring of their year."""
    from django.utils import timezone

    from coproduce.evaluation import services as evaluation_services
    from coproduce.evaluation.models import Invitation, Wave
    from coproduce.people.models import Person

    emails = {
        key: professional_email(given, family)
        for key, given, family, *_ in PROFESSIONALS
    }
    people = {p.email: p for p in Person.objects.filter(tenant=tenant)
              .filter(email__in=emails.values())}  # fmt: skip
    by_org = {s.organisation_id: s for s in partnership.sides.all()}
    for side_key, person_key in PARTNER_SURVEY_CONTACTS.items():
        services.side_update(
            actor=actor,
            side=by_org[orgs[side_key].pk],
            contact=people[emails[person_key]],
        )
    email_of = {k: emails[v] for k, v in PARTNER_SURVEY_CONTACTS.items()}
    tz = timezone.get_current_timezone()
    for opened_on, closed_on, answers in PARTNER_SURVEY_WAVES:
        answers = dict(answers)  # type: ignore[call-overload]
        wave = services.partner_wave_start(
            actor=actor, partnership=partnership, send=False
        )
        items = list(
            wave.panel.instrument.items.filter(scale__isnull=False).order_by("position")
        )
        opened = dt.datetime.combine(
            dt.date.fromisoformat(opened_on), dt.time(9), tzinfo=tz
        )
        closed = dt.datetime.combine(
            dt.date.fromisoformat(closed_on), dt.time(16), tzinfo=tz
        )
        invitations = {
            i.member.email: i
            for i in Invitation.objects.filter(wave=wave).select_related("member")
        }
        for n, (side_key, values) in enumerate(answers.items()):
            invitation = invitations[email_of[side_key]]
            Invitation.objects.filter(pk=invitation.pk).update(sent_at=opened)
            if values is None:
                continue
            evaluation_services.response_save(
                invitation=invitation,
                answers={item.code: v for item, v in zip(items, values, strict=True)},
            )
            at = opened + dt.timedelta(days=2 + 3 * n, hours=n)
            Invitation.objects.filter(pk=invitation.pk).update(
                submitted_at=at, updated_at=at
            )
        evaluation_services.wave_close(wave=wave, actor=actor)
        Wave.objects.filter(pk=wave.pk).update(opened_at=opened, closed_at=closed)
