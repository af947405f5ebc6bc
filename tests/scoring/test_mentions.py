"""Mention scoring: the four SemEval schemes on report text, value scoring, and nervaluate as reference."""
from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from nervaluate import Evaluator

from nlp.scoring.mentions import SCHEMES, Span, score_mentions, value_mismatches
from nlp.scoring.prf import PRF

LINE = "北京邮电大学区块链实验室联合蚂蚁链在青岛崂山区建设平台。"


def S(text: str, label: str, value: dict[str, Any] | None = None, line: str = LINE) -> Span:
    """A span of ``text`` in ``line`` (end-exclusive offsets, line 1 of document ``d``)."""
    start = line.index(text)
    return Span(start, start + len(text), label, text, "d", 1, value)


LAB = S("北京邮电大学区块链实验室", "ORG")
QINGDAO, LAOSHAN = S("青岛", "LOC"), S("崂山区", "LOC")
ANT = S("蚂蚁链", "PRODUCT")

# (id, gold, pred, {scheme: overall (tp, fp, fn)})
MATCH_CASES = [
    ("exact-hit", [LAB], [S("北京邮电大学区块链实验室", "ORG")],
     {"strict": (1, 0, 0), "exact": (1, 0, 0), "partial": (1, 0, 0), "type": (1, 0, 0)}),
    ("touching-spans-do-not-overlap", [QINGDAO], [S("崂山区", "LOC")],
     {"strict": (0, 1, 1), "exact": (0, 1, 1), "partial": (0, 1, 1), "type": (0, 1, 1)}),
    ("merged-prediction-over-two-gold", [QINGDAO, LAOSHAN], [S("青岛崂山区", "LOC")],
     {"strict": (0, 1, 2), "exact": (0, 1, 2), "partial": (0.5, 0.5, 1.5), "type": (1, 0, 1)}),
    ("same-span-wrong-label", [ANT], [S("蚂蚁链", "ORG")],
     {"strict": (0, 1, 1), "exact": (1, 0, 0), "partial": (1, 0, 0), "type": (0, 1, 1)}),
    ("short-boundary-same-label", [LAB], [S("北京邮电大学", "ORG")],
     {"strict": (0, 1, 1), "exact": (0, 1, 1), "partial": (0.5, 0.5, 0.5), "type": (1, 0, 0)}),
    ("short-boundary-wrong-label", [LAB], [S("北京邮电大学", "LOC")],
     {"strict": (0, 1, 1), "exact": (0, 1, 1), "partial": (0.5, 0.5, 0.5), "type": (0, 1, 1)}),
    ("missed", [ANT], [], {"strict": (0, 0, 1), "exact": (0, 0, 1), "partial": (0, 0, 1), "type": (0, 0, 1)}),
    ("spurious", [], [S("平台", "PRODUCT")],
     {"strict": (0, 1, 0), "exact": (0, 1, 0), "partial": (0, 1, 0), "type": (0, 1, 0)}),
]
SCHEME_CASES = [pytest.param(g, p, scheme, exp[scheme], id=f"{cid}-{scheme}")
                for cid, g, p, exp in MATCH_CASES for scheme in SCHEMES]


@pytest.mark.parametrize(("gold", "pred", "scheme", "expected"), SCHEME_CASES)
def test_mentions_scheme_overall_counts(gold: list[Span], pred: list[Span], scheme: str,
                                        expected: tuple[float, float, float]) -> None:
    assert score_mentions(gold, pred).schemes[scheme].overall == PRF(*expected)


def _nervaluate_counts(gold: list[list[Span]], pred: list[list[Span]], labels: list[str],
                       end_inclusive: bool = True) -> dict[str, dict[str, tuple[float, float, float]]]:
    """nervaluate's counts as (tp, fp, fn) by scheme, for ``overall`` and per label."""
    shift = 1 if end_inclusive else 0

    def conv(docs: list[list[Span]]) -> list[list[dict[str, Any]]]:
        return [[{"label": s.label, "start": s.start, "end": s.end - shift} for s in doc] for doc in docs]

    res = Evaluator(conv(gold), conv(pred), tags=labels, loader="dict").evaluate()
    names = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}

    def counts(r: Any) -> tuple[float, float, float]:
        tp = r.correct + 0.5 * r.partial
        actual = r.correct + r.incorrect + r.partial + r.spurious
        possible = r.correct + r.incorrect + r.partial + r.missed
        return tp, actual - tp, possible - tp

    out = {ours: {"overall": counts(res["overall"][theirs])} for ours, theirs in names.items()}
    for label, by_scheme in res["entities"].items():
        for ours, theirs in names.items():
            out[ours][label] = counts(by_scheme[theirs])
    return out


