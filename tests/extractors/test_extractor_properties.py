"""Property-based tests of the extractors: arbitrary Unicode, and text made of pieces of real report lines, never
makes an extractor or the pipeline raise; every span lies inside its text, ``text[start:end]`` is the span's text,
and values keep their invariants.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.api import extract
from nlp.errors import CnreportError
from nlp.extractors.base import Sentence, create
from nlp.records.schema import Amount, DateValue

CORPUS_LINES = [line for line in (Path(__file__).resolve().parents[2] / "corpus" / "cn-blockchain-2022-2023.txt")
                .read_text(encoding="utf-8").split("\n") if line.strip()]
REPORT_CHARS = "0123456789 年月日万亿元%％约超近余多以上下家项个级数几《》“”、，。；\t-—/+T/GBQISO区块链联盟研究院公司"
SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

line_pieces = st.tuples(st.sampled_from(CORPUS_LINES), st.integers(0, 200), st.integers(1, 80)).map(
    lambda t: t[0][t[1]:t[1] + t[2]])
sentence_text = st.one_of(st.text(max_size=60), st.text(alphabet=REPORT_CHARS, max_size=60),
                          st.lists(line_pieces, min_size=1, max_size=3).map("".join))
RULE_EXTRACTORS = ["regex.rules.v1", "gazetteer.rules.v1", "org_suffix.rules.v1", "credits.rules.v1"]


def check_value(value: object) -> None:
    """Invariants of a normalized value."""
    if isinstance(value, DateValue):
        assert date.fromisoformat(value.start) <= date.fromisoformat(value.end)
    elif isinstance(value, Amount):
        if value.value is not None:
            assert value.lower is None or value.lower <= value.value
            assert value.upper is None or value.value <= value.upper
        if value.lower is not None and value.upper is not None:
            assert value.lower <= value.upper


@pytest.mark.parametrize("name", RULE_EXTRACTORS)
@SETTINGS
@given(text=sentence_text)
def test_rule_extractor_spans_lie_inside_the_sentence(name: str, text: str) -> None:
    extractor = create(name)
    for span in extractor(Sentence(0, 0, len(text), text, "prose")):
        assert 0 <= span.start < span.end <= len(text)
        assert span.label in extractor.labels
        check_value(span.value)


@settings(max_examples=60, deadline=None, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=sentence_text.filter(lambda t: t.strip() != ""))
def test_pipeline_mentions_are_raw_substrings(text: str) -> None:
    """The whole pipeline on arbitrary text: each mention's raw span holds its text, values keep invariants.
    Text that is not text (control characters) is refused with a coded one-line error, never a traceback."""
    try:
        extraction = extract(text)
    except CnreportError as error:
        assert re.match(r"^\[E\d{3}\] ", error.message) and "\n" not in error.message
        return
    raw = text[1:] if text.startswith("\ufeff") else text
    for mention in extraction.mentions:
        p = mention.prov
        assert 0 <= p.raw_start < p.raw_end <= len(raw)
        assert raw[p.raw_start:p.raw_end] == mention.text
        check_value(mention.value)
