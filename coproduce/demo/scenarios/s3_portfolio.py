"""Scenario 3, the 4 Co's across a portfolio: twelve smaller initiatives of the city, each
classified by co-commissioning, co-design, co-delivery and co-assessment, individual or
collective, voice or doing. Some are co-produced as declared; some only in their
declarations (the records show residents consulted or informed, or no residents at all);
one is honestly professional-led, one is only an idea.

The crowds of the portfolio are made first, all of them, then the initiatives in their
order: the random choices are drawn in that order."""

import datetime as dt

from coproduce.initiatives.vocab import Scope

from ..spec import ContributionSpec, InitiativeSpec
from .builder import (
    AB,
    AK,
    CK,
    MIX_CITY,
    MIX_FINNISH,
    MR,
    PR,
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

# The crowds of the portfolio: Builder.crowd's arguments, in the order they are made.
_READING = {
    "prefix": "reader",
    "n": 4,
    "organisation": "library",
    "role": MR.VOLUNTEER,
    "title": "Reading buddy",
    "mix": MIX_CITY,
    "ages": [AB.A65_74, AB.A45_64, AB.A18_29],
    "consent_at": at("2025-08-20", "12:00"),
}
_PARK_RESIDENTS = {
    "prefix": "parkresident",
    "n": 24,
    "organisation": None,
    "role": "",
    "mix": MIX_CITY,
    "ages": [AB.A18_29, AB.A30_44, AB.A45_64, AB.A65_74],
    "consent_at": at("2025-05-20", "12:00"),
}
_PUPILS = {
    "prefix": "pupil",
    "n": 10,
    "organisation": "school",
    "role": MR.SERVICE_USER,
    "title": "Pupil",
    "mix": MIX_CITY,
    "ages": [AB.UNDER_18],
    "district": "Koivumäki",
    "consent_at": at("2025-08-25", "12:00"),
}
_YOUTHS = {
    "prefix": "youth",
    "n": 14,
    "organisation": "youth",
    "role": MR.SERVICE_USER,
    "title": "Youth council member",
    "mix": MIX_CITY,
    "ages": [AB.UNDER_18, AB.A18_29],
    "consent_at": at("2025-01-20", "12:00"),
}
_SNOW = {
    "prefix": "snowbuddy",
    "n": 5,
    "organisation": "hopeakuu",
    "role": MR.VOLUNTEER,
    "title": "Snow buddy",
    "mix": MIX_FINNISH,
    "ages": [AB.A18_29, AB.A30_44, AB.A65_74],
    "consent_at": at("2025-01-05", "12:00"),
}
_RELATIVES = {
    "prefix": "relative",
    "n": 6,
    "organisation": None,
    "role": "",
    "mix": MIX_FINNISH,
    "ages": [AB.A45_64, AB.A65_74],
    "consent_at": at("2025-04-01", "12:00"),
}
_CARERESIDENTS = {
    "prefix": "careresident",
    "n": 3,
    "organisation": "seniors",
    "role": MR.SERVICE_USER,
    "mix": MIX_FINNISH,
    "ages": [AB.A75],
    "consent_at": at("2025-04-01", "12:00"),
}
_GARDENERS = {
    "prefix": "gardener",
    "n": 8,
    "organisation": "gardeners",
    "role": MR.MEMBER,
    "mix": MIX_CITY,
    "ages": [AB.A30_44, AB.A45_64, AB.A65_74],
    "district": "Eastside",
    "consent_at": at("2025-04-15", "12:00"),
}
_PEERS = {
    "prefix": "peeradviser",
    "n": 3,
    "organisation": "youthhousing",
    "role": MR.VOLUNTEER,
    "title": "Peer housing adviser",
    "mix": MIX_CITY,
    "ages": [AB.A18_29],
    "consent_at": at("2025-09-15", "12:00"),
}
_SENIORS = {
    "prefix": "senior",
    "n": 18,
    "organisation": "hopeakuu",
    "role": MR.MEMBER,
    "mix": MIX_FINNISH,
    "ages": [AB.A65_74, AB.A75],
    "consent_at": at("2025-02-01", "12:00"),
}
CROWDS = {
    "reading": _READING,
    "park_residents": _PARK_RESIDENTS,
    "pupils": _PUPILS,
    "youths": _YOUTHS,
    "snow": _SNOW,
    "relatives": _RELATIVES,
    "careresidents": _CARERESIDENTS,
    "gardeners": _GARDENERS,
    "peers": _PEERS,
    "seniors": _SENIORS,
}


READING_BUDDIES = {
    "scenario": 3,
    "slug": "reading-buddies",
    "name": "Reading buddies",
    "description": "Volunteers read with children who find "
    "reading hard, one volunteer with one or two children at a time.",
    "lead": "library",
    "status": ST.RUNNING,
    "start_date": d("2025-09-01"),
    "end_date": d("2026-05-31"),
    "place": "Koivumäki branch library",
    "co_delivery": True,
    "declared_scope": Scope.INDIVIDUAL,
    "intended_outcomes": "Children read more and with more pleasure.",
    "partners": [("school", PR.REFERRER)],
    "services": ["library"],
}


def _reading_buddies(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Real, individual co-delivery: one volunteer reads with children at a time."""
    reading = c["reading"]
    acts = [
        activity(
            S.DELIVERY,
            "Introduction for reading buddies",
            AK.TRAINING,
            at("2025-09-02", "17:00"),
            2,
            L.INFORM,
            M.VOICE,
            people(reading, R.VOLUNTEER, 2),
            people(["librarian"], R.PROFESSIONAL, 2),
        )
    ]
    for n in range(10):
        when = at((d("2025-09-09") + dt.timedelta(weeks=2 * n)).isoformat(), "15:00")
        acts.append(
            activity(
                S.DELIVERY,
                f"Reading buddy afternoon {n + 1}",
                AK.VOLUNTEER_SHIFT,
                when,
                1.5,
                L.INVOLVE,
                M.DOING,
                people([reading[n % 4]], R.VOLUNTEER, 1.5),
                place="Koivumäki branch library",
            )
        )
    return initiative(READING_BUDDIES, acts)


PARK_MASTER_PLAN = {
    "scenario": 3,
    "slug": "riverside-park-master-plan",
    "name": "Riverside Park master plan",
    "description": 'A new master plan for the city\'s central park, "designed together with residents".',
    "lead": "urban",
    "status": ST.RUNNING,
    "start_date": d("2025-05-01"),
    "end_date": d("2026-06-30"),
    "place": "Riverside Park",
    "co_design": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "A park plan residents recognise as theirs.",
    "services": ["parks"],
}


def _park_master_plan(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Rhetoric: co-design declared, but residents only consulted and informed."""
    park_residents = c["park_residents"]
    acts = [
        activity(
            S.COMMISSIONING,
            "City board brief for the park plan",
            AK.MEETING,
            at("2025-05-06", "14:00"),
            1.5,
            L.INFORM,
            M.VOICE,
            people(["petri", "parks", "planner"], R.PROFESSIONAL, 1.5),
        ),
        activity(
            S.DESIGN,
            "Online survey: wishes for Riverside Park",
            AK.SURVEY_WAVE,
            at("2025-05-20", "09:00"),
            0.3,
            L.CONSULT,
            M.VOICE,
            people(b.sample(park_residents, 21), R.RESIDENT, 0.3),
        ),
        activity(
            S.DESIGN,
            "Design team workshop 1",
            AK.WORKSHOP,
            at("2025-06-10", "09:00"),
            4,
            L.COLLABORATE,
            M.VOICE,
            people(["parks", "planner", "trafficeng"], R.PROFESSIONAL, 4),
        ),
        activity(
            S.DESIGN,
            "Design team workshop 2",
            AK.WORKSHOP,
            at("2025-09-16", "09:00"),
            4,
            L.COLLABORATE,
            M.VOICE,
            people(["parks", "planner"], R.PROFESSIONAL, 4),
        ),
        activity(
            S.DESIGN,
            "Residents' evening: the draft plan presented",
            AK.EVENT,
            at("2025-10-07"),
            2,
            L.INFORM,
            M.VOICE,
            people(b.sample(park_residents, 15), R.RESIDENT, 2),
            people(["parks", "planner"], R.PROFESSIONAL, 2),
            place="Main library hall",
        ),
    ]
    return initiative(PARK_MASTER_PLAN, acts)


SCHOOL_MEALS = {
    "scenario": 3,
    "slug": "school-meals-with-pupils",
    "name": "School meals with pupils",
    "description": "A pupils' panel designs the spring menu with the kitchen.",
    "lead": "education",
    "status": ST.RUNNING,
    "start_date": d("2025-08-11"),
    "end_date": d("2026-05-30"),
    "place": "Koivumäki Comprehensive School",
    "co_design": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Less food waste; pupils eat the school lunch.",
    "partners": [("school", PR.HOST)],
    "services": ["school-meals"],
}


def _school_meals(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Real co-design with pupils."""
    pupils = c["pupils"]
    acts = []
    for n, day in enumerate(["2025-09-04", "2025-10-02", "2025-11-06"]):
        acts.append(
            activity(
                S.DESIGN,
                f"Pupils' menu panel {n + 1}",
                AK.WORKSHOP,
                at(day, "12:30"),
                1.5,
                L.COLLABORATE,
                M.VOICE,
                people(b.sample(pupils, 8), R.SERVICE_USER, 1.5),
                people(["kitchen", "principal"], R.PROFESSIONAL, 1.5),
                place="Koivumäki school",
            )
        )
    acts.append(
        activity(
            S.DELIVERY,
            "Menu week with the pupils' dishes",
            AK.OTHER,
            at("2026-01-19", "10:30"),
            3,
            L.INFORM,
            M.DOING,
            people(["kitchen"], R.PROFESSIONAL, 3),
        )
    )
    return initiative(SCHOOL_MEALS, acts)


YOUTH_BUDGET = {
    "scenario": 3,
    "slug": "youth-participatory-budget",
    "name": "Youth participatory budget 2025",
    "description": "Young people propose and decide how EUR 40,000 of the youth budget is spent.",
    "lead": "youth",
    "status": ST.EVALUATED,
    "start_date": d("2025-01-15"),
    "end_date": d("2025-06-30"),
    "place": "Citywide",
    "co_commissioning": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Young people's priorities funded; trust in the city among the young.",
    "services": ["youth-work"],
}


def _youth_budget(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Real co-commissioning: young people decide how the youth budget is spent."""
    youths = c["youths"]
    acts = [
        activity(
            S.COMMISSIONING,
            "Youth council drafts the proposals",
            AK.WORKSHOP,
            at("2025-02-05", "17:00"),
            3,
            L.EMPOWER,
            M.VOICE,
            people(youths[:10], R.SERVICE_USER, 3),
            people(["youth2"], R.PROFESSIONAL, 3),
            place="Youth House Centre",
        ),
        activity(
            S.COMMISSIONING,
            "Young people vote on the budget",
            AK.SURVEY_WAVE,
            at("2025-03-10", "08:00"),
            0.2,
            L.EMPOWER,
            M.VOICE,
            people(youths, R.SERVICE_USER, 0.2),
            description="Binding vote: EUR 40,000 across the five winning proposals.",
        ),
        activity(
            S.DELIVERY,
            "Funded projects carried out by youth services",
            AK.OTHER,
            at("2025-05-05", "09:00"),
            6,
            L.INFORM,
            M.DOING,
            people(["youth2", "professional"], R.PROFESSIONAL, 6),
        ),
        activity(
            S.ASSESSMENT,
            "Youth council reviews the funded projects",
            AK.MEETING,
            at("2025-06-11", "17:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(youths[:8], R.SERVICE_USER, 2),
            people(["youth2"], R.PROFESSIONAL, 2),
        ),
    ]
    return initiative(YOUTH_BUDGET, acts)


SNOW_BUDDIES = {
    "scenario": 3,
    "slug": "snow-buddies",
    "name": "Snow buddies",
    "description": "Volunteers clear the snow for older neighbours who "
    "live at home, each volunteer for one or two neighbours.",
    "lead": "seniors",
    "status": ST.CLOSED,
    "start_date": d("2025-01-07"),
    "end_date": d("2025-03-31"),
    "place": "Northbank and Eastside",
    "co_delivery": True,
    "declared_scope": Scope.INDIVIDUAL,
    "intended_outcomes": "Older people stay safe at home through the winter.",
    "partners": [("hopeakuu", PR.DELIVERY)],
    "services": ["home-support-older"],
}


def _snow_buddies(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Real, individual co-delivery: one volunteer per shift clears snow for a neighbour."""
    snow = c["snow"]
    acts = []
    for n in range(12):
        when = at((d("2025-01-08") + dt.timedelta(days=6 * n)).isoformat(), "07:30")
        acts.append(
            activity(
                S.DELIVERY,
                f"Snow shovelling round {n + 1}",
                AK.VOLUNTEER_SHIFT,
                when,
                2,
                L.INVOLVE,
                M.DOING,
                people([snow[n % 5]], R.VOLUNTEER, 2),
            )
        )
    acts.append(
        activity(
            S.ASSESSMENT,
            "End-of-winter check by home care",
            AK.MEETING,
            at("2025-03-27", "10:00"),
            1,
            L.INFORM,
            M.VOICE,
            people(["seniorlead"], R.PROFESSIONAL, 1),
        )
    )
    return initiative(SNOW_BUDDIES, acts)


DIGITAL_STRATEGY = {
    "scenario": 3,
    "slug": "digital-support-strategy",
    "name": "Digital support strategy 2026–2028",
    "description": 'How residents get help with e-services: "co-designed with the residents who need it '
    'and assessed with them".',
    "lead": "digital",
    "status": ST.RUNNING,
    "start_date": d("2025-08-01"),
    "end_date": d("2026-04-30"),
    "place": "Citywide",
    "co_design": True,
    "co_assessment": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Every resident can use the city's e-services or get help to.",
    "partners": [
        ("library", PR.DELIVERY),
        ("kela", PR.ADVISOR),
        ("seniors", PR.ADVISOR),
    ],
    "services": ["digital-support"],
}


def _digital_strategy(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Rhetoric: co-design and co-assessment declared, only professionals in the records."""
    staff = ["digiunit", "digilib", "seniorlead", "kelaadv", "participation"]
    acts = [
        activity(
            S.DESIGN,
            f"Strategy workshop {n + 1}",
            AK.WORKSHOP,
            at(day, "09:00"),
            3,
            L.COLLABORATE,
            M.VOICE,
            people(staff, R.PROFESSIONAL, 3),
            place="City Hall",
        )
        for n, day in enumerate(["2025-09-03", "2025-10-08", "2025-11-12"])
    ] + [
        activity(
            S.ASSESSMENT,
            "Indicator review of the strategy",
            AK.MEETING,
            at("2026-02-11", "13:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(["digiunit", "participation"], R.PROFESSIONAL, 2),
        )
    ]
    return initiative(DIGITAL_STRATEGY, acts)


CARE_HOME_PANEL = {
    "scenario": 3,
    "slug": "care-home-quality-panel",
    "name": "Care home quality panel",
    "description": "Relatives and residents assess the quality of care homes with the staff.",
    "lead": "seniors",
    "status": ST.RUNNING,
    "start_date": d("2025-04-01"),
    "place": "Care home Kotikoivu",
    "co_assessment": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Quality problems seen early, by the people who live with them.",
    "partners": [("hopeakuu", PR.EVALUATOR)],
    "services": ["care-homes"],
}


def _care_home_panel(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Real co-assessment: relatives and residents walk through care homes."""
    relatives = c["relatives"]
    careresidents = c["careresidents"]
    acts = []
    for n, day in enumerate(["2025-04-23", "2025-06-18", "2025-10-15", "2026-02-18"]):
        acts.append(
            activity(
                S.ASSESSMENT,
                f"Quality walk-through {n + 1}",
                AK.WALK_THROUGH,
                at(day, "10:00"),
                2.5,
                L.INVOLVE,
                M.VOICE,
                people(b.sample(relatives, 3), R.RESIDENT, 2.5),
                people([careresidents[n % 3]], R.SERVICE_USER, 1),
                people(["carehome"], R.PROFESSIONAL, 2.5),
                place="Care home Kotikoivu",
            )
        )
    return initiative(CARE_HOME_PANEL, acts)


COMMUNITY_GARDENS = {
    "scenario": 3,
    "slug": "eastside-community-gardens",
    "name": "Eastside community gardens",
    "description": "Residents lay out and run community garden plots on city land.",
    "lead": "urban",
    "status": ST.CLOSED,
    "start_date": d("2025-04-15"),
    "end_date": d("2025-10-31"),
    "place": "Eastside",
    "co_design": True,
    "co_delivery": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Thirty plots in use; neighbours who know each other.",
    "partners": [("gardeners", PR.CO_LEAD)],
    "services": ["parks"],
}
COMMUNITY_GARDENS_CONTRIBUTIONS = [
    ContributionSpec(
        CK.MATERIALS,
        "Seedlings and compost",
        d("2025-05-10"),
        h(380),
        organisation="gardeners",
    )
]


def _community_gardens(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Real collective co-design and co-delivery with a community group."""
    gardeners = c["gardeners"]
    acts = [
        activity(
            S.DESIGN,
            "Plot layout workshop",
            AK.WORKSHOP,
            at("2025-04-16"),
            2.5,
            L.COLLABORATE,
            M.VOICE,
            people(gardeners[:6], R.RESIDENT, 2.5),
            orgs(["gardeners"], R.COMMUNITY_GROUP),
            people(["parks"], R.PROFESSIONAL, 2.5),
            place="Eastside community hall",
        )
    ]
    for n, day in enumerate(
        [
            "2025-05-10",
            "2025-05-31",
            "2025-06-21",
            "2025-08-09",
            "2025-09-13",
            "2025-10-18",
        ]
    ):
        acts.append(
            activity(
                S.DELIVERY,
                f"Garden work day {n + 1}",
                AK.VOLUNTEER_SHIFT,
                at(day, "10:00"),
                4,
                L.EMPOWER,
                M.DOING,
                people(b.sample(gardeners, 5), R.RESIDENT, 4),
                orgs(["gardeners"], R.COMMUNITY_GROUP),
                place="Eastside allotments",
            )
        )
    return initiative(COMMUNITY_GARDENS, acts, COMMUNITY_GARDENS_CONTRIBUTIONS)


TRAFFIC_SAFETY_PLAN = {
    "scenario": 3,
    "slug": "traffic-safety-plan",
    "name": "Traffic safety plan 2026–2030",
    "description": "The statutory traffic safety plan, prepared by the city's traffic engineers.",
    "lead": "urban",
    "status": ST.PLANNED,
    "start_date": d("2026-04-01"),
    "end_date": d("2026-12-31"),
    "place": "Citywide",
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Fewer injuries; safer routes to school.",
    "services": ["traffic-safety"],
}


def _traffic_safety_plan(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Honestly professional-led: nothing declared, residents consulted."""
    park_residents = c["park_residents"]
    acts = [
        activity(
            S.COMMISSIONING,
            "Scoping meeting for the plan",
            AK.MEETING,
            at("2026-02-10", "13:00"),
            2,
            L.INFORM,
            M.VOICE,
            people(["trafficeng", "petri", "planner"], R.PROFESSIONAL, 2),
        ),
        activity(
            S.DESIGN,
            "Map survey: where do you feel unsafe in traffic?",
            AK.SURVEY_WAVE,
            at("2026-02-16", "08:00"),
            0.3,
            L.CONSULT,
            M.VOICE,
            people(b.sample(park_residents, 17), R.RESIDENT, 0.3),
        ),
    ]
    return initiative(TRAFFIC_SAFETY_PLAN, acts)


HOUSING_ADVICE = {
    "scenario": 3,
    "slug": "housing-advice-for-young-people",
    "name": "Housing advice for young people",
    "description": "Young peer advisers who once nearly lost their home advise young tenants, with a "
    "housing counsellor; meant as group evenings, run as one-to-one sessions.",
    "lead": "social",
    "status": ST.RUNNING,
    "start_date": d("2025-10-01"),
    "end_date": d("2026-09-30"),
    "place": "Youth House Centre",
    "co_delivery": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Fewer evictions of young tenants.",
    "partners": [("youthhousing", PR.DELIVERY), ("youth", PR.HOST)],
    "services": ["housing-advice"],
}


def _housing_advice(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Co-delivery real, but collective declared and the records show individual work."""
    peers = c["peers"]
    acts = []
    for n in range(8):
        when = at((d("2025-10-07") + dt.timedelta(weeks=2 * n)).isoformat(), "15:00")
        acts.append(
            activity(
                S.DELIVERY,
                f"Peer housing advice session {n + 1}",
                AK.MEETING,
                when,
                2,
                L.INVOLVE,
                M.DOING,
                people([peers[n % 3]], R.VOLUNTEER, 2),
                people(["youthhousingw"], R.PROFESSIONAL, 2),
                place="Youth House Centre",
            )
        )
    return initiative(HOUSING_ADVICE, acts)


CULTURE_FOR_SENIORS = {
    "scenario": 3,
    "slug": "culture-for-seniors",
    "name": "Culture for seniors 2025",
    "description": 'A season of concerts and matinees "chosen together with the seniors".',
    "lead": "education",
    "status": ST.CLOSED,
    "start_date": d("2025-02-01"),
    "end_date": d("2025-12-31"),
    "place": "Citywide",
    "co_commissioning": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Older residents take part in cultural life.",
    "partners": [("hopeakuu", PR.ADVISOR)],
    "services": ["culture-older"],
}


def _culture_for_seniors(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """Rhetoric: co-commissioning declared, seniors only informed."""
    seniors = c["seniors"]
    acts = [
        activity(
            S.COMMISSIONING,
            "Information evening: this season's programme",
            AK.EVENT,
            at("2025-02-12", "14:00"),
            2,
            L.INFORM,
            M.VOICE,
            people(seniors, R.RESIDENT, 2),
            people(["culture"], R.PROFESSIONAL, 2),
            place="Main library hall",
        )
    ]
    for n, day in enumerate(["2025-03-12", "2025-04-16", "2025-09-17", "2025-11-19"]):
        acts.append(
            activity(
                S.DELIVERY,
                f"Afternoon concert {n + 1}",
                AK.EVENT,
                at(day, "14:00"),
                2,
                L.INFORM,
                M.VOICE,
                people(["culture"], R.PROFESSIONAL, 4),
            )
        )
    return initiative(CULTURE_FOR_SENIORS, acts)


CLIMATE_ASSEMBLY = {
    "scenario": 3,
    "slug": "climate-assembly",
    "name": "Riverside climate assembly",
    "description": "An idea: a citizens' assembly drawn by lot to recommend the city's climate measures.",
    "lead": "co_unit",
    "status": ST.IDEA,
    "start_date": None,
    "place": "Citywide",
    "declared_scope": Scope.COLLECTIVE,
}


def _climate_assembly(b: Builder, c: dict[str, list[str]]) -> InitiativeSpec:
    """An idea, nothing declared yet."""
    acts = [
        activity(
            S.COMMISSIONING,
            "Exploratory meeting with the environment committee",
            AK.MEETING,
            at("2026-02-24", "16:00"),
            1.5,
            L.INFORM,
            M.VOICE,
            people(["coordinator", "participation", "petri"], R.PROFESSIONAL, 1.5),
        )
    ]
    return initiative(CLIMATE_ASSEMBLY, acts)


PORTFOLIO = [
    _reading_buddies,
    _park_master_plan,
    _school_meals,
    _youth_budget,
    _snow_buddies,
    _digital_strategy,
    _care_home_panel,
    _community_gardens,
    _traffic_safety_plan,
    _housing_advice,
    _culture_for_seniors,
    _climate_assembly,
]


def initiatives(b: Builder) -> list[InitiativeSpec]:
    c = {name: b.crowd(**spec) for name, spec in CROWDS.items()}
    return [make(b, c) for make in PORTFOLIO]
