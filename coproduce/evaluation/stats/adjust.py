"""Adjusting p-values for the number of tests: R's ``p.adjust``."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def holm(p: Sequence[float | None]) -> list[float | None]:
    """R's ``p.adjust(p, method = "holm")``; None (R's NA) stays None.

    As in R, the missing p-values do not count as tests: ``n`` defaults to
    ``length(p)`` but is evaluated after the NAs are removed.
    """
    known = [i for i, value in enumerate(p) if value is not None]
    out: list[float | None] = [None] * len(p)
    if not known:
        return out
    values = np.array([p[i] for i in known], dtype=np.float64)
    m = len(values)
    if m == 1:
        out[known[0]] = float(values[0])
        return out
    order = np.argsort(values, kind="stable")
    adjusted = np.minimum(
        1.0, np.maximum.accumulate((m - np.arange(m)) * values[order])
    )
    for rank, index in enumerate(order):
        out[known[index]] = float(adjusted[rank])
    return out
