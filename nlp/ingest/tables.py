"""The tables of a PDF as parts of the document model: the grids :mod:`nlp.ingest.layout` cut at the page's rules
(or columns) become :class:`~nlp.ingest.document.Table` blocks with their cells (row, column, text, page, box, the
merged cell a position repeats), the caption line standing above the table (else below it), and the parts of one
table over several pages linked by one table number (:func:`link_parts`).

:mod:`nlp.ingest.assemble` then writes the rows into the text and gives every cell its span there.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any, Iterable, Sequence

from .document import Box, Cell, Table
from .layout import PageContent, TableBlock, TextLine
from .vocabulary import caption_name, compact, is_caption_text

#: How far (points) above or below a table its caption line may stand.
CAPTION_GAP = 60.0


def is_caption(line: TextLine) -> bool:
    """A table caption line: ``表 11 …``, ``表 1-2 …``, ``附表 2 …``, ``附件 1：…`` (figure captions ``图 …`` are not)."""
    return is_caption_text(line.text)


def page_tables(content: PageContent) -> list[Table]:
    """The page's tables, top to bottom, as parts not yet linked (:func:`link_parts`) nor placed in the text.

    A caption line above a table belongs to it; one below belongs to the table above it only when it is not the
    caption above a later table of the page.
    """
    tables = [item for item in content.items if isinstance(item, TableBlock)]
    return [table_part(table, content.number, caption, at)
            for table, (caption, at) in zip(tables, table_captions(content, tables))]


def table_captions(content: PageContent, tables: list[TableBlock]) -> list[tuple[str, str]]:
    """``(caption, "above" | "below" | "")`` of each table of the page."""
    captions = [item for item in content.items if isinstance(item, TextLine) and is_caption(item)]
    used: set[int] = set()
    above: list[str] = []
    for table in tables:
        index = _nearest(captions, lambda c: table.top - c.bottom if c.bottom <= table.top + 2 else None)
        above.append(captions[index].text.strip() if index is not None else "")
        if index is not None:
            used.add(index)
    out = []
    for table, caption in zip(tables, above):
        at = "above" if caption else ""
        if not caption:
            free = [c for i, c in enumerate(captions) if i not in used]
            index = _nearest(free, lambda c: c.top - table.bottom if c.top >= table.bottom - 2 else None)
            if index is not None:
                caption, at = free[index].text.strip(), "below"
        out.append((caption, at))
    return out


def table_part(block: TableBlock, page: int, caption: str = "", caption_at: str = "") -> Table:
    """One page's grid as a table part: every position a cell, a vertically merged cell's text repeated into the
    rows it spans and a cell merged over columns into those columns (``origin`` names the merged cell)."""
    grid = block.filled or block.rows
    origins: dict[tuple[int, int], tuple[int, int]] = {}
    for first, col, rows in block.merged:
        origins.update(((row, col), (first, col)) for row in range(first + 1, first + rows))
    for row, first, cols in block.across:
        origins.update(((row, col), (row, first)) for col in range(first + 1, first + cols))
    cells = tuple(Cell(r, c, text, page, box=_cell_box(block, r, c), origin=origins.get((r, c)))
                  for r, cells in enumerate(grid) for c, text in enumerate(cells))
    return Table(0, 0, (page,), (), cells, len(grid), block.columns, 1, caption, caption_at,
                 box=Box(round(block.x0, 1), round(block.top, 1), round(block.x1, 1), round(block.bottom, 1)))


def rows_table(page: int, rows: Sequence[Sequence[str | None]], caption: str = "", caption_at: str = "",
               box: Box | None = None) -> Table:
    """A table part from rows of cell texts alone (another finder's rows, a made example).

    >>> rows_table(3, [["时间", "名称"], ["2022.5", "《通知》"]]).grid()
    [['时间', '名称'], ['2022.5', '《通知》']]
    """
    width = max((len(row) for row in rows), default=0)
    cells = tuple(Cell(r, c, (row[c] or "") if c < len(row) else "", page) for r, row in enumerate(rows) for c in range(width))
    return Table(0, 0, (page,), (), cells, len(rows), width, 1, caption, caption_at, box=box)


def _cell_box(block: TableBlock, row: int, col: int) -> Box | None:
    if len(block.xs) <= col + 1 or len(block.row_edges) <= row:
        return None
    top, bottom = block.row_edges[row]
    return Box(round(block.xs[col], 1), round(top, 1), round(block.xs[col + 1], 1), round(bottom, 1))


@dataclass
class _Open:
    """The last table seen while linking: its number, caption, columns, header and last page."""

    number: int
    caption: str
    caption_below: bool
    columns: int
    header: list[str]
    page: int


def link_parts(parts: Iterable[Table]) -> list[Table]:
    """Number the tables and link the parts of one table over pages: a part on the page after the last table, with
    as many columns and without a caption of its own above it (or one naming the same table: ``表 11 …（续）``),
    continues that table (same ``table`` number, next ``part``); its first row is a header row when it repeats the
    table's header. A caption below a later part names the table when it had none. A part without text is no
    table (number 0).

    >>> a = rows_table(9, [["术语", "定义"], ["区块", "…"]], "表 1 术语", "above")
    >>> b = rows_table(10, [["术语", "定义"], ["共识", "…"]])
    >>> [(t.table, t.part, t.header_rows) for t in link_parts([a, b])]
    [(1, 0, 1), (1, 1, 1)]
    """
    out: list[Table] = []
    last: _Open | None = None
    number = 0
    for part in parts:
        rows = [row for row in part.grid() if any(compact(c) for c in row)]
        if not rows:
            out.append(replace(part, table=0, header_rows=0))
            continue
        page, columns = part.pages[0], len(rows[0])
        if last is not None and _continues(last, part, page, columns):
            repeats = [compact(c) for c in rows[0]] == last.header
            out.append(replace(part, table=last.number, part=_next_part(out, last.number), header_rows=int(repeats)))
            last.page = page
            if part.caption and not last.caption:
                last.caption, last.caption_below = part.caption, part.caption_at == "below"
            continue
        number += 1
        last = _Open(number, part.caption, part.caption_at == "below", columns, [compact(c) for c in rows[0]], page)
        out.append(replace(part, table=number, part=0, header_rows=1))
    return out


def _next_part(out: list[Table], number: int) -> int:
    return sum(1 for table in out if table.table == number)


def _continues(last: _Open, part: Table, page: int, columns: int) -> bool:
    if page != last.page + 1 or columns != last.columns:
        return False
    if part.caption_at == "above":
        return bool(last.caption) and caption_name(part.caption) == caption_name(last.caption)
    return not (last.caption and last.caption_below)


def _nearest(captions: list[TextLine], gap_of: Any) -> int | None:
    best, best_gap = None, CAPTION_GAP
    for index, caption in enumerate(captions):
        gap = gap_of(caption)
        if gap is not None and 0 <= gap + 2 and gap < best_gap:
            best, best_gap = index, gap
    return best
