"""The agreement statistics against published worked examples and, on random data,
against the ``krippendorff`` package (an independent implementation)."""

import time

import krippendorff
import numpy as np
import pytest

from coproduce.qualitative.agreement import (
    alpha_reading,
    code_agreement,
    cohen_kappa,
    krippendorff_alpha_nominal,
    percent_agreement,
)

nan = np.nan

# Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section C: four
# observers, twelve units, missing values; nominal alpha = 0.743.
KRIPPENDORFF_C = [
    [1, 2, 3, 3, 2, 1, 4, 1, 2, nan, nan, nan],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, nan, 3],
    [nan, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, nan],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, nan],
]
# Same paper, section A: two observers, ten units, binary; alpha = 0.095.
KRIPPENDORFF_A = [
    [0, 1, 0, 0, 0, 0, 0, 0, 1, 0],
    [1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
]


def test_krippendorff_2011_nominal_example():
    assert round(krippendorff_alpha_nominal(KRIPPENDORFF_C), 3) == 0.743


def test_krippendorff_2011_binary_example():
    assert round(krippendorff_alpha_nominal(KRIPPENDORFF_A), 3) == 0.095


def test_the_binary_example_per_code():
    data = np.array(KRIPPENDORFF_A, dtype=bool)
    read = np.ones_like(data)
    (row,) = code_agreement(read, data[np.newaxis], ["x"])
    assert round(row.krippendorff_alpha, 3) == 0.095
    assert row.n_units == 10
    assert row.percent_agreement == pytest.approx(60.0)
    # p_o = 0.6, p_e = 0.2 * 0.4 + 0.8 * 0.6 = 0.56, kappa = 0.04 / 0.44
    assert row.cohen_kappa == pytest.approx(0.04 / 0.44)


def test_cohen_kappa_textbook_example():
    # Cohen's kappa, the worked example of 50 grant proposals read by two readers:
    # 20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no: p_o = 0.70, p_e = 0.50, kappa = 0.40.
    a = ["yes"] * 25 + ["no"] * 25
    b = ["yes"] * 20 + ["no"] * 5 + ["yes"] * 10 + ["no"] * 15
    assert cohen_kappa(a, b) == pytest.approx(0.40)
    read = np.ones((2, 50), dtype=bool)
    applied = np.array([[x == "yes" for x in a], [y == "yes" for y in b]])
    (row,) = code_agreement(read, applied[np.newaxis], ["yes"])
    assert row.cohen_kappa == pytest.approx(0.40)
    assert row.percent_agreement == pytest.approx(70.0)


def test_cohen_kappa_fleiss_example():
    # Fleiss, Levin & Paik (2003), Statistical Methods for Rates and Proportions, 3rd
    # ed., table 18.1 as counts of 100 subjects in three diagnoses: kappa = 0.676.
    table = [[75, 1, 4], [5, 4, 1], [0, 0, 10]]
    a, b = [], []
    for i, row in enumerate(table):
        for j, count in enumerate(row):
            a += [i] * count
            b += [j] * count
    assert round(cohen_kappa(a, b), 3) == 0.676


def test_percent_agreement_uses_units_everyone_read():
    data = [[1, 2, 1, nan], [1, 2, 2, 1], [1, 2, 1, 1]]
    assert percent_agreement(data) == pytest.approx(100 * 2 / 3)
    assert percent_agreement([[1, nan], [nan, 1]]) is None


@pytest.mark.parametrize("seed", range(8))
def test_nominal_matches_the_krippendorff_package(seed):
    rng = np.random.default_rng(seed)
    data = rng.integers(1, 5, size=(rng.integers(2, 7), 40)).astype(float)
    data[rng.random(data.shape) < 0.3] = nan
    ours = krippendorff_alpha_nominal(data)
    theirs = krippendorff.alpha(reliability_data=data, level_of_measurement="nominal")
    assert ours == pytest.approx(theirs, abs=1e-12)


@pytest.mark.parametrize("seed", range(8))
def test_per_code_matches_the_package_and_the_general_functions(seed):
    rng = np.random.default_rng(100 + seed)
    coders, units, codes = int(rng.integers(2, 6)), 60, 5
    read = rng.random((coders, units)) < 0.8
    applied = rng.random((codes, coders, units)) < rng.random((codes, 1, 1))
    rows = code_agreement(read, applied, [f"c{i}" for i in range(codes)])
    for k, row in enumerate(rows):
        data = np.where(read, applied[k].astype(float), nan)
        theirs = krippendorff.alpha(
            reliability_data=data, level_of_measurement="nominal"
        )
        assert row.krippendorff_alpha == pytest.approx(theirs, abs=1e-12)
        assert row.krippendorff_alpha == pytest.approx(krippendorff_alpha_nominal(data))
        assert row.percent_agreement == pytest.approx(percent_agreement(data))
        assert row.n_units == int((read.sum(axis=0) >= 2).sum())
        if coders == 2:
            assert row.cohen_kappa == pytest.approx(
                cohen_kappa(list(data[0]), list(data[1]))
            )
        else:
            assert row.cohen_kappa is None


def test_no_variation_is_undefined_not_a_number():
    read = np.ones((2, 5), dtype=bool)
    never = np.zeros((1, 2, 5), dtype=bool)
    (row,) = code_agreement(read, never, ["unused"])
    assert row.krippendorff_alpha is None
    assert row.cohen_kappa is None
    assert row.percent_agreement == 100.0
    (row,) = code_agreement(read, ~never, ["always"])
    assert row.krippendorff_alpha is None
    assert row.cohen_kappa is None
    assert krippendorff_alpha_nominal([[1, 1, 1], [1, 1, nan]]) is None
    assert cohen_kappa([1, 1], [1, 1]) is None


def test_nothing_to_compare():
    # each unit read by one coder only: no pairs, no unit everyone read
    read = np.array([[True, False], [False, True]])
    applied = np.array([[[True, False], [False, False]]])
    (row,) = code_agreement(read, applied, ["x"])
    assert row.n_units == 0
    assert row.krippendorff_alpha is None
    assert row.cohen_kappa is None
    assert row.percent_agreement is None
    assert krippendorff_alpha_nominal([[1, nan], [nan, 2]]) is None
    assert cohen_kappa([1, None], [None, 2]) is None


def test_codes_applied_where_not_read_are_ignored():
    read = np.array([[True, True, False], [True, True, True]])
    applied = np.array([[[True, False, True], [True, False, False]]])
    (row,) = code_agreement(read, applied, ["x"])
    assert row.percent_agreement == 100.0
    assert row.krippendorff_alpha == pytest.approx(1.0)


def test_shapes_are_checked():
    with pytest.raises(ValueError, match="coders x units"):
        code_agreement(np.ones((2, 3), bool), np.ones((1, 2, 4), bool), ["x"])
    with pytest.raises(ValueError, match="one code name"):
        code_agreement(np.ones((2, 3), bool), np.ones((2, 2, 3), bool), ["x"])


@pytest.mark.parametrize(
    ("alpha", "reading"),
    [(0.8, "reliable"), (0.799, "tentative"), (0.667, "tentative"),
     (0.666, "unreliable"), (None, "undefined")],
)  # fmt: skip
def test_the_conventional_reading(alpha, reading):
    assert alpha_reading(alpha) == reading


def test_ten_coders_five_thousand_units_fifty_codes_in_two_seconds():
    rng = np.random.default_rng(1)
    read = rng.random((10, 5000)) < 0.9
    applied = rng.random((50, 10, 5000)) < 0.2
    started = time.perf_counter()
    rows = code_agreement(read, applied, [f"c{i}" for i in range(50)])
    assert time.perf_counter() - started < 2.0
    assert len(rows) == 50
