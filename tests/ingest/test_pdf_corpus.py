"""The corpus PDF (typeset from the seed text by corpus/make_pdf.py) read back into the seed text's shape.

The PDF is ingested once per module. Lines are compared whole, after dropping markdown heading marks.
"""
from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from nlp.ingest import read_document
from nlp.ingest.document import RawDocument

CORPUS = Path(__file__).resolve().parents[2] / "corpus"
PDF = CORPUS / "cn-blockchain-2022-2023.pdf"
TITLE = "2022-2023 中国区块链年度发展报告"

# Whole lines of the ingested text: headings, captions, paragraphs rejoined (also across page breaks), table
# rows with cells that wrapped inside their ruled box, rows of tables continued on the next page.
WHOLE_LINES = [
    "前 言",
    "一、我国区块链发展总体情况",
    "（一）政策数量爆发增长，政策内容覆盖全面",
    "（四）产业规模稳步增长，助力数字经济稳健发展",
    "指导单位：（排名不分先后）",
    "中国电子信息产业发展研究院",
    "北京奇虎 360 科技有限公司",
    "表 1-3 各地元宇宙专项政策",
    "图 1-1 2020 年—2022 年国家及各部委区块链相关政策数量",
    "图 1-8 2019 年—2022 年我国区块链企业新增数量（家）",
    "数据来源：赛迪区块链研究院整理",
    "附件 1：2022 年国家及各部委区块链相关政策一览表",
    "另一方面，各地方政府持续强化区块链在数字经济与实体经济融合、公共服务治理、保障改善民生、金融科技服务等重点方向应用场景布局和探索。"
    "据不完全统计，包括北京、上海、成都、重庆、西安、青岛、昆明、无锡、赣州、湖州等在内一二三线城市发布的区块链相关政策已超 1200 项，"
    "旨在以区块链技术为基础，加快政务服务、社会治理、智慧城市、智能制造等方面数字化升级，打造高效便捷数字化政府，构建数字经济创新发展标杆城市。",
    "主体/ 省市\t时间\t名称",
    "交通运 输部\t2022.5\t《基于区块链的进口干散货进出港业务电子平台建设指南》",
    "长沙市\t2022.1\t《长沙经济技术开发区（湖南自由贸易试验区长沙片区长沙经开区区块）区块链产业发展规划（2022-2026）》",
    "南平市\t2022.11\t《关于组织开展2022年南平市区块链专项资金申报工作的通知》",
    "\t2022.8\t《北京城市副中心元宇宙创新发展行动计划（2022—2024年）》",
    "1\tDB32/T 4197-2022\t《区块链信息系统通用测试规范》\t2022 年 1 月\t"
    "江苏省电子信息产品质量监督检验研究院(江苏省信息安全测评中心)、苏州市同济区块链研究院有限公司等",
    "4\tDB43/T 2366-2022\t《5G 智慧电台系统技术要求》\t2022 年 7 月\t"
    "国家广播电视总局广播电视规划院、湖南广播电视台广播传媒中心、5G 高新视频多场景应用国家广播电视总局重点实验室等",
    "10\tDB11/T 2047-2022\t《目录区块链技术规范》\t2022年12月\t北京市经济和信息化局、北京市大数据中心、中国科学院计算技术研究所"
    "北京航空航天大学、北京工业大学、中国科学院自动化研究所、北京微芯区块链与边缘计算研究院华为技术有限公司等",
    "29\tT/GDFCA 039—2022\t《基于区块链技术食品追溯系统的性能效率测试标准》\t2022 年 12 月",
    "2022-12-6\t星卖(大连)网络技术有限公司\tA 轮\t800 万美元\t星卖",
    "国家发展改革委等九部门\t2022.1\t《关于推动平台经济规范健康持续发展的若干意见》",
    "中国银保监会、商务部\t2022.8\t《关于开展铁路运输单证金融服务试点更好支持跨境贸易发展的通知》",
    "苏州区块链引导基金\t2017.12\t10 亿元\t苏州高铁新城管委会\t向社会开放首批 15 个区块链应用场景,联合同济大学打造产业聚集的高地“链谷”",
    "汉中\t“元宇宙藏品馆”数字艺术 产业园区\t元宇宙藏品馆一直致力于区块链产业与实体经济的连动，通过全新的商务模式带给消费者极致的体验。",
    "广东\t388\t22.6%\t吉林\t9\t0.5%",
    "12\t浙江大学互联网金融研究院区块链工作室",
    "5\tQ/440100GFZQ0002-2022\t《广发证券区块链电子证据应用标准》\t2022年8月",
    "2022-1-7\t上海聚啊信息技术有限公司\tA 轮\t数千万人民币\t众企安链",
]

