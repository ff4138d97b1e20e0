"""The evaluation report of one panel between two waves, assembled for people.

The numbers are the statistics module's (``analyse_panel`` on the selector's arrays),
never recomputed here; this module adds what a reader needs around them: the waves and
the instrument, each respondent's change per scale (for the free-text answers), the
distribution of scores per wave, a plain-language reading per scale, and the same
report as JSON and CSV. Respondents appear by pseudonym only.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from coproduce.core.errors import DomainError
from coproduce.core.spreadsheet import csv_writer

from .models import Answer, Instrument, Invitation, Item, Panel, Wave
from .selectors import panel_data_for, wave_list
from .stats import PanelData, PanelReport, ScaleResult, ScaleSpec, analyse_panel
from .stats.panel import per_respondent, respondents_code, scale_items, scale_score

ALPHA = 0.05
SMALL_N = 20  # fewer pairs than this: say the estimate is rough
SMD_WARNING = 0.25  # attrition: a standardised difference above this is a warning sign
MINUS = "\u2212"


# Formatting ------------------------------------------------------------------------------


def fmt(value: float | None, digits: int = 2, *, sign: bool = False) -> str:
    """A number for reading: fixed decimals, a true minus sign, '–' when missing."""
    if value is None or not math.isfinite(value):
        return "–"
    text = format(value, f"{'+' if sign else ''}.{digits}f")
    if text.lstrip("+-").strip("0.") == "":  # -0.00 reads as 0.00
        text = format(0.0, f".{digits}f")
    return text.replace("-", MINUS)


def fmt_p(p: float | None) -> str:
    if p is None or not math.isfinite(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"{p:.3f}"


def _p_phrase(p: float) -> str:
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def finite(value: Any) -> Any:
    """The value with every NaN or infinity replaced by None (JSON has neither)."""
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [finite(v) for v in value]
    if isinstance(value, np.generic):
        return finite(value.item())
    return value


# The report ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Bin:
    low: float
    high: float
    before: int
    after: int

    @property
    def label(self) -> str:
        return f"{self.low:g}–{self.high:g}"


@dataclass
class ScaleRow:
    """One scale: the statistics' result with its range, reading and distribution."""

    result: ScaleResult
    spec: ScaleSpec
    reading: str
    significant: bool
    bins: list[Bin]
    attrition: Any = None  # stats AttritionScale

    @property
    def name(self) -> str:
        return self.result.scale

    @property
    def range_label(self) -> str:
        return f"{self.spec.minimum:g}–{self.spec.maximum:g}"

    @property
    def width(self) -> float:
        return self.spec.maximum - self.spec.minimum

    @property
    def attrition_warning(self) -> bool:
        smd = self.attrition.smd if self.attrition else None
        return smd is not None and abs(smd) > SMD_WARNING


@dataclass
class Comment:
    pseudonym: str
    wave: int
    question: str
    text: str
    changes: list[tuple[str, float | None]]  # (scale, after - before) of the writer
    assisted: bool = False  # the writer's answers to that wave were given with help


@dataclass
class Report:
    panel: Panel
    instrument: Instrument
    before: Wave
    after: Wave
    stats: PanelReport
    rows: list[ScaleRow]
    comments: list[Comment]
    attrition_reading: str
    generated_at: dt.datetime = field(default_factory=timezone.now)

    def to_dict(self) -> dict[str, Any]:
        """The statistics' JSON with the metadata a reader of the file needs."""
        initiative = self.panel.initiative
        return finite(
            {
                **self.stats.to_dict(),
                "panel": {
                    "id": self.panel.pk,
                    "name": self.panel.name,
                    "initiative": {
                        "id": initiative.pk,
                        "slug": initiative.slug,
                        "name": initiative.name,
                    },
                },
                "instrument": {
                    "id": self.instrument.pk,
                    "name": self.instrument.name,
                    "scales": [
                        {
                            "name": row.spec.name,
                            "minimum": row.spec.minimum,
                            "maximum": row.spec.maximum,
                            "items": list(row.spec.items),
                            "reverse": [
                                code
                                for code in row.spec.items
                                if code in row.spec.reverse
                            ],
                        }
                        for row in self.rows
                    ],
                },
                "waves": {
                    "before": _wave_dict(self.before),
                    "after": _wave_dict(self.after),
                },
                "readings": [
                    {"scale": row.name, "text": row.reading} for row in self.rows
                ],
                "comments": [
                    {
                        "respondent": c.pseudonym,
                        "wave": c.wave,
                        "question": c.question,
                        "text": c.text,
                        "changes": [
                            {"scale": scale, "change": change}
                            for scale, change in c.changes
                        ],
                        "assisted": c.assisted,
                    }
                    for c in self.comments
                ],
                "generated_at": self.generated_at.isoformat(),
            }
        )


