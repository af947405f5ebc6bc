"""Pieces of the HTML report without a browser: the error's span marked at its offsets in its sentence (not at the
first occurrence of its text), the per-label tables' rows without gold.

The mark cases are error rows of an evaluation of corpus/cn-blockchain-2022-2023.txt (``cnreport evaluate``, the
systems cnreport and jieba_posseg) where the span's text occurs earlier in its sentence than the span, or where the
span's raw text differs from the mention's clean text: the old highlighter marked another place or none.
"""
from __future__ import annotations

import re
from typing import Any

import pytest

from nlp.scoring.html_errors import mark_error
from nlp.scoring.html_parts import esc
from nlp.scoring.html_tables import prf_table

# (id, outcome, text, context, context_start, span start, span end)
MARK_CASES = [
    ("district-after-city", "fn", "市北区",
     "青岛市市北区区块链产业发展年度专项基金\t2017.7\t未披露\t青岛市北区人民政府\t完善和健全区块链发展的金融资本支持政策,"
     "广泛吸引风险投资、产业投资等各类金融资源到市北区集聚", 51263, 51345, 51348),
    ("district-in-issuer-column", "fn", "下城区",
     "下城区区块链产 业创投基金\t2020.9\t10 亿元\t杭州市下城区\t促进下城区区块链产业发展,培 育区块链产业集群,打造高质 量、高层次、"
     "高效能的区块链产 业生态系统", 52648, 52684, 52687),
    ("alliance-word-in-description", "fp", "联盟",
     "中国高科技产业化研究会区块链产业联盟\t2017年5月\t联盟是中国高科技产业化研究会的分支机构，是肩负自主创新，服务“数字中国”"
     "建设的重任；", 57075, 57102, 57104),
    ("second-of-three-china", "fp", "中国",
     "中国高科技产业化研究会区块链产业联盟\t2017年5月\t联盟是中国高科技产业化研究会的分支机构，是肩负自主创新，服务“数字中国”"
     "建设的重任；", 57075, 57105, 57107),
    ("name-repeated-in-description", "fn", "重庆市区块链应用创新产业联盟",
     "重庆市区块链应用创新产业联盟\t2020年4月\t重庆市区块链应用创新产业联盟旨在聚合区块链产业势能，整合区块链产业公共资源，"
     "促进区块链产业要素流通，服务区域经济发展。", 60761, 60784, 60798),
    ("second-encryption", "fp", "加密",
     "使用 AES 时，在没有经过加密的密钥，传输时易被截获的缺点，又解决了单独使用 ECC 时，非对称加密的速度慢、加密效率低的问题。",
     26546, 26602, 26604),
    ("raw-span-with-pdf-space", "fp", "中华国际科学交流基金会",
     "区块链创新发展 专项公益基金\t2020.8\t未公布\t由中华国际科 学交流基金会 发起成立\t支持区块链技术及跨学科发展的 国际国内交流合作;",
     52508, 52535, 52547),
    ("span-past-the-line-end", "fp", "蚂蚁集团", "如由蚂蚁", 24774 + 358, 25134, 25140),
]


def _item(outcome: str, text: str, context: str, base: int, start: int, end: int) -> dict[str, Any]:
    side = {"start": start, "end": end, "label": "ORG", "text": text, "value": None}
    return {"kind": "mention", "outcome": outcome, "text": text, "context": context, "context_start": base,
            "gold": None if outcome == "fp" else side, "pred": side if outcome == "fp" else None}


@pytest.mark.parametrize(("outcome", "text", "context", "base", "start", "end"), [c[1:] for c in MARK_CASES],
                         ids=[c[0] for c in MARK_CASES])
def test_the_mark_sits_at_the_span_offsets(outcome: str, text: str, context: str, base: int, start: int,
                                           end: int) -> None:
    html = mark_error(_item(outcome, text, context, base, start, end))
    found = re.fullmatch(r'(.*)<mark data-start="(\d+)" data-end="(\d+)">(.*)</mark>(.*)', html, re.S)
    assert found is not None, html
    left, right = start - base, min(end - base, len(context))
    assert (int(found[2]), int(found[3])) == (start, end)
    assert (found[1], found[4], found[5]) == (esc(context[:left]), esc(context[left:right]), esc(context[right:]))


@pytest.mark.parametrize(("outcome", "text", "context", "base", "start", "end"), [c[1:] for c in MARK_CASES[:6]],
                         ids=[c[0] for c in MARK_CASES[:6]])
def test_the_first_occurrence_of_the_text_is_elsewhere(outcome: str, text: str, context: str, base: int, start: int,
                                                       end: int) -> None:
    """What the cases are for: the old highlighter (first occurrence) would have marked another place."""
    assert context.find(text) != start - base and context[start - base:end - base] == text


# (id, context, text, marked): rows and figures have no offsets: marked only where their text occurs once
NO_OFFSET_CASES = [
    ("once", "上海酒类区块链联盟\t2018年6月", "上海酒类区块链联盟", "<mark>上海酒类区块链联盟</mark>\t2018年6月"),
    ("twice-unmarked", "重庆市区块链应用创新产业联盟\t2020年4月\t重庆市区块链应用创新产业联盟旨在", "重庆市区块链应用创新产业联盟",
     "重庆市区块链应用创新产业联盟\t2020年4月\t重庆市区块链应用创新产业联盟旨在"),
    ("absent-unmarked", "803 | 100 | 家", "赛迪", "803 | 100 | 家"),
]


@pytest.mark.parametrize(("context", "text", "marked"), [c[1:] for c in NO_OFFSET_CASES],
                         ids=[c[0] for c in NO_OFFSET_CASES])
def test_an_item_without_offsets_is_marked_only_where_unambiguous(context: str, text: str, marked: str) -> None:
    item = {"kind": "record", "outcome": "fn", "text": text, "context": context, "context_start": 0,
            "gold": {"title": text}, "pred": None}
    assert mark_error(item) == marked


def test_rows_without_gold_are_named_not_scored() -> None:
    """The record kinds of the test split: standards scored; policies without gold nor prediction; cases without
    gold but predicted (a fp row: P 0, R undefined) named with what was predicted."""
    none = {"tp": 0, "fp": 0, "fn": 0, "precision": None, "recall": None, "f1": None}
    scores = {"cnreport": {"standards": {"tp": 27, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0},
                           "policies": none, "cases": {**none, "fp": 3, "precision": 0.0}},
              "rules_only": {"standards": {"tp": 26, "fp": 1, "fn": 1, "precision": 0.963, "recall": 0.963,
                                           "f1": 0.963}, "policies": none, "cases": none}}
    html = prf_table("kinds", "kind", ["standards", "policies", "cases"], scores, what="record kinds")
    table, _, nogold = html.partition("</table>")
    assert 'data-row="standards"' in table and 'data-row="policies"' not in table and 'data-row="cases"' not in table
    assert '<li data-row="policies"><b>policies</b>: no gold, not scored (predicted: none)</li>' in nogold
    assert '<li data-row="cases"><b>cases</b>: no gold, not scored (predicted: cnreport 3)</li>' in nogold
