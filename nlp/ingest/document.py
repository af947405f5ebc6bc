"""The ingested document: its one text, the pages, and the typed blocks ingest found in it.

Both ``.txt``/``.md`` inputs and PDFs become a :class:`RawDocument`. ``text`` is the logical text every NLP stage
works on (lines; a heading marked with ``#``; a table row's cells separated by TAB), mapped back through ``page_of``
and ``line_of``. Its structure is not re-read from that rendering: :attr:`RawDocument.model` holds it, as ingest
knew it, in frozen dataclasses (:class:`DocumentModel`): pages; blocks typed as :class:`Heading` (level),
:class:`Paragraph` (its lines), :class:`Caption`, :class:`SourceNote` and :class:`Table` (cells with row, column,
text, page, box and their span in ``text``; header rows marked; the parts of a table over several pages linked by
their table number). Every offset is a character offset into ``text``, end-exclusive.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any, ClassVar


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle on a page, in points from the top-left corner (pdfplumber's ``x0, top, x1, bottom``)."""

    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Line:
    """One line as the input has it (a PDF's physical line, a text file's line) inside a block.

    Attributes:
        start, end: its span in the document text.
        page: its physical page.
        box: where it stands on the page (``None`` for a text input).
        size: its most common font size (0 for a text input).
    """

    start: int
    end: int
    page: int
    box: Box | None = None
    size: float = 0.0


