"""The building blocks of every app's API schemas (each app's api.py declares its own):
inputs carry the model's limits so that a bad value is a 422 before any service runs;
outputs name foreign keys by id."""

import datetime as dt
import re
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