def _wave_dict(wave: Wave) -> dict[str, Any]:
    return {
        "id": wave.pk,
        "number": wave.number,
        "status": wave.status,
        "opened_at": wave.opened_at.isoformat() if wave.opened_at else None,
        "closed_at": wave.closed_at.isoformat() if wave.closed_at else None,
        "invited": getattr(wave, "n_invited", None),
        "answered": getattr(wave, "n_answered", None),
        "answered_with_help": getattr(wave, "n_assisted", None),
    }


# Choosing the waves ----------------------------------------------------------------------


def report_waves(panel: Panel) -> list[Wave]:
    """The panel's waves that have been opened (open or closed), with their counts."""
    return list(wave_list(panel).exclude(status=Wave.Status.DRAFT))


def waves_pick(
    waves: list[Wave], *, before: Any = None, after: Any = None
) -> tuple[Wave, Wave]:
    """The two waves to compare: the numbers asked for, else the first and the last."""
    by_number = {wave.number: wave for wave in waves}

    def one(raw: Any, default: Wave | None, name: str) -> Wave:
        if raw in (None, ""):
            if default is None:
                raise DomainError(
                    _(
                        "A report compares two waves; this panel has not opened two yet."
                    ),
                    field=name,
                )
            return default
        try:
            number = int(raw)
        except (TypeError, ValueError):
            raise DomainError(
                _("Give the %(name)s wave as a number.") % {"name": name}, field=name
            ) from None
        if number not in by_number:
            raise DomainError(
                _("This panel has no opened wave %(n)s.") % {"n": raw}, field=name
            )
        return by_number[number]

    two = len(waves) >= 2
    first = one(before, waves[0] if two else None, "before")
    last = one(after, waves[-1] if two else None, "after")
    if first.number == last.number:
        raise DomainError(_("Choose two different waves."), field="after")
    return first, last


# Assembling ------------------------------------------------------------------------------


def report_build(*, panel: Panel, before: Wave, after: Wave) -> Report:
    data = panel_data_for(before=before, after=after)
    stats = analyse_panel(data, before=before.number, after=after.number)
    scores = _scores(data, before.number, after.number)
    specs = {spec.name: spec for spec in data.scales}
    attrition = {a.scale: a for a in stats.attrition.scales}
    n_scales = len(stats.scales)
    rows = []
    for result in stats.scales:
        spec = specs[result.scale]
        ids, score_before, score_after = scores[result.scale]
        reading, significant = scale_reading(result, spec, n_scales=n_scales)
        rows.append(
            ScaleRow(
                result=result,
                spec=spec,
                reading=reading,
                significant=significant,
                bins=_bins(spec, score_before, score_after),
                attrition=attrition.get(result.scale),
            )
        )
    return Report(
        panel=panel,
        instrument=panel.instrument,
        before=before,
        after=after,
        stats=stats,
        rows=rows,
        comments=_comments(before, after, scores),
        attrition_reading=attrition_reading(stats, rows),
    )


def _scores(
    data: PanelData, before: int, after: int
) -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """Per scale: (member ids, score before, score after), NaN where there is none; the
    statistics module's own scoring (reverse coding, mean of complete items)."""
    coded = respondents_code(data.respondents)
    n = len(coded.ids)
    waves = np.asarray(data.waves, dtype=np.int64)
    rows_before = np.flatnonzero(waves == before)
    rows_after = np.flatnonzero(waves == after)
    out = {}
    for spec in data.scales:
        score = scale_score(scale_items(data, spec))
        out[spec.name] = (
            coded.ids,
            per_respondent(score, coded.codes, rows_before, n),
            per_respondent(score, coded.codes, rows_after, n),
        )
    return out


