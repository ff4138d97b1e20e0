"""The SROI calculation against standards.md §4.4 and a hand-computed example."""

import pytest

from coproduce.outcomes.sroi import (
    OutcomeLine,
    SroiInput,
    sensitivity,
    sroi_compute,
)

TOL = 1e-9

# standards.md §4.4 worked test vector.
GUIDE = SroiInput(
    outcomes=(
        OutcomeLine(
            name="guide",
            quantity=40,
            proxy=1000,
            deadweight=0.20,
            displacement=0.0,
            attribution=0.25,
            drop_off=0.50,
            duration=3,
        ),
    ),
    inputs=20_000,
    discount_rate=0.035,
)


def test_standards_vector():
    result = sroi_compute(GUIDE)
    assert result.year_values == pytest.approx((24_000, 12_000, 6_000), abs=TOL)
    expected_pv = 24_000 / 1.035 + 12_000 / 1.035**2 + 6_000 / 1.035**3
    assert result.present_value == pytest.approx(expected_pv, abs=TOL)
    # the figures as printed in standards.md
    assert round(result.present_value, 2) == 39_802.19
    assert round(result.net_present_value, 2) == 19_802.19
    assert round(result.ratio, 2) == 1.99
    assert result.payback_months == pytest.approx(10.0, abs=TOL)
    assert result.net_ratio == pytest.approx((expected_pv - 20_000) / 20_000, abs=TOL)


def test_hand_computed_two_outcomes_of_different_lengths():
    # Outcome A: 10 people × 500 € × 0.9 × 0.8 × 0.5 = 1,800 in year 1; drop-off 10 %:
    #   1,620 in year 2. Outcome B: 4 × 2,000 × 1 × 1 × 1 = 8,000 once.
    # r = 5 %: PV = (1,800 + 8,000) / 1.05 + 1,620 / 1.05² = 9,333.333… + 1,469.387…
    data = SroiInput(
        outcomes=(
            OutcomeLine(
                name="A",
                quantity=10,
                proxy=500,
                deadweight=0.1,
                displacement=0.2,
                attribution=0.5,
                drop_off=0.1,
                duration=2,
                tag="private",
            ),
            OutcomeLine(name="B", quantity=4, proxy=2000, duration=1, tag="public"),
        ),
        inputs=5_000,
        discount_rate=0.05,
    )
    result = sroi_compute(data)
    assert result.years == 2
    assert result.year_values == pytest.approx((9_800, 1_620), abs=TOL)
    pv = 9_800 / 1.05 + 1_620 / 1.1025
    assert result.present_value == pytest.approx(pv, abs=TOL)
    assert result.ratio == pytest.approx(pv / 5_000, abs=TOL)
    assert result.payback_months == pytest.approx(5_000 / (9_800 / 12), abs=TOL)
    a, b = result.outcomes
    assert a.present_value == pytest.approx(1_800 / 1.05 + 1_620 / 1.1025, abs=TOL)
    assert b.present_value == pytest.approx(8_000 / 1.05, abs=TOL)
    assert (a.tag, b.tag) == ("private", "public")


def test_no_inputs_gives_no_ratio_and_no_impact_no_payback():
    result = sroi_compute(SroiInput(outcomes=(), inputs=0))
    assert result.ratio is None
    assert result.payback_months is None
    assert result.present_value == 0


def test_shares_out_of_range_are_refused():
    with pytest.raises(ValueError, match="deadweight"):
        sroi_compute(
            SroiInput(
                outcomes=(OutcomeLine(name="x", quantity=1, proxy=1, deadweight=1.2),),
                inputs=1,
            )
        )


def test_sensitivity_moves_each_assumption_by_a_step():
    rows = {row.assumption: row for row in sensitivity(GUIDE, step=0.10)}
    base = sroi_compute(GUIDE).ratio
    f = [1 / 1.035**t for t in (1, 2, 3)]

    def ratio(q=40, p=1000, dw=0.2, at=0.25, ds=0.0, do=0.5, years=3, factors=f):
        first = q * p * (1 - dw) * (1 - ds) * (1 - at)
        return sum(first * (1 - do) ** t * factors[t] for t in range(years)) / 20_000

    assert rows["deadweight"].ratio_down == pytest.approx(ratio(dw=0.1), abs=TOL)
    assert rows["deadweight"].ratio_up == pytest.approx(ratio(dw=0.3), abs=TOL)
    assert rows["attribution"].ratio_up == pytest.approx(ratio(at=0.35), abs=TOL)
    # displacement cannot go below 0: clamped
    assert rows["displacement"].ratio_down == pytest.approx(base, abs=TOL)
    assert rows["displacement"].ratio_up == pytest.approx(ratio(ds=0.1), abs=TOL)
    assert rows["drop_off"].ratio_down == pytest.approx(ratio(do=0.4), abs=TOL)
    assert rows["proxy"].ratio_up == pytest.approx(ratio(p=1100), abs=TOL)
    assert rows["quantity"].ratio_down == pytest.approx(ratio(q=36), abs=TOL)
    assert rows["duration"].ratio_down == pytest.approx(ratio(years=2), abs=TOL)
    f4 = f + [1 / 1.035**4]
    assert rows["duration"].ratio_up == pytest.approx(
        ratio(years=4, factors=f4), abs=TOL
    )
    f_up = [1 / 1.045**t for t in (1, 2, 3)]
    assert rows["discount_rate"].ratio_up == pytest.approx(ratio(factors=f_up), abs=TOL)
    assert all(row.ratio_base == base for row in rows.values())


def test_break_even_values_bring_the_ratio_to_one():
    rows = {row.assumption: row for row in sensitivity(GUIDE)}
    pv = sroi_compute(GUIDE).present_value
    # PV is proportional to the proxy: the factor is inputs / PV.
    assert rows["proxy"].break_even == pytest.approx(20_000 / pv, abs=TOL)
    # deadweight: PV ∝ (1 − dw); 1 − (0.2 + δ) = 0.8 × 20,000 / PV
    delta = 1 - 0.8 * 20_000 / pv - 0.2
    assert rows["deadweight"].break_even == pytest.approx(delta, abs=1e-9)
    # one year is enough (23,188 > 20,000): two fewer years still pays back
    assert rows["duration"].break_even == -2
    # no discount rate up to 1000 % ... the first year alone: 24,000 / (1 + r) = 20,000
    # would need all years; check the rate found gives ratio 1
    rate = rows["discount_rate"].break_even
    assert sum(
        v / (1 + rate) ** t for t, v in enumerate((24_000, 12_000, 6_000), 1)
    ) == pytest.approx(20_000, abs=1e-6)
