"""``coproduce analyse representativeness FILE.csv --format json|text [--min-cell N]``.

The ``analyse`` command (evaluation/management/commands/analyse.py) owns the parser; this
module adds this kind's ``--min-cell`` option and help to it, and answers for that kind.
``analyse panel`` checks its own options.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from django.core.management.base import CommandError

from .models import DEFAULT_MIN_GROUP
from .table_file import TableFileError, report_text, table_analyse, table_read

KIND = "representativeness"

EPILOG = f"""\

analyse representativeness FILE.csv [--format json|text] [--min-cell N]

FILE.csv: comma-separated, UTF-8, a header line with the columns 'dimension',
'group', 'population' and 'participants' (any order; other columns are ignored); one
line per group; several dimensions in one file. Per dimension: R's chisq.test(x, p =
population shares) over all groups, small_expected_warning (an expected count below
5, R's "Chi-squared approximation may be incorrect"), Duncan's dissimilarity index,
and per group the ratio participant share / population share with its 95% CI.
Groups with 1 to N-1 participants are shown without their count, share and ratio
(N is --min-cell, by default {DEFAULT_MIN_GROUP}, the platform's small-group threshold;
--min-cell 0 shows all). A count that is not a whole number or is negative, an empty
dimension or group, a group named twice or a missing column stops the command, named as
FILE:LINE: column 'X'."""


def non_negative(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {value!r}") from None
    if number < 0:
        raise argparse.ArgumentTypeError(f"must not be negative: {value!r}")
    return number


def parser_extend(parser: argparse.ArgumentParser) -> None:
    """Add this kind's option and its help."""
    parser.add_argument(
        "--min-cell",
        type=non_negative,
        default=DEFAULT_MIN_GROUP,
        dest="min_cell",
        help=f"representativeness: smallest group shown (default {DEFAULT_MIN_GROUP})",
    )
    parser.epilog = (parser.epilog or "") + EPILOG


def handle(command, *, file, fmt: str, min_cell: int | None = None, **_options) -> None:
    """Analyse the file and write the report to the command's stdout."""
    file = Path(file)
    min_cell = DEFAULT_MIN_GROUP if min_cell is None else min_cell
    if min_cell < 0:
        raise CommandError(f"--min-cell must not be negative (got {min_cell}).")
    try:
        dimensions = table_read(file)
    except TableFileError as exc:
        count = f"{exc.total} problem{'s' if exc.total > 1 else ''}"
        raise CommandError(f"Nothing analysed, {count}:\n{exc}") from exc
    report = table_analyse(dimensions, min_cell=min_cell)
    if fmt == "json":
        command.stdout.write(json.dumps(report, indent=2, allow_nan=False))
    else:
        command.stdout.write(report_text(report, min_cell=min_cell), ending="")
