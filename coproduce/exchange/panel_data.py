"""A panel's answers at response level, for researchers: long and wide, pseudonymous.

- **long**: one row per answer: ``respondent`` (the member's pseudonym), ``wave``,
  ``wave_date`` (the day the wave opened), ``item`` (its variable name), ``value`` (a
  rating) or ``text`` (a free-text answer).
- **wide**: one row per respondent who answered at least one wave: ``respondent``, then
  for every wave in order each item as ``<item>_w<n>`` and each scale's score as
  ``<scale>_w<n>``. A score is the scale's mean with reverse-coded items turned, computed
  by the statistics the reports use (``evaluation.stats.panel``), never here.

Members are read a chunk at a time (keyset on their id, inside the tenant's scope) with
their invitations and answers; no list of all answers is ever made, so CSV and XLSX are
written in constant memory. SPSS and Stata files are written by pyreadstat from one
DataFrame (the format's writers take a whole table).

Missing values: in a wide row an item (or score) of a wave the respondent answered but
not that item is *not answered*; of a wave they did not answer, *not in the wave*. CSV and
XLSX leave both empty; ``.sav`` declares -9 and -8 as user-missing; ``.dta`` writes them
as Stata's extended missing values ``.a`` and ``.b``. The codebook says so.

Names, e-mail addresses and person ids never leave: a respondent is their pseudonym.
"""

from __future__ import annotations

import codecs
import datetime as dt
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_scopes import scope

from coproduce.core.spreadsheet import cell_safe, csv_writer
from coproduce.evaluation.models import (
    Answer,
    Invitation,
    Item,
    Panel,
    PanelMember,
    Wave,
)
from coproduce.evaluation.selectors import scale_specs
from coproduce.evaluation.stats import PanelData
from coproduce.evaluation.stats.panel import scale_items, scale_score

CHUNK = 1000  # members a read
SHAPES = ("long", "wide")
FORMATS = ("csv", "xlsx", "sav", "dta")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "sav": "application/x-spss-sav",
    "dta": "application/x-stata-dta",
}
NOT_ANSWERED = -9
NOT_IN_WAVE = -8
STATA_MISSING = {NOT_ANSWERED: "a", NOT_IN_WAVE: "b"}
# the formats' limits: SPSS labels 256 bytes (value labels 120), Stata 80 characters,
# variable names 32 characters in Stata (64 in SPSS: the smaller serves both)
SPSS_LABEL_BYTES = 255
SPSS_VALUE_LABEL_BYTES = 120
STATA_LABEL_CHARS = 80
NAME_CHARS = 32
RESERVED = {
    # SPSS's reserved words and Stata's, as variable names
    "all", "and", "by", "eq", "ge", "gt", "le", "lt", "ne", "not", "or", "to", "with",
    "byte", "int", "long", "float", "double", "if", "in", "using", "_n", "_b", "_all",
}  # fmt: skip


class Missing(int):
    """A missing cell with its reason (``NOT_ANSWERED`` or ``NOT_IN_WAVE``)."""


ANSWERED_NOTHING = Missing(NOT_ANSWERED)
ABSENT = Missing(NOT_IN_WAVE)


@dataclass(frozen=True)
class Variable:
    name: str
    label: str
    type: str  # "string", "integer", "number", "date"
    kind: str  # "id", "wave", "date", "item", "value", "text", "score"
    minimum: int | None = None
    maximum: int | None = None
    value_labels: dict[int, str] = field(default_factory=dict)
    wave: int | None = None
    item: str | None = None  # the item's code
    reverse: bool = False
    scale: str | None = None

    @property
    def numeric(self) -> bool:
        return self.type in ("integer", "number")


@dataclass(frozen=True)
class ItemInfo:
    pk: int
    code: str
    name: str  # its variable name
    text: str
    kind: str
    scale: str | None
    reverse: bool
    minimum: int | None
    maximum: int | None
    value_labels: dict[int, str]
    # the language ``text`` is written in, and every version of it (that one first):
    # {"language", "text", "origin" ("published", "project" or ""), "source"}
    language: str = ""
    wordings: tuple[dict, ...] = ()


def _wordings(item: Item) -> tuple[dict, ...]:
    from coproduce.core import i18n

    return tuple(
        {"language": language, "text": text, **i18n.translation_origin(item, language)}
        for language, text in i18n.translations(item, "text").items()
    )


