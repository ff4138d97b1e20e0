"""The report's charts as server-side SVG, in the manner of ``coproduce.core.charts``: a
title and description for screen readers, every value written as text on the chart, and
the same numbers in a table beside it on the page. Neither chart relies on colour alone:
the waves are told apart by position and by the legend's text, changes by their labels."""

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coproduce.core.charts import _svg_open

from .reports import MINUS, Report, ScaleRow, fmt

BEFORE_FILL, AFTER_FILL = "#9bb7d4", "#0b4f8a"
INK, MUTED, GRID = "#1b1b1f", "#4a4a55", "#c9c9d3"
FALL, RISE = "#8a1c1c", "#0b4f8a"


def _text(x, y, text, *, anchor="middle", size=11, fill=INK, weight="normal"):
    return format_html(
        '<text x="{}" y="{}" text-anchor="{}" font-size="{}" fill="{}" '
        'font-weight="{}">{}</text>',
        round(x, 1),
        round(y, 1),
        anchor,
        size,
        fill,
        weight,
        text,
    )


def distribution_chart(row: ScaleRow, *, before: int, after: int, chart_id: str):
    """Paired columns: how many respondents scored in each band of the range, per wave."""
    bins = row.bins
    left, top, bottom, plot_h = 36, 34, 40, 120
    bar_w, gap = 13, 10
    group_w = 2 * bar_w + gap
    width = left + group_w * len(bins) + 12
    height = top + plot_h + bottom
    peak = max([b.before for b in bins] + [b.after for b in bins] + [1])
    n_before = sum(b.before for b in bins)
    n_after = sum(b.after for b in bins)
    parts = [
        _svg_open(
            width=width,
            height=height,
            chart_id=chart_id,
            title=_("%(scale)s: scores in wave %(b)s and wave %(a)s")
            % {"scale": row.name, "b": before, "a": after},
            desc=_(
                "Number of respondents whose score fell in each band of the "
                "%(range)s range: %(nb)s in wave %(b)s (light columns, left), %(na)s in "
                "wave %(a)s (dark columns, right). The same numbers are in the table "
                "beside the chart."
            )
            % {
                "range": row.range_label,
                "nb": n_before,
                "na": n_after,
                "b": before,
                "a": after,
            },
        )
    ]
    legend = [
        (
            _("wave %(n)s (n = %(count)s)") % {"n": before, "count": n_before},
            BEFORE_FILL,
        ),
        (_("wave %(n)s (n = %(count)s)") % {"n": after, "count": n_after}, AFTER_FILL),
    ]
    for i, (label, colour) in enumerate(legend):
        x = left + i * 140
        parts.append(
            format_html(
                '<rect x="{}" y="6" width="12" height="12" fill="{}" stroke="{}"/>',
                x,
                colour,
                INK,
            )
        )
        parts.append(_text(x + 16, 16, label, anchor="start", size=11))
    base = top + plot_h
    parts.append(
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>',
            left - 4,
            base,
            width - 8,
            base,
            MUTED,
        )
    )
    for i, b in enumerate(bins):
        x0 = left + i * group_w
        for j, (count, colour) in enumerate(
            ((b.before, BEFORE_FILL), (b.after, AFTER_FILL))
        ):
            h = plot_h * count / peak
            x = x0 + j * bar_w
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="{}" '
                    'stroke-width="0.5"/>',
                    x,
                    round(base - h, 1),
                    bar_w - 1,
                    round(h, 1),
                    colour,
                    INK if count else "none",
                )
            )
            parts.append(_text(x + bar_w / 2, base - h - 3, count, size=9))
        parts.append(
            _text(
                x0 + bar_w, base + 14, b.label.replace("-", MINUS), size=9, fill=MUTED
            )
        )
    parts.append(
        _text(
            left + (width - left) / 2,
            height - 8,
            _("score band (%(range)s)") % {"range": row.range_label},
            size=10,
            fill=MUTED,
        )
    )
    parts.append(mark_safe("</svg>"))
    # every part was escaped (format_html) or is fixed markup
    return mark_safe("".join(parts))  # noqa: S308


