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
