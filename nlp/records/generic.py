"""Every table of a document as generic rows (header → cell, with provenance), and the record kind its header
vocabulary and caption give it (``nlp/data/table_vocabulary.yaml``).

A PDF's tables come from ``RawDocument.meta["tables"]`` (cells cut at the page's rules by ingest); a text input's
from its TAB-separated rows. A table without a caption of its own that starts the page after a table with the
same number of columns continues that table (its first row dropped when it repeats the header); a caption below
the last part names the whole table. ``同上`` cells are filled from the row above. No table is dropped: one that
no kind fits is kind ``generic``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Sequence

from ..ingest.document import RawDocument
from ..ingest.vocabulary import compact, header_field, vocabulary
from ..text.blocks import Block
from ..text.normalize import NormalizedText
from .cells import header_unit, normalize_row
from .schema import GenericRow, Provenance, TableRow, TableSummary

SAME_AS_ABOVE = frozenset({"同上", "〃", "”", "同左"})
#: A PDF row is located in the raw text by the first characters of its longest cell.
PROBE_CHARS = 12


@dataclass
class Table:
    """One logical table: caption, pages, header and body rows (cells as read, one page per row)."""

    caption: str
    header: list[str]
    rows: list[tuple[int, list[str]]] = field(default_factory=list)
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
    match = vocabulary()["caption_re"].match(caption.strip())
    return re.sub(r"[\s：:]", "", match.group(0)) if match else f"T{index}"


def pdf_tables(found: list[dict[str, Any]]) -> list[Table]:
    """Join the page tables of ``meta["tables"]`` into logical tables."""
    tables: list[Table] = []
    for part in found:
        rows = [[c or "" for c in row] for row in part["rows"]]
        rows = [r for r in rows if any(compact(c) for c in r)]
        if not rows:
            continue
        previous = tables[-1] if tables else None
        if previous is not None and _continues(previous, part, len(rows[0])):
            _append_part(previous, part, rows)
            continue
        tables.append(Table(part["caption"], rows[0], [(part["page"], r) for r in rows[1:]], [part["page"]],
                            len(rows[0]), part["caption_at"] == "below", merged_last(part, len(rows))))
    return tables


def _append_part(table: Table, part: dict[str, Any], rows: list[list[str]]) -> None:
    """Add the part of ``table`` on the next page: a repeated header row is dropped; a merged cell that goes on
    over the page break (empty at the top of this part, merged over its first rows or merged down to the bottom
    of the last part) is filled from the row above; otherwise a first row left empty in a column that every row
    above fills is the rest of the row the page break cut (``幽灵`` … / … ``的陈腐区块``; ``2021 年 4 月 6`` … /
    ``日`` with the title cell empty)."""
    top = 0
    if [compact(c) for c in rows[0]] == [compact(c) for c in table.header]:
        rows, top = rows[1:], 1
    first = merged_first(part, rows, top)
    going_on = first | set(table.open_columns)
    if rows and table.rows and _cut_row(rows[0], table, going_on):
        page, last = table.rows[-1]
        table.rows[-1] = (page, [join_cells(a, b) for a, b in zip(last, rows[0])])
        rows = rows[1:]
    elif rows and table.rows:
        _fill_going_on(rows, table.rows[-1][1], first, set(table.open_columns))
    table.rows.extend((part["page"], r) for r in rows)
    table.pages.append(part["page"])
    table.open_columns = merged_last(part, top + len(rows))
    if part["caption"] and not table.caption:
        table.caption = part["caption"]
        table.caption_below = part["caption_at"] == "below"


def _cut_row(row: list[str], table: Table, going_on: set[int]) -> bool:
    """True if ``row``, the first of a part, is the rest of the table's last row: it leaves empty a column (not one
    of a merged cell going on) that every row above fills."""
    empty = {col for col, cell in enumerate(row) if not compact(cell)} - going_on
    return any(all(col < len(cells) and compact(cells[col]) for _, cells in table.rows) for col in empty)


def merged_last(part: dict[str, Any], count: int) -> list[int]:
    """The columns whose last row (of ``count``) lies in a cell merged over several rows of the part: a merged cell
    that may go on after the page break."""
    return sorted({col for first, col, rows in part.get("merged", []) if first + rows == count})


def merged_first(part: dict[str, Any], rows: list[list[str]], top: int) -> set[int]:
    """The columns whose first body row (row ``top`` of the part) starts an empty cell merged over several rows:
    the rest of a merged cell whose text stands on the page before."""
    return {col for first, col, _ in part.get("merged", []) if first == top and rows and col < len(rows[0])
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
    from ..ingest.layout import join_pieces
    return join_pieces(left, right) if left and right else left or right


def _continues(previous: Table, part: dict[str, Any], columns: int) -> bool:
    """A part on the page after ``previous``, with as many columns, and without a caption of its own above it (or
    one that names the same table: ``表 11 …（续）``)."""
    if part["page"] != previous.pages[-1] + 1 or columns != previous.columns:
        return False
    if part["caption_at"] == "above":
        return bool(previous.caption) and table_name(part["caption"], 0) == table_name(previous.caption, 0)
    return not (previous.caption and previous.caption_below)


def text_tables(text: str, blocks: list[Block]) -> list[tuple[Table, list[Block]]]:
    """Runs of TAB rows of a text input, under the caption line just before them (if any)."""
    out: list[tuple[Table, list[Block]]] = []
    caption = ""
    current: tuple[Table, list[Block]] | None = None
    for block in blocks:
        body = text[block.start:block.end].strip()
        if block.kind == "table_row":
            cells = [c.strip() for c in text[block.start:block.end].split("\t")]
            if not any(cells):
                continue
            if current is None:
                current = (Table(caption, cells, columns=len(cells)), [])
                out.append(current)
            else:
                current[0].rows.append((0, cells))
                current[1].append(block)
            continue
        current = None
        caption = body if block.kind in ("caption", "heading") and vocabulary()["caption_re"].match(body) else (
            caption if block.kind == "source" else "")
    return out


def generic_rows(doc: RawDocument, normalized: NormalizedText, blocks: list[Block]) -> list[GenericRow]:
    """Every body row of every table of the document."""
    out: list[GenericRow] = []
    if "tables" in doc.meta:
        for index, table in enumerate(pdf_tables(doc.meta["tables"]), 1):
            out.extend(_rows(doc, table, index, [None] * len(table.rows)))
    else:
        for index, (table, row_blocks) in enumerate(text_tables(normalized.text, blocks), 1):
            pages = [doc.page_of(normalized.raw_span(b.start, b.end)[0]) for b in row_blocks]
            table.rows = [(p, cells) for p, (_, cells) in zip(pages, table.rows)]
            table.pages = sorted(set(pages))
            out.extend(_rows(doc, table, index, row_blocks, normalized))
    return out


def _rows(doc: RawDocument, table: Table, index: int, row_blocks: Sequence[Block | None],
          normalized: NormalizedText | None = None) -> list[GenericRow]:
    kind = table_kind(table.header, table.caption)
    name = table_name(table.caption, index)
    width = max([len(table.header)] + [len(c) for _, c in table.rows])
    header = tuple(table.header + [""] * (width - len(table.header)))
    out: list[GenericRow] = []
    above: list[str] = [""] * width
    after = 0
    for number, ((page, cells), block) in enumerate(zip(table.rows, row_blocks), 1):
        cells = cells + [""] * (width - len(cells))
        filled = tuple(above[i] if compact(c) in SAME_AS_ABOVE else c for i, c in enumerate(cells))
        above = list(filled)
        prov = _provenance(doc, page, filled, block, normalized, after)
        after = max(after, prov.raw_start)
        out.append(GenericRow(name, table.caption, tuple(table.pages), number, kind, header, filled, prov))
    return out


def _provenance(doc: RawDocument, page: int, cells: tuple[str, ...], block: Block | None,
                normalized: NormalizedText | None, after: int = 0) -> Provenance:
    """Where the row is: its block's spans (text input); for a PDF, the span of its longest cell found in its
    page's raw text (at or after ``after``, the previous row's place), or -1 offsets when not found."""
    if block is not None and normalized is not None:
        raw_start, raw_end = normalized.raw_span(block.start, block.end)
        return Provenance(doc.doc_id, page, -1, block.start, block.end, raw_start, raw_end, block.line)
    longest = max(cells, key=lambda c: len(c.strip()), default="").strip()
    first = doc.first_page
    lo = doc.page_starts[page - first] if 0 <= page - first < len(doc.page_starts) else 0
    hi = doc.page_starts[page - first + 1] if 0 <= page - first + 1 < len(doc.page_starts) else len(doc.text)
    at, probe = -1, ""
    for probe in (longest, longest[:PROBE_CHARS]):
        at = doc.text.find(probe, max(lo, after), hi) if probe else -1
        if at >= 0:
            break
    if at < 0:
        return Provenance(doc.doc_id, page, -1, -1, -1, -1, -1, 0)
    return Provenance(doc.doc_id, page, -1, -1, -1, at, at + len(probe), doc.line_of(at))


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
    :mod:`nlp.records.tables` knows the TAB-text layouts): each header field's cell, normalized as that kind
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
