"""Reading a CSV of population figures: all rows or none; every error names its place.

The file has a header ``dimension,group,count`` (any order, more columns ignored); one line
per group. ``dimension`` is one of age_band, gender, first_language, district; for age band
and gender the group is one of the codes people report (e.g. 75+, woman).
"""

import csv
import io
from dataclasses import dataclass

from django.utils.translation import gettext as _

from coproduce.core.errors import DomainError
from coproduce.people.models import Person

from .models import Dimension

COLUMNS = ("dimension", "group", "count")
MAX_ROWS = 10_000
KNOWN_GROUPS = {
    Dimension.AGE_BAND: set(Person.AgeBand.values),
    Dimension.GENDER: set(Person.Gender.values) - {Person.Gender.UNDISCLOSED},
}


@dataclass(frozen=True)
class Figure:
    dimension: str
    group: str
    count: int


class ImportRefused(DomainError):
    def __init__(self, errors: list[str]):
        self.errors = errors
        super().__init__("; ".join(errors), field="file")


def _error(line: int, column: str, value: str, problem: str) -> str:
    return _("line %(line)s, column %(column)s, value “%(value)s”: %(problem)s") % {
        "line": line,
        "column": column,
        "value": value,
        "problem": problem,
    }


def figures_parse(text: str) -> list[Figure]:
    """The figures of ``text``, or ImportRefused listing every error found."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ImportRefused(
            [
                _("line 1: the header lacks the column(s) %(cols)s")
                % {"cols": ", ".join(missing)}
            ]
        )
    reader.fieldnames = header
    errors: list[str] = []
    figures: list[Figure] = []
    seen: dict[tuple[str, str], int] = {}
    for number, raw in enumerate(reader, start=2):
        if number - 1 > MAX_ROWS:
            errors.append(
                _("line %(line)s: more than %(max)s lines")
                % {"line": number, "max": MAX_ROWS}
            )
            break
        row = {k: (v or "").strip() for k, v in raw.items() if k}
        if not any(row.values()):
            continue
        dimension, group, count_text = row["dimension"], row["group"], row["count"]
        bad = False
        if dimension not in Dimension.values:
            errors.append(
                _error(
                    number,
                    "dimension",
                    dimension,
                    _("use one of %(values)s")
                    % {"values": ", ".join(Dimension.values)},
                )
            )
            bad = True
        if not group:
            errors.append(_error(number, "group", group, _("a group is needed")))
            bad = True
        elif len(group) > 80:
            errors.append(_error(number, "group", group, _("at most 80 characters")))
            bad = True
        elif dimension in KNOWN_GROUPS and group not in KNOWN_GROUPS[dimension]:
            errors.append(
                _error(
                    number,
                    "group",
                    group,
                    _("use one of %(values)s")
                    % {"values": ", ".join(sorted(KNOWN_GROUPS[dimension]))},
                )
            )
            bad = True
        try:
            count = int(count_text)
            if count < 0:
                raise ValueError
        except ValueError:
            errors.append(
                _error(number, "count", count_text, _("give a whole number, 0 or more"))
            )
            bad = True
        if bad:
            continue
        key = (dimension, group)
        if key in seen:
            errors.append(
                _error(
                    number,
                    "group",
                    group,
                    _("already given on line %(line)s") % {"line": seen[key]},
                )
            )
            continue
        seen[key] = number
        figures.append(Figure(dimension, group, count))
    if not errors and not figures:
        errors.append(_("line 2: the file has no figures"))
    if errors:
        raise ImportRefused(errors)
    return figures
