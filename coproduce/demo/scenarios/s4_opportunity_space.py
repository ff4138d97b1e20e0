"""Scenario 4, an inter-organisational opportunity space: youth services, the hospital
district, the wellbeing services county, the Mieli association and the parish run one
walk-in mental health path for young adults across their boundaries, and what one
organisation learns moves to the others (the learning cafés)."""

import datetime as dt

from coproduce.initiatives.vocab import Scope

from ..spec import ActivitySpec, ContributionSpec, InitiativeSpec
from .builder import (
    AB,
    AK,
    CK,
    MIX_CITY,
    MIX_FINNISH,
    MR,
    PR,
    SCENARIOS,
    ST,
    Builder,
    L,
    M,
    R,
    S,
    activity,
    at,
    d,
    h,
    initiative,
    orgs,
    people,
)

YOUNG_ADULTS = {
    "prefix": "youngadult",
    "n": 14,
    "organisation": "hospital",
    "role": MR.SERVICE_USER,
    "mix": MIX_CITY,
    "ages": [AB.A18_29],
    "consent_at": at("2025-04-02", "12:00"),
}
EXPERTS = {
    "prefix": "expert",
    "n": 4,
    "organisation": "mieli",
    "role": MR.VOLUNTEER,
    "title": "Expert by experience",
    "mix": MIX_FINNISH,
    "ages": [AB.A18_29, AB.A30_44],
    "consent_at": at("2025-03-01", "12:00"),
}
PROS = [
    "professional",
    "nurse",
    "psychologist",
    "mieliworker",
    "socialworker",
    "deacon",
]
# The cross-organisational learning cafés: the day, and what was learnt.
LEARNING_CAFES = [
    (
        "2025-06-17",
        "Co-exploration: what the nurses learnt from the peer workers about first contact.",
    ),
    (
        "2025-10-21",
        "Co-exploitation: the hospital adopts the youth house's booking-free model for "
        "its outpatient intake; Mieli trains youth workers in peer conversation.",
    ),
    (
        "2026-02-17",
        "What each organisation changed in its own work; what still stops at the "
        "organisations' borders (records, referrals).",
    ),
]

NUOLI = {
    "scenario": 4,
    "slug": SCENARIOS[4][0],
    "name": "Nuoli: low-threshold mental health path for young adults",
    "description": "Youth services, the hospital district, the wellbeing services county, the Mieli "
    "association and the parish run one walk-in path for young adults across their "
    "boundaries, with experts by experience; what one organisation learns is taken up by "
    "the others.",
    "lead": "youth",
    "status": ST.RUNNING,
    "start_date": d("2025-03-01"),
    "end_date": d("2026-12-31"),
    "place": "Youth House Centre",
    "co_design": True,
    "co_delivery": True,
    "co_assessment": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Young adults get help without referral within a week; fewer drop-outs "
    "between services; practices shared across the partners.",
    "partners": [
        ("hospital", PR.CO_LEAD),
        ("mieli", PR.DELIVERY),
        ("county", PR.DELIVERY),
        ("parish", PR.HOST),
        ("college", PR.REFERRER),
    ],
    "services": ["mental-health-walk-in", "youth-work"],
}
NUOLI_CONTRIBUTIONS = [
    ContributionSpec(
        CK.EXPERTISE,
        "Peer-conversation training for youth workers",
        d("2025-11-04"),
        h(1200),
        organisation="mieli",
    )
]


