"""The demo city and its eight scenarios (docs: /design/domain.md), as plain records.

The City of Riverside, a Nordic municipality, runs the eight co-production scenarios of
the domain, each recorded the way a coordinator would record it, tensions included:
declared 'Co's that the records do not bear out, professionals who are unsure of their
role, volunteers who are both mediators and crisis volunteers, a temporary space whose
lease ends. Everything is dated relative to fixed dates in 2025–2026 and every random
choice comes from a seeded generator, so two loads give the same demo.
"""

import datetime as dt
import random
from decimal import Decimal
from zoneinfo import ZoneInfo

from faker import Faker

from coproduce.initiatives.models import (
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
)
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Scope, Stage
from coproduce.people.models import Membership, Organisation, Person, PublicService
from coproduce.tenancy.models import Tenant
from coproduce.tenancy.roles import Role

from ..spec import (
    ActivitySpec,
    ContributionSpec,
    InitiativeSpec,
    MembershipSpec,
    OrganisationSpec,
    Part,
    PersonSpec,
    ServiceSpec,
    TenantSpec,
    UserSpec,
)

DEMO_SLUG = "demo"
HILLVIEW_SLUG = "hillview"
DEMO_PASSWORD = "coproduce-demo"
# The demo's "today": statuses and dates are consistent with it, whatever the real date.
DEMO_TODAY = dt.date(2026, 3, 16)
SEED = 2025
TZ = ZoneInfo("Europe/Helsinki")

K = Organisation.Kind
MR = Membership.Role
CH = PublicService.Channel
SEC = PublicService.Sector
PR = InitiativePartner.Role
AK = Activity.Kind
CK = Contribution.Kind
ST = Initiative.Status
R = ActorRole
L = Level
M = Mode
S = Stage
AB = Person.AgeBand
G = Person.Gender

# The initiatives of each scenario of domain.md, by slug.
SCENARIOS: dict[int, list[str]] = {
    1: ["koivumaki-neighbourhood-pilot"],
    2: ["conciliation-service"],
    3: [
        "reading-buddies",
        "riverside-park-master-plan",
        "school-meals-with-pupils",
        "youth-participatory-budget",
        "snow-buddies",
        "digital-support-strategy",
        "care-home-quality-panel",
        "eastside-community-gardens",
        "traffic-safety-plan",
        "housing-advice-for-young-people",
        "culture-for-seniors",
        "climate-assembly",
    ],
    4: ["nuoli-mental-health-path"],
    5: ["welcome-point"],
    6: ["old-mill-temporary-space"],
    7: ["crisis-response-centre"],
    8: ["working-life-step"],
}

DISTRICTS = [
    "Koivumäki",
    "Old Mill Quarter",
    "Eastside",
    "Centre",
    "Northbank",
    "Harbour",
]

# Latin-script names for the languages Faker has no Nordic-friendly locale for.
NAMES = {
    "so": (
        ["Hodan", "Faadumo", "Ayaan", "Sahra", "Idil", "Nasra"],
        ["Abdi", "Mohamed", "Yusuf", "Hassan", "Ahmed", "Abdirahman"],
        ["Warsame", "Farah", "Abdullahi", "Ali", "Mohamud", "Osman", "Jama"],
    ),
    "ar": (
        ["Noor", "Rania", "Huda", "Lina", "Mariam", "Salma"],
        ["Omar", "Khaled", "Samir", "Karim", "Yousef", "Tariq"],
        ["Haddad", "Khalil", "Mansour", "Saleh", "Jaber", "Al-Hashimi"],
    ),
    "uk": (
        ["Olena", "Iryna", "Oksana", "Kateryna", "Yulia", "Halyna"],
        ["Andriy", "Dmytro", "Oleksandr", "Serhiy", "Taras", "Bohdan"],
        ["Kovalenko", "Shevchenko", "Bondarenko", "Melnyk", "Tkachenko", "Kravchenko"],
    ),
    "et": (
        ["Kadri", "Liis", "Triin", "Maarja", "Kertu"],
        ["Tarmo", "Rein", "Priit", "Margus", "Siim"],
        ["Tamm", "Saar", "Sepp", "Mägi", "Kask", "Rebane"],
    ),
    "fa": (
        ["Shirin", "Maryam", "Zahra", "Parisa", "Leila"],
        ["Reza", "Hamid", "Farid", "Dariush", "Navid"],
        ["Ahmadi", "Karimi", "Rahimi", "Hosseini", "Sadeghi"],
    ),
    "vi": (
        ["Linh", "Mai", "Thu", "Hoa"],
        ["Minh", "Tuan", "Duc", "Quang"],
        ["Nguyen", "Tran", "Le", "Pham", "Hoang"],
    ),
}
FAKER_LOCALES = {"fi": "fi_FI", "sv": "sv_SE", "en": "en_GB"}

# Mixes of first languages for the crowds of the city (weights).
MIX_CITY = {
    "fi": 76,
    "sv": 6,
    "en": 2,
    "so": 3,
    "ar": 3,
    "uk": 3,
    "et": 3,
    "fa": 2,
    "vi": 2,
}
MIX_FINNISH = {"fi": 88, "sv": 10, "en": 2}
MIX_NEWCOMERS = {"ar": 3, "so": 3, "uk": 3, "fa": 2, "vi": 1, "en": 1}
MIX_CRISIS = {
    "fi": 10,
    "sv": 2,
    "en": 2,
    "so": 3,
    "ar": 3,
    "uk": 3,
    "et": 2,
    "fa": 2,
    "vi": 1,
}


def at(day: str, time: str = "18:00") -> dt.datetime:
    return dt.datetime.fromisoformat(f"{day}T{time}").replace(tzinfo=TZ)


def d(day: str) -> dt.date:
    return dt.date.fromisoformat(day)


def h(value: float | str) -> Decimal:
    return Decimal(str(value))


class Builder:
    """Collects the records of one tenant; every random choice comes from ``self.rng``."""

    def __init__(self, seed: int = SEED) -> None:
        self.rng = random.Random(seed)
        self.fakers = {}
        for n, (code, locale) in enumerate(FAKER_LOCALES.items()):
            fake = Faker(locale)
            fake.seed_instance(seed + n)
            self.fakers[code] = fake
        self.people: dict[str, PersonSpec] = {}
        self.crowd_count = 0

    # people ------------------------------------------------------------------------
    def person(
        self, key: str, given: str, family: str, *, memberships=(), **values
    ) -> str:
        if key in self.people:
            raise ValueError(f"Two demo people with the key {key!r}.")
        self.people[key] = PersonSpec(
            key=key,
            given_name=given,
            family_name=family,
            memberships=[MembershipSpec(*m) for m in memberships],
            **values,
        )
        return key

    def _name(self, language: str, gender: str) -> tuple[str, str]:
        if language in self.fakers:
            fake = self.fakers[language]
            given = (
                fake.first_name_female()
                if gender == G.WOMAN
                else fake.first_name_male()
            )
            return given, fake.last_name()
        women, men, families = NAMES[language]
        return self.rng.choice(women if gender == G.WOMAN else men), self.rng.choice(
            families
        )

    def crowd(
        self,
        prefix: str,
        n: int,
        *,
        organisation: str | None,
        role: str,
        title: str = "",
        mix: dict[str, int],
        ages: list[str],
        district: str | None = None,
        consent_at: dt.datetime,
        since: dt.date | None = None,
    ) -> list[str]:
        """``n`` people with Faker names and memberships; every third one of all crowds
        has given consented demographics (for representativeness, later)."""
        keys = []
        languages, weights = list(mix), list(mix.values())
        for i in range(n):
            first = self.rng.choices(languages, weights)[0]
            gender = G.WOMAN if self.rng.random() < 0.55 else G.MAN
            given, family = self._name(first, gender)
            spoken = [first] + [
                x
                for x in ("fi", "sv", "en")
                if x != first
                and (
                    x == "fi"
                    and (first != "en" or self.rng.random() < 0.5)
                    or x == "en"
                    and self.rng.random() < 0.45
                    or x == "sv"
                    and self.rng.random() < 0.15
                )
            ]
            demographics = None
            if self.crowd_count % 3 == 0:
                demographics = {
                    "age_band": self.rng.choice(ages),
                    "gender": gender if self.rng.random() < 0.93 else G.UNDISCLOSED,
                    "first_language": first,
                    "district": district or self.rng.choice(DISTRICTS),
                }
            self.crowd_count += 1
            key = self.person(
                f"{prefix}-{i + 1:02d}",
                given,
                family,
                languages=", ".join(spoken),
                demographics=demographics,
                consent_at=consent_at if demographics else None,
                memberships=[(organisation, role, title, since)]
                if organisation
                else [],
            )
            keys.append(key)
        return keys

    def sample(self, keys: list[str], k: int) -> list[str]:
        return self.rng.sample(keys, min(k, len(keys)))


