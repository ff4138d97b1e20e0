"""The building blocks against published vectors (standards.md section 5) and R, and
the cases where SciPy's default Wilcoxon test would give another answer than R."""

import warnings

import numpy as np
import pytest
from scipy import stats as sps

from coproduce.evaluation.stats import (
    cronbach_alpha,
    holm,
    paired_t,
    psignrank,
    wilcoxon_signed_rank,
)

from .reference import panel_data, reference, reference_panel

PRE = np.array([3, 4, 2, 5, 3, 4, 3, 2, 4, 3, 5, 2, 6, 1], dtype=float)
POST = np.array([4, 5, 2, 7, 5, 4, 4, 3, 5, 6, 5, 4, 6, 4], dtype=float)
ALPHA_ITEMS = np.array(
    [[4, 5, 4, 3], [3, 3, 4, 3], [5, 5, 5, 4], [2, 3, 2, 2], [4, 4, 5, 4],
     [3, 2, 3, 3], [5, 4, 5, 5], [1, 2, 2, 1], [4, 4, 3, 4], [3, 4, 4, 2]],
    dtype=float,
)  # fmt: skip


def scipy_default_wilcoxon(after, before):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return sps.wilcoxon(after, before)


def differences(name: str, scale: str) -> tuple[np.ndarray, dict]:
    """The paired differences of one scale of a reference panel, and R's results."""
    from coproduce.evaluation.stats.panel import (
        per_respondent,
        respondents_code,
        scale_items,
        scale_score,
    )

    panel = panel_data(name)
    spec = next(s for s in panel.scales if s.name == scale)
    coded = respondents_code(panel.respondents)
    score = scale_score(scale_items(panel, spec))
    n = len(coded.ids)
    before = per_respondent(score, coded.codes, np.flatnonzero(panel.waves == 1), n)
    after = per_respondent(score, coded.codes, np.flatnonzero(panel.waves == 2), n)
    keep = ~np.isnan(before) & ~np.isnan(after)
    r = next(s for s in reference_panel(name)["r"]["scales"] if s["scale"] == scale)
    return after[keep] - before[keep], r, before[keep], after[keep]


# ---- standards.md section 5 test vectors ----------------------------------------------


def test_paired_t_standards_vector():
    t = paired_t(POST - PRE)
    assert t.t == pytest.approx(4.3234, abs=1e-4)
    assert t.df == 13
    assert t.p == pytest.approx(0.000827, abs=1e-6)
    assert t.mean_diff == pytest.approx(1.2143, abs=1e-4)
    assert t.sd_diff == pytest.approx(1.0509, abs=1e-4)
    assert t.ci95 == (pytest.approx(0.6075, abs=1e-4), pytest.approx(1.8211, abs=1e-4))
    assert t.mean_diff / t.sd_diff == pytest.approx(1.1555, abs=1e-4)


def test_wilcoxon_standards_vector_without_continuity_correction():
    """standards.md gives SciPy's asymptotic p without correction (zeros dropped)."""
    w = wilcoxon_signed_rank(POST - PRE, correct=False)
    assert w.p == pytest.approx(0.00438, abs=1e-5)
    assert (w.v, w.n_nonzero, w.n_zero, w.method) == (55, 10, 4, "normal")


def test_wilcoxon_standards_vector_exact_would_be_psignrank():
    """The exact p of the vector (T = 0 of 10 non-zero) is 2 * psignrank(0, 10);
    R (and we) do not use it because there are zeros and ties."""
    assert 2 * psignrank(0, 10) == pytest.approx(0.00195, abs=1e-5)
    assert wilcoxon_signed_rank(POST - PRE, exact=True).method == "normal"


def test_alpha_standards_vector():
    assert cronbach_alpha(ALPHA_ITEMS) == pytest.approx(0.9275, abs=1e-4)


def test_holm_standards_vector():
    assert holm([0.010, 0.040, 0.030, 0.005, 0.200]) == pytest.approx(
        [0.04, 0.09, 0.09, 0.025, 0.2]
    )


# ---- functions against R --------------------------------------------------------------


@pytest.mark.parametrize(
    "case", reference()["psignrank"], ids=lambda c: f"{c['q']}-{c['n']}"
)
def test_psignrank_matches_r(case):
    assert psignrank(case["q"], case["n"]) == pytest.approx(case["lower"], rel=1e-6)
    assert psignrank(case["q"], case["n"], lower_tail=False) == pytest.approx(
        case["upper"], rel=1e-6
    )


@pytest.mark.parametrize("case", reference()["p_adjust_holm"], ids=str)
def test_holm_matches_p_adjust(case):
    expected = [None if v is None else pytest.approx(v, rel=1e-6) for v in case["holm"]]
    assert holm(case["p"]) == expected


@pytest.mark.parametrize(
    ("option", "key"), [({"exact": False}, "wilcox_exact_false"),
                        ({"correct": False}, "wilcox_correct_false")],
)  # fmt: skip
@pytest.mark.parametrize(
    ("name", "scale"),
    [("small_exact", "trust_provider"), ("untied_49", "wellbeing"),
     ("likert_ties", "satisfaction"), ("realistic", "motivation")],
)  # fmt: skip
def test_wilcoxon_options_match_r(name, scale, option, key):
    d, r, _, _ = differences(name, scale)
    w = wilcoxon_signed_rank(d, **option)
    assert w.v == r[key]["V"]
    assert w.p == pytest.approx(r[key]["p"], rel=1e-6)
    assert w.method == r[key]["method"]


