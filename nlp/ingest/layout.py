"""One laid-out PDF page (pdfminer ``LTPage``) → flat records: text lines, and ruled tables as rows of cells.

Coordinates follow pdfplumber: ``x0``/``x1`` from the left edge, ``top``/``bottom`` from the top edge of the page.
Tables are found from the ruling lines pdfminer reports (``LTLine``, thin or outlined ``LTRect``, thin ``LTCurve``):
connected horizontal and vertical rules form a grid; every character of a text line inside the grid goes to the cell
its left part falls in, so a line pdfminer glued across two cells (``2022.11 《关于…》``) is cut at the rule, and the
lines of a cell that wrapped inside its ruled box are joined back. A run of characters crossing a boundary that is
not ruled in its row (a horizontally merged cell) stays in the cell it started in. Tables drawn with horizontal
rules only get their columns from x-positions (:mod:`nlp.ingest.unruled`). The pdfminer objects are dropped once
a page is converted, so memory stays bounded by the text, not by the layout trees.
"""
from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field
from typing import Iterator

from pdfminer.layout import LTAnno, LTChar, LTCurve, LTFigure, LTImage, LTLine, LTPage, LTRect, LTTextBox, LTTextLine

from .columns import reading_order
from .geometry import Grid, Segment
from .settings import DEFAULT_LAYOUT, LayoutSettings
from .unruled import aligned_grids, line_pieces, rule_bands, unruled_grid
from .vocabulary import is_caption_text

CID_PREFIX = "(cid:"
# A character belongs to the column its left part stands in: punctuation the typesetter let hang past the cell's
# right edge (``（青岛）`` with ``）`` over the rule) stays in its cell.
HANGING_SHARE = 0.25
#: A gap between two characters of a line this many font sizes wide separates two cells even where no rule does.
WIDE_GAP_SIZES = 1.5


