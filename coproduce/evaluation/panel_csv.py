"""Read a panel exported from elsewhere: a long-format CSV and an instrument JSON file.

The CSV has a header line with the columns ``respondent`` and ``wave`` and one column
per item of the instrument, in any order; other columns are ignored. Comma-separated,
UTF-8 (a byte-order mark is allowed), a point for decimals. An empty cell is a missing
answer. The instrument is ``{"scales": [{"name", "items", "reverse", "min", "max"}]}``.

Nothing is guessed: a value that is not a number or lies outside its scale's range, a
wave that is not a whole number, a respondent with two rows in one wave, a missing
column or key: each is a problem named by file, line and column, and every problem (up
to ``MAX_PROBLEMS``) is reported at once in ``PanelFileError``. No Django here: the
command ``coproduce analyse panel`` and the tests call it.
"""

from __future__ import annotations

import csv
import heapq
import json
import math
import re
from pathlib import Path

import numpy as np

from .stats import PanelData, ScaleSpec

MAX_PROBLEMS = 20
NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")
WHOLE = re.compile(r"[+-]?\d+")
INSTRUMENT_KEYS = ("name", "items", "reverse", "min", "max")


class PanelFileError(ValueError):
    """The files were refused; ``problems`` lists what is wrong, where."""

    def __init__(self, problems: list[str], *, total: int | None = None) -> None:
        self.problems = problems
        self.total = len(problems) if total is None else total
        more = self.total - len(problems)
        text = "\n".join(problems)
        if more > 0:
            text += f"\n... and {more} more problem{'s' if more > 1 else ''}"
        super().__init__(text)


class _Problems:
    """Counts every problem and keeps the first ``MAX_PROBLEMS`` by line number."""

    def __init__(self) -> None:
        self.total = 0
        self._kept: list[tuple[int, int, str]] = []  # a max-heap on (line, order)

    def add(self, message: str, *, line: int = 0) -> None:
        self.total += 1
        heapq.heappush(self._kept, (-line, -self.total, message))
        if len(self._kept) > MAX_PROBLEMS:
            heapq.heappop(self._kept)

    def raise_any(self) -> None:
        if self.total:
            kept = sorted(self._kept, key=lambda p: (-p[0], -p[1]))
            raise PanelFileError([message for *_, message in kept], total=self.total)


def panel_read(csv_path: Path | str, instrument_path: Path | str) -> PanelData:
    """The panel of ``csv_path`` with the scales of ``instrument_path``."""
    scales = instrument_read(instrument_path)
    return panel_csv_read(csv_path, scales)


