"""Scenario 5, an integrated public service: the city's integration and employment
services, Kela and the wellbeing services county deliver one service for newcomers, the
Welcome Point. The Kotona association and its peer counsellor are users of the service in
its design and providers in its delivery; the service is published in CPSV-AP."""

import datetime as dt

from coproduce.initiatives.vocab import Scope

from ..spec import ActivitySpec, ContributionSpec, InitiativeSpec
from .builder import (
    AB,
    AK,
    CK,
    MIX_NEWCOMERS,
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

NEWCOMERS = {
    "prefix": "newcomer",
    "n": 12,
    "organisation": "integration",
    "role": MR.SERVICE_USER,
    "mix": MIX_NEWCOMERS,
    "ages": [AB.A18_29, AB.A30_44, AB.A45_64],
    "consent_at": at("2025-05-06", "12:00"),
}
INTERPRETERS = {
    "prefix": "interpreter",
    "n": 4,
    "organisation": "kotona",
    "role": MR.VOLUNTEER,
    "title": "Volunteer interpreter",
    "mix": MIX_NEWCOMERS,
    "ages": [AB.A30_44, AB.A45_64],
    "consent_at": at("2025-06-01", "12:00"),
}
AGENCIES = ["integrationadv", "kelaadv", "coach2", "socialworker"]

WELCOME_POINT = {
    "scenario": 5,
    "slug": SCENARIOS[5][0],
    "name": "Welcome Point: one-stop service for newcomers",
    "description": "The city's integration services, employment services, Kela and the wellbeing services "
    "county deliver one integrated service for newcomers at the main library, with peer "
    "counsellors and volunteer interpreters of the Kotona association. The association and "
    "its peer counsellor are users of the service in its design and providers in its "
    "delivery; the service is published in CPSV-AP.",
    "lead": "integration",
    "status": ST.RUNNING,
    "start_date": d("2025-06-01"),
    "place": "Main library",
    "co_design": True,
    "co_delivery": True,
    "co_assessment": True,
    "declared_scope": Scope.INDIVIDUAL,
    "intended_outcomes": "A newcomer tells their story once; an integration plan within two "
    "weeks; fewer visits to separate offices.",
    "partners": [
        ("employment", PR.CO_LEAD),
        ("kela", PR.DELIVERY),
        ("county", PR.DELIVERY),
        ("kotona", PR.DELIVERY),
        ("library", PR.HOST),
    ],
    "services": ["welcome-point"],
}
WELCOME_POINT_CONTRIBUTIONS = [
    ContributionSpec(
        CK.PREMISES,
        "Welcome Point desk and two rooms in the main library",
        d("2025-12-31"),
        h(7200),
        organisation="library",
    )
]


def _agreement_and_design(b: Builder, newcomers: list[str]) -> list[ActivitySpec]:
    return [
        activity(
            S.COMMISSIONING,
            "Agencies agree the one-stop model",
            AK.MEETING,
            at("2025-04-08", "10:00"),
            3,
            L.INVOLVE,
            M.VOICE,
            people(AGENCIES, R.PROFESSIONAL, 3),
            people(["partner"], R.PARTNER, 3),
            orgs(["kela", "county", "kotona"], R.PARTNER),
            place="City Hall",
        ),
        # Amina and the Kotona association are *users* here: they bring the newcomers' view.
        activity(
            S.DESIGN,
            "Service journey workshop 1: arriving in Riverside",
            AK.WORKSHOP,
            at("2025-05-06", "13:00"),
            3,
            L.COLLABORATE,
            M.VOICE,
            people(b.sample(newcomers, 6) + ["amina"], R.SERVICE_USER, 3),
            orgs(["kotona"], R.COMMUNITY_GROUP),
            people(["integrationadv", "kelaadv"], R.PROFESSIONAL, 3),
            place="Main library, group room",
        ),
        activity(
            S.DESIGN,
            "Service journey workshop 2: one plan, one place",
            AK.WORKSHOP,
            at("2025-05-20", "13:00"),
            3,
            L.COLLABORATE,
            M.VOICE,
            people(b.sample(newcomers, 6) + ["amina"], R.SERVICE_USER, 3),
            orgs(["kotona"], R.COMMUNITY_GROUP),
            people(["integrationadv", "coach2", "socialworker"], R.PROFESSIONAL, 3),
            place="Main library, group room",
        ),
    ]


def _service_days(b: Builder, interpreters: list[str]) -> list[ActivitySpec]:
    """... and providers here: Amina works the Welcome Point days with the agencies."""
    acts = []
    for n in range(10):
        when = at((d("2025-06-03") + dt.timedelta(weeks=3 * n)).isoformat(), "09:00")
        acts.append(
            activity(
                S.DELIVERY,
                f"Welcome Point service day {n + 1}",
                AK.OTHER,
                when,
                6,
                L.INVOLVE,
                M.DOING,
                people(AGENCIES[: 2 + n % 3] + ["amina"], R.PROFESSIONAL, 6),
                people(b.sample(interpreters, 2), R.VOLUNTEER, 4),
                orgs(["kotona"], R.PARTNER),
                place="Main library, Welcome Point desk",
            )
        )
    return acts


def _assessment(b: Builder, newcomers: list[str]) -> ActivitySpec:
    return activity(
        S.ASSESSMENT,
        "Newcomers assess the one-stop service",
        AK.WORKSHOP,
        at("2026-01-28", "13:00"),
        2.5,
        L.INVOLVE,
        M.VOICE,
        people(b.sample(newcomers, 5), R.SERVICE_USER, 2.5),
        people(["partner"], R.PARTNER, 2.5),
        people(["integrationadv", "kelaadv"], R.PROFESSIONAL, 2.5),
    )


def initiatives(b: Builder) -> list[InitiativeSpec]:
    newcomers = b.crowd(**NEWCOMERS)
    interpreters = b.crowd(**INTERPRETERS)
    acts = _agreement_and_design(b, newcomers) + _service_days(b, interpreters)
    acts.append(_assessment(b, newcomers))
    return [initiative(WELCOME_POINT, acts, WELCOME_POINT_CONTRIBUTIONS)]


# Collaboration (issue 15): declared where the participations say nothing. The library
# hosts the Welcome Point (a provider in delivery, by its premises, not by people taking
# part); Kela uses the newcomers' assessment for its own service. The records already
# show the Kotona association as a user in design and a provider in delivery.
DECLARED_RELATIONS = [
    ("library", "delivery", "provider", "The Welcome Point desk and rooms"),
    (
        "kela",
        "assessment",
        "user",
        "Uses the newcomers' assessment for its own service",
    ),
]
