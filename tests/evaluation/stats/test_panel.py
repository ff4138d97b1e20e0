"""analyse_panel's contract: the data structure in, the issue's JSON shape out, errors the
caller sees, None (never NaN) for what cannot be computed, and no Django."""

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from coproduce.evaluation.stats import PanelData, ScaleSpec, analyse_panel

from .reference import PANELS, panel_data

ROOT = Path(__file__).resolve().parents[3]
PURE = [
    *sorted((ROOT / "coproduce" / "evaluation" / "stats").glob("*.py")),
    ROOT / "coproduce" / "evaluation" / "panel_csv.py",
]
ISSUE_KEYS = {
    "scale", "n_pairs", "mean_before", "mean_after", "mean_diff", "sd_diff", "t", "df",
    "p_t", "ci95", "wilcoxon_v", "p_wilcoxon", "cohen_dz", "alpha_before",
    "alpha_after", "p_holm",
}  # fmt: skip
SCALE = ScaleSpec("s", ("a", "b"), frozenset({"b"}), 1.0, 5.0)


def panel(respondents, waves, values, scales=(SCALE,), items=("a", "b")):
    return PanelData(
        respondents=np.asarray(respondents),
        waves=np.asarray(waves, dtype=np.int64),
        items=items,
        values=np.asarray(values, dtype=np.float64),
        scales=scales,
    )


def test_no_django_in_the_statistics():
    """The pure modules import only the standard library, NumPy and SciPy (and each
    other, relatively): checked in their source, and by importing them in a fresh
    interpreter with no settings."""
    for path in PURE:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            for name in names:
                top = name.split(".")[0]
                assert top in sys.stdlib_module_names or top in {"numpy", "scipy"}, (
                    f"{path.name} imports {name}"
                )
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    code = (
        "import sys\n"
        "import coproduce.evaluation.stats, coproduce.evaluation.panel_csv\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] == 'django')\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT, env=env)


def test_json_has_the_issues_shape_and_no_nan():
    report = analyse_panel(panel_data("likert_ties"), before=1, after=2).to_dict()
    assert set(report) >= {"scales", "attrition"}
    for scale in report["scales"]:
        assert set(scale) >= ISSUE_KEYS
        assert scale["ci95"] is None or len(scale["ci95"]) == 2
    assert set(report["attrition"]) >= {"before", "after", "both"}
    for name in PANELS:
        json.dumps(
            analyse_panel(panel_data(name), before=1, after=2).to_dict(),
            allow_nan=False,
        )


def test_reverse_coding_and_missing_items():
    # b is reverse-coded on 1..5: 6 - b. Respondent 3 misses an item in wave 2.
    report = analyse_panel(
        panel(
            [1, 2, 3, 1, 2, 3],
            [1, 1, 1, 2, 2, 2],
            [[1, 5], [2, 4], [3, 3], [3, 3], [4, 1], [5, np.nan]],
        ),
        before=1,
        after=2,
    )
    s = report.scales[0]
    # scores before: 1, 2, 3; after: 3, 4.5, missing
    assert (s.n_pairs, s.n_before, s.n_after) == (2, 3, 2)
    assert s.mean_before == 1.5
    assert s.mean_after == 3.75
    assert s.mean_diff == 2.25


def test_duplicate_rows_are_an_error_naming_respondent_and_wave():
    data = panel(["x", "y", "y"], [1, 1, 1], [[1, 1], [2, 2], [3, 3]])
    with pytest.raises(
        ValueError, match="respondent 'y' has more than one row in wave 1"
    ):
        analyse_panel(data, before=1, after=2)


def test_duplicates_in_other_waves_are_errors_too():
    data = panel([1, 1, 1], [1, 3, 3], [[1, 1], [2, 2], [3, 3]])
    with pytest.raises(
        ValueError, match="respondent 1 has more than one row in wave 3"
    ):
        analyse_panel(data, before=1, after=2)


def test_same_waves_are_an_error():
    with pytest.raises(ValueError, match="both 1"):
        analyse_panel(panel([1], [1], [[1, 1]]), before=1, after=1)


def test_shapes_are_checked():
    with pytest.raises(ValueError, match="values has shape"):
        analyse_panel(panel([1, 2], [1, 2], [[1, 1]]), before=1, after=2)
    unknown = ScaleSpec("t", ("a", "z"), frozenset(), 1.0, 5.0)
    with pytest.raises(ValueError, match="items z are not in the panel"):
        analyse_panel(panel([1], [1], [[1, 1]], scales=(unknown,)), before=1, after=2)


def test_too_few_pairs_give_none_not_nan():
    report = analyse_panel(
        panel([1, 1, 2], [1, 2, 1], [[1, 1], [2, 1], [3, 1]]), before=1, after=2
    )
    s = report.scales[0].to_dict()
    assert s["n_pairs"] == 1
    assert s["mean_diff"] == 0.5  # (1 + 5) / 2 -> (2 + 5) / 2
    for key in ("sd_diff", "t", "df", "p_t", "ci95", "cohen_dz", "p_holm"):
        assert s[key] is None, key
    assert s["alpha_before"] is not None  # two complete rows in wave 1
    assert s["alpha_after"] is None  # one row
    assert report.attrition.to_dict() | {"scales": []} == {
        "before": 2, "after": 1, "both": 1, "left": 1, "joined": 0, "rate": 0.5,
        "scales": [],
    }  # fmt: skip


def test_a_wave_without_rows_gives_an_empty_report():
    report = analyse_panel(panel([1, 2], [1, 1], [[1, 1], [2, 2]]), before=1, after=9)
    s = report.scales[0]
    assert (s.n_pairs, s.mean_before, s.t, s.wilcoxon_v, s.p_holm) == (
        0,
        None,
        None,
        0.0,
        None,
    )
    assert (report.attrition.before, report.attrition.after) == (2, 0)


def test_ids_of_any_hashable_type_and_row_order_do_not_matter():
    base = panel_data("likert_ties")
    expected = analyse_panel(base, before=1, after=2).to_dict()
    order = np.random.default_rng(3).permutation(len(base.respondents))
    # half the ids become ints, half strings: they do not sort together
    first_seen = dict.fromkeys(base.respondents.tolist())
    ids = {r: (i if i % 2 else f"id{i}") for i, r in enumerate(first_seen)}
    mixed = np.array([ids[r] for r in base.respondents.tolist()], dtype=object)
    shuffled = PanelData(
        respondents=mixed[order],
        waves=base.waves[order],
        items=base.items,
        values=base.values[order],
        scales=base.scales,
    )
    # the same up to the order of floating-point sums
    assert analyse_panel(shuffled, before=1, after=2).to_dict() == approx_tree(expected)


def approx_tree(value):
    if isinstance(value, dict):
        return {k: approx_tree(v) for k, v in value.items()}
    if isinstance(value, list):
        return [approx_tree(v) for v in value]
    if isinstance(value, float):
        return pytest.approx(value, rel=1e-12, abs=1e-12)
    return value


def test_waves_other_than_one_and_two():
    base = panel_data("small_exact")
    moved = PanelData(
        respondents=base.respondents,
        waves=np.where(base.waves == 1, 7, 3),
        items=base.items,
        values=base.values,
        scales=base.scales,
    )
    a = analyse_panel(base, before=1, after=2).to_dict()
    b = analyse_panel(moved, before=7, after=3).to_dict()
    assert (b["before"], b["after"]) == (7, 3)
    assert a["scales"] == b["scales"]
