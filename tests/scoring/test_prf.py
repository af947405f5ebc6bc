"""PRF counts and scores, checked by hand and against sklearn."""
from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import precision_recall_fscore_support

from nlp.scoring.prf import PRF, macro, total

# (id, tp, fp, fn, precision, recall, f1)
PRF_CASES = [
    ("perfect", 3, 0, 0, 1.0, 1.0, 1.0),
    ("mixed", 2, 1, 1, 2 / 3, 2 / 3, 2 / 3),
    ("nothing-predicted", 0, 0, 2, None, 0.0, 0.0),
    ("no-gold-support", 0, 2, 0, 0.0, None, 0.0),
    ("nothing-at-all", 0, 0, 0, None, None, None),
    ("half-credit", 1.5, 0.5, 1.5, 0.75, 0.5, 0.6),
]


def _close(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b))


@pytest.mark.parametrize(("tp", "fp", "fn", "p", "r", "f"), [c[1:] for c in PRF_CASES], ids=[c[0] for c in PRF_CASES])
def test_prf_scores(tp: float, fp: float, fn: float, p: float | None, r: float | None, f: float | None) -> None:
    s = PRF(tp, fp, fn)
    assert (_close(s.precision, p), _close(s.recall, r), _close(s.f1, f)) == (True, True, True)


# (id, left, right, sum)
ADD_CASES = [
    ("counts-add", PRF(1, 2, 3), PRF(4, 5, 6), PRF(5, 7, 9)),
    ("zero-is-neutral", PRF(), PRF(2, 0, 1), PRF(2, 0, 1)),
]


@pytest.mark.parametrize(("a", "b", "expected"), [c[1:] for c in ADD_CASES], ids=[c[0] for c in ADD_CASES])
def test_prf_add(a: PRF, b: PRF, expected: PRF) -> None:
    assert a + b == expected


def test_prf_to_dict_writes_integral_counts_as_int() -> None:
    assert PRF(2.0, 1, 0.5).to_dict() == {"tp": 2, "fp": 1, "fn": 0.5, "precision": 2 / 3, "recall": 0.8,
                                          "f1": 4 / 5.5}


# A small classification table (paragraph domains of the report); 能源 is never predicted (precision
# undefined), 交通 is predicted but never gold (recall undefined).
Y_TRUE = ["政务", "政务", "金融", "金融", "金融", "司法", "能源", "民生", "政务", "司法"]
Y_PRED = ["政务", "金融", "金融", "金融", "政务", "司法", "民生", "民生", "交通", "司法"]
SK_LABELS = sorted(set(Y_TRUE) | set(Y_PRED))


def _prf_of(label: str) -> PRF:
    tp = sum(t == p == label for t, p in zip(Y_TRUE, Y_PRED))
    fp = sum(p == label != t for t, p in zip(Y_TRUE, Y_PRED))
    fn = sum(t == label != p for t, p in zip(Y_TRUE, Y_PRED))
    return PRF(tp, fp, fn)


def _nan_to_none(x: float) -> float | None:
    return None if np.isnan(x) else float(x)


@pytest.mark.parametrize("label", SK_LABELS)
def test_prf_matches_sklearn_per_label(label: str) -> None:
    p, r, f, support = precision_recall_fscore_support(Y_TRUE, Y_PRED, labels=[label], zero_division=np.nan)
    ours = _prf_of(label)
    assert _close(ours.precision, _nan_to_none(p[0]))
    assert _close(ours.recall, _nan_to_none(r[0]))
    assert _close(ours.f1, _nan_to_none(f[0]))
    assert ours.support == support[0]


@pytest.mark.parametrize("average", ["micro", "macro"])
def test_prf_matches_sklearn_averages(average: str) -> None:
    p, r, f, _ = precision_recall_fscore_support(Y_TRUE, Y_PRED, labels=SK_LABELS, average=average,
                                                 zero_division=np.nan)
    scores = [_prf_of(label) for label in SK_LABELS]
    if average == "micro":
        t = total(scores)
        ours = (t.precision, t.recall, t.f1)
    else:
        m = macro(scores)
        ours = (m["precision"], m["recall"], m["f1"])
    assert all(_close(a, float(b)) for a, b in zip(ours, (p, r, f)))
