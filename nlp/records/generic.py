"""Every table of a document as generic rows (header → cell, with provenance), and the record kind its header
vocabulary and caption give it (``nlp/data/table_vocabulary.yaml``).

The tables are the table blocks of the document model (:class:`nlp.ingest.document.Table`), PDF or text alike:
each part's cells as ingest read them (a merged cell's text in every position it covers), its caption, and the
number ingest gave the table, which the parts of one table over several pages share. Joining the parts: a header
row the part repeats is dropped; a merged cell going on over the page break is filled from the page before; a
first row that leaves empty a column every row above fills is the rest of the row the break cut. ``同上`` cells are
filled from the row above. A row's provenance is its span in the text. No table is dropped: one that no kind fits
is kind ``generic``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Sequence

from ..ingest.document import RawDocument, Table
from ..ingest.layout import join_pieces
from ..ingest.vocabulary import caption_name, compact, header_field, vocabulary
from ..text.normalize import NormalizedText
from .cells import header_unit, normalize_row
from .schema import GenericRow, Provenance, TableRow, TableSummary

SAME_AS_ABOVE = frozenset({"同上", "〃", "”", "同左"})
#: A body row: its page, its cells, its (start, end) in the document text ((-1, -1): not written there).
BodyRow = tuple[int, list[str], tuple[int, int]]


@dataclass
class JoinedTable:
    """One logical table: caption, pages, header and body rows (cells as read, one page per row)."""

    caption: str
    header: list[str]
    rows: list[BodyRow] = field(default_factory=list)
    pages: list[int] = field(default_factory=list)
    columns: int = 0
    caption_below: bool = False
    open_columns: list[int] = field(default_factory=list)


def table_kind(header: list[str], caption: str) -> str:
    """The record kind of a table from its header fields and its caption; ``generic`` when none fits.

    >>> table_kind(["发文日期", "文件名称", "发文机关", "主要内容"], "表 11 山东省区块链相关政策")
    'policies'
    >>> table_kind(["术语", "定义/解释"], "表 1 术语")
    'generic'
    """
    fields = {header_field(c) for c in header} - {None}
    kinds = vocabulary()["kinds"]
    for kind, spec in kinds.items():  # the caption names the kind and the header has one of its fields
        if caption and re.search(spec["caption"], caption) and fields & set(spec["all"] + spec["any"]):
            return kind
    for kind, spec in kinds.items():  # the header alone: all the required fields and one of the others
        if set(spec["all"]) <= fields and fields & set(spec["any"]):
            return kind
    return "generic"


def table_name(caption: str, index: int) -> str:
    """``表 1-2 …`` → ``表1-2``; a table without caption is ``T<index>`` (1-based in the document).

    >>> table_name("表 11 山东省区块链相关政策", 3), table_name("", 4)
    ('表11', 'T4')
    """
    return caption_name(caption) or f"T{index}"


def joined_tables(parts: Sequence[Table]) -> list[JoinedTable]:
    """The logical tables of the table parts (in order; the parts of one table share its number, 0 is none)."""
    tables: dict[int, JoinedTable] = {}
    for part in parts:
        rows = part_rows(part)
        if not part.table or not rows:
            continue
        if part.table in tables:
            _append_part(tables[part.table], part, rows)
            continue
        _, header, _ = rows[0]
        tables[part.table] = JoinedTable(part.caption, header, rows[1:], list(part.pages), len(header),
                                         part.caption_at == "below", merged_last(part, len(rows)))
    return list(tables.values())


def part_rows(part: Table) -> list[BodyRow]:
    """The rows of a part that hold any text: page, cells (a merged cell's text in each position), span."""
    out = []
    for index, cells in enumerate(part.grid()):
        if any(compact(c) for c in cells):
            span = part.row_spans[index] if index < len(part.row_spans) else (-1, -1)
            out.append((part.row(index)[0].page if cells else part.pages[0], cells, span))
    return out


def _append_part(table: JoinedTable, part: Table, rows: list[BodyRow]) -> None:
    """Add the part of ``table`` on the next page: the header row it repeats is dropped; a merged cell that goes on
    over the page break (empty at the top of this part, merged over its first rows or merged down to the bottom
    of the last part) is filled from the row above; otherwise a first row left empty in a column that every row
    above fills is the rest of the row the page break cut (``幽灵`` … / … ``的陈腐区块``; ``2021 年 4 月 6`` … /
    ``日`` with the title cell empty)."""
    top = 0
    if part.header_rows:
        rows, top = rows[part.header_rows:], part.header_rows
    first = merged_first(part, [cells for _, cells, _ in rows], top)
    going_on = first | set(table.open_columns)
    if rows and table.rows and _cut_row(rows[0][1], table, going_on):
        page, last, span = table.rows[-1]
        table.rows[-1] = (page, [join_cells(a, b) for a, b in zip(last, rows[0][1])], span)
        rows = rows[1:]
    elif rows and table.rows:
        _fill_going_on([cells for _, cells, _ in rows], table.rows[-1][1], first, set(table.open_columns))
    table.rows.extend(rows)
    table.pages.append(part.pages[0])
    table.open_columns = merged_last(part, top + len(rows))
    if part.caption and not table.caption:
        table.caption = part.caption
        table.caption_below = part.caption_at == "below"


def _cut_row(row: list[str], table: JoinedTable, going_on: set[int]) -> bool:
    """True if ``row``, the first of a part, is the rest of the table's last row: it leaves empty a column (not one
    of a merged cell going on) that every row above fills."""
    empty = {col for col, cell in enumerate(row) if not compact(cell)} - going_on
    return any(all(col < len(cells) and compact(cells[col]) for _, cells, _ in table.rows) for col in empty)


def merged_last(part: Table, count: int) -> list[int]:
    """The columns whose last row (of ``count``) lies in a cell merged over several rows of the part: a merged cell
    that may go on after the page break."""
    return sorted({col for first, col, rows in part.merged() if first + rows == count})


def merged_first(part: Table, rows: list[list[str]], top: int) -> set[int]:
    """The columns whose first body row (row ``top`` of the part) starts an empty cell merged over several rows:
    the rest of a merged cell whose text stands on the page before."""
    return {col for first, col, _ in part.merged() if first == top and rows and col < len(rows[0])
            and not compact(rows[0][col])}


def _fill_going_on(rows: list[list[str]], above: list[str], merged_first: set[int], open_columns: set[int]) -> None:
    """Fill the cells of a merged cell that goes on from the page before: the empty top rows of a column merged at
    the top of this part, or the first row's empty cell of a column merged down to the bottom of the last part."""
    for col in merged_first | open_columns:
        if col >= len(above):
            continue
        for row in rows if col in merged_first else rows[:1]:
            if col >= len(row) or compact(row[col]):
                break
            row[col] = above[col]


def join_cells(left: str, right: str) -> str:
    """The two pieces of a cell cut by a page break, joined (no space between CJK, one between ASCII words)."""
    return join_pieces(left, right) if left and right else left or right


def generic_rows(doc: RawDocument, normalized: NormalizedText) -> list[GenericRow]:
    """Every body row of every table of the document."""
    out: list[GenericRow] = []
    for index, table in enumerate(joined_tables(doc.model.tables()), 1):
        out.extend(_rows(doc, normalized, table, index))
    return out


def _rows(doc: RawDocument, normalized: NormalizedText, table: JoinedTable, index: int) -> list[GenericRow]:
    kind = table_kind(table.header, table.caption)
    name = table_name(table.caption, index)
    width = max([len(table.header)] + [len(c) for _, c, _ in table.rows])
    header = tuple(table.header + [""] * (width - len(table.header)))
    out: list[GenericRow] = []
    above: list[str] = [""] * width
    for number, (page, cells, span) in enumerate(table.rows, 1):
        cells = cells + [""] * (width - len(cells))
        filled = tuple(above[i] if compact(c) in SAME_AS_ABOVE else c for i, c in enumerate(cells))
        above = list(filled)
        out.append(GenericRow(name, table.caption, tuple(table.pages), number, kind, header, filled,
                              _provenance(doc, normalized, page, span)))
    return out


def _provenance(doc: RawDocument, normalized: NormalizedText, page: int, span: tuple[int, int]) -> Provenance:
    """Where the row is: its span in the text (its line, a cut row's first part), -1 offsets when it has none."""
    raw_start, raw_end = span
    if raw_start < 0:
        return Provenance(doc.doc_id, page, -1, -1, -1, -1, -1, 0)
    return Provenance(doc.doc_id, page, -1, normalized.from_raw(raw_start), normalized.from_raw(raw_end),
                      raw_start, raw_end, doc.line_of(raw_start))


def is_label_row(cells: Sequence[str]) -> bool:
    """One text in a row of three or more cells (once, or repeated into the cells it spans): a group label or a
    note, not a record.

    >>> is_label_row(("一、国家层面", "", "", "")), is_label_row(("2018 年 2 月", "《…》", "", "")), is_label_row(("甲", "乙"))
    (True, False, False)
    """
    texts = {compact(c) for c in cells} - {""}
    return len(cells) >= 3 and len(texts) == 1


def typed_rows(generic: list[GenericRow], typed: list[TableRow], year: int | None) -> list[TableRow]:
    """Typed rows of the tables that have a kind but no typed rows yet (the typed reader of
    :mod:`nlp.records.tables` knows the first report's layouts): each header field's cell, normalized as that kind
    (``nlp/data/tables.yaml``), with the generic row's provenance; ``flags`` says it came from the mapper. A label
    row (one text across a table of three or more columns: ``一、国家层面``, a note) types no record; it stays in the
    generic rows."""
    done = {row.table for row in typed}
    out: list[TableRow] = []
    for row in generic:
        if row.kind == "generic" or row.table in done or is_label_row(row.cells):
            continue
        names = vocabulary()["kinds"][row.kind].get("as", {})
        group: dict[str, str] = {}
        units: dict[str, str] = {}
        for head, cell in zip(row.header, row.cells):
            name = header_field(head)
            if name and cell.strip():
                key = names.get(name, name)
                group[key] = join_cells(group[key], cell) if key in group else cell
                unit = header_unit(head)
                if unit:
                    units[key] = unit
        if group:
            out.append(TableRow(row.kind, row.table, row.row - 1,
                                normalize_row(row.kind, group, row.caption, year, units), row.prov, ("header_mapped",)))
    return out


def table_summaries(generic: list[GenericRow], typed: list[TableRow]) -> list[TableSummary]:
    """One :class:`TableSummary` per table of the document, in order: no table goes unreported, typed or not."""
    made: dict[str, list[TableRow]] = {}
    for record in typed:
        if record.source == "table":
            made.setdefault(record.table, []).append(record)
    first: dict[tuple[str, str, tuple[int, ...]], GenericRow] = {}
    counts: dict[tuple[str, str, tuple[int, ...]], int] = {}
    for row in generic:
        key = (row.table, row.caption, row.pages)
        first.setdefault(key, row)
        counts[key] = counts.get(key, 0) + 1
    out = []
    for key, row in first.items():
        records = made.get(row.table, [])
        by = ("header_vocabulary" if all("header_mapped" in r.flags for r in records) else "table_reader") if records else ""
        unmapped = tuple(h for h in row.header if compact(h) and (not records or header_field(h) is None))
        out.append(TableSummary(row.table, row.caption, row.pages, row.kind, counts[key], len(records), by, row.header,
                                unmapped, row.prov))
    return out