@dataclass(frozen=True, slots=True)
class TextLine:
    """A line of text outside any table.

    Attributes:
        text: the characters of the line (pdfminer's inserted word spaces kept, ``(cid:N)`` codes dropped).
        x0, top, x1, bottom: the line's box in points, top-left origin.
        size: the most common font size of its characters.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float


@dataclass(frozen=True, slots=True)
class TableBlock:
    """A ruled table (or the part of it on one page) as rows of cell texts, one tuple per row.

    ``rows`` has a vertically merged cell's text once, in its first row (as it reads); ``filled`` (empty when no
    cell is merged) has it in every row the cell spans (as the records want it); ``merged`` lists the merged cells
    as ``(first row, column, rows spanned)``; ``xs`` are the column boundaries, ``row_edges`` each row's top and
    bottom, ``across`` the cells merged over columns of one row as ``(row, first column, columns spanned)``."""

    rows: tuple[tuple[str, ...], ...]
    x0: float
    top: float
    x1: float
    bottom: float
    filled: tuple[tuple[str, ...], ...] = ()
    merged: tuple[tuple[int, int, int], ...] = ()
    xs: tuple[float, ...] = ()
    row_edges: tuple[tuple[float, float], ...] = ()
    across: tuple[tuple[int, int, int], ...] = ()

    @property
    def columns(self) -> int:
        """Number of columns of the grid."""
        return len(self.rows[0]) if self.rows else 0


@dataclass
class PageContent:
    """What one page holds, in reading order (top to bottom), plus the counts the error checks need."""

    number: int
    width: float
    height: float
    items: list[TextLine | TableBlock] = field(default_factory=list)
    chars: int = 0
    cid_chars: int = 0
    images: int = 0
    graphics: int = 0

    def has_table(self) -> bool:
        """True when the page holds a ruled grid or aligned columns (the pages pdfplumber's finder runs on)."""
        return any(isinstance(item, TableBlock) for item in self.items)


def join_pieces(left: str, right: str) -> str:
    """Join two pieces of one paragraph or cell: nothing between CJK text, one space between ASCII words.

    >>> join_pieces("防范化解", "风险"), join_pieces("DB32/T", "4197-2022"), join_pieces("5G 智慧电台系统技术要", "求》")
    ('防范化解风险', 'DB32/T 4197-2022', '5G 智慧电台系统技术要求》')
    """
    left, right = left.rstrip(), right.lstrip()
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return left + " " + right
    return left + right


def page_content(page: LTPage, number: int, settings: LayoutSettings = DEFAULT_LAYOUT) -> PageContent:
    """Convert one laid-out page into a :class:`PageContent`."""
    height = page.height
    content = PageContent(number, page.width, height)
    lines, segments = _collect(page, page, content, settings)
    grids = find_grids(segments, settings)
    grids += unruled_grids(segments, grids, lines, page, settings)
    free = [line for line in lines if _grid_of(line, grids, height, settings.ruling_tolerance) is None]
    captions = [p for line in free if is_caption_text(line.get_text()) for p in line_pieces(line, height)[:1]]
    grids += aligned_grids(free, height, captions)
    in_grid: dict[int, list[LTTextLine]] = {}
    for line in lines:
        index = _grid_of(line, grids, height, settings.ruling_tolerance)
        if index is None:
            record = text_line(line, height, content)
            if record is not None:
                content.items.append(record)
        else:
            in_grid.setdefault(index, []).append(line)
    for index, grid_lines in sorted(in_grid.items()):
        counts = PageContent(number, page.width, height)
        table = grid_table(grids[index], grid_lines, height, counts, settings.ruling_tolerance)
        if table is not None:
            content.items.append(table)
            content.chars += counts.chars
            content.cid_chars += counts.cid_chars
        else:
            content.items.extend(r for r in (text_line(ln, height, content) for ln in grid_lines) if r)
    content.items = reading_order(content.items, settings)
    return content


def _collect(container: LTPage | LTFigure, page: LTPage, content: PageContent,
             settings: LayoutSettings) -> tuple[list[LTTextLine], list[Segment]]:
    """Text lines and ruling segments of a page; figures count their images and give their text only when they
    cover most of the page (a page wrapped in a form XObject), not when they are charts with labels."""
    lines: list[LTTextLine] = []
    segments: list[Segment] = []
    for obj in container:
        if isinstance(obj, LTTextBox):
            lines.extend(line for line in obj if isinstance(line, LTTextLine))
        elif isinstance(obj, LTTextLine):
            lines.append(obj)
        elif isinstance(obj, LTImage):
            content.images += 1
        elif isinstance(obj, LTFigure):
            inner_lines, inner_segments = _collect(obj, page, content, settings)
            if obj.width * obj.height >= settings.page_figure_area * page.width * page.height:
                lines.extend(inner_lines)
                segments.extend(inner_segments)
            else:
                content.chars += sum(len(line) for line in inner_lines)
        elif isinstance(obj, (LTRect, LTLine, LTCurve)):
            content.graphics += 1
            if container is page:
                segments.extend(_segments(obj, page, settings))
        elif isinstance(obj, LTChar):
            content.chars += 1
    return lines, segments


def _segments(obj: LTCurve, page: LTPage, settings: LayoutSettings) -> Iterator[Segment]:
    """The ruling segments of a line, thin box or outlined rectangle (top-based coordinates); the edges of a
    filled, unstroked box are shading, not rules."""
    tol = settings.ruling_tolerance
    x0, x1, top, bottom = obj.x0, obj.x1, page.height - obj.y1, page.height - obj.y0
    if x1 - x0 >= settings.background_fraction * page.width and bottom - top >= settings.background_fraction * page.height:
        return
    if bottom - top <= tol and x1 - x0 > tol:
        yield Segment(True, (top + bottom) / 2, x0, x1)
    elif x1 - x0 <= tol and bottom - top > tol:
        yield Segment(False, (x0 + x1) / 2, top, bottom)
    elif isinstance(obj, LTRect) and obj.stroke:
        yield from (Segment(True, top, x0, x1), Segment(True, bottom, x0, x1),
                    Segment(False, x0, top, bottom), Segment(False, x1, top, bottom))


def find_grids(segments: list[Segment], settings: LayoutSettings = DEFAULT_LAYOUT) -> list[Grid]:
    """Group crossing rules into grids; keep those with at least two columns and one row."""
    tol = settings.ruling_tolerance
    parent = list(range(len(segments)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    horizontals = [i for i, s in enumerate(segments) if s.horizontal]
    verticals = [i for i, s in enumerate(segments) if not s.horizontal]
    for h in horizontals:
        hs = segments[h]
        for v in verticals:
            vs = segments[v]
            if hs.start - tol <= vs.pos <= hs.end + tol and vs.start - tol <= hs.pos <= vs.end + tol:
                parent[root(h)] = root(v)
    groups: dict[int, list[Segment]] = {}
    for i, segment in enumerate(segments):
        groups.setdefault(root(i), []).append(segment)
    grids = []
    for members in groups.values():
        xs = _merge_positions([s.pos for s in members if not s.horizontal], tol)
        ys = _merge_positions([s.pos for s in members if s.horizontal], tol)
        if len(xs) >= 3 and len(ys) >= 2:
            grids.append(Grid(tuple(xs), tuple(ys), tuple(s for s in members if not s.horizontal),
                              tuple(s for s in members if s.horizontal)))
    return sorted(grids, key=lambda g: (g.ys[0], g.xs[0]))


def unruled_grids(segments: list[Segment], grids: list[Grid], lines: list[LTTextLine], page: LTPage,
                  settings: LayoutSettings) -> list[Grid]:
    """Grids of the tables drawn with horizontal rules only (see :mod:`nlp.ingest.unruled`)."""
    found = []
    verticals = [s for s in segments if not s.horizontal]
    for band in rule_bands(segments, grids, page.width, settings.ruling_tolerance):
        x0, top, x1, bottom = band
        inside = [line for line in lines if x0 <= (line.x0 + line.x1) / 2 <= x1
                  and top < page.height - (line.y0 + line.y1) / 2 < bottom]
        grid = unruled_grid(band, inside, page.height, verticals)
        if grid is not None:
            found.append(grid)
    return found


def _merge_positions(values: list[float], tol: float) -> list[float]:
    """Sorted positions with those closer than ``tol`` merged (double rules, rules drawn twice).

    >>> _merge_positions([10.0, 10.5, 30.0, 29.2], 1.5)
    [10.0, 29.2]
    """
    merged: list[float] = []
    for value in sorted(values):
        if not merged or value - merged[-1] > tol:
            merged.append(value)
    return merged


def _grid_of(line: LTTextLine, grids: list[Grid], height: float, tol: float) -> int | None:
    """Index of the grid the line's centre lies in, if any."""
    x, y = (line.x0 + line.x1) / 2, height - (line.y0 + line.y1) / 2
    for index, grid in enumerate(grids):
        if grid.contains(x, y, tol):
            return index
    return None


def text_line(line: LTTextLine, height: float, content: PageContent) -> TextLine | None:
    """A :class:`TextLine` from a pdfminer line (``None`` if it holds no readable character)."""
    pieces: list[str] = []
    sizes: Counter[float] = Counter()
    for item in line:
        if isinstance(item, LTChar):
            text = item.get_text()
            content.chars += 1
            if text.startswith(CID_PREFIX):
                content.cid_chars += 1
                continue
            pieces.append(text)
            sizes[round(item.size, 1)] += 1
        elif isinstance(item, LTAnno):
            pieces.append(item.get_text())
    text = "".join(pieces).replace("\n", " ").strip()
    if not text:
        return None
    return TextLine(text, line.x0, height - line.y1, line.x1, height - line.y0, sizes.most_common(1)[0][0])


def grid_table(grid: Grid, lines: list[LTTextLine], height: float, content: PageContent,
               tol: float = DEFAULT_LAYOUT.ruling_tolerance) -> TableBlock | None:
    """Rows of cell texts for the lines inside one grid; ``None`` if fewer than two columns hold text.

    A cell merged over several rows (no horizontal rule across its column between them, 一级指标 ``算力规模`` over
    three rows) holds all its lines once, in its first row; :attr:`TableBlock.filled` repeats it into every row it
    spans."""
    fragments: dict[tuple[int, int], list[tuple[float, float, float, str]]] = {}
    for line in lines:
        for (band, col), top, bottom, x0, text in _cell_runs(grid, line, height, content):
            fragments.setdefault((band, col), []).append((top, bottom, x0, text))
    if len({col for _, col in fragments}) < 2:
        return None
    row_of = _logical_rows(grid, tol)
    starts = _span_starts(grid, row_of, tol)
    pieces: dict[tuple[int, int], list[tuple[float, float, float, str]]] = {}
    for (band, col), found in fragments.items():
        pieces.setdefault((starts[row_of[band], col], col), []).extend(found)
    texts = {key: cell_text(found) for key, found in pieces.items()}
    columns = len(grid.xs) - 1
    rows, filled, kept = [], [], []
    for row in range(row_of[-1] + 1):
        own = tuple(texts.get((row, col), "") if starts[row, col] == row else "" for col in range(columns))
        if any(own):
            rows.append(own)
            filled.append(tuple(texts.get((starts[row, col], col), "") for col in range(columns)))
            kept.append(row)
    if not rows:
        return None
    across = [_across(grid, row_of.index(row), cells) for row, cells in zip(kept, filled)]
    filled = [cells for cells, _ in across]
    return TableBlock(tuple(rows), grid.xs[0], grid.ys[0], grid.xs[-1], grid.ys[-1],
                      tuple(filled) if filled != rows else (), _merged_cells(starts, kept, columns), tuple(grid.xs),
                      tuple(_row_edges(grid, row_of, row) for row in kept),
                      tuple((index, col, cols) for index, (_, spans) in enumerate(across) for col, cols in spans))


def _row_edges(grid: Grid, row_of: list[int], row: int) -> tuple[float, float]:
    """The top and bottom of a logical row (its bands between row boundaries)."""
    bands = [band for band, of in enumerate(row_of) if of == row]
    return grid.ys[bands[0]], grid.ys[min(bands[-1] + 1, len(grid.ys) - 1)]


def _across(grid: Grid, band: int, cells: tuple[str, ...]) -> tuple[tuple[str, ...], list[tuple[int, int]]]:
    """A row's cells with the text of a cell merged over some (not all) of its columns, no rule between them in the
    row (``总计 | 108 项`` over two columns), repeated into each column it spans; and those cells as (first column,
    columns spanned)."""
    ruled = _ruled_boundaries(grid, band)
    out = list(cells)
    spans = []
    start = 0
    for col in range(1, len(cells) + 1):
        if col < len(cells) and not ruled[col]:
            continue
        if 0 < col - start < len(cells) and out[start] and not any(out[start + 1:col]):
            out[start + 1:col] = [out[start]] * (col - start - 1)
            if col - start > 1:
                spans.append((start, col - start))
        start = col
    return tuple(out), spans


def _merged_cells(starts: dict[tuple[int, int], int], kept: list[int], columns: int) -> tuple[tuple[int, int, int], ...]:
    """``(first row, column, rows)`` of every cell that spans two or more of the kept rows (row numbers of the
    table as returned)."""
    out = []
    for col in range(columns):
        first = 0
        for index in range(1, len(kept) + 1):
            if index == len(kept) or starts[kept[index], col] != starts[kept[first], col]:
                if index - first > 1:
                    out.append((first, col, index - first))
                first = index
    return tuple(sorted(out))


def cell_text(pieces: list[tuple[float, float, float, str]]) -> str:
    """The text of one cell from its pieces ``(top, bottom, x0, text)``: visual lines top to bottom (pieces that
    overlap vertically, a superscript ``*`` beside its word, are one line), each read left to right, joined by
    :func:`join_pieces`.

    >>> cell_text([(10.0, 20.0, 5.0, "网民评价"), (8.0, 14.0, 45.0, "*"), (24.0, 34.0, 5.0, "（参考）")])
    '网民评价*（参考）'
    """
    visual: list[list[tuple[float, float, float, str]]] = []
    for piece in sorted(pieces):
        if visual and piece[0] < visual[-1][-1][1] - 0.3 * (piece[1] - piece[0]):
            visual[-1].append(piece)
        else:
            visual.append([piece])
    text = ""
    for group in visual:
        for _, _, _, piece_text in sorted(group, key=lambda p: p[2]):
            text = join_pieces(text, piece_text)
    return text.strip()


def _rule_across(grid: Grid, y: float, col: int, tol: float) -> bool:
    """True if a horizontal rule of the grid crosses column ``col`` at height ``y`` (always, for a grid without
    horizontal rules of its own)."""
    if not grid.horizontals:
        return True
    middle = (grid.xs[col] + grid.xs[col + 1]) / 2
    return any(abs(h.pos - y) <= tol and h.start - tol <= middle <= h.end + tol for h in grid.horizontals)


def _logical_rows(grid: Grid, tol: float) -> list[int]:
    """The row of each band between consecutive row boundaries: a boundary no column's rule crosses joins two bands
    into one row.

    >>> g = Grid((0.0, 10.0, 20.0), (0.0, 10.0, 20.0, 30.0), (), (Segment(True, 0.0, 0.0, 20.0),
    ...          Segment(True, 10.0, 10.0, 20.0), Segment(True, 30.0, 0.0, 20.0)))
    >>> _logical_rows(g, 1.0)
    [0, 1, 1]
    """
    rows = [0]
    for band in range(1, max(len(grid.ys) - 1, 1)):
        ruled = any(_rule_across(grid, grid.ys[band], col, tol) for col in range(len(grid.xs) - 1))
        rows.append(rows[-1] + 1 if ruled else rows[-1])
    return rows


def _span_starts(grid: Grid, row_of: list[int], tol: float) -> dict[tuple[int, int], int]:
    """``(row, col)`` → the first row of the cell that covers it: a cell goes on down while no rule crosses its
    column at the top of the next row (a vertically merged cell)."""
    first_band: dict[int, int] = {}
    for band, row in enumerate(row_of):
        first_band.setdefault(row, band)
    starts: dict[tuple[int, int], int] = {}
    for col in range(len(grid.xs) - 1):
        for row in range(row_of[-1] + 1):
            merged = row > 0 and not _rule_across(grid, grid.ys[first_band[row]], col, tol)
            starts[row, col] = starts[row - 1, col] if merged else row
    return starts


def _cell_runs(grid: Grid, line: LTTextLine, height: float,
               content: PageContent) -> Iterator[tuple[tuple[int, int], float, float, float, str]]:
    """Cut a line into runs of characters lying in the same cell: ((row band, col), top, bottom, x0, text).

    A run of characters without a wide gap (:data:`WIDE_GAP_SIZES`) that crosses a column boundary not ruled in its
    row (a merged cell, ``108 项`` over two columns) stays in the cell it started in; across a wide gap it does not
    (a header row whose inner rules are hidden under shading)."""
    ruled: dict[int, list[bool]] = {}
    cell, pieces, top, bottom, x0, last_x1 = None, [], 0.0, 0.0, 0.0, None
    for item in line:
        if isinstance(item, LTAnno):
            pieces.append(item.get_text())
            continue
        if not isinstance(item, LTChar):
            continue
        content.chars += 1
        text = item.get_text()
        if text.startswith(CID_PREFIX):
            content.cid_chars += 1
            continue
        here = _cell_at(grid, item.x0 + HANGING_SHARE * (item.x1 - item.x0), height - (item.y0 + item.y1) / 2)
        wide = last_x1 is not None and item.x0 - last_x1 >= WIDE_GAP_SIZES * item.size
        last_x1 = item.x1
        if here != cell and not (cell is not None and not wide and _merged(grid, cell, here, ruled)):
            if cell is not None and "".join(pieces).strip():
                yield cell, top, bottom, x0, "".join(pieces).replace("\n", " ")
            cell, pieces, top, bottom, x0 = here, [], height - item.y1, height - item.y0, item.x0
        pieces.append(text)
    if cell is not None and "".join(pieces).strip():
        yield cell, top, bottom, x0, "".join(pieces).replace("\n", " ")


def _cell_at(grid: Grid, x: float, y: float) -> tuple[int, int]:
    """The (row band, column) a point falls in (clamped to the grid)."""
    row = min(max(bisect.bisect_right(grid.ys, y) - 1, 0), len(grid.ys) - 2) if len(grid.ys) > 1 else 0
    col = min(max(bisect.bisect_right(grid.xs, x) - 1, 0), len(grid.xs) - 2)
    return row, col


def _merged(grid: Grid, cell: tuple[int, int], here: tuple[int, int], ruled: dict[int, list[bool]]) -> bool:
    """True if no rule separates two horizontally adjacent cells of one row band."""
    (row, col), (other_row, other_col) = cell, here
    if row != other_row or other_col <= col:
        return False
    if row not in ruled:
        ruled[row] = _ruled_boundaries(grid, row)
    return not any(ruled[row][c] for c in range(col + 1, other_col + 1))


def _ruled_boundaries(grid: Grid, row: int) -> list[bool]:
    """For each column boundary of the grid, whether a vertical rule crosses the middle of the row band."""
    middle = (grid.ys[row] + grid.ys[row + 1]) / 2 if row + 1 < len(grid.ys) else grid.ys[row]
    return [any(abs(v.pos - x) <= 2.0 and v.start - 1 <= middle <= v.end + 1 for v in grid.verticals) for x in grid.xs]
