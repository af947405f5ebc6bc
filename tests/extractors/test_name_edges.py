"""Names that hold up on a new report (issue 14): a name's edges never hold an unbalanced bracket, and a NER
"product" that ends like an office is an organization. Cases are short real lines of the issue and of real PDFs
without gold (cac_digital_china_2021, miit_blockchain_tech_app_2016, baidu_blockchain_whitepaper_2018)."""
from __future__ import annotations

import pytest

from nlp.extractors.base import Span
from nlp.extractors.components import product_heads
from nlp.extractors.name_edges import balanced_edges, office_by_head

# (id, text, span text as found, label, name it becomes or None)
EDGE_CASES = [
    ("leading-open-bracket", "（国家发展改革委牵头", "（国家发展改革委", "ORG", "国家发展改革委"),
    ("trailing-close-bracket", "（郑州、河南）", "河南）", "LOC", "河南"),
    ("trailing-open-bracket", "数字中国发展报告（2021年）", "数字中国发展报告（", "PRODUCT", "数字中国发展报告"),
    ("latin-trailing-close", "（ISO/IEC JTC1）", "IEC JTC1）", "ORG", "IEC JTC1"),
    ("balanced-alias-kept", "优旅区块链技术（宁波）有限公司成立", "优旅区块链技术（宁波）有限公司", "ORG", "优旅区块链技术（宁波）有限公司"),
    ("quoted-name-kept", "“桂链”上线", "“桂链”", "PRODUCT", "“桂链”"),
    ("bracket-only-dropped", "（）", "（", "ORG", None),
    ("dates-untouched", "（2021年）", "2021年）", "DATE", "2021年）"),
]


@pytest.mark.parametrize(("text", "found", "label", "name"), [c[1:] for c in EDGE_CASES], ids=[c[0] for c in EDGE_CASES])
def test_name_edges_balanced(text: str, found: str, label: str, name: str | None) -> None:
    start = text.index(found)
    span = balanced_edges(text, Span(start, start + len(found), label, "ner"))
    assert (text[span.start:span.end] if span else None) == name


# (id, text, NER product name, label after)
OFFICE_CASES = [
    ("provincial-office", "浙江省人民政府办公厅印发", "浙江省人民政府办公厅", "ORG"),
    ("exchange", "上海数据交易所挂牌", "上海数据交易所", "ORG"),
    ("branch-bureau", "南通银监分局指导", "南通银监分局", "ORG"),
    ("chain-stays-product", "百度超级链发布", "百度超级链", "PRODUCT"),
    ("platform-stays-product", "昆明市区块链公共服务平台上线", "昆明市区块链公共服务平台", "PRODUCT"),
]


@pytest.mark.parametrize(("text", "name", "label"), [c[1:] for c in OFFICE_CASES], ids=[c[0] for c in OFFICE_CASES])
def test_name_edges_office_head_is_org(text: str, name: str, label: str) -> None:
    start = text.index(name)
    assert office_by_head(text, Span(start, start + len(name), "PRODUCT", "ner"), product_heads()).label == label


# (id, NER name, offsets of its clause words, dropped as a clause)
CLAUSE_CASES = [
    ("province-does-verb", "江苏立足制造业基础", {2, 3}, True),
    ("city-adverb-verb", "北京大力打造全球数字经济标杆城市", {2, 3, 4, 5}, True),
    ("department-head-si", "工业和信息化部信息化和软件服务业司", {2, 10}, False),
    ("federation-head", "中国网络社会组织联合会", {8, 9}, False),
    ("platform-head", "百度会学区块链平台", {4}, False),
]


@pytest.mark.parametrize(("name", "clause", "dropped"), [c[1:] for c in CLAUSE_CASES], ids=[c[0] for c in CLAUSE_CASES])
def test_name_edges_headless_clause(name: str, clause: set[int], dropped: bool) -> None:
    from nlp.extractors.name_edges import headless_clause
    assert headless_clause(name, Span(0, len(name), "ORG", "ner"), frozenset(clause), product_heads()) is dropped
