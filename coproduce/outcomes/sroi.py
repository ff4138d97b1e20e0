"""Social return on investment (standards.md §4.4; the SROI Guide, Cabinet Office 2009/2012).

Pure Python: no Django. Numbers in, dataclasses out.

Per outcome o and year t = 1..D_o::

    Impact(o, 1) = Q × P × (1 − deadweight) × (1 − displacement) × (1 − attribution)
    Impact(o, t) = Impact(o, t − 1) × (1 − drop_off)          t ≥ 2
    PV           = Σ_t Σ_o Impact(o, t) / (1 + r)^t            (year 1 is discounted)
    NPV = PV − inputs;  ratio = PV / inputs;  net ratio = NPV / inputs
    payback (months) = inputs / (Σ_o Impact(o, 1) / 12)

The sensitivity table moves one assumption at a time, for every outcome at once, down and up
by a step (shares by ``step`` points, clamped to 0..1; proxies and quantities by ``step`` as a
fraction; durations by one year; the discount rate by one point) and gives the ratio each
time, and the value of the assumption at which the ratio would be 1:1 (the Guide asks for it).
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

SHARES = ("deadweight", "attribution", "displacement", "drop_off")


@dataclass(frozen=True)
class OutcomeLine:
    """One valued outcome. Shares are fractions (0.2 for 20 %)."""

    name: str
    quantity: float
    proxy: float
    duration: int = 1
    deadweight: float = 0.0
    displacement: float = 0.0
    attribution: float = 0.0
    drop_off: float = 0.0
    tag: str = ""


@dataclass(frozen=True)
class SroiInput:
    outcomes: tuple[OutcomeLine, ...]
    inputs: float
    discount_rate: float = 0.035


@dataclass(frozen=True)
class OutcomeResult:
    name: str
    tag: str
    year_values: tuple[float, ...]  # Impact(o, t), undiscounted, t = 1..D_o
    present_value: float


@dataclass(frozen=True)
class SroiResult:
    years: int  # the longest duration
    year_values: tuple[float, ...]  # Σ_o Impact(o, t), undiscounted
    discounted_values: tuple[float, ...]  # the same divided by (1 + r)^t
    outcomes: tuple[OutcomeResult, ...]
    present_value: float
    inputs: float
    net_present_value: float
    ratio: float | None  # None when there are no inputs
    net_ratio: float | None
    payback_months: float | None  # None when the first year has no impact


@dataclass(frozen=True)
class SensitivityRow:
    assumption: str  # deadweight, attribution, displacement, drop_off, proxy,
    # quantity, duration, discount_rate
    change: str  # how the assumption moved, e.g. "±10 points"
    ratio_down: float | None
    ratio_base: float | None
    ratio_up: float | None
    # The value at which the ratio is 1:1: for shares, the points added to every outcome's
    # share; for proxy and quantity, the factor they are multiplied by; for the duration,
    # the years added; for the discount rate, the rate. None when not reached in range.
    break_even: float | None


def impact_first_year(line: OutcomeLine) -> float:
    return (
        line.quantity
        * line.proxy
        * (1 - line.deadweight)
        * (1 - line.displacement)
        * (1 - line.attribution)
    )


def sroi_compute(data: SroiInput) -> SroiResult:
    if data.discount_rate <= -1:
        raise ValueError("The discount rate must be above -100 %.")
    for line in data.outcomes:
        if line.duration < 1:
            raise ValueError(f"{line.name}: the duration must be at least one year.")
        for share in SHARES:
            if not 0 <= getattr(line, share) <= 1:
                raise ValueError(f"{line.name}: {share} must lie between 0 and 1.")
        if line.quantity < 0 or line.proxy < 0:
            raise ValueError(f"{line.name}: quantity and proxy cannot be negative.")
    years = max((line.duration for line in data.outcomes), default=0)
    factors = [(1 + data.discount_rate) ** t for t in range(1, years + 1)]
    totals = [0.0] * years
    results = []
    for line in data.outcomes:
        values = []
        value = impact_first_year(line)
        for t in range(line.duration):
            if t:
                value *= 1 - line.drop_off
            values.append(value)
            totals[t] += value
        results.append(
            OutcomeResult(
                name=line.name,
                tag=line.tag,
                year_values=tuple(values),
                present_value=sum(v / factors[t] for t, v in enumerate(values)),
            )
        )
    discounted = tuple(v / f for v, f in zip(totals, factors, strict=True))
    pv = sum(discounted)
    first = totals[0] if totals else 0.0
    inputs = data.inputs
    return SroiResult(
        years=years,
        year_values=tuple(totals),
        discounted_values=discounted,
        outcomes=tuple(results),
        present_value=pv,
        inputs=inputs,
        net_present_value=pv - inputs,
        ratio=pv / inputs if inputs > 0 else None,
        net_ratio=(pv - inputs) / inputs if inputs > 0 else None,
        payback_months=inputs / (first / 12) if first > 0 else None,
    )


def _clamp(x: float) -> float:
    return min(1.0, max(0.0, x))


def _moved(data: SroiInput, assumption: str, amount: float) -> SroiInput:
    """``data`` with ``assumption`` moved by ``amount`` (see SensitivityRow.break_even)."""
    if assumption == "discount_rate":
        return replace(data, discount_rate=max(0.0, amount))
    lines = []
    for line in data.outcomes:
        if assumption in SHARES:
            line = replace(
                line, **{assumption: _clamp(getattr(line, assumption) + amount)}
            )
        elif assumption == "proxy":
            line = replace(line, proxy=line.proxy * amount)
        elif assumption == "quantity":
            line = replace(line, quantity=line.quantity * amount)
        elif assumption == "duration":
            line = replace(line, duration=max(1, line.duration + round(amount)))
        else:
            raise ValueError(f"Unknown assumption: {assumption}")
        lines.append(line)
    return replace(data, outcomes=tuple(lines))


def _ratio(data: SroiInput) -> float | None:
    return sroi_compute(data).ratio


def _bisect(f: Callable[[float], float], lo: float, hi: float) -> float | None:
    """A root of the monotone ``f`` in [lo, hi], or None if it has none there."""
    f_lo, f_hi = f(lo), f(hi)
    if f_lo == 0:
        return lo
    if f_hi == 0:
        return hi
    if (f_lo > 0) == (f_hi > 0):
        return None
    for _ in range(200):
        mid = (lo + hi) / 2
        f_mid = f(mid)
        if f_mid == 0 or hi - lo < 1e-13:
            return mid
        if (f_mid > 0) == (f_lo > 0):
            lo, f_lo = mid, f_mid
        else:
            hi = mid
    return (lo + hi) / 2


def _break_even(data: SroiInput, assumption: str) -> float | None:
    if data.inputs <= 0 or not data.outcomes:
        return None

    def gap(amount: float) -> float:
        return (
            sroi_compute(_moved(data, assumption, amount)).present_value - data.inputs
        )

    if assumption in SHARES:
        return _bisect(gap, -1.0, 1.0)
    if assumption in ("proxy", "quantity"):
        # PV is proportional to the factor: solve directly.
        pv = sroi_compute(data).present_value
        return data.inputs / pv if pv > 0 else None
    if assumption == "discount_rate":
        return _bisect(gap, 0.0, 10.0)
    if assumption == "duration":
        longest = max(line.duration for line in data.outcomes)
        for added in range(1 - min(line.duration for line in data.outcomes), 51):
            if longest + added > 50:
                break
            if gap(added) >= 0:
                return float(added)
        return None
    raise ValueError(f"Unknown assumption: {assumption}")


def sensitivity(data: SroiInput, *, step: float = 0.10) -> tuple[SensitivityRow, ...]:
    """The ratio with each assumption moved down and up by a step (see the module doc)."""
    base = _ratio(data)
    points = f"{step * 100:g}"
    moves = [
        (name, -step, step, f"±{points} points")
        for name in ("deadweight", "attribution", "displacement", "drop_off")
    ] + [
        ("proxy", 1 - step, 1 + step, f"±{points} %"),
        ("quantity", 1 - step, 1 + step, f"±{points} %"),
        ("duration", -1, 1, "±1 year"),
        (
            "discount_rate",
            data.discount_rate - 0.01,
            data.discount_rate + 0.01,
            "±1 point",
        ),
    ]
    return tuple(
        SensitivityRow(
            assumption=name,
            change=change,
            ratio_down=_ratio(_moved(data, name, down)),
            ratio_base=base,
            ratio_up=_ratio(_moved(data, name, up)),
            break_even=_break_even(data, name),
        )
        for name, down, up, change in moves
    )