def people(keys, role: str, hours) -> list[Part]:
    return [Part(key, role, h(hours)) for key in keys]


def orgs(keys, role: str, hours=0) -> list[Part]:
    return [Part(key, role, h(hours), organisation=True) for key in keys]


def activity(
    stage, title, kind, starts_at, hours, level, mode, *parts, place="", description=""
):
    return ActivitySpec(
        stage=stage,
        title=title,
        kind=kind,
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=float(hours)),
        level=level,
        mode=mode,
        place=place,
        description=description,
        parts=[p for group in parts for p in group],
    )


# --------------------------------------------------------------------------------------
# Organisations, services and the people with a name of their own

ORGANISATIONS = [
    OrganisationSpec(
        "city",
        "City of Riverside",
        K.PUBLIC_AGENCY,
        identifier="0204819-8",
        website="https://riverside.example/",
        description="The municipality: about 120,000 residents in six districts.",
    ),
    OrganisationSpec(
        "co_unit",
        "Participation and Co-production Unit",
        K.DEPARTMENT,
        "city",
        description="Coordinates participation and co-production across the city's divisions.",
    ),
    OrganisationSpec(
        "urban",
        "Urban Environment Division",
        K.DEPARTMENT,
        "city",
        description="Planning, parks, streets, building control and the city's premises.",
    ),
    OrganisationSpec(
        "education",
        "Education and Culture Division",
        K.DEPARTMENT,
        "city",
        description="Schools, early childhood education, culture services.",
    ),
    OrganisationSpec(
        "youth",
        "Youth Services",
        K.DEPARTMENT,
        "city",
        description="Youth houses, outreach youth work, the youth council.",
    ),
    OrganisationSpec("sports", "Sports and Leisure Services", K.DEPARTMENT, "city"),
    OrganisationSpec(
        "library",
        "Riverside City Library",
        K.DEPARTMENT,
        "city",
        description="The main library and four branch libraries; digital support.",
    ),
    OrganisationSpec(
        "integration",
        "Integration Services",
        K.DEPARTMENT,
        "city",
        description="Services for newcomers under the Integration Act.",
    ),
    OrganisationSpec(
        "employment",
        "Riverside Employment Services",
        K.DEPARTMENT,
        "city",
        description="The city's public employment services since the 2025 reform.",
    ),
    OrganisationSpec("digital", "Digital Services Unit", K.DEPARTMENT, "city"),
    OrganisationSpec(
        "preparedness", "Safety and Preparedness Unit", K.DEPARTMENT, "city"
    ),
    OrganisationSpec(
        "county",
        "Riverside Valley Wellbeing Services County",
        K.PUBLIC_AGENCY,
        identifier="3221365-2",
        website="https://riverside-valley.example/",
        description="Organises health, social and rescue services for the region.",
    ),
    OrganisationSpec(
        "conciliation",
        "Riverside Valley Conciliation Office",
        K.DEPARTMENT,
        "county",
        description="Organises conciliation in criminal and certain civil cases.",
    ),
    OrganisationSpec("seniors", "Services for Older People", K.DEPARTMENT, "county"),
    OrganisationSpec(
        "social", "Social Work and Family Services", K.DEPARTMENT, "county"
    ),
    OrganisationSpec(
        "hospital",
        "Riverside Hospital District",
        K.PUBLIC_AGENCY,
        description="Specialised care, including adolescent and adult psychiatry.",
    ),
    OrganisationSpec("police", "Riverside Police Department", K.PUBLIC_AGENCY),
    OrganisationSpec(
        "prosecutor", "Riverside District Prosecutor's Office", K.PUBLIC_AGENCY
    ),
    OrganisationSpec(
        "kela", "Kela (Social Insurance Institution), Riverside office", K.PUBLIC_AGENCY
    ),
    OrganisationSpec(
        "redcross",
        "Red Cross, Riverside branch",
        K.NGO,
        description="First aid, friendship services and volunteer preparedness.",
    ),
    OrganisationSpec("mieli", "Mieli Riverside Mental Health Association", K.NGO),
    OrganisationSpec(
        "kotona",
        "Kotona Multicultural Association",
        K.NGO,
        identifier="2871123-4",
        description="Peer counselling and interpreting by and for newcomers.",
    ),
    OrganisationSpec("foodaid", "Riverside Food Aid Network", K.NGO),
    OrganisationSpec("unemployed", "Riverside Unemployed Association", K.NGO),
    OrganisationSpec("hopeakuu", "Senior Citizens' Association Hopeakuu", K.NGO),
    OrganisationSpec("youthhousing", "Riverside Youth Housing Association", K.NGO),
    OrganisationSpec("parish", "Riverside Lutheran Parish", K.PARISH),
    OrganisationSpec("school", "Koivumäki Comprehensive School", K.SCHOOL),
    OrganisationSpec("college", "Riverside Vocational College", K.SCHOOL),
    OrganisationSpec(
        "uas",
        "Riverside University of Applied Sciences",
        K.OTHER,
        description="Research and development; evaluates the activation programme.",
    ),
    OrganisationSpec(
        "koivuassoc", "Koivumäki Residents' Association", K.COMMUNITY_GROUP
    ),
    OrganisationSpec(
        "oldmill",
        "Old Mill Quarter Collective",
        K.COMMUNITY_GROUP,
        description="Residents who run the temporary community space in the old post office.",
    ),
    OrganisationSpec("somali", "Somali Women's Circle", K.COMMUNITY_GROUP),
    OrganisationSpec("ukrainian", "Riverside Ukrainian Community", K.COMMUNITY_GROUP),
    OrganisationSpec("gardeners", "Eastside Allotment Gardeners", K.COMMUNITY_GROUP),
    OrganisationSpec(
        "jokisato",
        "Jokisato Properties Ltd",
        K.COMPANY,
        identifier="1456789-3",
        description="Owns the empty post office building in the Old Mill Quarter.",
    ),
    OrganisationSpec(
        "taxi", "Riverside Taxi Cooperative", K.COMPANY, identifier="0987654-1"
    ),
    OrganisationSpec("grocery", "Koivumäki Grocery Ltd", K.COMPANY),
]

