"""The layout rules on flat records: ruled grids, paragraph joins, running headers/footers, settings.

Coordinates are those of the corpus PDF (A4, body text 11 pt from x=73.7 to about 513.7, line pitch 19.5).
"""
from __future__ import annotations

import pytest

from nlp.ingest.assemble import (Layout, Margins, OutLine, add_line, continues, find_furniture, reaches_right,
                                 render)
from nlp.ingest.layout import PageContent, Segment, TableBlock, TextLine, find_grids, join_pieces
from nlp.ingest.settings import DEFAULT_LAYOUT, LayoutSettings
from nlp.ingest.unruled import rule_bands

LEFT, RIGHT, BODY, PITCH = 73.7, 513.7, 11.0, 19.5
MARGINS = Margins(LEFT, RIGHT)
LAYOUT = Layout(BODY, PITCH, {0: MARGINS, 1: MARGINS}, {16.0: 2, 13.0: 3}, [], True)


def line(text: str, x0: float, top: float, x1: float, size: float = BODY) -> TextLine:
    return TextLine(text, x0, top, x1, top + size, size)


def body(kind: str, last: TextLine, page: int = 6) -> OutLine:
    return OutLine(kind, [(page, last.text)], last, page)


# (previous physical line, this line, same page?, joins?) — real lines of the corpus PDF.
JOIN_CASES = [
    (line("部委以身作则，加快区块链在交通、司法领域数字化建设，提升数字化服务水平。2022 年 5", LEFT, 107.5, 510.7),
     line("月，交通运输部发布《基于区块链的进口干散货进出港业务电子平台建设指南》，强调要推", LEFT, 127.0, 513.7), True, True),
    (line("进审判体系和审判能力现代化，创造更高水平的数字正义。", LEFT, 224.5, 359.7),
     line("另一方面，各地方政府一是细化区块链技术创新应用，深入推进区块链应用推广工作。", 95.7, 247.0, 513.7), True, False),
    (line("能制造等方面数字化升级，打造高效便捷数字化政府，构建数字经济创新发展标杆城市。", LEFT, 546.1, 502.7),
     line("二是区块链专项政策持续出台，扶持领域更加细化，专项资金力度加大。一方面，国家", 95.7, 88.0, 513.7), False, False),
    (line("年元宇宙概念火爆以来，我国国务院办公厅，主抓产业发展的工业和信息化部等部门在多个", LEFT, 168.5, 513.7),
     line("表 1-3 各地元宇宙专项政策", LEFT, 188.0, 359.1), True, False),
    (line("服务社会治理、防范化解风险、推动高质量发展等方面的作用，全面深化智慧法院建设，推", LEFT, 205.0, 513.7),
     line("（一）政策数量爆发增长，政策内容覆盖全面", LEFT, 224.5, 333.7), True, False),
    (line("服务社会治理、防范化解风险、推动高质量发展等方面的作用，全面深化智慧法院建设，推", LEFT, 700.0, 513.7),
     line("进审判体系和审判能力现代化，创造更高水平的数字正义。", LEFT, 88.0, 359.7), False, True),
    (line("服务社会治理、防范化解风险、推动高质量发展等方面的作用，全面深化智慧法院建设，推", LEFT, 205.0, 513.7),
     line("进审判体系和审判能力现代化，创造更高水平的数字正义。", LEFT, 270.0, 359.7), True, False),
]


@pytest.mark.parametrize("last,here,same_page,joins", JOIN_CASES, ids=[f"{c[1].text[:8]}-{c[3]}" for c in JOIN_CASES])
def test_paragraph_joins(last: TextLine, here: TextLine, same_page: bool, joins: bool) -> None:
    page = 6 if same_page else 7
    assert continues(body("body", last), here, page, not same_page, LAYOUT, DEFAULT_LAYOUT) is joins


