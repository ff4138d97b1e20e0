"""Paired tests on the differences ``after - before``, with R's rules.

- ``paired_t`` is R's ``t.test(after, before, paired = TRUE)`` (stats/R/t.test.R).
- ``wilcoxon_signed_rank`` is R's ``wilcox.test(after, before, paired = TRUE)`` with its
  defaults (stats/R/wilcox.test.R, R 4.2): zeros are dropped before ranking; the exact
  distribution (R's ``psignrank``) is used when fewer than 50 non-zero differences remain
  and there are neither ties nor zeros; otherwise the normal approximation with the tie
  correction ``sum(t^3 - t) / 48`` and the continuity correction ``sign(z) * 0.5``.

  SciPy's ``scipy.stats.wilcoxon`` differs from R on every one of these points (it reports
  min(R+, R-) instead of V, has no continuity correction by default, switches to the exact
  branch at a different size and uses a permutation test for small samples with ties), so
  it is not used here.

Values that cannot be computed are None, never NaN.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from scipy import special
from scipy import stats as sps

EPS = np.finfo(np.float64).eps
TIE_DECIMALS = 9  # differences are rounded to 1e-9 before zeros and ties are looked for
EXACT_BELOW = 50  # R: exact <- (n < 50)


@dataclass(frozen=True)
class PairedT:
    n: int
    mean_diff: float | None
    sd_diff: float | None
    t: float | None
    df: int | None
    p: float | None
    ci95: tuple[float, float] | None


@dataclass(frozen=True)
class Wilcoxon:
    v: float | None  # sum of the ranks of the positive differences
    p: float | None
    method: str | None  # "exact" or "normal"
    n_nonzero: int
    n_zero: int
    ties: bool


def paired_t(diff: np.ndarray, *, confidence: float = 0.95) -> PairedT:
    """R's one-sample t-test of the differences (``t.test(after, before, paired = TRUE)``).

    R stops with "data are essentially constant" when the standard error is below
    ``10 * .Machine$double.eps * abs(mean)``; here t, p and the interval are None then.
    """
    d = np.asarray(diff, dtype=np.float64)
    n = len(d)
    if n == 0:
        return PairedT(0, None, None, None, None, None, None)
    mean = float(d.mean())
    if n < 2:
        return PairedT(n, mean, None, None, None, None, None)
    sd = float(d.std(ddof=1))
    df = n - 1
    stderr = sd / math.sqrt(n)
    if stderr < 10 * EPS * abs(mean) or stderr == 0:
        return PairedT(n, mean, sd, None, df, None, None)
    t = mean / stderr
    p = float(2 * sps.t.sf(abs(t), df))
    q = float(sps.t.ppf(1 - (1 - confidence) / 2, df))
    return PairedT(n, mean, sd, t, df, p, (mean - q * stderr, mean + q * stderr))


def wilcoxon_signed_rank(
    diff: np.ndarray, *, correct: bool = True, exact: bool | None = None
) -> Wilcoxon:
    """R's ``wilcox.test(after, before, paired = TRUE)`` on ``diff = after - before``.

    One deliberate difference from R: the differences are rounded to ``TIE_DECIMALS``
    decimals before zeros and ties are looked for and ranks are given. Scale scores are
    means of items, and a mean of three integers is not exact in binary: R would see
    ``13/3 - 10/3`` and ``4 - 3`` as two different values (no tie) and ``10/3 - 10/3 - 0``
    style noise as non-zero. The result equals R's on ``round(after - before, 9)``, and
    equals R's default wherever the scores are exact in binary (integers, halves,
    quarters: scales of 1, 2 or 4 items).
    """
    d = np.round(np.asarray(diff, dtype=np.float64), TIE_DECIMALS)
    zero = d == 0
    n_zero = int(zero.sum())
    d = d[~zero]
    n = len(d)
    if n == 0:
        # R: V = 0 and p-value NaN (the standard deviation of the statistic is 0)
        return Wilcoxon(0.0, None, None, 0, n_zero, False)
    absd = np.abs(d)
    ranks = sps.rankdata(absd)  # average ranks for ties, as R's rank()
    v = float(ranks[d > 0].sum())
    _, counts = np.unique(absd, return_counts=True)
    ties = bool((counts > 1).any())
    use_exact = (n < EXACT_BELOW) if exact is None else exact
    if use_exact and not ties and n_zero == 0:
        # R: p <- if (V > n(n+1)/4) psignrank(V - 1, n, lower = FALSE) else psignrank(V, n)
        if v > n * (n + 1) / 4:
            p = psignrank(int(v) - 1, n, lower_tail=False)
        else:
            p = psignrank(int(v), n)
        return Wilcoxon(v, min(2.0 * p, 1.0), "exact", n, n_zero, ties)
    z = v - n * (n + 1) / 4
    sigma2 = n * (n + 1) * (2 * n + 1) / 24 - float((counts**3 - counts).sum()) / 48
    sigma = math.sqrt(sigma2) if sigma2 > 0 else 0.0
    correction = math.copysign(0.5, z) if (correct and z != 0) else 0.0
    if sigma == 0:
        return Wilcoxon(v, None, "normal", n, n_zero, ties)
    z = (z - correction) / sigma
    p = 2 * min(float(special.ndtr(z)), float(special.ndtr(-z)))
    return Wilcoxon(v, min(p, 1.0), "normal", n, n_zero, ties)


def psignrank(q: int, n: int, *, lower_tail: bool = True) -> float:
    """P(V <= q) (or P(V > q)) for n untied non-zero differences: R's ``psignrank``.

    As R does, the tail beyond the middle is summed from the other end (the
    distribution is symmetric), so that small upper-tail probabilities keep their digits.
    """
    top = n * (n + 1) // 2
    if q < 0:
        p = 0.0
    elif q >= top:
        p = 1.0
    else:
        counts = _signrank_counts(n)
        if q <= top / 2:
            p = float(counts[: q + 1].sum() / 2.0**n)
        else:  # P(V <= q) = 1 - P(V <= top - q - 1)
            p = float(counts[: top - q].sum() / 2.0**n)
            lower_tail = not lower_tail
    return p if lower_tail else 1.0 - p


@lru_cache(maxsize=64)
def _signrank_counts(n: int) -> np.ndarray:
    """Number of subsets of {1..n} with each sum 0..n(n+1)/2 (exact in float64, n < 54)."""
    top = n * (n + 1) // 2
    counts = np.zeros(top + 1, dtype=np.float64)
    counts[0] = 1.0
    for k in range(1, n + 1):
        counts[k:] = counts[k:] + counts[:-k]
    counts.setflags(write=False)
    return counts