@dataclass(frozen=True, slots=True)
class Block:
    """A block of the document: ``start``-``end`` spans its content in the text (markup such as ``##`` outside),
    ``pages`` the physical pages it stands on, ``lines`` its lines. Subclasses say what it is (``kind``)."""

    kind: ClassVar[str] = "block"
    start: int
    end: int
    pages: tuple[int, ...]
    lines: tuple[Line, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading(Block):
    """A heading. ``level``: 1 for the title, 2, 3, … for the heading font sizes of a PDF from the largest down
    (``#`` marks of a text input); 0 when only its numbering (``一、``, ``（二）``, ``第三章``) makes it one."""

    kind: ClassVar[str] = "heading"
    level: int = 0


@dataclass(frozen=True, slots=True)
class Paragraph(Block):
    """Running text: one logical line of the report (a PDF's wrapped lines joined; a text input's line)."""

    kind: ClassVar[str] = "paragraph"


@dataclass(frozen=True, slots=True)
class Caption(Block):
    """A figure or table caption line (``图 1-1 …``, ``表 2 …``, ``附件 2：…``)."""

    kind: ClassVar[str] = "caption"


@dataclass(frozen=True, slots=True)
class SourceNote(Block):
    """The source line under a figure or table (``数据来源：…``)."""

    kind: ClassVar[str] = "source"


@dataclass(frozen=True, slots=True)
class Cell:
    """One position of a table's grid.

    Attributes:
        row, col: 0-based, in the part of the table it belongs to.
        text: its text as read (a PDF cell's lines joined; a text cell without markup), also where the position
            only repeats a merged cell (then ``origin`` names that cell).
        page: its physical page.
        start, end: where the text stands in the document text; ``-1`` when it is not written there (a position
            covered by a merged cell, a repeated header row left out of the text).
        box: the grid position on the page (``None`` for a text input).
        origin: ``(row, col)`` of the merged cell whose text this position repeats, ``None`` for a cell of its own.
    """

    row: int
    col: int
    text: str
    page: int
    start: int = -1
    end: int = -1
    box: Box | None = None
    origin: tuple[int, int] | None = None

    @property
    def written(self) -> bool:
        """True when the cell's text stands in the document text at ``start``-``end``."""
        return self.start >= 0


@dataclass(frozen=True, slots=True)
class Table(Block):
    """A table, or the part of it on one page.

    Attributes:
        cells: every grid position, row by row.
        row_count, column_count: the grid's size.
        header_rows: how many of the first rows are the header (in a later part: a header it repeats).
        caption: the caption standing above it (``caption_at == "above"``) or below it (``"below"``), ``""`` none.
        caption_block: the index in :attr:`DocumentModel.blocks` of the caption's block (-1: none, or the caption
            line is not in the text).
        table: the table's number in the document (1-based); the parts of a table over several pages share it.
        part: 0 for the first part, 1, 2, … for the parts on the following pages.
        row_spans: each row's ``(start, end)`` in the document text, ``(-1, -1)`` for a row not written there.
        box: where the part stands on its page (``None`` for a text input).
    """

    kind: ClassVar[str] = "table"
    cells: tuple[Cell, ...] = ()
    row_count: int = 0
    column_count: int = 0
    header_rows: int = 0
    caption: str = ""
    caption_at: str = ""
    table: int = 0
    part: int = 0
    row_spans: tuple[tuple[int, int], ...] = ()
    box: Box | None = None
    caption_block: int = -1

    def row(self, index: int) -> tuple[Cell, ...]:
        """The cells of one row, left to right."""
        return self.cells[index * self.column_count:(index + 1) * self.column_count]

    def grid(self) -> list[list[str]]:
        """The rows as cell texts, a merged cell's text in every position it covers (the records' view)."""
        return [[cell.text for cell in self.row(index)] for index in range(self.row_count)]

    def merged(self) -> list[tuple[int, int, int]]:
        """``(first row, column, rows spanned)`` of every cell merged over two or more rows."""
        spans: dict[tuple[int, int], int] = {}
        for cell in self.cells:
            if cell.origin is not None and cell.origin[1] == cell.col and cell.origin[0] < cell.row:
                spans[cell.origin] = max(spans.get(cell.origin, 1), cell.row - cell.origin[0] + 1)
        return sorted((row, col, rows) for (row, col), rows in spans.items())


@dataclass(frozen=True, slots=True)
class Page:
    """A page read: its physical number, its span in the text, and its size in points (0 for a text input)."""

    number: int
    start: int
    end: int
    width: float = 0.0
    height: float = 0.0


@dataclass(frozen=True, slots=True)
class DocumentModel:
    """Pages and blocks in reading order, and the markup of the text (``#`` heading marks, ``**`` emphasis) that
    is no content: ``markup`` lists its spans, which text normalization drops."""

    pages: tuple[Page, ...] = ()
    blocks: tuple[Block, ...] = ()
    markup: tuple[tuple[int, int], ...] = ()
    starts: tuple[int, ...] = field(default=(), init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(block.start for block in self.blocks))

    def block_at(self, offset: int) -> int:
        """The index of the block whose span holds ``offset``, -1 if none does.

        >>> model = DocumentModel(blocks=(Paragraph(0, 4, (1,)), Paragraph(6, 9, (1,))))
        >>> model.block_at(2), model.block_at(5), model.block_at(6)
        (0, -1, 1)
        """
        index = bisect.bisect_right(self.starts, offset) - 1
        while index >= 0:
            if offset < self.blocks[index].end:
                return index
            if index == 0 or self.starts[index - 1] != self.starts[index]:  # an empty block shares its start
                return -1
            index -= 1
        return -1

    def unmarked(self, text: str) -> str:
        """``text`` (the document's) with its markup turned into spaces: the content alone, at the same offsets.

        >>> DocumentModel(markup=((0, 3), (5, 7))).unmarked("## 主任**刘权")
        '   主任  刘权'
        """
        pieces, at = [], 0
        for start, end in self.markup:
            pieces += [text[at:start], " " * (end - start)]
            at = end
        return "".join(pieces) + text[at:]

    def tables(self) -> list[Table]:
        """The table blocks (parts), in reading order."""
        return [block for block in self.blocks if isinstance(block, Table)]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """A document as ingested.

    Attributes:
        doc_id: SHA-256 of the input bytes (hex).
        path: the input path (or ``<text>`` for a string input).
        text: the logical text; pages are joined with ``\\n``.
        page_starts: offset in ``text`` where each page starts (first is 0).
        title: the document title (metadata or first heading), may be empty.
        meta: extra facts from ingestion (producer, page count, removed header/footer lines ...).
        line_starts: offset where each line of ``text`` starts (computed once when not given).
        first_page: the physical number of the first page read (``--pages 5-9`` gives 5), so that
            :meth:`page_of` reports physical page numbers.
        model: the pages and typed blocks; when not given, ``text`` is read as a text input writes it
            (:func:`nlp.ingest.markup.read_markup`: ``#`` headings, TAB rows).
    """

    doc_id: str
    path: str
    text: str
    page_starts: tuple[int, ...] = (0,)
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    line_starts: tuple[int, ...] = ()
    first_page: int = 1
    model: DocumentModel = field(default_factory=DocumentModel)

    def __post_init__(self) -> None:
        if not self.line_starts:
            object.__setattr__(self, "line_starts", line_starts(self.text))
        if not self.model.pages:
            from .markup import read_markup
            object.__setattr__(self, "model", read_markup(self.text, self.page_starts, self.first_page))

    @property
    def pages(self) -> int:
        """Number of pages (1 for a text file without form feeds)."""
        return len(self.page_starts)

    def page_of(self, offset: int) -> int:
        """The 1-based (physical) page of a character offset."""
        return bisect.bisect_right(self.page_starts, offset) + self.first_page - 1

    def line_of(self, offset: int) -> int:
        """The 1-based line of a character offset in ``text``."""
        return bisect.bisect_right(self.line_starts, offset)


def line_starts(text: str) -> tuple[int, ...]:
    """Offsets where the lines of ``text`` start.

    >>> line_starts("a\\nbc\\n")
    (0, 2, 5)
    """
    starts = [0]
    pos = text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return tuple(starts)


def make_document(data: bytes, path: str, text: str, page_starts: tuple[int, ...] = (0,), title: str = "",
                  meta: dict[str, Any] | None = None) -> RawDocument:
    """Build a :class:`RawDocument` of a text input, hashing the input bytes for its id."""
    return RawDocument(
        doc_id=hashlib.sha256(data).hexdigest(), path=path, text=text, page_starts=page_starts,
        title=title, meta=meta or {},
    )
