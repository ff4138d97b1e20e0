"""Accountability relations of a case and of the whole service, listed and drawn.

Horizontal relations run between peers: the two mediators of a pair, volunteers who
mediated together, a professional who did a mediator's step alongside them. Vertical ones
run up the line: mediators to their supervising professional (sign-offs), the supervisor
to the responsible organisation, the organisation to the referring authority (the report).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from coproduce.core import charts

from . import labels
from .models import Assignment, Case, StepRecord
from .process import process_parse

HORIZONTAL, VERTICAL = "horizontal", "vertical"


@dataclass(frozen=True)
class Relation:
    source: str
    target: str
    kind: str  # horizontal / vertical
    what: str
    count: int = 1


def _referrer(case: Case) -> str:
    return case.referrer_name or str(case.get_referrer_display())


def case_relations(case: Case) -> tuple[list[list[str]], list[Relation]]:
    """(levels of nodes from the top, relations) for one case; uses prefetched rows."""
    assignments = [a for a in case.assignments.all() if a.ended_at is None]
    mediators = [
        str(a.person) for a in assignments if a.role == Assignment.Role.MEDIATOR
    ]
    supervisors = [
        str(a.person) for a in assignments if a.role == Assignment.Role.SUPERVISOR
    ]
    process = process_parse(case.process)
    steps = list(case.steps.all())
    by_person = {a.person_id: str(a.person) for a in assignments}
    relations: list[Relation] = []
    org, ref = str(case.organisation), _referrer(case)
    relations.append(Relation(org, ref, VERTICAL, _("reports the outcome to"), 1))
    for s in supervisors:
        relations.append(Relation(s, org, VERTICAL, _("answers to"), 1))
    if len(mediators) == 2:
        together = sum(
            1 for r in steps if r.performed_by_id in by_person and r.code != "referral"
        )
        relations.append(
            Relation(
                mediators[0], mediators[1], HORIZONTAL, _("mediate as a pair"), together
            )
        )
    signed = Counter(r.performed_by_id for r in steps if r.signed_off_at is not None)
    for a in assignments:
        if a.role == Assignment.Role.MEDIATOR:
            for s in supervisors:
                relations.append(
                    Relation(
                        str(a.person),
                        s,
                        VERTICAL,
                        _("supervised by (sign-offs)"),
                        signed.get(a.person_id, 0),
                    )
                )
    # A professional doing a step mediators also do works alongside them, as a peer.
    shared = [
        r
        for r in steps
        if r.performed_by_id in by_person
        and by_person[r.performed_by_id] in supervisors
        and (d := process.step(r.code)) is not None
        and "mediator" in d.performers
    ]
    if shared and supervisors:
        for m in mediators:
            relations.append(
                Relation(
                    supervisors[0],
                    m,
                    HORIZONTAL,
                    _("shares mediators' steps"),
                    len(shared),
                )
            )
    levels = [[ref], [org], supervisors or [_("no supervisor yet")], mediators]
    return [lvl for lvl in levels if lvl], relations


def service_relations(cases: list[Case]) -> tuple[list[list[str]], list[Relation]]:
    """The same relations summed over many cases (pairs counted by cases together)."""
    counts: Counter = Counter()
    levels: list[dict[str, None]] = [{}, {}, {}, {}]
    for case in cases:
        case_levels, relations = case_relations(case)
        for rel in relations:
            counts[(rel.source, rel.target, rel.kind, rel.what)] += 1
        for i, lvl in enumerate(case_levels[-4:]):
            offset = 4 - len(case_levels)
            for node in lvl:
                levels[i + offset].setdefault(node, None)
    merged = [Relation(s, t, k, w, n) for (s, t, k, w), n in sorted(counts.items())]
    return [list(lvl) for lvl in levels if lvl], merged


def discretion(case: Case, states) -> list[dict[str, str]]:
    """Where the case left its process: steps skipped (with the reason) and, for a
    closed case, the steps it was closed before (with the reason for closing)."""
    items = []
    for s in case.steps.all():
        if s.status == StepRecord.Status.SKIPPED:
            items.append(
                {
                    "what": _("Skipped: %(step)s")
                    % {"step": labels.step_label(process_parse(case.process), s.code)},
                    "why": s.reason,
                }
            )
    if case.status == Case.Status.CLOSED:
        left = [
            st.step.name
            for st in states
            if not st.complete and not st.skipped and not st.step.closes
        ]
        if left:
            items.append(
                {
                    "what": _("Closed before: %(steps)s") % {"steps": ", ".join(left)},
                    "why": case.close_reason,
                }
            )
    return items


LABEL_SIZE, NODE_SIZE = 11, 12
LABEL_H = 15  # a label's box: one line of 11 px text with a little room


Box = tuple[float, float, float, float]  # x, y, width, height


def _hit(a: Box, b: Box, pad: float = 2) -> bool:
    return (
        a[0] < b[0] + b[2] + pad
        and b[0] < a[0] + a[2] + pad
        and a[1] < b[1] + b[3] + pad
        and b[1] < a[1] + a[3] + pad
    )


def _on_line(p0, p1, t: float) -> tuple[float, float]:
    return p0[0] + (p1[0] - p0[0]) * t, p0[1] + (p1[1] - p0[1]) * t


def _on_curve(p0, c, p1, t: float) -> tuple[float, float]:
    u = 1 - t
    return (
        u * u * p0[0] + 2 * u * t * c[0] + t * t * p1[0],
        u * u * p0[1] + 2 * u * t * c[1] + t * t * p1[1],
    )


def place_labels(
    labels: list[tuple[str, object]], *, obstacles: list[Box], width: float
) -> list[Box | None]:
    """Boxes for edge labels that overlap neither each other nor the ``obstacles`` (the
    nodes): each label tries points along its own line (``point(t)``), nearest the middle
    first, then a little above or below them. A label with no free place goes to the
    legend instead (None here; drawn under the picture), so that none is ever drawn over
    another. ``labels`` is ``[(text, point)]``; the answer has a box or None for each."""
    placed: list[Box] = []
    boxes: list[Box | None] = []
    for text, point in labels:
        w = charts.text_width(text, LABEL_SIZE) + 8
        chosen = None
        for t in (0.5, 0.4, 0.6, 0.3, 0.7, 0.2, 0.8):
            x, y = point(t)
            for dy in (0, -LABEL_H, LABEL_H, -2 * LABEL_H, 2 * LABEL_H):
                box = (x - w / 2, y + dy - LABEL_H / 2, w, LABEL_H)
                if box[0] < 2 or box[0] + w > width - 2:
                    continue
                if any(_hit(box, o) for o in obstacles + placed):
                    continue
                chosen = box
                break
            if chosen:
                break
        if chosen is not None:
            placed.append(chosen)
        boxes.append(chosen)
    return boxes


def _label(rel: Relation) -> str:
    return f"{rel.what}: {rel.count}"


def _fit(name: str, width: float) -> tuple[str, float]:
    """A node's name in one line of ``width``: smaller type, then cut with an ellipsis."""
    lines, size = charts.wrap_label(name, width=width, font_size=NODE_SIZE, max_lines=1)
    text = lines[0]
    if size >= 9:
        return text, size
    while text and charts.text_width(text + "…", 9) > width:
        text = text[:-1]
    return text.rstrip() + "…", 9


