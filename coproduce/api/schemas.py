"""Input and output shapes of the API. Inputs carry the model's limits so that a bad value
is a 422 before any service runs; outputs name foreign keys by id."""

import datetime as dt
import re
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.db import models
from ninja import Field, Schema
from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Strict,
    create_model,
)

from coproduce.initiatives.models import (
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
)
from coproduce.initiatives.vocab import ActorRole, Mode, Scope, Stage
from coproduce.people.models import Membership, Organisation, Person, PublicService

BIGINT = 2**63 - 1
NO_NUL = r"^[^\x00]*$"  # PostgreSQL cannot store NUL characters
SLUG = r"^[-a-zA-Z0-9_]+$"
DATE = r"^\d{4}-\d{2}-\d{2}$"
DATETIME = r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"


class In(BaseModel):
    """A request body: a JSON object with the declared fields only, values of the
    declared JSON types (no "1" for 1, no 0 for false)."""

    model_config = ConfigDict(extra="forbid")


def _iso(pattern: str, what: str):
    def check(value: Any) -> Any:
        if not isinstance(value, str) or not re.fullmatch(pattern, value, re.ASCII):
            raise ValueError(f"Give {what} in ISO 8601 form.")
        return value

    return BeforeValidator(check)


def _year_in_range(value: dt.datetime) -> dt.datetime:
    # Far years overflow when converted between time zones; nobody records them.
    if not 1900 <= value.year <= 2999:
        raise ValueError("Give a year between 1900 and 2999.")
    # Python takes offsets up to a day, PostgreSQL refuses beyond 15:59; the world's
    # time zones run from -12:00 to +14:00 (found by the API fuzz test).
    if not -dt.timedelta(hours=12) <= value.utcoffset() <= dt.timedelta(hours=14):
        raise ValueError("Give a UTC offset between -12:00 and +14:00.")
    return value


def _no_bool(value: Any) -> Any:
    if isinstance(value, bool):
        raise ValueError("Give a number.")
    return value


# In paths and query strings, where every value arrives as text:
Id = Annotated[int, Field(ge=1, le=BIGINT)]
# In bodies:
IdIn = Annotated[int, Strict(), Field(ge=1, le=BIGINT)]
Bool = Annotated[bool, Strict()]
DateIn = Annotated[
    dt.date, _iso(DATE, "a date (YYYY-MM-DD)"), Field(description="ISO 8601 date")
]
DateTimeIn = Annotated[
    AwareDatetime,
    _iso(DATETIME, "a date and time with a UTC offset"),
    AfterValidator(_year_in_range),
    Field(description="ISO 8601 date and time with a UTC offset, year 1900..2999"),
]
Level = Annotated[
    int, Strict(), Field(ge=1, le=5, description="IAP2 level: 1 inform .. 5 empower")
]
Hours = Annotated[
    Decimal,
    BeforeValidator(_no_bool),
    Field(ge=0, le=1000, max_digits=6, decimal_places=2),
]
Money = Annotated[
    Decimal, BeforeValidator(_no_bool), Field(ge=0, max_digits=12, decimal_places=2)
]


def Text(max_length: int, *, min_length: int = 0) -> Any:  # noqa: N802 (a type factory)
    return Annotated[
        str, Field(min_length=min_length, max_length=max_length, pattern=NO_NUL)
    ]


def Choice(choices: type[models.Choices]) -> Any:  # noqa: N802
    return Literal[tuple(choices.values)]


def partial(schema: type[In], name: str) -> type[In]:
    """The PATCH twin of an input schema: every field optional, none nullable unless it
    was nullable already (a missing field is left alone; only the given ones change)."""
    fields: dict[str, Any] = {}
    for field_name, info in schema.model_fields.items():
        annotation = (
            Annotated[(info.annotation, *info.metadata)]
            if info.metadata
            else info.annotation
        )
        fields[field_name] = (annotation, Field(None, description=info.description))
    return create_model(name, __base__=In, **fields)


class Out(Schema):
    id: int
    created_at: dt.datetime
    updated_at: dt.datetime


# Organisations ------------------------------------------------------------------------


class OrganisationIn(In):
    name: Text(200, min_length=1)
    kind: Choice(Organisation.Kind)
    parent: IdIn | None = None
    identifier: Text(60) = ""
    website: Text(200) = ""
    description: Text(10000) = ""


