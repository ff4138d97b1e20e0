"""What co-production achieved, and for whom, in the demo's scenarios 1, 3 and 6 (issue 5).

On top of the initiatives the spec made, and through the services only (so that every
record is validated and has its audit event):

- **value**: the City of Riverside's replacement-cost rate of an hour per role, with its
  source; professional time and money spent; an SROI with its assumptions for the
  Koivumäki pilot (scenario 1), Snow buddies (scenario 3) and the Old Mill space
  (scenario 6);
- **outcomes** of the three kinds with indicators, baselines, targets and dated
  measurements: the pilot, five initiatives of the portfolio, the Old Mill space; and one
  indicator of scenario 8's programme taken from its trust panel (the mean of "Trust in
  the service provider" in each wave: an indicator can only use a panel of its own
  initiative, so the scale's indicator belongs to scenario 8);
- **who takes part**: population figures of the whole city, of Koivumäki (its adults,
  the pilot's age universe) and of the Old Mill Quarter, in the shape public statistics
  give them (age band, gender, first language, district); the Koivumäki residents who
  answered the pilot's feedback survey in January 2026 gave their demographics with
  consent, and they show young adults (18–29) plainly under-represented in the pilot,
  while residents of 65 and over are over-represented;
- **sustainability** of the Old Mill space, whose lease ended on 31 December 2025: two
  residents who came to an open day and later organised (one ran a kitchen of her own, one
  hosts the reading café), a training for the hosts, partnerships that end before and with
  the lease and two that continue after it, activities that continued after the lease (the
  library's reading café, the Saturday market and the resident-run kitchen at the parish
  hall), and two assessments, one before the end date (October 2025) and one after it
  (March 2026), the later naming what weakened.

Everything is dated before the demo's "today" (16 March 2026). The population figures and
the rates are demo figures shaped on Statistics Finland's tables, not official numbers.
"""

import datetime as dt
import random
from dataclasses import dataclass, field
from decimal import Decimal

from faker.providers.person.en_GB import Provider as EnNames
from faker.providers.person.fi_FI import Provider as FiNames
from faker.providers.person.sv_SE import Provider as SvNames

from coproduce.evaluation.models import Panel
from coproduce.initiatives.models import (
    Activity,
    Initiative,
    InitiativePartner,
    Participation,
)
from coproduce.initiatives.services import (
    activity_create,
    participation_add,
    partner_add,
    partner_update,
)
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Stage
from coproduce.outcomes import services as outcomes
from coproduce.outcomes.models import Cost, Indicator, Outcome, ValueRate, ValueTag
from coproduce.people.models import Membership, Organisation, Person
from coproduce.people.services import membership_create, person_create, person_update
from coproduce.representativeness import services as representativeness
from coproduce.sustainability.models import Dimension
from coproduce.sustainability.services import assessment_create

from .scenarios import NAMES, SCENARIOS, at, d, h

PILOT = SCENARIOS[1][0]
OLD_MILL = SCENARIOS[6][0]
PROGRAMME = SCENARIOS[8][0]
SEED = 2026
DEMO_SOURCE = (
    "Demo figures shaped on Statistics Finland's population structure statistics "
    "(population by age, sex, language and area on 31 December); not official numbers."
)

# --------------------------------------------------------------------------------------
# Value: the rates of an hour per role, with their sources (standards.md §4.5)

EARNINGS_URL = "https://stat.fi/en/statistics/pra"
RATES = [
    # role, EUR per hour, method, ISCO-08, value tag, source
    (
        ActorRole.VOLUNTEER,
        "19.40",
        ValueRate.Method.GENERALIST,
        "5322",
        ValueTag.PUBLIC,
        "Replacement cost: average hourly earnings of home-based personal care "
        "workers (ISCO-08 5322), Structure of Earnings 2023, with 21 % employer's "
        "costs (demo figure).",
    ),
    (
        ActorRole.RESIDENT,
        "19.40",
        ValueRate.Method.GENERALIST,
        "5322",
        ValueTag.GROUP,
        "As volunteers: residents' work for their neighbourhood is valued at the "
        "generalist replacement cost (demo figure).",
    ),
    (
        ActorRole.SERVICE_USER,
        "12.00",
        ValueRate.Method.FLAT,
        "",
        ValueTag.PRIVATE,
        "Flat rate for service users' time in co-design and delivery, set by the "
        "Participation and Co-production Unit at about 60 % of the generalist rate "
        "(demo assumption).",
    ),
    (
        ActorRole.COMMUNITY_GROUP,
        "19.40",
        ValueRate.Method.GENERALIST,
        "5322",
        ValueTag.GROUP,
        "Hours recorded for a group as a whole, at the generalist replacement cost "
        "(demo figure).",
    ),
    (
        ActorRole.PROFESSIONAL,
        "42.50",
        ValueRate.Method.SPECIALIST,
        "2635",
        ValueTag.PUBLIC,
        "Average cost of an hour of a city professional (social work and counselling "
        "professionals, ISCO-08 2635) with employer's costs and overheads, City of "
        "Riverside payroll 2025 (demo figure).",
    ),
    (
        ActorRole.PARTNER,
        "38.00",
        ValueRate.Method.SPECIALIST,
        "3412",
        ValueTag.PUBLIC,
        "Hour of an NGO or partner professional (social work associate "
        "professionals, ISCO-08 3412) with employer's costs (demo figure).",
    ),
]


