"""Tests of the gold agreement figures (``annotations/tools/agreement.py``, GUIDELINES section 8).

The committed ``annotations/agreement.json`` (frozen first pass vs second pass: the honest figure) and
``annotations/agreement-adjudicated.json`` (current part files vs second pass) must be what the tool
makes now; ``annotations/README.md`` must show the tables they give; every disagreement must carry a
decision, and the decisions marked ``fixed`` must be in the gold.  Matching and kappa are checked on
real lines of the report (and kappa against scikit-learn).
"""
from __future__ import annotations

import doctest
import json
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "annotations" / "tools"))

import agreement  # noqa: E402
import build_gold  # noqa: E402

README_PATH = ROOT / "annotations" / "README.md"
COMMITTED = json.loads(agreement.OUT_PATH.read_text(encoding="utf-8"))
HONEST = agreement.agreement(adjudicated=False)
ADJUDICATED = agreement.agreement(adjudicated=True)
DECISIONS = agreement.read_adjudication()
SAMPLE = agreement.the_sample()
MIN_MICRO_STRICT_F1 = 0.80

L = agreement.LineSpan

# (line, first-pass span, second-pass span, kind) — real spans of the report, one side changed.
KIND_CASES = [
    (983, L(983, 0, 1, "PRODUCT", "台"), None, "first_only"),
    (1117, None, L(1117, 0, 2, "LOC", "北京"), "second_only"),
    (1117, L(1117, 0, 2, "LOC", "北京"), L(1117, 0, 2, "ORG", "北京"), "label"),
    (1296, L(1296, 0, 6, "ORG", "国家发改 委"), L(1296, 0, 4, "ORG", "国家发改"), "boundary"),
    (1351, L(1351, 30, 36, "MONEY", "千万级人民币"), L(1351, 30, 33, "QUANTITY", "千万级"), "boundary+label"),
]

# (first norm, second norm, differing keys) — norms written for real spans.
NORM_CASES = [
    ({"value": "0.5", "min": "0.5", "max": "0.5", "qualifier": "exact"},  # 1526 上海市场 50%甚至更多
     {"value": "0.5", "min": "0.5", "max": None, "qualifier": "over"}, ["max", "qualifier"]),
    ({"value": "0.0308", "min": "0.0308", "max": "0.0308", "qualifier": "exact"},  # 517 3.08%
     {"value": "0.03080", "min": "0.0308", "max": "0.0308", "qualifier": "exact"}, []),
    ({"start": "2021-01-01", "end": "2021-01-31", "granularity": "month", "qualifier": None},  # 907 2021 年初
     {"start": "2021-01-01", "end": "2021-12-31", "granularity": "year", "qualifier": None}, ["end", "granularity"]),
]


def decision_id(d: dict[str, Any]) -> str:
    return f"L{d['line']}:{d['kind']}:{d.get('first') or d.get('second')}"


def fixed_line_numbers() -> set[int]:
    return {d["line"] for d in DECISIONS if d.get("fixed")}


def current_part_rows() -> dict[int, build_gold.PartRow]:
    return {row.line: row for row in build_gold.read_parts(build_gold.part_paths()) if row.line in set(SAMPLE)}


def frozen_rows() -> dict[int, build_gold.PartRow]:
    return {row.line: row for row in build_gold.read_part(agreement.FROZEN_FIRST_PATH)}


# --- the committed figures ------------------------------------------------------------------------


@pytest.mark.parametrize("adjudicated,path", [(False, agreement.OUT_PATH), (True, agreement.ADJUDICATED_OUT_PATH)],
                         ids=["honest", "adjudicated"])
def test_agreement_json_is_regenerated(adjudicated, path):
    result = HONEST if adjudicated is False else ADJUDICATED
    assert path.read_text(encoding="utf-8") == agreement.dumps(result), f"rerun agreement.py for {path.name}"


