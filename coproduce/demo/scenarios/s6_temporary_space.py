"""Scenario 6, temporary use of a vacant space: residents of the Old Mill Quarter ran a
community space in the empty post office until its lease ended on 31 December 2025, and
the city asks whether what they built outlasts the lease (``coproduce.demo.achievements``
records the sustainability assessments)."""

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

MEMBERS = {
    "prefix": "oldmill",
    "n": 16,
    "organisation": "oldmill",
    "role": MR.MEMBER,
    "mix": MIX_CITY,
    "ages": [AB.A18_29, AB.A30_44, AB.A45_64, AB.A65_74],
    "district": "Old Mill Quarter",
    "consent_at": at("2025-03-18", "18:00"),
}
PLACE = "Old post office, Myllykatu 4"

OLD_MILL = {
    "scenario": 6,
    "slug": SCENARIOS[6][0],
    "name": "Old Mill Quarter: temporary community space",
    "description": "Residents ran a community space in the empty post office of the Old Mill Quarter "
    "until the lease ended on 31 December 2025: open Saturdays, markets, a book swap, "
    "rooms for clubs. The city asks whether what they built outlasts the lease.",
    "lead": "oldmill",
    "status": ST.CLOSED,
    "start_date": d("2025-04-01"),
    "end_date": d("2025-12-31"),
    "is_temporary": True,
    "place": PLACE,
    "co_commissioning": True,
    "co_design": True,
    "co_delivery": True,
    "co_assessment": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "A lively meeting place during the lease; a collective that lasts; "
    "a lasting home for the activities after the lease.",
    "partners": [
        ("jokisato", PR.HOST),
        ("urban", PR.ADVISOR),
        ("library", PR.DELIVERY),
        ("youth", PR.DELIVERY),
    ],
    "services": ["temporary-use"],
}


def _contributions(first: str) -> list[ContributionSpec]:
    """What the owner, the city, the library, the groups and the first member gave."""
    return [
        ContributionSpec(
            CK.PREMISES,
            "The post office building, rent-free for 9 months",
            d("2025-04-01"),
            h(16200),
            organisation="jokisato",
        ),
        ContributionSpec(
            CK.EQUIPMENT,
            "Furniture: 40 chairs and 8 tables from the city's "
            "furniture recycling centre",
            d("2025-04-26"),
            h(1600),
            organisation="urban",
            activity="Renovation work party",
        ),
        ContributionSpec(
            CK.EQUIPMENT,
            "Sofa, bookshelves and a coffee machine from residents",
            d("2025-04-26"),
            h(450),
            person=first,
            activity="Renovation work party",
        ),
        ContributionSpec(
            CK.MATERIALS,
            "Paint and brushes",
            d("2025-04-26"),
            h(280),
            organisation="oldmill",
            activity="Renovation work party",
        ),
        ContributionSpec(
            CK.MATERIALS,
            "Books for the book swap",
            d("2025-05-03"),
            h(300),
            organisation="library",
        ),
        ContributionSpec(
            CK.FOOD,
            "Soup for the winter evening market",
            d("2025-12-13"),
            h(150),
            organisation="somali",
            activity="Winter evening market",
        ),
    ]


def _agreement_design_renovation(b: Builder, members: list[str]) -> list[ActivitySpec]:
    return [
        activity(
            S.COMMISSIONING,
            "Temporary use agreement: collective, owner and city",
            AK.MEETING,
            at("2025-03-18", "16:00"),
            2,
            L.COLLABORATE,
            M.VOICE,
            people(members[:4], R.RESIDENT, 2),
            orgs(["oldmill"], R.COMMUNITY_GROUP),
            people(["planner", "petri"], R.PROFESSIONAL, 2),
            orgs(["jokisato"], R.PARTNER),
            description="Rent-free until the lease ends on 31 December 2025, when the "
            "building is to be converted into flats.",
        ),
        activity(
            S.DESIGN,
            "Design the space together",
            AK.WORKSHOP,
            at("2025-04-05", "12:00"),
            4,
            L.EMPOWER,
            M.VOICE,
            people(b.sample(members, 12), R.RESIDENT, 4),
            orgs(["oldmill"], R.COMMUNITY_GROUP),
            place=PLACE,
        ),
        activity(
            S.DELIVERY,
            "Renovation work party",
            AK.VOLUNTEER_SHIFT,
            at("2025-04-26", "10:00"),
            6,
            L.EMPOWER,
            M.DOING,
            people(b.sample(members, 14), R.RESIDENT, 6),
            orgs(["oldmill"], R.COMMUNITY_GROUP),
            place=PLACE,
        ),
    ]


def _open_houses(b: Builder, members: list[str]) -> list[ActivitySpec]:
    """Every other Saturday from May, every Saturday from the autumn until the lease ends."""
    acts = []
    day = d("2025-05-03")
    for n in range(20):
        weeks = 2 * n if n < 11 else 20 + (n - 10)
        when = at((day + dt.timedelta(weeks=weeks)).isoformat(), "12:00")
        acts.append(
            activity(
                S.DELIVERY,
                f"Open house, Saturday {n + 1}",
                AK.VOLUNTEER_SHIFT,
                when,
                5,
                L.EMPOWER,
                M.DOING,
                people(b.sample(members, b.rng.randint(2, 4)), R.RESIDENT, 5),
                orgs(["oldmill"], R.COMMUNITY_GROUP),
                place=PLACE,
            )
        )
    return acts


def _markets_and_assessment(b: Builder, members: list[str]) -> list[ActivitySpec]:
    return [
        activity(
            S.DELIVERY,
            "Flea market and children's afternoon",
            AK.EVENT,
            at("2025-09-13", "11:00"),
            5,
            L.EMPOWER,
            M.DOING,
            people(b.sample(members, 8), R.RESIDENT, 5),
            orgs(["oldmill", "ukrainian"], R.COMMUNITY_GROUP),
            orgs(["library"], R.PARTNER),
            place=PLACE,
        ),
        activity(
            S.DELIVERY,
            "Winter evening market",
            AK.EVENT,
            at("2025-12-13", "15:00"),
            4,
            L.EMPOWER,
            M.DOING,
            people(b.sample(members, 7), R.RESIDENT, 4),
            orgs(["oldmill", "somali"], R.COMMUNITY_GROUP),
            place=PLACE,
        ),
        activity(
            S.ASSESSMENT,
            "What will outlast the lease?",
            AK.WORKSHOP,
            at("2025-12-20", "12:00"),
            3,
            L.INVOLVE,
            M.VOICE,
            people(b.sample(members, 10), R.RESIDENT, 3),
            orgs(["oldmill"], R.COMMUNITY_GROUP),
            people(["planner", "coordinator"], R.PROFESSIONAL, 3),
            place=PLACE,
            description="Residents and the city list what should last after December: "
            "the collective, the Saturday market, a new home for the book swap; and what "
            "will not without premises.",
        ),
    ]


def initiatives(b: Builder) -> list[InitiativeSpec]:
    members = b.crowd(**MEMBERS)
    acts = (
        _agreement_design_renovation(b, members)
        + _open_houses(b, members)
        + _markets_and_assessment(b, members)
    )
    return [initiative(OLD_MILL, acts, _contributions(members[0]))]