# --------------------------------------------------------------------------------------
# Outcomes, indicators and measurements


@dataclass(frozen=True)
class IndicatorSpec:
    name: str
    unit: str
    baseline: str
    target: str
    measurements: list[tuple[str, str, str]]  # (date, value, note)
    direction: str = Indicator.Direction.HIGHER


@dataclass(frozen=True)
class OutcomeSpec:
    kind: str
    name: str
    description: str
    indicators: list[IndicatorSpec] = field(default_factory=list)


PERSONAL, ORGANISATIONAL, PUBLIC = Outcome.Kind.values
LOWER = Indicator.Direction.LOWER

OUTCOMES: dict[str, list[OutcomeSpec]] = {
    PILOT: [
        OutcomeSpec(
            PERSONAL,
            "Residents feel at home in Koivumäki",
            "What residents asked for in the priority vote: to know their neighbours.",
            [
                IndicatorSpec(
                    "Respondents who know at least five neighbours by name",
                    "%",
                    "34",
                    "50",
                    [
                        ("2025-03-05", "34", "Priority vote, 22 respondents"),
                        ("2026-01-20", "43", "Feedback survey, 16 respondents"),
                    ],
                )
            ],
        ),
        OutcomeSpec(
            ORGANISATIONAL,
            "Departments learn to work with residents",
            "The manager's question: do the professionals of four departments know "
            "their new role?",
            [
                IndicatorSpec(
                    "Professionals who say their role in the pilot is clear",
                    "%",
                    "25",
                    "75",
                    [
                        ("2025-05-14", "25", "Asked after workshop 2"),
                        ("2025-12-03", "38", "Professionals' reflection"),
                    ],
                )
            ],
        ),
        OutcomeSpec(
            ORGANISATIONAL,
            "A living room open twice a month",
            "Run by residents in the school's dining hall.",
            [
                IndicatorSpec(
                    "Visitors per living-room evening (mean)",
                    "visitors",
                    "0",
                    "25",
                    [
                        ("2025-10-31", "14", "Evenings 1–4"),
                        ("2025-12-31", "21", "Evenings 5–8"),
                        ("2026-02-28", "23", "Evenings 9–12"),
                    ],
                )
            ],
        ),
        OutcomeSpec(
            PUBLIC,
            "Fewer places residents call unsafe",
            "Marked on the district map during the neighbourhood walk.",
            [
                IndicatorSpec(
                    "Places marked unsafe on the district map",
                    "places",
                    "17",
                    "8",
                    [
                        ("2025-04-26", "17", "Neighbourhood walk"),
                        ("2025-11-15", "12", "After the playground and lighting"),
                        ("2026-02-15", "10", "Winter check"),
                    ],
                    LOWER,
                )
            ],
        ),
    ],
    "reading-buddies": [
        OutcomeSpec(
            PERSONAL,
            "Children read more and with more pleasure",
            "",
            [
                IndicatorSpec(
                    "Children in the programme reading at their grade level",
                    "%",
                    "40",
                    "70",
                    [
                        ("2025-09-05", "40", "School's reading test, autumn"),
                        ("2025-12-15", "52", "Reading test, before Christmas"),
                    ],
                )
            ],
        )
    ],
    "school-meals-with-pupils": [
        OutcomeSpec(
            ORGANISATIONAL,
            "Less food waste",
            "",
            [
                IndicatorSpec(
                    "Plate waste per pupil a day",
                    "g",
                    "28",
                    "18",
                    [
                        ("2025-09-30", "28", "Kitchen's weighing, September"),
                        ("2025-11-28", "24", ""),
                        ("2026-02-27", "19", "After the menu week"),
                    ],
                    LOWER,
                )
            ],
        )
    ],
    "youth-participatory-budget": [
        OutcomeSpec(
            PUBLIC,
            "Young people's priorities funded",
            "",
            [
                IndicatorSpec(
                    "Young people who voted",
                    "votes",
                    "620",
                    "1000",
                    [
                        ("2024-04-30", "620", "The 2024 vote"),
                        ("2025-03-31", "1140", "The 2025 vote"),
                    ],
                )
            ],
        )
    ],
    "snow-buddies": [
        OutcomeSpec(
            PERSONAL,
            "Older people stay safe at home through the winter",
            "",
            [
                IndicatorSpec(
                    "Falls on snow or ice among the households helped",
                    "falls",
                    "4",
                    "1",
                    [
                        ("2024-03-31", "4", "Winter 2023–24, home care's records"),
                        ("2025-03-31", "1", "Winter 2024–25"),
                    ],
                    LOWER,
                )
            ],
        ),
        OutcomeSpec(
            ORGANISATIONAL,
            "Fewer emergency home-care visits after snowfall",
            "",
            [
                IndicatorSpec(
                    "Emergency home-care visits after snowfall",
                    "visits",
                    "11",
                    "5",
                    [
                        ("2024-03-31", "11", "Winter 2023–24"),
                        ("2025-03-31", "6", "Winter 2024–25"),
                    ],
                    LOWER,
                )
            ],
        ),
    ],
    "eastside-community-gardens": [
        OutcomeSpec(
            PUBLIC,
            "Thirty plots in use",
            "",
            [
                IndicatorSpec(
                    "Plots in use",
                    "plots",
                    "0",
                    "30",
                    [
                        ("2025-05-31", "18", ""),
                        ("2025-08-31", "27", ""),
                        ("2025-10-31", "26", "End of season"),
                    ],
                )
            ],
        ),
        OutcomeSpec(
            PERSONAL,
            "Neighbours who know each other",
            "",
            [
                IndicatorSpec(
                    "Gardeners who know five or more neighbours by name",
                    "%",
                    "30",
                    "60",
                    [
                        ("2025-04-22", "30", "At the plot layout workshop"),
                        ("2025-10-31", "55", "End of season"),
                    ],
                )
            ],
        ),
    ],
    OLD_MILL: [
        OutcomeSpec(
            PUBLIC,
            "A lively meeting place during the lease",
            "",
            [
                IndicatorSpec(
                    "Visits a month",
                    "visits",
                    "0",
                    "600",
                    [
                        ("2025-06-30", "310", "Door counter"),
                        ("2025-09-30", "520", ""),
                        ("2025-11-30", "480", "Autumn"),
                        ("2025-12-31", "610", "The last month, with the winter market"),
                    ],
                )
            ],
        ),
        OutcomeSpec(
            PERSONAL,
            "Residents feel less lonely",
            "",
            [
                IndicatorSpec(
                    "Visitors who say they met someone new",
                    "%",
                    "20",
                    "50",
                    [
                        ("2025-05-03", "20", "First open house"),
                        ("2025-09-13", "41", "Flea market"),
                        ("2025-12-20", "46", "What will outlast the lease?"),
                    ],
                )
            ],
        ),
        OutcomeSpec(
            ORGANISATIONAL,
            "A lasting home for the activities after the lease",
            "The Saturday market, the book swap, the clubs and the kitchen.",
            [
                IndicatorSpec(
                    "Activities with a home after the lease",
                    "activities",
                    "0",
                    "4",
                    [
                        ("2025-10-15", "0", ""),
                        (
                            "2026-03-12",
                            "3",
                            "Reading café at the library; market and kitchen at the "
                            "parish hall",
                        ),
                    ],
                )
            ],
        ),
    ],
}


