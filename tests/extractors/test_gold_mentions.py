"""The extraction of the whole report contains every gold STD, TITLE, DATE, MONEY, PERCENT and QUANTITY span with the
same label and raw offsets, and, for the value labels, the gold norm (tests/data/mentions_exact.tsv, made from the
gold). Known misses are strict xfails listed in tests/data/known_failures.tsv.
"""
from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from cases import known_failures, read_cases

from nlp.records.schema import Extraction
from nlp.records.serialize import value_dict

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
CORPUS_TEXT = (ROOT / "corpus" / "cn-blockchain-2022-2023.txt").read_text(encoding="utf-8")
DECIMAL_KEYS = ("value", "min", "max")


def line_starts(text: str) -> list[int]:
    """Document offset of the first character of each line (index 0 = line 1)."""
    starts, position = [], 0
    for line in text.split("\n"):
        starts.append(position)
        position += len(line) + 1
    return starts


LINE_STARTS = line_starts(CORPUS_TEXT)


def mention_params() -> list[object]:
    failing = known_failures()
    return [pytest.param(row, id=f"{row['id']}:{row['label']}:{row['text']}",
                         marks=[pytest.mark.xfail(reason=failing[row["id"]], strict=True)] if row["id"] in failing else [])
            for row in read_cases("mentions_exact.tsv")]


@pytest.fixture(scope="module")
def mention_index(corpus_extraction: Extraction) -> dict[tuple[int, int, str], dict[str, Any] | None]:
    """(raw_start, raw_end, label) → normalized value of every extracted mention."""
    return {(m.prov.raw_start, m.prov.raw_end, m.label): value_dict(m.value) for m in corpus_extraction.mentions}


def same_norm(gold: dict[str, Any], predicted: dict[str, Any] | None) -> bool:
    """Gold norm keys equal in the prediction; decimals compared as numbers."""
    if predicted is None:
        return False
    for key, expected in gold.items():
        got = predicted.get(key)
        if key in DECIMAL_KEYS and expected is not None and got is not None:
            if Decimal(expected) != Decimal(got):
                return False
        elif expected != got:
            return False
    return True


@pytest.mark.parametrize("case", mention_params())
def test_gold_span_is_extracted(case: dict[str, str], mention_index: dict[tuple[int, int, str], Any]) -> None:
    start = LINE_STARTS[int(case["line"]) - 1] + int(case["column"])
    end = start + len(case["text"])
    assert CORPUS_TEXT[start:end] == case["text"], "the case table does not match the corpus"
    key = (start, end, case["label"])
    assert key in mention_index, f"no {case['label']} mention at {start}:{end} ({case['text']!r})"
    if case["norm"]:
        assert same_norm(json.loads(case["norm"]), mention_index[key]), mention_index[key]
