"""Charts rendered on the server as SVG, each readable without colour: every mark carries its
value as text, and the page shows the same numbers in a table beside the chart."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

# Sequential blues for IAP2 levels 1..5; text colour chosen for contrast on each.
LEVEL_FILL = {
    0: "#ffffff",
    1: "#e8eef6",
    2: "#c3d5ea",
    3: "#7fa7d1",
    4: "#2f6aa8",
    5: "#0b3a66",
}
LEVEL_TEXT = {
    0: "#4a4a55",
    1: "#1b1b1f",
    2: "#1b1b1f",
    3: "#1b1b1f",
    4: "#ffffff",
    5: "#ffffff",
}


def _svg_open(*, width, height, chart_id: str, title: str, desc: str) -> SafeString:
    """The opening tag with the title and description screen readers announce."""
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
        'height="{h}" role="img" aria-labelledby="{id}-title {id}-desc">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
        w=width,
        h=height,
        id=chart_id,
        title=title,
        desc=desc,
    )


CHAR_WIDTH = 0.6  # of the font size: a generous mean for sans-serif text


def text_width(text: str, font_size: float) -> float:
    """An estimate of the width of ``text`` (no font metrics on the server)."""
    return len(text) * font_size * CHAR_WIDTH


def wrap_label(
    text: str, *, width: float, font_size: float, max_lines: int = 2
) -> tuple[list[str], float]:
    """``text`` in at most ``max_lines`` lines of about ``width``, broken between words,
    and the font size that fits the longest line into ``width`` (never below 8)."""
    words = text.split()
    lines: list[str] = []
    for word in words:
        if lines and text_width(f"{lines[-1]} {word}", font_size) <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    if len(lines) > max_lines:
        lines = lines[: max_lines - 1] + [" ".join(lines[max_lines - 1 :])]
    longest = max((text_width(line, font_size) for line in lines), default=0)
    size = font_size if longest <= width else max(8, font_size * width / longest)
    return lines or [""], round(size, 1)


def heatmap(
    *,
    title: str,
    desc: str,
    rows: list[str],
    columns: list[str],
    cells: list[list[tuple[int, str]]],
    chart_id: str = "heatmap",
) -> SafeString:
    """A grid: ``cells[r][c] = (level 0..5, label)``."""
    left, top, cell_w, cell_h = 130, 70, 92, 40
    width = left + cell_w * len(columns) + 10
    height = top + cell_h * len(rows) + 10
    parts = [
        _svg_open(width=width, height=height, chart_id=chart_id, title=title, desc=desc)
    ]
    for c, column in enumerate(columns):
        x = left + c * cell_w + cell_w / 2
        lines, size = wrap_label(str(column), width=cell_w - 6, font_size=11)
        # a space between the lines, so that the label reads as its words (text
        # extraction and screen readers join tspans as they are)
        tspans = format_html_join(
            " ",
            '<tspan x="{}" dy="{}">{}</tspan>',
            ((x, 0 if i == 0 else 13, line) for i, line in enumerate(lines)),
        )
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" font-size="{}" fill="#1b1b1f">{}</text>',
                x,
                top - 32 + (13 if len(lines) == 1 else 0),
                size,
                tspans,
            )
        )
    for r, row in enumerate(rows):
        y = top + r * cell_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#1b1b1f">{}</text>',
                left - 8,
                y + cell_h / 2 + 4,
                row,
            )
        )
        for c, (level, label) in enumerate(cells[r]):
            x = left + c * cell_w
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}" stroke="#c9c9d3"/>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" fill="{}">{}</text>',
                    x,
                    y,
                    cell_w,
                    cell_h,
                    LEVEL_FILL[level],
                    x + cell_w / 2,
                    y + cell_h / 2 + 4,
                    LEVEL_TEXT[level],
                    label or "–",
                )
            )
    parts.append(mark_safe("</svg>"))  # noqa: S308 (a literal)
    return mark_safe("".join(parts))  # noqa: S308 (format_html's parts and literals)


def paired_bars(
    *,
    title: str,
    desc: str,
    groups: list[str],
    series: list[tuple[str, str]],
    values: list[list[float]],
    chart_id: str = "bars",
) -> SafeString:
    """Horizontal bars: one group per row, one bar per series (``series = [(label, colour)]``)."""
    left, top, bar_h, gap, plot_w = 150, 30, 16, 14, 320
    maximum = max([v for row in values for v in row] + [1])
    group_h = bar_h * len(series) + gap
    height = top + group_h * len(groups) + 10
    width = left + plot_w + 60
    legend = format_html_join(
        "",
        '<rect x="{}" y="6" width="12" height="12" fill="{}"/>'
        '<text x="{}" y="16" font-size="12" fill="#1b1b1f">{}</text>',
        (
            (left + i * 130, colour, left + i * 130 + 16, label)
            for i, (label, colour) in enumerate(series)
        ),
    )
    parts = [
        _svg_open(
            width=width, height=height, chart_id=chart_id, title=title, desc=desc
        ),
        legend,
    ]
    for g, group in enumerate(groups):
        y0 = top + g * group_h
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="end" font-size="12" fill="#1b1b1f">{}</text>',
                left - 8,
                y0 + group_h / 2,
                group,
            )
        )
        for s, (_label, colour) in enumerate(series):
            value = values[g][s]
            w = plot_w * value / maximum
            y = y0 + s * bar_h
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>'
                    '<text x="{}" y="{}" font-size="11" fill="#1b1b1f">{}</text>',
                    left,
                    y,
                    round(w, 1),
                    bar_h - 2,
                    colour,
                    left + w + 4,
                    y + bar_h - 5,
                    f"{value:g}",
                )
            )
    parts.append(mark_safe("</svg>"))  # noqa: S308 (a literal)
    return mark_safe("".join(parts))  # noqa: S308 (format_html's parts and literals)