# --------------------------------------------------------------------------------------
# Costs and the SROI


@dataclass(frozen=True)
class ValuationSpec:
    outcome: str  # the name of the outcome it values
    description: str
    quantity: str
    proxy: str
    source: str
    duration: int
    deadweight: str
    attribution: str
    drop_off: str
    tag: str
    displacement: str = "0"


COSTS: dict[str, list[tuple]] = {
    # kind, description, date, hours, EUR per hour (time) or amount (money), value tag
    PILOT: [
        (
            Cost.Kind.TIME,
            "Coordinator's preparation and follow-up, not recorded as activities",
            "2026-02-28",
            "160",
            "42.50",
        ),
        (Cost.Kind.MONEY, "Facilitation of the three workshops", "2025-09-10", "4800"),
        (Cost.Kind.MONEY, "Living room furniture and games", "2025-09-15", "2350"),
        (Cost.Kind.MONEY, "Evening programme: performers", "2026-02-25", "3900"),
    ],
    "snow-buddies": [
        (
            Cost.Kind.TIME,
            "Home care manager matches buddies and households",
            "2025-01-10",
            "24",
            "42.50",
        ),
        (Cost.Kind.MONEY, "Shovels, grit and reflective vests", "2025-01-07", "640"),
    ],
    OLD_MILL: [
        (
            Cost.Kind.TIME,
            "Legal and building-control work on the temporary-use agreement",
            "2025-03-31",
            "46",
            "55.00",
        ),
        (Cost.Kind.MONEY, "Insurance and electricity", "2025-12-31", "5400"),
        (Cost.Kind.MONEY, "Fire safety check and repairs", "2025-04-20", "1250"),
    ],
}