@dataclass(frozen=True)
class ScaleInfo:
    name: str
    variable: str
    items: tuple[str, ...]  # item variable names
    reverse: tuple[str, ...]
    minimum: int
    maximum: int


@dataclass(frozen=True)
class WaveInfo:
    pk: int
    number: int
    status: str
    opened: dt.date | None
    closed: dt.date | None

    @property
    def status_label(self) -> str:
        return str(Wave.Status(self.status).label)


@dataclass(frozen=True)
class Codebook:
    """What a panel's export holds and how to read it; every writer reads it."""

    tenant_id: int
    panel_id: int
    panel: str
    initiative: str
    instrument: str
    items: tuple[ItemInfo, ...]
    scales: tuple[ScaleInfo, ...]
    waves: tuple[WaveInfo, ...]
    specs: tuple  # the statistics' ScaleSpec of each scale (by item code)
    long: tuple[Variable, ...]
    wide: tuple[Variable, ...]

    def variables(self, shape: str) -> tuple[Variable, ...]:
        return self.long if shape == "long" else self.wide


MISSING_LABELS = {
    NOT_ANSWERED: gettext_lazy("not answered"),
    NOT_IN_WAVE: gettext_lazy("not in the wave"),
}


def variable_name(text: str, taken: set[str], *, room: int = NAME_CHARS) -> str:
    """A name SPSS and Stata accept: ASCII letters, digits and ``_``, a letter first, at
    most ``room`` characters (the rest of 32 is left for a wave's ``_w<n>``), not a
    reserved word, not one already ``taken``."""
    base = re.sub(r"[^A-Za-z0-9_]+", "_", text).strip("_").lower() or "v"
    if not base[0].isalpha():
        base = "v" + base
    name = base[:room]
    n = 1
    while name in taken or name in RESERVED:
        n += 1
        tail = f"_{n}"
        name = base[: room - len(tail)] + tail
    taken.add(name)
    return name


def _date(value: dt.datetime | None) -> dt.date | None:
    return value.date() if value is not None else None


def codebook_for(panel: Panel) -> Codebook:
    """The panel's items, scales, waves and the variables of both shapes."""
    with scope(tenant=panel.tenant_id):
        instrument = panel.instrument
        items = list(
            Item.objects.filter(tenant_id=panel.tenant_id, instrument=instrument)
            .select_related("scale")
            .order_by("position", "id")
        )
        waves = [
            WaveInfo(w.pk, w.number, w.status, _date(w.opened_at), _date(w.closed_at))
            for w in panel.waves.filter(tenant_id=panel.tenant_id).order_by("number")
        ]
        specs = scale_specs(instrument)
        scales = list(instrument.scales.order_by("position", "id"))
    taken = {"respondent", "wave", "wave_date", "item", "value", "text"}
    room = NAME_CHARS - len(f"_w{max((w.number for w in waves), default=1)}")
    infos = []
    for item in items:
        scale = item.scale if item.kind == Item.Kind.SCALE else None
        labels = {}
        if scale is not None:
            if scale.minimum_label:
                labels[scale.minimum] = scale.minimum_label
            if scale.maximum_label:
                labels[scale.maximum] = scale.maximum_label
        infos.append(
            ItemInfo(
                pk=item.pk,
                code=item.code,
                name=variable_name(item.code, taken, room=room),
                text=item.text,
                kind=item.kind,
                scale=scale.name if scale else None,
                reverse=item.reverse,
                minimum=scale.minimum if scale else None,
                maximum=scale.maximum if scale else None,
                value_labels=labels,
                language=item.content_language,
                wordings=_wordings(item),
            )
        )
    by_code = {i.code: i for i in infos}
    scale_infos = []
    for scale, spec in zip(scales, specs, strict=True):
        scale_infos.append(
            ScaleInfo(
                name=scale.name,
                variable=variable_name(scale.name, taken, room=room),
                items=tuple(by_code[c].name for c in spec.items),
                reverse=tuple(by_code[c].name for c in spec.items if c in spec.reverse),
                minimum=scale.minimum,
                maximum=scale.maximum,
            )
        )
    respondent = _("Respondent (pseudonym)")
    long = (
        Variable("respondent", respondent, "string", "id"),
        Variable("wave", _("Wave"), "integer", "wave"),
        Variable("wave_date", _("Day the wave opened"), "date", "date"),
        Variable("item", _("Item (its variable name)"), "string", "item"),
        Variable("value", _("Answer on the item's scale"), "number", "value"),
        Variable("text", _("Free-text answer"), "string", "text"),
    )
    wide: list[Variable] = [Variable("respondent", respondent, "string", "id")]
    for wave in waves:
        for info in infos:
            rating = info.kind == Item.Kind.SCALE
            wide.append(
                Variable(
                    name=f"{info.name}_w{wave.number}",
                    label=_("W%(n)s: %(text)s") % {"n": wave.number, "text": info.text},
                    type="integer" if rating else "string",
                    kind="value" if rating else "text",
                    minimum=info.minimum,
                    maximum=info.maximum,
                    value_labels=info.value_labels,
                    wave=wave.number,
                    item=info.code,
                    reverse=info.reverse,
                    scale=info.scale,
                )
            )
        for scale_info in scale_infos:
            wide.append(
                Variable(
                    name=f"{scale_info.variable}_w{wave.number}",
                    label=_("W%(n)s: %(scale)s (scale score)")
                    % {"n": wave.number, "scale": scale_info.name},
                    type="number",
                    kind="score",
                    minimum=scale_info.minimum,
                    maximum=scale_info.maximum,
                    wave=wave.number,
                    scale=scale_info.name,
                )
            )
    return Codebook(
        tenant_id=panel.tenant_id,
        panel_id=panel.pk,
        panel=panel.name,
        initiative=panel.initiative.name,
        instrument=instrument.name,
        items=tuple(infos),
        scales=tuple(scale_infos),
        waves=tuple(waves),
        specs=specs,
        long=long,
        wide=tuple(wide),
    )


