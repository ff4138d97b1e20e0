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

from .models import Assignment, Case
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


def relations_svg(
    levels: list[list[str]], relations: list[Relation], *, chart_id: str, title: str
) -> SafeString:
    """Nodes in rows (top: the referring authority; bottom: the volunteers); vertical
    relations as solid lines, horizontal ones as dashed curves; every line labelled."""
    node_w, node_h, row_gap, col_gap, top = 170, 34, 90, 30, 20
    width = max(len(lvl) for lvl in levels) * (node_w + col_gap) + 60
    width = max(width, 520)
    height = top + len(levels) * (node_h + row_gap) + 20
    pos: dict[str, tuple[float, float]] = {}
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
        )
    ]
    for r, lvl in enumerate(levels):
        row_w = len(lvl) * (node_w + col_gap) - col_gap
        x0 = (width - row_w) / 2
        y = top + r * (node_h + row_gap)
        for c, name in enumerate(lvl):
            x = x0 + c * (node_w + col_gap)
            pos.setdefault(name, (x + node_w / 2, y + node_h / 2))
    for rel in relations:
        if rel.source not in pos or rel.target not in pos:
            continue
        (x1, y1), (x2, y2) = pos[rel.source], pos[rel.target]
        label = f"{rel.what}: {rel.count}"
        if rel.kind == HORIZONTAL:
            mx, my = (x1 + x2) / 2, min(y1, y2) + node_h / 2 + 28
            parts.append(
                format_html(
                    '<path d="M{} {} Q{} {} {} {}" fill="none" stroke="#6b4fa0" '
                    'stroke-width="2" stroke-dasharray="6 4"/>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" '
                    'fill="#3d2a66">{}</text>',
                    x1,
                    y1 + node_h / 2,
                    mx,
                    my + 20,
                    x2,
                    y2 + node_h / 2,
                    mx,
                    my + 14,
                    label,
                )
            )
        else:
            parts.append(
                format_html(
                    '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#0b4f8a" '
                    'stroke-width="2"/>'
                    '<text x="{}" y="{}" text-anchor="middle" font-size="11" '
                    'fill="#0b3a66">{}</text>',
                    x1,
                    y1 - node_h / 2,
                    x2,
                    y2 + node_h / 2,
                    (x1 + x2) / 2,
                    (y1 + y2) / 2 + 4,
                    label,
                )
            )
    for name, (x, y) in pos.items():
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="{}" rx="6" fill="#ffffff" '
                'stroke="#1b1b1f"/><text x="{}" y="{}" text-anchor="middle" '
                'font-size="12" fill="#1b1b1f">{}</text>',
                x - node_w / 2,
                y - node_h / 2,
                node_w,
                node_h,
                x,
                y + 4,
                name[:26],
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