SROI: dict[str, tuple[str, list[ValuationSpec]]] = {
    PILOT: (
        "Proxies are demo figures: the wellbeing value of knowing one's neighbours "
        "adapted from wellbeing-valuation banks and converted to euros, and the city's "
        "own estimate of what an unsafe place costs in reports, repairs and call-outs. "
        "Deadweight from the districts without a pilot; attribution for the lighting "
        "the city would have renewed anyway. Check every proxy before you rely on it.",
        [
            ValuationSpec(
                "Residents feel at home in Koivumäki",
                "Residents who got to know their neighbours",
                "14",
                "1550",
                "Wellbeing value of talking to neighbours weekly (demo proxy)",
                2,
                "0.25",
                "0.30",
                "0.50",
                ValueTag.PRIVATE,
            ),
            ValuationSpec(
                "Fewer places residents call unsafe",
                "Unsafe places put right",
                "7",
                "900",
                "City of Riverside: reports, repairs and call-outs a place a year "
                "(demo estimate)",
                3,
                "0.20",
                "0.40",
                "0.30",
                ValueTag.PUBLIC,
            ),
            ValuationSpec(
                "A living room open twice a month",
                "Evenings run by residents instead of staff",
                "24",
                "640",
                "Two youth workers for four hours at the professional rate "
                "(demo estimate)",
                1,
                "0.10",
                "0.20",
                "0",
                ValueTag.GROUP,
            ),
        ],
    ),
    "snow-buddies": (
        "Proxy of a fall from the cost of a fall-related hospital episode in the first "
        "year (demo figure); deadweight from the winter before, attribution for the "
        "city's own ploughing.",
        [
            ValuationSpec(
                "Older people stay safe at home through the winter",
                "Falls on snow or ice avoided",
                "3",
                "7500",
                "Cost of a fall-related hospital episode, first year (demo proxy)",
                1,
                "0.20",
                "0.30",
                "0",
                ValueTag.PUBLIC,
            ),
            ValuationSpec(
                "Fewer emergency home-care visits after snowfall",
                "Emergency home-care visits avoided",
                "5",
                "180",
                "Cost of an emergency home-care visit, county price list 2025 "
                "(demo figure)",
                1,
                "0.10",
                "0.20",
                "0",
                ValueTag.PUBLIC,
            ),
        ],
    ),
    OLD_MILL: (
        "Proxies are demo figures: the wellbeing value of meeting new people, and what "
        "it would cost the city to run a weekly community activity. The building given "
        "rent-free is an input (in kind), not an outcome.",
        [
            ValuationSpec(
                "Residents feel less lonely",
                "Visitors who met someone new",
                "40",
                "1200",
                "Wellbeing value of meeting new people regularly (demo proxy)",
                1,
                "0.30",
                "0.20",
                "0",
                ValueTag.PRIVATE,
            ),
            ValuationSpec(
                "A lasting home for the activities after the lease",
                "Weekly activities that go on after the lease",
                "2",
                "6000",
                "City's cost of running one weekly community activity (demo estimate)",
                3,
                "0.10",
                "0.30",
                "0.20",
                ValueTag.GROUP,
            ),
        ],
    ),
}


# --------------------------------------------------------------------------------------
# Population figures (dimension, group, count)

CITY = {
    "age_band": [
        ("0-17", 21700),
        ("18-29", 21200),
        ("30-44", 23300),
        ("45-64", 28400),
        ("65-74", 14100),
        ("75+", 11700),
    ],
    "gender": [("woman", 61200), ("man", 59200)],
    "first_language": [
        ("fi", 98900),
        ("sv", 6000),
        ("ru", 2600),
        ("uk", 2300),
        ("et", 2200),
        ("ar", 2100),
        ("so", 1700),
        ("en", 1500),
        ("fa", 1200),
        ("vi", 900),
        ("other", 1000),
    ],
    "district": [
        ("Koivumäki", 14800),
        ("Old Mill Quarter", 9600),
        ("Eastside", 24900),
        ("Centre", 27300),
        ("Northbank", 22100),
        ("Harbour", 21700),
    ],
}
# Koivumäki's adults: the district has the vocational college's student flats, so a
# third of its adults are 18–29.
KOIVUMAKI = {
    "age_band": [
        ("18-29", 3550),
        ("30-44", 2900),
        ("45-64", 2700),
        ("65-74", 1150),
        ("75+", 850),
    ],
    "gender": [("woman", 5700), ("man", 5450)],
    "first_language": [
        ("fi", 9300),
        ("sv", 520),
        ("so", 330),
        ("ar", 290),
        ("uk", 240),
        ("et", 210),
        ("en", 120),
        ("fa", 80),
        ("vi", 60),
    ],
}
OLD_MILL_QUARTER = {
    "age_band": [
        ("0-17", 1400),
        ("18-29", 2300),
        ("30-44", 2200),
        ("45-64", 2000),
        ("65-74", 950),
        ("75+", 750),
    ],
    "gender": [("woman", 4900), ("man", 4700)],
    "first_language": [
        ("fi", 7600),
        ("sv", 420),
        ("et", 360),
        ("ru", 330),
        ("uk", 300),
        ("ar", 200),
        ("so", 150),
        ("en", 140),
        ("other", 100),
    ],
}

# The age bands the pilot's residents gave when they consented in January 2026, in
# the order of their names: with those who had given them before, 5 of the 29 are
# 18–29 (17 %) where 32 % of Koivumäki's adults are.
PILOT_AGES = ["18-29"] * 3 + ["30-44"] * 3 + ["45-64"] * 5 + ["65-74"] * 4 + ["75+"] * 3
PILOT_CONSENT = at("2026-01-20", "09:00")
# The portfolio's plans made for the whole city, compared with its population; the others
# serve a group of their own (pupils, older people, young tenants), for which the city's
# figures are the wrong comparison, so they have none.
CITYWIDE = [
    "riverside-park-master-plan",
    "digital-support-strategy",
    "traffic-safety-plan",
    "climate-assembly",
]


