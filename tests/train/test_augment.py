"""Mention replacement (nlp/train/augment.py) on lines of the report: names move, contexts and other spans stay,
offsets follow, and the draw depends only on the seed."""
from __future__ import annotations

import pytest

from nlp.train.augment import Augment, name_pool, replace_mentions, replaced
from nlp.train.data import GoldLine, GoldSpan


def gold(text: str, *spans: tuple[str, str]) -> GoldLine:
    """A train line of section 一 with the spans found left to right."""
    out, col = [], 0
    for name, label in spans:
        start = text.index(name, col)
        out.append(GoldSpan(start, start + len(name), label))
        col = start + len(name)
    return GoldLine(1, text, "train", "一", tuple(out))


POLICY = gold("2022年8月\t中国银保监会\t《关于银行业保险业支持城市建设和治理的指导意见》",
              ("2022年8月", "DATE"), ("中国银保监会", "ORG"), ("《关于银行业保险业支持城市建设和治理的指导意见》", "TITLE"))
PROSE = gold("北京邮电大学区块链实验室联合蚂蚁链在青岛崂山区建设平台。",
             ("北京邮电大学区块链实验室", "ORG"), ("蚂蚁链", "PRODUCT"), ("青岛", "LOC"), ("崂山区", "LOC"))


def spans_text(line: GoldLine) -> list[tuple[str, str]]:
    return [(line.text[s.start:s.end], s.label) for s in line.spans]


@pytest.mark.parametrize("line, choose, text, spans", [
    (POLICY, {1: "国家发展改革委"}, "2022年8月\t国家发展改革委\t《关于银行业保险业支持城市建设和治理的指导意见》",
     [("2022年8月", "DATE"), ("国家发展改革委", "ORG"), ("《关于银行业保险业支持城市建设和治理的指导意见》", "TITLE")]),
    (PROSE, {0: "中国信通院", 3: "虹口区"}, "中国信通院联合蚂蚁链在青岛虹口区建设平台。",
     [("中国信通院", "ORG"), ("蚂蚁链", "PRODUCT"), ("青岛", "LOC"), ("虹口区", "LOC")]),
    (PROSE, {}, PROSE.text, spans_text(PROSE)),
])
def test_replaced_moves_the_names_and_keeps_the_rest(line: GoldLine, choose: dict[int, str], text: str,
                                                     spans: list[tuple[str, str]]) -> None:
    new = replaced(line, choose)
    assert new.text == text
    assert spans_text(new) == spans


def test_names_are_drawn_from_the_lines_trained_on_only() -> None:
    assert name_pool([POLICY, PROSE]) == {"LOC": ["崂山区", "青岛"], "ORG": ["中国银保监会", "北京邮电大学区块链实验室"],
                                          "PER": [], "PRODUCT": ["蚂蚁链"]}
    for copy in replace_mentions([POLICY, PROSE], Augment(copies=3, rate=1.0), seed=0):
        for name, label in spans_text(copy):
            assert label not in ("ORG", "LOC") or name in name_pool([POLICY, PROSE])[label]


@pytest.mark.parametrize("augment, seed", [(Augment(copies=2, rate=0.5), 0), (Augment(copies=1, rate=1.0), 7)])
def test_the_copies_depend_only_on_the_seed(augment: Augment, seed: int) -> None:
    first = replace_mentions([POLICY, PROSE], augment, seed)
    assert first == replace_mentions([POLICY, PROSE], augment, seed)
    assert all(copy.text not in (POLICY.text, PROSE.text) for copy in first)


def test_no_copies_without_a_name_to_swap() -> None:
    date_only = gold("截至 2022 年底", ("截至 2022 年底", "DATE"))
    assert replace_mentions([date_only], Augment(copies=2, rate=1.0), seed=0) == []
    assert replace_mentions([POLICY, PROSE], Augment(copies=0), seed=0) == []