# -- reading --------------------------------------------------------------------------


def _number(value: float | None):
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _member_chunks(codebook: Codebook) -> Iterator[tuple[list, list, list]]:
    """(members, submitted (member, wave) pairs, answers) a chunk of members at a time,
    each chunk read in the tenant's scope."""
    after = 0
    wave_ids = [w.pk for w in codebook.waves]
    while True:
        with scope(tenant=codebook.tenant_id):
            members = list(
                PanelMember.objects.filter(
                    tenant_id=codebook.tenant_id,
                    panel_id=codebook.panel_id,
                    pk__gt=after,
                )
                .order_by("pk")
                .values_list("pk", "pseudonym")[:CHUNK]
            )
            if not members:
                return
            ids = [pk for pk, _ in members]
            submitted = list(
                Invitation.objects.filter(
                    tenant_id=codebook.tenant_id,
                    wave_id__in=wave_ids,
                    member_id__in=ids,
                    submitted_at__isnull=False,
                ).values_list("member_id", "wave_id")
            )
            answers = list(
                Answer.objects.filter(
                    tenant_id=codebook.tenant_id,
                    wave_id__in=wave_ids,
                    member_id__in=ids,
                ).values_list("member_id", "wave_id", "item_id", "value", "text")
            )
        yield members, submitted, answers
        after = ids[-1]


def long_rows(codebook: Codebook) -> Iterator[list]:
    """One list per answer, in the order of ``codebook.long``: by respondent (in the
    order they joined), wave and item."""
    item_of = {i.pk: (n, i) for n, i in enumerate(codebook.items)}
    wave_of = {w.pk: w for w in codebook.waves}
    for members, _submitted, answers in _member_chunks(codebook):
        pseudonym = dict(members)
        answers.sort(key=lambda a: (a[0], wave_of[a[1]].number, item_of[a[2]][0]))
        for member_id, wave_id, item_id, value, text in answers:
            if value is None and not text:  # kept as not answered
                continue
            wave = wave_of[wave_id]
            item = item_of[item_id][1]
            yield [
                pseudonym[member_id],
                wave.number,
                wave.opened,
                item.name,
                _number(value),
                text if item.kind == Item.Kind.TEXT else None,
            ]