def _bins(
    spec: ScaleSpec, score_before: np.ndarray, score_after: np.ndarray
) -> list[Bin]:
    """How many respondents scored in each band of the range, in each wave (everyone with a
    score in that wave, not only the pairs). Bands are one point wide on long ranges and
    half a point on short ones; the last includes the top of the range."""
    width = 1.0 if spec.maximum - spec.minimum >= 6 else 0.5
    count = max(1, math.ceil((spec.maximum - spec.minimum) / width - 1e-9))
    edges = spec.minimum + width * np.arange(count + 1)
    edges[-1] = spec.maximum
    before, _ = np.histogram(score_before[~np.isnan(score_before)], bins=edges)
    after, _ = np.histogram(score_after[~np.isnan(score_after)], bins=edges)
    return [
        Bin(float(edges[i]), float(edges[i + 1]), int(before[i]), int(after[i]))
        for i in range(count)
    ]


def _comments(before: Wave, after: Wave, scores) -> list[Comment]:
    """Every non-empty free-text answer of the two waves, by pseudonym, with the writer's
    change on each scale (None where they have no score in one of the waves)."""
    number = {before.pk: before.number, after.pk: after.number}
    assisted = Invitation.objects.filter(
        wave_id=OuterRef("wave_id"),
        member_id=OuterRef("member_id"),
        assisted_at__isnull=False,
    )
    answers = (
        Answer.objects.filter(
            wave_id__in=[before.pk, after.pk], item__kind=Item.Kind.TEXT
        )
        .exclude(text="")
        .annotate(assisted=Exists(assisted))
        .values_list(
            "member_id",
            "member__pseudonym",
            "wave_id",
            "item__text",
            "text",
            "assisted",
        )
        .order_by("wave__number", "member__pseudonym", "item__position", "item_id")
    )
    changes: dict[int, list[tuple[str, float | None]]] = {}
    index = {
        name: {int(member): i for i, member in enumerate(ids)}
        for name, (ids, _, _) in scores.items()
    }

    def changes_of(member: int) -> list[tuple[str, float | None]]:
        if member not in changes:
            out = []
            for name, (_, b, a) in scores.items():
                i = index[name].get(member)
                diff = None if i is None else round(float(a[i] - b[i]), 9)
                out.append(
                    (name, diff if diff is not None and math.isfinite(diff) else None)
                )
            changes[member] = out
        return changes[member]

    return [
        Comment(
            pseudonym=pseudonym,
            wave=number[wave_id],
            question=question,
            text=text,
            changes=changes_of(member),
            assisted=helped,
        )
        for member, pseudonym, wave_id, question, text, helped in answers
    ]


# Plain language --------------------------------------------------------------------------


def _size_word(dz: float | None) -> str:
    if dz is None:
        return ""
    size = abs(dz)
    if size < 0.2:
        return _("very small")
    if size < 0.5:
        return _("small")
    if size < 0.8:
        return _("medium")
    return _("large")


