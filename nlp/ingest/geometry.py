"""Ruling geometry shared by the table finders: rule segments and grids (top-left origin, points)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Segment:
    """A ruling line: ``pos`` is y (top-based) for a horizontal rule, x for a vertical one; ``start``-``end`` its extent."""

    horizontal: bool
    pos: float
    start: float
    end: float


@dataclass(frozen=True, slots=True)
class Grid:
    """The column boundaries (x) and row boundaries (top) of one ruled table, its vertical rules and its horizontal
    rules (empty for a grid made from x-positions: every row boundary then counts as ruled)."""

    xs: tuple[float, ...]
    ys: tuple[float, ...]
    verticals: tuple[Segment, ...]
    horizontals: tuple[Segment, ...] = ()

    def contains(self, x: float, y: float, tol: float) -> bool:
        """True if the point lies inside the grid's outer box (with a tolerance)."""
        return self.xs[0] - tol <= x <= self.xs[-1] + tol and self.ys[0] - tol <= y <= self.ys[-1] + tol
