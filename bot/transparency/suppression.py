"""Small-count suppression that cannot be undone with the published totals.

Every published count is a cell; the tables tie cells together with equations "parent =
sum of children" (a Polda's complaints are the sum of its Polres', a unit's complaints
the sum of its categories, each category's count in a Polda the sum over its Polres...).
Counts under `THRESHOLD` are hidden ("<5": primary suppression). Then we do what an
attacker would: propagate the bounds every equation gives (a hidden small cell is in
[0, 4], a hidden larger one is at least 5) until nothing changes; while any hidden cell
is pinned to one positive value, the smallest visible cell of an equation it is in is
hidden too (secondary suppression, published as "suppressed", not as "<5", which would
be untrue). The loop ends because every round hides at least one more cell.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

THRESHOLD = 5
INF = 10**12
PRIMARY = "<5"
SECONDARY = "suppressed"


@dataclass(frozen=True, slots=True)
class Equation:
    parent: Hashable
    children: tuple[Hashable, ...]


def suppress(values: dict[Hashable, int], equations: Sequence[Equation]) -> dict[Hashable, str]:
    """The hidden cells and why: PRIMARY or SECONDARY. Visible cells are absent."""
    hidden: dict[Hashable, str] = {k: PRIMARY for k, v in values.items() if v < THRESHOLD}
    equations = [
        e for e in equations if e.parent in values and all(c in values for c in e.children)
    ]
    by_cell: dict[Hashable, list[Equation]] = {}
    for eq in equations:
        for cell in (eq.parent, *eq.children):
            by_cell.setdefault(cell, []).append(eq)
    for _round in range(len(values) + 1):
        pinned = _pinned(values, hidden, equations)
        if not pinned:
            return hidden
        added = False
        for cell in pinned:
            for eq in by_cell.get(cell, []):
                visible = [c for c in eq.children if c not in hidden]
                if not visible and eq.parent not in hidden:
                    visible = [eq.parent]
                if visible:
                    pick = min(visible, key=lambda c: (values[c], str(c)))
                    hidden[pick] = SECONDARY
                    added = True
                    break
        if not added:  # nothing left to hide around it: hide the pinned cells' totals
            for cell in pinned:
                for eq in by_cell.get(cell, []):
                    for other in (eq.parent, *eq.children):
                        hidden.setdefault(other, SECONDARY)
    return hidden


def _pinned(
    values: dict[Hashable, int], hidden: dict[Hashable, str], equations: Sequence[Equation]
) -> list[Hashable]:
    """Hidden cells whose value the equations determine (and that are not 0)."""
    lo: dict[Hashable, int] = {}
    hi: dict[Hashable, int] = {}
    for cell, why in hidden.items():
        lo[cell], hi[cell] = (0, THRESHOLD - 1) if why == PRIMARY else (THRESHOLD, INF)
    relevant = [e for e in equations if e.parent in hidden or any(c in hidden for c in e.children)]

    def bounds(cell: Hashable) -> tuple[int, int]:
        if cell in hidden:
            return lo[cell], hi[cell]
        return values[cell], values[cell]

    for _iteration in range(200):
        changed = False
        for eq in relevant:
            child_bounds = [bounds(c) for c in eq.children]
            sum_lo = sum(b[0] for b in child_bounds)
            sum_hi = min(INF, sum(b[1] for b in child_bounds))
            p_lo, p_hi = bounds(eq.parent)
            if eq.parent in hidden:
                new = (max(p_lo, sum_lo), min(p_hi, sum_hi))
                if new != (p_lo, p_hi):
                    lo[eq.parent], hi[eq.parent] = new
                    changed = True
                p_lo, p_hi = new
            for child, (c_lo, c_hi) in zip(eq.children, child_bounds, strict=True):
                if child not in hidden:
                    continue
                others_lo = sum_lo - c_lo
                others_hi = sum_hi - c_hi if sum_hi < INF and c_hi < INF else INF
                new = (
                    max(c_lo, p_lo - others_hi if others_hi < INF else c_lo),
                    min(c_hi, p_hi - others_lo),
                )
                if new != (c_lo, c_hi):
                    lo[child], hi[child] = new
                    changed = True
        if not changed:
            break
    return [c for c in hidden if lo[c] == hi[c] and lo[c] > 0]
