"""Tables without vertical rules (三线表: a rule above, one under the header, one below) → a grid from x-positions.

Between the first and last of three or more wide horizontal rules of equal extent that no vertical rule crosses,
the text lines are cut into columns where a gap runs through every line (wider than ``min_gap`` font sizes), and
each visual line becomes a row (a cell that wrapped gives a row with empty key cells, which the table reader joins
to the row above). A region whose lines have no common gap (a boxed paragraph) is not a table.
"""
from __future__ import annotations

from pdfminer.layout import LTChar, LTTextLine

from .geometry import Grid, Segment

MIN_RULES = 3
MIN_GAP_SIZES = 0.9
MIN_TABLE_WIDTH = 0.4


def rule_bands(segments: list[Segment], grids: list[Grid], page_width: float, tol: float) -> list[tuple[float, float, float, float]]:
    """(x0, top, x1, bottom) of runs of ≥ 3 wide horizontal rules with the same extent, outside every grid."""
    rules = sorted((s for s in segments if s.horizontal and s.end - s.start >= MIN_TABLE_WIDTH * page_width
                    and not any(g.contains(s.start + 1, s.pos, tol) for g in grids)), key=lambda s: (s.start, s.end, s.pos))
    bands: list[tuple[float, float, float, float]] = []
    group: list[Segment] = []
    for rule in [*rules, None]:
        if rule is not None and group and abs(rule.start - group[0].start) <= tol and abs(rule.end - group[0].end) <= tol:
            group.append(rule)
            continue
        tops = sorted({round(r.pos, 1) for r in group})
        if len(tops) >= MIN_RULES:
            bands.append((group[0].start, tops[0], group[0].end, tops[-1]))
        group = [rule] if rule is not None else []
    return bands


def unruled_grid(band: tuple[float, float, float, float], lines: list[LTTextLine], height: float,
                 verticals: list[Segment]) -> Grid | None:
    """A grid for the lines of a rule band, or ``None`` if no vertical rule-free column gap runs through them."""
    x0, top, x1, bottom = band
    if any(x0 < v.pos < x1 and v.start < bottom and v.end > top for v in verticals) or len(lines) < 2:
        return None
    size = max(_size(line) for line in lines)
    columns = _column_gaps(lines, x0, x1, size * MIN_GAP_SIZES)
    if not columns:
        return None
    rows = _row_bounds(lines, height, top, bottom)
    xs = (x0, *columns, x1)
    rules = tuple(Segment(False, x, top, bottom) for x in xs)
    return Grid(xs, rows, rules) if len(rows) >= 3 else None


def _size(line: LTTextLine) -> float:
    return max((c.size for c in line if isinstance(c, LTChar)), default=0.0)


def _column_gaps(lines: list[LTTextLine], x0: float, x1: float, min_gap: float) -> tuple[float, ...]:
    """Centres of the x-ranges no character of any line covers, wider than ``min_gap``."""
    spans = sorted((c.x0, c.x1) for line in lines for c in line if isinstance(c, LTChar) and c.get_text().strip())
    gaps, reach = [], x0
    for start, end in spans:
        if start - reach >= min_gap and reach > x0:
            gaps.append((reach + start) / 2)
        reach = max(reach, end)
    return tuple(gaps)


def _row_bounds(lines: list[LTTextLine], height: float, top: float, bottom: float) -> tuple[float, ...]:
    """Row boundaries (top-based): the band's top and bottom and the middles between consecutive visual lines."""
    boxes = sorted((height - line.y1, height - line.y0) for line in lines)
    rows: list[list[float]] = []
    for line_top, line_bottom in boxes:
        if rows and line_top < rows[-1][1] - 0.3 * (line_bottom - line_top):
            rows[-1][1] = max(rows[-1][1], line_bottom)
        else:
            rows.append([line_top, line_bottom])
    middles = [(above[1] + below[0]) / 2 for above, below in zip(rows, rows[1:])]
    return (top, *middles, bottom)
