"""Page records → the logical text of a report, in the shape of the seed text.

* Running headers/footers and page numbers are found generically and dropped: a line in the top or bottom margin
  band whose text (digits ignored) repeats on many pages, or a margin line that is only a page number
  (``- 7 -``, ``— 7 —``, ``第 3 页``, ``12``), or the first or last line of a page that is only a page number and lies
  just outside the band. What was dropped is recorded in the document's ``meta``.
* Lines the typesetter wrapped are joined back into one line per paragraph, also across a page break
  (``防范化解`` / ``风险``): a line joins the one before when both have the body font size, the one before reaches
  the right margin (or nearly, without closing punctuation), and this one starts at the left margin, not indented
  and not as a caption, heading or list item. Larger, centred lines (wrapped headings) join when the first is wide.
* Headings (text clearly larger than the body, at a size used on several pages) get markdown ``#`` marks as in the
  seed text; the title on the first page gets ``# ``.
* Tables become one line per row, cells separated by TAB; a header row repeated where a table continues on the
  next page is dropped (the first is kept).

The same pass builds the document model (:class:`~nlp.ingest.document.DocumentModel`, :mod:`nlp.ingest.model`):
each output line becomes a block (a heading with its level, a paragraph with its physical lines and their boxes, a
caption, a source note) and each table part a :class:`~nlp.ingest.document.Table` whose cells know their span in the
text; the ``#`` marks are recorded as markup, not content.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .document import DocumentModel, Table
from .kinds import is_caption_start, is_numbered_heading, is_source_note
from .layout import PageContent, TableBlock, TextLine
from .model import document_model, render_placed
from .rules import is_page_number
from .settings import DEFAULT_LAYOUT, LayoutSettings
from .tables import link_parts, page_tables

SENTENCE_END = "。！？；：!?;:…"
CLOSERS = "”’」』）)】》〉\"'"
CAPTION_REFERENCE_RE = re.compile(r"^(?:图|表)\s*\d+(?:[-－.]\d+)?\s*(?:所示|中|的|是|为|可|和|与|[，。、；）)])")
LIST_ITEM_RE = re.compile(r"^(?:\d{1,2}\s*[.、．）)](?!\d)|[（(]\d{1,2}[）)]|[①-⑳]|[•·●▪■◆▶►]|第[一二三四五六七八九十]+[章节条])")
TOC_ENTRY_RE = re.compile(r"(?:\.{3,}|…{2,}|·{3,}|-{4,})\s*\d{1,4}\s*$")
DIGITS_RE = re.compile(r"\d+")
SPACES_RE = re.compile(r"\s+")
MAX_HEADING_LEVEL = 4
MIN_INDENTED_SHARE = 0.03
FOOTNOTE_SIZE_STEP = 1.0


@dataclass
class Margins:
    """Where body lines start and end on the pages of one parity (mirror margins differ on odd and even pages)."""

    left: float
    right: float


@dataclass
class OutLine:
    """One logical output line being built: text pieces with their pages, and the last physical line's box.

    For the model: ``sources`` the physical line of each piece, ``marks`` the length of the ``#`` marks opening the
    first piece, ``level`` a heading's level; a table row's ``table`` part, ``row`` index and written ``cells``."""

    kind: str
    pieces: list[tuple[int, str]] = field(default_factory=list)
    last: TextLine | None = None
    page: int = 0
    sources: list[TextLine] = field(default_factory=list)
    marks: int = 0
    level: int = 0
    table: Table | None = None
    row: int = -1
    cells: list[str] = field(default_factory=list)


@dataclass
class Layout:
    """Document-wide facts the joins need: body font size, margins per page parity, heading sizes."""

    body_size: float
    pitch: float
    margins: dict[int, Margins]
    heading_levels: dict[float, int]
    title_lines: list[TextLine]
    indents: bool = True


def assemble(contents: list[PageContent], settings: LayoutSettings = DEFAULT_LAYOUT
             ) -> tuple[str, tuple[int, ...], dict[str, Any], DocumentModel]:
    """The logical text, the offset where each page read starts, what was removed (for ``meta``) and the document
    model of the text."""
    furniture, removed = find_furniture(contents, settings)
    layout = document_layout(contents, furniture, settings)
    grids = [item for content in contents for item in content.items if isinstance(item, TableBlock)]
    parts = dict(zip(map(id, grids), link_parts(part for content in contents for part in page_tables(content))))
    out: list[OutLine] = []
    state = {"header": None, "dropped_headers": 0}
    for content in contents:
        items = [item for index, item in enumerate(content.items) if (content.number, index) not in furniture]
        for position, item in enumerate(items):
            if isinstance(item, TableBlock):
                add_table(out, parts[id(item)], content.number, state)
            else:
                add_line(out, item, content.number, position == 0, layout, settings)
    text, page_starts, places = render_placed(out, [c.number for c in contents])
    meta = {"removed_lines": removed, "repeated_table_headers_dropped": state["dropped_headers"],
            "body_font_size": layout.body_size, "headings": sum(1 for o in out if o.kind == "heading"),
            "line_pitch": layout.pitch, "first_line_indents": layout.indents,
            "table_rows": sum(1 for o in out if o.kind == "row")}
    return text, page_starts, meta, document_model(out, places, contents, text, page_starts)


# --------------------------------------------------------------------------- running headers and footers

def find_furniture(contents: list[PageContent], settings: LayoutSettings) -> tuple[set[tuple[int, int]], list[dict[str, Any]]]:
    """(page, item index) of running headers/footers and page numbers, and a summary of what they said."""
    candidates: dict[tuple[str, str], list[tuple[int, int, str]]] = {}
    numbers: list[tuple[int, int, str]] = []
    for content in contents:
        edges = _edge_lines(content, settings)
        for index, item in enumerate(content.items):
            band = _margin_band(item, content, settings)
            if not isinstance(item, TextLine) or (band is None and index not in edges):
                continue
            if is_page_number(item.text):
                numbers.append((content.number, index, item.text))
                continue
            if band is None:
                continue
            key = (band, DIGITS_RE.sub("#", SPACES_RE.sub("", item.text)))
            candidates.setdefault(key, []).append((content.number, index, item.text))
    needed = max(settings.repeat_min_pages, settings.repeat_fraction * len(contents))
    furniture = {(page, index) for page, index, _ in numbers}
    removed = []
    for (band, _), hits in sorted(candidates.items()):
        if len({page for page, _, _ in hits}) >= needed:
            furniture.update((page, index) for page, index, _ in hits)
            removed.append({"text": hits[0][2], "where": band, "pages": len({p for p, _, _ in hits})})
    if numbers:
        removed.append({"text": "<page numbers>", "where": "margin", "pages": len({p for p, _, _ in numbers})})
    return furniture, removed


def _edge_lines(content: PageContent, settings: LayoutSettings) -> set[int]:
    """Indexes of the page's topmost and bottommost items when they lie within ``page_number_band`` of the page's
    edge: a page number printed just above the margin band (``29`` at 90% of a landscape page,
    caict_digital_economy_2022 p35) is still the page's last line."""
    if not content.items:
        return set()
    first = min(range(len(content.items)), key=lambda i: content.items[i].top)
    last = max(range(len(content.items)), key=lambda i: content.items[i].bottom)
    band = settings.page_number_band * content.height
    return ({first} if content.items[first].bottom <= band else set()) | \
        ({last} if content.items[last].top >= content.height - band else set())


