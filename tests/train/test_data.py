"""Reading the training data: sections, ORG types, and aligning gold spans to jieba tokens."""
from __future__ import annotations

from pathlib import Path

import pytest

from nlp.errors import GoldError
from nlp.train.data import GoldLine, GoldSpan, heading_section, read_gold_lines, read_org_types
from nlp.train.ner import AlignmentReport, reference_doc

HEADING_CASES = [
    ("## 一、我国区块链发展总体情况", "一"),
    ("#### **四、我国区块链行业应用现状**", "四"),
    ("附件 1：2022 年国家及各部委区块链相关政策一览表", "附件1"),
    ("## 附件 5：我国区块链产业联盟一览表", "附件5"),
    ("### （一）产业链上中下游持续拓展", None),
    ("2022 年是我国区块链应用更加深入融合各行各业的一年", None),
]

#: (line text, gold span, alignment) → the entity text in the reference doc ("" = none, tokens left missing)
ALIGN_CASES = [
    ("主体已有近 5000 个，其中以", (4, 12, "QUANTITY"), "expand", "已有近 5000 个"),
    ("主体已有近 5000 个，其中以", (4, 12, "QUANTITY"), "contract", "5000 个"),
    ("主体已有近 5000 个，其中以", (4, 12, "QUANTITY"), "missing", ""),
    ("2022 年 5 月，最高人民法院发布", (11, 17, "ORG"), "expand", "最高人民法院"),
]


@pytest.mark.parametrize("text, expected", HEADING_CASES)
def test_data_heading_section(text: str, expected: str | None) -> None:
    assert heading_section(text) == expected


def test_data_sections_follow_headings(tiny_annotations: Path) -> None:
    sections = {g.line: g.section for g in read_gold_lines(tiny_annotations)}
    assert (sections[17], sections[575], sections[890], sections[1014], sections[1488]) == \
        ("front", "一", "四", "五", "附件5")


def test_data_org_types_take_split_of_line(tiny_annotations: Path) -> None:
    items = read_org_types(tiny_annotations, read_gold_lines(tiny_annotations))
    assert {(i.text, i.split) for i in items} >= {("央行", "test"), ("国家发改委", "train")}


def test_data_org_types_reject_unknown_type(tmp_path: Path) -> None:
    (tmp_path / "classes").mkdir()
    (tmp_path / "classes" / "org_types.csv").write_text("name,type\n工信部,ministry\n", encoding="utf-8")
    with pytest.raises(GoldError, match=r"^\[E012\] .*org_types.csv:2.*unknown type 'ministry'"):
        read_org_types(tmp_path, [])


@pytest.mark.parametrize("text, span, alignment, expected", ALIGN_CASES)
def test_data_alignment_of_gold_spans(text: str, span: tuple[int, int, str], alignment: str, expected: str) -> None:
    from nlp.segment.tokenizer import blank_pipeline
    nlp = blank_pipeline()
    line = GoldLine(1, text, "train", "front", (GoldSpan(*span),))
    report = AlignmentReport()
    doc = reference_doc(nlp, line, (span[2],), alignment, report)
    assert [e.text for e in doc.ents] == ([expected] if expected else [])
