"""Representativeness as CSV: the same rows as the page, suppressed groups included only
as "fewer than N" (never their count, share or ratio)."""

import io

from coproduce.core.spreadsheet import csv_writer


def _num(value, digits: int = 6) -> str:
    return "" if value is None else f"{value:.{digits}f}"


def rows_for_csv(result: dict, *, scope: str) -> list[list[str]]:
    rows = []
    for dim in result["dimensions"]:
        c = dim.comparison
        for r in dim.rows:
            rows.append(
                [
                    scope,
                    dim.dimension,
                    r.group,
                    str(r.participants) if r.participants is not None else "",
                    r.suppressed_note,
                    _num(r.share),
                    str(r.population),
                    _num(r.population_share),
                    _num(r.ratio),
                    _num(r.ratio_low),
                    _num(r.ratio_high),
                    r.reading,
                    _num(c.duncan) if c else "",
                    _num(c.chisq.statistic) if c and c.chisq else "",
                    str(c.chisq.df) if c and c.chisq else "",
                    _num(c.chisq.p_value, 8) if c and c.chisq else "",
                    (c.chisq.warning or "") if c and c.chisq else "",
                    str(dim.not_given),
                ]
            )
    return rows


HEADER = [
    "scope",
    "dimension",
    "group",
    "participants",
    "suppressed",
    "participant_share",
    "population",
    "population_share",
    "representation_ratio",
    "ratio_ci95_low",
    "ratio_ci95_high",
    "reading",
    "duncan_index",
    "chi_square",
    "df",
    "p_value",
    "warning",
    "not_given",
]


def representativeness_csv(result: dict, *, scope: str) -> str:
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows_for_csv(result, scope=scope))
    return out.getvalue()
