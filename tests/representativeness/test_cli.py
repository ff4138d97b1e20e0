"""coproduce analyse representativeness: the R reference cases written as one CSV give
R's numbers; small groups are hidden as on the pages; every bad input stops the command
naming the file line and the column.

R is not installed on this machine, so the reference values are those R 4.2.2 wrote to
tests/fixtures/representativeness/reference.json (make_reference.R:
``chisq.test(x, p = N / sum(N))`` with its warning, ``0.5 * sum(abs(s - p))``, ``s / p``).
The ratio's interval mirrors ``prop.test(k, n, correct = FALSE)$conf.int / p``; it is
checked here against Wilson's closed form (not scipy, which the code uses).
"""

import json
import math
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from coproduce.representativeness.models import DEFAULT_MIN_GROUP

REFERENCE = json.loads(
    (
        Path(__file__).parents[1] / "fixtures/representativeness/reference.json"
    ).read_text()
)
CASES = {case["name"]: case for case in REFERENCE["cases"]}
GROUP_KEYS = {
    "group",
    "participants",
    "population_share",
    "participant_share",
    "ratio",
    "ratio_ci95",
}
DIMENSION_KEYS = {
    "dimension",
    "chisq",
    "df",
    "p",
    "small_expected_warning",
    "duncan_d",
    "groups",
}
Z = 1.959963984540054  # qnorm(0.975)


def wilson(k, n):
    p = k / n
    centre = (p + Z**2 / (2 * n)) / (1 + Z**2 / n)
    half = Z / (1 + Z**2 / n) * math.sqrt(p * (1 - p) / n + Z**2 / (4 * n**2))
    return centre - half, centre + half


def analyse(path, *args, fmt="json"):
    out = StringIO()
    call_command(
        "analyse", "representativeness", str(path), "--format", fmt, *args, stdout=out
    )
    return json.loads(out.getvalue()) if fmt == "json" else out.getvalue()


@pytest.fixture
def reference_csv(tmp_path):
    lines = ["dimension,group,population,participants"]
    for name, case in CASES.items():
        for k, (x, big_n) in enumerate(zip(case["x"], case["N"], strict=True)):
            lines.append(f"{name},g{k},{int(big_n)},{int(x)}")
    path = tmp_path / "reference.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write(tmp_path, text, name="table.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_reference_case_gives_rs_numbers(reference_csv):
    report = analyse(reference_csv, "--min-cell", "0")
    assert set(report) == {"dimensions"}
    assert [d["dimension"] for d in report["dimensions"]] == list(CASES)
    for dim in report["dimensions"]:
        case = CASES[dim["dimension"]]
        assert set(dim) == DIMENSION_KEYS
        assert dim["chisq"] == pytest.approx(case["statistic"], rel=1e-12)
        assert dim["df"] == case["df"]
        assert dim["p"] == pytest.approx(case["p_value"], rel=1e-9)
        assert dim["small_expected_warning"] is (case["warning"] is not None)
        assert dim["duncan_d"] == pytest.approx(case["duncan"], rel=1e-12)
        n = sum(case["x"])
        for k, group in enumerate(dim["groups"]):
            assert set(group) == GROUP_KEYS
            assert group["group"] == f"g{k}"
            assert group["participants"] == case["x"][k]
            assert group["participant_share"] == pytest.approx(case["shares"][k])
            assert group["population_share"] == pytest.approx(
                case["population_shares"][k]
            )
            assert group["ratio"] == pytest.approx(case["ratios"][k], rel=1e-12)
            low, high = wilson(case["x"][k], n)
            pi = case["population_shares"][k]
            assert group["ratio_ci95"] == pytest.approx([low / pi, high / pi])


def test_the_small_expected_case_warns_as_r_does(reference_csv):
    report = analyse(reference_csv, "--min-cell", "0")
    by_name = {d["dimension"]: d for d in report["dimensions"]}
    assert by_name["small_expected_warning"]["small_expected_warning"] is True
    assert by_name["standards_worked_vector"]["small_expected_warning"] is False


