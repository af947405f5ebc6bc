"""Key figures (metric, value, qualifier, period) of real sentences of the report: tests/data/key_figures.tsv."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path

import pytest

from nlp.api import extract

CASES = Path(__file__).resolve().parents[1] / "data" / "key_figures.tsv"


def cases() -> list[dict[str, str]]:
    lines = [line for line in CASES.read_text(encoding="utf-8").splitlines() if not line.startswith("#")]
    return list(csv.DictReader(lines, delimiter="\t"))


def params() -> list[object]:
    """Each case, a known failure (its ``known_failure`` reason) as a strict xfail (issue 18: no test pins a
    metric the gold disagrees with)."""
    return [pytest.param(c, id=f"L{c['line']}:{c['metric']}:{c['value']}",
                         marks=[pytest.mark.xfail(strict=True, reason=c["known_failure"])] if c["known_failure"] else [])
            for c in cases()]


@pytest.mark.parametrize("case", params())
def test_key_figure_of_real_sentence(case: dict[str, str]) -> None:
    figures = extract(case["sentence"]).figures
    same_value = [f for f in figures if Decimal(str(f.value.value)) == Decimal(case["value"])]
    assert same_value, f"no figure with value {case['value']} in {[(f.metric, f.value.value) for f in figures]}"
    assert any(f.metric == case["metric"] for f in same_value), [f.metric for f in same_value]
    figure = next(f for f in same_value if f.metric == case["metric"])
    assert figure.value.qualifier == case["qualifier"]
    assert (figure.period.start if figure.period else "") == case["period_start"]
