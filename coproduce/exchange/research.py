"""Research data beyond panels: participations, activities, outcomes and measurements,
value and cost, population tables, sustainability assessments and codings, each as CSV
(UTF-8, a byte order mark on request), XLSX, SPSS ``.sav``, Stata ``.dta`` and a
Frictionless data package describing the CSV. The writers are those of the panel
export (``panel_data``): XlsxWriter in constant-memory mode, pyreadstat for SPSS and
Stata.

A dataset is its columns and a generator of rows, read a chunk at a time by key in the
tenant's scope, so that CSV and XLSX are written in constant memory whatever the size;
SPSS and Stata are built from one DataFrame (pyreadstat has no row-by-row writer).

Categorical columns (a role, a stage, an IAP2 level, a score) are written as their
codes in CSV and XLSX (``volunteer``, ``design``, ``3``) and as numbers with value labels
in SPSS and Stata (Stata labels numbers only): the IAP2 level and a score keep their own
numbers (1..5), the others are numbered in the order of their choices, as the codebook
and the data package's ``categories`` say. People are named by number only, never by
name, as in the other exports.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

import numpy as np
from django.db.models import QuerySet
from django_scopes import scope

from coproduce.core.spreadsheet import cell_safe, csv_writer

from .panel_data import (
    SPSS_LABEL_BYTES,
    SPSS_VALUE_LABEL_BYTES,
    STATA_LABEL_CHARS,
    _cut_bytes,
    _cut_chars,
)

CHUNK = 5000
FORMATS = ("csv", "xlsx", "sav", "dta")
STATA_STRING_CHARS = 2045  # the longest str# of format 118


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    type: str  # "string", "integer", "number", "date", "datetime"
    categories: tuple[tuple[Any, str], ...] = ()  # (value as stored, its label)
    ordered: bool = False
    description: str = ""

    @property
    def categorical(self) -> bool:
        return bool(self.categories)

    def code_of(self) -> dict[Any, int]:
        """A category's number in SPSS and Stata: its own if it is one, else 1, 2, ..."""
        if all(isinstance(v, int) for v, _label in self.categories):
            return {v: v for v, _label in self.categories}
        return {v: n for n, (v, _label) in enumerate(self.categories, start=1)}

    def value_labels(self) -> dict[int, str]:
        codes = self.code_of()
        return {codes[v]: str(label) for v, label in self.categories}


def choices(model_choices) -> tuple[tuple[Any, str], ...]:
    return tuple((value, str(label)) for value, label in model_choices.choices)


@dataclass(frozen=True)
class Dataset:
    """What one research file holds: its name, its columns, and its rows (a generator
    made afresh for every file)."""

    key: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[], Iterator[list]]
    primary_key: tuple[str, ...] = ("id",)
    extra: dict = field(default_factory=dict)
    queryset: Any = None  # what the rows are read from, to count them

    def counted(self, progress: Callable[[int], None], every: int = 10_000) -> Dataset:
        """The same dataset, calling ``progress(rows)`` every ``every`` rows."""
        rows = self.rows

        def counting() -> Iterator[list]:
            for n, row in enumerate(rows(), start=1):
                if n % every == 0:
                    progress(n)
                yield row

        return replace(self, rows=counting)


def keyset_rows(
    qs: QuerySet, lookups: list[str], *, tenant_id: int, convert=None
) -> Callable[[], Iterator[list]]:
    """Rows of ``qs`` (its ``lookups``, the primary key first) a chunk at a time, each
    chunk read in the tenant's scope by primary key (no OFFSET, no list of all)."""

    def rows() -> Iterator[list]:
        after = 0
        while True:
            with scope(tenant=tenant_id):
                page = list(
                    qs.filter(pk__gt=after).order_by("pk").values_list(*lookups)[:CHUNK]
                )
            if not page:
                return
            for values in page:
                yield convert(list(values)) if convert else list(values)
            after = page[-1][0]

    return rows


# -- writers ----------------------------------------------------------------------------


def _text(value) -> Any:
    """A cell of CSV: a date or time in ISO 8601, a decimal as written, missing empty."""
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return value


