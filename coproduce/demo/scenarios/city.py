"""The City of Riverside: its organisations, its public services, the people with a
name of their own (the demo accounts and the professionals the scenarios name), and the
demo accounts. The scenarios refer to all of them by key."""

from coproduce.people.models import PublicService
from coproduce.tenancy.roles import Role

from ..spec import OrganisationSpec, ServiceSpec, UserSpec
from .builder import AB, CH, CONSENT_2025, MR, SEC, Builder, G, K, at, d

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

# Each service's function of government (COFOG, the PO main-activity code) and the life
# events it belongs to (the /def/life-event scheme), for the CPSV-AP export.
SERVICE_CLASSES = {
    "conciliation": ("pub-os", ()),
    "welcome-point": ("soc-pro", ("arriving", "moving")),
    "youth-work": ("rcr", ("school", "studying")),
    "mental-health-walk-in": ("health", ("illness", "studying")),
    "employment-activation": ("econ-aff", ("working",)),
    "library": ("rcr", ()),
    "parks": ("hc-am", ()),
    "school-meals": ("education", ("school",)),
    "home-support-older": ("soc-pro", ("retiring", "caring")),
    "care-homes": ("soc-pro", ("retiring", "caring")),
    "housing-advice": ("hc-am", ("moving",)),
    "digital-support": ("gen-pub", ("retiring",)),
    "culture-older": ("rcr", ("retiring",)),
    "traffic-safety": ("pub-os", ("school",)),
    "crisis-help": ("pub-os", ()),
    "temporary-use": ("hc-am", ()),
    "home-delivery": ("soc-pro", ("retiring", "illness")),
}

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

CITY_DOMAIN = "riverside.example"

# The people with a demo account, and a few the scenarios name: Builder.person's
# arguments (key, given name, family name, then its keywords), in the order they are made.
NAMED = [
    (
        "admin",
        "Helena",
        "Korhonen",
        {
            "email": f"helena.korhonen@{CITY_DOMAIN}",
            "languages": "fi, en",
            "memberships": [("city", MR.PROFESSIONAL, "ICT manager")],
        },
    ),
    (
        "coordinator",
        "Aino",
        "Laaksonen",
        {
            "email": f"aino.laaksonen@{CITY_DOMAIN}",
            "languages": "fi, sv, en",
            "memberships": [("co_unit", MR.PROFESSIONAL, "Co-production coordinator")],
        },
    ),
    # A professional in one organisation and a volunteer in another.
    (
        "professional",
        "Mikael",
        "Lindqvist",
        {
            "email": f"mikael.lindqvist@{CITY_DOMAIN}",
            "languages": "sv, fi, en",
            "demographics": {
                "age_band": AB.A30_44,
                "gender": G.MAN,
                "first_language": "sv",
                "district": "Northbank",
            },
            "consent_at": CONSENT_2025,
            "memberships": [
                ("youth", MR.PROFESSIONAL, "Youth worker"),
                ("parish", MR.VOLUNTEER, "Evening café volunteer"),
            ],
        },
    ),
    # A mediator of the conciliation service and a Red Cross volunteer in the crisis.
    (
        "volunteer",
        "Veera",
        "Heikkinen",
        {
            "email": "veera.heikkinen@example.org",
            "languages": "fi, en, sv",
            "demographics": {
                "age_band": AB.A45_64,
                "gender": G.WOMAN,
                "first_language": "fi",
                "district": "Centre",
            },
            "consent_at": CONSENT_2025,
            "memberships": [
                ("conciliation", MR.VOLUNTEER, "Volunteer mediator", d("2024-09-01")),
                ("redcross", MR.VOLUNTEER, "Preparedness volunteer"),
            ],
        },
    ),
    (
        "serviceuser",
        "Jari",
        "Mäkelä",
        {
            "languages": "fi",
            "demographics": {
                "age_band": AB.A45_64,
                "gender": G.MAN,
                "first_language": "fi",
                "district": "Eastside",
            },
            "consent_at": at("2025-09-03", "10:00"),
            "memberships": [("employment", MR.SERVICE_USER, "", d("2025-09-01"))],
        },
    ),
    (
        "viewer",
        "Leena",
        "Hirvonen",
        {
            "email": f"leena.hirvonen@{CITY_DOMAIN}",
            "languages": "fi, en",
            "memberships": [("city", MR.REPRESENTATIVE, "Chair of the City Board")],
        },
    ),
    (
        "partner",
        "Leyla",
        "Hassan",
        {
            "email": "leyla.hassan@kotona.example",
            "languages": "so, ar, fi, en",
            "memberships": [("kotona", MR.PROFESSIONAL, "Coordinator")],
        },
    ),
    # Provider in one stage, user in another: a peer counsellor who came as a newcomer.
    (
        "amina",
        "Amina",
        "Warsame",
        {
            "languages": "so, fi, en",
            "demographics": {
                "age_band": AB.A30_44,
                "gender": G.WOMAN,
                "first_language": "so",
                "district": "Eastside",
            },
            "consent_at": CONSENT_2025,
            "memberships": [
                ("kotona", MR.PROFESSIONAL, "Peer counsellor", d("2024-08-01")),
                ("integration", MR.SERVICE_USER, "", d("2023-05-02")),
            ],
        },
    ),
    (
        "petri",
        "Petri",
        "Salonen",
        {
            "email": f"petri.salonen@{CITY_DOMAIN}",
            "memberships": [
                ("urban", MR.PROFESSIONAL, "Director of Urban Environment")
            ],
        },
    ),
]

# The professionals the scenarios name: key, given, family, organisation, title, languages.
PROFESSIONALS = [
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


def professional_email(given: str, family: str) -> str:
    return f"{given.lower()}.{family.lower()}@example.org".replace("ä", "a").replace(
        "ö", "o"
    )


def named_people(b: Builder) -> None:
    """Make the NAMED people, then the PROFESSIONALS, in their order."""
    for key, given, family, values in NAMED:
        values = dict(values)
        if values.get("demographics"):
            values["demographics"] = dict(values["demographics"])
        b.person(key, given, family, **values)
    for key, given, family, org, title, languages in PROFESSIONALS:
        b.person(
            key,
            given,
            family,
            languages=languages,
            email=professional_email(given, family),
            memberships=[(org, MR.PROFESSIONAL, title)],
        )


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