@pytest.mark.parametrize("label", list(COMMITTED["labels"]))
def test_agreement_per_label_f1_matches_committed_json(label):
    assert HONEST["labels"][label]["strict"]["f1"] == COMMITTED["labels"][label]["strict"]["f1"]
    assert HONEST["labels"][label]["overlap"]["f1"] == COMMITTED["labels"][label]["overlap"]["f1"]


def test_agreement_micro_strict_f1_is_at_least_080():
    assert COMMITTED["micro"]["strict"]["f1"] >= MIN_MICRO_STRICT_F1


def test_agreement_covers_the_whole_sample():
    assert COMMITTED["lines"] == len(SAMPLE) == 102


@pytest.mark.parametrize("name", ["agreement.json", "agreement-adjudicated.json"])
def test_agreement_readme_shows_the_generated_tables(name):
    result = json.loads((ROOT / "annotations" / name).read_text(encoding="utf-8"))
    readme = README_PATH.read_text(encoding="utf-8")
    assert agreement.markdown_agreement(result) in readme
    assert agreement.markdown_disagreements(result) in readme


def test_agreement_check_mode_passes():
    assert agreement.main(["--check"]) == 0


# --- adjudication ---------------------------------------------------------------------------------


@pytest.mark.parametrize("item", COMMITTED["disagreements"], ids=lambda d: f"L{d['line']}:{d['kind']}")
def test_agreement_every_disagreement_is_adjudicated(item):
    assert item["adjudication"] is not None and item["adjudication"]["reason"]


@pytest.mark.parametrize("decision", DECISIONS, ids=decision_id)
def test_agreement_decision_is_reflected_in_the_gold(decision):
    key = agreement.adjudication_key(decision["line"], decision["kind"], decision.get("first"), decision.get("second"))
    still = {agreement.adjudication_key(d["line"], d["kind"], (d["first"] or {}).get("text"),
                                        (d["second"] or {}).get("text")) for d in ADJUDICATED["disagreements"]}
    if decision["decision"] == "second":
        assert decision["fixed"] and key not in still, "the second pass was right: the gold must follow it"
    elif decision["decision"] == "first":
        assert not decision["fixed"] and key in still, "the first pass was right: the gold must not change"


@pytest.mark.parametrize("line", SAMPLE)
def test_agreement_frozen_first_pass_equals_parts_except_fixed_lines(line):
    frozen, current = frozen_rows()[line], current_part_rows()[line]
    if line not in fixed_line_numbers():
        assert frozen.spans == current.spans
    else:
        assert frozen.spans != current.spans


# --- matching, values and kappa on real lines -----------------------------------------------------


@pytest.mark.parametrize("line,first,second,kind", KIND_CASES, ids=[c[3] for c in KIND_CASES])
def test_agreement_disagreement_kind(line, first, second, kind):
    items = agreement.line_disagreements(line, [first] if first else [], [second] if second else [])
    assert [d["kind"] for d in items] == [kind]


@pytest.mark.parametrize("first,second,keys", NORM_CASES, ids=["1526-over", "517-decimal", "907-month"])
def test_agreement_norm_mismatches(first, second, keys):
    assert agreement.norm_mismatches(first, second) == keys


@pytest.mark.parametrize("line,first,second", [
    (1117, [L(1117, 0, 2, "LOC", "北京"), L(1117, 7, 12, "PERCENT", "21.3%")], [L(1117, 0, 2, "LOC", "北京")]),
    (983, [L(983, 0, 1, "PRODUCT", "台")], []),
], ids=["1117", "983"])
def test_agreement_char_kappa_matches_sklearn(line, first, second):
    metrics = pytest.importorskip("sklearn.metrics")
    text = build_gold.doc_lines()[line - 1]
    a, b = agreement.char_labels(text, first), agreement.char_labels(text, second)
    assert agreement.cohen_kappa(a, b) == pytest.approx(metrics.cohen_kappa_score(a, b))


def test_agreement_doctests():
    result = doctest.testmod(agreement, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
