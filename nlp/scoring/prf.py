"""Precision, recall and F1 from counts, in the manner of spaCy's ``PRFScore``.

Counts come first, scores second: a :class:`PRF` only stores ``tp``, ``fp`` and ``fn`` and derives the
scores on demand. Zero division is handled explicitly: a score whose denominator is zero is ``None``
(undefined), never ``0``. ``tp`` may be fractional (the SemEval *partial* scheme gives half credit).

The F1 is ``2·tp / (2·tp + fp + fn)``, which equals the harmonic mean of precision and recall whenever
both are defined and stays defined when only one of them is (as ``sklearn.metrics.f1_score`` since 1.3).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any


def _num(x: float) -> int | float:
    """A count as written to JSON: an ``int`` when integral.

    >>> _num(3.0), _num(2.5)
    (3, 2.5)
    """
    return int(x) if float(x).is_integer() else float(x)


def ratio(num: float, den: float) -> float | None:
    """``num / den``, or ``None`` when ``den`` is zero.

    >>> ratio(1, 4), ratio(0, 0)
    (0.25, None)
    """
    return None if den == 0 else num / den


@dataclass(frozen=True, slots=True)
class PRF:
    """True positive, false positive and false negative counts with derived scores.

    >>> s = PRF(2, 1, 0) + PRF(0, 0, 1)
    >>> s.tp, s.fp, s.fn, round(s.precision, 3), round(s.recall, 3), round(s.f1, 3)
    (2, 1, 1, 0.667, 0.667, 0.667)
    >>> PRF().precision is None and PRF(0, 0, 2).precision is None and PRF(0, 0, 2).f1 == 0.0
    True
    """

    tp: float = 0
    fp: float = 0
    fn: float = 0

    def __add__(self, other: PRF) -> PRF:
        if not isinstance(other, PRF):
            return NotImplemented
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    @property
    def precision(self) -> float | None:
        """``tp / (tp + fp)``; ``None`` when nothing was predicted."""
        return ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float | None:
        """``tp / (tp + fn)``; ``None`` when there is no gold support."""
        return ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float | None:
        """``2·tp / (2·tp + fp + fn)``; ``None`` when there is neither gold nor prediction."""
        return ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn)

    @property
    def support(self) -> float:
        """The number of gold items (``tp + fn``)."""
        return self.tp + self.fn

    def to_dict(self) -> dict[str, Any]:
        """The JSON form: ``{"tp", "fp", "fn", "precision", "recall", "f1"}``."""
        return {
            "tp": _num(self.tp),
            "fp": _num(self.fp),
            "fn": _num(self.fn),
            "precision": self.precision,
            "recall": self.recall,
            "f1": self.f1,
        }

    @classmethod
    def from_counts(cls, n_gold: int, n_pred: int, credit: float) -> PRF:
        """Counts from SemEval totals: ``credit`` (correct + ½·partial) over ``n_pred`` and ``n_gold``.

        >>> PRF.from_counts(n_gold=3, n_pred=2, credit=1.5)
        PRF(tp=1.5, fp=0.5, fn=1.5)
        """
        return cls(credit, n_pred - credit, n_gold - credit)


def total(scores: Iterable[PRF]) -> PRF:
    """The micro total: counts summed over ``scores``.

    >>> total([PRF(1, 0, 0), PRF(0, 1, 1)])
    PRF(tp=1, fp=1, fn=1)
    """
    out = PRF()
    for s in scores:
        out = out + s
    return out


def _mean(values: Iterable[float | None]) -> float | None:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def macro(scores: Iterable[PRF]) -> dict[str, Any]:
    """Macro averages: the unweighted mean of each score over the items where it is defined.

    An undefined score (``None``) is left out of its mean, as sklearn does with ``zero_division=np.nan``;
    ``n`` is the number of items averaged (those with any gold or prediction).

    >>> macro([PRF(1, 0, 0), PRF(0, 0, 1), PRF()])
    {'precision': 1.0, 'recall': 0.5, 'f1': 0.5, 'n': 2}
    """
    kept = [s for s in scores if s.tp + s.fp + s.fn > 0]
    return {
        "precision": _mean(s.precision for s in kept),
        "recall": _mean(s.recall for s in kept),
        "f1": _mean(s.f1 for s in kept),
        "n": len(kept),
    }