def _agreement_and_design(b: Builder, young, peers) -> list[ActivitySpec]:
    return [
        activity(
            S.COMMISSIONING,
            "Partnership agreement: who does what",
            AK.MEETING,
            at("2025-03-10", "13:00"),
            3,
            L.INVOLVE,
            M.VOICE,
            people(PROS, R.PROFESSIONAL, 3),
            orgs(["hospital", "mieli", "county", "parish"], R.PARTNER),
            place="Youth House Centre",
        ),
        activity(
            S.DESIGN,
            "Co-design workshop 1: the first contact",
            AK.WORKSHOP,
            at("2025-04-02", "16:00"),
            3,
            L.COLLABORATE,
            M.VOICE,
            people(b.sample(young, 8), R.SERVICE_USER, 3),
            people(peers, R.VOLUNTEER, 3),
            people(["professional", "nurse", "mieliworker"], R.PROFESSIONAL, 3),
        ),
        activity(
            S.DESIGN,
            "Co-design workshop 2: the path to care",
            AK.WORKSHOP,
            at("2025-04-23", "16:00"),
            3,
            L.COLLABORATE,
            M.VOICE,
            people(b.sample(young, 7), R.SERVICE_USER, 3),
            people(peers, R.VOLUNTEER, 3),
            people(["professional", "psychologist", "socialworker"], R.PROFESSIONAL, 3),
        ),
    ]


def _walk_in_evenings(b: Builder, young, peers) -> list[ActivitySpec]:
    """Fifteen evenings, every other week from May with a summer break of three weeks."""
    acts = []
    for n in range(15):
        when = at(
            (
                d("2025-05-07") + dt.timedelta(weeks=2 * n + (3 if n > 4 else 0))
            ).isoformat(),
            "16:00",
        )
        acts.append(
            activity(
                S.DELIVERY,
                f"Walk-in evening {n + 1}",
                AK.EVENT,
                when,
                4,
                L.COLLABORATE,
                M.DOING,
                people(
                    [
                        "professional" if n % 2 else "youth2",
                        "nurse" if n % 3 else "psychologist",
                    ],
                    R.PROFESSIONAL,
                    4,
                ),
                people(b.sample(peers, 2), R.VOLUNTEER, 4),
                people(b.sample(young, b.rng.randint(2, 6)), R.SERVICE_USER, 1.5),
                place="Youth House Centre",
            )
        )
    return acts


def _learning_cafes(b: Builder, peers) -> list[ActivitySpec]:
    acts = []
    for n, (day, description) in enumerate(LEARNING_CAFES):
        acts.append(
            activity(
                S.ASSESSMENT,
                f"Cross-organisational learning café {n + 1}",
                AK.MEETING,
                at(day, "13:00"),
                2.5,
                L.INVOLVE,
                M.VOICE,
                people(PROS, R.PROFESSIONAL, 2.5),
                people(b.sample(peers, 2), R.VOLUNTEER, 2.5),
                orgs(["hospital", "mieli", "county"], R.PARTNER),
                description=description,
            )
        )
    return acts


def initiatives(b: Builder) -> list[InitiativeSpec]:
    young = b.crowd(**YOUNG_ADULTS)
    peers = b.crowd(**EXPERTS)
    acts = (
        _agreement_and_design(b, young, peers)
        + _walk_in_evenings(b, young, peers)
        + _learning_cafes(b, peers)
    )
    return [initiative(NUOLI, acts, NUOLI_CONTRIBUTIONS)]