# ---- where SciPy's default Wilcoxon is not R's ----------------------------------------


def test_statistic_is_v_not_scipys_minimum():
    """R reports V = R+, SciPy's two-sided default min(R+, R-)."""
    d, r, before, after = differences("realistic", "trust_service_provider")
    assert wilcoxon_signed_rank(d).v == r["wilcox"]["V"] == 7279
    assert scipy_default_wilcoxon(after, before).statistic != r["wilcox"]["V"]


def test_continuity_correction_with_ties():
    """R corrects by sign(z) * 0.5 in the normal approximation; SciPy does not."""
    d, r, before, after = differences("likert_ties", "trust_local_government")
    assert wilcoxon_signed_rank(d).p == pytest.approx(r["wilcox"]["p"], rel=1e-6)
    scipy_p = scipy_default_wilcoxon(after, before).pvalue
    assert scipy_p != pytest.approx(r["wilcox"]["p"], rel=1e-6)
    assert scipy_p == pytest.approx(r["wilcox_correct_false"]["p"], rel=1e-6)


def test_exact_limit_is_below_50():
    """R is exact for n < 50 only; SciPy's auto method is still exact at 50."""
    d, r, before, after = differences("untied_50", "wellbeing")
    assert r["wilcox"]["method"] == "normal"
    assert wilcoxon_signed_rank(d).p == pytest.approx(r["wilcox"]["p"], rel=1e-6)
    assert scipy_default_wilcoxon(after, before).pvalue != pytest.approx(
        r["wilcox"]["p"], rel=1e-6
    )


def test_small_sample_with_ties_uses_the_normal_approximation():
    """With ties R uses the corrected normal approximation at any n; SciPy's auto method
    runs a permutation test for n <= 13."""
    d, r, before, after = differences("likert_ties", "constant_change")
    d, before, after = d[:8], before[:8], after[:8]  # 8 pairs, all differences +0.5
    w = wilcoxon_signed_rank(d)
    assert (w.v, w.method) == (36, "normal")
    # R 4.2.2: wilcox.test(rep(0.5, 8)) -> V = 36, p-value = 0.00596207853209371
    assert w.p == pytest.approx(0.00596207853209371, rel=1e-6)
    assert scipy_default_wilcoxon(after, before).pvalue != pytest.approx(w.p, rel=1e-6)


def test_exact_branch_uses_psignrank():
    """Eight untied pairs: R's exact p from psignrank. SciPy agrees here: the exact
    branch is the one place where the defaults meet, and V is still not SciPy's T."""
    d, r, before, after = differences("small_exact", "trust_provider")
    w = wilcoxon_signed_rank(d)
    assert (w.v, w.method) == (r["wilcox"]["V"], "exact")
    assert w.p == pytest.approx(r["wilcox"]["p"], rel=1e-6)
    n = len(d)
    assert w.p == pytest.approx(2 * psignrank(int(n * (n + 1) / 2 - w.v), n), rel=1e-12)


def test_rounding_finds_the_ties_that_floating_point_hides():
    d, r, _, _ = differences("thirds", "thirds")
    w = wilcoxon_signed_rank(d)
    assert (w.v, w.p) == (
        r["wilcox_rounded"]["V"],
        pytest.approx(r["wilcox_rounded"]["p"]),
    )
    assert w.v != r["wilcox"]["V"]  # R's default on the raw differences: 35.5


# ---- what cannot be computed is None ---------------------------------------------------


def test_t_test_without_pairs_or_variance():
    assert paired_t(np.array([])).t is None
    one = paired_t(np.array([0.5]))
    assert (one.mean_diff, one.sd_diff, one.t, one.p) == (0.5, None, None, None)
    constant = paired_t(np.full(10, 0.25))
    assert (constant.sd_diff, constant.t, constant.p, constant.ci95) == (
        0.0,
        None,
        None,
        None,
    )
    assert constant.df == 9
    zeros = paired_t(np.zeros(5))
    assert (zeros.mean_diff, zeros.t) == (0.0, None)


def test_t_test_essentially_constant_as_r():
    """R stops when the standard error is below 10 eps |mean|: floating-point noise of
    three-item means must not make a huge t."""
    d = np.array([13 / 3 - 10 / 3, 1.0, 1.0, 1.0])
    assert d.std(ddof=1) > 0
    assert paired_t(d).t is None


def test_wilcoxon_all_zero_differences():
    # R: wilcox.test(rep(0, 6)) -> V = 0, p-value = NA
    w = wilcoxon_signed_rank(np.zeros(6))
    assert (w.v, w.p, w.method, w.n_zero) == (0.0, None, None, 6)


def test_wilcoxon_single_difference_is_exact_as_r():
    # R: wilcox.test(0.5) -> V = 1, p-value = 1
    w = wilcoxon_signed_rank(np.array([0.5]))
    assert (w.v, w.p, w.method) == (1.0, 1.0, "exact")


def test_alpha_not_computable():
    assert cronbach_alpha(np.ones((5, 1))) is None
    assert cronbach_alpha(np.array([[1.0, 2.0]])) is None
    assert cronbach_alpha(np.full((4, 3), 3.0)) is None
    assert cronbach_alpha(np.array([[1, 2], [np.nan, 3], [2, 2]])) == pytest.approx(
        cronbach_alpha(np.array([[1, 2], [2, 2]]))
    )


def test_holm_of_nothing():
    assert holm([]) == []
    assert holm([None, None]) == [None, None]