OrganisationPatch = partial(OrganisationIn, "OrganisationPatch")


class OrganisationOut(Out):
    name: str
    kind: str
    parent: int | None
    identifier: str
    website: str
    description: str

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id


# People -------------------------------------------------------------------------------


class PersonIn(In):
    given_name: Text(100, min_length=1)
    family_name: Text(100, min_length=1)
    email: Text(254) = ""
    phone: Text(40) = ""
    languages: Text(200) = ""
    demographics_consent: Bool | None = Field(
        None,
        description="true records consent (needed to store demographics); "
        "false withdraws it and erases them.",
    )
    age_band: Choice(Person.AgeBand) | Literal[""] = Field(
        "", description="Write-only: demographics are never returned."
    )
    gender: Choice(Person.Gender) | Literal[""] = Field("", description="Write-only.")
    first_language: Text(40) = Field("", description="Write-only.")
    district: Text(80) = Field("", description="Write-only.")


PersonPatch = partial(PersonIn, "PersonPatch")


class PersonOut(Out):
    """A person without demographics: those are used in aggregate only."""

    given_name: str
    family_name: str
    name: str
    email: str
    phone: str
    languages: str


# Memberships --------------------------------------------------------------------------


class MembershipIn(In):
    person: IdIn
    organisation: IdIn
    role: Choice(Membership.Role)
    title: Text(120) = ""
    start_date: DateIn | None = None
    end_date: DateIn | None = None


MembershipPatch = partial(MembershipIn, "MembershipPatch")


class MembershipOut(Out):
    person: int
    organisation: int
    role: str
    title: str
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_person(obj) -> int:
        return obj.person_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id


# Public services (CPSV-AP) ------------------------------------------------------------


class ServiceIn(In):
    identifier: Annotated[str, Field(min_length=1, max_length=80, pattern=SLUG)]
    name: Text(200, min_length=1)
    description: Text(10000, min_length=1)
    competent_authority: IdIn
    sector: Choice(PublicService.Sector) | Literal[""] = ""
    channels: list[Choice(PublicService.Channel)] = Field(
        default_factory=list, max_length=7
    )
    legal_resource: Text(300) = ""
    processing_time: Text(30) = Field("", description="ISO 8601 duration, e.g. P3D")
    keywords: Text(300) = ""
    status: Choice(PublicService.Status) = PublicService.Status.ACTIVE.value


ServicePatch = partial(ServiceIn, "ServicePatch")


class ServiceOut(Out):
    identifier: str
    name: str
    description: str
    competent_authority: int
    sector: str
    channels: list[str]
    legal_resource: str
    processing_time: str
    keywords: str
    status: str

    @staticmethod
    def resolve_competent_authority(obj) -> int:
        return obj.competent_authority_id


# Initiatives --------------------------------------------------------------------------


class InitiativeIn(In):
    name: Text(200, min_length=1)
    slug: Annotated[str, Field(max_length=80, pattern=SLUG)] | None = Field(
        None, description="Made from the name when left out."
    )
    description: Text(10000) = ""
    lead_organisation: IdIn
    services: list[IdIn] = Field(default_factory=list, max_length=200)
    place: Text(200) = ""
    start_date: DateIn | None = None
    end_date: DateIn | None = None
    is_temporary: Bool = False
    status: Choice(Initiative.Status) = Initiative.Status.IDEA.value
    intended_outcomes: Text(10000) = ""
    co_commissioning: Bool = False
    co_design: Bool = False
    co_delivery: Bool = False
    co_assessment: Bool = False
    declared_scope: Choice(Scope) = Scope.COLLECTIVE.value


_InitiativePatch = partial(InitiativeIn, "_InitiativePatch")


class InitiativePatch(_InitiativePatch):
    version: Annotated[int, Strict()] | None = Field(
        None,
        ge=1,
        le=2**31,
        description="The version you read; a stale one is refused with 409.",
    )


class InitiativeOut(Out):
    slug: str
    name: str
    description: str
    lead_organisation: int
    services: list[int]
    place: str
    start_date: dt.date | None
    end_date: dt.date | None
    is_temporary: bool
    status: str
    intended_outcomes: str
    co_commissioning: bool
    co_design: bool
    co_delivery: bool
    co_assessment: bool
    declared_stages: list[str]
    declared_scope: str
    version: int

    @staticmethod
    def resolve_lead_organisation(obj) -> int:
        return obj.lead_organisation_id

    @staticmethod
    def resolve_services(obj) -> list[int]:
        return sorted(s.pk for s in obj.services.all())


