"""The panel as arrays: the data contract, scale scores and the pairing of two waves.

Everything here is vectorised: respondents are turned into integer codes once (NumPy
``unique``), scores are scattered into one array per wave indexed by those codes, and
pairs are the codes with a score in both arrays. There is no Python loop over rows.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class ScaleSpec:
    name: str
    items: tuple[str, ...]  # item codes, in order
    reverse: frozenset[str]  # reverse-coded item codes
    minimum: float  # answer range of every item of the scale
    maximum: float


@dataclass(frozen=True)
class PanelData:
    """One row per respondent x wave; ``values`` columns follow ``items``; NaN = missing."""

    respondents: np.ndarray  # shape (rows,), hashable ids (int64 or object)
    waves: np.ndarray  # shape (rows,), int wave numbers
    items: tuple[str, ...]  # column codes of `values`
    values: np.ndarray  # shape (rows, len(items)), float64
    scales: tuple[ScaleSpec, ...]


@dataclass(frozen=True)
class Coded:
    """The panel's respondents as codes 0..n-1 (``ids[code]`` is the original id)."""

    ids: np.ndarray
    codes: np.ndarray  # shape (rows,), int64


def panel_check(panel: PanelData) -> None:
    """Raise ValueError if the arrays do not fit together or a scale names no column."""
    rows = len(panel.respondents)
    if np.shape(panel.waves) != (rows,):
        raise ValueError(f"waves has shape {np.shape(panel.waves)}, expected ({rows},)")
    if np.shape(panel.values) != (rows, len(panel.items)):
        raise ValueError(
            f"values has shape {np.shape(panel.values)}, "
            f"expected ({rows}, {len(panel.items)})"
        )
    known = set(panel.items)
    if len(known) != len(panel.items):
        raise ValueError("items has duplicate codes")
    for scale in panel.scales:
        missing = [code for code in scale.items if code not in known]
        if missing:
            raise ValueError(
                f"scale {scale.name!r}: items {', '.join(missing)} are not in the panel"
            )
        if not scale.items:
            raise ValueError(f"scale {scale.name!r} has no items")
        if not set(scale.reverse) <= set(scale.items):
            raise ValueError(
                f"scale {scale.name!r}: a reverse item is not one of its items"
            )
        if not scale.minimum < scale.maximum:
            raise ValueError(f"scale {scale.name!r}: minimum must be below maximum")


def respondents_code(respondents: np.ndarray) -> Coded:
    """Integer codes for any hashable ids, sorted if they sort, else in order of appearance."""
    respondents = np.asarray(respondents)
    try:
        ids, codes = np.unique(respondents, return_inverse=True)
    except TypeError:  # ids of mixed types (e.g. 7 and "7") do not sort
        index: dict = {}
        codes = np.fromiter(
            (index.setdefault(r, len(index)) for r in respondents.tolist()),
            dtype=np.int64,
            count=len(respondents),
        )
        ids = np.empty(len(index), dtype=object)
        ids[:] = list(index)
    return Coded(ids=ids, codes=np.asarray(codes, dtype=np.int64).reshape(-1))


def duplicates_check(coded: Coded, waves: np.ndarray) -> None:
    """Raise ValueError naming the first respondent that has two rows in one wave."""
    waves = np.asarray(waves, dtype=np.int64)
    if len(waves) < 2:
        return
    order = np.lexsort((waves, coded.codes))
    codes, sorted_waves = coded.codes[order], waves[order]
    same = (codes[1:] == codes[:-1]) & (sorted_waves[1:] == sorted_waves[:-1])
    if same.any():
        first = int(np.flatnonzero(same)[0])
        count = int(same.sum())
        respondent = coded.ids[codes[first]]
        if isinstance(respondent, np.generic):
            respondent = respondent.item()
        raise ValueError(
            f"respondent {respondent!r} has more than one row in wave "
            f"{int(sorted_waves[first])}"
            + (f" ({count} duplicate rows in all)" if count > 1 else "")
        )


def scale_items(panel: PanelData, scale: ScaleSpec) -> np.ndarray:
    """The scale's item columns, reverse-coded items turned to ``min + max - x``."""
    position = {code: i for i, code in enumerate(panel.items)}
    columns = [position[code] for code in scale.items]
    block = np.asarray(panel.values, dtype=np.float64)[:, columns]
    flip = [i for i, code in enumerate(scale.items) if code in scale.reverse]
    if flip:
        block[:, flip] = (scale.minimum + scale.maximum) - block[:, flip]
    return block


def scale_score(block: np.ndarray) -> np.ndarray:
    """The mean of the items per row; NaN if any item is missing (NaN propagates)."""
    return block.mean(axis=1)


def per_respondent(
    values: np.ndarray, codes: np.ndarray, rows: np.ndarray, n: int
) -> np.ndarray:
    """Scatter the ``rows`` of ``values`` to an array indexed by respondent code."""
    out = np.full(n, np.nan)
    out[codes[rows]] = values[rows]
    return out
