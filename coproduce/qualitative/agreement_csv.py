"""Read coders' codings from a long-format CSV and compute their agreement per code.

The file has a header line naming the columns ``unit``, ``coder`` and ``code`` (any
order; other columns are ignored), then one row per code a coder applied to a unit. A
row with an empty ``code`` says the coder read the unit and applied no code; a unit a
coder has no row for was not read by that coder. Comma-separated, UTF-8 (a byte-order
mark is allowed); spaces around a value are not part of it.

Nothing is guessed: a row without a unit or a coder, a row with more or fewer fields
than the header, the same code twice for one unit and coder, or "no code" beside a code
for one unit and coder: each is a problem named by file, line and column, and every
problem (up to ``MAX_PROBLEMS``) is reported at once in ``AgreementFileError``. No
Django here: ``coproduce analyse agreement`` and the tests call it.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from coproduce.core.file_problems import FileRefused, Problems

from .agreement import CodeAgreement, alpha_reading, code_agreement

COLUMNS = ("unit", "coder", "code")


class AgreementFileError(FileRefused):
    """The file was refused; ``problems`` lists what is wrong, where."""


@dataclass(frozen=True)
class Codings:
    """Who read which unit and applied which code, as arrays."""

    units: tuple[str, ...]
    coders: tuple[str, ...]
    codes: tuple[str, ...]
    read: np.ndarray  # bool, coders x units
    applied: np.ndarray  # bool, codes x coders x units


def codings_read(path: Path | str) -> Codings:
    """The codings of a long-format CSV; AgreementFileError names every problem."""
    path = Path(path)
    problems = Problems(AgreementFileError)
    problem = problems.add

    rows: list[tuple[str, str, str]] = []
    try:
        with path.open(encoding="utf-8-sig", newline="") as handle:
            reader = csv.reader(handle, strict=True)
            header = next(reader, None)
            if header is None:
                raise AgreementFileError([f"{path}: the file is empty"])
            names = [cell.strip() for cell in header]
            missing = [c for c in COLUMNS if c not in names]
            doubled = sorted({c for c in COLUMNS if names.count(c) > 1})
            if missing or doubled:
                found = ", ".join(repr(n) for n in names)
                raise AgreementFileError(
                    [f"{path}:1: no column {repr(c)} (the header has {found})"
                     for c in missing]
                    + [f"{path}:1: column {c!r} appears twice" for c in doubled]
                )  # fmt: skip
            where = {c: names.index(c) for c in COLUMNS}
            width = len(header)
            seen: dict[tuple[str, str, str], int] = {}
            for record in reader:
                line = reader.line_num
                if not record:  # a blank line
                    continue
                if len(record) < width:
                    problem(
                        f"{path}:{line}: {len(record)} of the header's {width} "
                        f"fields: column {names[len(record)]!r} is missing"
                    )
                    continue
                if len(record) > width:
                    problem(
                        f"{path}:{line}: {len(record)} fields where the header has "
                        f"{width}: a field after the last column {names[-1]!r}"
                    )
                    continue
                unit, coder, code = (record[where[c]].strip() for c in COLUMNS)
                bad = False
                for column, value in (("unit", unit), ("coder", coder)):
                    if not value:
                        problem(f"{path}:{line}: column {column!r}: empty")
                        bad = True
                if bad:
                    continue
                key = (unit, coder, code)
                if key in seen:
                    what = f"code {code!r}" if code else "an empty code"
                    problem(
                        f"{path}:{line}: column 'code': {what} again for unit "
                        f"{unit!r} and coder {coder!r} (first on line {seen[key]})"
                    )
                    continue
                seen[key] = line
                rows.append((unit, coder, code))
    except OSError as exc:
        raise AgreementFileError([f"{path}: cannot be read ({exc.strerror})"]) from exc
    except UnicodeDecodeError as exc:
        raise AgreementFileError([f"{path}: is not UTF-8 text"]) from exc
    except csv.Error as exc:
        raise AgreementFileError([f"{path}:{reader.line_num}: {exc}"]) from exc

    # "read, no code" beside a code for the same unit and coder contradicts itself
    coded = {(u, c) for u, c, code in rows if code}
    for (unit, coder, code), line in seen.items():
        if not code and (unit, coder) in coded:
            problem(
                f"{path}:{line}: column 'code': empty (no code) for unit {unit!r} "
                f"and coder {coder!r}, who applied a code to it on another line"
            )
    problems.raise_any()
    if not rows:
        raise AgreementFileError([f"{path}: no rows after the header"])
    return codings_build(rows)


def codings_build(rows: list[tuple[str, str, str]]) -> Codings:
    """Arrays from (unit, coder, code) triples; an empty code = read, none applied."""
    units = tuple(sorted({u for u, _, _ in rows}))
    coders = tuple(sorted({c for _, c, _ in rows}))
    codes = tuple(sorted({code for _, _, code in rows if code}))
    unit_index = {u: i for i, u in enumerate(units)}
    coder_index = {c: i for i, c in enumerate(coders)}
    code_index = {c: i for i, c in enumerate(codes)}
    read = np.zeros((len(coders), len(units)), dtype=bool)
    applied = np.zeros((len(codes), len(coders), len(units)), dtype=bool)
    u = np.fromiter((unit_index[r[0]] for r in rows), dtype=np.intp, count=len(rows))
    c = np.fromiter((coder_index[r[1]] for r in rows), dtype=np.intp, count=len(rows))
    read[c, u] = True
    with_code = [i for i, r in enumerate(rows) if r[2]]
    k = np.fromiter((code_index[rows[i][2]] for i in with_code), dtype=np.intp)
    applied[k, c[with_code], u[with_code]] = True
    return Codings(units, coders, codes, read, applied)


def agreement_of(codings: Codings) -> list[CodeAgreement]:
    return code_agreement(codings.read, codings.applied, codings.codes)


def agreement_json(codings: Codings) -> dict:
    return {"codes": [row.to_dict() for row in agreement_of(codings)]}


def agreement_text(codings: Codings) -> str:
    """A table per code with the conventional reading of alpha."""
    rows = agreement_of(codings)
    lines = [
        f"{len(codings.units)} units, {len(codings.coders)} coders "
        f"({', '.join(codings.coders)}), {len(codings.codes)} codes",
        "",
    ]
    width = max([len("code")] + [len(r.code) for r in rows])
    lines.append(
        f"{'code':<{width}}  {'units':>5}  {'alpha':>6}  {'kappa':>6}  "
        f"{'agree %':>7}  reading"
    )
    for r in rows:
        lines.append(
            f"{r.code:<{width}}  {r.n_units:>5}  {_f(r.krippendorff_alpha):>6}  "
            f"{_f(r.cohen_kappa):>6}  {_f(r.percent_agreement, 1):>7}  "
            f"{alpha_reading(r.krippendorff_alpha)}"
        )
    lines += [
        "",
        "units: read by at least two coders; kappa: only with exactly two coders;",
        "agree %: of the units every coder read. Alpha >= 0.800 reliable, >= 0.667",
        "tentative (Krippendorff 2004); '-' where undefined (no variation in the",
        "values, or no unit to compare).",
    ]
    return "\n".join(lines) + "\n"


def _f(value: float | None, digits: int = 3) -> str:
    return "-" if value is None else f"{value:.{digits}f}"