class PartnerIn(In):
    initiative: IdIn
    organisation: IdIn
    role: Choice(InitiativePartner.Role)
    start_date: DateIn | None = None
    end_date: DateIn | None = None


class PartnerPatch(In):
    role: Choice(InitiativePartner.Role) = None
    start_date: DateIn | None = None
    end_date: DateIn | None = None


class PartnerOut(Out):
    initiative: int
    organisation: int
    role: str
    start_date: dt.date | None
    end_date: dt.date | None

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_organisation(obj) -> int:
        return obj.organisation_id


# Activities, participations, contributions -------------------------------------------


class ActivityFields(In):
    stage: Choice(Stage)
    title: Text(200, min_length=1)
    kind: Choice(Activity.Kind)
    starts_at: DateTimeIn
    ends_at: DateTimeIn | None = None
    level: Level
    mode: Choice(Mode)
    place: Text(200) = ""
    description: Text(10000) = ""


class ActivityIn(ActivityFields):
    initiative: IdIn


ActivityPatch = partial(ActivityFields, "ActivityPatch")


class ActivityOut(Out):
    initiative: int
    stage: str
    title: str
    kind: str
    starts_at: dt.datetime
    ends_at: dt.datetime | None
    level: int
    mode: str
    place: str
    description: str

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id


class ParticipationIn(In):
    activity: IdIn
    person: IdIn | None = None
    organisation: IdIn | None = None
    role: Choice(ActorRole)
    hours: Hours = Decimal("0")


class ParticipationPatch(In):
    person: IdIn | None = None
    organisation: IdIn | None = None
    role: Choice(ActorRole) = None
    hours: Hours = None


class ParticipationOut(Schema):
    id: int
    initiative: int
    activity: int
    person: int | None
    organisation: int | None
    role: str
    hours: float
    created_at: dt.datetime

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_activity(obj) -> int:
        return obj.activity_id

    @staticmethod
    def resolve_person(obj) -> int | None:
        return obj.person_id

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id


class ContributionFields(In):
    activity: IdIn | None = None
    person: IdIn | None = None
    organisation: IdIn | None = None
    kind: Choice(Contribution.Kind)
    description: Text(300, min_length=1)
    date: DateIn
    estimated_value: Money | None = Field(None, description="EUR")


class ContributionIn(ContributionFields):
    initiative: IdIn


ContributionPatch = partial(ContributionFields, "ContributionPatch")


class ContributionOut(Out):
    initiative: int
    activity: int | None
    person: int | None
    organisation: int | None
    kind: str
    description: str
    date: dt.date
    estimated_value: float | None

    @staticmethod
    def resolve_initiative(obj) -> int:
        return obj.initiative_id

    @staticmethod
    def resolve_activity(obj) -> int | None:
        return obj.activity_id

    @staticmethod
    def resolve_person(obj) -> int | None:
        return obj.person_id

    @staticmethod
    def resolve_organisation(obj) -> int | None:
        return obj.organisation_id


# The co-production profile and the portfolio -----------------------------------------


class ProfileCell(Schema):
    level: int | None = Field(
        ..., description="Highest IAP2 level reached, null: nobody"
    )
    label: str


class ProfileFinding(Schema):
    severity: Literal["warning", "info"]
    stage: str | None
    message: str


class ProfileOut(Schema):
    initiative: int
    matrix: dict[str, dict[str, ProfileCell]] = Field(
        ..., description="stage -> actor role -> highest IAP2 level"
    )
    co_produced: bool
    co_produced_stages: list[str]
    declared_stages: list[str]
    declared_scope: str
    observed_scope: str | None
    hours: dict[str, float] = Field(..., description="All participants' hours by mode")
    citizen_hours: dict[str, float] = Field(..., description="Citizens' hours by mode")
    voice_share: float | None
    participations: int
    activities: int
    individual_activities: int
    collective_activities: int
    findings: list[ProfileFinding]


class PortfolioStage(Schema):
    stage: str
    label: str
    declared: int
    realised: int


class PortfolioOut(Schema):
    total: int
    co_produced: int
    rhetoric: int = Field(..., description="Initiatives declaring a 'Co' not realised")
    stages: list[PortfolioStage]
    hours: dict[str, float]
