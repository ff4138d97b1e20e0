"""The statistics against R 4.2.2 (reference.json, made by make_reference.R)."""

import json
import math
from pathlib import Path

import pytest

from coproduce.representativeness import stats

REFERENCE = json.loads(
    (
        Path(__file__).parents[1] / "fixtures/representativeness/reference.json"
    ).read_text()
)
CASES = {c["name"]: c for c in REFERENCE["cases"]}


def close(a, b):
    return math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-12)


@pytest.mark.parametrize("name", sorted(CASES))
def test_compare_matches_r(name):
    case = CASES[name]
    x = [int(v) for v in case["x"]]
    big_n = [int(v) for v in case["N"]]
    result = stats.compare([f"g{k}" for k in range(len(x))], x, big_n)
    for k, group in enumerate(result.groups):
        assert close(group.share, case["shares"][k])
        assert close(group.population_share, case["population_shares"][k])
        assert close(group.ratio, case["ratios"][k])
        assert close(group.expected, case["expected"][k])
    assert close(result.duncan, case["duncan"])
    assert close(result.chisq.statistic, case["statistic"])
    assert result.chisq.df == case["df"]
    assert close(result.chisq.p_value, case["p_value"])
    assert close(result.cohens_w, case["cohens_w"])
    assert result.chisq.warning == case["warning"]


def test_worked_vector_of_standards():
    result = stats.compare(
        ["a", "b", "c", "d"], [20, 45, 60, 35], [12000, 15000, 14000, 9000]
    )
    assert round(result.duncan, 4) == 0.1337
    assert round(result.chisq.statistic, 3) == 15.496
    assert round(result.chisq.p_value, 5) == 0.00144
    assert [g.reading for g in result.groups] == [
        "under",
        "proportional",
        "over",
        "proportional",
    ]


def test_r_warning_only_when_an_expected_count_is_below_5():
    assert CASES["small_expected_warning"]["warning"] == stats.R_WARNING
    assert CASES["standards_worked_vector"]["warning"] is None


def test_no_participants_gives_no_test():
    result = stats.compare(["a", "b"], [0, 0], [10, 20])
    assert result.chisq is None
    assert result.duncan is None
    assert result.groups[0].share is None


def test_probabilities_must_sum_to_one():
    with pytest.raises(ValueError, match="sum"):
        stats.chisq_test([1, 2], [0.5, 0.6])


# Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
# seven methods", Statistics in Medicine 17:857-872, Table I, method 3 (Wilson score
# interval without continuity correction), given there to four decimals.
NEWCOMBE_WILSON = [
    (81, 263, 0.2553, 0.3662),
    (15, 148, 0.0624, 0.1605),
    (0, 20, 0.0, 0.1611),
    (1, 29, 0.0061, 0.1718),
]


@pytest.mark.parametrize(("k", "n", "low", "high"), NEWCOMBE_WILSON)
def test_ratio_interval_is_wilsons_interval_over_the_population_share(k, n, low, high):
    # a population where the group is a quarter: the interval of the ratio is 4 x Wilson's
    result = stats.compare(["group", "others"], [k, n - k], [250, 750])
    group = result.groups[0]
    assert round(group.ratio_low / 4, 4) == low
    assert round(group.ratio_high / 4, 4) == high
    assert group.ratio_low <= group.ratio <= group.ratio_high


def test_a_group_expected_fewer_than_5_times_is_too_few_to_read():
    # six participants, none of a group that is 5 % of the population: expected 0.3
    result = stats.compare(["young", "others"], [0, 6], [50, 950])
    young = result.groups[0]
    assert young.ratio == 0
    assert young.expected == pytest.approx(0.3)
    assert young.reading == "too_few"
    # the same shares with 200 participants are read
    result = stats.compare(["young", "others"], [0, 200], [50, 950])
    assert result.groups[0].reading == "under"
