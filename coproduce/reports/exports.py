"""The dashboard's sections as CSV: the numbers beside each chart, one file per section.
Representativeness goes through its own export, so suppressed groups stay suppressed."""

import io

from coproduce.core.spreadsheet import csv_writer
from coproduce.representativeness.exports import HEADER as REP_HEADER
from coproduce.representativeness.exports import rows_for_csv
from coproduce.sustainability.models import Dimension

SECTIONS = [
    "profile",
    "outcomes",
    "value",
    "representativeness",
    "sustainability",
    "evaluation",
]


Table = tuple[list[str], list[list]]


def _write(header, rows) -> Table:
    return list(header), [list(r) for r in rows]


def _profile(context) -> Table:
    if context["scope"] == "tenant":
        p = context["portfolio"]
        rows = [["initiatives", "", p["total"]], ["co_produced", "", p["co_produced"]]]
        rows.append(["declares_without_doing", "", p["rhetoric"]])
        for s in p["stages"]:
            rows += [
                ["declared", s["stage"], s["declared"]],
                ["realised", s["stage"], s["realised"]],
            ]
        for h in context["hours"]:
            rows.append(["hours", str(h["label"]).lower(), h["hours"]])
        return _write(["measure", "stage_or_mode", "value"], rows)
    rows = [
        [row["stage"], c["role"], c["level"] or "", c["label"]]
        for row in context["profile_table"]
        for c in row["cells"]
    ]
    return _write(["stage", "role", "highest_level", "level_label"], rows)


def _outcomes(context) -> Table:
    if context["scope"] == "tenant":
        o = context["outcomes"] or {}
        return _write(["measure", "value"], [[k, v] for k, v in o.items()])
    entry = context["outcomes_entry"] or {"outcomes": []}
    rows = [
        [
            o["kind"],
            o["name"],
            i["name"],
            i.get("unit", ""),
            i.get("baseline"),
            i.get("target"),
            i.get("latest_value"),
            i.get("latest_date"),
            i.get("progress"),
        ]
        for o in entry["outcomes"]
        for i in o.get("indicators", [])
    ]
    return _write(
        [
            "kind",
            "outcome",
            "indicator",
            "unit",
            "baseline",
            "target",
            "latest_value",
            "latest_date",
            "progress",
        ],
        rows,
    )


def _value(context) -> Table:
    v = context["value"] if context["scope"] == "tenant" else context["value_entry"]
    v = v or {}
    rows = []
    for key, value in v.items():
        if isinstance(value, dict):
            rows += [[key, k, x] for k, x in value.items()]
        else:
            rows.append([key, "", value])
    return _write(["measure", "part", "value"], rows)


def _representativeness(context) -> Table:
    scope = "tenant" if context["scope"] == "tenant" else context["initiative"].slug
    return _write(REP_HEADER, rows_for_csv(context["representativeness"], scope=scope))


def _sustainability(context) -> Table:
    if context["scope"] == "tenant":
        s = context["sustainability"]
        rows = [["temporary_initiatives", "", s["temporary"]]]
        rows.append(["assessed", "", s["assessed"]])
        rows += [
            ["mean_latest_score", d["dimension"], d["mean"]] for d in s["dimensions"]
        ]
        return _write(["measure", "dimension", "value"], rows)
    s = context["sustainability"]
    rows = []
    if s:
        for a in reversed(s["assessments"]):
            scores = {x.dimension: x for x in a.scores.all()}
            for d in Dimension.values:
                x = scores.get(d)
                rows.append(
                    [
                        a.assessed_on.isoformat(),
                        d,
                        x.score if x else "",
                        x.weakness if x else "",
                    ]
                )
    return _write(["assessed_on", "dimension", "score", "weakness"], rows)


def _evaluation(context) -> Table:
    rows = []
    if context["scope"] == "tenant":
        for p in context["panels"]["panels"]:
            rows.append(
                [p["initiative"]["slug"], p["name"], p["n_members"], p["n_opened"]]
            )
        return _write(["initiative", "panel", "members", "waves_opened"], rows)
    for item in context["evaluation"]:
        report = item["report"]
        if report is None:
            rows.append([item["panel"].name, "", "", "", "", "", "", ""])
            continue
        for row in report.rows:
            r = row.result
            rows.append(
                [
                    item["panel"].name,
                    row.name,
                    r.n_pairs,
                    r.mean_before,
                    r.mean_after,
                    r.mean_diff,
                    r.p_t,
                    r.p_holm,
                ]
            )
    return _write(
        [
            "panel",
            "scale",
            "pairs",
            "mean_before",
            "mean_after",
            "mean_change",
            "p_t_test",
            "p_holm",
        ],
        rows,
    )


WRITERS = {
    "profile": _profile,
    "outcomes": _outcomes,
    "value": _value,
    "representativeness": _representativeness,
    "sustainability": _sustainability,
    "evaluation": _evaluation,
}


def section_table(section: str, context: dict) -> Table:
    """The section's table: its column names and rows (the numbers beside its chart)."""
    return WRITERS[section](context)


def section_csv(section: str, context: dict) -> str:
    header, rows = section_table(section, context)
    out = io.StringIO()
    writer = csv_writer(out)
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()