def scale_reading(
    result: ScaleResult, spec: ScaleSpec, *, n_scales: int
) -> tuple[str, bool]:
    """What the numbers say about one scale, for a manager; and whether the change is
    unlikely to be chance after the adjustment for the number of scales."""
    name = result.scale
    n = result.n_pairs
    if n == 0:
        return (
            _(
                "Nobody has a complete %(scale)s score in both waves, so no change can be "
                "measured."
            )
            % {"scale": name},
            False,
        )
    if result.mean_diff is None or result.ci95 is None or result.p_holm is None:
        if result.mean_diff is not None and result.sd_diff == 0:
            return (
                ngettext(
                    "All %(n)s respondent with both waves changed by exactly the same "
                    "amount on %(scale)s (%(diff)s points); there is no spread to test.",
                    "All %(n)s respondents with both waves changed by exactly the same "
                    "amount on %(scale)s (%(diff)s points); there is no spread to test.",
                    n,
                )
                % {"n": n, "scale": name, "diff": fmt(result.mean_diff, 1, sign=True)},
                False,
            )
        return (
            ngettext(
                "Only %(n)s respondent answered %(scale)s in both waves: too few to "
                "estimate a change.",
                "Only %(n)s respondents answered %(scale)s in both waves: too few to "
                "estimate a change.",
                n,
            )
            % {"n": n, "scale": name},
            False,
        )
    diff, (low, high) = result.mean_diff, result.ci95
    digits = 1 if spec.maximum - spec.minimum >= 6 else 2
    values = {
        "scale": name,
        "Scale": name[:1].upper() + name[1:],
        "amount": fmt(abs(diff), digits),
        "range": f"{spec.minimum:g}–{spec.maximum:g}".replace("-", MINUS),
        "low": fmt(low, digits),
        "high": fmt(high, digits),
        "p": _p_phrase(result.p_holm),
        "p_raw": _p_phrase(result.p_t),
        "k": n_scales,
        "n": n,
        "dz": fmt(result.cohen_dz, 2),
        "size": _size_word(result.cohen_dz),
    }
    if round(abs(diff), digits) == 0:
        change = (
            _(
                "%(Scale)s hardly changed on average (%(range)s scale; 95%% CI %(low)s "
                "to %(high)s)"
            )
            % values
        )
    elif diff < 0:
        change = (
            _(
                "%(Scale)s fell by %(amount)s points on a %(range)s scale "
                "(95%% CI %(low)s to %(high)s)"
            )
            % values
        )
    else:
        change = (
            _(
                "%(Scale)s rose by %(amount)s points on a %(range)s scale "
                "(95%% CI %(low)s to %(high)s)"
            )
            % values
        )
    adjusted = (
        ngettext(
            "after adjusting for %(k)s scale",
            "after adjusting for %(k)s scales",
            n_scales,
        )
        % values
        if n_scales > 1
        else ""
    )
    values["adjusted"] = f" {adjusted}" if adjusted else ""
    crosses_zero = low <= 0 <= high
    significant = result.p_holm < ALPHA and not crosses_zero
    word = _("fall") if diff < 0 else _("rise")
    values["word"] = word
    if significant:
        verdict = (
            _("the %(word)s is unlikely to be chance (%(p)s%(adjusted)s)") % values
        )
    elif result.p_t < ALPHA:
        verdict = (
            _(
                "taken alone it would look unlikely to be chance (%(p_raw)s), but not "
                "once the %(k)s scales are taken into account (%(p)s): treat it as a "
                "hint to look into, not a finding"
            )
            % values
        )
    elif crosses_zero:
        verdict = (
            _(
                "the interval includes zero (no change), so these answers cannot tell "
                "a real change from chance (%(p)s%(adjusted)s)"
            )
            % values
        )
    else:
        verdict = _("the change could be chance (%(p)s%(adjusted)s)") % values
    text = f"{change}; {verdict}."
    if result.cohen_dz is not None and significant:
        text += " " + (
            _(
                "Compared with how much people's changes varied, it is a %(size)s "
                "change (d_z = %(dz)s)."
            )
            % values
        )
    if n < SMALL_N:
        text += " " + (
            ngettext(
                "Only %(n)s person answered both waves, so the estimate is rough.",
                "Only %(n)s people answered both waves, so the estimate is rough.",
                n,
            )
            % values
        )
    if result.p_wilcoxon is not None and (result.p_wilcoxon < ALPHA) != (
        result.p_t < ALPHA
    ):
        text += " " + (
            _(
                "The Wilcoxon test, which does not assume evenly spread changes, gives "
                "%(pw)s, so the conclusion leans on the t-test's assumptions."
            )
            % {"pw": _p_phrase(result.p_wilcoxon)}
        )
    return text, significant


def attrition_reading(stats: PanelReport, rows: list[ScaleRow]) -> str:
    a = stats.attrition
    if a.before == 0:
        return _("Nobody answered the first wave.")
    text = _(
        "%(before)s people answered wave %(b)s and %(after)s answered wave %(a)s; "
        "%(both)s answered both, so %(left)s (%(rate)s%%) are missing from the "
        "comparison."
    ) % {
        "before": a.before,
        "after": a.after,
        "both": a.both,
        "left": a.left,
        "rate": round(100 * (a.rate or 0)),
        "b": stats.before,
        "a": stats.after,
    }
    warned = [row for row in rows if row.attrition_warning]
    if warned:
        text += " " + (
            _(
                "Those who left already differed at wave %(b)s on %(scales)s (those who "
                "left minus those who stayed, in standard deviations; more than a quarter "
                "is a warning sign): the change among those who stayed "
                "may not hold for everyone who started."
            )
            % {
                "b": stats.before,
                "scales": ", ".join(
                    f"{row.name} ({fmt(row.attrition.smd, 2, sign=True)} SD)"
                    for row in warned
                ),
            }
        )
    elif a.left >= 2:
        text += " " + (
            _(
                "At wave %(b)s those who left scored much like those who stayed on every "
                "scale (less than a quarter of a standard deviation apart)."
            )
            % {"b": stats.before}
        )
    return text


