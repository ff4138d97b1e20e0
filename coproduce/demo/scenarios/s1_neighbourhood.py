"""Scenario 1, the neighbourhood pilot: the city and the residents of Koivumäki co-design
and co-deliver local services for eighteen months; professionals of four departments are
unsure of their new role, and the records show who took part at which stage."""

import datetime as dt

from coproduce.initiatives.vocab import Scope

from ..spec import ActivitySpec, ContributionSpec, InitiativeSpec
from .builder import (
    AB,
    AK,
    CK,
    MIX_CITY,
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

RESIDENTS = {
    "prefix": "koivumaki",
    "n": 28,
    "organisation": "koivuassoc",
    "role": MR.MEMBER,
    "mix": MIX_CITY,
    "ages": [AB.A18_29, AB.A30_44, AB.A45_64, AB.A65_74, AB.A75],
    "district": "Koivumäki",
    "consent_at": at("2025-03-05", "18:00"),
}
STAFF = ["coordinator", "planner", "professional", "librarian", "sportsinstr"]
PLACE = "Koivumäki school, auditorium"

PILOT = {
    "scenario": 1,
    "slug": SCENARIOS[1][0],
    "name": "Koivumäki neighbourhood pilot",
    "description": "The city and the residents of Koivumäki plan and run local services together for "
    "eighteen months: a neighbourhood living room in the school, the park, the evening "
    "programme. Professionals of four departments work with the residents' association.",
    "lead": "co_unit",
    "status": ST.RUNNING,
    "start_date": d("2025-02-01"),
    "end_date": d("2026-06-30"),
    "place": "Koivumäki",
    "co_design": True,
    "co_delivery": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Residents shape and run local services; a living room open twice a "
    "month; fewer places residents call unsafe; departments learn to work with residents.",
    "partners": [
        ("koivuassoc", PR.CO_LEAD),
        ("urban", PR.DELIVERY),
        ("youth", PR.DELIVERY),
        ("library", PR.DELIVERY),
        ("sports", PR.DELIVERY),
        ("school", PR.HOST),
        ("grocery", PR.FUNDER),
    ],
    "services": ["youth-work", "parks", "library"],
}
PILOT_CONTRIBUTIONS = [
    ContributionSpec(
        CK.PREMISES,
        "School dining hall for twelve evenings",
        d("2026-02-25"),
        h(1800),
        organisation="school",
    ),
    ContributionSpec(
        CK.EQUIPMENT,
        "Rakes, gloves and waste sacks for the clean-up",
        d("2025-05-24"),
        h(250),
        organisation="urban",
        activity="Spring clean-up day",
    ),
    ContributionSpec(
        CK.FOOD,
        "Coffee and pastries for the living room evenings",
        d("2025-12-31"),
        h(420),
        organisation="grocery",
    ),
    ContributionSpec(
        CK.MATERIALS,
        "Paint and timber for the playground benches",
        d("2025-08-16"),
        h(310),
        organisation="koivuassoc",
        activity="Playground repair day",
    ),
]


def _first_season(b: Builder, residents: list[str]) -> list[ActivitySpec]:
    """From the steering group to the workshop where residents decide the winter."""
    return [
        activity(
            S.COMMISSIONING,
            "Steering group sets the pilot's goals",
            AK.MEETING,
            at("2025-02-12", "13:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(
                ["coordinator", "planner", "petri", "professional", "participation"],
                R.PROFESSIONAL,
                2,
            ),
            place="City Hall",
            description="Managers of four departments agree the pilot's "
            "budget (EUR 60,000) and goals; residents are not at the table yet.",
        ),
        activity(
            S.COMMISSIONING,
            "Residents' vote on the district's priorities",
            AK.SURVEY_WAVE,
            at("2025-03-05", "09:00"),
            0.5,
            L.CONSULT,
            M.VOICE,
            people(b.sample(residents, 22), R.RESIDENT, 0.5),
            description="Online and paper ballot: 22 residents ranked eight priorities.",
        ),
        activity(
            S.DESIGN,
            "Workshop 1: what does Koivumäki need?",
            AK.WORKSHOP,
            at("2025-04-09"),
            3,
            L.COLLABORATE,
            M.VOICE,
            people(b.sample(residents, 14), R.RESIDENT, 3),
            people(STAFF, R.PROFESSIONAL, 3),
            orgs(["koivuassoc"], R.COMMUNITY_GROUP),
            place=PLACE,
        ),
        activity(
            S.DESIGN,
            "Neighbourhood walk: loved and unsafe places",
            AK.WALK_THROUGH,
            at("2025-04-26", "11:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(b.sample(residents, 12), R.RESIDENT, 2),
            people(["planner", "parks"], R.PROFESSIONAL, 2),
            place="Koivumäki centre",
        ),
        activity(
            S.DESIGN,
            "Workshop 2: prototype the neighbourhood living room",
            AK.WORKSHOP,
            at("2025-05-14"),
            3,
            L.COLLABORATE,
            M.VOICE,
            people(b.sample(residents, 11), R.RESIDENT, 3),
            people(["coordinator", "professional", "librarian"], R.PROFESSIONAL, 3),
            place=PLACE,
        ),
        activity(
            S.DELIVERY,
            "Spring clean-up day",
            AK.VOLUNTEER_SHIFT,
            at("2025-05-24", "10:00"),
            4,
            L.COLLABORATE,
            M.DOING,
            people(b.sample(residents, 18), R.RESIDENT, 4),
            people(["parks"], R.PROFESSIONAL, 4),
            orgs(["koivuassoc"], R.COMMUNITY_GROUP),
            place="Koivumäki park",
        ),
        activity(
            S.DELIVERY,
            "Playground repair day",
            AK.VOLUNTEER_SHIFT,
            at("2025-08-16", "10:00"),
            5,
            L.INVOLVE,
            M.DOING,
            people(b.sample(residents, 9), R.RESIDENT, 5),
            people(["parks"], R.PROFESSIONAL, 5),
            place="Koivumäki park",
        ),
        activity(
            S.DESIGN,
            "Workshop 3: residents decide the winter programme",
            AK.WORKSHOP,
            at("2025-09-10"),
            3,
            L.EMPOWER,
            M.VOICE,
            people(b.sample(residents, 13), R.RESIDENT, 3),
            people(["coordinator", "professional"], R.PROFESSIONAL, 3),
            place=PLACE,
        ),
    ]


def _living_room_evenings(b: Builder, residents: list[str]) -> list[ActivitySpec]:
    """Twelve evenings, every other week from September, hosted by residents."""
    acts = []
    day = d("2025-09-17")
    for n in range(12):
        when = at((day + dt.timedelta(weeks=2 * n)).isoformat(), "17:30")
        acts.append(
            activity(
                S.DELIVERY,
                f"Neighbourhood living room, evening {n + 1}",
                AK.EVENT,
                when,
                3,
                L.COLLABORATE,
                M.DOING,
                people(b.sample(residents, b.rng.randint(3, 6)), R.RESIDENT, 3),
                people(["professional" if n % 2 == 0 else "youth2"], R.PROFESSIONAL, 3),
                place="Koivumäki school, dining hall",
                description="Residents host the evening; a youth worker is there.",
            )
        )
    return acts


def _assessment(b: Builder, residents: list[str]) -> list[ActivitySpec]:
    return [
        activity(
            S.ASSESSMENT,
            "Professionals' reflection: our new role in the pilot",
            AK.MEETING,
            at("2025-12-03", "13:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(STAFF + ["youth2", "parks", "participation"], R.PROFESSIONAL, 2),
            place="City Hall",
            description="Frontline staff say they are unsure what is "
            "expected of them: are they organisers, enablers or participants? Who decides "
            "when residents and the plan disagree? Hours for the pilot come on top of "
            "their own work.",
        ),
        activity(
            S.ASSESSMENT,
            "Residents' feedback survey",
            AK.SURVEY_WAVE,
            at("2026-01-20", "09:00"),
            0.3,
            L.CONSULT,
            M.VOICE,
            people(b.sample(residents, 16), R.RESIDENT, 0.3),
        ),
    ]


def initiatives(b: Builder) -> list[InitiativeSpec]:
    residents = b.crowd(**RESIDENTS)
    acts = (
        _first_season(b, residents)
        + _living_room_evenings(b, residents)
        + _assessment(b, residents)
    )
    return [initiative(PILOT, acts, PILOT_CONTRIBUTIONS)]
