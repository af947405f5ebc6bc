"""The forms of written Chinese the normalizers read (issue 15) and amounts read in context (issue 19).

Each table of ``tests/data/`` holds hand-written cases, from the forms the issues list and from short lines of the
``corpus-real`` reports (the ``source`` column names them; none from the two held-out reports):
``normalize_numbers.tsv`` (numerals), ``normalize_money_forms.tsv`` (money, percent and quantity with bounds),
``normalize_date_forms.tsv`` (dates, reference year 2022), ``normalize_rejects.tsv`` (what is no date or amount),
``normalize_context.tsv`` (a bare 万/亿 number: money or a count from the words around it).
A row of ``tests/data/known_failures.tsv`` marks a case strict ``xfail``.
"""
from __future__ import annotations

import pytest
from cases import known_failures, read_cases

from nlp.api import normalize
from nlp.extractors.base import Sentence
from nlp.extractors.rules.regex_rules import RegexRules
from nlp.normalizers.amounts import parse_amount, read_amount
from nlp.normalizers.dates import parse_date
from nlp.normalizers.numbers import parse_number, plain

REFERENCE_YEAR = 2022


def params(name: str) -> list[object]:
    failing = known_failures()
    return [pytest.param(row, id=f"{row['id']}:{row['text']}",
                         marks=[pytest.mark.xfail(reason=failing[row["id"]], strict=True)] if row["id"] in failing else [])
            for row in read_cases(name)]


@pytest.mark.parametrize("case", params("normalize_numbers.tsv"))
def test_numeral(case: dict[str, str]) -> None:
    assert plain(parse_number(case["text"])) == case["value"]


@pytest.mark.parametrize("case", params("normalize_money_forms.tsv"))
def test_amount_form(case: dict[str, str]) -> None:
    value = parse_amount(case["text"])
    assert value is not None, f"{case['text']!r} is not read as an amount"
    got = {"kind": value.kind, "value": plain(value.value) or "", "min": plain(value.lower) or "",
           "max": plain(value.upper) or "", "currency": value.currency or "", "unit": value.unit or "",
           "qualifier": value.qualifier}
    assert got == {k: case[k] for k in got}


@pytest.mark.parametrize("case", params("normalize_date_forms.tsv"))
def test_date_form(case: dict[str, str]) -> None:
    value = parse_date(case["text"], REFERENCE_YEAR)
    assert value is not None, f"{case['text']!r} is not read as a date"
    got = {"start": value.start, "end": value.end, "granularity": value.granularity, "qualifier": value.qualifier or ""}
    assert got == {k: case[k] for k in got}


@pytest.mark.parametrize("case", params("normalize_rejects.tsv"))
def test_reject_gives_null_fields_and_a_reason(case: dict[str, str]) -> None:
    row = normalize([case["text"]], case["kind"])[0]
    assert row["reason"] and all(v is None for k, v in row.items() if k not in ("text", "reason")), row


@pytest.mark.parametrize("case", params("normalize_context.tsv"))
def test_bare_amount_read_from_its_context(case: dict[str, str]) -> None:
    value = read_amount(case["text"], case["before"].replace("\\t", "\t"), after=case["after"].replace("\\t", "\t"))
    assert value is not None
    assert (value.kind, plain(value.value), value.currency or "") == (case["kind"], case["value"], case["currency"])


CONSISTENT = [row for row in read_cases("normalize_context.tsv") if row["before"] and "\\t" not in row["before"]]


@pytest.mark.parametrize("case", [pytest.param(row, id=f"{row['id']}:{row['text']}") for row in CONSISTENT])
def test_extract_types_money_as_normalize_does(case: dict[str, str]) -> None:
    """``extract`` makes a MONEY mention of the bare amount exactly when ``normalize`` reads money (issue 19)."""
    text = (case["before"] + case["text"] + case["after"]).replace(" ", "")
    bare = case["text"].replace(" ", "")
    spans = RegexRules()(Sentence(0, 0, len(text), text, "prose"))
    money = {text[s.start:s.end] for s in spans if s.label == "MONEY"}
    row = normalize([case["text"]], "amount", context=case["before"], after=case["after"])[0]
    assert (row["kind"] == "money") == any(bare in m for m in money), (money, row)


@pytest.mark.parametrize("expression", ["5 亿", "数亿", "6.08 亿", "数千万"])
def test_normalize_reads_a_bare_magnitude_as_a_count_without_context(expression: str) -> None:
    row = normalize([expression], "amount")[0]
    assert row["kind"] == "quantity" and row["currency"] is None and "reason" not in row


@pytest.mark.parametrize("case", params("extract_amount_lines.tsv"))
def test_extract_reads_bounds_and_ranges_of_real_lines(case: dict[str, str]) -> None:
    """Real report lines through the regex rules (issue 19): one mention per range, the qualifier the words say,
    and no MONEY for a count (qualifier ``none``: no MONEY mention at all)."""
    from nlp.text.normalize import normalize_text
    text = normalize_text(case["line"]).text
    spans = [s for s in RegexRules()(Sentence(0, 0, len(text), text, "prose")) if s.label == case["label"]]
    if case["qualifier"] == "none":
        assert not spans, [text[s.start:s.end] for s in spans]
        return
    longest = min(spans, key=lambda s: (s.start, s.start - s.end))  # the first mention, at its longest
    got = (text[longest.start:longest.end].replace(" ", ""), plain(longest.value.lower) or "",
           plain(longest.value.upper) or "", longest.value.qualifier)
    assert got == (case["text"], case["min"], case["max"], case["qualifier"])