# (x1 of the line, its text, paragraphs indented?, goes on?)
RIGHT_EDGE_CASES = [
    (513.7, "动在进口干散货运输中的应用，深入推进数据共享和业务协同。同月，最高人民法院发布《", True, True),
    (510.7, "部委以身作则，加快区块链在交通、司法领域数字化建设，提升数字化服务水平。2022 年 5", True, True),
    (480.0, "信息安全与通信保密杂志社等单位联合发布区块链安全技术规范及测评", True, True),
    (480.0, "有序发展，打造中国跨境贸易高质量品牌。", True, False),
    (513.7, "设、数字中国建设。区块链专项政策持续出台，扶持领域更加细化，专项资金力度加大。", False, False),
    (359.7, "进审判体系和审判能力现代化，创造更高水平的数字正义。", True, False),
    (505.2, "一、区块链安全发展现状..............................................1", True, False),
]


@pytest.mark.parametrize("x1,text,indents,goes_on", RIGHT_EDGE_CASES)
def test_reaches_right(x1: float, text: str, indents: bool, goes_on: bool) -> None:
    assert reaches_right(line(text, LEFT, 100.0, x1), MARGINS, DEFAULT_LAYOUT, indents) is goes_on


def test_centred_heading_wraps_join() -> None:
    first = line("（一）核心数据层创新多点纵深突破，链上链下协同存储与跨链互操作成为研究热", LEFT, 100.0, 470.0, 13.0)
    second = line("点", 280.0, 118.0, 293.0, 13.0)
    assert continues(body("heading", first), second, 6, False, LAYOUT, DEFAULT_LAYOUT)


JOIN_PIECES = [
    ("防范化解", "风险", "防范化解风险"),
    ("支持 RC4、RC5、AES、", "3DES、RSA", "支持 RC4、RC5、AES、3DES、RSA"),
    ("DB32/T", "4197-2022", "DB32/T 4197-2022"),
    ("Zion", "Market Research", "Zion Market Research"),
    ("《5G 智慧电台系统技术要", "求》", "《5G 智慧电台系统技术要求》"),
]


@pytest.mark.parametrize("left,right,joined", JOIN_PIECES)
def test_join_pieces(left: str, right: str, joined: str) -> None:
    assert join_pieces(left, right) == joined


def _box(x0: float, top: float, x1: float, bottom: float) -> list[Segment]:
    return [Segment(True, top, x0, x1), Segment(True, bottom, x0, x1), Segment(False, x0, top, bottom),
            Segment(False, x1, top, bottom)]


GRID_CASES = [
    ("three columns, two rows", _box(73.7, 100, 521.6, 140) + [Segment(False, 135.7, 100, 140), Segment(False, 170.8, 100, 140),
                                                             Segment(True, 120, 73.7, 521.6)], [(4, 3)]),
    ("rule drawn twice", _box(73.7, 100, 521.6, 140) + [Segment(False, 300.0, 100, 140), Segment(False, 300.6, 100, 140)],
     [(3, 2)]),
    ("figure placeholder box", _box(118.5, 285.0, 476.8, 421.1), []),
    ("double rule under a running header", [Segment(True, 69.5, 73.7, 521.6), Segment(True, 71.7, 73.7, 521.6)], []),
    ("two tables", _box(73.7, 100, 300, 140) + [Segment(False, 150, 100, 140)]
     + _box(73.7, 400, 300, 440) + [Segment(False, 200, 400, 440)], [(3, 2), (3, 2)]),
]


@pytest.mark.parametrize("name,segments,shapes", GRID_CASES, ids=[c[0] for c in GRID_CASES])
def test_find_grids(name: str, segments: list[Segment], shapes: list[tuple[int, int]]) -> None:
    assert [(len(g.xs), len(g.ys)) for g in find_grids(segments)] == shapes


def _page(number: int, *texts: tuple[str, float]) -> PageContent:
    content = PageContent(number, 595.3, 841.9)
    content.items = [line(text, 228.9 if top < 80 else LEFT, top, 366.4, 9.0 if top < 80 or top > 780 else BODY)
                     for text, top in texts]
    return content


