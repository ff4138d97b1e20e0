"""Scenario 2's cases: the Riverside Valley Conciliation Office runs a dozen conciliation
cases, mediated by two pairs of trained volunteers under a supervising professional.

Everything goes through the cases services, so each step is checked against the
process, recorded with who and when, and appended to the tenant's ledger, which verifies
at the end. The cases stand at every point of the process: one just referred, one
waiting for a party's consent (and one whose consent is overdue), in preparation,
before and after the mediation meetings, an agreement waiting for the supervisor's
sign-off, an agreement being followed up, a case without agreement whose follow-up was
skipped with a written reason, one reported to the referrer, and two closed (one kept
its agreement, one returned to the police when a party withdrew).

Who is who: Veera Heikkinen (the demo user ``volunteer``) mediates with a fellow
volunteer in one pair; two other volunteer mediators of the office form the second;
Mikael Lindqvist (the demo user ``professional``) supervises them for the office, part
time; Aino Laaksonen (``coordinator``) registers and assigns the cases.

Dates: each event is recorded at its own moment (the services' clock is set to it while
the event is recorded, so the step, the case and the ledger entry agree). They count back
from the demo's today, or from the real date when that is later, so that the open cases
stand where this story puts them (one step overdue, one case referred this week) on
whichever day the demo is loaded.
"""

import datetime as dt
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from unittest import mock

from django.utils import timezone

from coproduce.cases import services
from coproduce.cases.ledger import ledger_sequence
from coproduce.cases.models import Case, StepRecord
from coproduce.initiatives.models import Initiative
from coproduce.people.models import Membership, Person
from coproduce.people.services import membership_create
from coproduce.tenancy.actor import Actor, actor_build
from coproduce.tenancy.models import TenantMembership
from coproduce.tenancy.roles import permissions_for

from .scenarios import DEMO_TODAY, SCENARIOS, at

POLICE = "Riverside Police Department"
PROSECUTOR = "Riverside District Prosecutor's Office"


@dataclass
class CaseStory:
    """One case: who referred it when, its parties, its mediator pair (0: Veera's, 1:
    the other; None: not assigned yet) and what happened, as (days before today,
    time, who, what, details). ``who`` is coordinator, supervisor, m1 or m2."""

    referrer: str
    referrer_name: str
    referred: int
    parties: list[dict]
    pair: int | None
    events: list[tuple] = field(default_factory=list)


def _victim(given, family, **contact):
    return {"role": "victim", "given_name": given, "family_name": family, **contact}


def _suspect(given, family, **contact):
    return {"role": "suspect", "given_name": given, "family_name": family, **contact}


def _party(given, family, **contact):
    return {"role": "other", "given_name": given, "family_name": family, **contact}


def _to_agreement(start: int, outcome: str = "agreement", note: str = "") -> list:
    """Consents, preparation, a meeting and its outcome, from ``start`` days ago."""
    return [
        (start, "13:00", "m1", "consent", {"party": "A", "consent_channel": "by phone"}),
        (start - 1, "10:30", "m2", "consent", {"party": "B"}),
        (start - 8, "15:00", "m1", "preparation",
         {"note": "Separate preparatory talks with both parties."}),
        (start - 20, "16:00", "m2", "meeting", {"note": "Meeting at the parish centre."}),
        (start - 20, "18:45", "m1", "agreement", {"outcome": outcome, "note": note}),
        (start - 22, "09:15", "supervisor", "sign_off", {"code": "agreement"}),
    ]  # fmt: skip


