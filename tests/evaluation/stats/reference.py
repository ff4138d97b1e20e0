"""R's reference values (tests/fixtures/evaluation/reference.json, made by
make_reference.R beside it) and the test panels in them as ``PanelData``."""

import csv
import json
from functools import cache
from pathlib import Path

import numpy as np

from coproduce.evaluation.stats import PanelData, ScaleSpec

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "evaluation"
PANELS = [
    "standards_vector",
    "small_exact",
    "untied_49",
    "untied_50",
    "likert_ties",
    "thirds",
    "realistic",
]


@cache
def reference() -> dict:
    return json.loads((FIXTURES / "reference.json").read_text(encoding="utf-8"))


def reference_panel(name: str) -> dict:
    return reference()["panels"][name]


def scale_specs(instrument: dict) -> tuple[ScaleSpec, ...]:
    return tuple(
        ScaleSpec(
            name=scale["name"],
            items=tuple(scale["items"]),
            reverse=frozenset(scale["reverse"]),
            minimum=float(scale["min"]),
            maximum=float(scale["max"]),
        )
        for scale in instrument["scales"]
    )


def panel_data(name: str) -> PanelData:
    panel = reference_panel(name)
    data = panel["data"]
    items = tuple(data["items"])
    values = np.array(
        [[np.nan if v is None else v for v in data["items"][code]] for code in items],
        dtype=np.float64,
    ).T
    respondents = data["respondent"]
    ids = (
        np.array(respondents, dtype=np.int64)
        if all(isinstance(r, int) for r in respondents)
        else np.array(respondents, dtype=object)
    )
    return PanelData(
        respondents=ids,
        waves=np.array(data["wave"], dtype=np.int64),
        items=items,
        values=values,
        scales=scale_specs(panel["instrument"]),
    )


def write_csv(name: str, directory: Path) -> tuple[Path, Path]:
    """The panel as the CLI reads it: a long CSV and an instrument JSON file."""
    panel = reference_panel(name)
    data = panel["data"]
    items = list(data["items"])
    csv_path = directory / f"{name}.csv"
    with csv_path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["respondent", "wave", *items])
        for i, respondent in enumerate(data["respondent"]):
            cells = [data["items"][code][i] for code in items]
            writer.writerow(
                [respondent, data["wave"][i]]
                + ["" if v is None else _number(v) for v in cells]
            )
    instrument_path = directory / f"{name}.instrument.json"
    instrument_path.write_text(json.dumps(panel["instrument"]), encoding="utf-8")
    return csv_path, instrument_path


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(value)
