"""Content alignment (nlp/scoring/align.py): folding, matching blocks, and predicted spans mapped onto gold
offsets, on short real lines of the first report typeset as its text file and as its PDF gives them."""
from __future__ import annotations

import pytest

from nlp.scoring.align import Alignment, fold

# (id, raw text, folded)
FOLD_CASES = [
    ("pdf-space-in-name", "财政部办公 厅", "财政部办公厅"),
    ("full-width-digits", "２０２２ 年 ５ 月", "2022年5月"),
    ("full-width-brackets", "（国家发展改革委）", "(国家发展改革委)"),
    ("ideographic-space", "中国\u3000移动", "中国移动"),
    ("percent-sign", "3.08％", "3.08%"),
    ("latin-keeps-letters", "Hyperledger Fabric", "HyperledgerFabric"),
]


@pytest.mark.parametrize(("raw", "folded"), [c[1:] for c in FOLD_CASES], ids=[c[0] for c in FOLD_CASES])
def test_align_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


GOLD_LINE = "2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。\n交通运输部 2022.5 《基于区块链的进口干散货进出港业务电子平台建设指南》\n"
PDF_TEXT = "2022年我国区块链产业规 模约67亿元， 同比增长3.08％。交通运输部\n2022.5\n《基于区块链的进口干散货进出港业务电子平台\n建设指南》"

# (id, predicted span text as it reads in PDF_TEXT, gold text it must land on, or None: no exact image)
SPAN_CASES = [
    ("money-spaced-differently", "67亿元", "67 亿元"),
    ("percent-full-width", "3.08％", "3.08%"),
    ("space-inside-pdf-word", "区块链产业规 模", "区块链产业规模"),
    ("org-before-line-break", "交通运输部", "交通运输部"),
    ("title-over-two-pdf-lines", "《基于区块链的进口干散货进出港业务电子平台\n建设指南》",
     "《基于区块链的进口干散货进出港业务电子平台建设指南》"),
    ("date-alone-on-a-line", "2022.5", "2022.5"),
]


@pytest.fixture(scope="module")
def alignment() -> Alignment:
    return Alignment.of(PDF_TEXT, GOLD_LINE)


@pytest.mark.parametrize(("pred", "gold"), [c[1:] for c in SPAN_CASES], ids=[c[0] for c in SPAN_CASES])
def test_align_span_lands_on_gold_text(alignment: Alignment, pred: str, gold: str) -> None:
    start = PDF_TEXT.index(pred)
    mapped = alignment.span(start, start + len(pred))
    assert mapped is not None
    assert GOLD_LINE[mapped[0]:mapped[1]] == gold


# (id, predicted text, gold text): spans whose characters differ from the gold's have no exact image
NO_IMAGE_CASES = [
    ("changed-characters", "2022年我国区块链产业规 模约67亿元", "2022年我国区块链行业规模约67亿元"),
]


@pytest.mark.parametrize(("pred", "gold"), [c[1:] for c in NO_IMAGE_CASES], ids=[c[0] for c in NO_IMAGE_CASES])
def test_align_span_without_image_is_none(pred: str, gold: str) -> None:
    al = Alignment.of(pred, gold)
    start = pred.index("产业")
    assert al.span(start, start + 2) is None


def test_align_identical_texts_are_the_identity() -> None:
    al = Alignment.of(GOLD_LINE, GOLD_LINE)
    assert al.identical and al.span(3, 9) == (3, 9) and al.offset(12) == 12