def wide_rows(codebook: Codebook) -> Iterator[list]:
    """One list per respondent who answered a wave, in the order of ``codebook.wide``;
    a missing cell is ``ANSWERED_NOTHING`` or ``ABSENT``."""
    waves = codebook.waves
    items = codebook.items
    rating = [n for n, i in enumerate(items) if i.kind == Item.Kind.SCALE]
    rating_codes = tuple(items[n].code for n in rating)
    column_of = {i.pk: n for n, i in enumerate(items)}
    wave_index = {w.pk: k for k, w in enumerate(waves)}
    n_items = len(items)
    for members, submitted, answers in _member_chunks(codebook):
        took_part: dict[int, set[int]] = {}
        for member_id, wave_id in submitted:
            took_part.setdefault(member_id, set()).add(wave_index[wave_id])
        answered = [(pk, p) for pk, p in members if pk in took_part]
        if not answered:
            continue
        row_of = {pk: r for r, (pk, _) in enumerate(answered)}
        cells = np.full((len(answered), len(waves), n_items), None, dtype=object)
        values = np.full((len(answered), len(waves), len(rating)), np.nan)
        rating_at = {n: k for k, n in enumerate(rating)}
        for member_id, wave_id, item_id, value, text in answers:
            r = row_of.get(member_id)
            if r is None:
                continue
            k, n = wave_index[wave_id], column_of[item_id]
            if n in rating_at:
                cells[r, k, n] = _number(value)
                if value is not None:
                    values[r, k, rating_at[n]] = value
            else:
                cells[r, k, n] = text or None
        scores = _scores(codebook, values, rating_codes)
        for r, (member_id, pseudonym) in enumerate(answered):
            row: list = [pseudonym]
            for k in range(len(waves)):
                present = k in took_part[member_id]
                gap = ANSWERED_NOTHING if present else ABSENT
                row.extend(gap if c is None else c for c in cells[r, k])
                for s in range(len(codebook.scales)):
                    score = scores[s][r, k]
                    row.append(gap if np.isnan(score) else float(score))
            yield row


def _scores(codebook: Codebook, values: np.ndarray, codes: tuple[str, ...]):
    """Each scale's score per (respondent, wave) of the chunk, from the statistics'
    ``scale_items`` (reverse coding) and ``scale_score`` (the mean; NaN if an item is
    missing)."""
    rows, n_waves, width = values.shape
    data = PanelData(
        respondents=np.repeat(np.arange(rows), n_waves),
        waves=np.tile(np.arange(n_waves), rows),
        items=codes,
        values=values.reshape(rows * n_waves, width),
        scales=codebook.specs,
    )
    return [
        scale_score(scale_items(data, spec)).reshape(rows, n_waves)
        for spec in codebook.specs
    ]


def rows_for(
    codebook: Codebook, shape: str, progress: Callable[[int], None] | None = None
) -> Iterator[list]:
    """The rows of ``shape``; ``progress(n)`` is told every 10,000 rows."""
    rows = long_rows(codebook) if shape == "long" else wide_rows(codebook)
    if progress is None:
        return rows
    return _counted(rows, progress)


def _counted(rows: Iterator[list], progress: Callable[[int], None]) -> Iterator[list]:
    for n, row in enumerate(rows, start=1):
        if n % PROGRESS_EVERY == 0:
            progress(n)
        yield row


PROGRESS_EVERY = 10_000


# -- writers --------------------------------------------------------------------------


def _plain(value):
    """A cell of CSV or XLSX: missing is empty, a date is ISO."""
    if value is None or isinstance(value, Missing):
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def csv_chunks(
    codebook: Codebook,
    shape: str,
    *,
    bom: bool = False,
    every: int = 2000,
    progress: Callable[[int], None] | None = None,
    counter: list[int] | None = None,
) -> Iterator[str]:
    """The CSV, a few thousand rows a piece; text cells safe for spreadsheets.
    ``counter``, when given, receives the number of rows at the end."""
    buffer = io.StringIO()
    if bom:
        buffer.write(codecs.BOM_UTF8.decode())
    writer = csv_writer(buffer)
    writer.writerow([v.name for v in codebook.variables(shape)])
    n = 0
    for n, row in enumerate(rows_for(codebook, shape, progress), start=1):
        writer.writerow([_plain(c) for c in row])
        if n % every == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
    if counter is not None:
        counter.append(n)


