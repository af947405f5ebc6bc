"""Validated settings of PDF layout reading (pdfplumber ``TableSettings`` style: named defaults, checks naming the option)."""
from __future__ import annotations

from dataclasses import dataclass, fields

DEFAULT_RULING_TOLERANCE = 2.0
DEFAULT_BACKGROUND_FRACTION = 0.9
DEFAULT_PAGE_FIGURE_AREA = 0.5
DEFAULT_MARGIN_BAND = 0.09
DEFAULT_REPEAT_MIN_PAGES = 3
DEFAULT_REPEAT_FRACTION = 0.2
DEFAULT_CID_FRACTION = 0.3
DEFAULT_INDENT_TOLERANCE = 0.5
DEFAULT_FULL_LINE_CHARS = 1.2
DEFAULT_RAGGED_LINE_CHARS = 4.0
DEFAULT_MAX_LINE_GAP = 1.2
DEFAULT_MAX_PITCH_RATIO = 1.1
DEFAULT_HEADING_MIN_STEP = 0.9
DEFAULT_HEADING_MAX_CHARS = 60
DEFAULT_COLUMN_MIN_GAP = 1.0
DEFAULT_COLUMN_WRAP_CHARS = 4
DEFAULT_PAGE_NUMBER_BAND = 0.15


@dataclass(frozen=True)
class LayoutSettings:
    """How PDF pages are read back into logical lines.

    Attributes:
        ruling_tolerance: points within which rules meet, and within which rule positions are one boundary.
        background_fraction: a rectangle covering this fraction of the page in both directions is background, not a rule.
        page_figure_area: a form XObject covering this fraction of the page is page content (its text is read).
        margin_band: fraction of the page height at the top and at the bottom searched for running headers/footers.
        repeat_min_pages: a margin line must repeat on at least this many pages to be a running header/footer ...
        repeat_fraction: ... and on at least this fraction of the pages read.
        cid_fraction: above this fraction of ``(cid:N)`` characters the PDF is refused (E006).
        indent_tolerance: a line starting within this many font sizes of the left margin is not indented.
        full_line_chars: a line ending within this many font sizes of the right margin is full (its paragraph goes on).
        ragged_line_chars: a line ending within this many font sizes of the right margin without closing
            punctuation also goes on.
        max_line_gap: lines (other than body text) further apart than this many font sizes are never joined.
        max_pitch_ratio: body lines whose tops are further apart than this many typical line pitches (the most
            common top-to-top distance of the body text) are never joined.
        heading_min_step: text at least this many points larger than the body text may be a heading.
        heading_max_chars: longer lines are never headings.
        column_min_gap: a gutter between two columns is at least this many font sizes wide.
        column_wrap_chars: a column holds wrapped text when a line of at least this many characters goes on in
            the line below it (:mod:`nlp.ingest.columns`).
        page_number_band: fraction of the page height at the top and at the bottom in which the first or last
            line of a page is a page number when it reads as one (the margin band may be narrower).
    """

    ruling_tolerance: float = DEFAULT_RULING_TOLERANCE
    background_fraction: float = DEFAULT_BACKGROUND_FRACTION
    page_figure_area: float = DEFAULT_PAGE_FIGURE_AREA
    margin_band: float = DEFAULT_MARGIN_BAND
    repeat_min_pages: int = DEFAULT_REPEAT_MIN_PAGES
    repeat_fraction: float = DEFAULT_REPEAT_FRACTION
    cid_fraction: float = DEFAULT_CID_FRACTION
    indent_tolerance: float = DEFAULT_INDENT_TOLERANCE
    full_line_chars: float = DEFAULT_FULL_LINE_CHARS
    ragged_line_chars: float = DEFAULT_RAGGED_LINE_CHARS
    max_line_gap: float = DEFAULT_MAX_LINE_GAP
    max_pitch_ratio: float = DEFAULT_MAX_PITCH_RATIO
    heading_min_step: float = DEFAULT_HEADING_MIN_STEP
    heading_max_chars: int = DEFAULT_HEADING_MAX_CHARS
    column_min_gap: float = DEFAULT_COLUMN_MIN_GAP
    column_wrap_chars: int = DEFAULT_COLUMN_WRAP_CHARS
    page_number_band: float = DEFAULT_PAGE_NUMBER_BAND

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if not isinstance(value, (int, float)) or value < 0:
                raise ValueError(f"{item.name} must be a non-negative number, got {value!r}")
        for name in ("background_fraction", "page_figure_area", "margin_band", "repeat_fraction", "cid_fraction",
                     "page_number_band"):
            if getattr(self, name) > 1:
                raise ValueError(f"{name} must be a fraction between 0 and 1, got {getattr(self, name)!r}")


DEFAULT_LAYOUT = LayoutSettings()
