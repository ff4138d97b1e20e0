"""Small-cell suppression: no published breakdown lets anyone be singled out. Pure.

Cells are the counts of one breakdown that add up to a total that is shown (the groups,
plus those who gave no answer or an answer outside the figures). The rule:

1. primary: every cell with 1 .. threshold-1 people is suppressed;
2. secondary: if exactly one cell is suppressed, the smallest other non-zero cell is
   suppressed too, so that the first cannot be worked out as the total minus the others.

Zero cells are shown: "nobody" singles nobody out. Statistics are then computed on the
published cells only, with the suppressed groups merged into one, so that no figure
(share, ratio, index, test) can be solved for a suppressed count.
"""

from collections.abc import Sequence


def suppressed_cells(counts: Sequence[int], threshold: int) -> set[int]:
    """Indexes of the cells to hide."""
    hidden = {i for i, c in enumerate(counts) if 0 < c < threshold}
    if len(hidden) == 1:
        others = [(c, i) for i, c in enumerate(counts) if c > 0 and i not in hidden]
        if others:
            hidden.add(min(others)[1])
    return hidden