def csv_chunks(
    dataset: Dataset,
    *,
    bom: bool = False,
    every: int = 2000,
    counter: list[int] | None = None,
) -> Iterator[str]:
    """The CSV a few thousand rows a piece; text cells made safe for spreadsheets by
    ``csv_writer``, as every download."""
    buffer = io.StringIO()
    if bom:
        buffer.write(codecs.BOM_UTF8.decode())
    writer = csv_writer(buffer)
    writer.writerow([c.name for c in dataset.columns])
    n = 0
    for n, row in enumerate(dataset.rows(), start=1):
        writer.writerow([_text(v) for v in row])
        if n % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
    if counter is not None:
        counter.append(n)


def _xlsx_cell(value):
    if isinstance(value, dt.datetime):
        return value.replace(tzinfo=None) if value.tzinfo else value
    if isinstance(value, dt.date):
        return value
    if isinstance(value, Decimal):
        return float(value)
    return cell_safe(value)


def xlsx_write(dataset: Dataset, path) -> int:
    """The XLSX at ``path`` in XlsxWriter's constant-memory mode: the data sheet (dates
    as dates, times in UTC), then a sheet of the variables and their value labels."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(
        str(path),
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
            "remove_timezone": True,
        },
    )
    sheet = workbook.add_worksheet(dataset.key[:31])
    when = workbook.add_format({"num_format": "yyyy-mm-dd hh:mm:ss"})
    sheet.write_row(0, 0, [c.name for c in dataset.columns])
    sheet.freeze_panes(1, 0)
    times = [k for k, c in enumerate(dataset.columns) if c.type == "datetime"]
    n = 0
    for n, row in enumerate(dataset.rows(), start=1):
        sheet.write_row(n, 0, [_xlsx_cell(v) for v in row])
        for k in times:
            if row[k] is not None:
                sheet.write_datetime(n, k, _xlsx_cell(row[k].astimezone(dt.UTC)), when)
    _variables_sheet(workbook, dataset.columns)
    workbook.close()
    return n


def _variables_sheet(workbook, columns) -> None:
    about = workbook.add_worksheet("variables")
    about.write_row(0, 0, ["name", "label", "type", "values", "description"])
    for r, c in enumerate(columns, start=1):
        values = (
            "; ".join(f"{v} = {label}" for v, label in c.categories)
            if c.categories
            else ""
        )
        about.write_row(
            r,
            0,
            [cell_safe(x) for x in (c.name, c.label, c.type, values, c.description)],
        )


def _frame(dataset: Dataset, *, stata: bool):
    """One DataFrame of the whole dataset, categorical columns as their numbers."""
    import pandas as pd

    columns = dataset.columns
    data: list[list] = [[] for _ in columns]
    codes = [c.code_of() if c.categorical else None for c in columns]
    for row in dataset.rows():
        for k, value in enumerate(row):
            data[k].append(value)
    frame: dict[str, Any] = {}
    for c, code, values in zip(columns, codes, data, strict=True):
        if code is not None:
            frame[c.name] = [
                np.nan if v is None else float(code.get(v, np.nan)) for v in values
            ]
        elif c.type in ("integer", "number"):
            frame[c.name] = [np.nan if v is None else float(v) for v in values]
        elif c.type == "datetime":
            frame[c.name] = pd.to_datetime(
                [None if v is None else v.astimezone(dt.UTC).replace(tzinfo=None)
                 for v in values]
            )  # fmt: skip
        elif c.type == "date":
            frame[c.name] = values
        else:
            cut = STATA_STRING_CHARS if stata else None
            frame[c.name] = [
                "" if v is None else (str(v)[:cut] if cut else str(v)) for v in values
            ]
    return pd.DataFrame(frame, columns=[c.name for c in columns])


def sav_write(dataset: Dataset, path) -> int:
    """The SPSS file: variable labels (255 bytes at most), value labels of the
    categorical columns (120 bytes), measure nominal, ordinal or scale."""
    import pyreadstat

    frame = _frame(dataset, stata=False)
    measure = {}
    for c in dataset.columns:
        if c.categorical:
            measure[c.name] = "ordinal" if c.ordered else "nominal"
        elif c.type == "number":
            measure[c.name] = "scale"
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=_cut_bytes(dataset.title, 64),
        column_labels={
            c.name: _cut_bytes(c.label, SPSS_LABEL_BYTES) for c in dataset.columns
        },
        variable_value_labels={
            c.name: {
                float(k): _cut_bytes(v, SPSS_VALUE_LABEL_BYTES)
                for k, v in c.value_labels().items()
            }
            for c in dataset.columns
            if c.categorical
        },
        variable_measure=measure,
    )
    return len(frame)


def dta_write(dataset: Dataset, path) -> int:
    """The Stata file (format 118/119): variable labels (80 characters at most), value
    labels of the categorical columns; texts cut to 2,045 characters (``str#``)."""
    import pyreadstat

    frame = _frame(dataset, stata=True)
    pyreadstat.write_dta(
        frame,
        str(path),
        file_label=_cut_chars(dataset.title, STATA_LABEL_CHARS),
        column_labels={
            c.name: _cut_chars(c.label, STATA_LABEL_CHARS) for c in dataset.columns
        },
        variable_value_labels={
            c.name: {k: _cut_chars(v, STATA_LABEL_CHARS)
                     for k, v in c.value_labels().items()}
            for c in dataset.columns
            if c.categorical
        },
    )  # fmt: skip
    return len(frame)


WRITERS = {"xlsx": xlsx_write, "sav": sav_write, "dta": dta_write}


def export_file(dataset: Dataset, fmt: str, path, *, bom: bool = False) -> int:
    """Write ``dataset`` to ``path`` in ``fmt``; return the number of rows."""
    if fmt != "csv":
        return WRITERS[fmt](dataset, path)
    counted: list[int] = []
    with open(path, "w", encoding="utf-8", newline="") as file:
        for chunk in csv_chunks(dataset, bom=bom, counter=counted):
            file.write(chunk)
    return counted[0]


FRICTIONLESS = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "date": "date",
    "datetime": "datetime",
}


