"""coproduce analyse panel: the CSV and instrument files of the R reference panels give
R's numbers; every kind of bad input stops the command with a message that says where."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from coproduce.evaluation.stats import analyse_panel
from tests.evaluation.stats.reference import (
    PANELS,
    panel_data,
    reference_panel,
    write_csv,
)

HEADER = "respondent,wave,a,b,c\n"
INSTRUMENT = {
    "scales": [{"name": "trust", "items": ["a", "b", "c"], "reverse": ["c"],
                "min": 1, "max": 5}]
}  # fmt: skip


def analyse(*args, fmt="json"):
    out = StringIO()
    call_command("analyse", "panel", *args, "--format", fmt, stdout=out)
    return out.getvalue()


@pytest.fixture
def files(tmp_path):
    """Write a CSV (and an instrument) and return the command's arguments."""

    def make(text, instrument=INSTRUMENT, before=1, after=2):
        csv_path = tmp_path / "panel.csv"
        csv_path.write_text(text, encoding="utf-8")
        instrument_path = tmp_path / "instrument.json"
        instrument_path.write_text(
            instrument if isinstance(instrument, str) else json.dumps(instrument),
            encoding="utf-8",
        )
        return [str(csv_path), "--instrument", str(instrument_path),
                "--before", str(before), "--after", str(after)]  # fmt: skip

    return make


def refused(args) -> str:
    with pytest.raises(CommandError) as info:
        analyse(*args)
    return str(info.value)


GOOD = HEADER + "p1,1,1,2,3\np1,2,2,2,2\np2,1,4,4,1\np2,2,5,4,2\np3,1,3,,3\n"


# ---- the analysis ----------------------------------------------------------------------


@pytest.mark.parametrize("name", PANELS)
def test_json_is_the_analysis_of_the_file(tmp_path, name):
    csv_path, instrument_path = write_csv(name, tmp_path)
    out = json.loads(
        analyse(
            str(csv_path),
            "--instrument",
            str(instrument_path),
            "--before",
            "1",
            "--after",
            "2",
        )  # fmt: skip
    )
    assert out == analyse_panel(panel_data(name), before=1, after=2).to_dict()


def test_json_matches_r(tmp_path):
    csv_path, instrument_path = write_csv("realistic", tmp_path)
    out = json.loads(
        analyse(
            str(csv_path),
            "--instrument",
            str(instrument_path),
            "--before",
            "1",
            "--after",
            "2",
        )  # fmt: skip
    )
    r = reference_panel("realistic")["r"]
    assert out["attrition"] | {"scales": None} == {
        **r["attrition"], "left": 30, "joined": 10, "rate": 30 / 230, "scales": None,
    }  # fmt: skip
    for ours, theirs in zip(out["scales"], r["scales"], strict=True):
        assert ours["scale"] == theirs["scale"]
        assert ours["t"] == pytest.approx(theirs["t_test"]["statistic"], rel=1e-6)
        assert ours["ci95"] == pytest.approx(theirs["t_test"]["conf_int"], rel=1e-6)
        assert ours["p_holm"] == pytest.approx(theirs["p_holm"], rel=1e-6)
        assert ours["wilcoxon_v"] == theirs["wilcox"]["V"]
        assert ours["p_wilcoxon"] == pytest.approx(theirs["wilcox"]["p"], rel=1e-6)
        assert ours["alpha_after"] == pytest.approx(theirs["alpha_after"], rel=1e-6)


def test_json_floats_are_not_rounded(tmp_path):
    csv_path, instrument_path = write_csv("small_exact", tmp_path)
    text = analyse(str(csv_path), "--instrument", str(instrument_path),
                   "--before", "1", "--after", "2")  # fmt: skip
    p = json.loads(text)["scales"][0]["p_t"]
    assert repr(p) in text
    assert len(repr(p)) > 12


def test_text_is_a_table_with_the_attrition(tmp_path):
    csv_path, instrument_path = write_csv("likert_ties", tmp_path)
    text = analyse(str(csv_path), "--instrument", str(instrument_path),
                   "--before", "1", "--after", "2", fmt="text")  # fmt: skip
    lines = text.splitlines()
    assert lines[0] == "Change from wave 1 to wave 2 (differences are after - before)"
    assert lines[2].split()[:4] == ["Scale", "Pairs", "Before", "After"]
    row = next(line for line in lines if line.startswith("trust_local_government"))
    assert row.split()[1:4] == ["27", "2.91", "3.29"]
    assert "+0.38 [+0.14, +0.62]" in row
    constant = next(line for line in lines if line.startswith("constant_change"))
    assert "-" in constant.split()  # no t-test for a constant change
    assert "Respondents: 46 in wave 1, 43 in wave 2, 40 in both (13% left); " in text
    assert "3 only in wave 2." in text
    assert "  satisfaction: stayed 2.84 (n 32), left 3.15 (n 5)" in text


def test_empty_cell_is_a_missing_answer_and_other_columns_are_ignored(files):
    args = files(
        "note,respondent,wave,a,b,c,age\n"
        "x,p1,1,1,2,3,40\ny,p1,2,2,2,2,\nz,p2,1,4,4,1,31\n,p2,2,5,4,2,31\n"
        ",p3,1,3,,3,\n,p3,2,3,3,3,\n"
    )
    out = json.loads(analyse(*args))
    s = out["scales"][0]
    assert (s["n_pairs"], s["n_before"], s["n_after"]) == (2, 2, 3)
    assert out["attrition"]["both"] == 3