def _ours(gold: list[Span], pred: list[Span]) -> dict[str, dict[str, tuple[float, float, float]]]:
    scores = score_mentions(gold, pred)
    out = {}
    for name, s in scores.schemes.items():
        used = {x.label for x in [*gold, *pred]}
        out[name] = {"overall": (s.overall.tp, s.overall.fp, s.overall.fn)}
        out[name].update({k: (v.tp, v.fp, v.fn) for k, v in s.labels.items() if k in used})
    return out


@pytest.mark.parametrize(("gold", "pred"), [c[1:3] for c in MATCH_CASES], ids=[c[0] for c in MATCH_CASES])
def test_mentions_agree_with_nervaluate(gold: list[Span], pred: list[Span]) -> None:
    labels = sorted({s.label for s in [*gold, *pred]}) or ["ORG"]
    assert _ours(gold, pred) == _nervaluate_counts([gold], [pred], labels)


_LABELS = ["ORG", "LOC", "DATE"]
_spans = st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6), st.sampled_from(_LABELS)), max_size=6)


@settings(max_examples=300, deadline=None)
@given(gold=_spans, pred=_spans)
def test_mentions_agree_with_nervaluate_on_random_spans(gold: list[tuple[int, int, str]],
                                                        pred: list[tuple[int, int, str]]) -> None:
    def spans(raw: list[tuple[int, int, str]]) -> list[Span]:
        uniq = sorted({(a, a + n, lab) for a, n, lab in raw})
        return [Span(a, b, lab, "", "d", 1) for a, b, lab in uniq]

    g, p = spans(gold), spans(pred)
    assert _ours(g, p) == _nervaluate_counts([g], [p], _LABELS)


# Caught while writing the harness: nervaluate takes inclusive ends; fed end-exclusive offsets as they
# are, the touching 青岛|崂山区 looks like an overlap and earns half credit.
BUGS_CAUGHT = [("touching-spans-need-end-minus-one", [QINGDAO], [S("崂山区", "LOC")])]


@pytest.mark.parametrize(("gold", "pred"), [c[1:] for c in BUGS_CAUGHT], ids=[c[0] for c in BUGS_CAUGHT])
def test_mentions_touching_spans_need_inclusive_conversion(gold: list[Span], pred: list[Span]) -> None:
    unconverted = _nervaluate_counts([gold], [pred], ["LOC"], end_inclusive=False)["partial"]["overall"]
    assert unconverted == (0.5, 0.5, 0.5)
    assert _ours(gold, pred)["partial"]["overall"] == (0, 1, 1)


# (id, gold, pred, label, field, expected): None on no support, micro and macro
L2 = "赛迪区块链研究院在青岛与北京发布报告"
SUPPORT_CASES = [
    ("no-gold-no-pred-all-none", [], [], "PER", "labels", (None, None, None)),
    ("pred-without-gold-recall-none", [], [S("刘 权", "PER", line="主任：刘 权")], "PER", "labels", (0.0, None, 0.0)),
    ("gold-without-pred-precision-none", [S("刘 权", "PER", line="主任：刘 权")], [], "PER", "labels",
     (None, 0.0, 0.0)),
    ("micro-pools-counts", [S("赛迪区块链研究院", "ORG", line=L2), S("青岛", "LOC", line=L2), S("北京", "LOC", line=L2)],
     [S("赛迪区块链研究院", "ORG", line=L2), S("青岛", "LOC", line=L2)], None, "micro", (1.0, 2 / 3, 0.8)),
    ("macro-averages-labels", [S("赛迪区块链研究院", "ORG", line=L2), S("青岛", "LOC", line=L2),
                               S("北京", "LOC", line=L2)],
     [S("赛迪区块链研究院", "ORG", line=L2), S("青岛", "LOC", line=L2)], None, "macro", (1.0, 0.75, (1 + 2 / 3) / 2)),
]


@pytest.mark.parametrize(("gold", "pred", "label", "where", "expected"), [c[1:] for c in SUPPORT_CASES],
                         ids=[c[0] for c in SUPPORT_CASES])
def test_mentions_support_micro_macro(gold: list[Span], pred: list[Span], label: str | None, where: str,
                                      expected: tuple[float | None, ...]) -> None:
    d = score_mentions(gold, pred).schemes["strict"].to_dict()
    got = d["labels"][label] if where == "labels" else d[where]
    assert (got["precision"], got["recall"], got["f1"]) == pytest.approx(expected)


