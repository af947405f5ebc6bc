"""Tables of a PDF page found by pdfplumber's table finder, run on the page layout pdfminer already made.

pdfplumber is built on the same pdfminer.six layout objects as :mod:`nlp.ingest.layout`; its finder joins ruling
lines and rectangle edges into cells (``lines`` strategy) and reads each cell's characters. We hand it the
``LTPage`` our own pass produced (``page._layout``), so the PDF is parsed once, and only on pages that draw
enough ruling objects to hold a table. Each table is kept as geometry-backed cells (one tuple of cell texts per
row, ``None`` where a merged cell spans the position), never as TAB text; ``bench/table_finders.py`` turns it into
table parts of the document model (:func:`nlp.ingest.tables.rows_table`).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTCurve, LTFigure, LTLine, LTPage, LTRect
from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
from pdfminer.pdfpage import PDFPage

from nlp.ingest.layout import join_pieces
from nlp.ingest.pdf import layout_params, open_document

def page_layouts(path: Path) -> Iterator[tuple[int, PDFPage, LTPage]]:
    """Every page of a PDF with its number (from 1) and the pdfminer layout cnreport's own reader makes of it."""
    with path.open("rb") as handle:
        document = open_document(handle, path, "")
        manager = PDFResourceManager(caching=True)
        device = PDFPageAggregator(manager, laparams=layout_params())
        interpreter = PDFPageInterpreter(manager, device)
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            interpreter.process_page(page)
            yield number, page, device.get_result()


#: A page needs at least this many lines/rectangles before the finder runs on it (a table has at least 3 rules).
MIN_RULING_OBJECTS = 3


@dataclass(frozen=True, slots=True)
class FoundTable:
    """One table (or the part of one on this page): page number, box (top-left origin) and rows of cells."""

    page: int
    x0: float
    top: float
    x1: float
    bottom: float
    rows: tuple[tuple[str | None, ...], ...]

    def as_dict(self) -> dict[str, Any]:
        return {"page": self.page, "bbox": [round(v, 1) for v in (self.x0, self.top, self.x1, self.bottom)],
                "rows": [list(r) for r in self.rows]}


def ruling_objects(container: LTPage | LTFigure) -> int:
    """How many lines, rectangles and curves the page draws (figures included)."""
    count = 0
    for obj in container:
        if isinstance(obj, (LTLine, LTRect, LTCurve)):
            count += 1
        elif isinstance(obj, LTFigure):
            count += ruling_objects(obj)
    return count


def cell_text(text: str | None) -> str | None:
    """A cell's lines joined as one text (``2018 年 2 月`` / ``13 日`` → ``2018 年 2 月13 日``); ``None`` kept."""
    if text is None:
        return None
    pieces = [p.strip() for p in text.split("\n") if p.strip()]
    out = ""
    for piece in pieces:
        out = join_pieces(out, piece) if out else piece
    return out


def is_table(rows: list[list[str | None]]) -> bool:
    """At least two rows and two columns, and text in at least two cells of two different rows."""
    if len(rows) < 2 or max(len(r) for r in rows) < 2:
        return False
    filled_rows = sum(1 for r in rows if sum(1 for c in r if c) >= 1)
    return filled_rows >= 2 and sum(1 for r in rows for c in r if c) >= 3


class _Owner:
    """What a pdfplumber ``Page`` asks of its ``PDF`` once its layout is given: no re-parse, no normalization."""

    laparams = None
    unicode_norm = None
    raise_unicode_errors = False


def page_tables(number: int, page_obj: Any, layout: LTPage) -> list[FoundTable]:
    """Tables of page ``number`` (1-based): pdfplumber's finder over ``layout``, the pdfminer layout of
    ``page_obj`` (a ``PDFPage``) that ingest made anyway; pages with fewer than
    :data:`MIN_RULING_OBJECTS` ruling objects are skipped without running it."""
    if ruling_objects(layout) < MIN_RULING_OBJECTS:
        return []
    from pdfplumber.page import Page  # imported here: only PDFs with rules need it
    page = Page(_Owner(), page_obj, page_number=number)  # type: ignore[arg-type]
    page._layout = layout
    found = []
    try:
        for table in page.find_tables():
            rows = [[cell_text(c) for c in row] for row in table.extract()]
            if is_table(rows):
                x0, top, x1, bottom = table.bbox
                found.append(FoundTable(number, x0, top, x1, bottom, tuple(tuple(r) for r in rows)))
    finally:
        page.close()
    return found


#: How far (points) above or below a table its caption line may stand.
CAPTION_GAP = 60.0


def table_captions(table: FoundTable, content: Any) -> dict[str, Any]:
    """The table as a dict, with the caption line (``表 11 …``, ``附表 2 …``, ``附件 1：…``) nearest above it
    on its page, else nearest below it, and the text lines just above and below (for provenance)."""
    from ..text.blocks import CAPTION_RE  # the one caption pattern of the project
    above, below = "", ""
    best_above, best_below = CAPTION_GAP, CAPTION_GAP
    for item in content.items:
        text = getattr(item, "text", None)
        if text is None or not CAPTION_RE.match(text.strip().lstrip("#").strip()):
            continue
        if item.bottom <= table.top + 2 and table.top - item.bottom < best_above:
            above, best_above = text.strip(), table.top - item.bottom
        elif item.top >= table.bottom - 2 and item.top - table.bottom < best_below:
            below, best_below = text.strip(), item.top - table.bottom
    out = table.as_dict()
    out["caption"] = above or below
    out["caption_at"] = "above" if above else ("below" if below else "")
    return out