# CSV -------------------------------------------------------------------------------------

CSV_COLUMNS = [
    "scale",
    "minimum",
    "maximum",
    "wave_before",
    "wave_after",
    "n_pairs",
    "n_before",
    "n_after",
    "mean_before",
    "mean_after",
    "sd_before",
    "sd_after",
    "mean_diff",
    "sd_diff",
    "ci95_low",
    "ci95_high",
    "t",
    "df",
    "p_t",
    "p_holm",
    "wilcoxon_v",
    "p_wilcoxon",
    "wilcoxon_method",
    "n_zero_diffs",
    "cohen_dz",
    "alpha_before",
    "alpha_after",
    "respondents_before",
    "respondents_after",
    "respondents_both",
    "left_n",
    "left_mean_before",
    "stayed_n",
    "stayed_mean_before",
    "left_smd",
    "left_p_welch",
]


def _cell(value: Any) -> Any:
    """Numbers stay numbers (full precision; NaN and infinity empty); the writer
    neutralises text a spreadsheet would run as a formula (core.spreadsheet)."""
    if value is None:
        return ""
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    return value


def report_csv(report: Report) -> str:
    """One row per scale with every number of the report, full precision."""
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(CSV_COLUMNS)
    a = report.stats.attrition
    for row in report.rows:
        r, left = row.result, row.attrition
        values = {
            "scale": r.scale,
            "minimum": row.spec.minimum,
            "maximum": row.spec.maximum,
            "wave_before": report.before.number,
            "wave_after": report.after.number,
            "n_pairs": r.n_pairs,
            "n_before": r.n_before,
            "n_after": r.n_after,
            "mean_before": r.mean_before,
            "mean_after": r.mean_after,
            "sd_before": r.sd_before,
            "sd_after": r.sd_after,
            "mean_diff": r.mean_diff,
            "sd_diff": r.sd_diff,
            "ci95_low": r.ci95[0] if r.ci95 else None,
            "ci95_high": r.ci95[1] if r.ci95 else None,
            "t": r.t,
            "df": r.df,
            "p_t": r.p_t,
            "p_holm": r.p_holm,
            "wilcoxon_v": r.wilcoxon_v,
            "p_wilcoxon": r.p_wilcoxon,
            "wilcoxon_method": r.wilcoxon_method,
            "n_zero_diffs": r.n_zero_diffs,
            "cohen_dz": r.cohen_dz,
            "alpha_before": r.alpha_before,
            "alpha_after": r.alpha_after,
            "respondents_before": a.before,
            "respondents_after": a.after,
            "respondents_both": a.both,
            "left_n": left.n_left if left else None,
            "left_mean_before": left.mean_left if left else None,
            "stayed_n": left.n_stayed if left else None,
            "stayed_mean_before": left.mean_stayed if left else None,
            "left_smd": left.smd if left else None,
            "left_p_welch": left.p_welch if left else None,
        }
        writer.writerow([_cell(values[c]) for c in CSV_COLUMNS])
    return buffer.getvalue()


def comments_csv(report: Report) -> str:
    """The free-text answers: pseudonym, wave, question, answer, then one change column per
    scale (after − before of the writer; empty when they lack a score in a wave), and
    whether the answers were given with staff's help (1) or not (0)."""
    scales = [row.name for row in report.rows]
    buffer = io.StringIO()
    writer = csv_writer(buffer)
    writer.writerow(
        [
            "respondent",
            "wave",
            "question",
            "answer",
            *[f"change: {s}" for s in scales],
            "answered_with_help",
        ]
    )
    for c in report.comments:
        changes = dict(c.changes)
        writer.writerow(
            [
                _cell(c.pseudonym),
                c.wave,
                _cell(c.question),
                _cell(c.text),
                *[_cell(changes.get(s)) for s in scales],
                int(c.assisted),
            ]
        )
    return buffer.getvalue()
