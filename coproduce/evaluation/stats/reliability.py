"""Cronbach's alpha, as psych's ``alpha(x)$total$raw_alpha``."""

from __future__ import annotations

import numpy as np


def cronbach_alpha(block: np.ndarray) -> float | None:
    """Raw alpha of the rows of ``block`` (respondents x items) that have every item.

    psych computes ``(1 - tr(C) / sum(C)) * k / (k - 1)`` with ``C`` the items'
    covariance matrix; on complete rows ``sum(C)`` is the variance of the row sums, so
    this is ``k / (k - 1) * (1 - sum(item variances) / variance(total))``. Items must be
    reverse-coded before. None with fewer than two items, fewer than two complete rows
    or a total without variance.
    """
    x = np.asarray(block, dtype=np.float64)
    x = x[~np.isnan(x).any(axis=1)]
    n, k = x.shape
    if k < 2 or n < 2:
        return None
    total = x.sum(axis=1).var(ddof=1)
    if not total > 0:
        return None
    items = x.var(axis=0, ddof=1).sum()
    return float(k / (k - 1) * (1 - items / total))