def xlsx_write(codebook: Codebook, shape: str, path, *, progress=None) -> int:
    """The XLSX at ``path``, in XlsxWriter's constant-memory mode (each row flushed to
    disk as the next begins): the data sheet, then a sheet of the variables. Returns
    the number of data rows."""
    import xlsxwriter

    options = {
        "constant_memory": True,
        "strings_to_numbers": False,
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "default_date_format": "yyyy-mm-dd",
    }
    workbook = xlsxwriter.Workbook(str(path), options)
    sheet = workbook.add_worksheet(shape)
    variables = codebook.variables(shape)
    sheet.write_row(0, 0, [v.name for v in variables])
    sheet.freeze_panes(1, 1)  # the names and the respondent stay in view
    n = 0
    for n, row in enumerate(rows_for(codebook, shape, progress), start=1):
        sheet.write_row(n, 0, [_xlsx_cell(c) for c in row])
    about = workbook.add_worksheet("variables")
    about.write_row(0, 0, ["name", "label", "type", "minimum", "maximum", "values"])
    for r, v in enumerate(variables, start=1):
        about.write_row(
            r,
            0,
            [
                cell_safe(x)
                for x in (
                    v.name,
                    v.label,
                    v.type,
                    v.minimum,
                    v.maximum,
                    _labels_text(v.value_labels),
                )
            ],
        )
    workbook.close()
    return n


def _xlsx_cell(value):
    """A date stays a date (the workbook's date format); text is made safe."""
    if isinstance(value, dt.date):
        return value
    return cell_safe(_plain(value))


def _labels_text(labels: dict[int, str]) -> str:
    return "; ".join(f"{k} = {v}" for k, v in sorted(labels.items()))


def _cut_bytes(text: str, limit: int) -> str:
    data = text.encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", errors="ignore")


