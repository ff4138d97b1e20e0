"""Reading many people at once for attendance: a pasted list (one name or email a line)
and a sign-in sheet (CSV: name or email, role, hours). Every line resolves to exactly
one person of the tenant, or the whole input is refused with each problem named by
line (and column); the people are found in three statements however long the list.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db.models import QuerySet, Value
from django.db.models.functions import Concat, Lower
from django.utils import translation
from django.utils.translation import gettext as _

from coproduce.core.file_problems import Problems
from coproduce.initiatives.vocab import ActorRole
from coproduce.people.models import Person

from .services import AttendanceRefused, Attendee

MAX_BYTES = 2 * 1024 * 1024
MAX_ROWS = 5000
MAX_HOURS = Decimal("24")

# The sheet's column headings, as a coordinator may write them (en, fi, sv).
COLUMNS = {
    "name": {"name", "nimi", "namn"},
    "email": {"email", "e-mail", "sähköposti", "e-post", "epost"},
    "role": {"role", "rooli", "roll"},
    "hours": {"hours", "tunnit", "tuntia", "timmar"},
}
_ID = re.compile(r"#(\d+)\s*$")


def _key(text: str) -> tuple[str, str]:
    """What a line names: ("id", "12"), ("email", "a@b.fi") or ("name", "aino virtanen")."""
    text = " ".join(text.split())
    if m := _ID.search(text):
        return "id", m.group(1)
    if text.isdigit():
        return "id", text
    if "@" in text and " " not in text:
        return "email", text.lower()
    return "name", text.lower()


def people_resolve(
    qs: QuerySet[Person], lines: list[tuple[int, str]], problems: Problems
) -> dict[int, Person]:
    """line -> the one person of ``qs`` the line names (an id from a suggestion, an exact
    email, or the full name "Given Family"); the others are problems."""
    keys = {line: _key(text) for line, text in lines}
    wanted: dict[str, set[str]] = {"id": set(), "email": set(), "name": set()}
    for kind, value in keys.values():
        wanted[kind].add(value)
    found: dict[tuple[str, str], list[Person]] = {}
    if wanted["id"]:
        for p in qs.filter(pk__in=[int(v) for v in wanted["id"]]):
            found.setdefault(("id", str(p.pk)), []).append(p)
    if wanted["email"]:
        for p in qs.annotate(_email=Lower("email")).filter(_email__in=wanted["email"]):
            found.setdefault(("email", p._email), []).append(p)
    if wanted["name"]:
        full = Lower(Concat("given_name", Value(" "), "family_name"))
        for p in qs.annotate(_name=full).filter(_name__in=wanted["name"]):
            found.setdefault(("name", p._name), []).append(p)
    out = {}
    for line, text in lines:
        matches = found.get(keys[line], [])
        shown = " ".join(text.split())
        if not matches:
            problems.add(
                _(
                    "Line %(line)s: nobody in the register is called or has the email "
                    "“%(text)s”."
                )
                % {"line": line, "text": shown},
                line=line,
            )
        elif len(matches) > 1:
            problems.add(
                _(
                    "Line %(line)s: more than one person matches “%(text)s”: give "
                    "the email instead."
                )
                % {"line": line, "text": shown},
                line=line,
            )
        else:
            out[line] = matches[0]
    return out


def attendees_from_lines(qs: QuerySet[Person], text: str) -> list[Attendee]:
    """One person a non-empty line; the line numbers are those of the text box."""
    lines = [
        (n, line) for n, line in enumerate(text.splitlines(), start=1) if line.strip()
    ]
    if len(lines) > MAX_ROWS:
        raise AttendanceRefused([_("At most %(n)s people at once.") % {"n": MAX_ROWS}])
    problems = Problems(AttendanceRefused)
    people = people_resolve(qs, lines, problems)
    problems.raise_any()
    return [Attendee(person=people[n], line=n) for n, _text in lines]


def _roles() -> dict[str, str]:
    """A role as the sheet may give it: its code or its name in any of our languages."""
    names = {}
    for code, _label in settings.LANGUAGES:
        with translation.override(code):
            for role in ActorRole:
                names[str(role.label).lower()] = role.value
    for role in ActorRole:
        names[role.value] = role.value
        names[role.value.replace("_", " ")] = role.value
    return names


def _hours(text: str) -> Decimal | None:
    try:
        hours = Decimal(text.replace(",", ".").strip())
    except InvalidOperation:
        return None
    if not hours.is_finite() or not Decimal("0") < hours <= MAX_HOURS:
        return None
    return hours.quantize(Decimal("0.01"))


def attendees_from_sheet(qs: QuerySet[Person], upload) -> list[Attendee]:
    """A sign-in sheet: a CSV file (comma or semicolon, UTF-8) whose first line names
    the columns: name or email (or both; the email wins), and optionally role and hours.
    """
    raw = upload.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise AttendanceRefused([_("The file is larger than 2 MB.")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise AttendanceRefused(
            [_("The file is not UTF-8 text: save it as CSV UTF-8.")]
        ) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    header = next(reader, None)
    if not header:
        raise AttendanceRefused([_("The file is empty.")])
    heading = [h.strip() for h in header]
    columns: dict[str, int] = {}
    for i, h in enumerate(heading):
        for name, spellings in COLUMNS.items():
            if h.lower() in spellings and name not in columns:
                columns[name] = i
    if "name" not in columns and "email" not in columns:
        raise AttendanceRefused(
            [
                _(
                    "Line 1: the first line names the columns; one of them must be "
                    "name or email."
                )
            ]
        )
    problems = Problems(AttendanceRefused)
    roles = _roles()
    who: list[tuple[int, str]] = []
    extra: dict[int, tuple[str, Decimal | None]] = {}

    def cell(row, name):
        i = columns.get(name)
        return row[i].strip() if i is not None and i < len(row) else ""

    for row in reader:
        line = reader.line_num
        if not any(c.strip() for c in row):
            continue
        if len(who) >= MAX_ROWS:
            raise AttendanceRefused(
                [_("At most %(n)s people at once.") % {"n": MAX_ROWS}]
            )
        person_text = cell(row, "email") or cell(row, "name")
        if not person_text:
            problems.add(
                _("Line %(line)s: give the name or the email.") % {"line": line},
                line=line,
            )
            continue
        role_text, hours_text = cell(row, "role"), cell(row, "hours")
        role = roles.get(" ".join(role_text.lower().split()), "") if role_text else ""
        if role_text and not role:
            problems.add(
                _("Line %(line)s, column %(column)s: “%(value)s” is not a role.")
                % {
                    "line": line,
                    "column": heading[columns["role"]],
                    "value": role_text,
                },
                line=line,
            )
        hours = _hours(hours_text) if hours_text else None
        if hours_text and hours is None:
            problems.add(
                _(
                    "Line %(line)s, column %(column)s: “%(value)s” is not a number "
                    "of hours from 0 to 24."
                )
                % {
                    "line": line,
                    "column": heading[columns["hours"]],
                    "value": hours_text,
                },
                line=line,
            )
        who.append((line, person_text))
        extra[line] = (role, hours)
    if not who and not problems.total:
        raise AttendanceRefused([_("The file names nobody.")])
    people = people_resolve(qs, who, problems)
    problems.raise_any()
    return [
        Attendee(
            person=people[line], role=extra[line][0], hours=extra[line][1], line=line
        )
        for line, _text in who
    ]