# Pieces of paragraphs that the page break cut in the PDF: (text before the break, text after it, page after).
PAGE_BREAK_JOINS = [
    ("提出鼓励银行保险机", "构合理应用区块链等新兴技术", 9),
    ("如《信息技术 区块", "链和分布式记账技术 物流追踪服", 10),
    ("支持 RC4、RC5、AES、", "3DES、RSA、MD5", 35),
]

# (text, page) of lines whose page the offsets must give.
PAGES_OF = [
    ("前 言", 2),
    ("表 1-2 2022 年区块链专项政策", 6),
    ("表 1-3 各地元宇宙专项政策", 7),
    ("南平市\t2022.11", 7),
    ("附件 1：2022 年国家及各部委区块链相关政策一览表", 59),
]

HEADER_ROWS = [
    "序号\t标准编号\t标准名称\t发布日期\t主要编制单位",
    "市级\t时间\t元宇宙专项政策",
    "主体/ 省市\t时间\t名称",
]

FURNITURE = [re.compile(r"^- \d+ -$"), re.compile(r"^\d{1,2}$"), re.compile("^" + re.escape(TITLE) + "$")]


@pytest.fixture(scope="module")
def corpus_doc() -> RawDocument:
    return read_document(PDF)


@pytest.fixture(scope="module")
def plain_lines(corpus_doc: RawDocument) -> list[str]:
    return [re.sub(r"^#+ ", "", line) for line in corpus_doc.text.split("\n")]


@pytest.mark.parametrize("line", WHOLE_LINES, ids=[line[:24] for line in WHOLE_LINES])
def test_line_is_whole(plain_lines: list[str], line: str) -> None:
    assert line in plain_lines


@pytest.mark.parametrize("before,after,page", PAGE_BREAK_JOINS)
def test_paragraph_rejoined_across_page_break(corpus_doc: RawDocument, before: str, after: str, page: int) -> None:
    offset = corpus_doc.text.index(before + after)
    assert corpus_doc.page_of(offset) == page - 1
    assert corpus_doc.page_of(offset + len(before)) == page


@pytest.mark.parametrize("text,page", PAGES_OF)
def test_page_of_offsets(corpus_doc: RawDocument, text: str, page: int) -> None:
    assert corpus_doc.page_of(corpus_doc.text.index(text)) == page


@pytest.mark.parametrize("row", HEADER_ROWS)
def test_repeated_header_rows_are_dropped(plain_lines: list[str], row: str) -> None:
    assert plain_lines.count(row) == 1


@pytest.mark.parametrize("pattern", FURNITURE, ids=["page number", "bare number", "running header"])
def test_running_headers_and_page_numbers_are_gone(corpus_doc: RawDocument, pattern: re.Pattern[str]) -> None:
    assert not [line for line in corpus_doc.text.split("\n") if pattern.match(line)]


def test_document_facts(corpus_doc: RawDocument) -> None:
    assert corpus_doc.title == TITLE
    assert corpus_doc.pages == 75
    assert corpus_doc.text.startswith("# " + TITLE + "\n")
    assert "(cid:" not in corpus_doc.text
    removed = {entry["text"]: entry["pages"] for entry in corpus_doc.meta["removed_lines"]}
    assert removed == {TITLE: 74, "<page numbers>": 74}
    assert corpus_doc.meta["repeated_table_headers_dropped"] >= 20


def test_heading_marks_follow_the_seed(plain_lines: list[str], corpus_doc: RawDocument) -> None:
    marks = Counter(line.split(" ", 1)[0] for line in corpus_doc.text.split("\n") if line.startswith("#"))
    assert marks == {"#": 1, "##": 9, "###": 42}  # title, 前言 + 八 chapters, the 42 （N） sections of the seed


def test_ingest_is_deterministic() -> None:
    first, second = read_document(PDF, pages=(9, 12)), read_document(PDF, pages=(9, 12))
    assert (first.text, first.page_starts, first.meta) == (second.text, second.page_starts, second.meta)


def test_page_range_keeps_physical_page_numbers() -> None:
    doc = read_document(PDF, pages=(7, 8))
    assert doc.pages == 2
    assert doc.page_of(0) == 7
    assert doc.page_of(doc.text.index("厦门市\t2022.3")) == 8
    assert "市级\t时间\t元宇宙专项政策" in doc.text.split("\n")
