"""Property-based tests of the normalizers: arbitrary Unicode, and text biased towards the report's number, date,
unit and qualifier characters, never raises, and every value keeps its invariants (min ≤ value ≤ max, start ≤ end,
ISO strings that parse). ``normalize`` of an unreadable expression gives null fields and a reason.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nlp.api import normalize
from nlp.normalizers.amounts import parse_amount
from nlp.normalizers.dates import parse_date
from nlp.normalizers.numbers import parse_chinese, parse_number, plain

#: Characters of the report's dates, amounts and qualifiers (GUIDELINES section 2), with full-width forms.
REPORT_CHARS = ("0123456789０１２３４５６７８９.,-—–~～/+ 年月日号份度季上下半底末初中截至止以来今去明同当"
                "零〇一二两三四五六七八九十百千万亿数几余多超逾近约为左右以上下不足元人民币美欧港%％个家项级及首期共")
PIECES = ("2022", "2022 年", "5 月", "16 日", "年底", "上半年", "截至", "以来", "十四五", "二零二三年四月", "约", "超", "近",
          "余", "多", "以上", "及以下", "67", "3.08", "1,200", "亿元", "万", "千万级", "数千万", "人民币", "美元", "%", "家",
          "项", "+", "-", "—", "100 万-500 万", "十万级")
SETTINGS = settings(max_examples=200, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow])

report_text = st.one_of(
    st.text(alphabet=REPORT_CHARS, max_size=24),
    st.lists(st.sampled_from(PIECES), max_size=6).map("".join),
)
any_text = st.one_of(st.text(max_size=40), report_text)
GRANULARITIES = {"day", "week", "month", "quarter", "half", "year", "period"}
DATE_QUALIFIERS = {None, "asof", "since", "relative"}
AMOUNT_QUALIFIERS = {"exact", "approx", "over", "under", "vague", "range"}


@SETTINGS
@given(text=any_text, year=st.integers(min_value=1900, max_value=2100))
def test_parse_date_never_raises_and_keeps_invariants(text: str, year: int) -> None:
    value = parse_date(text, year)
    if value is None:
        return
    start, end = date.fromisoformat(value.start), date.fromisoformat(value.end)
    assert start <= end
    assert value.granularity in GRANULARITIES
    assert value.qualifier in DATE_QUALIFIERS
    assert value.text == text


@SETTINGS
@given(text=any_text, hint=st.sampled_from([None, "money", "percent", "quantity"]))
def test_parse_amount_never_raises_and_keeps_bounds_in_order(text: str, hint: str | None) -> None:
    value = parse_amount(text, kind_hint=hint)
    if value is None:
        return
    assert value.kind in {"money", "percent", "quantity"}
    assert value.qualifier in AMOUNT_QUALIFIERS
    assert value.text == text
    if value.lower is not None and value.value is not None:
        assert value.lower <= value.value
    if value.upper is not None and value.value is not None:
        assert value.value <= value.upper
    if value.lower is not None and value.upper is not None:
        assert value.lower <= value.upper
    if value.qualifier == "exact":
        assert value.lower == value.value == value.upper
    if value.kind == "money":
        assert value.currency


@SETTINGS
@given(text=any_text)
def test_number_parsers_never_raise(text: str) -> None:
    for parsed in (parse_number(text), parse_chinese(text)):
        assert parsed is None or isinstance(parsed, Decimal)
        assert plain(parsed) is None or Decimal(plain(parsed)) == parsed  # type: ignore[arg-type]


@SETTINGS
@given(texts=st.lists(any_text, min_size=1, max_size=3), kind=st.sampled_from(["date", "amount"]))
def test_normalize_gives_null_fields_and_a_reason_when_unreadable(texts: list[str], kind: str) -> None:
    rows = normalize(texts, kind)
    assert [row["text"] for row in rows] == texts
    for row in rows:
        if "reason" in row:
            assert row["reason"]
            assert all(v is None for k, v in row.items() if k not in ("text", "reason"))
        elif kind == "date":
            assert row["start"] <= row["end"]
        else:
            assert row["kind"] in {"money", "percent", "quantity"}