SERVICES = [
    ServiceSpec(
        "conciliation",
        "Conciliation in criminal and civil cases",
        "Free, voluntary and confidential mediation between the parties of a crime or a "
        "civil dispute, by trained volunteer mediators working in pairs under the "
        "supervision of the conciliation office. The parties meet, agree on how to make "
        "amends, and the office follows up the agreement and reports to the referrer.",
        "conciliation",
        SEC.JUST,
        (CH.IN_PERSON, CH.PHONE, CH.EMAIL),
        "Act on Conciliation in Criminal and Certain Civil Cases (1015/2005)",
        "P90D",
        "conciliation, restorative justice, mediation",
    ),
    ServiceSpec(
        "welcome-point",
        "Welcome Point: one-stop service for newcomers",
        "One place where a newcomer to Riverside registers, gets an initial assessment, "
        "advice on residence, social security, housing, work and language courses, and "
        "an integration plan, from the city, Kela, the wellbeing services county and "
        "peer counsellors of the Kotona association together, in the newcomer's language.",
        "integration",
        SEC.SOCI,
        (CH.IN_PERSON, CH.PHONE, CH.EMAIL, CH.WEBSITE),
        "Act on the Promotion of Immigrant Integration (681/2023)",
        "P14D",
        "integration, immigration, initial assessment, one-stop shop",
    ),
    ServiceSpec(
        "youth-work",
        "Youth houses and outreach youth work",
        "Open youth houses, small-group activities and outreach work for young people aged 13–29.",
        "youth",
        SEC.EDUC,
        (CH.IN_PERSON, CH.WEBSITE),
        "Youth Act (1285/2016)",
    ),
    ServiceSpec(
        "mental-health-walk-in",
        "Walk-in mental health support for young adults",
        "Low-threshold mental health support without referral or appointment for 18–29 "
        "year olds, with a path to psychiatric outpatient care when needed.",
        "hospital",
        SEC.HEAL,
        (CH.IN_PERSON, CH.PHONE),
        "Health Care Act (1326/2010)",
        "P1D",
        "mental health, young adults, low threshold",
    ),
    ServiceSpec(
        "employment-activation",
        "Activation and coaching for the long-term unemployed",
        "Group coaching, work try-outs and individual support towards work or studies.",
        "employment",
        SEC.ECON,
        (CH.IN_PERSON, CH.PHONE, CH.WEBSITE),
        "Act on the Organisation of Employment Services (380/2023)",
        "P30D",
        "employment, activation, coaching",
    ),
    ServiceSpec(
        "library",
        "Library services",
        "Lending, reading promotion, events and digital support.",
        "library",
        SEC.EDUC,
        (CH.IN_PERSON, CH.WEBSITE, CH.MOBILE_APP),
        "Public Libraries Act (1492/2016)",
    ),
    ServiceSpec(
        "parks",
        "Parks and green areas",
        "Planning and upkeep of parks, playgrounds and allotments.",
        "urban",
        SEC.ENVI,
        (CH.WEBSITE, CH.EMAIL),
        "Act on the Maintenance and Cleaning of Streets and Certain Public Areas (669/1978)",
    ),
    ServiceSpec(
        "school-meals",
        "School meals",
        "A free daily school lunch for every pupil.",
        "education",
        SEC.EDUC,
        (CH.IN_PERSON,),
        "Basic Education Act (628/1998)",
    ),
    ServiceSpec(
        "home-support-older",
        "Support for older people living at home",
        "Home care, support services and neighbourly help so that older people can live at home.",
        "seniors",
        SEC.SOCI,
        (CH.PHONE, CH.HOME_VISIT),
        "Act on Supporting the Functional Capacity of the Older Population and on Social "
        "and Health Care Services for Older Persons (980/2012)",
        "P7D",
    ),
    ServiceSpec(
        "care-homes",
        "24-hour care homes for older people",
        "Round-the-clock care in the county's care homes.",
        "seniors",
        SEC.HEAL,
        (CH.IN_PERSON,),
        "Act on Supporting the Functional Capacity of the Older Population and on Social "
        "and Health Care Services for Older Persons (980/2012)",
        "P90D",
    ),
    ServiceSpec(
        "housing-advice",
        "Housing advice",
        "Advice on renting, rent arrears and keeping a home.",
        "social",
        SEC.SOCI,
        (CH.IN_PERSON, CH.PHONE),
        "Social Welfare Act (1301/2014)",
        "P7D",
    ),
    ServiceSpec(
        "digital-support",
        "Digital support for residents",
        "Help with e-services, devices and online identification, at libraries and by phone.",
        "digital",
        SEC.TECH,
        (CH.IN_PERSON, CH.PHONE),
    ),
    ServiceSpec(
        "culture-older",
        "Cultural services for older people",
        "Concerts, matinees and cultural visits for older residents.",
        "education",
        SEC.EDUC,
        (CH.IN_PERSON,),
        "Act on Cultural Activities in Local Government (166/2019)",
    ),
    ServiceSpec(
        "traffic-safety",
        "Traffic safety",
        "Street safety measures and the traffic safety plan.",
        "urban",
        SEC.TRAN,
        (CH.WEBSITE, CH.EMAIL),
        "Road Traffic Act (729/2018)",
    ),
    ServiceSpec(
        "crisis-help",
        "Crisis help line and home deliveries",
        "During an epidemic: a multilingual help line and deliveries of groceries and "
        "medicines to people in quarantine or at risk.",
        "preparedness",
        SEC.HEAL,
        (CH.PHONE, CH.HOME_VISIT),
        "Communicable Diseases Act (1227/2016)",
        "P1D",
    ),
    ServiceSpec(
        "temporary-use",
        "Temporary use of vacant premises",
        "The city brokers the temporary use of empty buildings by residents and associations.",
        "urban",
        SEC.REGI,
        (CH.EMAIL, CH.WEBSITE),
        status=PublicService.Status.ACTIVE,
    ),
]

CONSENT_2025 = at("2025-02-03", "09:00")


def _named(b: Builder) -> None:
    """The people with a demo account, and the professionals named in the scenarios."""
    city = "riverside.example"
    b.person(
        "admin",
        "Helena",
        "Korhonen",
        email=f"helena.korhonen@{city}",
        languages="fi, en",
        memberships=[("city", MR.PROFESSIONAL, "ICT manager")],
    )
    b.person(
        "coordinator",
        "Aino",
        "Laaksonen",
        email=f"aino.laaksonen@{city}",
        languages="fi, sv, en",
        memberships=[("co_unit", MR.PROFESSIONAL, "Co-production coordinator")],
    )
    # A professional in one organisation and a volunteer in another.
    b.person(
        "professional",
        "Mikael",
        "Lindqvist",
        email=f"mikael.lindqvist@{city}",
        languages="sv, fi, en",
        demographics={
            "age_band": AB.A30_44,
            "gender": G.MAN,
            "first_language": "sv",
            "district": "Northbank",
        },
        consent_at=CONSENT_2025,
        memberships=[
            ("youth", MR.PROFESSIONAL, "Youth worker"),
            ("parish", MR.VOLUNTEER, "Evening café volunteer"),
        ],
    )
    # A mediator of the conciliation service and a Red Cross volunteer in the crisis.
    b.person(
        "volunteer",
        "Veera",
        "Heikkinen",
        email="veera.heikkinen@example.org",
        languages="fi, en, sv",
        demographics={
            "age_band": AB.A45_64,
            "gender": G.WOMAN,
            "first_language": "fi",
            "district": "Centre",
        },
        consent_at=CONSENT_2025,
        memberships=[
            ("conciliation", MR.VOLUNTEER, "Volunteer mediator", d("2024-09-01")),
            ("redcross", MR.VOLUNTEER, "Preparedness volunteer"),
        ],
    )
    b.person(
        "serviceuser",
        "Jari",
        "Mäkelä",
        languages="fi",
        demographics={
            "age_band": AB.A45_64,
            "gender": G.MAN,
            "first_language": "fi",
            "district": "Eastside",
        },
        consent_at=at("2025-09-03", "10:00"),
        memberships=[("employment", MR.SERVICE_USER, "", d("2025-09-01"))],
    )
    b.person(
        "viewer",
        "Leena",
        "Hirvonen",
        email=f"leena.hirvonen@{city}",
        languages="fi, en",
        memberships=[("city", MR.REPRESENTATIVE, "Chair of the City Board")],
    )
    b.person(
        "partner",
        "Leyla",
        "Hassan",
        email="leyla.hassan@kotona.example",
        languages="so, ar, fi, en",
        memberships=[("kotona", MR.PROFESSIONAL, "Coordinator")],
    )
    # Provider in one stage, user in another: a peer counsellor who came as a newcomer.
    b.person(
        "amina",
        "Amina",
        "Warsame",
        languages="so, fi, en",
        demographics={
            "age_band": AB.A30_44,
            "gender": G.WOMAN,
            "first_language": "so",
            "district": "Eastside",
        },
        consent_at=CONSENT_2025,
        memberships=[
            ("kotona", MR.PROFESSIONAL, "Peer counsellor", d("2024-08-01")),
            ("integration", MR.SERVICE_USER, "", d("2023-05-02")),
        ],
    )
    b.person(
        "petri",
        "Petri",
        "Salonen",
        email=f"petri.salonen@{city}",
        memberships=[("urban", MR.PROFESSIONAL, "Director of Urban Environment")],
    )

    professionals = [
        # key, given, family, organisation, title, languages
        ("planner", "Elina", "Rantanen", "urban", "Area planner, Koivumäki", "fi, en"),
        ("parks", "Timo", "Hakala", "urban", "Park engineer", "fi"),
        ("trafficeng", "Antti", "Kivelä", "urban", "Traffic engineer", "fi, en"),
        (
            "librarian",
            "Maria",
            "Sundström",
            "library",
            "Librarian, Koivumäki branch",
            "sv, fi, en",
        ),
        (
            "digilib",
            "Jukka",
            "Peltonen",
            "library",
            "Digital support librarian",
            "fi, en",
        ),
        ("sportsinstr", "Sami", "Nieminen", "sports", "Sports instructor", "fi"),
        ("principal", "Riitta", "Lehtonen", "school", "Principal", "fi, en"),
        ("kitchen", "Päivi", "Koskinen", "education", "Food services manager", "fi"),
        ("culture", "Johanna", "Berg", "education", "Culture producer", "sv, fi"),
        ("youth2", "Tuomas", "Salo", "youth", "Youth worker", "fi, en"),
        (
            "participation",
            "Kaisa",
            "Heinonen",
            "co_unit",
            "Participation planner",
            "fi, en",
        ),
        ("coach1", "Marja", "Leinonen", "employment", "Employment coach", "fi, en"),
        ("coach2", "Ville", "Järvinen", "employment", "Employment coach", "fi, sv"),
        ("coach3", "Sofia", "Ekholm", "employment", "Employment coach", "sv, fi, en"),
        (
            "supervisor",
            "Heikki",
            "Manninen",
            "conciliation",
            "Conciliation supervisor",
            "fi",
        ),
        (
            "counsellor",
            "Laura",
            "Virtanen",
            "conciliation",
            "Conciliation counsellor",
            "fi, en",
        ),
        (
            "officer",
            "Janne",
            "Aaltonen",
            "police",
            "Senior constable, investigation",
            "fi",
        ),
        (
            "prosecutor1",
            "Eeva",
            "Lindholm",
            "prosecutor",
            "District prosecutor",
            "fi, sv",
        ),
        ("nurse", "Katja", "Mattila", "hospital", "Psychiatric nurse", "fi, en"),
        ("psychologist", "Oskari", "Laine", "hospital", "Psychologist", "fi, en"),
        ("socialworker", "Hanna", "Karjalainen", "social", "Social worker", "fi, en"),
        ("seniorlead", "Tiina", "Hiltunen", "seniors", "Home care manager", "fi"),
        ("carehome", "Minna", "Räsänen", "seniors", "Care home director", "fi"),
        (
            "redcrossmgr",
            "Pekka",
            "Honkanen",
            "redcross",
            "Operations manager",
            "fi, en",
        ),
        ("mieliworker", "Noora", "Vainio", "mieli", "Peer work coordinator", "fi, en"),
        ("deacon", "Ilkka", "Tuominen", "parish", "Deacon", "fi, sv"),
        (
            "integrationadv",
            "Sara",
            "Holmström",
            "integration",
            "Integration adviser",
            "sv, fi, en, ar",
        ),
        ("kelaadv", "Matti", "Heikkilä", "kela", "Benefits adviser", "fi, en"),
        ("researcher", "Anna", "Koivisto", "uas", "Senior researcher", "fi, en"),
        ("unemployedcoord", "Raimo", "Lappalainen", "unemployed", "Coordinator", "fi"),
        (
            "digiunit",
            "Kalle",
            "Saarinen",
            "digital",
            "Head of digital services",
            "fi, en",
        ),
        (
            "preparednessmgr",
            "Outi",
            "Kallio",
            "preparedness",
            "Preparedness manager",
            "fi, en",
        ),
        (
            "youthhousingw",
            "Emil",
            "Nyström",
            "youthhousing",
            "Housing counsellor",
            "sv, fi",
        ),
    ]
    for key, given, family, org, title, languages in professionals:
        b.person(
            key,
            given,
            family,
            languages=languages,
            email=f"{given.lower()}.{family.lower()}@example.org".replace(
                "ä", "a"
            ).replace("ö", "o"),
            memberships=[(org, MR.PROFESSIONAL, title)],
        )


