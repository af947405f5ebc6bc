"""The normalizers reproduce every distinct gold norm of the report (tests/data/normalize_*.tsv, made from the gold).

A row of ``tests/data/known_failures.tsv`` marks a case ``xfail(strict=True)``: fixing it fails the test until the
row is removed. Dates are normalized with the report's reference year (2022); amounts with the kind of their gold
label as the hint, as the regex extractor does.
"""
from __future__ import annotations

import csv
import sys
from pathlib import Path

import pytest
from cases import known_failures, read_cases

from nlp.normalizers.amounts import parse_amount
from nlp.normalizers.dates import parse_date
from nlp.normalizers.numbers import plain

DATA = Path(__file__).resolve().parents[1] / "data"
REFERENCE_YEAR = 2022


def cases(name: str) -> list[object]:
    """pytest params of a case table, known failures marked strict xfail."""
    failing = known_failures()
    return [pytest.param(row, id=f"{row['id']}:{row['text']}",
                         marks=[pytest.mark.xfail(reason=failing[row["id"]], strict=True)] if row["id"] in failing else [])
            for row in read_cases(name)]


@pytest.mark.parametrize("case", cases("normalize_dates.tsv"))
def test_date_norm_matches_gold(case: dict[str, str]) -> None:
    value = parse_date(case["text"], REFERENCE_YEAR)
    assert value is not None, f"{case['text']!r} is not read as a date"
    got = {"start": value.start, "end": value.end, "granularity": value.granularity, "qualifier": value.qualifier or ""}
    assert got == {k: case[k] for k in ("start", "end", "granularity", "qualifier")}


@pytest.mark.parametrize("case", cases("normalize_amounts.tsv"))
def test_amount_norm_matches_gold(case: dict[str, str]) -> None:
    value = parse_amount(case["text"], kind_hint=case["kind"])
    assert value is not None, f"{case['text']!r} is not read as an amount"
    got = {"kind": value.kind, "value": plain(value.value) or "", "min": plain(value.lower) or "",
           "max": plain(value.upper) or "", "qualifier": value.qualifier,
           "currency": (value.currency or "") if value.kind == "money" else "",
           "unit": (value.unit or "") if value.kind == "quantity" else ""}
    assert got == {k: case[k] for k in got}


def test_case_tables_are_up_to_date_with_the_gold() -> None:
    """Regenerating the case tables from annotations/ in memory gives the committed bytes."""
    sys.path.insert(0, str(DATA))
    try:
        import make_cases
    finally:
        sys.path.remove(str(DATA))
    for name, text in make_cases.build_all().items():
        assert (DATA / name).read_text(encoding="utf-8") == text, f"tests/data/{name} is stale: run make_cases.py"


def test_known_failures_name_existing_cases() -> None:
    """Every known failure names a case of some table (a stale id would silently hide nothing)."""
    ids = {row["id"] for name in ("normalize_dates.tsv", "normalize_amounts.tsv", "mentions_exact.tsv",
                                  "extract_amount_lines.tsv", "normalize_money_forms.tsv", "normalize_context.tsv",
                                  "normalize_date_forms.tsv", "normalize_numbers.tsv", "normalize_rejects.tsv")
           for row in read_cases(name)}
    table_ids = {f.name for f in DATA.glob("*.tsv")}
    unknown = [case for case in known_failures() if case not in ids and not case.startswith("r-")]
    assert not unknown and table_ids
