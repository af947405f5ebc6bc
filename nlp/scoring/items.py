"""The listed outcome of one scored item: what the error reports show, row by row.

Scorers keep these so errors can be listed (nervaluate ``EvaluationIndices``): a false positive, a false
negative, a value mismatch on a matched mention, or a field mismatch on a matched row.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

#: Outcomes an item can have. ``fp``/``fn`` count in the P/R/F1; ``value`` and ``field`` are matched items
#: whose normalized value or fields disagree.
OUTCOMES = ("fp", "fn", "value", "field", "class")


@dataclass(frozen=True, slots=True)
class ErrorItem:
    """One error to list.

    Attributes:
        kind: ``mention``, ``record``, ``figure`` or ``class``.
        group: what reports filter on: the mention label (``ORG``), the record kind (``policies``),
            ``figures``, or the class task (``domain``, ``topic``, ``org_type``).
        outcome: one of :data:`OUTCOMES`.
        doc_id: the gold document id.
        line: 1-based line of the document (``None`` when unknown, e.g. an ORG type).
        text: the item's text (span text, row key, figure text, ORG name).
        gold: the gold side as a plain dict, or ``None`` for a false positive without counterpart.
        pred: the predicted side as a plain dict, or ``None`` for a false negative without counterpart.
        detail: a short explanation (``"overlaps 中国 (LOC)"``, ``"fields: date, title"``).
        page: 1-based page when known (from the predictions), else ``None``.
        context: the sentence of the line that holds a mention, the whole line for rows and figures;
            filled in by the harness.
        context_start: the document offset of ``context``'s first character (``None`` without a context), so
            that a span's ``start``/``end`` can be placed in it.
    """

    kind: str
    group: str
    outcome: str
    doc_id: str
    line: int | None
    text: str
    gold: dict[str, Any] | None = None
    pred: dict[str, Any] | None = None
    detail: str = ""
    page: int | None = None
    context: str = ""
    context_start: int | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON form (keys in declaration order)."""
        return {
            "kind": self.kind,
            "group": self.group,
            "outcome": self.outcome,
            "doc_id": self.doc_id,
            "line": self.line,
            "page": self.page,
            "text": self.text,
            "detail": self.detail,
            "gold": self.gold,
            "pred": self.pred,
            "context": self.context,
            "context_start": self.context_start,
        }

    def own_side(self) -> dict[str, Any] | None:
        """The side the item is about: the prediction of a false positive, else the gold (or the prediction)."""
        return self.pred if self.outcome == "fp" else self.gold or self.pred


#: Characters that end a sentence (the pipeline's sentence splitter cuts after them too).
SENTENCE_ENDS = "。！？!?；;"


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """``(left, right)``: the sentence of ``text`` holding ``text[start:end]`` is ``text[left:right]`` (cut after
    。！？；, ends included, surrounding whitespace left out); the whole stripped text when the span is outside it.

    >>> sentence_bounds("北京发布政策。 上海成立联盟；深圳跟进。", 8, 10)
    (8, 15)
    >>> sentence_bounds(" 无句号的一行 ", 1, 3)
    (1, 7)
    """
    if not 0 <= start <= end <= len(text):
        left, right = 0, len(text)
    else:
        left = max((text.rfind(c, 0, start) for c in SENTENCE_ENDS), default=-1) + 1
        rights = [i for i in (text.find(c, max(end, left + 1) - 1) for c in SENTENCE_ENDS) if i >= 0]
        right = min(rights) + 1 if rights else len(text)
    piece = text[left:right]
    return left + len(piece) - len(piece.lstrip()), right - len(piece) + len(piece.rstrip())


def sentence_around(text: str, start: int, end: int) -> str:
    """The sentence of ``text`` holding ``text[start:end]`` (see :func:`sentence_bounds`).

    >>> sentence_around("北京发布政策。上海成立联盟；深圳跟进。", 7, 9)
    '上海成立联盟；'
    >>> sentence_around("无句号的一行", 0, 2)
    '无句号的一行'
    """
    left, right = sentence_bounds(text, start, end)
    return text[left:right]
