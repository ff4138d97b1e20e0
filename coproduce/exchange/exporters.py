"""Export one tenant's rows as CSV or JSON, streamed.

Rows are read in chunks by primary key (keyset pagination), each chunk inside the
tenant's scope, so a million participations never sit in memory and a download keeps the
scope while the web server streams it. Exports of people never carry demographics;
other exports name people by number only. A download (``export_chunks``) has every text
cell made safe for spreadsheets (``coproduce.core.spreadsheet``); the command line
(``export_write``) writes raw values, so that a file imports back unchanged.
"""

import codecs
import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal
from typing import Any

from django_scopes import scope

from coproduce.core.spreadsheet import csv_writer
from coproduce.initiatives.models import (
    DECLARED_FIELD,
    Activity,
    Contribution,
    Initiative,
    InitiativePartner,
    Participation,
)
from coproduce.people.models import Membership, Organisation, Person, PublicService

from .columns import LIST_SEPARATOR, column_names
from .copy import copy_chunks, copy_supported

CHUNK = 5000
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json"}

Row = dict[str, Any]
Fetch = Callable[[int], tuple[int, list[Row]]]


def export_rows(kind: str, *, tenant) -> Iterator[Row]:
    """Every row of ``kind`` in the tenant, as dicts keyed by the export columns."""
    if kind == "organisations":
        return _organisations(tenant)
    return _keyset(tenant, SOURCES[kind](tenant))


def export_chunks(kind: str, fmt: str, *, tenant) -> Iterator[str] | Iterator[bytes]:
    """The text of a download, in pieces of a few thousand rows; formulas neutralised.
    The CSV of a flat kind comes from PostgreSQL's COPY (bytes) where it can."""
    if fmt == "csv" and kind in FLAT and copy_supported():
        return _copied(kind, tenant, safe=True)
    rows = export_rows(kind, tenant=tenant)
    if fmt == "csv":
        return csv_chunks(column_names(kind), rows, safe=True)
    return json_chunks(rows)


def export_write(kind: str, fmt: str, *, tenant, write: Callable[[str], Any]) -> int:
    """Pass the export to ``write`` piece by piece; return the number of rows. Values are
    raw (a cell may start with ``=``): this is the command line's round-trip format."""
    if fmt == "csv" and kind in FLAT and copy_supported():
        counted: list[int] = []
        decoder = codecs.getincrementaldecoder("utf-8")()
        for data in _copied(kind, tenant, safe=False, counter=counted):
            write(decoder.decode(data))
        write(decoder.decode(b"", final=True))
        return counted[0]
    counter = _Counter(export_rows(kind, tenant=tenant))
    chunks = (
        csv_chunks(column_names(kind), counter)
        if fmt == "csv"
        else json_chunks(counter)
    )
    for chunk in chunks:
        write(chunk)
    return counter.n


def _copied(kind: str, tenant, *, safe: bool, counter=None) -> Iterator[bytes]:
    model, columns = FLAT[kind]
    with scope(tenant=tenant):
        queryset = model.objects.filter(tenant=tenant)
    return copy_chunks(queryset, columns, safe=safe, counter=counter)


class _Counter:
    def __init__(self, rows: Iterator[Row]) -> None:
        self.rows = rows
        self.n = 0

    def __iter__(self) -> Iterator[Row]:
        for row in self.rows:
            self.n += 1
            yield row


# -- encoders --------------------------------------------------------------------------