def _csv(figures: dict) -> str:
    lines = ["dimension,group,count"]
    for dimension, rows in figures.items():
        lines += [f"{dimension},{group},{count}" for group, count in rows]
    return "\n".join(lines) + "\n"


def _gender_of(given_name: str) -> str:
    """The gender the demo's name lists give a first name ('undisclosed' if none)."""
    women = [FiNames.first_names_female, SvNames.first_names_female]
    women += [EnNames.first_names_female] + [names[0] for names in NAMES.values()]
    men = [FiNames.first_names_male, SvNames.first_names_male]
    men += [EnNames.first_names_male] + [names[1] for names in NAMES.values()]
    if any(given_name in names for names in women):
        return Person.Gender.WOMAN
    if any(given_name in names for names in men):
        return Person.Gender.MAN
    return Person.Gender.UNDISCLOSED


# --------------------------------------------------------------------------------------
# Loading


def achievements_load(*, tenant, actor) -> None:
    """Add issue 5's records to the demo tenant (see the module docstring)."""
    initiatives = {
        i.slug: i
        for i in Initiative.objects.filter(
            tenant=tenant,
            slug__in=[*SCENARIOS[1], *SCENARIOS[3], *SCENARIOS[6], PROGRAMME],
        )
    }
    for role, rate, method, isco, tag, source in RATES:
        outcomes.value_rate_set(
            tenant=tenant,
            actor=actor,
            role=role,
            hourly_rate=Decimal(rate),
            method=method,
            isco_code=isco,
            value_tag=tag,
            source_note=source,
            source_url=EARNINGS_URL,
        )
    _population(tenant, actor, initiatives)
    _pilot_consents(tenant, actor, initiatives[PILOT])
    old_mill = initiatives[OLD_MILL]
    assessed = _old_mill_before_first_assessment(tenant, actor, old_mill)
    for slug, specs in OUTCOMES.items():
        _outcomes(initiatives[slug], actor, specs)
    for slug, costs in COSTS.items():
        for kind, description, date, *amounts in costs:
            values = {"kind": kind, "description": description, "date": d(date)}
            if kind == Cost.Kind.TIME:
                values["hours"], values["hourly_rate"] = map(Decimal, amounts)
            else:
                values["amount"] = Decimal(amounts[0])
            outcomes.cost_create(initiative=initiatives[slug], actor=actor, **values)
    for slug, (note, valuations) in SROI.items():
        _sroi(initiatives[slug], actor, note, valuations)
    _old_mill_after_first_assessment(tenant, actor, old_mill, assessed)
    _trust_indicator(tenant, actor, initiatives[PROGRAMME])


def _population(tenant, actor, initiatives) -> None:
    reference = d("2025-12-31")
    city = representativeness.population_table_import(
        tenant=tenant,
        actor=actor,
        name="City of Riverside, 31 Dec 2025",
        area="City of Riverside",
        reference_date=reference,
        text=_csv(CITY),
        source=DEMO_SOURCE,
        covers_tenant=True,
    )
    koivumaki = representativeness.population_table_import(
        tenant=tenant,
        actor=actor,
        name="Koivumäki, residents 18 and over, 31 Dec 2025",
        area="Koivumäki",
        reference_date=reference,
        text=_csv(KOIVUMAKI),
        source=DEMO_SOURCE + " The pilot's participants are adults: so are these.",
    )
    quarter = representativeness.population_table_import(
        tenant=tenant,
        actor=actor,
        name="Old Mill Quarter, 31 Dec 2025",
        area="Old Mill Quarter",
        reference_date=reference,
        text=_csv(OLD_MILL_QUARTER),
        source=DEMO_SOURCE,
    )
    representativeness.initiative_area_set(
        initiative=initiatives[PILOT], table=koivumaki, actor=actor
    )
    representativeness.initiative_area_set(
        initiative=initiatives[OLD_MILL], table=quarter, actor=actor
    )
    for slug in CITYWIDE:
        representativeness.initiative_area_set(
            initiative=initiatives[slug], table=city, actor=actor
        )


def _pilot_consents(tenant, actor, pilot) -> None:
    """The residents of the pilot who had not given their demographics give them, with
    consent, with the January 2026 feedback survey."""
    residents = Person.objects.filter(
        tenant=tenant,
        demographics_consent_at__isnull=True,
        pk__in=Participation.objects.filter(
            initiative=pilot, role=ActorRole.RESIDENT
        ).values("person_id"),
    ).order_by("family_name", "given_name", "pk")
    ages = list(PILOT_AGES)
    random.Random(SEED).shuffle(ages)
    for person, age in zip(residents, ages, strict=True):
        person_update(
            person=person,
            actor=actor,
            demographics_consent=True,
            demographics_consent_at=PILOT_CONSENT,
            age_band=age,
            gender=_gender_of(person.given_name),
            first_language=person.languages.split(",")[0].strip(),
            district="Koivumäki",
        )