def datapackage(dataset: Dataset, *, path: str) -> dict:
    """A Frictionless Tabular Data Package describing the CSV at ``path``."""
    fields = []
    for c in dataset.columns:
        entry: dict = {"name": c.name, "title": c.label, "type": FRICTIONLESS[c.type]}
        if c.categorical:
            entry["categories"] = [
                {"value": v, "label": label} for v, label in c.categories
            ]
            entry["categoriesOrdered"] = c.ordered
            codes = c.code_of()
            entry["x-spss-stata-codes"] = {str(v): codes[v] for v, _l in c.categories}
        if c.description:
            entry["description"] = c.description
        if c.name in dataset.primary_key:
            entry["constraints"] = {"required": True}
        fields.append(entry)
    return {
        "profile": "tabular-data-package",
        "name": dataset.key,
        "title": dataset.title,
        "description": dataset.description,
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        **dataset.extra,
        "resources": [
            {
                "name": dataset.key,
                "path": path,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": fields,
                    "missingValues": [""],
                    "primaryKey": list(dataset.primary_key),
                },
            }
        ],
    }


def workbook_of_tables(tables: list[tuple[str, list[str], list[list]]]) -> bytes:
    """An XLSX of small tables, one sheet each (a dashboard's sections); strings inline,
    as in every other XLSX written here."""
    import xlsxwriter

    out = io.BytesIO()
    workbook = xlsxwriter.Workbook(
        out,
        {
            "constant_memory": True,
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "default_date_format": "yyyy-mm-dd",
        },
    )
    for name, header, rows in tables:
        sheet = workbook.add_worksheet(name[:31])
        sheet.write_row(0, 0, header)
        sheet.freeze_panes(1, 0)
        for r, row in enumerate(rows, start=1):
            sheet.write_row(r, 0, [_xlsx_cell(_plain_cell(v)) for v in row])
    workbook.close()
    return out.getvalue()


def _plain_cell(value):
    if value is None or isinstance(
        value, (str, int, float, Decimal, dt.date, dt.datetime)
    ):
        return value
    return str(value)  # a lazy translation
