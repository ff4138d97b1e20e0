"""Scenario 7, the crisis response centre: in the epidemic wave of winter 2025–26 the city
and the Red Cross open a local co-production centre that mobilises volunteers and
community organisations in a day, and runs deliveries and a help line in nine languages
for fourteen weeks."""

import datetime as dt

from coproduce.initiatives.vocab import Scope

from ..spec import ActivitySpec, ContributionSpec, InitiativeSpec
from .builder import (
    AB,
    AK,
    CK,
    MIX_CRISIS,
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

VOLUNTEERS = {
    "prefix": "crisisvol",
    "n": 27,
    "organisation": "redcross",
    "role": MR.VOLUNTEER,
    "title": "Preparedness volunteer",
    "mix": MIX_CRISIS,
    "ages": [AB.A18_29, AB.A30_44, AB.A45_64, AB.A65_74],
    "consent_at": at("2025-11-18", "12:00"),
}
PROS = ["preparednessmgr", "redcrossmgr"]
GROUPS = ["somali", "ukrainian", "kotona", "foodaid"]
# The shifts of each week: days after the week's Thursday, and what the shift does.
SHIFT_WEEK = (
    (0, "Grocery and medicine deliveries"),
    (2, "Multilingual help line"),
    (4, "Grocery and medicine deliveries"),
)

CRISIS_CENTRE = {
    "scenario": 7,
    "slug": SCENARIOS[7][0],
    "name": "Crisis response centre (epidemic winter 2025–26)",
    "description": "In the epidemic wave of winter 2025–26 the city and the Red Cross opened a local "
    "co-production centre in the parish centre: volunteers and community organisations "
    "delivered groceries and medicines and ran a help line in nine languages.",
    "lead": "preparedness",
    "status": ST.CLOSED,
    "start_date": d("2025-11-17"),
    "end_date": d("2026-02-27"),
    "is_temporary": True,
    "place": "Parish centre",
    "co_design": True,
    "co_delivery": True,
    "co_assessment": True,
    "declared_scope": Scope.COLLECTIVE,
    "intended_outcomes": "Nobody in quarantine without food or medicine; help in one's own "
    "language; a registry of co-producers ready for the next crisis.",
    "partners": [
        ("redcross", PR.CO_LEAD),
        ("county", PR.ADVISOR),
        ("kotona", PR.DELIVERY),
        ("ukrainian", PR.DELIVERY),
        ("foodaid", PR.DELIVERY),
        ("parish", PR.HOST),
        ("taxi", PR.DELIVERY),
    ],
    "services": ["crisis-help"],
}
CRISIS_CENTRE_CONTRIBUTIONS = [
    ContributionSpec(
        CK.PREMISES,
        "Parish centre hall and kitchen for 15 weeks",
        d("2025-11-20"),
        h(6000),
        organisation="parish",
    ),
    ContributionSpec(
        CK.TRANSPORT,
        "Delivery drives at cost price",
        d("2026-02-27"),
        h(3400),
        organisation="taxi",
    ),
    ContributionSpec(
        CK.FOOD,
        "Food parcels",
        d("2026-02-27"),
        h(5200),
        organisation="foodaid",
    ),
    ContributionSpec(
        CK.EQUIPMENT,
        "Twelve phones for the help line",
        d("2025-11-19"),
        h(1800),
        organisation="preparedness",
    ),
]


def _opening(
    b: Builder, volunteers: list[str], mediators_volunteer: str
) -> list[ActivitySpec]:
    """The decision, the call with the community organisations, the shift model."""
    return [
        activity(
            S.COMMISSIONING,
            "Decision to open the crisis response centre",
            AK.MEETING,
            at("2025-11-17", "08:00"),
            1,
            L.INFORM,
            M.VOICE,
            people(["preparednessmgr", "petri", "admin"], R.PROFESSIONAL, 1),
            description="The city's preparedness group decides in one hour; the decision "
            "and its grounds are recorded.",
        ),
        activity(
            S.COMMISSIONING,
            "Call with community organisations: needs and languages",
            AK.MEETING,
            at("2025-11-18", "10:00"),
            1.5,
            L.INVOLVE,
            M.VOICE,
            people(PROS, R.PROFESSIONAL, 1.5),
            people(["partner"], R.PARTNER, 1.5),
            orgs(["somali", "ukrainian"], R.COMMUNITY_GROUP),
            orgs(["kotona", "foodaid", "parish"], R.PARTNER),
        ),
        activity(
            S.DESIGN,
            "Shift model and phone-line languages",
            AK.WORKSHOP,
            at("2025-11-19", "17:00"),
            2,
            L.COLLABORATE,
            M.VOICE,
            people(b.sample(volunteers[1:], 5) + [mediators_volunteer], R.VOLUNTEER, 2),
            people(PROS, R.PROFESSIONAL, 2),
            place="Parish centre",
        ),
    ]


def _shifts(
    b: Builder, volunteers: list[str], mediators_volunteer: str
) -> list[ActivitySpec]:
    """Three shifts a week for fourteen weeks; the mediator volunteer is in every fifth."""
    acts = []
    day = d("2025-11-20")
    n = 0
    for week in range(14):
        for offset, kind in SHIFT_WEEK:
            when_day = day + dt.timedelta(weeks=week, days=offset)
            n += 1
            crew = b.sample(volunteers[1:], 3)
            if n % 5 == 0:
                crew[0] = mediators_volunteer
            parts = [
                people(crew, R.VOLUNTEER, 4),
                people([PROS[n % 2]], R.PROFESSIONAL, 1),
            ]
            if kind.startswith("Grocery"):
                parts.append(orgs(["foodaid"], R.PARTNER))
            else:
                parts.append(orgs([GROUPS[n % 2]], R.COMMUNITY_GROUP))
            acts.append(
                activity(
                    S.DELIVERY,
                    f"{kind}, shift {n}",
                    AK.VOLUNTEER_SHIFT,
                    at(when_day.isoformat(), "10:00"),
                    4,
                    L.INVOLVE,
                    M.DOING,
                    *parts,
                    place="Parish centre",
                )
            )
    return acts


def _debrief(b: Builder, volunteers: list[str]) -> ActivitySpec:
    return activity(
        S.ASSESSMENT,
        "Debrief: what to keep in the volunteer registry",
        AK.WORKSHOP,
        at("2026-02-25", "17:00"),
        2.5,
        L.INVOLVE,
        M.VOICE,
        people(b.sample(volunteers, 12), R.VOLUNTEER, 2.5),
        people(PROS, R.PROFESSIONAL, 2.5),
        orgs(["somali", "ukrainian"], R.COMMUNITY_GROUP),
        description="Languages covered: fi, sv, en, so, ar, uk, et, fa, vi; Russian and Dari "
        "callers had to wait for a volunteer. Keep the registry warm between crises.",
    )


def initiatives(
    b: Builder, mediators_volunteer: str = "volunteer"
) -> list[InitiativeSpec]:
    volunteers = [mediators_volunteer] + b.crowd(**VOLUNTEERS)
    acts = _opening(b, volunteers, mediators_volunteer) + _shifts(
        b, volunteers, mediators_volunteer
    )
    acts.append(_debrief(b, volunteers))
    return [initiative(CRISIS_CENTRE, acts, CRISIS_CENTRE_CONTRIBUTIONS)]


# Crisis mode (issue 14): the second wave. The registry of co-producers the first wave
# built is called on again: the preparedness group switches the centre back into crisis
# mode, needs come in from professionals, partners and the phone line, volunteers are
# called out by email and text message, every fast decision is logged. (Loaded by
# coproduce/demo/crisis.py through the crisis services, dated by the clock so that the
# needs are always coming.)

CRISIS_SKILLS = [
    "Driving licence",
    "First aid",
    "Phone help line",
    "Cooking for groups",
    "Interpreting",
]
# Postcode areas of Riverside (the first three digits are the district).
CRISIS_AREAS = ["00510", "00530", "00550", "00100", "00150", "00700", "00440"]
# Co-producers whose first language is Somali or Arabic told the registry they help
# through their associations, not by call-out: so the registry has no Somali or Arabic
# speaker to call, and the coverage page says so until an association joins as partner.
REACH_THROUGH_ASSOCIATION = {"so", "ar"}
# (title, area, day offset, hour, hours, people, languages, skills (indexes), expressed
# in, urgency, source, resident or None)
CRISIS_NEEDS = [
    ("Groceries for a family in quarantine", "00530", 1, 10, 2, 1, ["fi"], [0], "fi",
     "high", "phone", ("Aino Lehtonen", "+358 40 111 2233", "Kurvitie 4 B 12")),
    ("Medicine run from the pharmacy", "00550", 1, 14, 1, 1, ["fi"], [0], "fi",
     "critical", "phone", ("Veikko Salo", "+358 40 222 3344", "Vaasankatu 9 A 3")),
    ("Help line evening shift in Finnish and Swedish", "00530", 1, 17, 4, 2,
     ["fi", "sv"], [2], "fi", "normal", "professional", None),
    ("Help line in Estonian", "00530", 2, 17, 3, 1, ["et"], [2], "et", "normal",
     "professional", None),
    ("Help line in Ukrainian", "00530", 2, 17, 3, 1, ["uk"], [2], "uk", "normal",
     "partner", None),
    ("Groceries and medicine instructions for a Somali-speaking family", "00510", 1,
     12, 2, 1, ["so"], [0], "so", "high", "partner",
     ("Hodan Warsame", "+358 44 333 4455", "Sturenkatu 20 C 41")),
    ("Food delivery and a phone call for an Arabic-speaking older resident", "00530",
     2, 11, 2, 1, ["ar"], [0], "ar", "high", "phone",
     ("Samira Haddad", "+358 44 444 5566", "Kurvitie 8 A 2")),
    ("Explain the quarantine instructions to Somali-speaking families", "00510", 3, 17,
     2, 2, ["so"], [4], "so", "normal", "professional", None),
    ("Pack food parcels at the parish centre", "00530", 2, 9, 3, 4, [], [], "fi",
     "normal", "partner", None),
    ("Drive older residents to the vaccination point", "00700", 3, 9, 4, 2, ["fi"], [0],
     "fi", "normal", "professional", None),
    ("Cook meals for quarantined households", "00530", 3, 12, 3, 3, [], [3], "fi",
     "low", "partner", None),
    ("Phone check-ins with Arabic-speaking families", "00530", 4, 17, 2, 1, ["ar"],
     [2], "ar", "normal", "professional", None),
]  # fmt: skip
# Versions of some needs' titles in Finnish and Swedish: volunteers get the call-out
# in their language; the others are shown in English with the note saying so.
CRISIS_NEED_TITLES = {
    "Groceries for a family in quarantine": {
        "fi": "Ruokaostokset karanteenissa olevalle perheelle",
        "sv": "Matinköp till en familj i karantän",
    },
    "Medicine run from the pharmacy": {
        "fi": "Lääkkeiden nouto apteekista",
        "sv": "Hämta mediciner från apoteket",
    },
    "Help line evening shift in Finnish and Swedish": {
        "fi": "Auttavan puhelimen iltavuoro suomeksi ja ruotsiksi",
        "sv": "Kvällspass i hjälptelefonen på finska och svenska",
    },
    "Drive older residents to the vaccination point": {
        "fi": "Ikääntyneiden asukkaiden kyyditys rokotuspisteelle",
        "sv": "Skjuts för äldre invånare till vaccinationsstället",
    },
}
# (what, why, authority, consulted, overrides)
CRISIS_DECISIONS = [
    ("Switch the centre back into crisis mode for the second wave",
     "Hospital admissions doubled in a week; the phone line had 140 calls on Monday.",
     "Head of preparedness, under the city's preparedness plan section 4",
     "Red Cross, county health services", ""),
    ("Deliver groceries and medicines to the door without a signature",
     "Households in quarantine must not open the door to strangers.",
     "Centre manager (delegated by the head of preparedness)",
     "County infection control nurse", "Delivery rule 3: signature on receipt"),
    ("Volunteers may drive residents in their own cars, covered by the city's insurance",
     "Taxis cannot take infected passengers; the vaccination point is 6 km away.",
     "Head of preparedness", "City insurance manager, Red Cross",
     "Volunteer guideline: no transport of residents"),
    ("Somali and Arabic needs wait for a community association as partner",
     "Nobody in the registry who speaks Somali or Arabic may be called out.",
     "Centre manager", "Somali Women's Circle", ""),
]  # fmt: skip
FIRST_WAVE_REVIEW = (
    "Volunteers were mobilised in a day; the help line ran in nine languages; the "
    "parish, the food bank and the taxi company kept deliveries going.",
    "Russian- and Dari-speaking callers waited for a volunteer; the rota lived in a "
    "spreadsheet; nobody recorded who decided what when the rules changed.",
    "A registry of co-producers with languages, skills and consent to be called out; "
    "partner agreements with the community associations signed before the next wave.",
)
