"""Where the assembled lines stand in the text, and the document model they make (:mod:`nlp.ingest.assemble`
writes the lines; this module places them and turns them into blocks).

Each output line becomes a block: a title or heading line (its kind and level from the layout) a
:class:`~nlp.ingest.document.Heading`, any other text line the kind its text reads as
(:func:`nlp.ingest.kinds.line_kind`: caption, source note, numbered heading, paragraph), with its physical lines and
their boxes; the consecutive rows of one table part one :class:`~nlp.ingest.document.Table` whose cells get their
span in the text. The ``#`` marks are markup, not content.
"""
from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from .document import Block, Box, Caption, DocumentModel, Heading, Line, Page, Paragraph, SourceNote, Table
from .kinds import line_kind
from .layout import PageContent, TextLine, join_pieces

if TYPE_CHECKING:
    from .assemble import OutLine

#: Where one output line stands in the text: its start, and each piece's (start, end) from there.
Placed = tuple[int, list[tuple[int, int]]]


def render_placed(out: list[OutLine], page_numbers: list[int]) -> tuple[str, tuple[int, ...], list[Placed]]:
    """Join the lines (a blank line between blocks, none between rows of one table), find each page's start, and
    say where each output line and each of its pieces stands in the text (:func:`nlp.ingest.assemble.render`)."""
    parts: list[str] = []
    starts: dict[int, int] = {}
    places: list[Placed] = []
    offset = 0
    for index, line in enumerate(out):
        if index and not (line.kind == "row" and out[index - 1].kind == "row"):
            parts.append("\n")
            offset += 1
        text = ""
        spans: list[tuple[int, int]] = []
        for page, piece in line.pieces:
            joined = join_pieces(text, piece) if text else piece
            if page not in starts:
                starts[page] = offset + len(joined) - len(piece.lstrip())
            if spans:
                spans[-1] = (spans[-1][0], min(spans[-1][1], len(text.rstrip())))
            spans.append((len(joined) - len(piece.lstrip()), len(joined)))
            text = joined
        places.append((offset, spans))
        parts.append(text + "\n")
        offset += len(text) + 1
    page_starts, following = [], offset
    for number in reversed(page_numbers):
        following = starts.get(number, following)
        page_starts.append(following)
    page_starts.reverse()
    if page_starts:
        page_starts[0] = 0
    return "".join(parts), tuple(page_starts), places


def document_model(out: list[OutLine], places: list[Placed], contents: list[PageContent], text: str,
                   page_starts: tuple[int, ...]) -> DocumentModel:
    """The blocks of the rendered lines: consecutive rows of one table part make one :class:`Table`, every other
    line one block (its kind from the layout: title and heading sizes; else from its text, :func:`line_kind`)."""
    blocks: list[Block] = []
    markup: list[tuple[int, int]] = []
    index = 0
    while index < len(out):
        line = out[index]
        if line.table is not None:
            end = index + 1
            while end < len(out) and out[end].table is line.table:
                end += 1
            blocks.append(placed_table(line.table, out[index:end], places[index:end]))
            index = end
            continue
        offset, spans = places[index]
        if line.marks:
            markup.append((offset, offset + line.marks))
        blocks.append(text_block(line, offset, spans, text))
        index += 1
    ends = list(page_starts[1:]) + [len(text)]
    pages = tuple(Page(c.number, start, max(start, end), c.width, c.height)
                  for c, start, end in zip(contents, page_starts, ends))
    return DocumentModel(pages, tuple(with_caption_blocks(blocks, text)), tuple(markup))


def with_caption_blocks(blocks: list[Block], text: str) -> list[Block]:
    """The table parts linked to the block of their caption line: the nearest block of the table's page reading
    as the caption, before the table for a caption above it, after it for one below."""
    out = list(blocks)
    for index, block in enumerate(blocks):
        if not isinstance(block, Table) or not block.caption:
            continue
        order = range(index - 1, -1, -1) if block.caption_at == "above" else range(index + 1, len(blocks))
        for other in order:
            candidate = blocks[other]
            if block.pages[0] not in candidate.pages:
                break
            if not isinstance(candidate, Table) and text[candidate.start:candidate.end].strip() == block.caption:
                out[index] = replace(block, caption_block=other)
                break
    return out


def text_block(line: OutLine, offset: int, spans: list[tuple[int, int]], text: str) -> Block:
    """The block of one rendered text line: its content span (after the ``#`` marks), pages and physical lines."""
    if spans:
        spans[0] = (max(spans[0][0], line.marks), spans[0][1])
    lines = tuple(Line(offset + start, offset + end, page, _box(source), source.size if source else 0.0)
                  for (start, end), (page, _), source in zip(spans, line.pieces, _padded(line.sources, len(spans))))
    start = lines[0].start if lines else offset
    end = lines[-1].end if lines else offset
    pages = tuple(sorted({page for page, _ in line.pieces}))
    if line.kind == "title" or (line.kind == "heading" and line.level):
        return Heading(start, end, pages, lines, line.level)
    kind = line_kind(text[start:end])
    if kind == "heading":
        return Heading(start, end, pages, lines)
    return {"caption": Caption, "source": SourceNote, "paragraph": Paragraph}[kind](start, end, pages, lines)


def placed_table(table: Table, rows: list[OutLine], places: list[Placed]) -> Table:
    """A table part with the spans of its written rows and cells (a row left out of the text keeps -1)."""
    row_spans = [(-1, -1)] * table.row_count
    spans: dict[tuple[int, int], tuple[int, int]] = {}
    for line, (offset, _) in zip(rows, places):
        row_spans[line.row] = (offset, offset + len("\t".join(line.cells)))
        at = offset
        for col, cell in enumerate(line.cells):
            spans[line.row, col] = (at, at + len(cell))
            at += len(cell) + 1
    cells = tuple(replace(cell, start=spans.get((cell.row, cell.col), (-1, -1))[0],
                          end=spans.get((cell.row, cell.col), (-1, -1))[1]) for cell in table.cells)
    written = [span for span in row_spans if span[0] >= 0]
    start = written[0][0] if written else (places[0][0] if places else 0)
    end = written[-1][1] if written else start
    lines = tuple(Line(s, e, table.pages[0], table.box) for s, e in written)
    return replace(table, start=start, end=end, lines=lines, cells=cells, row_spans=tuple(row_spans))


def _padded(sources: list[TextLine], count: int) -> list[TextLine | None]:
    return list(sources[:count]) + [None] * (count - len(sources))


def _box(line: TextLine | None) -> Box | None:
    return None if line is None else Box(round(line.x0, 1), round(line.top, 1), round(line.x1, 1), round(line.bottom, 1))