def _outcomes(initiative, actor, specs: list[OutcomeSpec]) -> None:
    for spec in specs:
        outcome = outcomes.outcome_create(
            initiative=initiative,
            actor=actor,
            kind=spec.kind,
            name=spec.name,
            description=spec.description,
        )
        for i in spec.indicators:
            indicator = outcomes.indicator_create(
                outcome=outcome,
                actor=actor,
                name=i.name,
                unit=i.unit,
                baseline=Decimal(i.baseline),
                target=Decimal(i.target),
                direction=i.direction,
            )
            for date, value, note in i.measurements:
                outcomes.measurement_record(
                    indicator=indicator,
                    actor=actor,
                    date=d(date),
                    value=Decimal(value),
                    note=note,
                )


def _sroi(initiative, actor, note: str, valuations: list[ValuationSpec]) -> None:
    outcomes.sroi_model_set(
        initiative=initiative,
        actor=actor,
        discount_rate=Decimal("0.035"),
        sensitivity_step=Decimal("0.10"),
        include_volunteer_time=True,
        include_in_kind=True,
        in_kind_tag=ValueTag.GROUP,
        note=note,
    )
    by_name = {o.name: o for o in initiative.outcomes.filter(tenant=initiative.tenant)}
    for v in valuations:
        outcomes.valuation_create(
            initiative=initiative,
            actor=actor,
            outcome=by_name[v.outcome],
            description=v.description,
            quantity=Decimal(v.quantity),
            proxy_value=Decimal(v.proxy),
            proxy_source=v.source,
            duration_years=v.duration,
            deadweight=Decimal(v.deadweight),
            attribution=Decimal(v.attribution),
            displacement=Decimal(v.displacement),
            drop_off=Decimal(v.drop_off),
            value_tag=v.tag,
        )


# --------------------------------------------------------------------------------------
# The Old Mill space: what lasts after the lease (scenario 6)

MOVER = ("Olena", "Bondarenko", "uk, en, fi")
VISITORS = [("Tapio", "Lehto", "fi"), ("Sanna", "Rinne", "fi, sv")]
PLACE = "Old post office, Myllykatu 4"


def _activity(initiative, actor, **values) -> Activity:
    hours = values.pop("hours")
    values["ends_at"] = values["starts_at"] + dt.timedelta(hours=hours)
    values.setdefault("place", PLACE)
    return activity_create(initiative=initiative, actor=actor, **values)


def _part(activity, actor, person=None, organisation=None, *, role, hours) -> None:
    participation_add(
        activity=activity,
        actor=actor,
        person=person,
        organisation=organisation,
        role=role,
        hours=h(hours),
    )


def _old_mill_before_first_assessment(tenant, actor, old_mill):
    """A resident comes to an open day and later runs a kitchen of her own: she moved
    from taking part to organising. Then the first assessment, six months in."""
    olena = person_create(
        tenant=tenant,
        actor=actor,
        given_name=MOVER[0],
        family_name=MOVER[1],
        languages=MOVER[2],
    )
    visitors = [
        person_create(
            tenant=tenant, actor=actor, given_name=g, family_name=f, languages=lang
        )
        for g, f, lang in VISITORS
    ]
    collective = Organisation.objects.get(tenant=tenant, name__startswith="Old Mill")
    ukrainian = Organisation.objects.get(tenant=tenant, name__contains="Ukrainian")
    open_day = _activity(
        old_mill,
        actor,
        stage=Stage.DESIGN,
        title="Open day: see the space and tell us what you would like",
        kind=Activity.Kind.EVENT,
        starts_at=at("2025-05-17", "12:00"),
        hours=3,
        level=Level.CONSULT,
        mode=Mode.VOICE,
        description="Neighbours who are not in the collective look round and write "
        "their wishes on the wall.",
    )
    for person in [olena, *visitors]:
        _part(open_day, actor, person, role=ActorRole.RESIDENT, hours=1.5)
    membership_create(
        tenant=tenant,
        actor=actor,
        person=olena,
        organisation=collective,
        role=Membership.Role.MEMBER,
        start_date=d("2025-06-01"),
    )
    members = list(
        Person.objects.filter(tenant=tenant, memberships__organisation=collective)
        .exclude(pk=olena.pk)
        .order_by("pk")[:2]
    )
    kitchen = _activity(
        old_mill,
        actor,
        stage=Stage.DELIVERY,
        title="Ukrainian Saturday kitchen, run by Olena Bondarenko",
        kind=Activity.Kind.EVENT,
        starts_at=at("2025-09-20", "12:00"),
        hours=5,
        level=Level.EMPOWER,
        mode=Mode.DOING,
        description="Olena, who came to the open day in May, cooks with her "
        "neighbours and the Ukrainian community for sixty guests.",
    )
    _part(kitchen, actor, olena, role=ActorRole.RESIDENT, hours=6)
    for person in members:
        _part(kitchen, actor, person, role=ActorRole.RESIDENT, hours=5)
    _part(
        kitchen, actor, organisation=ukrainian, role=ActorRole.COMMUNITY_GROUP, hours=0
    )
    return assessment_create(
        initiative=old_mill,
        actor=actor,
        assessed_on=d("2025-10-15"),
        summary="Six months in: the space is full on Saturdays, four partners are on "
        "board and nobody has yet asked what happens when the lease ends.",
        scores={
            Dimension.COLLABORATIONS: {
                "score": 4,
                "rationale": "The owner, the Urban Environment Division, the library "
                "and Youth Services all take part; none has set an end date.",
            },
            Dimension.PROCESSES: {
                "score": 3,
                "rationale": "A Saturday rota the collective keeps itself.",
                "weakness": "Everything depends on the building: no routine exists "
                "anywhere else.",
            },
            Dimension.EMPOWERMENT: {
                "score": 4,
                "rationale": "Residents decide and run everything; a newcomer runs a "
                "kitchen of her own.",
            },
            Dimension.CAPACITY: {
                "score": 2,
                "rationale": "The hosts learn by doing.",
                "weakness": "No training for the hosts: safety rests on two people.",
            },
            Dimension.FUTURE_NEEDS: {
                "score": 3,
                "rationale": "The space answers today's need for a meeting place.",
                "weakness": "Nobody has planned for after the lease ends in December.",
            },
        },
    )


