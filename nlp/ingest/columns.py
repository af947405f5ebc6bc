"""Reading order of a page: column by column where text is set side by side (issue 19).

Sorting a page's lines by their top interleaves columns: the boxes of a diagram set side by side ("公有链 / 联盟链 /
专有链", miit_blockchain_tech_app_2016 p24) read one line of each box in turn, and in two-column text the right
column's line is followed by the next line of the left one, which the paragraph joiner then glues to it. Here a
page is cut at a gutter, an x position that no item crosses over a run of lines: the run's left side is read before
its right side, each side cut again (three boxes are two cuts), and what is above and below the run keeps its place.

A cut is made only where both sides hold wrapped text (a line that reaches its side's right edge, with the next
line right below it starting at the side's left edge): a list whose numbers stand apart from their text, or a
credits page with its roles left of the names, is read row by row as before.
"""
from __future__ import annotations

import re
from typing import Protocol, Sequence, TypeVar

from .settings import DEFAULT_LAYOUT, LayoutSettings

WORD_CHAR_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")


class Box(Protocol):
    """What the reading order needs of a page item (:class:`nlp.ingest.layout.TextLine` or ``TableBlock``)."""

    @property
    def x0(self) -> float: ...

    @property
    def x1(self) -> float: ...

    @property
    def top(self) -> float: ...

    @property
    def bottom(self) -> float: ...


Item = TypeVar("Item", bound=Box)


def reading_order(items: Sequence[Item], settings: LayoutSettings = DEFAULT_LAYOUT) -> list[Item]:
    """The items top to bottom, column by column where the page sets wrapped text side by side."""
    ordered = sorted(items, key=lambda item: (round(item.top, 1), item.x0))
    return _order(ordered, settings)


def _order(items: list[Item], settings: LayoutSettings) -> list[Item]:
    split = _column_split(items, settings)
    if split is None:
        return items
    start, end, gutter = split
    run = items[start:end]
    left = [item for item in run if item.x1 <= gutter]
    right = [item for item in run if item.x0 >= gutter]
    return (_order(items[:start], settings) + _order(left, settings) + _order(right, settings)
            + _order(items[end:], settings))


def _column_split(items: list[Item], settings: LayoutSettings) -> tuple[int, int, float] | None:
    """The first run ``items[start:end]`` that a gutter at x splits into two sides of wrapped text, if any."""
    for row in _rows(items):
        members = sorted(row, key=lambda i: items[i].x0)
        for a, b in zip(members, members[1:]):
            left, right = items[a], items[b]
            if right.x0 - left.x1 < settings.column_min_gap * _size(left, right):
                continue
            gutter = (left.x1 + right.x0) / 2
            start, end = _run(items, row, gutter, settings)
            run = items[start:end]
            sides = ([i for i in run if i.x1 <= gutter], [i for i in run if i.x0 >= gutter])
            if all(_wraps(side, settings) for side in sides):
                return start, end, gutter
    return None


def _run(items: list[Item], row: list[int], gutter: float, settings: LayoutSettings) -> tuple[int, int]:
    """The run of items around a row that do not cross the gutter, up to the first item further than
    ``max_line_gap`` font sizes above or below it (a caption under a figure's boxes is not part of their columns)."""
    size = _size(*(items[i] for i in row))
    start, end = min(row), max(row) + 1
    top, bottom = min(items[i].top for i in row), max(items[i].bottom for i in row)
    while start > 0 and not _crosses(items[start - 1], gutter) \
            and top - items[start - 1].bottom <= settings.max_line_gap * size:
        start -= 1
        top = min(top, items[start].top)
    while end < len(items) and not _crosses(items[end], gutter) \
            and items[end].top - bottom <= settings.max_line_gap * size:
        bottom = max(bottom, items[end].bottom)
        end += 1
    return start, end


def _rows(items: Sequence[Box]) -> list[list[int]]:
    """Indexes of the items (sorted by top) grouped into rows of vertically overlapping items; rows of one item
    are left out."""
    rows: list[list[int]] = []
    bottom = float("-inf")
    for index, item in enumerate(items):
        if rows and item.top < bottom - 0.5 * (item.bottom - item.top):
            rows[-1].append(index)
            bottom = max(bottom, item.bottom)
        else:
            rows.append([index])
            bottom = item.bottom
    return [row for row in rows if len(row) > 1]


def _crosses(item: Box, gutter: float) -> bool:
    return item.x0 < gutter < item.x1


def _size(*items: Box) -> float:
    """The font size of text lines (a table block counts as 10 points)."""
    return max(float(getattr(item, "size", 10.0)) for item in items)


def _wraps(side: Sequence[Box], settings: LayoutSettings) -> bool:
    """True when a side holds wrapped text: a line of ``column_wrap_chars`` or more letters that ends with a letter
    (not a sentence end, a number or a contents entry's page number), reaching the side's right edge, with the next
    line right below it at the side's left edge.

    >>> from nlp.ingest.layout import TextLine
    >>> box = [TextLine("任何人都可加入网络及", 83, 168, 168, 176, 8), TextLine("写入和访问数据", 83, 178, 143, 186, 8)]
    >>> _wraps(box, DEFAULT_LAYOUT), _wraps([TextLine("申", 375, 162, 383, 170, 8), TextLine("请", 375, 170, 383, 179, 8)], DEFAULT_LAYOUT)
    (True, False)
    """
    lines = [item for item in side if isinstance(getattr(item, "text", None), str)]
    if len(lines) < 2:
        return False
    left, right = min(line.x0 for line in lines), max(line.x1 for line in lines)
    for upper, lower in zip(lines, lines[1:]):
        size = _size(upper, lower)
        text = str(getattr(upper, "text", "")).strip()
        if len(WORD_CHAR_RE.findall(text)) >= settings.column_wrap_chars and WORD_CHAR_RE.match(text[-1]) \
                and upper.x1 >= right - settings.full_line_chars * size \
                and 0 <= lower.top - upper.bottom <= settings.max_line_gap * size \
                and lower.x0 <= left + settings.full_line_chars * size:
            return True
    return False