def change_chart(report: Report, *, chart_id: str = "change-chart") -> SafeString:
    """Each scale's mean change with its 95% confidence interval. Scales have different
    ranges, so the axis is the change as a share of each scale's range; the labels give
    the change in the scale's own points."""
    rows = list(report.rows)
    left, right, top, row_h, plot_w = 210, 190, 34, 34, 300
    width = left + plot_w + right
    height = top + row_h * max(len(rows), 1) + 36

    def share(row: ScaleRow, value: float) -> float:
        return 100 * value / row.width

    extent = 10.0
    for row in rows:
        r = row.result
        if r.ci95 is not None:
            extent = max(extent, *(abs(share(row, v)) for v in r.ci95))
        elif r.mean_diff is not None:
            extent = max(extent, abs(share(row, r.mean_diff)))
    step = 5 if extent <= 20 else 10 if extent <= 50 else 25
    extent = step * -(-extent // step)

    def x_of(value: float) -> float:
        return left + plot_w * (value + extent) / (2 * extent)

    parts = [
        _svg_open(
            width=width,
            height=height,
            chart_id=chart_id,
            title=_("Change per scale from wave %(b)s to wave %(a)s")
            % {"b": report.before.number, "a": report.after.number},
            desc=_(
                "For each scale the mean change (after minus before) as a dot, with a line "
                "across its 95 per cent confidence interval. The axis shows the change as a "
                "percentage of each scale's range, left of the middle line is a fall; the "
                "label gives the change in points with its interval. The same numbers are "
                "in the table beside the chart."
            ),
        )
    ]
    ticks = range(int(-extent), int(extent) + 1, int(step))
    axis_y = top + row_h * len(rows) + 4
    for tick in ticks:
        x = x_of(tick)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"/>',
                round(x, 1),
                top - 6,
                round(x, 1),
                axis_y,
                MUTED if tick == 0 else GRID,
                1.5 if tick == 0 else 0.5,
            )
        )
        parts.append(
            _text(
                x,
                axis_y + 14,
                f"{tick:+d}%".replace("-", MINUS) if tick else "0",
                size=10,
                fill=MUTED,
            )
        )
    parts.append(
        _text(
            left + plot_w / 2,
            top - 14,
            _("fall ← change in per cent of the scale's range → rise"),
            size=10,
            fill=MUTED,
        )
    )
    for i, row in enumerate(rows):
        r = row.result
        y = top + i * row_h + row_h / 2
        parts.append(_text(left - 10, y + 4, row.name, anchor="end", size=12))
        if r.mean_diff is None:
            parts.append(_text(left + plot_w + 8, y + 4, _("no pairs"), anchor="start"))
            continue
        colour = FALL if r.mean_diff < 0 else RISE
        if r.ci95 is not None:
            x1, x2 = x_of(share(row, r.ci95[0])), x_of(share(row, r.ci95[1]))
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>'
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>'
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="2"/>',
                    round(x1, 1),
                    y,
                    round(x2, 1),
                    y,
                    colour,
                    round(x1, 1),
                    y - 5,
                    round(x1, 1),
                    y + 5,
                    colour,
                    round(x2, 1),
                    y - 5,
                    round(x2, 1),
                    y + 5,
                    colour,
                )
            )
            label = _("%(diff)s (%(low)s to %(high)s) on %(range)s") % {
                "diff": fmt(r.mean_diff, 2, sign=True),
                "low": fmt(r.ci95[0], 2, sign=True),
                "high": fmt(r.ci95[1], 2, sign=True),
                "range": row.range_label.replace("-", MINUS),
            }
        else:
            label = _("%(diff)s on %(range)s") % {
                "diff": fmt(r.mean_diff, 2, sign=True),
                "range": row.range_label,
            }
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="5" fill="{}" stroke="{}"/>',
                round(x_of(share(row, r.mean_diff)), 1),
                y,
                colour,
                INK,
            )
        )
        parts.append(
            _text(
                left + plot_w + 8,
                y + 4,
                label + (" *" if row.significant else ""),
                anchor="start",
                size=11,
            )
        )
    parts.append(
        _text(
            left + plot_w + 8,
            axis_y + 14,
            _("* unlikely to be chance (Holm)"),
            anchor="start",
            size=10,
            fill=MUTED,
        )
    )
    parts.append(mark_safe("</svg>"))
    # every part was escaped (format_html) or is fixed markup
    return mark_safe("".join(parts))  # noqa: S308
