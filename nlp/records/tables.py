"""The report's tables as typed rows.

A table is a caption block (``表 1-2 …`` or ``附件 2：…``) followed by table rows, whose cells come from the table
blocks of the document model (:class:`nlp.ingest.document.Table`: the text each cell writes at its span). The
caption picks the record kind and the header row maps columns to fields (``nlp/data/tables.yaml``). Rows the PDF
wrapped onto the next line are joined back, "same as above" cells are filled down, repeated header rows are
dropped, columns a row lost are realigned, and every field is normalized. Tables whose parts should add up are
checked.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Callable

import yaml

from ..data import read_text
from ..ingest.document import RawDocument, Table
from ..ingest.kinds import block_rules
from ..text.blocks import Block
from ..text.normalize import NormalizedText
from .cells import normalize_row
from .checks import check_totals
from .schema import Provenance, TableRow

SEPARATOR_ROW = re.compile(r"^[\s\-—|:]*$")


@lru_cache(maxsize=1)
def table_config() -> dict[str, Any]:
    """The table rules of ``nlp/data/tables.yaml``."""
    return yaml.safe_load(read_text("tables.yaml"))


@dataclass
class RawTable:
    """A caption and its rows, as cells of the normalized text."""

    caption: str
    caption_line: int
    rows: list[tuple[Block, list[str]]] = field(default_factory=list)


def collect_tables(text: str, blocks: list[Block], cells_of: Callable[[Block], list[str]]) -> list[RawTable]:
    """Group table rows under the caption (or a heading naming a table) before them; ``cells_of`` gives a row's
    cells."""
    tables: list[RawTable] = []
    current: RawTable | None = None
    caption = block_rules().caption
    for block in blocks:
        body = text[block.start:block.end]
        if block.kind in ("caption", "heading") and caption.match(body.strip()):
            current = RawTable(body.strip(), block.line)
            tables.append(current)
        elif block.kind == "table_row" and current is not None:
            current.rows.append((block, cells_of(block)))
        elif block.kind in ("heading", "caption") or (block.kind == "prose" and len(body) > 60):
            current = None
    return [t for t in tables if t.rows]


def table_name(caption: str) -> str:
    """``表 1-2 2022 年…`` → ``表1-2``; ``附件 2：…`` → ``附件2``.

    >>> table_name("附件2：2022年我国区块链市场融资一览表")
    '附件2'
    """
    match = block_rules().caption.match(caption)
    return re.sub(r"[\s：:]", "", match.group(0)) if match else caption[:10]


def kind_of(caption: str) -> str | None:
    """The record kind whose caption pattern matches first."""
    for kind, spec in table_config()["kinds"].items():
        if re.search(spec["caption"], caption):
            return kind
    return None


def header_fields(cells: list[str], kind: str) -> list[str | None] | None:
    """Map header cells to fields; ``None`` if the row is not a header of ``kind``."""
    headers = table_config()["kinds"][kind]["headers"]
    fields: list[str | None] = []
    for cell in cells:
        compact = re.sub(r"\s+", "", cell)
        fields.append(next((f for pattern, f in headers.items() if compact and re.match(pattern, compact)), None))
    named = [f for f in fields if f]
    nonempty = [c for c in cells if c]
    return fields if nonempty and len(named) >= max(1, (len(nonempty) + 1) // 2) else None


def table_rows(doc: RawDocument, normalized: NormalizedText, blocks: list[Block], year: int | None) -> list[TableRow]:
    """All typed rows of all known tables of a document."""
    rows: list[TableRow] = []
    for table in collect_tables(normalized.text, blocks, lambda block: written_cells(doc, block)):
        kind = kind_of(table.caption)
        if kind is None:
            continue
        rows.extend(_typed_rows(doc, normalized, table, kind, year))
    return rows


def written_cells(doc: RawDocument, block: Block) -> list[str]:
    """A table row's cells as the text writes them (spaces kept for :func:`~nlp.records.cells.normalize_row` to
    tidy by the gold's convention; a merged cell's text only in its first row): the cells of the row's table block
    in the document model that have a place in the text."""
    table = doc.model.blocks[block.source] if block.source >= 0 else None
    if not isinstance(table, Table) or block.row < 0:
        return []
    return [doc.text[cell.start:cell.end] if cell.text else "" for cell in table.row(block.row) if cell.written]


def _typed_rows(doc: RawDocument, normalized: NormalizedText, table: RawTable, kind: str, year: int | None) -> list[TableRow]:
    spec = table_config()["kinds"][kind]
    merged = _merge_rows(table, kind, spec, normalized.text)
    out: list[TableRow] = []
    for blocks, groups in merged:
        raw_start, _ = normalized.raw_span(blocks[0].start, blocks[0].end)
        _, raw_end = normalized.raw_span(blocks[-1].start, blocks[-1].end)
        prov = Provenance(doc.doc_id, doc.page_of(raw_start), -1, blocks[0].start, blocks[-1].end, raw_start, raw_end, blocks[0].line)
        for group in groups:
            fields = normalize_row(kind, group, table.caption, year)
            out.append(TableRow(kind, table_name(table.caption), len(out), fields, prov))
    return check_totals(out)


def _merge_rows(table: RawTable, kind: str, spec: dict[str, Any],
                text: str = "") -> list[tuple[list[Block], list[dict[str, str]]]]:
    """Header mapping, realignment, continuation joins and fill-down; returns (blocks, [field → text per group]).
    ``text`` (the document) is the evidence for a character repeated at a wrap (:func:`repeated_at_wrap`)."""
    header: list[str | None] | None = None
    merged: list[tuple[list[Block], list[dict[str, str]]]] = []
    for block, cells in table.rows:
        if SEPARATOR_ROW.match("".join(cells)):
            continue
        as_header = header_fields(cells, kind)
        if as_header:
            header = as_header if header is None else _sub_header(header, as_header)
            continue
        if header is None:
            continue
        groups = _groups(_align(cells, header, spec), header)
        if merged and (all(not any(g.get(a) for a in spec["anchor"]) for g in groups) or _opens_closed(groups, spec)):
            _continue_row(merged[-1], groups, block, text)
            continue
        merged.append(([block], groups))
    _fill_down(merged, spec["fill_down"])
    return [(blocks, groups) for blocks, groups in merged]


PAIRS = (("“", "”"), ("‘", "’"), ("《", "》"), ("（", "）"), ("「", "」"), ("『", "』"))


def _unbalanced_close(text: str) -> str:
    """The closing mark that ``text`` closes more often than it opens (``馆”数字艺术`` → ``”``), else ``""``."""
    return next((close for open_, close in PAIRS if text.count(close) > text.count(open_)), "")


def _opens_closed(groups: list[dict[str, str]], spec: dict[str, Any]) -> bool:
    """An anchor cell that closes a quote or bracket opened in the row above (``馆”数字艺术产业园区`` under
    ``“元宇宙藏品``) continues that row.

    >>> _opens_closed([{"name": "馆”数字艺术产业园区"}], {"anchor": ["name"]})
    True
    """
    return any(_unbalanced_close(g.get(a, "")) for g in groups for a in spec["anchor"])


def _usable(header: list[str | None]) -> bool:
    return sum(1 for f in header if f) >= 2


def _sub_header(header: list[str | None], sub: list[str | None]) -> list[str | None]:
    """A header row in the middle of a table. One that names fewer columns than the table's header renames its
    last columns and keeps the first ones (表2-1: ``服务城市 项目名称 核心技术优势`` under ``类别 牵头单位 项目名称
    核心技术优势`` → category, city, name, strengths).

    >>> _sub_header(["category", "lead", "name", "strengths"], ["city", "name", "strengths", None])
    ['category', 'city', 'name', 'strengths']
    """
    if not _usable(sub):
        return header
    named = _trim_trailing(sub)
    if len(named) >= len(_trim_trailing(header)):
        return sub
    head = _trim_trailing(header)
    return head[: len(head) - len(named)] + named


def _trim_trailing(fields: list[str | None]) -> list[str | None]:
    out = list(fields)
    while out and out[-1] is None:
        out.pop()
    return out


def _align(cells: list[str], header: list[str | None], spec: dict[str, Any]) -> list[str]:
    """Realign a row that lost a leading cell or gained a stray leading TAB."""
    cells = list(cells)
    while len(cells) > len(header) and cells and cells[-1] == "":
        cells.pop()
    while len(cells) > len(header) and cells and cells[0] == "":
        cells.pop(0)
    if _lost_fill_down_cell(cells, header, spec):
        cells = [""] * (len(header) - len(cells)) + cells
    dates = spec["dates"]
    if dates and header and header[0] not in dates and cells and _looks_like_date(cells[0]) and len([c for c in cells if c]) < len(header):
        date_index = next((i for i, f in enumerate(header) if f in dates), None)
        if date_index:
            cells = [""] * date_index + cells
    return cells + [""] * (len(header) - len(cells))


def _lost_fill_down_cell(cells: list[str], header: list[str | None], spec: dict[str, Any]) -> bool:
    """A short row whose cells are all filled, in a table whose first column is filled down from above: the PDF
    dropped the empty "same as above" cell, so the row belongs right-aligned (表2-1 lines 645–652)."""
    short = 0 < len(cells) < len(_trim_trailing(header))
    return short and bool(header) and header[0] in spec["fill_down"] and all(cells)


def _looks_like_date(cell: str) -> bool:
    return bool(re.fullmatch(r"(?:19|20)\d{2}(?:[.\-/年]\d{1,2}(?:[.\-/月]\d{1,2}日?)?月?)?", cell.replace(" ", "")))


def _groups(cells: list[str], header: list[str | None]) -> list[dict[str, str]]:
    """Split side-by-side halves (a header that repeats its fields) into separate groups."""
    groups: list[dict[str, str]] = [{}]
    for cell, name in zip(cells, header):
        if name is None:
            continue
        if name in groups[-1]:
            groups.append({})
        groups[-1][name] = cell
    return [g for g in groups if any(g.values())] or [groups[0]]


def _continue_row(previous: tuple[list[Block], list[dict[str, str]]], groups: list[dict[str, str]], block: Block,
                  text: str = "") -> None:
    blocks, prev_groups = previous
    blocks.append(block)
    for prev, new in zip(prev_groups, groups):
        for name, value in new.items():
            if value:
                prev[name] = _join_wrapped(prev.get(name, ""), value, text)


def _join_wrapped(left: str, right: str, text: str = "") -> str:
    """Join the two pieces of a wrapped cell; a character repeated at the wrap is kept once when the document says
    so (:func:`repeated_at_wrap`)."""
    if repeated_at_wrap(left, right, text):
        return left + right[1:]
    if left.endswith("》") and right.endswith("》"):
        return left[:-1] + right
    if left and left[-1] == _unbalanced_close(right):  # ``“元宇宙藏品”`` + ``馆”…``: the first ” is wrap debris
        return left[:-1] + right
    return left + right


def repeated_at_wrap(left: str, right: str, text: str) -> bool:
    """True when the wrap repeated a character (``…打造的区`` / ``区块链技术…``): the piece after the wrap starts with
    the character the piece before ends with, the document never writes the doubled form (``的区区块``) outside this
    wrap, and it does write the single one (``的区块链``). A character doubled for real (``共和国`` / ``国家标准``)
    keeps both: its single form (``和国家标``) is not in the document.

    >>> repeated_at_wrap("联合成员单位打造的区", "区块链技术产业化研究联盟", "以区块链产业研究为中心，打造的区块链平台")
    True
    >>> repeated_at_wrap("中华人民共和国", "国家标准", "中华人民共和国密码行业标准")
    False
    """
    if len(left) < 2 or len(right) < 3 or left[-1] != right[0] or not text or left[-1].isascii():
        return False
    return left[-2:] + right[:2] not in text and left[-2:] + right[1:3] in text


def _fill_down(merged: list[tuple[list[Block], list[dict[str, str]]]], fields: list[str]) -> None:
    last: dict[str, str] = {}
    for _, groups in merged:
        for group in groups[:1]:
            for name in fields:
                if group.get(name):
                    last[name] = group[name]
                    for later in fields[fields.index(name) + 1:]:
                        if not group.get(later):
                            last.pop(later, None)
                elif name in last and name in group:
                    group[name] = last[name]


def decimal_or_none(text: str) -> Decimal | None:
    """Parse a decimal string, ``None`` on junk."""
    try:
        return Decimal(text)
    except Exception:
        return None
