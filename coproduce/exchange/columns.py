"""The file formats: the columns of each kind, in CSV and JSON, import and export.

One table for both directions, so that an export of an importable kind can be
imported into another tenant unchanged. ``--help`` and docs/cli.md are written from it.
"""

import textwrap
from dataclasses import dataclass

from coproduce.initiatives.models import (
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
)
from coproduce.initiatives.vocab import ActorRole, Level, Mode, Scope, Stage
from coproduce.people.models import Membership, Organisation, PublicService

LIST_SEPARATOR = ";"


@dataclass(frozen=True)
class Column:
    name: str
    help: str
    required: bool = False


def _choices(values) -> str:
    return ", ".join(str(v) for v in values)


ORGANISATION_COLUMNS = [
    Column("name", "unique in the tenant", required=True),
    Column("kind", f"one of {_choices(Organisation.Kind.values)}", required=True),
    Column(
        "parent",
        "name of the organisation it is part of: in the tenant already, "
        "or on an earlier line of the same file",
    ),
    Column("identifier", "e.g. a business ID"),
    Column("website", "an http(s) address"),
    Column("description", "free text"),
]

PEOPLE_COLUMNS = [
    Column("given_name", "", required=True),
    Column("family_name", "", required=True),
    Column(
        "email",
        "a person whose email is in the tenant or the file already is a duplicate",
    ),
    Column("phone", ""),
    Column("languages", "languages spoken, free text"),
    Column(
        "organisation",
        "names of organisations of the tenant the person belongs to, "
        f"separated by '{LIST_SEPARATOR}'",
    ),
    Column(
        "membership_role",
        f"one of {_choices(Membership.Role.values)}; one for all "
        f"organisations, or one per organisation separated by '{LIST_SEPARATOR}'; "
        "empty means member",
    ),
]

INITIATIVE_COLUMNS = [
    Column("slug", "short name, unique in the tenant; made from the name when empty"),
    Column("name", "", required=True),
    Column("description", ""),
    Column("lead_organisation", "name of an organisation of the tenant", required=True),
    Column(
        "partners",
        f"'Organisation:role' separated by '{LIST_SEPARATOR}', role one of "
        f"{_choices(InitiativePartner.Role.values)}",
    ),
    Column(
        "services", f"identifiers of public services separated by '{LIST_SEPARATOR}'"
    ),
    Column("place", ""),
    Column("start_date", "YYYY-MM-DD"),
    Column("end_date", "YYYY-MM-DD; required when temporary"),
    Column("temporary", "true or false (empty: false)"),
    Column("status", f"one of {_choices(Initiative.Status.values)} (empty: idea)"),
    Column("intended_outcomes", ""),
    Column(
        "declared_stages",
        f"the Co's intended, separated by '{LIST_SEPARATOR}': {_choices(Stage.values)}",
    ),
    Column("declared_scope", f"one of {_choices(Scope.values)} (empty: collective)"),
]

SERVICE_COLUMNS = [
    Column("identifier", ""),
    Column("name", ""),
    Column("description", ""),
    Column("competent_authority", "organisation name"),
    Column("sector", _choices(PublicService.Sector.values)),
    Column("channels", f"separated by '{LIST_SEPARATOR}'"),
    Column("legal_resource", ""),
    Column("processing_time", "ISO 8601 duration"),
    Column("keywords", ""),
    Column("status", _choices(PublicService.Status.values)),
]

ACTIVITY_COLUMNS = [
    Column("id", ""),
    Column("initiative", "initiative slug"),
    Column("stage", _choices(Stage.values)),
    Column("title", ""),
    Column("kind", _choices(Activity.Kind.values)),
    Column("starts_at", "ISO 8601 date and time"),
    Column("ends_at", "ISO 8601 date and time"),
    Column("level", f"IAP2 level {_choices(Level.values)}"),
    Column("mode", _choices(Mode.values)),
    Column("place", ""),
    Column("description", ""),
]

PARTICIPATION_COLUMNS = [
    Column("id", ""),
    Column("initiative", "initiative slug"),
    Column("activity_id", ""),
    Column("stage", "of the activity"),
    Column("level", "of the activity"),
    Column("mode", "of the activity"),
    Column("person_id", "a number, never the name"),
    Column("organisation", "organisation name, for a group taking part as a whole"),
    Column("role", _choices(ActorRole.values)),
    Column("hours", ""),
    Column("created_at", ""),
]

CONTRIBUTION_COLUMNS = [
    Column("id", ""),
    Column("initiative", "initiative slug"),
    Column("activity_id", ""),
    Column("person_id", "a number, never the name"),
    Column("organisation", "organisation name"),
    Column("kind", _choices(Contribution.Kind.values)),
    Column("description", ""),
    Column("date", "YYYY-MM-DD"),
    Column("estimated_value", "EUR"),
]

COLUMNS: dict[str, list[Column]] = {
    "organisations": ORGANISATION_COLUMNS,
    "people": PEOPLE_COLUMNS,
    "initiatives": INITIATIVE_COLUMNS,
    "services": SERVICE_COLUMNS,
    "activities": ACTIVITY_COLUMNS,
    "participations": PARTICIPATION_COLUMNS,
    "contributions": CONTRIBUTION_COLUMNS,
}
IMPORT_KINDS = ["organisations", "people", "initiatives"]
EXPORT_KINDS = list(COLUMNS)
FORMATS = ["csv", "json"]


def column_names(kind: str) -> list[str]:
    return [c.name for c in COLUMNS[kind]]


def columns_help(kind: str) -> str:
    """One line per column: name, (required), what it holds."""
    lines = []
    for column in COLUMNS[kind]:
        flag = " (required)" if column.required else ""
        text = f": {column.help}" if column.help else ""
        lines.append(
            textwrap.fill(
                f"{column.name}{flag}{text}",
                width=88,
                initial_indent="  ",
                subsequent_indent="      ",
                break_on_hyphens=False,
            )
        )
    return "\n".join(lines)