def relations_svg(
    levels: list[list[str]], relations: list[Relation], *, chart_id: str, title: str
) -> SafeString:
    """Nodes in rows (top: the referring authority; bottom: the volunteers); vertical
    relations as solid lines, horizontal ones as dashed curves; every line labelled, each
    label where it overlaps no other label and no node (``place_labels``), or, when a
    picture is too crowded for that, numbered in a legend under it."""
    node_w, node_h, row_gap, col_gap, top = 170, 34, 100, 40, 20
    width = max(len(lvl) for lvl in levels) * (node_w + col_gap) + 60
    width = max(width, 560)
    height = top + len(levels) * (node_h + row_gap) + 20
    pos: dict[str, tuple[float, float]] = {}
    for r, lvl in enumerate(levels):
        row_w = len(lvl) * (node_w + col_gap) - col_gap
        x0 = (width - row_w) / 2
        y = top + r * (node_h + row_gap)
        for c, name in enumerate(lvl):
            x = x0 + c * (node_w + col_gap)
            pos.setdefault(name, (x + node_w / 2, y + node_h / 2))
    nodes = [(x - node_w / 2, y - node_h / 2, node_w, node_h) for x, y in pos.values()]
    lines, labels = [], []
    for rel in relations:
        if rel.source not in pos or rel.target not in pos:
            continue
        (x1, y1), (x2, y2) = pos[rel.source], pos[rel.target]
        if rel.kind == HORIZONTAL:
            p0, p1 = (x1, y1 + node_h / 2), (x2, y2 + node_h / 2)
            ctrl = ((x1 + x2) / 2, max(y1, y2) + node_h / 2 + 60)
            lines.append(
                format_html(
                    '<path d="M{} {} Q{} {} {} {}" fill="none" stroke="#6b4fa0" '
                    'stroke-width="2" stroke-dasharray="6 4"/>',
                    *p0,
                    *ctrl,
                    *p1,
                )
            )
            labels.append(
                (rel, "#3d2a66", lambda t, a=p0, c=ctrl, b=p1: _on_curve(a, c, b, t))
            )
        else:
            p0, p1 = (x1, y1 - node_h / 2), (x2, y2 + node_h / 2)
            lines.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b4f8a" '
                    'stroke-width="2"/>',
                    *p0,
                    *p1,
                )
            )
            labels.append((rel, "#0b3a66", lambda t, a=p0, b=p1: _on_line(a, b, t)))
    boxes = place_labels(
        [(_label(rel), point) for rel, _colour, point in labels],
        obstacles=nodes,
        width=width,
    )
    legend = [
        f"{rel.source} → {rel.target}: {_label(rel)}"
        for (rel, _colour, _point), box in zip(labels, boxes, strict=True)
        if box is None
    ]
    height += len(legend) * (LABEL_H + 2) + (10 if legend else 0)
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {w} {h}" width="{w}" '
            'height="{h}" role="img" aria-labelledby="{id}-title {id}-desc">'
            '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>',
            w=width,
            h=height,
            id=chart_id,
            title=title,
            desc=_(
                "Solid lines are vertical relations (to the supervisor, the organisation, "
                "the referring authority), dashed lines horizontal ones between peers; "
                "the numbers are in the table beside the picture."
            ),
        ),
        *lines,
    ]
    for (rel, colour, _point), box in zip(labels, boxes, strict=True):
        if box is None:
            continue
        x, y, w, h = box
        # a white ground under the label, so that no line runs through its letters
        parts.append(
            format_html(
                '<rect class="edge-label-ground" x="{}" y="{}" width="{}" height="{}" '
                'fill="#ffffff" fill-opacity="0.9"/>'
                '<text class="edge-label" x="{}" y="{}" text-anchor="middle" '
                'font-size="{}" fill="{}">{}</text>',
                x,
                y,
                w,
                h,
                x + w / 2,
                y + h - 4,
                LABEL_SIZE,
                colour,
                _label(rel),
            )
        )
    for name, (x, y) in pos.items():
        shown, size = _fit(name, node_w - 10)
        parts.append(
            format_html(
                '<rect class="node" x="{}" y="{}" width="{}" height="{}" rx="6" '
                'fill="#ffffff" stroke="#1b1b1f"/><text class="node-name" x="{}" y="{}" '
                'text-anchor="middle" font-size="{}" fill="#1b1b1f">{}</text>',
                x - node_w / 2,
                y - node_h / 2,
                node_w,
                node_h,
                x,
                y + 4,
                size,
                shown,
            )
        )
    y = top + len(levels) * (node_h + row_gap)
    for n, text in enumerate(legend):
        parts.append(
            format_html(
                '<text class="legend" x="10" y="{}" font-size="{}" fill="#1b1b1f">{}</text>',
                y + n * (LABEL_H + 2),
                LABEL_SIZE,
                text,
            )
        )
    parts.append(mark_safe("</svg>"))
    # every part was escaped (format_html) or is fixed markup
    return mark_safe("".join(parts))  # noqa: S308
