"""Server-side SVG charts of outcomes: an indicator over time against its baseline and
target. Every point carries its value as text; the page shows the numbers in a table."""

import datetime as dt

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coproduce.core.charts import _svg_open

LINE = "#0b4f8a"
BASELINE = "#6b6b76"
TARGET = "#1d6b2f"


def _fmt(value) -> str:
    return f"{float(value):g}"


def indicator_series(
    *,
    title: str,
    desc: str,
    points: list[tuple[dt.date, float]],
    baseline: float,
    target: float,
    chart_id: str,
) -> SafeString:
    """A line of dated values with dashed lines at the baseline and the target."""
    left, right, top, bottom, width, height = 60, 90, 20, 40, 560, 240
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [float(v) for _, v in points] + [float(baseline), float(target)]
    low, high = min(values), max(values)
    if high == low:
        high = low + 1
    pad = (high - low) * 0.08
    low, high = low - pad, high + pad

    def y(v) -> float:
        return round(top + plot_h * (1 - (float(v) - low) / (high - low)), 1)

    dates = [d for d, _ in points]
    first = min(dates) if dates else None
    span = (max(dates) - first).days if dates else 0

    def x(d) -> float:
        if not span:
            return left + plot_w / 2
        return round(left + plot_w * (d - first).days / span, 1)

    parts = [
        _svg_open(width=width, height=height, chart_id=chart_id, title=title, desc=desc)
    ]
    for value, colour, label in (
        (baseline, BASELINE, _("baseline")),
        (target, TARGET, _("target")),
    ):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}" stroke-width="1.5" '
                'stroke-dasharray="6 4"/>'
                '<text x="{}" y="{}" font-size="11" fill="{}">{} {}</text>',
                left,
                left + plot_w,
                y(value),
                y(value),
                colour,
                left + plot_w + 6,
                y(value) + 4,
                colour,
                label,
                _fmt(value),
            )
        )
    parts.append(
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#1b1b1f"/>',
            left,
            left + plot_w,
            top + plot_h,
            top + plot_h,
        )
    )
    if len(points) > 1:
        coords = " ".join(f"{x(d)},{y(v)}" for d, v in points)
        parts.append(
            format_html(
                '<polyline points="{}" fill="none" stroke="{}" stroke-width="2"/>',
                coords,
                LINE,
            )
        )
    for d, v in points:
        parts.append(
            format_html(
                '<circle cx="{}" cy="{}" r="4" fill="{}"><title>{}: {}</title></circle>'
                '<text x="{}" y="{}" text-anchor="middle" font-size="11" '
                'fill="#1b1b1f">{}</text>',
                x(d),
                y(v),
                LINE,
                d.isoformat(),
                _fmt(v),
                x(d),
                y(v) - 8,
                _fmt(v),
            )
        )
    if dates:
        for d in sorted({first, max(dates)}):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" '
                    'fill="#1b1b1f">{}</text>',
                    x(d),
                    top + plot_h + 18,
                    d.isoformat(),
                )
            )
    else:
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="12" '
                'fill="#1b1b1f">{}</text>',
                left + plot_w / 2,
                top + plot_h / 2,
                _("No measurement yet"),
            )
        )
    parts.append(mark_safe("</svg>"))
    # every part was escaped (format_html) or is fixed markup
    return mark_safe("".join(parts))  # noqa: S308