def _cut_chars(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _frame(codebook: Codebook, shape: str, missing: Callable, progress=None):
    import pandas as pd

    variables = codebook.variables(shape)
    columns: list[list] = [[] for _ in variables]
    for row in rows_for(codebook, shape, progress):
        for column, value in zip(columns, row, strict=True):
            column.append(value)
    data = {}
    for v, column in zip(variables, columns, strict=True):
        if v.numeric:
            data[v.name] = [missing(c, v) for c in column]
        elif v.type == "date":
            data[v.name] = column  # date objects: pyreadstat writes a date format
        else:
            data[v.name] = [
                "" if c is None or isinstance(c, Missing) else c for c in column
            ]
    frame = pd.DataFrame(data, columns=[v.name for v in variables])
    return frame, variables


def sav_write(codebook: Codebook, shape: str, path, *, progress=None) -> int:
    """The SPSS file: variable labels the item texts (255 bytes at most), value labels
    the scale's end labels and the missing codes, -9 and -8 declared user-missing."""
    import pyreadstat

    def missing(value, variable):
        if isinstance(value, Missing):
            return float(int(value))
        return np.nan if value is None else float(value)

    frame, variables = _frame(codebook, shape, missing, progress)
    numeric = [v for v in variables if v.kind in ("value", "score")]
    pyreadstat.write_sav(
        frame,
        str(path),
        file_label=_cut_bytes(codebook.panel, 64),
        column_labels={
            v.name: _cut_bytes(v.label, SPSS_LABEL_BYTES) for v in variables
        },
        variable_value_labels={
            v.name: {
                float(k): _cut_bytes(str(text), SPSS_VALUE_LABEL_BYTES)
                for k, text in {**v.value_labels, **MISSING_LABELS}.items()
            }
            for v in numeric
        },
        missing_ranges={
            v.name: [float(NOT_ANSWERED), float(NOT_IN_WAVE)] for v in numeric
        },
        variable_measure={
            v.name: "ordinal" if v.kind == "value" else "scale" for v in numeric
        },
    )
    return len(frame)


def dta_write(codebook: Codebook, shape: str, path, *, progress=None) -> int:
    """The Stata file (format 118/119): variable labels the item texts (80 characters
    at most), value labels the scale's end labels, missing as ``.a`` (not answered) and
    ``.b`` (not in the wave)."""
    import pyreadstat

    def missing(value, variable):
        if isinstance(value, Missing):
            return STATA_MISSING[int(value)]
        return np.nan if value is None else float(value)

    frame, variables = _frame(codebook, shape, missing, progress)
    numeric = [v for v in variables if v.kind in ("value", "score")]
    pyreadstat.write_dta(
        frame,
        str(path),
        file_label=_cut_chars(codebook.panel, STATA_LABEL_CHARS),
        column_labels={
            v.name: _cut_chars(v.label, STATA_LABEL_CHARS) for v in variables
        },
        variable_value_labels={
            v.name: dict(v.value_labels) for v in numeric if v.value_labels
        },
        missing_user_values={
            v.name: sorted(STATA_MISSING.values()) for v in numeric if shape == "wide"
        },
    )
    return len(frame)


WRITERS = {"xlsx": xlsx_write, "sav": sav_write, "dta": dta_write}


def export_file(
    codebook: Codebook,
    shape: str,
    fmt: str,
    path,
    *,
    bom: bool = False,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Write the export to ``path`` in any format; return the number of rows."""
    if fmt != "csv":
        return WRITERS[fmt](codebook, shape, path, progress=progress)
    counted: list[int] = []
    with open(path, "w", encoding="utf-8", newline="") as file:
        for chunk in csv_chunks(
            codebook, shape, bom=bom, progress=progress, counter=counted
        ):
            file.write(chunk)
    return counted[0]


# -- codebook -------------------------------------------------------------------------


FRICTIONLESS_TYPES = {
    "string": "string",
    "integer": "integer",
    "number": "number",
    "date": "date",
}


def file_stem(codebook: Codebook, shape: str) -> str:
    from django.utils.text import slugify

    return f"{slugify(codebook.panel) or 'panel'}-{shape}"


def datapackage(codebook: Codebook) -> dict:
    """A Frictionless (Tabular) Data Package describing both CSV files: each column's
    type, label, range and value labels (``categories``), the missing values."""
    from django.utils.text import slugify

    item_wordings = {i.name: i.wordings for i in codebook.items}
    resources = []
    for shape in SHAPES:
        fields = []
        for v in codebook.variables(shape):
            entry: dict = {
                "name": v.name,
                "title": v.label,
                "type": FRICTIONLESS_TYPES[v.type],
            }
            constraints: dict = {}
            if v.kind == "id":
                constraints["required"] = True
            if v.minimum is not None and v.kind in ("value", "score"):
                constraints["minimum"] = v.minimum
                constraints["maximum"] = v.maximum
            if constraints:
                entry["constraints"] = constraints
            if v.kind == "value" and v.minimum is not None and v.maximum is not None:
                entry["categories"] = [
                    {"value": k, "label": v.value_labels[k]}
                    if k in v.value_labels
                    else {"value": k}
                    for k in range(v.minimum, v.maximum + 1)
                ]
                entry["categoriesOrdered"] = True
            if v.reverse:
                entry["description"] = _("Reverse-coded in the scale score.")
            if v.kind == "score":
                entry["description"] = _(
                    "Mean of the scale's items, reverse-coded items turned "
                    "(minimum + maximum - answer); empty if an item is missing."
                )
            if v.wave is not None:
                entry["x-wave"] = v.wave
            wordings = item_wordings.get(
                v.name.rsplit("_w", 1)[0] if v.wave else v.name
            )
            if v.kind == "value" and wordings:
                # the question in each language it was asked in, and where each wording
                # comes from: published (the source's) or project (a translation or text
                # of coproduce or of the tenant, not a published one)
                entry["x-wordings"] = list(wordings)
            fields.append(entry)
        resources.append(
            {
                "name": f"panel-{shape}",
                "path": f"{file_stem(codebook, shape)}.csv",
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": {
                    "fields": fields,
                    "missingValues": [""],
                    "primaryKey": (
                        ["respondent", "wave", "item"]
                        if shape == "long"
                        else ["respondent"]
                    ),
                },
            }
        )
    return {
        "profile": "tabular-data-package",
        "name": slugify(codebook.panel) or "panel",
        "title": codebook.panel,
        "description": (
            f"Answers of the panel {codebook.panel} ({codebook.initiative}), "
            f"instrument {codebook.instrument}; respondents by pseudonym."
        ),
        "created": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "x-waves": [
            {
                "wave": w.number,
                "status": w.status,
                "opened": w.opened.isoformat() if w.opened else None,
                "closed": w.closed.isoformat() if w.closed else None,
            }
            for w in codebook.waves
        ],
        "x-scales": [
            {
                "name": s.name,
                "variable": s.variable,
                "items": list(s.items),
                "reverse": list(s.reverse),
                "minimum": s.minimum,
                "maximum": s.maximum,
                "score": "mean of the items, reverse-coded items turned",
            }
            for s in codebook.scales
        ],
        "x-items": [
            {
                "variable": i.name,
                "code": i.code,
                "language": i.language,
                "wordings": list(i.wordings),
            }
            for i in codebook.items
        ],
        "x-missing": {
            "csv": "empty cell",
            "sav": {str(k): str(v) for k, v in MISSING_LABELS.items()},
            "dta": {f".{STATA_MISSING[k]}": str(v) for k, v in MISSING_LABELS.items()},
        },
        "resources": resources,
    }
