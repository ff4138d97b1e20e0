"""Scenario 2, the conciliation service: trained volunteers mediate criminal and civil
disputes in pairs under the supervision of the conciliation office, in a process the law
regulates. These are the initiative's activities; its cases (parties, consent, agreements)
are loaded by ``coproduce.demo.conciliation``."""

import datetime as dt

from coproduce.initiatives.vocab import Scope

from ..spec import ActivitySpec, ContributionSpec, InitiativeSpec
from .builder import (
    AB,
    AK,
    CK,
    CONSENT_2025,
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

MEDIATORS = {
    "prefix": "mediator",
    "n": 7,
    "organisation": "conciliation",
    "role": MR.VOLUNTEER,
    "title": "Volunteer mediator",
    "mix": MIX_FINNISH,
    "ages": [AB.A30_44, AB.A45_64, AB.A65_74],
    "consent_at": CONSENT_2025,
    "since": d("2024-09-01"),
}
PROS = ["supervisor", "counsellor"]
# The sixteen mediation meetings, before they are shuffled.
CASES = (
    ["criminal case, police referral"] * 10
    + ["civil case, neighbour dispute"] * 3
    + ["criminal case, prosecutor referral"] * 3
)
SUPERVISIONS = [
    "2025-03-25",
    "2025-05-27",
    "2025-08-26",
    "2025-10-28",
    "2025-12-16",
    "2026-02-24",
]
REFERRAL_REVIEWS = ["2025-04-08", "2025-07-08", "2025-10-07", "2026-01-13"]

CONCILIATION = {
    "scenario": 2,
    "slug": SCENARIOS[2][0],
    "name": "Conciliation service",
    "description": "Trained volunteers mediate criminal and civil disputes in pairs, under the "
    "supervision of the conciliation office, in a process regulated by law: referral, "
    "consent of both parties, mediation meetings, agreement, follow-up, report to the referrer.",
    "lead": "conciliation",
    "status": ST.RUNNING,
    "start_date": d("2025-01-01"),
    "place": "Riverside Valley",
    "co_delivery": True,
    "co_assessment": True,
    "declared_scope": Scope.GROUP,
    "intended_outcomes": "Parties agree on amends; agreements kept; fewer repeat offences; "
    "referrals answered within three weeks.",
    "partners": [
        ("police", PR.REFERRER),
        ("prosecutor", PR.REFERRER),
        ("county", PR.FUNDER),
    ],
    "services": ["conciliation"],
}
CONCILIATION_CONTRIBUTIONS = [
    ContributionSpec(
        CK.PREMISES,
        "Neutral meeting room for mediations in the parish centre",
        d("2025-12-31"),
        h(900),
        organisation="parish",
    )
]


def _agreement_and_training(mediators: list[str]) -> list[ActivitySpec]:
    """The referral agreement, the basic course, the follow-up co-designed."""
    others = mediators[1:]
    return [
        activity(
            S.COMMISSIONING,
            "Referral agreement with Riverside Police",
            AK.MEETING,
            at("2025-01-15", "10:00"),
            1.5,
            L.INFORM,
            M.VOICE,
            people(PROS, R.PROFESSIONAL, 1.5),
            people(["officer"], R.PARTNER, 1.5),
            orgs(["police"], R.PARTNER),
            place="Conciliation office",
            description="Which offences the police refer, how fast, and how the office "
            "reports back.",
        ),
        activity(
            S.DELIVERY,
            "Basic course for new volunteer mediators",
            AK.TRAINING,
            at("2025-01-25", "09:00"),
            7,
            L.INFORM,
            M.VOICE,
            people(others[-3:], R.VOLUNTEER, 7),
            people(["supervisor"], R.PROFESSIONAL, 7),
        ),
        activity(
            S.DESIGN,
            "Mediators co-design the follow-up of agreements",
            AK.WORKSHOP,
            at("2025-02-11"),
            3,
            L.INVOLVE,
            M.VOICE,
            people(mediators[:6], R.VOLUNTEER, 3),
            people(PROS, R.PROFESSIONAL, 3),
            description="Experienced mediators redesign how the office checks that "
            "agreements are kept.",
        ),
    ]


def _mediation_meetings(b: Builder, others: list[str]) -> list[ActivitySpec]:
    """Each pair is two volunteers; the volunteer user is in six of the sixteen."""
    acts = []
    cases = list(CASES)
    b.rng.shuffle(cases)
    day = d("2025-03-04")
    for n, case in enumerate(cases):
        pair = ["volunteer", b.rng.choice(others)] if n % 8 < 3 else b.sample(others, 2)
        when = at((day + dt.timedelta(days=23 * n)).isoformat(), "16:00")
        acts.append(
            activity(
                S.DELIVERY,
                f"Mediation meeting {n + 1:02d} ({case})",
                AK.MEDIATION_SESSION,
                when,
                2.5,
                L.COLLABORATE,
                M.DOING,
                people(pair, R.VOLUNTEER, 2.5),
                place="Conciliation office",
                description="Two volunteer mediators; party data is kept in the case, not here.",
            )
        )
    return acts


def _supervisions_and_reviews(b: Builder, mediators: list[str]) -> list[ActivitySpec]:
    acts = []
    for n, month in enumerate(SUPERVISIONS):
        acts.append(
            activity(
                S.DELIVERY,
                f"Supervision of mediators ({n + 1}/6)",
                AK.MEETING,
                at(month),
                2,
                L.INVOLVE,
                M.VOICE,
                people(["supervisor"], R.PROFESSIONAL, 2),
                people(b.sample(mediators, 5), R.VOLUNTEER, 2),
                place="Conciliation office",
            )
        )
    for n, day_ in enumerate(REFERRAL_REVIEWS):
        acts.append(
            activity(
                S.COMMISSIONING,
                f"Quarterly referral review with the police (Q{n + 1})",
                AK.MEETING,
                at(day_, "10:00"),
                1,
                L.INFORM,
                M.VOICE,
                people(PROS, R.PROFESSIONAL, 1),
                people(["officer"], R.PARTNER, 1),
                orgs(["police"], R.PARTNER),
            )
        )
    return acts


def _annual_review(mediators: list[str]) -> ActivitySpec:
    return activity(
        S.ASSESSMENT,
        "Annual review: mediators and the office assess 2025",
        AK.WORKSHOP,
        at("2025-12-09"),
        3,
        L.INVOLVE,
        M.VOICE,
        people(mediators, R.VOLUNTEER, 3),
        people(PROS, R.PROFESSIONAL, 3),
        description="41 referrals in 2025 (33 from the police); 29 mediations; 24 agreements, "
        "21 kept at follow-up.",
    )


def initiatives(b: Builder) -> list[InitiativeSpec]:
    mediators = ["volunteer"] + b.crowd(**MEDIATORS)
    acts = (
        _agreement_and_training(mediators)
        + _mediation_meetings(b, mediators[1:])
        + _supervisions_and_reviews(b, mediators)
    )
    acts.append(_annual_review(mediators))
    return [initiative(CONCILIATION, acts, CONCILIATION_CONTRIBUTIONS)]
