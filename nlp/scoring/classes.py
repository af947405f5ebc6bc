"""Classification scoring: paragraph domain and topic, ORG types.

Each gold item is scored once; a gold item without a prediction counts as predicted :data:`NONE_LABEL`
(wrong, and a false negative of its gold class). Predictions of items absent from gold are ignored.
Per class: tp = gold and predicted that class, fp = predicted it wrongly, fn = gold of it predicted otherwise.
``macro_f1`` is the mean F1 over the classes seen in gold or predictions (sklearn ``average="macro"``).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from nlp.scoring.items import ErrorItem
from nlp.scoring.prf import PRF, macro, ratio

#: What an item without a prediction counts as.
NONE_LABEL = "(none)"

#: An item: ``(doc_id, line, text)``; ``line`` is ``None`` for ORG types, ``text`` the ORG name.
ItemKey = tuple[str, "int | None", str]


@dataclass(slots=True)
class ClassScores:
    """Accuracy, per-class counts, confusion counts and the misclassified items of one task."""

    labels: dict[str, PRF] = field(default_factory=dict)
    confusion: Counter[tuple[str, str]] = field(default_factory=Counter)
    errors: list[ErrorItem] = field(default_factory=list)

    @property
    def n(self) -> int:
        """Number of gold items."""
        return sum(self.confusion.values())

    @property
    def correct(self) -> int:
        """Number of gold items predicted right."""
        return sum(c for (g, p), c in self.confusion.items() if g == p)

    @property
    def accuracy(self) -> float | None:
        """``correct / n``; ``None`` without gold items."""
        return ratio(self.correct, self.n)

    @property
    def macro_f1(self) -> float | None:
        """Mean F1 over classes with any gold or prediction; ``None`` when there is none."""
        return macro(self.labels.values())["f1"]

    def matrix(self) -> dict[str, Any]:
        """Confusion matrix: ``{"labels": [...], "matrix": [[count]]}``; rows gold, columns predicted."""
        names = sorted(({g for g, _ in self.confusion} | {p for _, p in self.confusion}) - {NONE_LABEL})
        cols = names + ([NONE_LABEL] if any(p == NONE_LABEL for _, p in self.confusion) else [])
        return {"labels": names, "predicted": cols,
                "matrix": [[self.confusion.get((g, p), 0) for p in cols] for g in names]}

    def to_dict(self) -> dict[str, Any]:
        """``{"n", "correct", "accuracy", "macro_f1", "labels": {class: PRF}, "confusion"}``."""
        return {"n": self.n, "correct": self.correct, "accuracy": self.accuracy, "macro_f1": self.macro_f1,
                "labels": {k: v.to_dict() for k, v in sorted(self.labels.items())}, "confusion": self.matrix()}


def score_classes(gold: Mapping[ItemKey, str], pred: Mapping[ItemKey, str], task: str) -> ClassScores:
    """Score class predictions against gold.

    Args:
        gold: gold class per item.
        pred: predicted class per item (missing items count as :data:`NONE_LABEL`).
        task: the task name used as the error items' group (``domain``, ``topic``, ``org_type``).

    Returns:
        Accuracy, per-class P/R/F1, confusion counts and one error item per misclassified item.

    >>> s = score_classes({("d", 1, ""): "金融", ("d", 2, ""): "政务"}, {("d", 1, ""): "金融"}, "domain")
    >>> s.accuracy, s.macro_f1, s.matrix()
    (0.5, 0.5, {'labels': ['政务', '金融'], 'predicted': ['政务', '金融', '(none)'], 'matrix': [[0, 0, 1], [0, 1, 0]]})
    """
    out = ClassScores()
    zero = PRF()
    for key in sorted(gold, key=lambda k: (k[0], k[1] or 0, k[2])):
        g, p = gold[key], pred.get(key, NONE_LABEL)
        out.confusion[(g, p)] += 1
        if g == p:
            out.labels[g] = out.labels.get(g, zero) + PRF(tp=1)
            continue
        out.labels[g] = out.labels.get(g, zero) + PRF(fn=1)
        if p != NONE_LABEL:
            out.labels[p] = out.labels.get(p, zero) + PRF(fp=1)
        doc_id, line, text = key
        out.errors.append(ErrorItem("class", task, "class", doc_id, line, text, {task: g},
                                    {task: None if p == NONE_LABEL else p}, f"{g} → {p}"))
    return out
