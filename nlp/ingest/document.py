"""The ingested document: its logical text (lines; table rows as tab-separated cells) with page boundaries.

Both ``.txt``/``.md`` inputs and PDFs become a :class:`RawDocument`; every later stage works on ``text`` and maps
offsets back through ``page_of`` and ``line_of``. Offsets are character offsets, end-exclusive.
"""
from __future__ import annotations

import bisect
import hashlib
from dataclasses import dataclass, field
from typing import Any


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
    """

    doc_id: str
    path: str
    text: str
    page_starts: tuple[int, ...] = (0,)
    title: str = ""
    meta: dict[str, Any] = field(default_factory=dict)
    line_starts: tuple[int, ...] = ()
    first_page: int = 1

    def __post_init__(self) -> None:
        if not self.line_starts:
            object.__setattr__(self, "line_starts", line_starts(self.text))

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
    """Build a :class:`RawDocument`, hashing the input bytes for its id."""
    return RawDocument(
        doc_id=hashlib.sha256(data).hexdigest(), path=path, text=text, page_starts=page_starts,
        title=title, meta=meta or {},
    )