def instrument_read(path: Path | str) -> tuple[ScaleSpec, ...]:
    """The scales of an instrument file; PanelFileError names every problem."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise PanelFileError([f"{path}: cannot be read ({exc.strerror})"]) from exc
    except UnicodeDecodeError as exc:
        raise PanelFileError([f"{path}: is not UTF-8 text"]) from exc
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise PanelFileError(
            [f"{path}:{exc.lineno}: not valid JSON: {exc.msg} (column {exc.colno})"]
        ) from exc
    problems = _Problems()
    if not isinstance(data, dict) or not isinstance(data.get("scales"), list):
        raise PanelFileError([f'{path}: expected {{"scales": [...]}} at the top'])
    if not data["scales"]:
        raise PanelFileError([f"{path}: the instrument has no scales"])
    scales: list[ScaleSpec] = []
    ranges: dict[str, tuple[float, float, str]] = {}
    names: set[str] = set()
    for i, raw in enumerate(data["scales"]):
        where = f"{path}: scales[{i}]"
        if not isinstance(raw, dict):
            problems.add(
                f"{where}: expected an object with {', '.join(INSTRUMENT_KEYS)}"
            )
            continue
        missing = [key for key in INSTRUMENT_KEYS if key not in raw]
        if missing:
            problems.add(f"{where}: missing key{'s' if len(missing) > 1 else ''} "
                         + ", ".join(f"'{key}'" for key in missing))  # fmt: skip
            continue
        scale = _scale(raw, where, problems)
        if scale is None:
            continue
        if scale.name in names:
            problems.add(f"{where}: a second scale named '{scale.name}'")
        names.add(scale.name)
        for code in scale.items:
            known = ranges.setdefault(code, (scale.minimum, scale.maximum, scale.name))
            if known[:2] != (scale.minimum, scale.maximum):
                problems.add(
                    f"{where}: item '{code}' has the range {_fmt(scale.minimum)}-"
                    f"{_fmt(scale.maximum)} here and {_fmt(known[0])}-{_fmt(known[1])} "
                    f"in scale '{known[2]}'"
                )
        scales.append(scale)
    problems.raise_any()
    return tuple(scales)


def _scale(raw: dict, where: str, problems: _Problems) -> ScaleSpec | None:
    before = problems.total
    name, items, reverse = raw["name"], raw["items"], raw["reverse"]
    if not isinstance(name, str) or not name.strip():
        problems.add(f"{where}: 'name' must be a non-empty string (got {name!r})")
    if (
        not isinstance(items, list)
        or not items
        or not all(isinstance(code, str) and code.strip() for code in items)
    ):
        problems.add(
            f"{where}: 'items' must be a non-empty list of item codes (got {items!r})"
        )
    elif len(set(items)) != len(items):
        problems.add(f"{where}: 'items' names an item twice")
    if not isinstance(reverse, list) or not all(isinstance(c, str) for c in reverse):
        problems.add(
            f"{where}: 'reverse' must be a list of item codes (got {reverse!r})"
        )
    elif isinstance(items, list):
        stray = [code for code in reverse if code not in items]
        if stray:
            problems.add(
                f"{where}: 'reverse' names {', '.join(map(repr, stray))}, "
                "not among the scale's items"
            )
    bounds = []
    for key in ("min", "max"):
        value = raw[key]
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            problems.add(f"{where}: '{key}' must be a number (got {value!r})")
        else:
            bounds.append(float(value))
    if len(bounds) == 2 and not bounds[0] < bounds[1]:
        problems.add(
            f"{where}: 'min' must be below 'max' (got {bounds[0]:g}, {bounds[1]:g})"
        )
    if problems.total > before:
        return None
    return ScaleSpec(
        name=name.strip(),
        items=tuple(code.strip() for code in items),
        reverse=frozenset(code.strip() for code in reverse),
        minimum=bounds[0],
        maximum=bounds[1],
    )


def panel_csv_read(path: Path | str, scales: tuple[ScaleSpec, ...]) -> PanelData:
    """The rows of a long-format CSV as ``PanelData`` for ``scales``."""
    path = Path(path)
    items = tuple(dict.fromkeys(code for scale in scales for code in scale.items))
    bounds = {
        code: (scale.minimum, scale.maximum, scale.name)
        for scale in scales
        for code in scale.items
    }
    problems = _Problems()
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle)
            header = next(reader, None)
            if header is None:
                raise PanelFileError([f"{path}: the file is empty"])
            columns = _columns(path, [cell.strip() for cell in header], items)
            width = len(header)
            respondents: list[str] = []
            waves: list[int] = []
            lines: list[int] = []
            cells: list[list[str]] = [[] for _ in items]
            first_line: dict[tuple[str, int], int] = {}
            previous = reader.line_num
            for row in reader:
                line, previous = previous + 1, reader.line_num
                if not row or (len(row) == 1 and not row[0].strip()):
                    continue  # a blank line
                if len(row) != width:
                    problems.add(
                        f"{path}:{line}: {len(row)} fields, the header has {width}",
                        line=line,
                    )
                    continue
                respondent = row[columns["respondent"]].strip()
                wave_text = row[columns["wave"]].strip()
                if not respondent:
                    problems.add(
                        f"{path}:{line}: column 'respondent': empty", line=line
                    )
                    continue
                if not WHOLE.fullmatch(wave_text):
                    problems.add(
                        f"{path}:{line}: column 'wave': not a whole number "
                        f"(got {_shown(wave_text)})",
                        line=line,
                    )
                    continue
                wave = int(wave_text)
                seen = first_line.setdefault((respondent, wave), line)
                if seen != line:
                    problems.add(
                        f"{path}:{line}: respondent '{respondent}' has a second row "
                        f"for wave {wave} (the first is on line {seen})",
                        line=line,
                    )
                    continue
                respondents.append(respondent)
                waves.append(wave)
                lines.append(line)
                for j, code in enumerate(items):
                    cells[j].append(row[columns[code]])
    except UnicodeDecodeError as exc:
        raise PanelFileError([f"{path}: is not UTF-8 text"]) from exc
    except OSError as exc:
        raise PanelFileError([f"{path}: cannot be read ({exc.strerror})"]) from exc
    except csv.Error as exc:
        raise PanelFileError([f"{path}: not a readable CSV file ({exc})"]) from exc

    values = np.empty((len(respondents), len(items)), dtype=np.float64)
    line_numbers = np.asarray(lines, dtype=np.int64)
    for j, code in enumerate(items):
        values[:, j] = _numbers(path, code, cells[j], line_numbers, problems)
        low, high, scale = bounds[code]
        column = values[:, j]
        with np.errstate(invalid="ignore"):
            outside = np.flatnonzero((column < low) | (column > high))
        for i in outside:
            problems.add(
                f"{path}:{lines[i]}: column '{code}': outside the range "
                f"{_fmt(low)}-{_fmt(high)} of scale '{scale}' "
                f"(got {_shown(cells[j][i].strip())})",
                line=lines[i],
            )
    problems.raise_any()
    ids = np.empty(len(respondents), dtype=object)
    ids[:] = respondents
    return PanelData(
        respondents=ids,
        waves=np.asarray(waves, dtype=np.int64),
        items=items,
        values=values,
        scales=scales,
    )


def _columns(path: Path, header: list[str], items: tuple[str, ...]) -> dict[str, int]:
    position: dict[str, int] = {}
    twice = []
    for i, name in enumerate(header):
        if name in position:
            twice.append(name)
        position.setdefault(name, i)
    wanted = ("respondent", "wave", *items)
    problems = [
        f"{path}:1: column '{name}' appears more than once"
        for name in dict.fromkeys(twice)
        if name in wanted
    ]
    missing = [name for name in ("respondent", "wave") if name not in position]
    if missing:
        problems.append(
            f"{path}:1: no column {' or '.join(map(repr, missing))} in the header "
            f"(found: {', '.join(map(repr, header[:12]))}"
            f"{', ...' if len(header) > 12 else ''}); the file must be comma-separated"
        )
    absent = [code for code in items if code not in position]
    if absent:
        problems.append(
            f"{path}:1: the instrument's item{'s' if len(absent) > 1 else ''} "
            f"{', '.join(map(repr, absent))} {'are' if len(absent) > 1 else 'is'} "
            "not a column of the header"
        )
    if problems:
        raise PanelFileError(problems)
    return {name: position[name] for name in wanted}


def _numbers(
    path: Path, code: str, cells: list[str], lines: np.ndarray, problems: _Problems
) -> np.ndarray:
    """Parse one column; each distinct text is parsed once (answers repeat a lot)."""
    parsed: dict[str, float | None] = {}
    for text in set(cells):
        stripped = text.strip()
        if not stripped:
            parsed[text] = math.nan
        elif NUMBER.fullmatch(stripped):
            parsed[text] = float(stripped)
        else:
            parsed[text] = None
    out = np.fromiter(
        (math.nan if parsed[text] is None else parsed[text] for text in cells),
        dtype=np.float64,
        count=len(cells),
    )
    bad = {text for text, value in parsed.items() if value is None}
    if bad:
        for i, text in enumerate(cells):
            if text in bad:
                problems.add(
                    f"{path}:{lines[i]}: column '{code}': not a number "
                    f"(got {_shown(text.strip())})",
                    line=int(lines[i]),
                )
    return out


def _shown(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:37] + "...")


def _fmt(value: float) -> str:
    return f"{value:g}"