STORIES = [
    # Referred this week; not assigned yet.
    CaseStory(
        "police",
        POLICE,
        2,
        [_victim("Tuula", "Saarela", phone="+358 40 000 1101"),
         _suspect("Joonas", "Rinne", phone="+358 40 000 1102")],
        None,
    ),
    # Waiting for the consent of party B.
    CaseStory(
        "police",
        POLICE,
        10,
        [_victim("Marketta", "Ojala", email="marketta.ojala@example.org"),
         _suspect("Aleksi", "Nurmi", phone="+358 40 000 1202")],
        0,
        [(9, "11:00", "coordinator", "assign", {}),
         (6, "14:00", "m1", "consent", {"party": "A", "consent_channel": "by phone"})],
    ),
    # Party B could not be reached: the consent step is overdue.
    CaseStory(
        "prosecutor",
        PROSECUTOR,
        27,
        [_victim("Kimmo", "Laitinen", phone="+358 40 000 1301"),
         _suspect("Roope", "Harju", address="Myllykatu 4 B 12, Riverside")],
        1,
        [(26, "10:00", "coordinator", "assign", {}),
         (22, "13:00", "m1", "consent", {"party": "A"})],
    ),
    # Both consented; preparation next.
    CaseStory(
        "police",
        POLICE,
        20,
        [_victim("Sari", "Kallio", email="sari.kallio@example.org"),
         _suspect("Niko", "Vainio", phone="+358 40 000 1402")],
        1,
        [(19, "09:30", "coordinator", "assign", {}),
         (15, "12:00", "m1", "consent", {"party": "A"}),
         (14, "17:30", "m2", "consent", {"party": "B", "consent_channel": "by phone"})],
    ),
    # Neighbours referred by themselves: prepared, first meeting next.
    CaseStory(
        "parties",
        "",
        40,
        [_party("Pentti", "Huttunen", address="Koivutie 7, Riverside"),
         _party("Raija", "Lehto", address="Koivutie 9, Riverside")],
        0,
        [(39, "10:00", "coordinator", "assign", {}),
         (35, "14:00", "m1", "consent", {"party": "A"}),
         (33, "16:00", "m2", "consent", {"party": "B"}),
         (28, "15:00", "m1", "preparation",
          {"note": "Both want to meet; the hedge and the parking place are the issue."})],
    ),
    # Two meetings held; agreement next.
    CaseStory(
        "police",
        POLICE,
        55,
        [_victim("Eino", "Mustonen", phone="+358 40 000 1601"),
         _suspect("Jesse", "Kinnunen", phone="+358 40 000 1602")],
        1,
        [(54, "11:00", "coordinator", "assign", {}),
         (50, "13:00", "m1", "consent", {"party": "A"}),
         (49, "10:00", "m2", "consent", {"party": "B"}),
         (42, "15:00", "m1", "preparation", {"note": "B is ready to apologise."}),
         (30, "16:00", "m2", "meeting", {"note": "First meeting; an apology given."}),
         (16, "16:00", "m1", "meeting",
          {"note": "Second meeting; close to an agreement on compensation."})],
    ),
    # An agreement waiting for the supervisor's sign-off.
    CaseStory(
        "police",
        POLICE,
        62,
        [_victim("Hanna", "Pesonen", email="hanna.pesonen@example.org"),
         _suspect("Oskari", "Ahonen", phone="+358 40 000 1702")],
        0,
        [(61, "10:00", "coordinator", "assign", {}),
         (57, "12:00", "m1", "consent", {"party": "A"}),
         (56, "14:30", "m2", "consent", {"party": "B"}),
         (48, "15:00", "m1", "preparation", {}),
         (35, "16:00", "m2", "meeting", {}),
         (3, "18:30", "m1", "agreement",
          {"outcome": "agreement",
           "note": "EUR 180 in compensation by the end of next month; written apology."})],
    ),
    # Agreement signed off and reported; its follow-up is due later.
    CaseStory(
        "prosecutor",
        PROSECUTOR,
        100,
        [_victim("Liisa", "Koskela", phone="+358 40 000 1801"),
         _suspect("Valtteri", "Hiltunen", phone="+358 40 000 1802")],
        1,
        [(99, "10:00", "coordinator", "assign", {}),
         *_to_agreement(93, note="The bicycle repaired at B's cost; an apology."),
         (60, "11:00", "supervisor", "report",
          {"note": "Agreement reported to the prosecutor."})],
    ),
    # No agreement: follow-up skipped with a written reason; report next.
    CaseStory(
        "police",
        POLICE,
        90,
        [_victim("Jari", "Turunen", phone="+358 40 000 1901"),
         _suspect("Mika", "Heiskanen", phone="+358 40 000 1902")],
        0,
        [(89, "10:00", "coordinator", "assign", {}),
         *_to_agreement(85, outcome="no_agreement",
                        note="The parties did not agree on the amount."),
         (60, "10:00", "supervisor", "skip",
          {"code": "follow_up",
           "reason": "No agreement was reached, so there is nothing to follow up."})],
    ),
    # Agreement kept at follow-up and reported; closure next.
    CaseStory(
        "police",
        POLICE,
        200,
        [_victim("Anneli", "Ruotsalainen", email="anneli.r@example.org"),
         _suspect("Tomi", "Savolainen", phone="+358 40 000 2002")],
        1,
        [(199, "10:00", "coordinator", "assign", {}),
         *_to_agreement(192, note="EUR 300 in two instalments."),
         (150, "11:00", "supervisor", "report",
          {"note": "Agreement reported to the police."}),
         (20, "14:00", "m1", "follow_up",
          {"outcome": "kept", "note": "Both instalments paid; both parties confirmed."})],
    ),
    # Closed: the agreement was kept.
    CaseStory(
        "police",
        POLICE,
        320,
        [_victim("Pirjo", "Miettinen", phone="+358 40 000 2101"),
         _suspect("Santeri", "Lindroos", phone="+358 40 000 2102")],
        0,
        [(319, "10:00", "coordinator", "assign", {}),
         *_to_agreement(313, note="Graffiti cleaned by B with the property manager."),
         (280, "11:00", "supervisor", "report",
          {"note": "Agreement reported to the police."}),
         (140, "13:00", "m2", "follow_up", {"outcome": "kept"}),
         (130, "09:00", "supervisor", "close",
          {"reason": "The agreement was kept in full and the police have the report."})],
    ),
    # Closed early: party B withdrew consent before the first meeting.
    CaseStory(
        "police",
        POLICE,
        150,
        [_victim("Kaija", "Hämäläinen", phone="+358 40 000 2201"),
         _suspect("Lauri", "Parviainen", phone="+358 40 000 2202")],
        0,
        [(149, "10:00", "coordinator", "assign", {}),
         (145, "13:00", "m1", "consent", {"party": "A"}),
         (144, "10:30", "m2", "consent", {"party": "B"}),
         (138, "15:00", "m1", "preparation", {}),
         (130, "09:30", "supervisor", "close",
          {"reason": "Party B withdrew consent before the first meeting; the case "
                     "was returned to the police."})],
    ),
]  # fmt: skip