def _old_mill_after_first_assessment(tenant, actor, old_mill, first) -> None:
    """The hosts are trained; Youth Services leaves; the owner and the city's urban
    division end with the lease, the library and the parish commit beyond it; after the
    lease the book swap goes on as a reading café at the library, hosted by a resident
    who first came to the open day, and the market and Olena's kitchen move to the parish
    hall; then the second assessment, after the end date, which names what weakened."""
    collective = Organisation.objects.get(tenant=tenant, name__startswith="Old Mill")
    redcross = Organisation.objects.get(tenant=tenant, name__startswith="Red Cross")
    library = Organisation.objects.get(tenant=tenant, name="Riverside City Library")
    parish = Organisation.objects.get(tenant=tenant, name__contains="Parish")
    trainer = Person.objects.get(
        tenant=tenant,
        memberships__organisation=redcross,
        memberships__role=Membership.Role.PROFESSIONAL,
    )
    hosts = list(
        Person.objects.filter(tenant=tenant, memberships__organisation=collective)
        .distinct()
        .order_by("pk")[:8]
    )
    training = _activity(
        old_mill,
        actor,
        stage=Stage.DELIVERY,
        title="Hosts' training: fire safety and first aid",
        kind=Activity.Kind.TRAINING,
        starts_at=at("2025-11-22", "10:00"),
        hours=4,
        level=Level.COLLABORATE,
        mode=Mode.DOING,
        description="The Red Cross trains eight hosts; they write the space's safety "
        "routine together.",
    )
    for person in hosts:
        _part(training, actor, person, role=ActorRole.RESIDENT, hours=4)
    _part(training, actor, trainer, role=ActorRole.PARTNER, hours=4)

    ends = {
        "Youth Services": "2025-11-30",  # its Friday youth evenings were cut
        "Jokisato Properties Ltd": "2025-12-31",  # with the lease
        "Urban Environment Division": "2025-12-31",  # with the lease
        "Riverside City Library": "2027-06-30",  # the reading café after the lease
    }
    for partner in InitiativePartner.objects.filter(
        tenant=tenant, initiative=old_mill
    ).select_related("organisation"):
        partner_update(
            partner=partner,
            actor=actor,
            start_date=old_mill.start_date,
            end_date=d(ends[partner.organisation.name]),
        )
    partner_add(
        initiative=old_mill,
        actor=actor,
        organisation=parish,
        role=InitiativePartner.Role.HOST,
        start_date=d("2026-01-01"),
    )
    _old_mill_after_the_lease(tenant, actor, old_mill, collective, library, parish)
    assessment_create(
        initiative=old_mill,
        actor=actor,
        assessed_on=d("2026-03-12"),
        summary="Ten weeks after the lease ended. The reading café goes on at the "
        "library, the Saturday market and Olena's kitchen at the parish hall, and two "
        "residents who came to the open day now organise; but Youth Services left before "
        "the end, the owner and the city's urban division ended with the lease, and the "
        "open house and the clubs stopped with the building. Lasting collaborations, "
        "routines and tomorrow's needs have weakened since October.",
        scores={
            Dimension.COLLABORATIONS: {
                "score": 3,
                "rationale": "The library (until June 2027) and the parish (since "
                "January 2026) are still partners after the lease.",
                "weakness": "Youth Services left on 30 November; Jokisato Properties "
                "and the Urban Environment Division ended with the lease on 31 December.",
            },
            Dimension.PROCESSES: {
                "score": 2,
                "rationale": "The reading café, the market and the kitchen have found "
                "new rooms and keep their rotas.",
                "weakness": "The open house and the clubs had no premises after "
                "December: those routines ended with the building.",
            },
            Dimension.EMPOWERMENT: {
                "score": 4,
                "rationale": "Residents run what continued; Olena Bondarenko and Sanna "
                "Rinne moved from the open day to organising.",
            },
            Dimension.CAPACITY: {
                "score": 4,
                "rationale": "Eight hosts trained in fire safety and first aid in "
                "November.",
            },
            Dimension.FUTURE_NEEDS: {
                "score": 2,
                "rationale": "The market and the kitchen went to the parish hall, the "
                "book swap to the library.",
                "weakness": "The clubs stopped and the Quarter has no open meeting "
                "place of its own: the parish hall is free once a month.",
            },
        },
    )