# Collaboration (issue 15): loaded by demo/collaboration.py through the collaboration
# services. A municipality (Youth Services), the hospital district and three NGOs (Mieli,
# Kotona, the Youth Housing Association) learn from each other over a year: fifteen
# entries, two lessons adopted across the boundary and one not.
# (day, kind, title, learnt, evidence, source, receiving, writer's organisation,
#  visibility, in Nuoli, learning café, follow-up (day, state, note) or None)
LEARNING = [
    (
        "2025-03-24",
        "co_exploration",
        "What young adults call a first contact",
        "In the partnership meeting the hospital nurses heard from Mieli's peer workers "
        "that young adults drop out when the first contact is a form.",
        "Notes of the partnership meeting",
        "mieli",
        "hospital",
        "mieli",
        "partners",
        True,
        None,
        None,
    ),
    (
        "2025-04-10",
        "co_exploration",
        "Walk in without an appointment",
        "Youth Services' drop-in evenings reach young adults the outpatient clinic does "
        "not: no booking, no referral.",
        "Youth house visitor counts 2024",
        "youth",
        "hospital",
        "youth",
        "partners",
        True,
        None,
        None,
    ),
    (
        "2025-05-15",
        "co_exploitation",
        "Experts by experience at the door",
        "An expert by experience greeting at the door halves the time before a young "
        "adult speaks to a professional.",
        "Observation on five walk-in evenings",
        "mieli",
        "youth",
        "mieli",
        "tenant",
        True,
        None,
        None,
    ),
    (
        "2025-06-17",
        "co_exploration",
        "First contact: what the nurses learnt",
        "Nurses learnt from the peer workers to start with the young adult's own words, "
        "not the symptom checklist.",
        "Learning café 1 summary",
        "mieli",
        "hospital",
        "hospital",
        "partners",
        True,
        0,
        None,
    ),
    (
        "2025-07-01",
        "co_exploitation",
        "Shared calendar of the evenings",
        "One calendar of the walk-in evenings for all partners ended double bookings of "
        "the psychologist.",
        "Two months without a clash",
        "youth",
        "county",
        "youth",
        "partners",
        True,
        None,
        None,
    ),
    (
        "2025-08-19",
        "co_exploration",
        "Housing problems come first",
        "The Youth Housing Association showed that a third of the young adults came for "
        "help with housing before mental health.",
        "Case notes, 40 visits",
        "youthhousing",
        "youth",
        "youthhousing",
        "tenant",
        False,
        None,
        None,
    ),
    (
        "2025-09-09",
        "co_exploitation",
        "Interpreted evenings",
        "Kotona's volunteer interpreters at two evenings brought young newcomers in.",
        "Nine newcomers on two evenings",
        "kotona",
        "youth",
        "kotona",
        "tenant",
        False,
        None,
        None,
    ),
    (
        "2025-10-21",
        "co_exploitation",
        "Booking-free intake at the outpatient clinic",
        "The hospital took up the youth house's booking-free model for its outpatient "
        "intake of young adults.",
        "Learning café 2 decision",
        "youth",
        "hospital",
        "youth",
        "partners",
        True,
        1,
        (
            "2025-11-03",
            "adopted",
            "Adopted by the hospital district's outpatient intake team: two booking-free "
            "hours a week from November.",
        ),
    ),
    (
        "2025-10-21",
        "co_exploitation",
        "Peer conversation for youth workers",
        "Mieli trained youth workers in peer conversation; the youth workers use it in "
        "outreach.",
        "Training feedback, 14 youth workers",
        "mieli",
        "youth",
        "mieli",
        "partners",
        True,
        1,
        (
            "2025-12-01",
            "adopted",
            "Adopted by Youth Services' outreach team in its street work.",
        ),
    ),
    (
        "2025-11-12",
        "co_exploitation",
        "Text-message reminders in the evening",
        "Kotona's reminder the evening before, in the young adult's language, cut "
        "missed appointments at the association.",
        "Missed appointments 22 % -> 9 %",
        "kotona",
        "hospital",
        "kotona",
        "tenant",
        False,
        None,
        (
            "2026-01-20",
            "not_adopted",
            "Not adopted by the hospital district: its patient-record rules do not allow "
            "messages from a shared number.",
        ),
    ),
    (
        "2025-11-25",
        "co_exploration",
        "A quiet room",
        "Young adults asked for a room to wait out of sight; the parish hall's side room "
        "works.",
        "Feedback cards",
        "parish",
        "youth",
        "youth",
        "partners",
        True,
        None,
        (
            "2026-01-15",
            "considering",
            "Youth Services is looking for a room at the Eastside youth house.",
        ),
    ),
    (
        "2025-12-09",
        "co_exploitation",
        "One referral form",
        "The county and the hospital agreed a one-page referral between them for the "
        "young adults Nuoli sends on.",
        "Draft form",
        "county",
        "hospital",
        "county",
        "partners",
        True,
        None,
        None,
    ),
    (
        "2026-01-13",
        "co_exploration",
        "Housing advice at the walk-in",
        "A housing adviser at one evening a month, tried in January.",
        "Six questions on the first evening",
        "youthhousing",
        "youth",
        "youthhousing",
        "partners",
        False,
        None,
        None,
    ),
    (
        "2026-02-17",
        "co_exploration",
        "What still stops at the borders",
        "Records and referrals still stop at the organisations' borders; the partners "
        "list what each changed in its own work.",
        "Learning café 3 summary",
        "hospital",
        "mieli",
        "hospital",
        "partners",
        True,
        2,
        None,
    ),
    (
        "2026-02-24",
        "co_exploitation",
        "Interpreting the summaries",
        "Kotona will put the learning café summaries into Somali and Arabic for the "
        "families.",
        "",
        "kotona",
        "mieli",
        "kotona",
        "own",
        False,
        None,
        None,
    ),
]
# Declared capabilities for Nuoli: hours, in kind (EUR), money (EUR), activities led.
CAPABILITIES = [
    ("hospital", "A psychiatric nurse or a psychologist every evening", 120, 0, 0, 15),
    ("mieli", "Experts by experience and peer-work training", 200, 1500, 0, 4),
    ("county", "The evening coordinator's post for 2026", 80, 0, 5000, 2),
    ("parish", "The hall and its side room", 0, 3000, 0, 0),
]
# (name, purpose, in Nuoli, start, review, sides, {side: [(commitment, due, state)]})
PARTNERSHIPS = [
    ("Nuoli partnership agreement",
     "Who does what in the walk-in path for young adults.", True, "2025-03-10",
     "2026-03-31", ["youth", "hospital", "mieli", "county", "parish"],
     {"hospital": [("A psychiatric nurse at every walk-in evening", "2025-12-31", "met")],
      "mieli": [("Two experts by experience per evening", "2025-12-31", "met")],
      "county": [("Fund the evening coordinator's post for 2026", "2026-01-31", "open")],
      "parish": [("The hall free of charge on walk-in evenings", "2025-12-31", "met")]}),
    ("Youth mental health learning network",
     "A standing network of the city, the hospital district and three NGOs to learn "
     "from each other's work with young adults.", False, "2025-06-01", "2026-06-30",
     ["youth", "hospital", "mieli", "kotona", "youthhousing"],
     {"kotona": [("Interpret the learning café summaries into Somali and Arabic",
                  "2026-03-31", "open")],
      "youth": [("Host the learning cafés", "2026-02-28", "met")],
      "youthhousing": [("A housing adviser at one evening a month", "2026-06-30",
                        "open")]}),
]  # fmt: skip
# The Nuoli agreement's yearly partner survey (the partnership quality scale, five items,
# the fifth reverse-coded): each side's contact (a professional of city.PROFESSIONALS;
# the county's is the social worker of its social services) and their answers to items
# 1-5 in each year's wave, None where they did not answer. Spring 2025, a few weeks into
# the agreement; spring 2026, before its review: the partners agree more on what it is
# for and keep their commitments better, but the county's answer falls where its own
# commitment (the coordinator's post) is overdue.
PARTNER_SURVEY_CONTACTS = {
    "youth": "youth2",
    "hospital": "nurse",
    "mieli": "mieliworker",
    "county": "socialworker",
    "parish": "deacon",
}
PARTNER_SURVEY_WAVES = [
    ("2025-04-14", "2025-05-05", {
        "youth": (3, 3, 4, 3, 3),
        "hospital": (3, 2, 3, 3, 4),
        "mieli": (2, 3, 2, 4, 3),
        "county": None,
        "parish": (3, 3, 3, 3, 2),
    }),
    ("2026-03-09", "2026-03-30", {
        "youth": (4, 4, 4, 5, 2),
        "hospital": (4, 4, 4, 4, 2),
        "mieli": (4, 4, 3, 5, 2),
        "county": (3, 2, 3, 3, 3),
        "parish": (4, 4, 4, 3, 2),
    }),
]  # fmt: skip
