"""Term-list features of the jieba tokens (nlp/segment/features.py), on runs of the report."""
from __future__ import annotations

import pytest

from nlp.segment.tokenizer import blank_pipeline


@pytest.fixture(scope="module")
def featured():  # type: ignore[no-untyped-def]
    return blank_pipeline(features=True)


def features_of(nlp, text: str) -> dict[str, tuple[str, str]]:  # type: ignore[no-untyped-def]
    return {t.text: (str(t.morph), t.lemma_) for t in nlp(text)}


@pytest.mark.parametrize(("text", "word", "morph", "last"), [
    ("根据赛迪区块链研究院统计", "赛迪区块链研究院", "Head=research_institute", "院"),  # line 100: a word ending with a head
    ("根据赛迪区块链研究院统计", "根据", "Stop=Yes", "据"),                     # line 100: a stop word
    ("蚂蚁链和中国信通院联合立项", "蚂蚁链", "Gaz=PRODUCT_B", "链"),            # line 200: a known product
    ("北京电力交易中心有限公司联合国网数字科技控股有限公司", "北京", "Gaz=LOC_B", "京"),  # line 202: a place
    ("北京电力交易中心有限公司联合国网数字科技控股有限公司", "有限公司", "Head=enterprise", "司"),
    ("北京电力交易中心有限公司联合国网数字科技控股有限公司", "电力", "", "力"),   # no feature fires
])
def test_token_features(featured, text: str, word: str, morph: str, last: str) -> None:  # type: ignore[no-untyped-def]
    assert features_of(featured, text)[word] == (morph, last)


def test_a_gazetteer_name_over_several_tokens_is_tagged_begin_then_inside(featured) -> None:  # type: ignore[no-untyped-def]
    doc = featured("由中国信息通信研究院牵头")
    tags = [str(t.morph).split("|")[0] for t in doc if str(t.morph).startswith("Gaz=")]
    assert tags[0] == "Gaz=ORG_B" and set(tags[1:]) == {"Gaz=ORG_I"} and len(tags) > 1


def test_features_are_off_by_default_and_leave_the_words_unchanged(featured) -> None:  # type: ignore[no-untyped-def]
    text = "北京电力交易中心有限公司联合国网数字科技控股有限公司"
    plain = blank_pipeline()(text)
    assert all(not str(t.morph) and not t.lemma_ for t in plain)
    assert [t.text for t in plain] == [t.text for t in featured(text)]
