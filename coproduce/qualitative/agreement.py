"""Agreement between coders: pure NumPy, no Django.

Three coefficients, each on nominal data:

- ``krippendorff_alpha_nominal(data)``: Krippendorff's alpha for any number of coders
  and missing values. ``data`` is coders x units, ``nan`` where a coder gave no value.
  It follows Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability", section
  C: the coincidence matrix ``o_ck = sum_u (pairs c-k in unit u) / (m_u - 1)`` over the
  units with at least two values, ``n_c`` its margins, and
  ``alpha = 1 - (n - 1) * sum_{c!=k} o_ck / sum_{c!=k} n_c n_k``.
- ``cohen_kappa(a, b)``: Cohen's (1960) kappa of two coders, ``(p_o - p_e)/(1 - p_e)``
  with ``p_e`` from each coder's own margins, over the units both coded.
- ``percent_agreement``: the share, in per cent, of the units every coder coded on
  which they all gave the same value.

``code_agreement(read, applied, codes)`` computes the three for many codes at once on
"applied / not applied", vectorised over codes and units: ``read`` is coders x units
(who read which unit), ``applied`` is codes x coders x units. For a binary variable the
coincidences collapse to one number per unit: with ``m_u`` coders reading unit ``u`` and
``a_u`` of them applying the code, ``o_01 + o_10 = 2 a_u (m_u - a_u) / (m_u - 1)``, so
``alpha = 1 - (n - 1) * sum_u a_u b_u / (m_u - 1) / (n_1 n_0)`` with ``b_u = m_u - a_u``.

When a coefficient is undefined, the answer is ``None``, never a number:

- alpha when the pairable values show no variation (every value the same, so the
  expected disagreement ``D_e`` is 0 and alpha is 0/0), or no unit has two values. R's
  ``irr::kripp.alpha`` answers NaN there and the ``krippendorff`` package refuses;
  Krippendorff (2011) calls the data then uninformative about reliability: agreement
  that cannot be told apart from a constant. A code nobody applied (or everybody always
  applied) therefore has ``None`` for alpha and kappa and 100 % agreement.
- kappa when ``p_e = 1`` (both coders gave one and the same value throughout: 0/0, R's
  ``irr::kappa2`` answers NaN), or there are no units both coded.
- percent agreement when no unit was coded by every coder.

The conventional reading (Krippendorff 2004, p. 241): alpha >= 0.800 reliable, alpha >=
0.667 enough for tentative conclusions, below that not reliable (``alpha_reading``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass

import numpy as np

RELIABLE = 0.800
TENTATIVE = 0.667


@dataclass(frozen=True)
class CodeAgreement:
    """The agreement on one code: applied or not applied, per unit."""

    code: str
    n_units: int  # units read by at least two coders
    krippendorff_alpha: float | None
    cohen_kappa: float | None  # only with exactly two coders
    percent_agreement: float | None  # over the units every coder read

    def to_dict(self) -> dict:
        return asdict(self)


def alpha_reading(alpha: float | None) -> str:
    """``reliable``, ``tentative``, ``unreliable`` or ``undefined`` (the convention)."""
    if alpha is None:
        return "undefined"
    if alpha >= RELIABLE:
        return "reliable"
    if alpha >= TENTATIVE:
        return "tentative"
    return "unreliable"


def krippendorff_alpha_nominal(
    data: np.ndarray | Sequence[Sequence[float]],
) -> float | None:
    """Krippendorff's alpha, nominal, of a coders x units matrix (``nan`` = missing).

    ``None`` when undefined (no unit with two values, or no variation)."""
    values = np.asarray(data, dtype=float)
    if values.ndim != 2:
        raise ValueError("data must be a coders x units matrix")
    present = ~np.isnan(values)
    categories = np.unique(values[present])
    if categories.size == 0:
        return None
    # counts[k, u]: how many coders gave unit u the value categories[k]
    index = np.searchsorted(categories, np.where(present, values, categories[0]))
    counts = np.zeros((categories.size, values.shape[1]))
    for k in range(categories.size):
        counts[k] = ((index == k) & present).sum(axis=0)
    m = counts.sum(axis=0)
    pairable = m >= 2
    counts, m = counts[:, pairable], m[pairable]
    if m.size == 0:
        return None
    # o_ck = sum_u n_cu (n_ku - [c == k]) / (m_u - 1)
    weighted = counts / (m - 1)
    coincidences = weighted @ counts.T - np.diag(weighted.sum(axis=1))
    n_c = coincidences.sum(axis=1)
    n = n_c.sum()
    observed = coincidences.sum() - np.trace(coincidences)
    expected = n_c.sum() ** 2 - (n_c**2).sum()
    if expected <= 0:
        return None
    return float(1.0 - (n - 1.0) * observed / expected)


def cohen_kappa(a: Sequence[object], b: Sequence[object]) -> float | None:
    """Cohen's kappa of two coders' nominal values over the same units (``None`` or
    ``nan`` = not coded; such units are left out). ``None`` when undefined."""
    if len(a) != len(b):
        raise ValueError("the two coders must have a value (or None) for every unit")
    pairs = [(x, y) for x, y in zip(a, b, strict=True) if _given(x) and _given(y)]
    if not pairs:
        return None
    labels = sorted({v for pair in pairs for v in pair}, key=repr)
    position = {label: i for i, label in enumerate(labels)}
    table = np.zeros((len(labels), len(labels)))
    for x, y in pairs:
        table[position[x], position[y]] += 1
    total = table.sum()
    observed = np.trace(table) / total
    expected = float((table.sum(axis=1) * table.sum(axis=0)).sum() / total**2)
    if expected >= 1.0:
        return None
    return float((observed - expected) / (1.0 - expected))


def percent_agreement(data: np.ndarray | Sequence[Sequence[float]]) -> float | None:
    """Of the units every coder coded (coders x units, ``nan`` = missing), the per cent
    on which all gave the same value; ``None`` when there is no such unit."""
    values = np.asarray(data, dtype=float)
    complete = ~np.isnan(values).any(axis=0)
    if not complete.any():
        return None
    values = values[:, complete]
    same = (values == values[0]).all(axis=0)
    return float(100.0 * same.mean())


def _given(value: object) -> bool:
    return value is not None and not (isinstance(value, float) and np.isnan(value))


def code_agreement(
    read: np.ndarray, applied: np.ndarray, codes: Sequence[str]
) -> list[CodeAgreement]:
    """The agreement on each code, applied or not, all codes at once.

    ``read``: bool, coders x units, True where the coder read the unit. ``applied``:
    bool, codes x coders x units, True where the coder applied the code to the unit
    (ignored where the coder did not read it). Kappa is given only with two coders."""
    read = np.asarray(read, dtype=bool)
    applied = np.asarray(applied, dtype=bool)
    if read.ndim != 2 or applied.ndim != 3 or applied.shape[1:] != read.shape:
        raise ValueError("read is coders x units and applied codes x coders x units")
    if applied.shape[0] != len(codes):
        raise ValueError("one code name per layer of applied")
    n_coders = read.shape[0]
    applied = applied & read[np.newaxis]
    m = read.sum(axis=0).astype(float)  # coders reading each unit
    pairable = m >= 2
    n_units = int(pairable.sum())

    a = applied[:, :, pairable].sum(axis=1, dtype=float)  # codes x pairable units
    mp = m[pairable]
    b = mp - a
    n1 = a.sum(axis=1)
    n0 = b.sum(axis=1)
    n = n1 + n0
    disagreement = (a * b / (mp - 1.0)).sum(axis=1) if n_units else np.zeros(len(codes))
    expected = n1 * n0
    with np.errstate(divide="ignore", invalid="ignore"):
        alpha = np.where(
            expected > 0, 1.0 - (n - 1.0) * disagreement / expected, np.nan
        )

    every = read.all(axis=0)
    if every.any():
        on_every = applied[:, :, every]
        agree = on_every.all(axis=1) | ~on_every.any(axis=1)
        percent = 100.0 * agree.mean(axis=1)
    else:
        percent = np.full(len(codes), np.nan)

    kappa = np.full(len(codes), np.nan)
    if n_coders == 2:
        both = read.all(axis=0)
        total = float(both.sum())
        if total:
            x = applied[:, 0, both]
            y = applied[:, 1, both]
            observed = (x == y).sum(axis=1) / total
            px, py = x.sum(axis=1) / total, y.sum(axis=1) / total
            chance = px * py + (1.0 - px) * (1.0 - py)
            with np.errstate(divide="ignore", invalid="ignore"):
                kappa = np.where(
                    chance < 1.0 - 1e-12, (observed - chance) / (1.0 - chance), np.nan
                )

    return [
        CodeAgreement(
            code=str(code),
            n_units=n_units,
            krippendorff_alpha=_number(alpha[i]),
            cohen_kappa=_number(kappa[i]),
            percent_agreement=_number(percent[i]),
        )
        for i, code in enumerate(codes)
    ]


def _number(value: float) -> float | None:
    return None if np.isnan(value) else float(value)
