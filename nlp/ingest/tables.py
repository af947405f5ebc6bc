"""The tables of one page as data: the cells of every grid :mod:`nlp.ingest.layout` cut at the page's rules (or
columns), with the page, the box and the caption line standing above it (else below it).

These dicts go to ``RawDocument.meta["tables"]``; :mod:`nlp.records.generic` reads them directly (the cells as
the geometry gave them), never back from the TAB rendering of the text.
"""
from __future__ import annotations

from typing import Any

from .layout import PageContent, TableBlock, TextLine
from .vocabulary import is_caption_text

#: How far (points) above or below a table its caption line may stand.
CAPTION_GAP = 60.0


def is_caption(line: TextLine) -> bool:
    """A table caption line: ``表 11 …``, ``表 1-2 …``, ``附表 2 …``, ``附件 1：…`` (figure captions ``图 …`` are not)."""
    return is_caption_text(line.text)


def page_tables(content: PageContent) -> list[dict[str, Any]]:
    """The page's tables, top to bottom: ``{"page", "bbox", "rows", "caption", "caption_at", "merged"}``
    (``rows`` with vertically merged cells repeated into every row they span; ``merged`` those cells as
    ``[first row, column, rows spanned]``).

    A caption line above a table belongs to it; one below belongs to the table above it only when it is not the
    caption above a later table of the page.
    """
    tables = [item for item in content.items if isinstance(item, TableBlock)]
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
            index = _nearest([c for i, c in enumerate(captions) if i not in used],
                             lambda c: c.top - table.bottom if c.top >= table.bottom - 2 else None)
            if index is not None:
                caption = [c for i, c in enumerate(captions) if i not in used][index].text.strip()
                at = "below"
        out.append({"page": content.number, "bbox": [round(v, 1) for v in (table.x0, table.top, table.x1, table.bottom)],
                    "rows": [list(row) for row in table.filled or table.rows], "caption": caption, "caption_at": at,
                    "merged": [list(cell) for cell in table.merged]})
    return out


def _nearest(captions: list[TextLine], gap_of: Any) -> int | None:
    best, best_gap = None, CAPTION_GAP
    for index, caption in enumerate(captions):
        gap = gap_of(caption)
        if gap is not None and 0 <= gap + 2 and gap < best_gap:
            best, best_gap = index, gap
    return best