def test_waves_need_not_be_1_and_2(files):
    out = json.loads(
        analyse(
            *files(
                HEADER + "p1,3,1,2,3\np1,5,2,2,2\np2,3,1,1,1\np2,5,3,3,3\n",
                before=3,
                after=5,
            )
        )  # fmt: skip
    )
    assert (out["before"], out["after"], out["scales"][0]["n_pairs"]) == (3, 5, 2)


# ---- refusals --------------------------------------------------------------------------


def test_value_outside_the_range(files):
    args = files(HEADER + "p1,1,1,2,3\np1,2,6,2,2\n")
    message = refused(args)
    assert (
        f"{args[0]}:3: column 'a': outside the range 1-5 of scale 'trust' (got '6')"
        in message
    )


def test_value_not_a_number(files):
    args = files(HEADER + 'p1,1,1,2,3\np1,2,2,"3,5",2\np2,1,NA,2,2\np2,2,nan,inf,2\n')
    message = refused(args)
    assert f"{args[0]}:3: column 'b': not a number (got '3,5')" in message
    assert f"{args[0]}:4: column 'a': not a number (got 'NA')" in message
    assert f"{args[0]}:5: column 'a': not a number (got 'nan')" in message
    assert f"{args[0]}:5: column 'b': not a number (got 'inf')" in message
    assert message.startswith("Nothing analysed, 4 problems:")


def test_all_problems_are_listed_in_line_order_up_to_a_cap(files):
    rows = "".join(f"p{i},1,9,2,x\n" for i in range(30))  # 60 problems
    message = refused(files(HEADER + "bad,one,1,1,1\n" + rows))
    lines = message.splitlines()
    assert lines[0] == "Nothing analysed, 61 problems:"
    assert ":2: column 'wave': not a whole number (got 'one')" in lines[1]
    assert ":3: column 'a': outside the range" in lines[2]
    assert ":3: column 'c': not a number (got 'x')" in lines[3]
    assert len(lines) == 1 + 20 + 1
    assert lines[-1] == "... and 41 more problems"


def test_wave_not_a_whole_number(files):
    args = files(HEADER + "p1,1.0,1,2,3\np1,,1,2,3\n")
    message = refused(args)
    assert f"{args[0]}:2: column 'wave': not a whole number (got '1.0')" in message
    assert f"{args[0]}:3: column 'wave': not a whole number (got '')" in message


def test_missing_columns(files):
    message = refused(files("id,wave,a,b\np1,1,1,2\n"))
    assert (
        ":1: no column 'respondent' in the header (found: 'id', 'wave', 'a', 'b')"
        in message
    )
    assert ":1: the instrument's item 'c' is not a column of the header" in message


def test_semicolons_are_not_guessed(files):
    message = refused(files("respondent;wave;a;b;c\np1;1;1;2;3\n"))
    assert "no column 'respondent' or 'wave'" in message
    assert "must be comma-separated" in message


def test_duplicate_rows(files):
    args = files(HEADER + "p1,1,1,2,3\np2,1,1,2,3\np1,2,1,2,3\np1,1,2,2,2\n")
    message = refused(args)
    assert (
        f"{args[0]}:5: respondent 'p1' has a second row for wave 1 (the first is on line 2)"
        in message
    )


def test_rows_of_another_length(files):
    args = files(HEADER + "p1,1,1,2\n")
    assert f"{args[0]}:2: 4 fields, the header has 5" in refused(args)


def test_instrument_not_json(files):
    args = files(GOOD, instrument='{"scales": [\n  {"name": "x",}\n]}')
    assert f"{args[2]}:2: not valid JSON" in refused(args)


def test_instrument_lacks_keys(files):
    bad = {"scales": [{"name": "trust", "items": ["a", "b", "c"], "min": 1},
                      {"name": "x", "items": [], "reverse": ["q"], "min": 5, "max": 1}]}  # fmt: skip
    message = refused(files(GOOD, instrument=bad))
    assert "scales[0]: missing keys 'reverse', 'max'" in message
    assert (
        "scales[1]: 'items' must be a non-empty list of item codes (got [])" in message
    )
    assert "scales[1]: 'min' must be below 'max' (got 5, 1)" in message
    assert "scales" in refused(files(GOOD, instrument={"items": []}))


def test_instrument_item_with_two_ranges(files):
    two = {"scales": [INSTRUMENT["scales"][0],
                      {"name": "other", "items": ["a"], "reverse": [], "min": 0, "max": 10}]}  # fmt: skip
    assert "item 'a' has the range 0-10 here and 1-5 in scale 'trust'" in refused(
        files(GOOD, instrument=two)
    )


def test_same_waves(files):
    assert "--before and --after are both wave 1" in refused(
        files(GOOD, before=1, after=1)
    )


def test_wave_without_rows(files):
    args = files(GOOD, before=1, after=3)
    assert refused(args) == f"{args[0]}: no rows for wave 3 (waves in the file: 1, 2)."


def test_missing_file(files, tmp_path):
    args = files(GOOD)
    args[0] = str(tmp_path / "nowhere.csv")
    assert "nowhere.csv: cannot be read (No such file or directory)" in refused(args)


def test_not_utf8(files, tmp_path):
    args = files(GOOD)
    (tmp_path / "panel.csv").write_bytes(
        HEADER.encode() + "pä,1,1,2,3\n".encode("latin-1")
    )
    assert "is not UTF-8 text" in refused(args)