def test_running_header_and_page_numbers_are_found() -> None:
    pages = [_page(n, ("2022-2023 中国区块链年度发展报告", 57.9), (f"正文第 {n} 页的内容。", 88.0), (f"- {n} -", 795.7))
             for n in range(2, 8)]
    furniture, removed = find_furniture(pages, DEFAULT_LAYOUT)
    assert furniture == {(n, i) for n in range(2, 8) for i in (0, 2)}
    assert removed == [{"text": "2022-2023 中国区块链年度发展报告", "where": "top", "pages": 6},
                       {"text": "<page numbers>", "where": "margin", "pages": 6}]


def test_a_heading_on_two_pages_is_not_a_running_header() -> None:
    others = ["二、我国区块链产业发展现状", "三、我国区块链技术发展现状", "四、我国区块链行业应用现状",
              "五、我国区块链标准规范建设现状", "六、我国区块链企业发展现状", "七、我国区块链发展面临的问题",
              "八、促进我国区块链健康发展的建议", "附件 1：2022 年国家及各部委区块链相关政策一览表"]
    texts = ["一、我国区块链发展总体情况"] * 2 + others
    pages = [_page(n, (text, 57.9)) for n, text in enumerate(texts, 2)]
    furniture, _ = find_furniture(pages, DEFAULT_LAYOUT)
    assert furniture == set()


def test_render_page_starts_and_table_rows() -> None:
    out = [OutLine("body", [(1, "防范化解"), (2, "风险，推动高质量发展。")]),
           OutLine("row", [(2, "南平市\t2022.11\t《通知》")]), OutLine("row", [(3, "常州市\t2022.11\t《方案》")])]
    text, starts = render(out, [1, 2, 3, 4])
    assert text == "防范化解风险，推动高质量发展。\n\n南平市\t2022.11\t《通知》\n常州市\t2022.11\t《方案》\n"
    assert starts == (0, 4, text.index("常州市"), len(text))


def test_table_block_columns() -> None:
    assert TableBlock((("市级", "时间", "元宇宙专项政策"),), 73.7, 390.0, 521.6, 760.0).columns == 3


@pytest.mark.parametrize("option,value", [("margin_band", 1.5), ("cid_fraction", -0.1), ("repeat_min_pages", "3")])
def test_settings_are_validated(option: str, value: object) -> None:
    with pytest.raises(ValueError, match=option):
        LayoutSettings(**{option: value})


def test_footnotes_between_the_parts_of_a_paragraph_move_before_it() -> None:
    end_of_page = line("服务社会治理、防范化解风险、推动高质量发展等方面的作用，全面深化智慧法院建设，推", LEFT, 700.0, 513.7)
    footnote = line("1 数据来源：赛迪区块链研究院整理", LEFT, 745.0, 208.7, 6.0)
    out = [body("body", end_of_page, 5), OutLine("other", [(5, footnote.text)], footnote, 5)]
    add_line(out, line("进审判体系和审判能力现代化，创造更高水平的数字正义。", LEFT, 88.0, 359.7), 6, True, LAYOUT, DEFAULT_LAYOUT)
    assert [o.kind for o in out] == ["other", "body"]
    assert out[1].pieces[-1] == (6, "进审判体系和审判能力现代化，创造更高水平的数字正义。")


BAND_CASES = [
    ("three rules of one width", [Segment(True, y, 72, 530) for y in (127, 147, 203)], [(72, 127, 530, 203)]),
    ("two rules only", [Segment(True, y, 72, 530) for y in (127, 203)], []),
    ("rules of different widths", [Segment(True, 127, 72, 530), Segment(True, 147, 72, 300), Segment(True, 203, 72, 530)], []),
    ("double rule under a running header", [Segment(True, 69.5, 73.7, 521.6), Segment(True, 71.7, 73.7, 521.6)], []),
]


@pytest.mark.parametrize("name,segments,bands", BAND_CASES, ids=[c[0] for c in BAND_CASES])
def test_rule_bands(name: str, segments: list[Segment], bands: list[tuple[float, float, float, float]]) -> None:
    assert rule_bands(segments, [], 595.3, 2.0) == bands