def test_default_min_cell_is_the_platforms_threshold(reference_csv):
    assert DEFAULT_MIN_GROUP == 5
    report = analyse(reference_csv)
    small = next(
        d for d in report["dimensions"] if d["dimension"] == "small_expected_warning"
    )
    # x = 3, 1, 9, 2: only the group of 9 is shown
    shown = [g["participants"] for g in small["groups"]]
    assert shown == [None, None, 9, None]
    for g in small["groups"]:
        if g["participants"] is None:
            assert g["participant_share"] is None
            assert g["ratio"] is None
            assert g["ratio_ci95"] is None
            assert g["population_share"] is not None
    # the test is over all groups, hidden or not
    assert small["chisq"] == pytest.approx(CASES["small_expected_warning"]["statistic"])
    absent = next(d for d in report["dimensions"] if d["dimension"] == "a_group_absent")
    assert absent["groups"][0]["participants"] == 0  # nobody singles nobody out
    assert absent["groups"][0]["ratio"] == 0


def test_min_cell_raises_the_threshold(reference_csv):
    report = analyse(reference_csv, "--min-cell", "40")
    first = report["dimensions"][0]  # x = 20, 45, 60, 35
    assert [g["participants"] for g in first["groups"]] == [None, 45, 60, None]


def test_text_format(reference_csv):
    text = analyse(reference_csv, fmt="text")
    assert "Dimension: standards_worked_vector" in text
    assert "chi-square = 15.496, df = 3" in text
    assert "<5" in text


def test_several_dimensions_in_any_column_order_with_a_bom(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text(
        "participants,note,group,dimension,population\n"
        "30,x,women,gender,5100\n70,,men,gender,4900\n"
        "10,,young,age,100\n10,,old,age,100\n",
        encoding="utf-8-sig",
    )
    report = analyse(path)
    assert [d["dimension"] for d in report["dimensions"]] == ["gender", "age"]
    assert report["dimensions"][1]["chisq"] == 0


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "dimension,group,population\nage,a,1\n",
            "table.csv:1: column 'participants' is missing",
        ),
        (
            "dimension,group,population,participants\nage,a,10,2\nage,b,-1,3\n",
            "table.csv:3: column 'population': is negative (got '-1')",
        ),
        (
            "dimension,group,population,participants\nage,a,10,2.5\n",
            "table.csv:2: column 'participants': is not a whole number (got '2.5')",
        ),
        (
            "dimension,group,population,participants\nage,a,10,\n",
            "table.csv:2: column 'participants': is not a whole number (got '')",
        ),
        (
            "dimension,group,population,participants\nage,a,10,1\nage, ,10,2\n",
            "table.csv:3: column 'group': is empty",
        ),
        (
            "dimension,group,population,participants\n,a,10,1\n",
            "table.csv:2: column 'dimension': is empty",
        ),
        (
            "dimension,group,population,participants\nage,a,10,1\nage,a,10,2\n",
            "table.csv:3: column 'group': 'a' is named twice in dimension 'age'",
        ),
        ("dimension,group,population,participants\n", "no groups"),
        ("", "table.csv:1: the file is empty"),
    ],
)
def test_bad_input_names_line_and_column(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(CommandError) as err:
        analyse(path)
    assert message in str(err.value)
    assert str(err.value).startswith("Nothing analysed")


def test_every_problem_is_listed(tmp_path):
    path = write(
        tmp_path,
        "dimension,group,population,participants\nage,a,x,1\nage,,10,-2\n",
    )
    with pytest.raises(CommandError) as err:
        analyse(path)
    assert "3 problems" in str(err.value)


def test_negative_min_cell_is_refused(reference_csv):
    with pytest.raises(CommandError, match="must not be negative"):
        analyse(reference_csv, "--min-cell", "-1")


def test_missing_file(tmp_path):
    with pytest.raises(CommandError, match="cannot be read"):
        analyse(tmp_path / "nothing.csv")


def test_panel_still_needs_its_options(tmp_path):
    path = write(tmp_path, "respondent,wave,a\n1,1,1\n")
    with pytest.raises(CommandError, match="--instrument"):
        call_command("analyse", "panel", str(path), stdout=StringIO())