def _margin_band(item: TextLine | TableBlock, content: PageContent, settings: LayoutSettings) -> str | None:
    middle = (item.top + item.bottom) / 2
    if middle <= settings.margin_band * content.height:
        return "top"
    if middle >= (1 - settings.margin_band) * content.height:
        return "bottom"
    return None


# --------------------------------------------------------------------------- document layout facts

def document_layout(contents: list[PageContent], furniture: set[tuple[int, int]], settings: LayoutSettings) -> Layout:
    """Body font size, margins per page parity, heading sizes → levels, and the title line."""
    lines = [(c.number, item) for c in contents for i, item in enumerate(c.items)
             if isinstance(item, TextLine) and (c.number, i) not in furniture]
    weights: Counter[float] = Counter()
    for _, line in lines:
        weights[line.size] += len(line.text)
    body = weights.most_common(1)[0][0] if weights else 0.0
    body_lines = [(n, line) for n, line in lines if abs(line.size - body) < 0.6]
    margins = {parity: _margins([line for n, line in body_lines if n % 2 == parity] or [line for _, line in body_lines])
               for parity in (0, 1)}
    titles = [t for t in _title_lines(contents, furniture) if t.size >= body + settings.heading_min_step]
    return Layout(body, _line_pitch(body_lines, body), margins, _heading_levels(lines, body, titles, settings), titles,
                  _indents(body_lines, margins))


def _indents(body_lines: list[tuple[int, TextLine]], margins: dict[int, Margins]) -> bool:
    """True if paragraphs start with a first-line indent (1 to 4 characters) often enough to mark them."""
    indented = sum(1 for number, line in body_lines
                   if 0.8 * line.size <= line.x0 - margins[number % 2].left <= 4.2 * line.size)
    return indented >= max(2, MIN_INDENTED_SHARE * len(body_lines))