def _old_mill_after_the_lease(tenant, actor, old_mill, collective, library, parish):
    """What continued after the lease ended on 31 December 2025, run by residents:
    members of the collective who had organised from the start (not those whose first
    part was a consultation, who would count as new organisers) and the two newcomers."""
    olena, sanna = (
        Person.objects.get(tenant=tenant, given_name=g, family_name=f)
        for g, f, _ in (MOVER, VISITORS[1])
    )
    organisers = list(
        Person.objects.filter(tenant=tenant, memberships__organisation=collective)
        .exclude(pk=olena.pk)
        .exclude(
            pk__in=Participation.objects.filter(
                initiative=old_mill,
                person__isnull=False,
                activity__level__lt=Level.COLLABORATE,
            ).values("person_id")
        )
        .distinct()
        .order_by("pk")[:6]
    )
    cafe = _activity(
        old_mill,
        actor,
        stage=Stage.DELIVERY,
        title="Reading café at the library: the book swap goes on",
        kind=Activity.Kind.EVENT,
        starts_at=at("2026-01-17", "13:00"),
        hours=3,
        level=Level.COLLABORATE,
        mode=Mode.DOING,
        place="Myllykatu branch library",
        description="The book swap of the post office moves to the branch library: "
        "Sanna Rinne, who first came to the open day, hosts it with the librarians.",
    )
    _part(cafe, actor, sanna, role=ActorRole.VOLUNTEER, hours=3)
    for person in organisers[:2]:
        _part(cafe, actor, person, role=ActorRole.RESIDENT, hours=3)
    _part(cafe, actor, organisation=library, role=ActorRole.PARTNER, hours=0)
    market = _activity(
        old_mill,
        actor,
        stage=Stage.DELIVERY,
        title="Saturday market in the parish hall",
        kind=Activity.Kind.EVENT,
        starts_at=at("2026-02-07", "11:00"),
        hours=4,
        level=Level.EMPOWER,
        mode=Mode.DOING,
        place="Riverside parish hall",
        description="The collective runs the Saturday market in the parish hall, "
        "once a month now that the post office is closed.",
    )
    for person in organisers[2:6]:
        _part(market, actor, person, role=ActorRole.RESIDENT, hours=4)
    _part(
        market, actor, organisation=collective, role=ActorRole.COMMUNITY_GROUP, hours=0
    )
    _part(market, actor, organisation=parish, role=ActorRole.PARTNER, hours=0)
    kitchen = _activity(
        old_mill,
        actor,
        stage=Stage.DELIVERY,
        title="Ukrainian kitchen at the parish hall, run by Olena Bondarenko",
        kind=Activity.Kind.VOLUNTEER_SHIFT,
        starts_at=at("2026-02-28", "12:00"),
        hours=5,
        level=Level.EMPOWER,
        mode=Mode.DOING,
        place="Riverside parish hall",
        description="Olena's kitchen goes on after the lease: she cooks with her "
        "neighbours in the parish hall's kitchen.",
    )
    _part(kitchen, actor, olena, role=ActorRole.RESIDENT, hours=6)
    for person in organisers[:2]:
        _part(kitchen, actor, person, role=ActorRole.RESIDENT, hours=5)
    ukrainian = Organisation.objects.get(tenant=tenant, name__contains="Ukrainian")
    _part(
        kitchen, actor, organisation=ukrainian, role=ActorRole.COMMUNITY_GROUP, hours=0
    )


# --------------------------------------------------------------------------------------
# Scenario 8: an indicator measured by the trust panel


def _trust_indicator(tenant, actor, programme) -> None:
    panel = Panel.objects.select_related("instrument").get(
        tenant=tenant, initiative=programme
    )
    scale = panel.instrument.scales.get(name="Trust in the service provider")
    outcome = outcomes.outcome_create(
        initiative=programme,
        actor=actor,
        kind=ORGANISATIONAL,
        name="Participants trust the employment services",
        description="Measured by the trust panel: the mean of the scale in each wave.",
    )
    indicator = outcomes.indicator_create(
        outcome=outcome,
        actor=actor,
        name="Trust in the service provider (mean, 0–10)",
        unit="points",
        baseline=Decimal("6.5"),
        target=Decimal("7.5"),
        panel=panel,
        scale=scale,
    )
    outcomes.measurements_from_scale(indicator=indicator, actor=actor)
