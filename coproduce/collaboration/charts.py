"""The network of organisations as server-side SVG (no JavaScript library).

Layout: a circle. The organisations shown (those on the heaviest edges) are placed on one
circle, grouped by kind (public bodies, then civil society) and within a group by name,
so the same data always draws the same picture and a reader can find an organisation by
its place. Each edge is a straight line whose width grows with its weight (ties:
shared initiatives + shared activities + lessons) and which carries its weight as text
at its midpoint; each node's circle grows with its number of partners and is labelled
outside the circle with its name. Colour only repeats what the text says (public or
not); the page shows the same numbers in a table.
"""

import math

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coproduce.core.charts import _svg_open, wrap_label
from coproduce.people.models import Organisation

PUBLIC = {str(k) for k in Organisation.PUBLIC_KINDS}
SIZE = 640
MARGIN = 150


def _f(*numbers: float) -> list[str]:
    return [f"{n:.1f}" for n in numbers]


def network_svg(network, *, chart_id: str = "network") -> SafeString:
    nodes = sorted(
        network.nodes, key=lambda n: (n["kind"] not in PUBLIC, n["kind"], n["name"])
    )
    if not nodes:
        return mark_safe("")
    width = height = SIZE + 2 * MARGIN
    cx = cy = width / 2
    radius = SIZE / 2 - 20
    place = {}
    for i, node in enumerate(nodes):
        angle = 2 * math.pi * i / len(nodes) - math.pi / 2
        place[node["id"]] = (
            cx + radius * math.cos(angle),
            cy + radius * math.sin(angle),
            angle,
        )
    heaviest = max((e.weight for e in network.edges), default=1) or 1
    lines = []
    for e in network.edges:
        (x1, y1, _a1), (x2, y2, _a2) = place[e.a], place[e.b]
        stroke = 1 + 7 * e.weight / heaviest
        lines.append(
            format_html(
                '<g class="edge"><line x1="{}" y1="{}" x2="{}" y2="{}" '
                'stroke="#5b6b7f" stroke-opacity="0.6" stroke-width="{}"/>'
                '<text x="{}" y="{}" font-size="10" text-anchor="middle" '
                'fill="#1b1b1f">{}</text></g>',
                x1,
                y1,
                x2,
                y2,
                stroke,
                (x1 + x2) / 2,
                (y1 + y2) / 2 - 2,
                e.weight,
            )
        )
    most = max((n["degree"] for n in nodes), default=1) or 1
    marks = []
    for node in nodes:
        x, y, angle = place[node["id"]]
        r = 5 + 10 * node["degree"] / most
        public = node["kind"] in PUBLIC
        label_lines, size = wrap_label(node["name"], width=MARGIN - 20, font_size=11)
        lx = x + (r + 6) * math.cos(angle)
        ly = y + (r + 6) * math.sin(angle)
        anchor = (
            "start"
            if math.cos(angle) > 0.2
            else "end"
            if math.cos(angle) < -0.2
            else "middle"
        )
        tspans = format_html_join(
            "",
            '<tspan x="{}" dy="{}">{}</tspan>',
            (
                (lx, "0" if i == 0 else "1.1em", line)
                for i, line in enumerate(label_lines)
            ),
        )
        marks.append(
            format_html(
                '<g class="node"><circle cx="{}" cy="{}" r="{}" fill="{}" '
                'stroke="#1b1b1f"/><text x="{}" y="{}" font-size="{}" '
                'text-anchor="{}" fill="#1b1b1f">{}</text></g>',
                x,
                y,
                r,
                "#2f6aa8" if public else "#f2c14e",
                lx,
                ly,
                size,
                anchor,
                tspans,
            )
        )
    desc = _(
        "%(nodes)s organisations and the %(edges)s heaviest ties between them, placed on "
        "a circle: public bodies first, then civil society. A line's width and number "
        "give its ties (shared initiatives, shared activities and lessons). The table "
        "below holds the same numbers."
    ) % {"nodes": len(nodes), "edges": len(network.edges)}
    return mark_safe(  # noqa: S308 (every part escaped by format_html)
        _svg_open(
            width=width,
            height=height,
            chart_id=chart_id,
            title=_("Network of organisations"),
            desc=desc,
        )
        + "".join(lines)
        + "".join(marks)
        + "</svg>"
    )