def _line_pitch(body_lines: list[tuple[int, TextLine]], body: float) -> float:
    """The most common distance from one body line's top to the next on the same page (the line spacing)."""
    steps: Counter[float] = Counter()
    for (page, line), (next_page, following) in zip(body_lines, body_lines[1:]):
        step = following.top - line.top
        if page == next_page and 0.8 * body <= step <= 3 * body:
            steps[round(step, 1)] += 1
    return max(steps, key=lambda s: (steps[s], -s)) if steps else 1.5 * body


def _margins(lines: list[TextLine]) -> Margins:
    """Left margin: the most common line start; right margin: the most common end of the long lines."""
    if not lines:
        return Margins(0.0, 0.0)
    lefts = Counter(round(line.x0) for line in lines)
    left = min(x for x, n in lefts.items() if n == max(lefts.values()))
    widest = max(line.x1 for line in lines)
    rights = Counter(round(line.x1) for line in lines if line.x1 >= left + 0.75 * (widest - left))
    right = max(x for x, n in rights.items() if n == max(rights.values())) if rights else widest
    return Margins(float(left), float(right))


def _heading_levels(lines: list[tuple[int, TextLine]], body: float, titles: list[TextLine],
                    settings: LayoutSettings) -> dict[float, int]:
    """Font sizes clearly above the body size that occur on at least two pages, largest first → level 2, 3, …"""
    pages: dict[float, set[int]] = {}
    for number, line in lines:
        if line.size >= body + settings.heading_min_step and len(line.text) <= settings.heading_max_chars \
                and not any(line is t for t in titles):
            pages.setdefault(line.size, set()).add(number)
    sizes = sorted((size for size, seen in pages.items() if len(seen) >= 2), reverse=True)
    return {size: min(level + 2, MAX_HEADING_LEVEL) for level, size in enumerate(sizes)}


def _title_lines(contents: list[PageContent], furniture: set[tuple[int, int]]) -> list[TextLine]:
    """The largest-font lines of the first page read: the first of them and those right below it (a title is
    only marked when it is larger than the body text)."""
    if not contents:
        return []
    first = contents[0]
    lines = [item for i, item in enumerate(first.items) if isinstance(item, TextLine) and (first.number, i) not in furniture]
    if not lines:
        return []
    largest = max(line.size for line in lines)
    start = next(i for i, line in enumerate(lines) if line.size == largest)
    titles = [lines[start]]
    for line in lines[start + 1:]:
        if line.size != largest or line.top - titles[-1].bottom > 1.5 * largest:
            break
        titles.append(line)
    return titles


# --------------------------------------------------------------------------- building lines

def add_table(out: list[OutLine], table: Table, page: int, state: dict[str, Any]) -> None:
    """Append a table part's rows (a merged cell's text once, in its first row); a continued table loses the header
    row it repeats."""
    rows = [(index, tuple(c.text if c.origin is None else "" for c in table.row(index)))
            for index in range(table.row_count)]
    continues = bool(out) and out[-1].kind == "row" and state["header"] is not None \
        and len(state["header"]) == table.column_count
    if continues and rows and rows[0][1] == state["header"]:
        rows.pop(0)
        state["dropped_headers"] += 1
    if not continues:
        state["header"] = rows[0][1] if rows else None
    for index, row in rows:
        cells = [SPACES_RE.sub(" ", cell).strip() for cell in row]
        out.append(OutLine("row", [(page, "\t".join(cells))], None, page, table=table, row=index, cells=cells))


def add_line(out: list[OutLine], line: TextLine, page: int, first_on_page: bool, layout: Layout,
             settings: LayoutSettings) -> None:
    """Append a text line, joined to the line before when it continues its paragraph (also when footnotes
    stand between the two parts at the foot of the page: the footnotes then move before the paragraph)."""
    kind = line_kind(line, layout)
    if first_on_page and kind == "body":
        _move_footnotes_before(out, line, page, layout, settings)
    previous = out[-1] if out else None
    if previous is not None and kind == previous.kind and kind in ("body", "other", "heading") \
            and continues(previous, line, page, first_on_page, layout, settings):
        previous.pieces.append((page, line.text))
        previous.sources.append(line)
        previous.last, previous.page = line, page
        return
    text, level = line.text, 0
    if any(line is title for title in layout.title_lines):
        if previous is not None and previous.kind == "title":
            previous.pieces.append((page, text))
            previous.sources.append(line)
            previous.last = line
            return
        kind, level = "title", 1
    elif kind == "heading":
        level = layout.heading_levels.get(line.size, 1)
    marks = "#" * level + " " if level else ""
    out.append(OutLine(kind, [(page, marks + text)], line, page, [line], len(marks), level))