# --------------------------------------------------------------------------------------
# The scenarios


def scenario_1(b: Builder) -> list[InitiativeSpec]:
    """Neighbourhood pilot: residents of Koivumäki co-design and co-deliver local services."""
    residents = b.crowd(
        "koivumaki",
        28,
        organisation="koivuassoc",
        role=MR.MEMBER,
        mix=MIX_CITY,
        ages=[AB.A18_29, AB.A30_44, AB.A45_64, AB.A65_74, AB.A75],
        district="Koivumäki",
        consent_at=at("2025-03-05", "18:00"),
    )
    staff = ["coordinator", "planner", "professional", "librarian", "sportsinstr"]
    place = "Koivumäki school, auditorium"
    acts = [
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
            people(staff, R.PROFESSIONAL, 3),
            orgs(["koivuassoc"], R.COMMUNITY_GROUP),
            place=place,
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
            place=place,
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
            place=place,
        ),
    ]
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
    acts += [
        activity(
            S.ASSESSMENT,
            "Professionals' reflection: our new role in the pilot",
            AK.MEETING,
            at("2025-12-03", "13:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(staff + ["youth2", "parks", "participation"], R.PROFESSIONAL, 2),
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
    return [
        InitiativeSpec(
            1,
            SCENARIOS[1][0],
            "Koivumäki neighbourhood pilot",
            "The city and the residents of Koivumäki plan and run local services together for "
            "eighteen months: a neighbourhood living room in the school, the park, the evening "
            "programme. Professionals of four departments work with the residents' association.",
            lead="co_unit",
            status=ST.RUNNING,
            start_date=d("2025-02-01"),
            end_date=d("2026-06-30"),
            place="Koivumäki",
            co_design=True,
            co_delivery=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Residents shape and run local services; a living room open twice a "
            "month; fewer places residents call unsafe; departments learn to work with residents.",
            partners=[
                ("koivuassoc", PR.CO_LEAD),
                ("urban", PR.DELIVERY),
                ("youth", PR.DELIVERY),
                ("library", PR.DELIVERY),
                ("sports", PR.DELIVERY),
                ("school", PR.HOST),
                ("grocery", PR.FUNDER),
            ],
            services=["youth-work", "parks", "library"],
            activities=acts,
            contributions=[
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
            ],
        )
    ]


def scenario_2(b: Builder) -> list[InitiativeSpec]:
    """Conciliation: volunteer mediators in pairs under a supervising professional."""
    mediators = ["volunteer"] + b.crowd(
        "mediator",
        7,
        organisation="conciliation",
        role=MR.VOLUNTEER,
        title="Volunteer mediator",
        mix=MIX_FINNISH,
        ages=[AB.A30_44, AB.A45_64, AB.A65_74],
        consent_at=CONSENT_2025,
        since=d("2024-09-01"),
    )
    others = mediators[1:]
    pros = ["supervisor", "counsellor"]
    acts = [
        activity(
            S.COMMISSIONING,
            "Referral agreement with Riverside Police",
            AK.MEETING,
            at("2025-01-15", "10:00"),
            1.5,
            L.INFORM,
            M.VOICE,
            people(pros, R.PROFESSIONAL, 1.5),
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
            people(pros, R.PROFESSIONAL, 3),
            description="Experienced mediators redesign how the office checks that "
            "agreements are kept.",
        ),
    ]
    # Sixteen mediation meetings; each pair is two volunteers, the volunteer user in six.
    cases = (
        ["criminal case, police referral"] * 10
        + ["civil case, neighbour dispute"] * 3
        + ["criminal case, prosecutor referral"] * 3
    )
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
    for n, month in enumerate(
        [
            "2025-03-25",
            "2025-05-27",
            "2025-08-26",
            "2025-10-28",
            "2025-12-16",
            "2026-02-24",
        ]
    ):
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
    for n, day_ in enumerate(["2025-04-08", "2025-07-08", "2025-10-07", "2026-01-13"]):
        acts.append(
            activity(
                S.COMMISSIONING,
                f"Quarterly referral review with the police (Q{n + 1})",
                AK.MEETING,
                at(day_, "10:00"),
                1,
                L.INFORM,
                M.VOICE,
                people(pros, R.PROFESSIONAL, 1),
                people(["officer"], R.PARTNER, 1),
                orgs(["police"], R.PARTNER),
            )
        )
    acts.append(
        activity(
            S.ASSESSMENT,
            "Annual review: mediators and the office assess 2025",
            AK.WORKSHOP,
            at("2025-12-09"),
            3,
            L.INVOLVE,
            M.VOICE,
            people(mediators, R.VOLUNTEER, 3),
            people(pros, R.PROFESSIONAL, 3),
            description="41 referrals in 2025 (33 from the police); 29 mediations; 24 agreements, "
            "21 kept at follow-up.",
        )
    )
    return [
        InitiativeSpec(
            2,
            SCENARIOS[2][0],
            "Conciliation service",
            "Trained volunteers mediate criminal and civil disputes in pairs, under the "
            "supervision of the conciliation office, in a process regulated by law: referral, "
            "consent of both parties, mediation meetings, agreement, follow-up, report to the referrer.",
            lead="conciliation",
            status=ST.RUNNING,
            start_date=d("2025-01-01"),
            place="Riverside Valley",
            co_delivery=True,
            co_assessment=True,
            declared_scope=Scope.GROUP,
            intended_outcomes="Parties agree on amends; agreements kept; fewer repeat offences; "
            "referrals answered within three weeks.",
            partners=[
                ("police", PR.REFERRER),
                ("prosecutor", PR.REFERRER),
                ("county", PR.FUNDER),
            ],
            services=["conciliation"],
            activities=acts,
            contributions=[
                ContributionSpec(
                    CK.PREMISES,
                    "Neutral meeting room for mediations in the parish centre",
                    d("2025-12-31"),
                    h(900),
                    organisation="parish",
                )
            ],
        )
    ]


def scenario_3(b: Builder) -> list[InitiativeSpec]:
    """A portfolio of smaller initiatives: some co-produced, some only in their declarations."""
    reading = b.crowd(
        "reader",
        4,
        organisation="library",
        role=MR.VOLUNTEER,
        title="Reading buddy",
        mix=MIX_CITY,
        ages=[AB.A65_74, AB.A45_64, AB.A18_29],
        consent_at=at("2025-08-20", "12:00"),
    )
    park_residents = b.crowd(
        "parkresident",
        24,
        organisation=None,
        role="",
        mix=MIX_CITY,
        ages=[AB.A18_29, AB.A30_44, AB.A45_64, AB.A65_74],
        consent_at=at("2025-05-20", "12:00"),
    )
    pupils = b.crowd(
        "pupil",
        10,
        organisation="school",
        role=MR.SERVICE_USER,
        title="Pupil",
        mix=MIX_CITY,
        ages=[AB.UNDER_18],
        district="Koivumäki",
        consent_at=at("2025-08-25", "12:00"),
    )
    youths = b.crowd(
        "youth",
        14,
        organisation="youth",
        role=MR.SERVICE_USER,
        title="Youth council member",
        mix=MIX_CITY,
        ages=[AB.UNDER_18, AB.A18_29],
        consent_at=at("2025-01-20", "12:00"),
    )
    snow = b.crowd(
        "snowbuddy",
        5,
        organisation="hopeakuu",
        role=MR.VOLUNTEER,
        title="Snow buddy",
        mix=MIX_FINNISH,
        ages=[AB.A18_29, AB.A30_44, AB.A65_74],
        consent_at=at("2025-01-05", "12:00"),
    )
    relatives = b.crowd(
        "relative",
        6,
        organisation=None,
        role="",
        mix=MIX_FINNISH,
        ages=[AB.A45_64, AB.A65_74],
        consent_at=at("2025-04-01", "12:00"),
    )
    careresidents = b.crowd(
        "careresident",
        3,
        organisation="seniors",
        role=MR.SERVICE_USER,
        mix=MIX_FINNISH,
        ages=[AB.A75],
        consent_at=at("2025-04-01", "12:00"),
    )
    gardeners = b.crowd(
        "gardener",
        8,
        organisation="gardeners",
        role=MR.MEMBER,
        mix=MIX_CITY,
        ages=[AB.A30_44, AB.A45_64, AB.A65_74],
        district="Eastside",
        consent_at=at("2025-04-15", "12:00"),
    )
    peers = b.crowd(
        "peeradviser",
        3,
        organisation="youthhousing",
        role=MR.VOLUNTEER,
        title="Peer housing adviser",
        mix=MIX_CITY,
        ages=[AB.A18_29],
        consent_at=at("2025-09-15", "12:00"),
    )
    seniors = b.crowd(
        "senior",
        18,
        organisation="hopeakuu",
        role=MR.MEMBER,
        mix=MIX_FINNISH,
        ages=[AB.A65_74, AB.A75],
        consent_at=at("2025-02-01", "12:00"),
    )
    out = []

    # a. Real, individual co-delivery: one volunteer reads with children at a time.
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
    out.append(
        InitiativeSpec(
            3,
            "reading-buddies",
            "Reading buddies",
            "Volunteers read with children who find "
            "reading hard, one volunteer with one or two children at a time.",
            lead="library",
            status=ST.RUNNING,
            start_date=d("2025-09-01"),
            end_date=d("2026-05-31"),
            place="Koivumäki branch library",
            co_delivery=True,
            declared_scope=Scope.INDIVIDUAL,
            intended_outcomes="Children read more and with more pleasure.",
            partners=[("school", PR.REFERRER)],
            services=["library"],
            activities=acts,
        )
    )

    # b. Rhetoric: co-design declared, but residents only consulted and informed.
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
    out.append(
        InitiativeSpec(
            3,
            "riverside-park-master-plan",
            "Riverside Park master plan",
            'A new master plan for the city\'s central park, "designed together with residents".',
            lead="urban",
            status=ST.RUNNING,
            start_date=d("2025-05-01"),
            end_date=d("2026-06-30"),
            place="Riverside Park",
            co_design=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="A park plan residents recognise as theirs.",
            services=["parks"],
            activities=acts,
        )
    )

    # c. Real co-design with pupils.
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
    out.append(
        InitiativeSpec(
            3,
            "school-meals-with-pupils",
            "School meals with pupils",
            "A pupils' panel designs the spring menu with the kitchen.",
            lead="education",
            status=ST.RUNNING,
            start_date=d("2025-08-11"),
            end_date=d("2026-05-30"),
            place="Koivumäki Comprehensive School",
            co_design=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Less food waste; pupils eat the school lunch.",
            partners=[("school", PR.HOST)],
            services=["school-meals"],
            activities=acts,
        )
    )

    # d. Real co-commissioning: young people decide how the youth budget is spent.
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
    out.append(
        InitiativeSpec(
            3,
            "youth-participatory-budget",
            "Youth participatory budget 2025",
            "Young people propose and decide how EUR 40,000 of the youth budget is spent.",
            lead="youth",
            status=ST.EVALUATED,
            start_date=d("2025-01-15"),
            end_date=d("2025-06-30"),
            place="Citywide",
            co_commissioning=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Young people's priorities funded; trust in the city among the young.",
            services=["youth-work"],
            activities=acts,
        )
    )

    # e. Real, individual co-delivery: one volunteer per shift clears snow for a neighbour.
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
    out.append(
        InitiativeSpec(
            3,
            "snow-buddies",
            "Snow buddies",
            "Volunteers clear the snow for older neighbours who "
            "live at home, each volunteer for one or two neighbours.",
            lead="seniors",
            status=ST.CLOSED,
            start_date=d("2025-01-07"),
            end_date=d("2025-03-31"),
            place="Northbank and Eastside",
            co_delivery=True,
            declared_scope=Scope.INDIVIDUAL,
            intended_outcomes="Older people stay safe at home through the winter.",
            partners=[("hopeakuu", PR.DELIVERY)],
            services=["home-support-older"],
            activities=acts,
        )
    )

    # f. Rhetoric: co-design and co-assessment declared, only professionals in the records.
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
    out.append(
        InitiativeSpec(
            3,
            "digital-support-strategy",
            "Digital support strategy 2026–2028",
            'How residents get help with e-services: "co-designed with the residents who need it '
            'and assessed with them".',
            lead="digital",
            status=ST.RUNNING,
            start_date=d("2025-08-01"),
            end_date=d("2026-04-30"),
            place="Citywide",
            co_design=True,
            co_assessment=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Every resident can use the city's e-services or get help to.",
            partners=[
                ("library", PR.DELIVERY),
                ("kela", PR.ADVISOR),
                ("seniors", PR.ADVISOR),
            ],
            services=["digital-support"],
            activities=acts,
        )
    )

    # g. Real co-assessment: relatives and residents walk through care homes.
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
    out.append(
        InitiativeSpec(
            3,
            "care-home-quality-panel",
            "Care home quality panel",
            "Relatives and residents assess the quality of care homes with the staff.",
            lead="seniors",
            status=ST.RUNNING,
            start_date=d("2025-04-01"),
            place="Care home Kotikoivu",
            co_assessment=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Quality problems seen early, by the people who live with them.",
            partners=[("hopeakuu", PR.EVALUATOR)],
            services=["care-homes"],
            activities=acts,
        )
    )

    # h. Real collective co-design and co-delivery with a community group.
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
    out.append(
        InitiativeSpec(
            3,
            "eastside-community-gardens",
            "Eastside community gardens",
            "Residents lay out and run community garden plots on city land.",
            lead="urban",
            status=ST.CLOSED,
            start_date=d("2025-04-15"),
            end_date=d("2025-10-31"),
            place="Eastside",
            co_design=True,
            co_delivery=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Thirty plots in use; neighbours who know each other.",
            partners=[("gardeners", PR.CO_LEAD)],
            services=["parks"],
            activities=acts,
            contributions=[
                ContributionSpec(
                    CK.MATERIALS,
                    "Seedlings and compost",
                    d("2025-05-10"),
                    h(380),
                    organisation="gardeners",
                )
            ],
        )
    )

    # i. Honestly professional-led: nothing declared, residents consulted.
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
    out.append(
        InitiativeSpec(
            3,
            "traffic-safety-plan",
            "Traffic safety plan 2026–2030",
            "The statutory traffic safety plan, prepared by the city's traffic engineers.",
            lead="urban",
            status=ST.PLANNED,
            start_date=d("2026-04-01"),
            end_date=d("2026-12-31"),
            place="Citywide",
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Fewer injuries; safer routes to school.",
            services=["traffic-safety"],
            activities=acts,
        )
    )

    # j. Co-delivery real, but collective declared and the records show individual work.
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
    out.append(
        InitiativeSpec(
            3,
            "housing-advice-for-young-people",
            "Housing advice for young people",
            "Young peer advisers who once nearly lost their home advise young tenants, with a "
            "housing counsellor; meant as group evenings, run as one-to-one sessions.",
            lead="social",
            status=ST.RUNNING,
            start_date=d("2025-10-01"),
            end_date=d("2026-09-30"),
            place="Youth House Centre",
            co_delivery=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Fewer evictions of young tenants.",
            partners=[("youthhousing", PR.DELIVERY), ("youth", PR.HOST)],
            services=["housing-advice"],
            activities=acts,
        )
    )

    # k. Rhetoric: co-commissioning declared, seniors only informed.
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
    out.append(
        InitiativeSpec(
            3,
            "culture-for-seniors",
            "Culture for seniors 2025",
            'A season of concerts and matinees "chosen together with the seniors".',
            lead="education",
            status=ST.CLOSED,
            start_date=d("2025-02-01"),
            end_date=d("2025-12-31"),
            place="Citywide",
            co_commissioning=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Older residents take part in cultural life.",
            partners=[("hopeakuu", PR.ADVISOR)],
            services=["culture-older"],
            activities=acts,
        )
    )

    # l. An idea, nothing declared yet.
    out.append(
        InitiativeSpec(
            3,
            "climate-assembly",
            "Riverside climate assembly",
            "An idea: a citizens' assembly drawn by lot to recommend the city's climate measures.",
            lead="co_unit",
            status=ST.IDEA,
            start_date=None,
            place="Citywide",
            declared_scope=Scope.COLLECTIVE,
            activities=[
                activity(
                    S.COMMISSIONING,
                    "Exploratory meeting with the environment committee",
                    AK.MEETING,
                    at("2026-02-24", "16:00"),
                    1.5,
                    L.INFORM,
                    M.VOICE,
                    people(
                        ["coordinator", "participation", "petri"], R.PROFESSIONAL, 1.5
                    ),
                )
            ],
        )
    )
    return out


def scenario_4(b: Builder) -> list[InitiativeSpec]:
    """Opportunity space: city, hospital district and NGOs co-produce one service."""
    young = b.crowd(
        "youngadult",
        14,
        organisation="hospital",
        role=MR.SERVICE_USER,
        mix=MIX_CITY,
        ages=[AB.A18_29],
        consent_at=at("2025-04-02", "12:00"),
    )
    peers = b.crowd(
        "expert",
        4,
        organisation="mieli",
        role=MR.VOLUNTEER,
        title="Expert by experience",
        mix=MIX_FINNISH,
        ages=[AB.A18_29, AB.A30_44],
        consent_at=at("2025-03-01", "12:00"),
    )
    pros = [
        "professional",
        "nurse",
        "psychologist",
        "mieliworker",
        "socialworker",
        "deacon",
    ]
    acts = [
        activity(
            S.COMMISSIONING,
            "Partnership agreement: who does what",
            AK.MEETING,
            at("2025-03-10", "13:00"),
            3,
            L.INVOLVE,
            M.VOICE,
            people(pros, R.PROFESSIONAL, 3),
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
    for n, day in enumerate(["2025-06-17", "2025-10-21", "2026-02-17"]):
        acts.append(
            activity(
                S.ASSESSMENT,
                f"Cross-organisational learning café {n + 1}",
                AK.MEETING,
                at(day, "13:00"),
                2.5,
                L.INVOLVE,
                M.VOICE,
                people(pros, R.PROFESSIONAL, 2.5),
                people(b.sample(peers, 2), R.VOLUNTEER, 2.5),
                orgs(["hospital", "mieli", "county"], R.PARTNER),
                description=[
                    "Co-exploration: what the nurses learnt from the peer workers about first contact.",
                    "Co-exploitation: the hospital adopts the youth house's booking-free model for "
                    "its outpatient intake; Mieli trains youth workers in peer conversation.",
                    "What each organisation changed in its own work; what still stops at the "
                    "organisations' borders (records, referrals).",
                ][n],
            )
        )
    return [
        InitiativeSpec(
            4,
            SCENARIOS[4][0],
            "Nuoli: low-threshold mental health path for young adults",
            "Youth services, the hospital district, the wellbeing services county, the Mieli "
            "association and the parish run one walk-in path for young adults across their "
            "boundaries, with experts by experience; what one organisation learns is taken up by "
            "the others.",
            lead="youth",
            status=ST.RUNNING,
            start_date=d("2025-03-01"),
            end_date=d("2026-12-31"),
            place="Youth House Centre",
            co_design=True,
            co_delivery=True,
            co_assessment=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Young adults get help without referral within a week; fewer drop-outs "
            "between services; practices shared across the partners.",
            partners=[
                ("hospital", PR.CO_LEAD),
                ("mieli", PR.DELIVERY),
                ("county", PR.DELIVERY),
                ("parish", PR.HOST),
                ("college", PR.REFERRER),
            ],
            services=["mental-health-walk-in", "youth-work"],
            activities=acts,
            contributions=[
                ContributionSpec(
                    CK.EXPERTISE,
                    "Peer-conversation training for youth workers",
                    d("2025-11-04"),
                    h(1200),
                    organisation="mieli",
                )
            ],
        )
    ]


def scenario_5(b: Builder) -> list[InitiativeSpec]:
    """Integrated service: agencies deliver one service; providers are users elsewhere."""
    newcomers = b.crowd(
        "newcomer",
        12,
        organisation="integration",
        role=MR.SERVICE_USER,
        mix=MIX_NEWCOMERS,
        ages=[AB.A18_29, AB.A30_44, AB.A45_64],
        consent_at=at("2025-05-06", "12:00"),
    )
    interpreters = b.crowd(
        "interpreter",
        4,
        organisation="kotona",
        role=MR.VOLUNTEER,
        title="Volunteer interpreter",
        mix=MIX_NEWCOMERS,
        ages=[AB.A30_44, AB.A45_64],
        consent_at=at("2025-06-01", "12:00"),
    )
    agencies = ["integrationadv", "kelaadv", "coach2", "socialworker"]
    acts = [
        activity(
            S.COMMISSIONING,
            "Agencies agree the one-stop model",
            AK.MEETING,
            at("2025-04-08", "10:00"),
            3,
            L.INVOLVE,
            M.VOICE,
            people(agencies, R.PROFESSIONAL, 3),
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
    # ... and providers here.
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
                people(agencies[: 2 + n % 3] + ["amina"], R.PROFESSIONAL, 6),
                people(b.sample(interpreters, 2), R.VOLUNTEER, 4),
                orgs(["kotona"], R.PARTNER),
                place="Main library, Welcome Point desk",
            )
        )
    acts.append(
        activity(
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
    )
    return [
        InitiativeSpec(
            5,
            SCENARIOS[5][0],
            "Welcome Point: one-stop service for newcomers",
            "The city's integration services, employment services, Kela and the wellbeing services "
            "county deliver one integrated service for newcomers at the main library, with peer "
            "counsellors and volunteer interpreters of the Kotona association. The association and "
            "its peer counsellor are users of the service in its design and providers in its "
            "delivery; the service is published in CPSV-AP.",
            lead="integration",
            status=ST.RUNNING,
            start_date=d("2025-06-01"),
            place="Main library",
            co_design=True,
            co_delivery=True,
            co_assessment=True,
            declared_scope=Scope.INDIVIDUAL,
            intended_outcomes="A newcomer tells their story once; an integration plan within two "
            "weeks; fewer visits to separate offices.",
            partners=[
                ("employment", PR.CO_LEAD),
                ("kela", PR.DELIVERY),
                ("county", PR.DELIVERY),
                ("kotona", PR.DELIVERY),
                ("library", PR.HOST),
            ],
            services=["welcome-point"],
            activities=acts,
            contributions=[
                ContributionSpec(
                    CK.PREMISES,
                    "Welcome Point desk and two rooms in the main library",
                    d("2025-12-31"),
                    h(7200),
                    organisation="library",
                )
            ],
        )
    ]


def scenario_6(b: Builder) -> list[InitiativeSpec]:
    """Temporary use: residents run a community space in the empty post office."""
    members = b.crowd(
        "oldmill",
        16,
        organisation="oldmill",
        role=MR.MEMBER,
        mix=MIX_CITY,
        ages=[AB.A18_29, AB.A30_44, AB.A45_64, AB.A65_74],
        district="Old Mill Quarter",
        consent_at=at("2025-03-18", "18:00"),
    )
    place = "Old post office, Myllykatu 4"
    acts = [
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
            place=place,
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
            place=place,
        ),
    ]
    # Every other Saturday from May, every Saturday from the autumn until the lease ends.
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
                place=place,
            )
        )
    acts += [
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
            place=place,
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
            place=place,
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
            place=place,
            description="Residents and the city list what should last after December: "
            "the collective, the Saturday market, a new home for the book swap; and what "
            "will not without premises.",
        ),
    ]
    first = members[0]
    return [
        InitiativeSpec(
            6,
            SCENARIOS[6][0],
            "Old Mill Quarter: temporary community space",
            "Residents ran a community space in the empty post office of the Old Mill Quarter "
            "until the lease ended on 31 December 2025: open Saturdays, markets, a book swap, "
            "rooms for clubs. The city asks whether what they built outlasts the lease.",
            lead="oldmill",
            status=ST.CLOSED,
            start_date=d("2025-04-01"),
            end_date=d("2025-12-31"),
            is_temporary=True,
            place=place,
            co_commissioning=True,
            co_design=True,
            co_delivery=True,
            co_assessment=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="A lively meeting place during the lease; a collective that lasts; "
            "a lasting home for the activities after the lease.",
            partners=[
                ("jokisato", PR.HOST),
                ("urban", PR.ADVISOR),
                ("library", PR.DELIVERY),
                ("youth", PR.DELIVERY),
            ],
            services=["temporary-use"],
            activities=acts,
            contributions=[
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
            ],
        )
    ]


def scenario_7(
    b: Builder, mediators_volunteer: str = "volunteer"
) -> list[InitiativeSpec]:
    """Crisis centre: volunteers and community organisations mobilised across languages."""
    volunteers = [mediators_volunteer] + b.crowd(
        "crisisvol",
        27,
        organisation="redcross",
        role=MR.VOLUNTEER,
        title="Preparedness volunteer",
        mix=MIX_CRISIS,
        ages=[AB.A18_29, AB.A30_44, AB.A45_64, AB.A65_74],
        consent_at=at("2025-11-18", "12:00"),
    )
    pros = ["preparednessmgr", "redcrossmgr"]
    groups = ["somali", "ukrainian", "kotona", "foodaid"]
    acts = [
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
            people(pros, R.PROFESSIONAL, 1.5),
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
            people(pros, R.PROFESSIONAL, 2),
            place="Parish centre",
        ),
    ]
    day = d("2025-11-20")
    n = 0
    for week in range(14):
        for offset, kind in (
            (0, "Grocery and medicine deliveries"),
            (2, "Multilingual help line"),
            (4, "Grocery and medicine deliveries"),
        ):
            when_day = day + dt.timedelta(weeks=week, days=offset)
            n += 1
            crew = b.sample(volunteers[1:], 3)
            if n % 5 == 0:
                crew[0] = mediators_volunteer
            parts = [
                people(crew, R.VOLUNTEER, 4),
                people([pros[n % 2]], R.PROFESSIONAL, 1),
            ]
            if kind.startswith("Grocery"):
                parts.append(orgs(["foodaid"], R.PARTNER))
            else:
                parts.append(orgs([groups[n % 2]], R.COMMUNITY_GROUP))
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
    acts.append(
        activity(
            S.ASSESSMENT,
            "Debrief: what to keep in the volunteer registry",
            AK.WORKSHOP,
            at("2026-02-25", "17:00"),
            2.5,
            L.INVOLVE,
            M.VOICE,
            people(b.sample(volunteers, 12), R.VOLUNTEER, 2.5),
            people(pros, R.PROFESSIONAL, 2.5),
            orgs(["somali", "ukrainian"], R.COMMUNITY_GROUP),
            description="Languages covered: fi, sv, en, so, ar, uk, et, fa, vi; Russian and Dari "
            "callers had to wait for a volunteer. Keep the registry warm between crises.",
        )
    )
    return [
        InitiativeSpec(
            7,
            SCENARIOS[7][0],
            "Crisis response centre (epidemic winter 2025–26)",
            "In the epidemic wave of winter 2025–26 the city and the Red Cross opened a local "
            "co-production centre in the parish centre: volunteers and community organisations "
            "delivered groceries and medicines and ran a help line in nine languages.",
            lead="preparedness",
            status=ST.CLOSED,
            start_date=d("2025-11-17"),
            end_date=d("2026-02-27"),
            is_temporary=True,
            place="Parish centre",
            co_design=True,
            co_delivery=True,
            co_assessment=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Nobody in quarantine without food or medicine; help in one's own "
            "language; a registry of co-producers ready for the next crisis.",
            partners=[
                ("redcross", PR.CO_LEAD),
                ("county", PR.ADVISOR),
                ("kotona", PR.DELIVERY),
                ("somali", PR.DELIVERY),
                ("ukrainian", PR.DELIVERY),
                ("foodaid", PR.DELIVERY),
                ("parish", PR.HOST),
                ("taxi", PR.DELIVERY),
            ],
            services=["crisis-help"],
            activities=acts,
            contributions=[
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
            ],
        )
    ]


def scenario_8(b: Builder) -> list[InitiativeSpec]:
    """Trust: sixty participants of an activation programme over six months."""
    participants = ["serviceuser"] + b.crowd(
        "participant",
        59,
        organisation="employment",
        role=MR.SERVICE_USER,
        mix=MIX_CITY,
        ages=[AB.A18_29, AB.A30_44, AB.A45_64],
        consent_at=at("2025-09-03", "10:00"),
        since=d("2025-09-01"),
    )
    groups = [participants[i::4] for i in range(4)]
    coaches = ["coach1", "coach2", "coach3", "unemployedcoord"]
    dropouts = set(b.sample(participants[1:], 8))
    acts = [
        activity(
            S.COMMISSIONING,
            "Programme commission with the Unemployed Association",
            AK.MEETING,
            at("2025-06-11", "10:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(["coach1", "unemployedcoord"], R.PROFESSIONAL, 2),
            orgs(["unemployed"], R.PARTNER),
            place="Employment Services",
        ),
        activity(
            S.ASSESSMENT,
            "Trust panel, wave 1 (start)",
            AK.SURVEY_WAVE,
            at("2025-09-03", "09:00"),
            0.5,
            L.CONSULT,
            M.VOICE,
            people(participants, R.SERVICE_USER, 0.5),
            description="Trust in the provider, in local government, generalised trust, "
            "trust in fellow participants: the baseline.",
        ),
    ]
    for g, group in enumerate(groups):
        letter = "ABCD"[g]
        acts.append(
            activity(
                S.DESIGN,
                f"Group {letter}: we plan our programme",
                AK.WORKSHOP,
                at((d("2025-09-08") + dt.timedelta(days=g)).isoformat(), "09:30"),
                3,
                L.COLLABORATE,
                M.VOICE,
                people(group, R.SERVICE_USER, 3),
                people([coaches[g]], R.PROFESSIONAL, 3),
                place="Employment Services, Studio",
            )
        )
        for n in range(11):
            day = d("2025-09-15") + dt.timedelta(days=g + 14 * n)
            present = [
                p
                for p in group
                if not (p in dropouts and n >= 4 + g)
                and b.rng.random() < 0.85 - 0.01 * n
            ]
            acts.append(
                activity(
                    S.DELIVERY,
                    f"Group {letter}, session {n + 1}",
                    AK.WORKSHOP,
                    at(day.isoformat(), "09:30"),
                    3,
                    L.COLLABORATE,
                    M.DOING,
                    people(present, R.SERVICE_USER, 3),
                    people([coaches[g]], R.PROFESSIONAL, 3),
                    place="Employment Services, Studio",
                )
            )
    stayed = [p for p in participants if p not in dropouts]
    for n, day in enumerate(["2025-10-22", "2025-11-26", "2026-01-21"]):
        acts.append(
            activity(
                S.DELIVERY,
                f"Peer-led job club {n + 1}",
                AK.MEETING,
                at(day, "13:00"),
                2,
                L.EMPOWER,
                M.DOING,
                people(b.sample(stayed, 9), R.SERVICE_USER, 2),
                place="Unemployed Association clubhouse",
            )
        )
    acts += [
        activity(
            S.ASSESSMENT,
            "Participants evaluate the programme",
            AK.WORKSHOP,
            at("2026-02-18", "10:00"),
            2.5,
            L.INVOLVE,
            M.VOICE,
            people(b.sample(stayed, 20), R.SERVICE_USER, 2.5),
            people(["coach1", "researcher"], R.PROFESSIONAL, 2.5),
        ),
        activity(
            S.ASSESSMENT,
            "Trust panel, wave 2 (six months)",
            AK.SURVEY_WAVE,
            at("2026-02-25", "09:00"),
            0.5,
            L.CONSULT,
            M.VOICE,
            people(stayed, R.SERVICE_USER, 0.5),
            description="52 of the 60 answered; the eight who left the programme did not.",
        ),
    ]
    return [
        InitiativeSpec(
            8,
            SCENARIOS[8][0],
            "Working Life Step: co-produced activation programme",
            "Sixty long-term unemployed residents plan and run six months of group coaching with "
            "employment coaches and the Unemployed Association; a trust panel at the start and "
            "after six months shows what changed.",
            lead="employment",
            status=ST.CLOSED,
            start_date=d("2025-09-01"),
            end_date=d("2026-02-28"),
            place="Employment Services, Studio",
            co_design=True,
            co_delivery=True,
            co_assessment=True,
            declared_scope=Scope.COLLECTIVE,
            intended_outcomes="Trust in the provider, in local government, in others and in fellow "
            "participants grows; half move to work, studies or a work try-out.",
            partners=[
                ("unemployed", PR.DELIVERY),
                ("uas", PR.EVALUATOR),
                ("county", PR.ADVISOR),
            ],
            services=["employment-activation"],
            activities=acts,
            contributions=[
                ContributionSpec(
                    CK.PREMISES,
                    "Clubhouse for the peer-led job club",
                    d("2026-01-21"),
                    h(450),
                    organisation="unemployed",
                )
            ],
        )
    ]


USERS = [
    UserSpec(
        "admin", Role.TENANT_ADMIN, "admin", "ICT manager; manages members and roles"
    ),
    UserSpec(
        "coordinator",
        Role.COORDINATOR,
        "coordinator",
        "runs the Koivumäki pilot; sees and records everything",
    ),
    UserSpec(
        "professional",
        Role.PROFESSIONAL,
        "professional",
        "youth worker in the pilot and Nuoli, a volunteer at the parish; supervises "
        "the conciliation cases and signs off their agreements",
    ),
    UserSpec(
        "volunteer",
        Role.VOLUNTEER,
        "volunteer",
        "mediator in the conciliation service and crisis centre volunteer; "
        "sees only their own",
    ),
    UserSpec(
        "serviceuser",
        Role.SERVICE_USER,
        "serviceuser",
        "participant of the activation programme; sees only their own",
    ),
    UserSpec(
        "viewer", Role.VIEWER, "viewer", "chair of the City Board; reads the dashboards"
    ),
    UserSpec(
        "partner",
        Role.PARTNER,
        "partner",
        "coordinator of the Kotona Multicultural Association, a partner",
    ),
]


def demo_tenant() -> TenantSpec:
    """The City of Riverside with the eight scenarios."""
    b = Builder(SEED)
    _named(b)
    initiatives = (
        scenario_1(b)
        + scenario_2(b)
        + scenario_3(b)
        + scenario_4(b)
        + scenario_5(b)
        + scenario_6(b)
        + scenario_7(b)
        + scenario_8(b)
    )
    return TenantSpec(
        slug=DEMO_SLUG,
        name="City of Riverside",
        kind=Tenant.Kind.MUNICIPALITY,
        actor="coordinator",
        users=USERS,
        organisations=ORGANISATIONS,
        people=list(b.people.values()),
        services=SERVICES,
        initiatives=initiatives,
    )


def hillview_tenant() -> TenantSpec:
    """A second, small tenant: the demo users cannot see it, and its coordinator sees nothing
    of Riverside."""
    b = Builder(SEED + 1)
    b.person(
        "hillview",
        "Kaisa",
        "Rautio",
        languages="fi, en",
        memberships=[("town", MR.PROFESSIONAL, "Library director")],
    )
    readers = b.crowd(
        "hvvol",
        3,
        organisation="hvlibrary",
        role=MR.VOLUNTEER,
        title="Home delivery volunteer",
        mix=MIX_FINNISH,
        ages=[AB.A30_44, AB.A65_74],
        consent_at=at("2025-10-01", "12:00"),
    )
    acts = [
        activity(
            S.DESIGN,
            "Planning the delivery rounds with volunteers",
            AK.WORKSHOP,
            at("2025-10-07", "17:00"),
            2,
            L.INVOLVE,
            M.VOICE,
            people(readers, R.VOLUNTEER, 2),
            people(["hillview"], R.PROFESSIONAL, 2),
        ),
        activity(
            S.DELIVERY,
            "Home delivery round",
            AK.VOLUNTEER_SHIFT,
            at("2025-10-21", "10:00"),
            3,
            L.INVOLVE,
            M.DOING,
            people(readers[:2], R.VOLUNTEER, 3),
        ),
    ]
    return TenantSpec(
        slug=HILLVIEW_SLUG,
        name="Town of Hillview",
        kind=Tenant.Kind.MUNICIPALITY,
        actor="hillview",
        users=[
            UserSpec(
                "hillview",
                Role.COORDINATOR,
                "hillview",
                "library director; sees nothing of Riverside, as Riverside sees "
                "nothing of Hillview",
            )
        ],
        organisations=[
            OrganisationSpec("town", "Town of Hillview", K.PUBLIC_AGENCY),
            OrganisationSpec("hvlibrary", "Hillview Library", K.DEPARTMENT, "town"),
        ],
        people=list(b.people.values()),
        services=[
            ServiceSpec(
                "home-delivery",
                "Library home delivery",
                "Books delivered to residents who cannot visit the library.",
                "hvlibrary",
                SEC.EDUC,
                (CH.HOME_VISIT, CH.PHONE),
                "Public Libraries Act (1492/2016)",
            )
        ],
        initiatives=[
            InitiativeSpec(
                0,
                "library-home-delivery",
                "Library home delivery with volunteers",
                "Volunteers bring books to residents who cannot come to the library.",
                lead="hvlibrary",
                status=ST.RUNNING,
                start_date=d("2025-10-01"),
                place="Hillview",
                co_delivery=True,
                declared_scope=Scope.INDIVIDUAL,
                services=["home-delivery"],
                activities=acts,
            )
        ],
    )
