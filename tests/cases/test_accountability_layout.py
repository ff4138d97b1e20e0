"""The accountability picture: every relation is labelled, no label over another or over a
node; a picture too crowded for that lists the rest in a legend under it."""

import re

from coproduce.cases.accountability import (
    HORIZONTAL,
    VERTICAL,
    Relation,
    _hit,
    relations_svg,
)

BOX = re.compile(
    r'<rect class="(edge-label-ground|node)" x="([\d.]+)" y="([\d.]+)" '
    r'width="([\d.]+)" height="([\d.]+)"'
)


def boxes(svg: str) -> tuple[list, list]:
    found = {"edge-label-ground": [], "node": []}
    for kind, *numbers in BOX.findall(svg):
        found[kind].append(tuple(float(n) for n in numbers))
    return found["edge-label-ground"], found["node"]


def picture(mediators: int) -> tuple[str, int]:
    names = [f"Volunteer mediator {n}" for n in range(mediators)]
    levels = [["Police"], ["Conciliation office"], ["Supervisor"], names]
    relations = [
        Relation("Conciliation office", "Police", VERTICAL, "reports the outcome to"),
        Relation("Supervisor", "Conciliation office", VERTICAL, "answers to"),
    ]
    for i, name in enumerate(names):
        relations.append(
            Relation(name, "Supervisor", VERTICAL, "supervised by (sign-offs)", 3)
        )
        relations.append(
            Relation("Supervisor", name, HORIZONTAL, "shares mediators' steps", 1)
        )
        if i % 2:
            relations.append(
                Relation(names[i - 1], name, HORIZONTAL, "mediate as a pair", 4)
            )
    return relations_svg(levels, relations, chart_id="t", title="t"), len(relations)


def test_labels_overlap_nothing():
    for mediators in (2, 3, 6):
        svg, n = picture(mediators)
        labels, nodes = boxes(svg)
        legend = svg.count('class="legend"')
        assert len(labels) + legend == n
        for i, a in enumerate(labels):
            assert not any(_hit(a, b, pad=0) for b in labels[i + 1 :])
            assert not any(_hit(a, b, pad=0) for b in nodes)


def test_the_usual_case_needs_no_legend():
    svg, n = picture(2)
    assert 'class="legend"' not in svg
    assert len(boxes(svg)[0]) == n
