"""Text normalization on real lines of corpus/cn-blockchain-2022-2023.txt: the offset map round trip, full/half
width and the spaces a PDF puts next to CJK characters, line rejoining, sentences and table-cell spaces.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.ingest.textfile import text_document
from nlp.segment.sentences import split_sentences
from nlp.text.blocks import segment_blocks
from nlp.text.normalize import mention_text, normalize_text, tidy_cell_spaces

CORPUS_LINES = (Path(__file__).resolve().parents[2] / "corpus" / "cn-blockchain-2022-2023.txt").read_text(
    encoding="utf-8").split("\n")
FULLWIDTH = str.maketrans("0123456789.%", "０１２３４５６７８９．％")


def line(number: int) -> str:
    """A line of the report, 1-based."""
    return CORPUS_LINES[number - 1]


# (line, normalized text of a piece, the raw text it maps back to)
ROUND_TRIPS = [
    (25, "主任：刘权", "主任：**刘 权"),
    (25, "刘权", "刘 权"),
    (119, "2022年5月", "2022 年 5 月"),
    (263, "2022年3月", "2022 年 3 月"),
    (263, "T/CESA 1190-2022", "T/CESA 1190-2022"),
    (263, "《工业区块链身份鉴别技术要求》", "《工业区块链 身份鉴别技术要求》"),
    (517, "约67亿元", "约 67 亿元"),
    (517, "3.08%", "3.08%"),
    (517, "从2020年的50亿元增长至2022年的67亿元", "从 2020 年的 50 亿元增长至 2022 年的 67 亿元"),
    (128, "交通运输部", "交通运 输部"),
    (1256, "中共中央/国务院", "中共中央 /国务院"),
    (1334, "Pre-B轮", "Pre-B 轮"),
    (1334, "数千万人民币", "数千万人民币"),
]


@pytest.mark.parametrize(("number", "normalized", "raw"), ROUND_TRIPS)
def test_normalized_piece_maps_back_to_its_raw_text(number: int, normalized: str, raw: str) -> None:
    text = normalize_text(line(number))
    start = text.text.index(normalized)
    raw_start, raw_end = text.raw_span(start, start + len(normalized))
    assert line(number)[raw_start:raw_end] == raw


@pytest.mark.parametrize("number", [25, 119, 128, 263, 517, 1256, 1334, 1417, 1566])
def test_every_normalized_character_comes_from_its_raw_character(number: int) -> None:
    raw = line(number)
    text = normalize_text(raw)
    assert len(text.to_raw) == len(text.text)
    assert list(text.to_raw) == sorted(set(text.to_raw)), "the map must be strictly increasing"
    for index, char in enumerate(text.text):
        source = raw[text.to_raw[index]]
        assert source == char or normalize_text(source).text == char, (index, source, char)


@pytest.mark.parametrize(("number", "piece"), [(119, "2022 年 5 月"), (517, "约 67 亿元"), (517, "3.08%")])
def test_fullwidth_digits_normalize_like_halfwidth(number: int, piece: str) -> None:
    """The same real line with full-width digits (as some PDFs write them) gives the same text and raw spans."""
    wide = line(number).replace(piece, piece.translate(FULLWIDTH))
    narrow_text, wide_text = normalize_text(line(number)), normalize_text(wide)
    assert wide_text.text == narrow_text.text
    compact = normalize_text(piece).text
    start = wide_text.text.index(compact)
    raw_start, raw_end = wide_text.raw_span(start, start + len(compact))
    assert wide[raw_start:raw_end] == piece.translate(FULLWIDTH)


def _document(first: int, last: int):  # type: ignore[no-untyped-def]
    text = "\n".join(CORPUS_LINES[first - 1:last])
    return text_document(text.encode("utf-8"), "excerpt.txt")


def test_broken_prose_line_rejoins_防范化解_风险() -> None:
    """Lines 119 and 121 (a blank line between) are one paragraph: 防范化解 + 风险 joined, offsets still home."""
    doc = _document(119, 121)
    text, blocks = segment_blocks(doc)
    assert [b.kind for b in blocks] == ["prose"]
    start = text.text.index("防范化解风险")
    raw_start, raw_end = text.raw_span(start, start + len("防范化解风险"))
    assert doc.text[raw_start:raw_end] == "防范化解\n\n风险"
    assert blocks[0].line == 1


@pytest.mark.parametrize(("first", "last", "kinds"), [
    (125, 128, ["caption", "table_row", "table_row"]),
    (3, 3, ["heading"]),
    (517, 517, ["prose"]),
])
def test_block_kinds_of_real_lines(first: int, last: int, kinds: list[str]) -> None:
    _, blocks = segment_blocks(_document(first, last))
    assert [b.kind for b in blocks][-len(kinds):] == kinds


@pytest.mark.parametrize(("number", "count", "first_end"), [
    (517, 3, "同比去年增长3.08%。"),
    (119, 4, "提升数字化服务水平。"),
])
def test_sentences_of_a_real_paragraph(number: int, count: int, first_end: str) -> None:
    doc = _document(number, number)
    text, blocks = segment_blocks(doc)
    sentences = split_sentences(text.text, blocks, 2022)
    assert len(sentences) >= count
    assert any(s.text.endswith(first_end) for s in sentences)
    for sentence in sentences:
        assert text.text[sentence.start:sentence.end] == sentence.text


# (real cell text, tidied as the gold writes it, keep spaces of a title)
CELLS = [
    ("交通运 输部", "交通运输部", False),
    ("中共中央 /国务院", "中共中央/国务院", False),
    ("Pre-B 轮", "Pre-B 轮", False),
    ("商务部等 27 部门", "商务部等 27 部门", False),
    ("区块链服务网络 BSN", "区块链服务网络 BSN", False),
    ("NewLink 能链集团 / 车主邦", "NewLink 能链集团 / 车主邦", False),
    ("2022 年 3 月", "2022 年 3 月", False),
    ("《工业区块链 身份鉴别技术要求》", "《工业区块链 身份鉴别技术要求》", True),
    ("民政部、 国家乡村振兴局", "民政部、国家乡村振兴局", False),
]


@pytest.mark.parametrize(("raw", "expected", "title"), CELLS)
def test_table_cell_spaces_follow_the_gold_convention(raw: str, expected: str, title: bool) -> None:
    assert tidy_cell_spaces(raw, keep_between_cjk=title) == expected


# Record texts of real spans of the shared PDFs (letter-spaced lines, lines the PDF broke inside a word) and the
# first report: CJK spacing and line breaks go, Latin/digit spacing and a standard title's spacing stay.
MENTION_TEXT_CASES = [
    ("中国 移 动", "ORG", "中国移动"),
    ("天 津 市 人 民政府", "ORG", "天津市人民政府"),
    ("区 块 链 服 务 网 络", "PRODUCT", "区块链服务网络"),
    ("中 国 信 息 通 信 研 究 院", "ORG", "中国信息通信研究院"),
    ("腾\n\n讯", "ORG", "腾讯"),
    ("国浩律师事务\n\n所", "ORG", "国浩律师事务所"),
    ("《行 政机关 计 算 机处理 的 个 人信息保护法》", "TITLE", "《行政机关计算机处理的个人信息保护法》"),
    ("刘 权", "PER", "刘权"),
    ("FISCO BCOS", "PRODUCT", "FISCO BCOS"),
    ("区块链服务网络 BSN", "PRODUCT", "区块链服务网络 BSN"),
    ("《信息技术 区块链和分布式记账技术 存证应用指南》", "STD", "《信息技术 区块链和分布式记账技术 存证应用指南》"),
]


@pytest.mark.parametrize("raw, label, expected", MENTION_TEXT_CASES, ids=[c[2] for c in MENTION_TEXT_CASES])
def test_record_text_of_a_raw_span_has_no_pdf_spacing(raw: str, label: str, expected: str) -> None:
    assert mention_text(raw, label) == expected
