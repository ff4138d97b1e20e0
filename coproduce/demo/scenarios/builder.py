"""What every scenario is built with: the demo's fixed dates and seed, the scenarios'
initiatives by slug, the language mixes of the city's crowds, and the Builder that collects
the people of one tenant and makes every random choice from one seeded generator.

The scenarios draw from ``Builder.rng`` in a fixed order (the crowds of a scenario first,
then its activities, scenario 1 to 8): reordering the calls changes the demo.
"""

import copy
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
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Stage
from coproduce.people.models import Membership, Organisation, Person, PublicService

from ..spec import ActivitySpec, InitiativeSpec, MembershipSpec, Part, PersonSpec

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


# Consent to demographics given at the start of 2025, by the people named in scenarios.
CONSENT_2025 = at("2025-02-03", "09:00")


def initiative(fields: dict, activities: list[ActivitySpec], contributions=()):
    """One initiative of a scenario: its fields (a scenario module's data), the
    activities made with the builder, and its contributions in kind."""
    return InitiativeSpec(
        **copy.deepcopy(fields),
        activities=activities,
        contributions=list(contributions),
    )
