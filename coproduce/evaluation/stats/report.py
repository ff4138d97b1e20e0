"""The analysis of one pair of waves: every scale's change, its tests, and attrition."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np

from .adjust import holm
from .attrition import standardised_difference, welch_t
from .paired import paired_t, wilcoxon_signed_rank
from .panel import (
    PanelData,
    ScaleSpec,
    duplicates_check,
    panel_check,
    per_respondent,
    respondents_code,
    scale_items,
    scale_score,
)
from .reliability import cronbach_alpha


@dataclass(frozen=True)
class ScaleResult:
    scale: str
    n_pairs: int  # respondents with a score in both waves
    n_before: int  # respondents with a score in the before wave
    n_after: int
    mean_before: float | None  # over the pairs
    mean_after: float | None
    sd_before: float | None  # over the pairs
    sd_after: float | None
    mean_diff: float | None  # after - before
    sd_diff: float | None
    t: float | None
    df: int | None
    p_t: float | None
    ci95: tuple[float, float] | None
    wilcoxon_v: float | None
    p_wilcoxon: float | None
    wilcoxon_method: str | None  # "exact" or "normal"
    n_zero_diffs: int
    cohen_dz: float | None
    alpha_before: float | None
    alpha_after: float | None
    p_holm: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "n_pairs": self.n_pairs,
            "mean_before": self.mean_before,
            "mean_after": self.mean_after,
            "mean_diff": self.mean_diff,
            "sd_diff": self.sd_diff,
            "t": self.t,
            "df": self.df,
            "p_t": self.p_t,
            "ci95": list(self.ci95) if self.ci95 is not None else None,
            "wilcoxon_v": self.wilcoxon_v,
            "p_wilcoxon": self.p_wilcoxon,
            "cohen_dz": self.cohen_dz,
            "alpha_before": self.alpha_before,
            "alpha_after": self.alpha_after,
            "p_holm": self.p_holm,
            "wilcoxon_method": self.wilcoxon_method,
            "n_zero_diffs": self.n_zero_diffs,
            "n_before": self.n_before,
            "n_after": self.n_after,
            "sd_before": self.sd_before,
            "sd_after": self.sd_after,
        }


@dataclass(frozen=True)
class AttritionScale:
    """Before-wave scores of those who stayed (a row in both waves) and who left."""

    scale: str
    n_stayed: int
    n_left: int
    mean_stayed: float | None
    mean_left: float | None
    smd: float | None  # (mean left - mean stayed) / pooled SD
    t: float | None  # Welch, R's t.test(left, stayed)
    df: float | None
    p_welch: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "scale": self.scale,
            "n_stayed": self.n_stayed,
            "n_left": self.n_left,
            "mean_stayed": self.mean_stayed,
            "mean_left": self.mean_left,
            "smd": self.smd,
            "t": self.t,
            "df": self.df,
            "p_welch": self.p_welch,
        }


@dataclass(frozen=True)
class Attrition:
    before: int  # respondents with any row in the before wave
    after: int
    both: int
    scales: tuple[AttritionScale, ...]

    @property
    def left(self) -> int:
        return self.before - self.both

    @property
    def joined(self) -> int:
        return self.after - self.both

    @property
    def rate(self) -> float | None:
        return self.left / self.before if self.before else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "both": self.both,
            "left": self.left,
            "joined": self.joined,
            "rate": self.rate,
            "scales": [scale.to_dict() for scale in self.scales],
        }


@dataclass(frozen=True)
class PanelReport:
    before: int  # wave numbers
    after: int
    scales: tuple[ScaleResult, ...]
    attrition: Attrition

    def to_dict(self) -> dict[str, Any]:
        return {
            "before": self.before,
            "after": self.after,
            "scales": [scale.to_dict() for scale in self.scales],
            "attrition": self.attrition.to_dict(),
        }


def analyse_panel(panel: PanelData, *, before: int, after: int) -> PanelReport:
    """Analyse the change from wave ``before`` to wave ``after`` on every scale.

    Raises ValueError if the arrays do not fit together, if the waves are the same or
    if a respondent has two rows in one wave. A wave without rows gives a report with
    no pairs (and None wherever a value cannot be computed).
    """
    if before == after:
        raise ValueError(f"the before and after waves are both {before}")
    panel_check(panel)
    coded = respondents_code(panel.respondents)
    waves = np.asarray(panel.waves, dtype=np.int64)
    duplicates_check(coded, waves)
    n = len(coded.ids)
    rows_before = np.flatnonzero(waves == before)
    rows_after = np.flatnonzero(waves == after)
    in_before = np.zeros(n, dtype=bool)
    in_before[coded.codes[rows_before]] = True
    in_after = np.zeros(n, dtype=bool)
    in_after[coded.codes[rows_after]] = True
    stayed = in_before & in_after
    left = in_before & ~in_after

    results: list[dict[str, Any]] = []
    attrition_scales = []
    for scale in panel.scales:
        block = scale_items(panel, scale)
        score = scale_score(block)
        score_before = per_respondent(score, coded.codes, rows_before, n)
        score_after = per_respondent(score, coded.codes, rows_after, n)
        results.append(
            _scale_result(
                scale,
                score_before,
                score_after,
                block[rows_before],
                block[rows_after],
            )
        )
        attrition_scales.append(_attrition_scale(scale, score_before, stayed, left))

    adjusted = holm([result["p_t"] for result in results])
    scales = tuple(
        ScaleResult(**result, p_holm=p)
        for result, p in zip(results, adjusted, strict=True)
    )
    attrition = Attrition(
        before=int(in_before.sum()),
        after=int(in_after.sum()),
        both=int(stayed.sum()),
        scales=tuple(attrition_scales),
    )
    return PanelReport(before=before, after=after, scales=scales, attrition=attrition)


def _scale_result(
    scale: ScaleSpec,
    score_before: np.ndarray,
    score_after: np.ndarray,
    block_before: np.ndarray,
    block_after: np.ndarray,
) -> dict[str, Any]:
    paired = ~np.isnan(score_before) & ~np.isnan(score_after)
    x1, x2 = score_before[paired], score_after[paired]
    diff = x2 - x1
    t = paired_t(diff)
    w = wilcoxon_signed_rank(diff)
    dz = None
    if t.t is not None and t.mean_diff is not None and t.sd_diff:
        dz = t.mean_diff / t.sd_diff  # = t / sqrt(n)
    return {
        "scale": scale.name,
        "n_pairs": int(paired.sum()),
        "n_before": int((~np.isnan(score_before)).sum()),
        "n_after": int((~np.isnan(score_after)).sum()),
        "mean_before": _mean(x1),
        "mean_after": _mean(x2),
        "sd_before": _sd(x1),
        "sd_after": _sd(x2),
        "mean_diff": t.mean_diff,
        "sd_diff": t.sd_diff,
        "t": t.t,
        "df": t.df,
        "p_t": t.p,
        "ci95": t.ci95,
        "wilcoxon_v": w.v,
        "p_wilcoxon": w.p,
        "wilcoxon_method": w.method,
        "n_zero_diffs": w.n_zero,
        "cohen_dz": dz,
        "alpha_before": cronbach_alpha(block_before),
        "alpha_after": cronbach_alpha(block_after),
    }


def _attrition_scale(
    scale: ScaleSpec, score_before: np.ndarray, stayed: np.ndarray, left: np.ndarray
) -> AttritionScale:
    scored = ~np.isnan(score_before)
    x_stayed = score_before[stayed & scored]
    x_left = score_before[left & scored]
    welch = welch_t(x_left, x_stayed)
    return AttritionScale(
        scale=scale.name,
        n_stayed=len(x_stayed),
        n_left=len(x_left),
        mean_stayed=_mean(x_stayed),
        mean_left=_mean(x_left),
        smd=standardised_difference(x_left, x_stayed),
        t=welch.t,
        df=welch.df,
        p_welch=welch.p,
    )


def _mean(x: np.ndarray) -> float | None:
    return float(x.mean()) if len(x) else None


def _sd(x: np.ndarray) -> float | None:
    return float(x.std(ddof=1)) if len(x) > 1 else None


def report_text(report: PanelReport) -> str:
    """The report as a plain-text table for a terminal, then the attrition lines."""
    head = (
        f"Change from wave {report.before} to wave {report.after} "
        f"(differences are after - before)"
    )
    columns = [
        ("Scale", "<"),
        ("Pairs", ">"),
        ("Before", ">"),
        ("After", ">"),
        ("Change [95% CI]", ">"),
        ("p (t)", ">"),
        ("p Holm", ">"),
        ("V", ">"),
        ("p (Wilcoxon)", ">"),
        ("d_z", ">"),
        ("alpha before", ">"),
        ("alpha after", ">"),
    ]
    rows = []
    for s in report.scales:
        change = _num(s.mean_diff, "+.2f")
        if s.ci95 is not None:
            change += f" [{s.ci95[0]:+.2f}, {s.ci95[1]:+.2f}]"
        wilcoxon = _p(s.p_wilcoxon)
        if s.wilcoxon_method == "exact":
            wilcoxon += " exact"
        rows.append(
            [
                s.scale,
                str(s.n_pairs),
                _num(s.mean_before, ".2f"),
                _num(s.mean_after, ".2f"),
                change,
                _p(s.p_t),
                _p(s.p_holm),
                _num(s.wilcoxon_v, "g"),
                wilcoxon,
                _num(s.cohen_dz, "+.2f"),
                _num(s.alpha_before, ".2f"),
                _num(s.alpha_after, ".2f"),
            ]
        )
    widths = [
        max(len(title), *(len(row[i]) for row in rows)) if rows else len(title)
        for i, (title, _) in enumerate(columns)
    ]

    def line(cells: list[str]) -> str:
        return "  ".join(
            f"{cell:{align}{width}}"
            for cell, (_, align), width in zip(cells, columns, widths, strict=True)
        ).rstrip()

    out = [head, "", line([title for title, _ in columns])]
    out.append("  ".join("-" * width for width in widths))
    out.extend(line(row) for row in rows)
    a = report.attrition
    rate = f" ({a.rate:.0%} left)" if a.rate is not None else ""
    out += [
        "",
        f"Respondents: {a.before} in wave {report.before}, {a.after} in wave "
        f"{report.after}, {a.both} in both{rate}; {a.joined} only in wave "
        f"{report.after}.",
        f"Those who left, at wave {report.before} (standardised difference left - "
        "stayed; above 0.25 in absolute value is a warning sign):",
    ]
    for left in a.scales:
        out.append(
            f"  {left.scale}: stayed {_num(left.mean_stayed, '.2f')} "
            f"(n {left.n_stayed}), left {_num(left.mean_left, '.2f')} "
            f"(n {left.n_left}), difference {_num(left.smd, '+.2f')} SD, "
            f"Welch p {_p(left.p_welch)}"
        )
    out += [
        "",
        "p Holm: t-test p-values adjusted for the number of scales (Holm). "
        "V: sum of the ranks of the positive changes; "
        "-: cannot be computed.",
    ]
    return "\n".join(out) + "\n"


def _num(value: float | None, spec: str) -> str:
    if value is None or not math.isfinite(value):
        return "-"
    return format(value, spec)


def _p(value: float | None) -> str:
    if value is None:
        return "-"
    return "<0.001" if value < 0.001 else f"{value:.3f}"
