"""Tables without vertical rules (三线表: a rule above, one under the header, one below), and tables without any
rule (a slide's text boxes aligned in columns) → a grid from x-positions.

Between the first and last of three or more wide horizontal rules of equal extent that no vertical rule crosses,
the text lines are cut into columns where a gap runs through every line (wider than ``min_gap`` font sizes), and
each visual line becomes a row (a cell that wrapped gives a row with empty key cells, which the table reader joins
to the row above). A region whose lines have no common gap (a boxed paragraph) is not a table.

Without any rule (:func:`aligned_grids`), a table starts at a header row whose short pieces name record fields
(``发文日期``, ``融资金额`` …: the header vocabulary) or stand under a caption line, and goes on while the rows below
keep to its columns; a line of a wrapped cell joins the nearer full row, a source or note line ends the table.
"""
from __future__ import annotations

from dataclasses import dataclass

from pdfminer.layout import LTChar, LTTextLine

from .geometry import Grid, Segment
from .vocabulary import header_field, is_note

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


# --------------------------------------------------------------------------- tables without any rule

#: A gap this many font sizes wide inside a pdfminer line separates two cells.
CELL_GAP_SIZES = 0.9
#: A header piece is at most this many characters.
HEADER_MAX_CHARS = 16
#: Visual lines overlapping by more than this share of a line's height are one visual row.
ROW_OVERLAP = 0.3


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of characters of one line without a wide gap (top-based box)."""

    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    text: str


def line_pieces(line: LTTextLine, height: float) -> list[Piece]:
    """A pdfminer line cut at gaps wider than :data:`CELL_GAP_SIZES` font sizes (pdfminer joins characters less
    than two character widths apart into one line, so two cells of a tight table can share one)."""
    out: list[Piece] = []
    chars: list[LTChar] = []
    for item in [*line, None]:
        if isinstance(item, LTChar) and not item.get_text().isspace():
            if chars and item.x0 - chars[-1].x1 < CELL_GAP_SIZES * max(item.size, chars[-1].size):
                chars.append(item)
                continue
        elif item is not None:
            continue
        if chars:
            text = "".join(c.get_text() for c in chars)
            out.append(Piece(chars[0].x0, max(c.x1 for c in chars), height - max(c.y1 for c in chars),
                             height - min(c.y0 for c in chars), max(c.size for c in chars), text))
        chars = [item] if isinstance(item, LTChar) else []
    return out


def visual_rows(pieces: list[Piece]) -> list[list[Piece]]:
    """Pieces grouped into visual rows, top to bottom: a piece whose box overlaps the row's box (a cell wrapped
    over two lines centred beside one-line cells joins them)."""
    rows: list[list[Piece]] = []
    bottom = 0.0
    for piece in sorted(pieces, key=lambda p: (p.top, p.x0)):
        if rows and piece.top < bottom - ROW_OVERLAP * (piece.bottom - piece.top):
            rows[-1].append(piece)
            bottom = max(bottom, piece.bottom)
        else:
            rows.append([piece])
            bottom = piece.bottom
    return [sorted(row, key=lambda p: p.x0) for row in rows]


def aligned_grids(lines: list[LTTextLine], height: float, captions: list[Piece]) -> list[Grid]:
    """Grids of tables drawn without any rule, text boxes aligned in columns (a slide's table): a header row of
    short pieces of which at least two name record fields (``nlp/data/table_vocabulary.yaml``), or stand right under
    a caption line, then the rows below it whose pieces keep to the same columns."""
    rows = visual_rows([p for line in lines for p in line_pieces(line, height)])
    grids: list[Grid] = []
    index = 0
    while index < len(rows):
        grid, used = _table_from(rows, index, captions)
        if grid is None:
            index += 1
            continue
        grids.append(grid)
        index += used
    return grids


def _is_header(row: list[Piece], captions: list[Piece]) -> bool:
    if len(row) < 2 or any(len(p.text) > HEADER_MAX_CHARS or is_note(p.text) for p in row):
        return False
    named = sum(1 for p in row if header_field(p.text))
    if named >= 2 and 2 * named >= len(row):
        return True
    top = min(p.top for p in row)
    size = max(p.size for p in row)
    return any(0 <= top - c.bottom <= 2.5 * size and c.x0 < row[-1].x1 and c.x1 > row[0].x0 for c in captions)


def _table_from(rows: list[list[Piece]], start: int, captions: list[Piece]) -> tuple[Grid | None, int]:
    """The table whose header is ``rows[start]``, and how many visual rows it takes."""
    header = rows[start]
    if not _is_header(header, captions):
        return None, 1
    size = max(p.size for p in header)
    body: list[list[Piece]] = []
    for row in rows[start + 1:]:
        gap = _gap(body[-1] if body else header, row)
        if gap > _gap_limit(header, body, size) or any(is_note(p.text) or _crosses(p, header) for p in row):
            break
        body.append(row)
    columns = _columns([header, *body], len(header))
    if columns is None:
        return None, 1
    grouped = _logical_rows([header, *body], columns)
    if len(grouped) < 3:
        return None, 1
    return _grid(grouped, columns), 1 + len(body)


def _gap_limit(header: list[Piece], body: list[list[Piece]], size: float) -> float:
    """How far below the row above the next row may start: twice the widest gap between rows so far (three font
    sizes under the header)."""
    rows = [header, *body]
    gaps = [min(p.top for p in b) - max(p.bottom for p in a) for a, b in zip(rows, rows[1:])]
    return max(2 * max(gaps, default=0.0), 1.5 * size) if gaps else 3 * size


def _crosses(piece: Piece, header: list[Piece]) -> bool:
    """True if a piece overlaps the x-ranges of two header pieces (a line of prose, not a cell)."""
    return sum(1 for h in header if piece.x0 < h.x1 - 1 and piece.x1 > h.x0 + 1) >= 2


def _columns(rows: list[list[Piece]], wanted: int) -> tuple[float, ...] | None:
    """Column boundaries: the middles of the x-ranges no piece of any row covers, when the header's pieces fall
    one in each column; boundaries with no header piece between them are dropped."""
    spans = sorted((p.x0, p.x1) for row in rows for p in row)
    cuts, reach = [], spans[0][1]
    for x0, x1 in spans[1:]:
        if x0 > reach:
            cuts.append((reach + x0) / 2)
        reach = max(reach, x1)
    header = rows[0]
    kept = [c for c in cuts if any(p.x1 < c for p in header) and any(p.x0 > c for p in header)]
    kept = [c for i, c in enumerate(kept) if i == 0 or any(kept[i - 1] < (p.x0 + p.x1) / 2 < c for p in header)]
    if len(kept) + 1 != wanted:
        return None
    return tuple(kept)


def _column_of(piece: Piece, cuts: tuple[float, ...]) -> int:
    return sum(1 for cut in cuts if (piece.x0 + piece.x1) / 2 > cut)


def _logical_rows(rows: list[list[Piece]], cuts: tuple[float, ...]) -> list[list[Piece]]:
    """Visual rows joined into table rows: a row that fills fewer than half the columns (at least two) is a
    wrapped cell's extra line and joins the nearer of the full rows above and below it."""
    columns = len(cuts) + 1
    need = max(2, (columns + 1) // 2)
    full = [len({_column_of(p, cuts) for p in row}) >= need for row in rows]
    out: list[list[Piece]] = []
    owner: list[int] = []
    for index, row in enumerate(rows):
        if full[index] or index == 0:
            owner.append(len(out))
            out.append(list(row))
            continue
        owner.append(-1)
    for index, row in enumerate(rows):
        if owner[index] >= 0:
            continue
        above = next((i for i in range(index - 1, -1, -1) if owner[i] >= 0), None)
        below = next((i for i in range(index + 1, len(rows)) if owner[i] >= 0 and full[i]), None)
        target = above
        if below is not None and (above is None or _gap(rows[index], rows[below]) < _gap(rows[above], rows[index])):
            target = below
        if target is not None:
            out[owner[target]].extend(row)
    return out


def _gap(upper: list[Piece], lower: list[Piece]) -> float:
    return min(p.top for p in lower) - max(p.bottom for p in upper)


def _grid(rows: list[list[Piece]], cuts: tuple[float, ...]) -> Grid:
    x0 = min(p.x0 for row in rows for p in row) - 1
    x1 = max(p.x1 for row in rows for p in row) + 1
    boxes = [(min(p.top for p in row), max(p.bottom for p in row)) for row in rows]
    ys = (boxes[0][0] - 1, *((a[1] + b[0]) / 2 for a, b in zip(boxes, boxes[1:])), boxes[-1][1] + 1)
    xs = (x0, *cuts, x1)
    return Grid(xs, ys, tuple(Segment(False, x, ys[0], ys[-1]) for x in xs))
