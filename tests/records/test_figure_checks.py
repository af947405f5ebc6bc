"""Which key figures are emitted (issue 19): metrics of real clauses of the shared PDFs and the first report."""
from __future__ import annotations

import pytest

from nlp.records.figure_checks import names_a_measure, repair_metric, tail_words

MEASURE_CASES = [
    ("区块链产业规模", True), ("司法解释数量", True), ("互联网普及率", True), ("5G手机总计出货量", True),
    ("高校主导的区块链实验室、创新中心、孵化基地数量", True), ("支持GASM、WASMER、WXVM、EVM数量", True),
    ("余", False), ("将", False), ("数量", False), ("", False),
    ("1项隐私保护数量", False), ("成员为来自20多个国家和地区数量", False), ("水利一张图汇总我国14.7万条河流、数量", False),
    ("比上年增长率", False), ("该法对数量", False), ("控制至少数量", False),
    ("加密后的数据进行数量", False),
]


@pytest.mark.parametrize("metric, expected", MEASURE_CASES, ids=[c[0] or "empty" for c in MEASURE_CASES])
def test_a_metric_names_what_is_measured(metric: str, expected: bool) -> None:
    assert names_a_measure(metric) is expected


REPAIR_CASES = [
    ("对参加《区块链技术创新典型企业名录》评选数量", "参加《区块链技术创新典型企业名录》评选数量"),
    ("研发投入在", "研发投入"),
    ("高校主导的区块链实验室、创新中心、孵化基地等数量", "高校主导的区块链实验室、创新中心、孵化基地数量"),
    ("、上海、北京数量", "上海、北京数量"),
    ("《法案》构建数量", "《法案》构建数量"),
    ("IPv6活跃用户数量", "IPv6活跃用户数量"),
]


@pytest.mark.parametrize("metric, expected", REPAIR_CASES, ids=[c[1] for c in REPAIR_CASES])
def test_function_words_at_the_metric_edges_go(metric: str, expected: str) -> None:
    assert repair_metric(metric) == expected


def test_a_long_metric_is_cut_at_a_word_boundary() -> None:
    assert tail_words("赛迪区块链研究院对参加评选数量", 9) == "对参加评选数量"


ORDINAL_CASES = [
    ("第二十三条", "依据《网络安全法》第二十三条规定", 0),
    ("十四次", "习近平总书记在主持十九届中央政治局第三十四次集体学习时", 0),
    ("76条", "《信息通信网络法》分为九章76条", 0),
    ("9.8万座", "汇总河流、水库9.8万座", 1),
]


@pytest.mark.parametrize("value, sentence, expected", ORDINAL_CASES, ids=[c[0] for c in ORDINAL_CASES])
def test_ordinals_and_article_counts_are_no_figures(value: str, sentence: str, expected: int) -> None:
    from nlp.api import extract
    figures = [f for f in extract(sentence).figures if f.value.text.replace(" ", "") == value]
    assert len(figures) == expected
