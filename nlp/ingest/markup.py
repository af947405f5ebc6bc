"""The document model of a text input (``.txt``/``.md``): there the markup IS the input format, so reading it is
ingest's job, done once here.

* A line opening with ``#`` marks is a :class:`~nlp.ingest.document.Heading` of that level (``##`` → 2).
* A line holding a TAB is a table row; the rows that follow one another (blank lines between them allowed) are one
  :class:`~nlp.ingest.document.Table`, its first row the header, its caption the caption line (or a heading that
  reads as a table caption) just before it, a source note between them allowed.
* Any other line is a caption, a source note, a heading by its numbering or a paragraph (:func:`nlp.ingest.kinds.
  line_kind`); ``**`` and ``<b>`` are markup (:attr:`~nlp.ingest.document.DocumentModel.markup`), not content.
* Form feeds split pages (the text keeps a newline in their place).
"""
from __future__ import annotations

import bisect
from dataclasses import dataclass, field

from .document import Block, Caption, Cell, DocumentModel, Heading, Line, Page, Paragraph, SourceNote, Table
from .kinds import heading_level, line_kind, markup_spans
from .vocabulary import is_caption_text

#: Characters text normalization removes at the ends of a line (a row's span leaves them out; TABs stay).
EDGE_SPACES = " \u3000\u00a0"
KINDS: dict[str, type[Block]] = {"caption": Caption, "source": SourceNote, "paragraph": Paragraph}


@dataclass
class _Rows:
    """The table rows being collected: (line start, line end, page) and each row's cells as (start, end, text)."""

    lines: list[tuple[int, int, int]] = field(default_factory=list)
    cells: list[list[tuple[int, int, str]]] = field(default_factory=list)


class _Reader:
    """One pass over the lines of a text input."""

    def __init__(self, text: str, page_starts: tuple[int, ...], first_page: int) -> None:
        self.text, self.page_starts, self.first_page = text, page_starts, first_page
        self.markup = markup_spans(text)
        self.marked = bytearray(len(text))
        for start, end in self.markup:
            self.marked[start:end] = b"\x01" * (end - start)
        self.blocks: list[Block] = []
        self.rows = _Rows()
        self.caption = ""
        self.caption_block = -1
        self.tables = 0

    def page(self, offset: int) -> int:
        return bisect.bisect_right(self.page_starts, offset) + self.first_page - 1

    def visible(self, start: int, end: int) -> str:
        """The line's characters without markup."""
        if not any(self.marked[start:end]):
            return self.text[start:end]
        return "".join(c for i, c in enumerate(self.text[start:end], start) if not self.marked[i])

    def content_span(self, start: int, end: int, edges: str | None = None) -> tuple[int, int]:
        """The span from the first to the last character that is neither markup nor one of ``edges`` (any
        whitespace when ``None``)."""
        def skip(i: int) -> bool:
            char = self.text[i]
            return bool(self.marked[i]) or (char.isspace() if edges is None else char in edges)
        while start < end and skip(start):
            start += 1
        while end > start and skip(end - 1):
            end -= 1
        return start, end

    def read(self) -> DocumentModel:
        start = 0
        for line in self.text.split("\n"):
            self.line(start, start + len(line))
            start += len(line) + 1
        self.flush_rows()
        return DocumentModel(self.pages(), tuple(self.blocks), tuple(self.markup))

    def line(self, start: int, end: int) -> None:
        visible = self.visible(start, end)
        if not visible.strip():
            return
        if "\t" in visible:
            self.row(start, end)
            return
        self.flush_rows()
        first, last = self.content_span(start, end)
        page = self.page(first)
        lines = (Line(first, last, page),)
        level = heading_level(self.text[start:end]) if self.text[start:end].lstrip().startswith("#") else 0
        if level:
            block: Block = Heading(first, last, (page,), lines, level)
        else:
            kind = line_kind(visible)
            block = Heading(first, last, (page,), lines) if kind == "heading" else KINDS[kind](first, last, (page,), lines)
        if isinstance(block, (Caption, Heading)) and is_caption_text(visible):
            self.caption, self.caption_block = visible.strip(), len(self.blocks)
        elif not isinstance(block, SourceNote):
            self.caption, self.caption_block = "", -1
        self.blocks.append(block)

    def row(self, start: int, end: int) -> None:
        """A table row: its span as text normalization keeps it, cut at the TABs that are no markup."""
        first, last = self.content_span(start, end, EDGE_SPACES)
        cells, begin = [], first
        tabs, at = [], self.text.find("\t", first, last)
        while at >= 0:
            if not self.marked[at]:
                tabs.append(at)
            at = self.text.find("\t", at + 1, last)
        for at in tabs + [last]:
            raw = self.text[begin:at]
            lead = len(raw) - len(raw.lstrip())
            cells.append((begin + lead, begin + lead + len(raw.strip()), self.visible(begin, at).strip()))
            begin = at + 1
        self.rows.lines.append((first, last, self.page(first)))
        self.rows.cells.append(cells)

    def flush_rows(self) -> None:
        """The rows collected so far as one table."""
        rows = self.rows
        if not rows.lines:
            return
        self.rows = _Rows()
        self.tables += 1
        width = max(len(cells) for cells in rows.cells)
        cells = tuple(Cell(r, c, text, page, start, end) if c < len(row) else Cell(r, c, "", page)
                      for r, (row, (_, _, page)) in enumerate(zip(rows.cells, rows.lines))
                      for c, (start, end, text) in enumerate(row + [(-1, -1, "")] * (width - len(row))))
        pages = tuple(sorted({page for _, _, page in rows.lines}))
        self.blocks.append(Table(
            rows.lines[0][0], rows.lines[-1][1], pages, tuple(Line(s, e, p) for s, e, p in rows.lines), cells,
            len(rows.lines), width, 1, self.caption, "above" if self.caption else "", self.tables, 0,
            tuple((s, e) for s, e, _ in rows.lines), caption_block=self.caption_block))

    def pages(self) -> tuple[Page, ...]:
        ends = list(self.page_starts[1:]) + [len(self.text)]
        return tuple(Page(self.first_page + i, start, max(start, end))
                     for i, (start, end) in enumerate(zip(self.page_starts, ends)))


def read_markup(text: str, page_starts: tuple[int, ...] = (0,), first_page: int = 1) -> DocumentModel:
    """The document model of a text input's text (form feeds already turned into newlines at ``page_starts``).

    >>> model = read_markup("# 标题\\n\\n表 1 政策\\n\\n地区\\t时间\\n\\n北京\\t2022.2\\n正文，**重点**。")
    >>> [(b.kind, getattr(b, "level", None)) for b in model.blocks]
    [('heading', 1), ('caption', None), ('table', None), ('paragraph', None)]
    >>> table = model.blocks[2]
    >>> table.caption, table.grid(), table.header_rows
    ('表 1 政策', [['地区', '时间'], ['北京', '2022.2']], 1)
    """
    return _Reader(text, page_starts, first_page).read()
