"""Import organisations, people and initiatives from CSV into one tenant, streamed.

The file is read twice, a chunk of rows at a time, so that memory stays the same from a
hundred rows to millions (bench/import_memory.py):

1. **check**: the header, each value, references to names in the tenant or on earlier
   lines, duplicates in the file and in the tenant, and the model's own validation. What
   must be remembered across the whole file (the first line of each name, email or short
   name; references to names defined later) goes to a private SQLite file on disk, not to
   Python's memory. Problems are counted, and the first ``MAX_PROBLEMS`` by line are kept.
2. **write**, only if no row was wrong: all rows in one transaction, in batches; any
   error rolls the whole import back. Organisations and initiatives go through their
   services row by row; people and memberships are written in batches of
   ``WRITE_BATCH`` with one audit event per row, as the services would write.

A file with one bad row is refused whole, with every problem named by line, column and
value.
"""

import codecs
import csv
import datetime as dt
import heapq
import io
import itertools
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import IO, Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.db.models.functions import Lower

from coproduce.core.errors import DomainError
from coproduce.core.events import events_record
from coproduce.core.services import instance_validate, validation_message
from coproduce.core.spreadsheet import cell_unquote
from coproduce.initiatives.models import DECLARED_FIELD, Initiative, InitiativePartner
from coproduce.initiatives.services import initiative_create, partner_add
from coproduce.initiatives.vocab import Scope, Stage
from coproduce.people.models import Membership, Organisation, Person, PublicService
from coproduce.people.services import PERSON_FIELDS, organisation_create

from .columns import COLUMNS, LIST_SEPARATOR, column_names

DELIMITERS = {";": "semicolons (;)", "\t": "tabs", "|": "vertical bars (|)"}
TRUE = {"true", "yes", "1"}
FALSE = {"false", "no", "0", ""}
LOOKUP_CHUNK = 500  # names per IN (...) query, under SQLite's parameter limit
CHUNK = 2000  # rows checked (and written) at a time
WRITE_BATCH = 1000  # rows per INSERT
MAX_PROBLEMS = 100  # problems kept (by line); all are counted
MAX_LINE = 1024 * 1024  # bytes in one physical line
MEMBERSHIP_FIELDS = ["person", "organisation", "role", "start_date", "end_date"]


@dataclass(frozen=True)
class Problem:
    """What is wrong, where; ``line`` is the physical line in the file (header: 1)."""

    line: int | None
    column: str | None
    message: str
    value: str | None = None

    def format(self, filename: str) -> str:
        where = filename if self.line is None else f"{filename}:{self.line}"
        column = f" column '{self.column}':" if self.column else ""
        got = ""
        if self.value is not None:
            shown = self.value if len(self.value) <= 60 else self.value[:57] + "..."
            shown = shown.replace("\x00", "\\0")
            got = f" (got '{shown}')"
        return f"{where}:{column} {self.message}{got}"