MONEY = {"value": "6700000000", "min": None, "max": None, "currency": "CNY", "qualifier": "approx"}
# (id, label, gold norm, predicted value, mismatched keys)
VALUE_CASES = [
    ("money-right-in-exponent-notation", "MONEY", MONEY, {**MONEY, "value": "6.7E9"}, []),
    ("money-wrong-magnitude", "MONEY", MONEY, {**MONEY, "value": "670000000"}, ["value"]),
    ("money-wrong-currency", "MONEY", MONEY, {**MONEY, "currency": "USD"}, ["currency"]),
    ("money-qualifier-not-compared", "MONEY", MONEY, {**MONEY, "qualifier": "exact"}, []),
    ("money-no-value", "MONEY", MONEY, None, ["value", "min", "max", "currency"]),
    ("date-month-read-as-day", "DATE", {"start": "2022-05-01", "end": "2022-05-31"},
     {"start": "2022-05-01", "end": "2022-05-01", "granularity": "day"}, ["end"]),
    ("percent-not-a-fraction", "PERCENT", {"value": "0.0308", "min": "0.0308", "max": "0.0308"},
     {"value": "3.08", "min": "3.08", "max": "3.08"}, ["value", "min", "max"]),
    ("quantity-unit", "QUANTITY", {"value": "366", "min": "366", "max": "366", "unit": "家"},
     {"value": "366", "min": "366", "max": "366", "unit": "个"}, ["unit"]),
    ("quantity-missing-bound", "QUANTITY", {"value": "1000", "min": "1000", "max": None, "unit": "项"},
     {"value": "1000", "min": None, "max": None, "unit": "项"}, ["min"]),
]


@pytest.mark.parametrize(("label", "gold", "pred", "expected"), [c[1:] for c in VALUE_CASES],
                         ids=[c[0] for c in VALUE_CASES])
def test_mentions_value_mismatches(label: str, gold: dict[str, Any], pred: dict[str, Any] | None,
                                   expected: list[str]) -> None:
    assert value_mismatches(label, gold, pred) == expected


L3 = "2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。"
VALUE_GOLD = [S("2022 年", "DATE", {"start": "2022-01-01", "end": "2022-12-31"}, line=L3),
              S("67 亿元", "MONEY", MONEY, line=L3)]
VALUE_PRED = [S("2022 年", "DATE", {"start": "2022-01-01", "end": "2022-12-31"}, line=L3),
              S("67 亿元", "MONEY", {**MONEY, "value": "670000000"}, line=L3), S("3.08%", "PERCENT", None, line=L3)]
# (id, label, (matched, correct, accuracy, value tp, fp, fn))
VALUE_SCORE_CASES = [
    ("date-right", "DATE", (1, 1, 1.0, 1, 0, 0)),
    ("money-matched-wrong-value", "MONEY", (1, 0, 0.0, 0, 1, 1)),
    ("percent-unmatched-accuracy-none", "PERCENT", (0, 0, None, 0, 1, 0)),
    ("quantity-nothing", "QUANTITY", (0, 0, None, 0, 0, 0)),
]


@pytest.mark.parametrize(("label", "expected"), [c[1:] for c in VALUE_SCORE_CASES], ids=[c[0] for c in VALUE_SCORE_CASES])
def test_mentions_value_scores(label: str, expected: tuple[Any, ...]) -> None:
    v = score_mentions(VALUE_GOLD, VALUE_PRED).values[label]
    assert (v.matched, v.correct, v.accuracy, v.prf.tp, v.prf.fp, v.prf.fn) == expected


# (id, gold, pred, expected error items as (outcome, group, text, counterpart text))
ERROR_CASES = [
    ("merged-prediction", [QINGDAO, LAOSHAN], [S("青岛崂山区", "LOC")],
     [("fp", "LOC", "青岛崂山区", "青岛"), ("fn", "LOC", "青岛", "青岛崂山区"), ("fn", "LOC", "崂山区", None)]),
    ("wrong-label-listed-under-both-labels", [ANT], [S("蚂蚁链", "ORG")],
     [("fp", "ORG", "蚂蚁链", "蚂蚁链"), ("fn", "PRODUCT", "蚂蚁链", "蚂蚁链")]),
    ("value-mismatch", VALUE_GOLD[1:], VALUE_PRED[1:2], [("value", "MONEY", "67 亿元", "67 亿元")]),
    ("right-no-errors", [LAB], [LAB], []),
]


@pytest.mark.parametrize(("gold", "pred", "expected"), [c[1:] for c in ERROR_CASES], ids=[c[0] for c in ERROR_CASES])
def test_mentions_error_items(gold: list[Span], pred: list[Span], expected: list[tuple[Any, ...]]) -> None:
    def other(e: Any) -> str | None:
        side = e.gold if e.outcome == "fp" else e.pred
        return side["text"] if side else None

    got = [(e.outcome, e.group, e.text, other(e)) for e in score_mentions(gold, pred).errors()]
    assert got == expected
