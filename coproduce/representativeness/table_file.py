"""Representativeness from a file: ``coproduce analyse representativeness FILE.csv``.

Pure (no Django). The CSV has a header line with the columns ``dimension``, ``group``,
``population`` and ``participants`` (any order; other columns are ignored), one line per
group, several dimensions in one file (each dimension's groups in the file's order).
Comma-separated, UTF-8 (a byte-order mark is allowed).

Nothing is guessed: a count that is not a whole number, a negative count, an empty
dimension or group name, a group named twice in one dimension or a missing column is a
problem named as ``FILE:LINE: column 'X': what is wrong (got 'v')``; every problem (up to
``MAX_PROBLEMS``) is reported at once in ``TableFileError`` and nothing is analysed.

The statistics are those of the pages (``stats.compare``), over all groups of a
dimension: R's ``chisq.test(x, p = N / sum(N))`` with R's "Chi-squared approximation may
be incorrect" condition (an expected count below 5) as ``small_expected_warning``,
Duncan's dissimilarity index, and the ratio participant share / population share with
its 95 % interval (Wilson's interval of the participant share over the population
share). Groups with 1 .. min_cell - 1 participants are shown as on the pages: their
``participants``, ``participant_share``, ``ratio`` and ``ratio_ci95`` are null (a group
with no participants is shown: nobody singles nobody out); ``min_cell = 0`` shows all.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

from coproduce.core.file_problems import FileRefused, Problems

from . import stats

COLUMNS = ("dimension", "group", "population", "participants")
WHOLE = re.compile(r"[+-]?\d+")


class TableFileError(FileRefused):
    """The file was refused; ``problems`` lists what is wrong, where."""


@dataclass(frozen=True)
class Row:
    dimension: str
    group: str
    population: int
    participants: int


def table_read(path: Path | str) -> list[tuple[str, list[Row]]]:
    """The dimensions of the file in their order, each with its groups."""
    path = Path(path)
    problems = Problems(TableFileError)
    problem = problems.add

    try:
        handle = path.open(encoding="utf-8-sig", newline="")
    except OSError as exc:
        raise TableFileError(
            [f"{path}: cannot be read ({exc.strerror})"], total=1
        ) from exc
    dimensions: dict[str, list[Row]] = {}
    seen: set[tuple[str, str]] = set()
    with handle:
        try:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise TableFileError([f"{path}:1: the file is empty"], total=1)
            names = [h.strip() for h in header]
            missing = [c for c in COLUMNS if c not in names]
            if missing:
                raise TableFileError(
                    [f"{path}:1: column '{c}' is missing" for c in missing],
                    total=len(missing),
                )
            where = {c: names.index(c) for c in COLUMNS}
            for row in reader:
                line = reader.line_num
                if not any(cell.strip() for cell in row):
                    continue  # a blank line
                cells = {
                    c: row[i].strip() if i < len(row) else "" for c, i in where.items()
                }
                ok = True
                for c in ("dimension", "group"):
                    if not cells[c]:
                        problem(f"{path}:{line}: column '{c}': is empty")
                        ok = False
                counts = {}
                for c in ("population", "participants"):
                    value = cells[c]
                    if not WHOLE.fullmatch(value):
                        problem(
                            f"{path}:{line}: column '{c}': is not a whole number "
                            f"(got {value!r})"
                        )
                        ok = False
                    elif int(value) < 0:
                        problem(
                            f"{path}:{line}: column '{c}': is negative (got {value!r})"
                        )
                        ok = False
                    else:
                        counts[c] = int(value)
                key = (cells["dimension"], cells["group"])
                if ok and key in seen:
                    problem(
                        f"{path}:{line}: column 'group': {cells['group']!r} is named "
                        f"twice in dimension {cells['dimension']!r}"
                    )
                    ok = False
                if ok:
                    seen.add(key)
                    dimensions.setdefault(cells["dimension"], []).append(
                        Row(
                            cells["dimension"],
                            cells["group"],
                            counts["population"],
                            counts["participants"],
                        )
                    )
        except UnicodeDecodeError as exc:
            raise TableFileError([f"{path}: is not UTF-8 text"], total=1) from exc
        except csv.Error as exc:
            raise TableFileError([f"{path}:{reader.line_num}: {exc}"], total=1) from exc
    problems.raise_any()
    if not dimensions:
        raise TableFileError([f"{path}:2: no groups (only a header line)"], total=1)
    return list(dimensions.items())


def _number(value: float | None) -> float | None:
    if value is None or math.isnan(value) or math.isinf(value):
        return None
    return float(value)


def dimension_analyse(dimension: str, rows: list[Row], *, min_cell: int) -> dict:
    """One dimension as the command prints it (JSON-ready)."""
    result = stats.compare(
        [r.group for r in rows],
        [r.participants for r in rows],
        [r.population for r in rows],
    )
    chisq = result.chisq
    groups = []
    for g in result.groups:
        hidden = 0 < g.participants < min_cell
        ci = (
            None
            if hidden or g.ratio_low is None or g.ratio_high is None
            else [g.ratio_low, g.ratio_high]
        )
        groups.append(
            {
                "group": g.group,
                "participants": None if hidden else g.participants,
                "population_share": _number(g.population_share),
                "participant_share": None if hidden else _number(g.share),
                "ratio": None if hidden else _number(g.ratio),
                "ratio_ci95": ci,
            }
        )
    return {
        "dimension": dimension,
        "chisq": _number(chisq.statistic) if chisq else None,
        "df": chisq.df if chisq else None,
        "p": _number(chisq.p_value) if chisq else None,
        "small_expected_warning": chisq.warning is not None if chisq else None,
        "duncan_d": _number(result.duncan),
        "groups": groups,
    }


def table_analyse(dimensions: list[tuple[str, list[Row]]], *, min_cell: int) -> dict:
    if min_cell < 0:
        raise ValueError("min_cell must not be negative")
    return {
        "dimensions": [
            dimension_analyse(name, rows, min_cell=min_cell)
            for name, rows in dimensions
        ]
    }


def _fmt(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def report_text(report: dict, *, min_cell: int) -> str:
    """The report as plain text, one block per dimension."""
    out: list[str] = []
    for dim in report["dimensions"]:
        out.append(f"Dimension: {dim['dimension']}")
        if dim["chisq"] is None:
            out.append(
                "  chi-square: not computed (fewer than two groups, no participants "
                "or a group with no population)"
            )
        else:
            out.append(
                f"  chi-square = {dim['chisq']:.3f}, df = {dim['df']}, "
                f"p = {dim['p']:.4g}"
                + (
                    "  (an expected count is below 5: the approximation may be "
                    "incorrect)"
                    if dim["small_expected_warning"]
                    else ""
                )
            )
        out.append(f"  Duncan's dissimilarity index D = {_fmt(dim['duncan_d'])}")
        width = max([len("group")] + [len(g["group"]) for g in dim["groups"]])
        out.append(
            f"  {'group':<{width}}  {'particip.':>9}  {'pop. share':>10}  "
            f"{'share':>7}  {'ratio':>6}  95% CI"
        )
        for g in dim["groups"]:
            n = "<" + str(min_cell) if g["participants"] is None else g["participants"]
            ci = (
                "-"
                if g["ratio_ci95"] is None
                else f"{g['ratio_ci95'][0]:.3f} .. {g['ratio_ci95'][1]:.3f}"
            )
            out.append(
                f"  {g['group']:<{width}}  {n!s:>9}  {_fmt(g['population_share']):>10}  "
                f"{_fmt(g['participant_share']):>7}  {_fmt(g['ratio'], 2):>6}  {ci}"
            )
        out.append("")
    return "\n".join(out)
