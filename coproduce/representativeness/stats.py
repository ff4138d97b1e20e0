"""Representativeness statistics: participants of each group compared with the population.

Pure (no Django): counts in, dataclasses out. Formulas as in standards.md section 6:
shares s_k = n_k / n and pi_k = N_k / N; representation ratio RR_k = s_k / pi_k (1 is
proportional, below 0.8 under-represented, above 1.25 over-represented); Duncan's
dissimilarity index D = 1/2 sum |s_k - pi_k|; the chi-square goodness-of-fit test computed
as R's ``chisq.test(x, p = pi)``, including the warning R gives when an expected count
``n * pi_k`` is below 5. tests/fixtures/representativeness/make_reference.R produced the
reference values the tests compare with.

Each ratio has its 95 % interval, the Wilson score interval of s_k (scipy's, checked
against Newcombe 1998) divided by pi_k. A group whose expected count is below 5 gets no
reading: with, say, six participants, a group of 5 % of the population is expected 0.3
times, and none taking part says nothing about it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from scipy.stats import binomtest, chi2

UNDER = 0.8  # the four-fifths heuristic
OVER = 1.25
MIN_EXPECTED = 5  # below it a group is too small in the sample to be read
R_WARNING = "Chi-squared approximation may be incorrect"


@dataclass(frozen=True)
class GroupResult:
    group: str
    participants: int
    population: int
    share: float | None  # of participants (None without participants)
    population_share: float | None
    ratio: float | None  # share / population share (None if either is undefined)
    expected: float | None  # n * population share
    ratio_low: float | None = None  # 95 % interval of the ratio (Wilson)
    ratio_high: float | None = None

    @property
    def reading(self) -> str:
        """'under', 'over' or 'proportional'; 'too_few' when fewer than 5 participants of
        the group are expected; empty when the ratio is undefined."""
        if self.ratio is None:
            return ""
        if self.expected is not None and self.expected < MIN_EXPECTED:
            return "too_few"
        if self.ratio < UNDER:
            return "under"
        if self.ratio > OVER:
            return "over"
        return "proportional"


@dataclass(frozen=True)
class ChiSquare:
    statistic: float
    df: int
    p_value: float
    warning: str | None  # R's warning text, or None


@dataclass(frozen=True)
class Comparison:
    groups: list[GroupResult]
    n: int
    population: int
    duncan: float | None
    chisq: ChiSquare | None
    cohens_w: float | None

    def to_dict(self) -> dict:
        return {
            "n": self.n,
            "population": self.population,
            "duncan": self.duncan,
            "cohens_w": self.cohens_w,
            "chisq": None
            if self.chisq is None
            else {
                "statistic": self.chisq.statistic,
                "df": self.chisq.df,
                "p_value": self.chisq.p_value,
                "warning": self.chisq.warning,
            },
            "groups": [
                {
                    "group": g.group,
                    "participants": g.participants,
                    "population": g.population,
                    "share": g.share,
                    "population_share": g.population_share,
                    "ratio": g.ratio,
                    "ratio_ci95": [g.ratio_low, g.ratio_high],
                    "expected": g.expected,
                }
                for g in self.groups
            ],
        }


def shares(counts: Sequence[int]) -> list[float] | None:
    total = sum(counts)
    if total <= 0:
        return None
    return [c / total for c in counts]


def ratio_interval(k: int, n: int, pi: float) -> tuple[float, float] | None:
    """The 95 % interval of the representation ratio: the Wilson score interval of k / n
    (as R's ``prop.test(k, n, correct = FALSE)``), divided by the population share."""
    if n <= 0 or not pi:
        return None
    ci = binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    return ci.low / pi, ci.high / pi


def duncan_index(s: Sequence[float], pi: Sequence[float]) -> float:
    return 0.5 * sum(abs(a - b) for a, b in zip(s, pi, strict=True))


def chisq_test(x: Sequence[int], p: Sequence[float]) -> ChiSquare:
    """R's ``chisq.test(x, p = p)`` (given probabilities, no simulation): statistic,
    df = K - 1, upper-tail p-value, and R's warning when any expected count is below 5."""
    if len(x) != len(p):
        raise ValueError("x and p must have the same length")
    if any(v < 0 for v in x) or any(v < 0 for v in p):
        raise ValueError("counts and probabilities must be non-negative")
    if abs(sum(p) - 1) > math.sqrt(2.220446049250313e-16):
        raise ValueError("probabilities must sum to 1")
    n = sum(x)
    expected = [n * pk for pk in p]
    statistic = sum(
        (xk - ek) ** 2 / ek for xk, ek in zip(x, expected, strict=True) if ek > 0
    )
    df = len(x) - 1
    p_value = float(chi2.sf(statistic, df)) if df > 0 else math.nan
    warning = R_WARNING if any(ek < 5 for ek in expected) else None
    return ChiSquare(float(statistic), df, p_value, warning)


def compare(
    groups: Sequence[str], participants: Sequence[int], population: Sequence[int]
) -> Comparison:
    """Participants per group against the population per group (same order)."""
    if not (len(groups) == len(participants) == len(population)):
        raise ValueError("groups, participants and population must have one entry each")
    n = sum(participants)
    big_n = sum(population)
    s = shares(participants)
    pi = shares(population)
    rows = []
    for k, group in enumerate(groups):
        share = s[k] if s else None
        pop_share = pi[k] if pi else None
        ratio = interval = None
        if share is not None and pop_share:
            ratio = share / pop_share
            interval = ratio_interval(participants[k], n, pop_share)
        rows.append(
            GroupResult(
                group=group,
                participants=participants[k],
                population=population[k],
                share=share,
                population_share=pop_share,
                ratio=ratio,
                expected=n * pop_share if pop_share is not None else None,
                ratio_low=interval[0] if interval else None,
                ratio_high=interval[1] if interval else None,
            )
        )
    duncan = chisq = w = None
    # A group with no population cannot be expected: the test needs every pi_k > 0.
    if s and pi and len(groups) >= 2 and all(v > 0 for v in pi):
        duncan = duncan_index(s, pi)
        chisq = chisq_test(participants, pi)
        w = math.sqrt(chisq.statistic / n)
    return Comparison(
        groups=rows, n=n, population=big_n, duncan=duncan, chisq=chisq, cohens_w=w
    )