class ImportRefused(Exception):
    """The file was refused; nothing was written. ``problems`` are the first ones by
    line (at most ``MAX_PROBLEMS``), ``total`` how many were found in all."""

    def __init__(self, problems: list[Problem], total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        super().__init__(f"{self.total} problem(s)")


class Problems:
    """Every problem counted; the first ``limit`` by line kept (in the order found
    within a line)."""

    def __init__(self, limit: int = MAX_PROBLEMS) -> None:
        self.limit = limit
        self.total = 0
        self._heap: list[tuple[int, int, Problem]] = []  # (-line, -seq): largest first
        self._seq = itertools.count()

    def add(self, problem: Problem) -> None:
        self.total += 1
        entry = (-(problem.line or 0), -next(self._seq), problem)
        if len(self._heap) < self.limit:
            heapq.heappush(self._heap, entry)
        elif entry[:2] > self._heap[0][:2]:
            heapq.heapreplace(self._heap, entry)

    def __bool__(self) -> bool:
        return self.total > 0

    def sorted(self) -> list[Problem]:
        return [p for *_, p in sorted(self._heap, key=lambda e: (-e[0], -e[1]))]

    def refuse(self) -> ImportRefused:
        return ImportRefused(self.sorted(), self.total)


class FileKeys:
    """What the check must remember across the whole file, in a private SQLite file on
    disk (deleted when closed): the first line of each key (a name, an email) and
    references to be resolved at the end."""

    def __init__(self) -> None:
        self.db = sqlite3.connect("")  # "": a temporary file, not memory
        self.db.execute("PRAGMA cache_size = -4000")  # at most 4 MB of pages in memory
        self.db.execute(
            "CREATE TABLE first (kind TEXT, key TEXT, line INTEGER, "
            "PRIMARY KEY (kind, key)) WITHOUT ROWID"
        )
        self.db.execute(
            "CREATE TABLE ref (kind TEXT, key TEXT, line INTEGER, column TEXT)"
        )

    def first_lines(self, kind: str, keys: Iterable[str]) -> dict[str, int]:
        """The first line of each of ``keys`` seen so far."""
        wanted = sorted(set(keys))
        found: dict[str, int] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            marks = ",".join("?" * len(chunk))
            found.update(
                self.db.execute(
                    f"SELECT key, line FROM first WHERE kind = ? AND key IN ({marks})",  # noqa: S608 (marks are "?" placeholders)
                    [kind, *chunk],
                )
            )
        return found

    def remember(self, kind: str, firsts: dict[str, int]) -> None:
        self.db.executemany(
            "INSERT OR IGNORE INTO first VALUES (?, ?, ?)",
            ((kind, key, line) for key, line in firsts.items()),
        )

    def refer(self, kind: str, key: str, line: int, column: str) -> None:
        self.db.execute(
            "INSERT INTO ref VALUES (?, ?, ?, ?)", (kind, key, line, column)
        )

    def references(self, kind: str) -> Iterator[tuple[str, int, str, int | None]]:
        """(key, line, column, first line of the key or None), by line."""
        yield from self.db.execute(
            "SELECT r.key, r.line, r.column, f.line FROM ref r LEFT JOIN first f "
            "ON f.kind = r.kind AND f.key = r.key WHERE r.kind = ? ORDER BY r.line",
            (kind,),
        )

    def close(self) -> None:
        self.db.close()


@dataclass
class ImportResult:
    kind: str
    rows: int
    created: dict[str, int] = field(default_factory=dict)


@dataclass
class Row:
    line: int
    values: dict[str, str]

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def _refused(line, message, value=None) -> ImportRefused:
    return ImportRefused([Problem(line, None, message, value)])


class _Lines:
    """The file's physical lines as text, decoded one at a time (so that a decoding error
    names its line), none longer than ``MAX_LINE``; ``number`` is the last line read."""

    def __init__(self, binary: IO[bytes]) -> None:
        self.binary = binary
        self.number = 0
        self.decoder = codecs.getincrementaldecoder("utf-8-sig")()

    def __iter__(self) -> Iterator[str]:
        while raw := self.binary.readline(MAX_LINE + 1):
            self.number += 1
            if len(raw) > MAX_LINE:
                raise _refused(
                    self.number,
                    f"the line is longer than {MAX_LINE // (1024 * 1024)} MB; is this "
                    "a CSV file?",
                )
            try:
                yield self.decoder.decode(raw)
            except UnicodeDecodeError as exc:
                raise _refused(
                    self.number,
                    "the file is not UTF-8 text; save it as UTF-8 (Excel: CSV UTF-8)",
                ) from exc


def csv_rows(binary: IO[bytes], *, kind: str, problems: Problems) -> Iterator[Row]:
    """The rows of the file, streamed. Problems of the whole file (encoding, empty,
    header) raise at once; a row with the wrong number of values, or a NUL character, is
    a problem of that row (added to ``problems``)."""
    names = column_names(kind)
    lines = _Lines(binary)
    reader = csv.reader(lines)
    try:
        header = next((r for r in reader if any(v.strip() for v in r)), None)
        if header is None:
            raise _refused(
                None,
                "the file is empty; the first line must be a header such as "
                f"{','.join(names)}",
            )
        columns = _header_check(header, kind=kind)
        previous_end = lines.number
        for record in reader:
            line, previous_end = previous_end + 1, lines.number
            if not any(value.strip() for value in record):
                continue  # blank lines are ignored
            if len(record) != len(columns):
                problems.add(
                    Problem(
                        line,
                        None,
                        f"the row has {len(record)} values but the header has "
                        f"{len(columns)} columns (quote values that contain a comma)",
                    )
                )
                continue
            values = {}
            for column, value in zip(columns, record, strict=True):
                if "\x00" in value:
                    problems.add(
                        Problem(
                            line,
                            column,
                            "contains a NUL character (\\0), which no field may hold",
                            value,
                        )
                    )
                    value = value.replace("\x00", "")  # refused; lookups go on
                values[column] = cell_unquote(value.strip()).strip()
            yield Row(line, values)
    except csv.Error as exc:
        raise _refused(lines.number, f"the file cannot be read as CSV: {exc}") from exc


def csv_read(data: bytes, *, kind: str) -> tuple[list[Row], list[Problem]]:
    """All rows of ``data`` at once (small files, tests): rows and row problems."""
    problems = Problems(limit=10**9)
    rows = list(csv_rows(io.BytesIO(data), kind=kind, problems=problems))
    return rows, problems.sorted()


def _header_check(header: list[str], *, kind: str) -> list[str]:
    known = COLUMNS[kind]
    names = [c.name for c in known]
    columns = [h.strip().lower() for h in header]
    if len(columns) == 1 and columns[0] not in names:
        for delimiter, label in DELIMITERS.items():
            if delimiter in header[0]:
                raise ImportRefused(
                    [
                        Problem(
                            1,
                            None,
                            f"the columns are separated by {label}, not commas; save "
                            "the "
                            "file as comma-separated CSV",
                            header[0],
                        )
                    ]
                )
    problems, seen = [], set()
    for column in columns:
        if column not in names:
            problems.append(
                Problem(
                    1,
                    column,
                    f"is not a column of {kind}; the columns are {', '.join(names)}",
                )
            )
        elif column in seen:
            problems.append(Problem(1, column, "appears more than once in the header"))
        seen.add(column)
    for column in known:
        if column.required and column.name not in columns:
            problems.append(
                Problem(1, column.name, "is required but missing from the header")
            )
    if problems:
        raise ImportRefused(problems)
    return columns


class Importer:
    """Check rows a chunk at a time (``check``, then ``finish`` at the end of the file),
    then plan them again and write them (``write``), for one kind. While ``writing``,
    the checks that the first pass has done for the whole file (the model's validation,
    duplicates in the file) are skipped."""

    kind: str
    # model field -> CSV column, where they differ
    field_columns: dict[str, str] = {}
    # fields the import sets itself and need no query per row to validate: the tenant
    # (the one importing) and fields no column fills
    not_validated: tuple[str, ...] = ("tenant",)

    def __init__(self, *, tenant, problems: Problems, keys: FileKeys) -> None:
        self.tenant = tenant
        self.problems = problems
        self.keys = keys
        self.writing = False
        self._wrong: dict[int, set[str | None]] = {}  # this chunk's wrong columns

    # -- checking ----------------------------------------------------------------------

    def check(self, rows: list[Row]) -> list[Any]:
        """Return a plan per row; problems are collected in ``self.problems``."""
        raise NotImplementedError

    def finish(self) -> None:
        """Checks that need the whole file (references to later lines)."""

    def add(self, problem: Problem) -> None:
        self.problems.add(problem)
        if problem.line is not None:
            self._wrong.setdefault(problem.line, set()).add(problem.column)

    def problem(
        self, row: Row, column: str | None, message: str, *, value=None
    ) -> None:
        if value is None and column is not None:
            value = row.get(column)
        self.add(Problem(row.line, column, message, value))

    def required(self, row: Row, column: str) -> str:
        value = row.get(column)
        if not value:
            self.add(Problem(row.line, column, "is required but empty"))
        return value

    def choice(
        self, row: Row, column: str, choices, *, default: str = ""
    ) -> str | None:
        value = row.get(column)
        if not value:
            return default
        if value not in choices:
            self.problem(row, column, f"is not one of {', '.join(map(str, choices))}")
            return None
        return value

    def date(self, row: Row, column: str) -> dt.date | None:
        value = row.get(column)
        if not value:
            return None
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            self.problem(row, column, "is not a date in the form YYYY-MM-DD")
            return None

    def boolean(self, row: Row, column: str) -> bool | None:
        value = row.get(column).lower()
        if value in TRUE:
            return True
        if value in FALSE:
            return False
        self.problem(row, column, "is not true or false")
        return None

    def model_check(
        self, row: Row, instance: Model, *, exclude: Iterable[str] = ()
    ) -> None:
        """The model's own validation, skipping fields whose column is already wrong."""
        if self.writing:
            return
        columns = {**{f: f for f in row.values}, **self.field_columns}
        wrong = self._wrong.get(row.line, set())
        skip = set(exclude) | set(self.not_validated)
        skip |= {f for f, c in columns.items() if c in wrong}
        try:
            instance_validate(instance, exclude=sorted(skip))
        except ValidationError as exc:
            messages = (
                exc.message_dict
                if hasattr(exc, "error_dict")
                else {NON_FIELD_ERRORS: exc.messages}
            )
            for name, texts in messages.items():
                column = None if name == NON_FIELD_ERRORS else columns.get(name, name)
                if column in wrong:
                    continue  # already reported in the words of the file
                value = row.get(column) if column in row.values else None
                self.add(Problem(row.line, column, " ".join(texts), value))

    def duplicates_in_file(
        self, rows: list[Row], column: str, *, key=lambda v: v
    ) -> set[int]:
        """Report every repeat of a value of ``column`` (in this chunk or since the
        start of the file); return the repeating lines of this chunk."""
        self._wrong = {}  # a new chunk
        if self.writing:
            return set()
        values = {key(v) for r in rows if (v := r.get(column))}
        first = self.keys.first_lines(f"{self.kind}.{column}", values)
        new: dict[str, int] = {}
        repeated = set()
        for row in rows:
            value = row.get(column)
            if not value:
                continue
            seen = first.setdefault(key(value), row.line)
            if seen == row.line:
                new[key(value)] = row.line
            else:
                self.problem(row, column, f"repeats line {seen} of the file")
                repeated.add(row.line)
        self.keys.remember(f"{self.kind}.{column}", new)
        return repeated

    def organisations_named(self, names: Iterable[str]) -> dict[str, Organisation]:
        wanted = sorted(set(names))
        found: dict[str, Organisation] = {}
        for start in range(0, len(wanted), LOOKUP_CHUNK):
            chunk = wanted[start : start + LOOKUP_CHUNK]
            found.update(
                (org.name, org)
                for org in Organisation.objects.filter(
                    tenant=self.tenant, name__in=chunk
                )
            )
        return found

    def no_organisation(self, row: Row, column: str, name: str) -> None:
        self.problem(
            row,
            column,
            f"names no organisation of tenant '{self.tenant.slug}'",
            value=name,
        )

    # -- writing -----------------------------------------------------------------------

    def write(self, plans: list[Any], *, actor) -> dict[str, int]:
        raise NotImplementedError


@dataclass
class OrganisationPlan:
    row: Row
    values: dict[str, Any]
    parent_name: str


class OrganisationImporter(Importer):
    kind = "organisations"

    def check(self, rows: list[Row]) -> list[OrganisationPlan]:
        repeated = self.duplicates_in_file(rows, "name")
        earlier = self.keys.first_lines(
            "organisations.name", (r.get("parent") for r in rows)
        )  # names on earlier lines (this chunk's are there now too)
        existing = self.organisations_named(
            [r.get("name") for r in rows] + [r.get("parent") for r in rows]
        )
        plans = []
        for row in rows:
            name = self.required(row, "name")
            if name and name in existing:
                self.problem(
                    row,
                    "name",
                    f"an organisation of tenant '{self.tenant.slug}' "
                    "has this name already",
                )
            kind = None
            if self.required(row, "kind"):
                kind = self.choice(row, "kind", Organisation.Kind.values)
            parent_name = row.get("parent")
            parent = None
            if parent_name:
                if parent_name in existing:
                    parent = existing[parent_name]
                elif parent_name == name:
                    self.problem(
                        row, "parent", "an organisation cannot be part of itself"
                    )
                elif self.writing or earlier.get(parent_name, row.line) < row.line:
                    pass  # on an earlier line: created before this one
                else:  # later in the file, or nowhere: known at the end of the file
                    self.keys.refer(
                        "organisations.name", parent_name, row.line, "parent"
                    )
            values = {
                "name": name,
                "kind": kind or "",
                "identifier": row.get("identifier"),
                "website": row.get("website"),
                "description": row.get("description"),
            }
            instance = Organisation(tenant=self.tenant, parent=parent, **values)
            exclude = ["name"] if row.line in repeated else []
            self.model_check(row, instance, exclude=exclude)
            plans.append(OrganisationPlan(row, values, parent_name))
        return plans

    def finish(self) -> None:
        for name, line, column, first in self.keys.references("organisations.name"):
            row = Row(line, {column: name})
            if first is None:
                self.no_organisation(row, column, name)
            else:
                self.problem(
                    row,
                    column,
                    f"is defined later, on line {first}; put the parent first",
                )

    def write(self, plans: list[OrganisationPlan], *, actor) -> dict[str, int]:
        made: dict[str, Organisation] = {}
        existing = self.organisations_named(
            p.parent_name for p in plans if p.parent_name
        )
        for plan in plans:
            parent = made.get(plan.parent_name) or existing.get(plan.parent_name)
            with _row_errors(plan.row):
                made[plan.values["name"]] = organisation_create(
                    tenant=self.tenant, actor=actor, parent=parent, **plan.values
                )
        return {"organisations": len(made)}


@dataclass
class PersonPlan:
    row: Row
    values: dict[str, Any]
    memberships: list[tuple[Organisation, str]]


class PersonImporter(Importer):
    kind = "people"
    not_validated = ("tenant", "user")  # a person imported has no account

    def check(self, rows: list[Row]) -> list[PersonPlan]:
        repeated = self.duplicates_in_file(rows, "email", key=str.lower)
        emails = sorted({r.get("email").lower() for r in rows if r.get("email")})
        taken = set()
        for start in range(0, len(emails), LOOKUP_CHUNK):
            taken.update(
                Person.objects.filter(tenant=self.tenant)
                .annotate(email_lower=Lower("email"))
                .filter(email_lower__in=emails[start : start + LOOKUP_CHUNK])
                .values_list("email_lower", flat=True)
            )
        organisations = self.organisations_named(
            name for r in rows for name in _split(r.get("organisation"))
        )
        plans = []
        for row in rows:
            self.required(row, "given_name")
            self.required(row, "family_name")
            email = row.get("email")
            if email and email.lower() in taken and row.line not in repeated:
                self.problem(
                    row,
                    "email",
                    f"a person of tenant '{self.tenant.slug}' has this email already",
                )
            memberships = self._memberships(row, organisations)
            values = {
                c: row.get(c)
                for c in ("given_name", "family_name", "email", "phone", "languages")
            }
            self.model_check(row, Person(tenant=self.tenant, **values))
            plans.append(PersonPlan(row, values, memberships))
        return plans

    def _memberships(self, row: Row, organisations) -> list[tuple[Organisation, str]]:
        names = _split(row.get("organisation"))
        roles = _split(row.get("membership_role"))
        if not names:
            if roles:
                self.problem(row, "membership_role", "is given without an organisation")
            return []
        if len(roles) > 1 and len(roles) != len(names):
            self.problem(
                row,
                "membership_role",
                f"names {len(roles)} roles for "
                f"{len(names)} organisations; give one role, or one per organisation",
            )
            return []
        roles = (
            roles
            if len(roles) > 1
            else (roles or [Membership.Role.MEMBER]) * len(names)
        )
        memberships, seen = [], set()
        for name, role in zip(names, roles, strict=True):
            if role not in Membership.Role.values:
                self.problem(
                    row,
                    "membership_role",
                    f"is not one of {', '.join(Membership.Role.values)}",
                    value=role,
                )
            elif name not in organisations:
                self.no_organisation(row, "organisation", name)
            elif (name, role) in seen:
                self.problem(
                    row,
                    "organisation",
                    f"names the same membership twice ({name} as {role})",
                    value=name,
                )
            else:
                seen.add((name, role))
                memberships.append((organisations[name], role))
        return memberships

    def _taken_meanwhile(self, plans: list[PersonPlan]) -> ImportRefused:
        emails = {
            plan.values["email"].lower(): plan
            for plan in plans
            if plan.values.get("email")
        }
        taken = set(
            Person.objects.filter(tenant=self.tenant)
            .annotate(e=Lower("email"))
            .filter(e__in=list(emails))
            .values_list("e", flat=True)
        )
        if not taken:
            return ImportRefused(
                [Problem(None, "email", "an email was taken meanwhile")]
            )
        first = min((emails[e] for e in taken), key=lambda plan: plan.row.line)
        message = (
            "another person of the tenant has this email: it was added while this file "
            f"was imported ({len(taken)} of its emails in all); import again to see them"
        )
        return ImportRefused(
            [Problem(first.row.line, "email", message, value=first.values["email"])]
        )

    def write(self, plans: list[PersonPlan], *, actor) -> dict[str, int]:
        """In batches, with the rows and events ``person_create`` and
        ``membership_create`` would write (each row was validated by the check)."""
        people = [Person(tenant=self.tenant, **plan.values) for plan in plans]
        try:
            with transaction.atomic():
                Person.objects.bulk_create(people, batch_size=WRITE_BATCH)
        except IntegrityError as exc:
            # another import (or a person added meanwhile) took an email after the check
            raise self._taken_meanwhile(plans) from exc
        events_record(
            objs=people,
            action="registry.person.created",
            actor=actor,
            fields=PERSON_FIELDS,
        )
        memberships = [
            Membership(
                tenant=self.tenant, person=person, organisation=organisation, role=role
            )
            for plan, person in zip(plans, people, strict=True)
            for organisation, role in plan.memberships
        ]
        Membership.objects.bulk_create(memberships, batch_size=WRITE_BATCH)
        events_record(
            objs=memberships,
            action="registry.membership.created",
            actor=actor,
            fields=MEMBERSHIP_FIELDS,
        )
        return {"people": len(people), "memberships": len(memberships)}


@dataclass
class InitiativePlan:
    row: Row
    values: dict[str, Any]
    partners: list[tuple[Organisation, str]]
    services: list[PublicService]


class InitiativeImporter(Importer):
    kind = "initiatives"
    field_columns = {
        "is_temporary": "temporary",
        **dict.fromkeys(DECLARED_FIELD.values(), "declared_stages"),
    }

    def check(self, rows: list[Row]) -> list[InitiativePlan]:
        repeated = self.duplicates_in_file(rows, "slug")
        slugs = [r.get("slug") for r in rows if r.get("slug")]
        taken = set()
        for start in range(0, len(slugs), LOOKUP_CHUNK):
            taken.update(
                Initiative.objects.filter(
                    tenant=self.tenant, slug__in=slugs[start : start + LOOKUP_CHUNK]
                ).values_list("slug", flat=True)
            )
        organisations = self.organisations_named(
            [r.get("lead_organisation") for r in rows]
            + [
                item.rpartition(":")[0].strip()
                for r in rows
                for item in _split(r.get("partners"))
            ]
        )
        identifiers = {i for r in rows for i in _split(r.get("services"))}
        services = {
            s.identifier: s
            for s in PublicService.objects.filter(
                tenant=self.tenant, identifier__in=identifiers
            )
        }
        plans = []
        for row in rows:
            slug = row.get("slug")
            if slug in taken:
                self.problem(
                    row,
                    "slug",
                    f"an initiative of tenant '{self.tenant.slug}' has "
                    "this short name already",
                )
            self.required(row, "name")
            lead = None
            if lead_name := self.required(row, "lead_organisation"):
                lead = organisations.get(lead_name)
                if lead is None:
                    self.no_organisation(row, "lead_organisation", lead_name)
            values = {
                "slug": slug,
                "name": row.get("name"),
                "description": row.get("description"),
                "lead_organisation": lead,
                "place": row.get("place"),
                "start_date": self.date(row, "start_date"),
                "end_date": self.date(row, "end_date"),
                "is_temporary": bool(self.boolean(row, "temporary")),
                "status": self.choice(
                    row,
                    "status",
                    Initiative.Status.values,
                    default=Initiative.Status.IDEA,
                )
                or "",
                "intended_outcomes": row.get("intended_outcomes"),
                "declared_scope": self.choice(
                    row, "declared_scope", Scope.values, default=Scope.COLLECTIVE
                )
                or "",
                **self._declared(row),
            }
            exclude = ["lead_organisation"] if lead is None else []
            if not slug or row.line in repeated:
                exclude.append("slug")
            self.model_check(
                row, Initiative(tenant=self.tenant, **values), exclude=exclude
            )
            plans.append(
                InitiativePlan(
                    row,
                    values,
                    self._partners(row, organisations),
                    self._services(row, services),
                )
            )
        return plans

    def _declared(self, row: Row) -> dict[str, bool]:
        stages = _split(row.get("declared_stages"))
        for stage in stages:
            if stage not in Stage.values:
                self.problem(
                    row,
                    "declared_stages",
                    f"names an unknown stage; the stages are {', '.join(Stage.values)}",
                    value=stage,
                )
        return {field: stage in stages for stage, field in DECLARED_FIELD.items()}

    def _partners(self, row: Row, organisations) -> list[tuple[Organisation, str]]:
        partners, seen = [], set()
        for item in _split(row.get("partners")):
            name, colon, role = (part.strip() for part in item.rpartition(":"))
            if not colon or not name:
                self.problem(
                    row,
                    "partners",
                    "is not 'Organisation:role' (items separated "
                    f"by '{LIST_SEPARATOR}')",
                    value=item,
                )
            elif role not in InitiativePartner.Role.values:
                self.problem(
                    row,
                    "partners",
                    f"has an unknown role; the roles are "
                    f"{', '.join(InitiativePartner.Role.values)}",
                    value=item,
                )
            elif name not in organisations:
                self.no_organisation(row, "partners", name)
            elif name in seen:
                self.problem(
                    row, "partners", "names the same organisation twice", value=name
                )
            else:
                seen.add(name)
                partners.append((organisations[name], role))
        return partners

    def _services(self, row: Row, services) -> list[PublicService]:
        found = []
        for identifier in _split(row.get("services")):
            if identifier in services:
                found.append(services[identifier])
            else:
                self.problem(
                    row,
                    "services",
                    f"names no public service of tenant '{self.tenant.slug}'",
                    value=identifier,
                )
        return found

    def write(self, plans: list[InitiativePlan], *, actor) -> dict[str, int]:
        initiatives = partners = 0
        for plan in plans:
            with _row_errors(plan.row):
                initiative = initiative_create(
                    tenant=self.tenant,
                    actor=actor,
                    services=plan.services,
                    **plan.values,
                )
                initiatives += 1
                for organisation, role in plan.partners:
                    partner_add(
                        initiative=initiative,
                        actor=actor,
                        organisation=organisation,
                        role=role,
                    )
                    partners += 1
        return {"initiatives": initiatives, "partners": partners}


IMPORTERS: dict[str, type[Importer]] = {
    "organisations": OrganisationImporter,
    "people": PersonImporter,
    "initiatives": InitiativeImporter,
}


def _chunks(rows: Iterable[Row]) -> Iterator[list[Row]]:
    rows = iter(rows)
    while chunk := list(itertools.islice(rows, CHUNK)):
        yield chunk


def import_csv(
    *, kind: str, tenant, data: bytes | None = None, file=None, actor=None
) -> ImportResult:
    """Check every row of ``file`` (a binary file that can be read twice) or ``data``;
    if none is wrong, write all in one transaction.

    Raises ImportRefused with the first problems found (and their number); then nothing
    has been written.
    """
    binary = io.BytesIO(data) if file is None else file
    problems = Problems()
    keys = FileKeys()
    try:
        importer = IMPORTERS[kind](tenant=tenant, problems=problems, keys=keys)
        rows = 0
        for chunk in _chunks(csv_rows(binary, kind=kind, problems=problems)):
            importer.check(chunk)
            rows += len(chunk)
        importer.finish()
        if problems:
            raise problems.refuse()
        if not rows:
            return ImportResult(kind=kind, rows=0)

        binary.seek(0)
        importer.writing = True
        created: dict[str, int] = {}
        with transaction.atomic():
            for chunk in _chunks(csv_rows(binary, kind=kind, problems=problems)):
                plans = importer.check(chunk)
                if problems:  # changed since the check (another writer): keep nothing
                    raise problems.refuse()
                for what, n in importer.write(plans, actor=actor).items():
                    created[what] = created.get(what, 0) + n
    finally:
        keys.close()
    return ImportResult(kind=kind, rows=rows, created=created)


@contextmanager
def _row_errors(row: Row) -> Iterator[None]:
    """Turn a refusal by a service (a race the checks could not see) into a problem
    of the row; leaving the ``with`` by exception rolls the whole import back."""
    try:
        yield
    except DomainError as exc:
        raise ImportRefused([Problem(row.line, exc.field, exc.message)]) from exc
    except ValidationError as exc:
        raise ImportRefused([Problem(row.line, None, validation_message(exc))]) from exc


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(LIST_SEPARATOR) if part.strip()]
