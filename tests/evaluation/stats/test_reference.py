"""analyse_panel against R 4.2.2 and psych 2.2.9, to 1e-6 relative, on every test panel.

The reference panels and R's results come from tests/fixtures/evaluation/make_reference.R;
see its comments for what each panel covers (ties, zero differences, missing items,
reverse-coded items, the exact branch, n either side of 50, attrition, a zero-variance
scale, Holm across several scales)."""

import pytest

from coproduce.evaluation.stats import analyse_panel

from .reference import PANELS, panel_data, reference, reference_panel

REL = 1e-6


def close(expected):
    """R's value or R's NA/NULL (None), to 1e-6 relative."""
    if expected is None:
        return None
    return pytest.approx(expected, rel=REL, abs=1e-300)


def cases():
    for name in PANELS:
        for i, scale in enumerate(reference_panel(name)["r"]["scales"]):
            yield pytest.param(name, i, id=f"{name}-{scale['scale']}")


@pytest.fixture(scope="module")
def reports():
    return {name: analyse_panel(panel_data(name), before=1, after=2) for name in PANELS}


def test_reference_was_made_by_r():
    ref = reference()
    assert ref["r_version"].startswith("R version 4.2.2")
    assert ref["psych_version"] == "2.2.9"
    assert set(ref["panels"]) == set(PANELS)


@pytest.mark.parametrize(("name", "index"), list(cases()))
def test_scale_matches_r(reports, name, index):
    r = reference_panel(name)["r"]["scales"][index]
    ours = reports[name].scales[index]
    assert ours.scale == r["scale"]
    assert ours.n_pairs == r["n_pairs"]
    assert ours.n_before == r["n_before"]
    assert ours.n_after == r["n_after"]
    assert ours.n_zero_diffs == r["n_zero_diffs"]
    assert ours.mean_before == close(r["mean_before"])
    assert ours.mean_after == close(r["mean_after"])
    assert ours.sd_before == close(r["sd_before"])
    assert ours.sd_after == close(r["sd_after"])
    assert ours.sd_diff == pytest.approx(r["sd_diff"], rel=REL, abs=1e-12)


@pytest.mark.parametrize(("name", "index"), list(cases()))
def test_t_test_matches_r(reports, name, index):
    """R: t.test(after, before, paired = TRUE); NULL where R stops ("essentially constant")."""
    r = reference_panel(name)["r"]["scales"][index]
    ours = reports[name].scales[index]
    tt = r["t_test"]
    if tt is None:
        assert (ours.t, ours.p_t, ours.ci95, ours.cohen_dz) == (None,) * 4
        return
    assert ours.mean_diff == close(tt["estimate"])
    assert ours.t == close(tt["statistic"])
    assert ours.df == tt["parameter"]
    assert ours.p_t == close(tt["p_value"])
    assert list(ours.ci95) == [close(tt["conf_int"][0]), close(tt["conf_int"][1])]
    assert ours.cohen_dz == close(r["cohen_dz"])


@pytest.mark.parametrize(("name", "index"), list(cases()))
def test_wilcoxon_matches_r(reports, name, index):
    """R: wilcox.test(round(after - before, 9)), i.e. wilcox.test(after, before,
    paired = TRUE) with its defaults on differences rounded to 1e-9 (see the next test
    for why, and where this equals R's default exactly)."""
    r = reference_panel(name)["r"]["scales"][index]
    ours = reports[name].scales[index]
    w = r["wilcox_rounded"]
    assert ours.wilcoxon_v == w["V"]
    assert ours.p_wilcoxon == close(w["p"])
    assert ours.wilcoxon_method == w["method"]


def test_rounding_changes_r_only_where_scores_are_inexact():
    """Scores of scales with 1, 2 or 4 integer items are exact in binary: there the
    rounded differences give R's default result. Means of three items are not, and R's
    default then misses true ties (13/3 - 10/3 != 4 - 3): a different V and p."""
    differ = []
    for name in PANELS:
        panel = reference_panel(name)
        n_items = {s["name"]: len(s["items"]) for s in panel["instrument"]["scales"]}
        for scale in panel["r"]["scales"]:
            default, rounded = scale["wilcox"], scale["wilcox_rounded"]
            if n_items[scale["scale"]] in (1, 2, 4):
                assert default == rounded, scale["scale"]
            elif default != rounded:
                differ.append((name, scale["scale"]))
    assert differ == [("small_exact", "control"), ("thirds", "thirds")]


@pytest.mark.parametrize(("name", "index"), list(cases()))
def test_alpha_matches_psych(reports, name, index):
    """psych::alpha(x)$total$raw_alpha on the complete rows of each wave."""
    r = reference_panel(name)["r"]["scales"][index]
    ours = reports[name].scales[index]
    assert ours.alpha_before == close(r["alpha_before"])
    assert ours.alpha_after == close(r["alpha_after"])


@pytest.mark.parametrize("name", PANELS)
def test_holm_matches_p_adjust(reports, name):
    """p.adjust(p_t, "holm") across the scales of the panel (NA where t.test stopped)."""
    expected = [close(s["p_holm"]) for s in reference_panel(name)["r"]["scales"]]
    assert [s.p_holm for s in reports[name].scales] == expected


@pytest.mark.parametrize("name", PANELS)
def test_attrition_matches_r(reports, name):
    r = reference_panel(name)["r"]
    ours = reports[name].attrition
    assert (ours.before, ours.after, ours.both) == (
        r["attrition"]["before"],
        r["attrition"]["after"],
        r["attrition"]["both"],
    )
    for scale, r_scale in zip(ours.scales, r["scales"], strict=True):
        a = r_scale["attrition"]
        assert (scale.n_stayed, scale.n_left) == (a["n_stayed"], a["n_left"])
        assert scale.mean_stayed == close(a["mean_stayed"])
        assert scale.mean_left == close(a["mean_left"])
        assert scale.smd == close(a["smd"])
        welch = a["welch"]
        if welch is None:
            assert (scale.t, scale.df, scale.p_welch) == (None, None, None)
        else:
            assert scale.t == close(welch["statistic"])
            assert scale.df == close(welch["parameter"])
            assert scale.p_welch == close(welch["p_value"])


def test_reference_covers_what_the_issue_asks():
    """The panels hold ties, zeros, missing items, reverse items, both Wilcoxon branches,
    attrition both ways, a zero-variance scale and Holm over several scales."""
    scales = [s for name in PANELS for s in reference_panel(name)["r"]["scales"]]
    methods = {s["wilcox"]["method"] for s in scales}
    assert methods == {"exact", "normal"}
    assert any(s["n_zero_diffs"] > 0 for s in scales)
    assert any(s["t_test"] is None for s in scales)
    assert any(s["n_pairs"] >= 50 and s["wilcox"]["method"] == "normal" for s in scales)
    assert any(s["n_pairs"] < s["n_before"] for s in scales)
    instruments = [reference_panel(n)["instrument"]["scales"] for n in PANELS]
    assert any(scale["reverse"] for inst in instruments for scale in inst)
    assert any(
        v is None
        for name in PANELS
        for column in reference_panel(name)["data"]["items"].values()
        for v in column
    )
    assert max(len(reference_panel(n)["r"]["scales"]) for n in PANELS) == 8
    assert any(
        reference_panel(n)["r"]["attrition"]["after"]
        > reference_panel(n)["r"]["attrition"]["both"]
        for n in PANELS
    )