def csv_cell(value: Any) -> Any:
    """The CSV form of a value; numbers stay numbers (see ``core.spreadsheet``)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (list, tuple)):
        return LIST_SEPARATOR.join(csv_cell(v) for v in value)
    if isinstance(value, dict):  # a partner
        return f"{value['organisation']}:{value['role']}"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (int, float, Decimal)):
        return value
    return str(value)


def csv_chunks(
    columns: list[str], rows: Iterable[Row], *, every: int = 1000, safe: bool = False
):
    buffer = io.StringIO()
    writer = csv_writer(buffer) if safe else csv.writer(buffer)
    writer.writerow(columns)
    for n, row in enumerate(rows, start=1):
        writer.writerow([csv_cell(row[c]) for c in columns])
        if n % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _json_default(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    raise TypeError(f"{type(value).__name__} is not JSON serialisable")


def json_chunks(rows: Iterable[Row], *, every: int = 1000) -> Iterator[str]:
    """A JSON array, one object per line."""
    parts = ["["]
    for n, row in enumerate(rows):
        text = json.dumps(row, default=_json_default, ensure_ascii=False)
        parts.append(("\n" if n == 0 else ",\n") + text)
        if len(parts) >= every:
            yield "".join(parts)
            parts = []
    parts.append("\n]\n")
    yield "".join(parts)


# -- sources ---------------------------------------------------------------------------


def _keyset(tenant, fetch: Fetch) -> Iterator[Row]:
    """Call ``fetch(after_pk)`` in the tenant scope until it returns no rows."""
    after = 0
    while True:
        with scope(tenant=tenant):
            after, rows = fetch(after)
        if not rows:
            return
        yield from rows


def _page(qs, after: int, fields: list[str]) -> list[tuple]:
    return list(qs.filter(pk__gt=after).order_by("pk").values_list(*fields)[:CHUNK])


def _organisations(tenant) -> Iterator[Row]:
    """All organisations, each after the one it is part of, so the file imports."""
    with scope(tenant=tenant):
        rows = list(
            Organisation.objects.filter(tenant=tenant)
            .order_by("pk")
            .values(
                "pk",
                "name",
                "kind",
                "parent_id",
                "identifier",
                "website",
                "description",
            )
        )
    by_pk = {row["pk"]: row for row in rows}
    done: set[int] = set()
    for row in rows:
        chain, seen = [], set()  # ``seen`` stops at a cycle of parents
        while row is not None and row["pk"] not in done and row["pk"] not in seen:
            chain.append(row)
            seen.add(row["pk"])
            row = by_pk.get(row["parent_id"])
        for item in reversed(chain):
            done.add(item["pk"])
            parent = by_pk.get(item["parent_id"])
            yield {
                "name": item["name"],
                "kind": item["kind"],
                "parent": parent["name"] if parent else None,
                "identifier": item["identifier"],
                "website": item["website"],
                "description": item["description"],
            }


def _people(tenant) -> Fetch:
    fields = ["pk", "given_name", "family_name", "email", "phone", "languages"]

    def fetch(after: int) -> tuple[int, list[Row]]:
        people = _page(Person.objects.filter(tenant=tenant), after, fields)
        memberships = defaultdict(list)
        for person_id, organisation, role in (
            Membership.objects.filter(
                tenant=tenant, person_id__in=[p[0] for p in people]
            )
            .order_by("organisation__name", "role")
            .values_list("person_id", "organisation__name", "role")
        ):
            memberships[person_id].append((organisation, role))
        rows = []
        for pk, given_name, family_name, email, phone, languages in people:
            rows.append(
                {
                    "given_name": given_name,
                    "family_name": family_name,
                    "email": email,
                    "phone": phone,
                    "languages": languages,
                    "organisation": [m[0] for m in memberships[pk]],
                    "membership_role": [m[1] for m in memberships[pk]],
                }
            )
        return (people[-1][0] if people else after), rows

    return fetch


def _initiatives(tenant) -> Fetch:
    fields = [
        "pk", "slug", "name", "description", "lead_organisation__name", "place",
        "start_date", "end_date", "is_temporary", "status", "intended_outcomes",
        "declared_scope", *DECLARED_FIELD.values(),
    ]  # fmt: skip
    through = Initiative.services.through

    def fetch(after: int) -> tuple[int, list[Row]]:
        initiatives = [
            dict(zip(fields, values, strict=True))
            for values in _page(Initiative.objects.filter(tenant=tenant), after, fields)
        ]
        ids = [i["pk"] for i in initiatives]
        partners, services = defaultdict(list), defaultdict(list)
        for initiative_id, organisation, role in (
            InitiativePartner.objects.filter(tenant=tenant, initiative_id__in=ids)
            .order_by("organisation__name")
            .values_list("initiative_id", "organisation__name", "role")
        ):
            partners[initiative_id].append({"organisation": organisation, "role": role})
        for initiative_id, identifier in (
            through.objects.filter(initiative_id__in=ids, publicservice__tenant=tenant)
            .order_by("publicservice__identifier")
            .values_list("initiative_id", "publicservice__identifier")
        ):
            services[initiative_id].append(identifier)
        rows = []
        for i in initiatives:
            rows.append(
                {
                    "slug": i["slug"],
                    "name": i["name"],
                    "description": i["description"],
                    "lead_organisation": i["lead_organisation__name"],
                    "partners": partners[i["pk"]],
                    "services": services[i["pk"]],
                    "place": i["place"],
                    "start_date": i["start_date"],
                    "end_date": i["end_date"],
                    "temporary": i["is_temporary"],
                    "status": i["status"],
                    "intended_outcomes": i["intended_outcomes"],
                    "declared_stages": [
                        stage for stage, field in DECLARED_FIELD.items() if i[field]
                    ],
                    "declared_scope": i["declared_scope"],
                }
            )
        return (ids[-1] if ids else after), rows

    return fetch


def _flat(model, columns: dict[str, str]) -> Callable[[Any], Fetch]:
    """A source whose export columns are fields or lookups of one model."""

    def source(tenant) -> Fetch:
        lookups = ["pk", *columns.values()]

        def fetch(after: int) -> tuple[int, list[Row]]:
            page = _page(model.objects.filter(tenant=tenant), after, lookups)
            rows = [dict(zip(columns, values[1:], strict=True)) for values in page]
            return (page[-1][0] if page else after), rows

        return fetch

    return source


# the kinds whose columns are fields or lookups of one model (export column -> lookup),
# written by PostgreSQL's COPY where it runs
FLAT: dict[str, tuple[Any, dict[str, str]]] = {
    "activities": (
        Activity,
        {
            "id": "id",
            "initiative": "initiative__slug",
            "stage": "stage",
            "title": "title",
            "kind": "kind",
            "starts_at": "starts_at",
            "ends_at": "ends_at",
            "level": "level",
            "mode": "mode",
            "place": "place",
            "description": "description",
        },
    ),
    "participations": (
        Participation,
        {
            "id": "id",
            "initiative": "initiative__slug",
            "activity_id": "activity_id",
            "stage": "activity__stage",
            "level": "activity__level",
            "mode": "activity__mode",
            "person_id": "person_id",
            "organisation": "organisation__name",
            "role": "role",
            "hours": "hours",
            "created_at": "created_at",
        },
    ),
    "contributions": (
        Contribution,
        {
            "id": "id",
            "initiative": "initiative__slug",
            "activity_id": "activity_id",
            "person_id": "person_id",
            "organisation": "organisation__name",
            "kind": "kind",
            "description": "description",
            "date": "date",
            "estimated_value": "estimated_value",
        },
    ),
}

SOURCES: dict[str, Callable[[Any], Fetch]] = {
    "people": _people,
    "initiatives": _initiatives,
    # services have a list column (channels), which only the Python path writes
    "services": _flat(
        PublicService,
        {
            "identifier": "identifier",
            "name": "name",
            "description": "description",
            "competent_authority": "competent_authority__name",
            "sector": "sector",
            "channels": "channels",
            "legal_resource": "legal_resource",
            "processing_time": "processing_time",
            "keywords": "keywords",
            "status": "status",
        },
    ),
    **{kind: _flat(model, columns) for kind, (model, columns) in FLAT.items()},
}