def _move_footnotes_before(out: list[OutLine], line: TextLine, page: int, layout: Layout,
                           settings: LayoutSettings) -> None:
    """If small-print lines end the page before and the body paragraph above them continues with ``line``, put
    the footnotes before that paragraph (it started on their page, so page offsets stay in order)."""
    count = 0
    while count < len(out) and _is_small_print(out[-1 - count], layout):
        count += 1
    if not count or count == len(out):
        return
    anchor = out[-1 - count]
    if anchor.kind == "body" and anchor.pieces[0][0] == anchor.page == out[-1].page \
            and continues(anchor, line, page, True, layout, settings):
        out[-1 - count:] = out[-count:] + [anchor]


def _is_small_print(entry: OutLine, layout: Layout) -> bool:
    last = entry.last
    return entry.kind == "other" and last is not None and last.size <= layout.body_size - FOOTNOTE_SIZE_STEP


def line_kind(line: TextLine, layout: Layout) -> str:
    """``caption`` (图/表/附件/数据来源 lines), ``heading`` (a heading font size, not ending a sentence),
    ``body`` (body size) or ``other``."""
    stripped = line.text.strip()
    if is_caption(stripped):
        return "caption"
    if line.size in layout.heading_levels and not stripped.endswith(("。", "；", ";")):
        return "heading"
    return "body" if abs(line.size - layout.body_size) < 0.6 else "other"


def continues(previous: OutLine, line: TextLine, page: int, first_on_page: bool, layout: Layout,
              settings: LayoutSettings) -> bool:
    """True if ``line`` continues the paragraph (or wrapped heading) ``previous`` ends with."""
    last = previous.last
    if last is None or abs(last.size - line.size) > 0.6 or starts_new_item(line.text) or TOC_ENTRY_RE.search(last.text):
        return False
    size = line.size
    if page == previous.page:
        if previous.kind == "body" and not 0.5 * size <= line.top - last.top <= settings.max_pitch_ratio * layout.pitch:
            return False
        if previous.kind != "body" and not -0.5 * size <= line.top - last.bottom <= settings.max_line_gap * size:
            return False
    elif not (page == previous.page + 1 and first_on_page):
        return False
    if previous.kind != "body":
        return page == previous.page and _wrapped_centred(last, line, layout.margins[page % 2])
    before, here = layout.margins[previous.page % 2], layout.margins[page % 2]
    if abs(line.x0 - here.left) > settings.indent_tolerance * size:
        return False
    return reaches_right(last, before, settings, layout.indents)


def reaches_right(line: TextLine, margins: Margins, settings: LayoutSettings, indents: bool = True) -> bool:
    """A full line, or a nearly full one that does not end a sentence: its paragraph goes on (not a TOC entry).
    Without first-line indents to mark new paragraphs, a full line ending a sentence ends its paragraph."""
    if TOC_ENTRY_RE.search(line.text):
        return False
    core = line.text.rstrip().rstrip(CLOSERS)
    ends = bool(core) and core[-1] in SENTENCE_END
    if line.x1 >= margins.right - settings.full_line_chars * line.size:
        return indents or not ends
    return not ends and line.x1 >= margins.right - settings.ragged_line_chars * line.size


def _wrapped_centred(last: TextLine, line: TextLine, margins: Margins) -> bool:
    """A heading wrapped onto a second, centred line: the first is wide, the second no wider."""
    width = max(margins.right - margins.left, 1.0)
    return last.x1 - last.x0 >= 0.6 * width and line.x1 - line.x0 <= last.x1 - last.x0 + line.size


def starts_new_item(text: str) -> bool:
    """Captions, numbered headings and list items always start their own line.

    >>> [starts_new_item(t) for t in ("表 1-3 各地元宇宙专项政策", "（一）政策数量", "1. 引言", "风险、推动高质量发展")]
    [True, True, True, False]
    """
    stripped = text.strip()
    return bool(is_caption(stripped) or is_numbered_heading(stripped) or LIST_ITEM_RE.match(stripped))


def is_caption(text: str) -> bool:
    """A figure/table caption or a source line, not a sentence going on about a figure.

    >>> is_caption("图 1-1 2020 年—2022 年国家及各部委区块链相关政策数量"), is_caption("图2-5所示。")
    (True, False)
    """
    return bool((is_caption_start(text) and not CAPTION_REFERENCE_RE.match(text)) or is_source_note(text))


# --------------------------------------------------------------------------- rendering

def render(out: list[OutLine], page_numbers: list[int]) -> tuple[str, tuple[int, ...]]:
    """Join the lines (a blank line between blocks, none between rows of one table) and find each page's start."""
    text, page_starts, _ = render_placed(out, page_numbers)
    return text, page_starts
