"""The shape of the demo data: plain records that the loader writes through the services.

Organisations, people and services are named by a short key; activities name their
participants by those keys. Nothing here touches the database.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class OrganisationSpec:
    key: str
    name: str
    kind: str
    parent: str | None = None
    identifier: str = ""
    website: str = ""
    description: str = ""


@dataclass(frozen=True)
class MembershipSpec:
    organisation: str
    role: str
    title: str = ""
    start_date: dt.date | None = None


@dataclass
class PersonSpec:
    key: str
    given_name: str
    family_name: str
    email: str = ""
    phone: str = ""
    languages: str = ""
    # age_band, gender, first_language, district: stored only with consent
    demographics: dict[str, str] | None = None
    consent_at: dt.datetime | None = None
    memberships: list[MembershipSpec] = field(default_factory=list)


@dataclass(frozen=True)
class ServiceSpec:
    key: str
    name: str
    description: str
    competent_authority: str
    sector: str = ""
    channels: tuple[str, ...] = ()
    legal_resource: str = ""
    processing_time: str = ""
    keywords: str = ""
    status: str = "active"
    function: str = ""  # COFOG, as the PO main-activity table codes it
    life_events: tuple[str, ...] = ()


@dataclass(frozen=True)
class Part:
    """One participation: a person (or, with ``organisation=True``, an organisation)."""

    ref: str
    role: str
    hours: Decimal
    organisation: bool = False


@dataclass
class ActivitySpec:
    stage: str
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    level: int
    mode: str
    place: str = ""
    description: str = ""
    parts: list[Part] = field(default_factory=list)


@dataclass(frozen=True)
class ContributionSpec:
    kind: str
    description: str
    date: dt.date
    estimated_value: Decimal | None = None
    person: str | None = None
    organisation: str | None = None
    activity: str | None = None  # the title of one of the initiative's activities


@dataclass
class InitiativeSpec:
    scenario: int
    slug: str
    name: str
    description: str
    lead: str
    status: str
    start_date: dt.date | None
    end_date: dt.date | None = None
    is_temporary: bool = False
    place: str = ""
    intended_outcomes: str = ""
    co_commissioning: bool = False
    co_design: bool = False
    co_delivery: bool = False
    co_assessment: bool = False
    declared_scope: str = "collective"
    partners: list[tuple[str, str]] = field(default_factory=list)
    services: list[str] = field(default_factory=list)
    activities: list[ActivitySpec] = field(default_factory=list)
    contributions: list[ContributionSpec] = field(default_factory=list)


@dataclass(frozen=True)
class UserSpec:
    username: str
    role: str  # a tenancy Role
    person: str  # the key of the person the account belongs to
    label: str  # how the demo introduces the account


@dataclass
class TenantSpec:
    slug: str
    name: str
    kind: str
    actor: str  # the username recorded as the actor of every write
    users: list[UserSpec]
    organisations: list[OrganisationSpec]
    people: list[PersonSpec]
    services: list[ServiceSpec]
    initiatives: list[InitiativeSpec]