@contextmanager
def _clock(moment: dt.datetime):
    """The services record ``moment`` as now."""
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def _actor(tenant, person: Person):
    role = TenantMembership.objects.get(tenant=tenant, user=person.user).role
    return actor_build(tenant=tenant, user=person.user, role=role)


def _mediator_actor(tenant, person: Person):
    """A volunteer without an account records work the way a linked one does."""
    if person.user_id is not None:
        return _actor(tenant, person)
    return Actor(
        tenant=tenant,
        person=person,
        role="volunteer",
        permissions=permissions_for("volunteer"),
    )


def conciliation_load(*, tenant, actor) -> list[Case]:
    """The conciliation office's cases, through the cases services; returns them."""
    today = max(DEMO_TODAY, timezone.localdate())
    service = Initiative.objects.select_related("lead_organisation").get(
        tenant=tenant, slug=SCENARIOS[2][0]
    )
    office = service.lead_organisation
    coordinator = Person.objects.get(tenant=tenant, user=actor)
    supervisor = Person.objects.get(tenant=tenant, user__username="professional")
    volunteer = Person.objects.get(tenant=tenant, user__username="volunteer")
    others = [
        m.person
        for m in Membership.objects.filter(
            tenant=tenant, organisation=office, role=Membership.Role.VOLUNTEER
        )
        .exclude(person=volunteer)
        .select_related("person")
        .order_by("person_id")[:3]
    ]
    pairs = [(volunteer, others[0]), (others[1], others[2])]
    membership_create(
        tenant=tenant,
        actor=actor,
        person=supervisor,
        organisation=office,
        role=Membership.Role.PROFESSIONAL,
        title="Supervising professional (part time)",
        start_date=dt.date(2025, 1, 1),
    )
    coord = _actor(tenant, coordinator)
    sup = _actor(tenant, supervisor)
    by_pair = [
        {"m1": _mediator_actor(tenant, a), "m2": _mediator_actor(tenant, b)}
        for a, b in pairs
    ]

    def moment(days: int, time: str) -> dt.datetime:
        return at((today - dt.timedelta(days=days)).isoformat(), time)

    with _clock(moment(400, "09:00")):
        case_type = services.conciliation_install(tenant=tenant, actor=coord)

    # Every event of every case, recorded in the order it happened.
    timeline: list[tuple[dt.datetime, int, int, Callable[[], object]]] = []
    cases: list[Case | None] = [None] * len(STORIES)
    for n, story in enumerate(STORIES):

        def register(n=n, story=story):
            cases[n] = services.case_register(
                tenant=tenant,
                actor=coord,
                case_type=case_type,
                organisation=office,
                initiative=service,
                referrer=story.referrer,
                referrer_name=story.referrer_name,
                referred_on=today - dt.timedelta(days=story.referred),
                parties=story.parties,
            )

        timeline.append((moment(story.referred, "09:30"), n, -1, register))
        for k, (days, time, who, what, details) in enumerate(story.events):
            people = {"coordinator": coord, "supervisor": sup}
            if story.pair is not None:
                people.update(by_pair[story.pair])

            def run(n=n, story=story, who=people[who], what=what, details=details):
                _event(cases[n], who, what, details, pairs[story.pair], supervisor)

            timeline.append((moment(days, time), n, k, run))
    timeline.sort(key=lambda item: item[:3])
    for when, _n, _k, run in timeline:
        with _clock(when):
            run()
    ledger_sequence(tenant_id=tenant.pk)
    return [c for c in cases if c is not None]


def _event(case: Case, actor, what: str, details: dict, pair, supervisor) -> None:
    case = Case.objects.get(pk=case.pk)
    if what == "assign":
        services.case_assign(
            case=case,
            actor=actor,
            mediators=list(pair),
            supervisor=supervisor,
            expected_version=case.version,
        )
    elif what == "sign_off":
        record = StepRecord.objects.get(case=case, code=details["code"])
        services.case_step_sign_off(
            case=case, actor=actor, record=record, expected_version=case.version
        )
    elif what == "skip":
        services.case_step_record(
            case=case,
            actor=actor,
            code=details["code"],
            skip=True,
            reason=details["reason"],
            expected_version=case.version,
        )
    elif what == "close":
        services.case_close(
            case=case,
            actor=actor,
            reason=details["reason"],
            expected_version=case.version,
        )
    else:
        services.case_step_record(
            case=case, actor=actor, code=what, expected_version=case.version, **details
        )
