"""The document model ingest builds (nlp/ingest/document.py), from the first report's text and PDF and from shared
real PDFs (../shared/corpus-real, skipped where absent): block kinds and heading levels, tables with their cells,
spans, pages, boxes, header rows, merged cells and parts over pages; the invariants every model keeps; and the text
stage taking its kinds from the model, not from the rendering.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest

from nlp.ingest import read_document
from nlp.ingest.document import (Caption, DocumentModel, Heading, Line, Page, Paragraph, RawDocument, SourceNote,
                                 Table)
from nlp.ingest.markup import read_markup
from nlp.text.blocks import segment_blocks

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "corpus"
REAL = ROOT.parent / "shared" / "corpus-real"
REAL = REAL if REAL.is_dir() else Path("/work/shared/corpus-real")
TEXT, PDF = "cn-blockchain-2022-2023.txt", "cn-blockchain-2022-2023.pdf"
SHARED = ("blockchain_security_eval_2021", "caict_computing_power_index_2021", "cac_digital_china_2021",
          "fisco_platform_survey_2017", "miit_blockchain_tech_app_2016")


def path_of(name: str) -> Path:
    path = CORPUS / name if name.startswith("cn-blockchain") else REAL / f"{name}.pdf"
    if not path.exists():
        pytest.skip(f"{path} not here")
    return path


@lru_cache(maxsize=None)
def document(name: str) -> RawDocument:
    return read_document(path_of(name))


def block_on_line(doc: RawDocument, line: int) -> object:
    return next(b for b in doc.model.blocks if doc.line_of(b.start) == line)


def content(doc: RawDocument, block: object) -> str:
    return doc.text[block.start:block.end]  # type: ignore[attr-defined]


# (report, line of the text, block type, heading level or None, its content)
TEXT_BLOCKS = [
    (TEXT, 3, Heading, 1, "2022-2023 中国区块链年度发展报告"),
    (TEXT, 15, Heading, 2, "前 言"),
    (TEXT, 98, Heading, 3, "（一）政策数量爆发增长，政策内容覆盖全面"),
    (TEXT, 514, Heading, 4, "(四) 产业规模稳步增长，助力数字经济稳健发展"),
    (TEXT, 815, Heading, 3, "（三）智能合约语言工具适用性和易用性不断进步"),
    (TEXT, 125, Caption, None, "表 1-2 2022 年区块链专项政策"),
    (TEXT, 105, SourceNote, None, "数据来源：赛迪区块链研究院整理"),
    (TEXT, 119, Paragraph, None, None),
    (PDF, 1, Heading, 1, "2022-2023 中国区块链年度发展报告"),
    (PDF, 13, Heading, 2, "前 言"),
    (PDF, 95, Heading, 3, "（一）政策数量爆发增长，政策内容覆盖全面"),
]


@pytest.mark.parametrize(("name", "line", "kind", "level", "text"), TEXT_BLOCKS,
                         ids=[f"{n[-3:]}-{line}" for n, line, *_ in TEXT_BLOCKS])
def test_block_kind_level_and_content(name: str, line: int, kind: type, level: int | None, text: str | None) -> None:
    doc = document(name)
    block = block_on_line(doc, line)
    assert type(block) is kind
    if level is not None:
        assert block.level == level  # type: ignore[attr-defined]
    if text is not None:
        assert content(doc, block) == text


@pytest.mark.parametrize(("name", "number", "caption", "rows", "columns", "header"), [
    (TEXT, 1, "表 1-2 2022 年区块链专项政策", 13, 3, ["主体/ 省市", "时间", "名称"]),
    (TEXT, 19, "表 6-1 我国区块链企业各地区分布数量及比例", 16, 6, ["地域", "数量(家)", "比例", "省市", "数量(家)", "比例"]),
    (TEXT, 22, "附件 2：2022 年我国区块链市场融资一览表", 56, 5, ["时间", "公司名称", "轮次", "金额", "项目名称"]),
    (PDF, 1, "表 1-2 2022 年区块链专项政策", 12, 3, ["主体/ 省市", "时间", "名称"]),
    (PDF, 22, "附件 2：2022 年我国区块链市场融资一览表", 34, 5, ["时间", "公司名称", "轮次", "金额", "项目名称"]),
], ids=["txt-1-2", "txt-6-1", "txt-annex-2", "pdf-1-2", "pdf-annex-2"])
def test_first_part_of_a_table(name: str, number: int, caption: str, rows: int, columns: int, header: list[str]) -> None:
    doc = document(name)
    table = next(t for t in doc.model.tables() if t.table == number)
    assert (table.part, table.caption, table.caption_at, table.header_rows) == (0, caption, "above", 1)
    assert (table.row_count, table.column_count) == (rows, columns)
    assert [cell.text for cell in table.row(0)] == header


def test_markup_cell_keeps_its_written_span() -> None:
    """Line 1131 of the text writes ``<b>1715</b>``: the cell reads 1715, its span holds what the text writes."""
    doc = document(TEXT)
    table = next(t for t in doc.model.tables() if t.table == 19)
    cell = next(c for c in table.cells if c.text == "1715")
    assert doc.text[cell.start:cell.end] == "<b>1715</b>" and doc.line_of(cell.start) == 1131


@pytest.mark.parametrize(("name", "number", "pages"), [
    (PDF, 1, (6, 7)), (PDF, 9, (15, 16, 17)), (PDF, 25, (69, 70, 71, 72, 73, 74, 75)),
    ("fisco_platform_survey_2017", 1, (9, 10)), ("fisco_platform_survey_2017", 5, (35, 36, 37, 38, 39, 40)),
    ("cac_digital_china_2021", 1, (53, 54)),
], ids=["pdf-1-2", "pdf-1-10", "pdf-annex-5", "fisco-1", "fisco-5", "cac-1"])
def test_parts_over_pages_share_the_table_number(name: str, number: int, pages: tuple[int, ...]) -> None:
    parts = [t for t in document(name).model.tables() if t.table == number]
    assert tuple(t.pages[0] for t in parts) == pages
    assert [t.part for t in parts] == list(range(len(pages)))


def test_repeated_header_row_is_marked_and_not_written() -> None:
    """fisco 表1 repeats its header (术语 / 定义/解释) on page 10: the part marks it, the text leaves it out."""
    doc = document("fisco_platform_survey_2017")
    second = [t for t in doc.model.tables() if t.table == 1][1]
    assert second.header_rows == 1 and [c.text for c in second.row(0)] == ["术语", "定义/解释"]
    assert second.row_spans[0] == (-1, -1) and not any(c.written for c in second.row(0))
    assert doc.text[second.row_spans[1][0]:].startswith("\t的陈腐区块")


@pytest.mark.parametrize(("row", "col", "text", "origin"), [
    (1, 0, "算力规模", None), (2, 0, "算力规模", (1, 0)), (3, 0, "算力规模", (1, 0)),
    (4, 0, "算力环境", None), (5, 1, "网络环境", (4, 1)),
], ids=["first", "second", "third", "next-cell", "second-column"])
def test_vertically_merged_cell(row: int, col: int, text: str, origin: tuple[int, int] | None) -> None:
    """caict_computing_power_index_2021 表1: 一级指标 算力规模 merged over three rows; only its first row writes it."""
    doc = document("caict_computing_power_index_2021")
    [table] = doc.model.tables()
    cell = table.row(row)[col]
    assert (cell.text, cell.origin) == (text, origin)
    assert doc.text[cell.start:cell.end] == ("" if origin else text)


@pytest.mark.parametrize("name", (TEXT, PDF) + SHARED)
def test_blocks_are_ordered_and_disjoint(name: str) -> None:
    blocks = document(name).model.blocks
    assert all(a.end <= b.start for a, b in zip(blocks, blocks[1:]))
    assert all(b.start <= b.end for b in blocks)


@pytest.mark.parametrize("name", (TEXT, PDF) + SHARED)
def test_every_line_of_the_text_is_a_block_or_markup(name: str) -> None:
    doc = document(name)
    marked = bytearray(len(doc.text))
    for start, end in doc.model.markup:
        marked[start:end] = b"\x01" * (end - start)
    for block in doc.model.blocks:
        marked[block.start:block.end] = b"\x01" * (block.end - block.start)
    loose = [doc.line_of(i) for i, c in enumerate(doc.text) if not marked[i] and not c.isspace()
             and c not in "*<>/b"]
    assert not loose, loose[:5]


@pytest.mark.parametrize("name", (PDF,) + SHARED)
def test_written_cells_hold_their_text_and_lie_in_their_box(name: str) -> None:
    doc = document(name)
    for table in doc.model.tables():
        for cell in table.cells:
            if cell.written and cell.origin is None:
                assert doc.text[cell.start:cell.end] == " ".join(cell.text.split())
                assert table.start <= cell.start <= cell.end <= table.end
            assert cell.box is not None and table.box is not None
            assert table.box.x0 - 1 <= cell.box.x0 < cell.box.x1 <= table.box.x1 + 1


@pytest.mark.parametrize("name", (TEXT, PDF) + SHARED)
def test_pages_cover_the_text(name: str) -> None:
    doc = document(name)
    pages = doc.model.pages
    assert [p.start for p in pages] == list(doc.page_starts) and pages[-1].end == len(doc.text)
    assert [p.number for p in pages] == list(range(doc.first_page, doc.first_page + doc.pages))


def test_heading_marks_are_markup_not_content() -> None:
    doc = document(PDF)
    heading = block_on_line(doc, 13)
    assert doc.text[doc.text.rfind("\n", 0, heading.start) + 1:heading.start] == "## "  # type: ignore[attr-defined]
    assert any(start < heading.start <= end for start, end in doc.model.markup)  # type: ignore[attr-defined]


def test_paragraph_lines_over_a_page_break() -> None:
    """The paragraph 四是区块链监管开始注重平… runs from page 8 to page 9: its lines say so, with their boxes."""
    doc = document(PDF)
    block = next(b for b in doc.model.blocks if content(doc, b).startswith("四是区块链监管开始注重平"))
    assert isinstance(block, Paragraph) and block.pages == (8, 9)
    assert {line.page for line in block.lines} == {8, 9} and all(line.box and line.size for line in block.lines)
    assert "".join(doc.text[line.start:line.end] for line in block.lines) == content(doc, block)


def test_the_model_is_deterministic() -> None:
    assert read_document(path_of(PDF)).model == document(PDF).model


# The text stage reads kinds from the model: a TAB or a leading ``#`` inside a paragraph is content.
def _hand_made(text: str, blocks: tuple) -> RawDocument:
    model = DocumentModel((Page(1, 0, len(text)),), blocks)
    return RawDocument("d", "x.pdf", text, model=model)


def test_text_stage_takes_kinds_from_the_model() -> None:
    lines = ["1.1\t区块链概念 …… 1", "#1 号节点上线", "表 3 名单"]
    text = "\n\n".join(lines)
    spans = [(text.index(line), text.index(line) + len(line)) for line in lines]
    doc = _hand_made(text, (Paragraph(*spans[0], (1,), (Line(*spans[0], 1),)), Heading(*spans[1], (1,), (), 2),
                            Paragraph(*spans[2], (1,))))
    normalized, blocks = segment_blocks(doc)
    assert [(b.kind, b.level) for b in blocks] == [("prose", 0), ("heading", 2), ("prose", 0)]
    assert normalized.text.split("\n\n")[1] == "#1号节点上线"


def test_text_input_model_matches_its_markup() -> None:
    model = read_markup("## 二、现状\n\n表 2 名单\n\n数据来源：整理\n\n企业\t金额\n\n甲\t<b>5 亿</b>\n\n正文。")
    assert [type(b) for b in model.blocks] == [Heading, Caption, SourceNote, Table, Paragraph]
    table = model.blocks[3]
    assert isinstance(table, Table) and table.grid() == [["企业", "金额"], ["甲", "5 亿"]]
    assert table.caption == "表 2 名单" and table.row_count == 2


@pytest.mark.parametrize("name", (TEXT, PDF) + SHARED)
def test_captions_link_to_their_caption_block(name: str) -> None:
    doc = document(name)
    captioned = [t for t in doc.model.tables() if t.caption]
    assert captioned and all(t.caption_block >= 0 for t in captioned)
    for table in captioned:
        block = doc.model.blocks[table.caption_block]
        assert isinstance(block, (Caption, Heading)) and content(doc, block).strip() == table.caption


def test_credits_read_without_markup() -> None:
    """The text's credits ``**主任：**刘 权`` (line 25): blanking the markup keeps every offset."""
    doc = document(TEXT)
    plain = doc.model.unmarked(doc.text)
    assert len(plain) == len(doc.text) and plain.split("\n")[24] == "  主任：  刘 权"
