"""Who left between two waves, and whether they differed at the first of them."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps

EPS = np.finfo(np.float64).eps


@dataclass(frozen=True)
class WelchT:
    t: float | None
    df: float | None
    p: float | None


def welch_t(x: np.ndarray, y: np.ndarray) -> WelchT:
    """R's ``t.test(x, y)`` (unequal variances, Welch-Satterthwaite df), two-sided.

    None where R stops: fewer than two values in a group, or "data are essentially
    constant" (standard error below ``10 * eps * max(|mean x|, |mean y|)``).
    """
    x = np.asarray(x, dtype=np.float64)
    y = np.asarray(y, dtype=np.float64)
    nx, ny = len(x), len(y)
    if nx < 2 or ny < 2:
        return WelchT(None, None, None)
    mx, my = float(x.mean()), float(y.mean())
    sx2, sy2 = x.var(ddof=1) / nx, y.var(ddof=1) / ny
    stderr = math.sqrt(sx2 + sy2)
    if stderr == 0 or stderr < 10 * EPS * max(abs(mx), abs(my)):
        return WelchT(None, None, None)
    df = float(stderr**4 / (sx2**2 / (nx - 1) + sy2**2 / (ny - 1)))
    t = (mx - my) / stderr
    return WelchT(float(t), df, float(2 * sps.t.sf(abs(t), df)))


def standardised_difference(x: np.ndarray, y: np.ndarray) -> float | None:
    """(mean x - mean y) / pooled SD (Cohen's d; above 0.25 in absolute value is a
    warning sign for attrition, What Works Clearinghouse)."""
    nx, ny = len(x), len(y)
    if nx < 2 or ny < 2:
        return None
    pooled = ((nx - 1) * x.var(ddof=1) + (ny - 1) * y.var(ddof=1)) / (nx + ny - 2)
    if not pooled > 0:
        return None
    return float((x.mean() - y.mean()) / math.sqrt(pooled))
