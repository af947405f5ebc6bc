"""Mention scoring under the four SemEval-2013 schemes, with value scoring for normalized mentions.

Offsets are character offsets, **end-exclusive** (``text[start:end]``): ``[0, 4)`` and ``[4, 6)`` touch
but do not overlap. nervaluate (>= 1.0) takes **inclusive** ends, so spans are passed to it as
``end - 1`` (fed as they are, touching 青岛|崂山区 would look like an overlap and earn partial credit).

The counts come from nervaluate: :func:`nervaluate_counts` runs its ``Evaluator`` with one "document" per
``(doc_id, line)`` and turns its correct/incorrect/partial/missed/spurious into tp/fp/fn, per label (both
sides filtered to the label first, so per label *exact* equals *strict*) and ``overall`` (all labels at
once, where a wrong label still earns *exact*/*partial* credit); ``micro`` is the pool of per-label counts.

nervaluate cannot give the pairs behind its counts (its indices name only the prediction of an incorrect or
partial match, not the gold span it consumed), and the error lists and value scoring need the gold/pred pair.
So each scheme is also one :class:`MatchingRule` class that follows nervaluate move for move (predictions in
order, each paired with the first suitable unmatched gold span); its joint matches give the error items and
the value scores, and :func:`score_mentions` checks that their counts equal nervaluate's overall counts
(``tests/scoring/test_mentions.py`` checks per label too, on hand-made and random spans).
"""
from __future__ import annotations

from abc import ABC, abstractmethod
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar

from nlp.scoring.items import ErrorItem
from nlp.scoring.prf import PRF, macro, ratio, total

#: Labels always present in the results, in this order (annotations/GUIDELINES.md section 1).
MENTION_LABELS = ("ORG", "LOC", "PER", "TITLE", "STD", "PRODUCT", "DATE", "MONEY", "PERCENT", "QUANTITY")

#: The normalized keys compared per label: ``(key, "str" | "decimal")``.
VALUE_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "DATE": (("start", "str"), ("end", "str")),
    "MONEY": (("value", "decimal"), ("min", "decimal"), ("max", "decimal"), ("currency", "str")),
    "PERCENT": (("value", "decimal"), ("min", "decimal"), ("max", "decimal")),
    "QUANTITY": (("value", "decimal"), ("min", "decimal"), ("max", "decimal"), ("unit", "str")),
}


@dataclass(frozen=True, slots=True)
class Span:
    """A gold or predicted mention: end-exclusive document offsets, label and normalized value."""

    start: int
    end: int
    label: str
    text: str = ""
    doc_id: str = ""
    line: int = 0
    value: Mapping[str, Any] | None = None
    page: int | None = None

    def overlaps(self, other: Span) -> bool:
        """Whether the spans share at least one character (touching spans do not).

        >>> Span(0, 4, "ORG").overlaps(Span(4, 6, "LOC")), Span(0, 4, "ORG").overlaps(Span(3, 6, "LOC"))
        (False, True)
        """
        return self.start < other.end and other.start < self.end

    def same_bounds(self, other: Span) -> bool:
        """Whether both offsets are equal."""
        return self.start == other.start and self.end == other.end

    def to_dict(self) -> dict[str, Any]:
        """The JSON form used in error items."""
        return {"start": self.start, "end": self.end, "label": self.label, "text": self.text,
                "value": dict(self.value) if self.value is not None else None}


@dataclass(frozen=True, slots=True)
class Match:
    """One outcome of a rule: ``correct``, ``incorrect``, ``partial``, ``spurious`` or ``missed``."""

    outcome: str
    gold: Span | None
    pred: Span | None


class MatchingRule(ABC):
    """A SemEval-2013 matching rule; subclasses say how one prediction is paired with gold."""

    name: ClassVar[str]
    #: credit of a ``partial`` outcome (only the partial rule produces one)
    partial_credit: ClassVar[float] = 0.5

    def match(self, gold: Sequence[Span], pred: Sequence[Span]) -> list[Match]:
        """Pair predictions with gold spans, predictions in order, each gold span used at most once."""
        taken: set[int] = set()
        out: list[Match] = []
        for p in pred:
            outcome, gi = self.pair(p, gold, taken)
            if gi is not None:
                taken.add(gi)
            out.append(Match(outcome, gold[gi] if gi is not None else None, p))
        out.extend(Match("missed", g, None) for i, g in enumerate(gold) if i not in taken)
        return out

    @abstractmethod
    def pair(self, pred: Span, gold: Sequence[Span], taken: set[int]) -> tuple[str, int | None]:
        """The outcome for ``pred`` and the index of the gold span it consumes (``None``: spurious)."""

    def prf(self, matches: Iterable[Match]) -> PRF:
        """Counts: tp = correct + credit·partial; fp = predictions − tp; fn = gold − tp."""
        n_gold = n_pred = 0
        credit = 0.0
        for m in matches:
            n_gold += m.gold is not None
            n_pred += m.pred is not None
            credit += 1.0 if m.outcome == "correct" else self.partial_credit if m.outcome == "partial" else 0.0
        return PRF.from_counts(n_gold, n_pred, credit)


def _first(pred: Span, gold: Sequence[Span], taken: set[int], hit: Any, miss: str) -> tuple[str, int | None]:
    """First unmatched gold satisfying ``hit`` → correct; else the first overlapping one → ``miss``."""
    fallback = None
    for i, g in enumerate(gold):
        if i in taken:
            continue
        if hit(pred, g):
            return "correct", i
        if fallback is None and pred.overlaps(g):
            fallback = i
    return (miss, fallback) if fallback is not None else ("spurious", None)


class StrictMatch(MatchingRule):
    """Strict: correct when span and label are both exactly the gold's; any other overlap is incorrect
    (one false positive and one false negative); no overlap is spurious; unmatched gold is missed."""

    name = "strict"

    def pair(self, pred: Span, gold: Sequence[Span], taken: set[int]) -> tuple[str, int | None]:
        return _first(pred, gold, taken, lambda p, g: p.same_bounds(g) and p.label == g.label, "incorrect")


class ExactMatch(MatchingRule):
    """Exact: correct when the span is exactly the gold's, whatever the label; any other overlap is
    incorrect; no overlap is spurious; unmatched gold is missed."""

    name = "exact"

    def pair(self, pred: Span, gold: Sequence[Span], taken: set[int]) -> tuple[str, int | None]:
        return _first(pred, gold, taken, lambda p, g: p.same_bounds(g), "incorrect")


class PartialMatch(MatchingRule):
    """Partial: correct when the span is exactly the gold's, whatever the label; any other overlap is
    partial and counts half (tp += 0.5); no overlap is spurious; unmatched gold is missed."""

    name = "partial"

    def pair(self, pred: Span, gold: Sequence[Span], taken: set[int]) -> tuple[str, int | None]:
        return _first(pred, gold, taken, lambda p, g: p.same_bounds(g), "partial")


class TypeMatch(MatchingRule):
    """Type: correct when the span overlaps a gold span of the same label (the one with the closest
    boundaries); overlapping only other labels is incorrect; no overlap is spurious."""

    name = "type"

    def pair(self, pred: Span, gold: Sequence[Span], taken: set[int]) -> tuple[str, int | None]:
        best: int | None = None
        best_dist = 0
        other: int | None = None
        for i, g in enumerate(gold):
            if i in taken or not pred.overlaps(g):
                continue
            if g.label == pred.label:
                dist = abs(pred.start - g.start) + abs(pred.end - g.end)
                if best is None or dist < best_dist:
                    best, best_dist = i, dist
            elif other is None:
                other = i
        if best is not None:
            return "correct", best
        return ("incorrect", other) if other is not None else ("spurious", None)


#: The rules by scheme name, in report order.
SCHEMES: dict[str, MatchingRule] = {r.name: r for r in (StrictMatch(), ExactMatch(), PartialMatch(), TypeMatch())}


def _decimal_equal(a: Any, b: Any) -> bool:
    """Equality of two decimal strings (``None`` equals only ``None``; junk compares as text).

    >>> _decimal_equal("6700000000", "6.7E9"), _decimal_equal(None, "1"), _decimal_equal("x", "x")
    (True, False, True)
    """
    if a is None or b is None:
        return a is None and b is None
    try:
        return Decimal(str(a)) == Decimal(str(b))
    except InvalidOperation:
        return str(a).strip() == str(b).strip()


def value_mismatches(label: str, gold: Mapping[str, Any] | None, pred: Mapping[str, Any] | None) -> list[str]:
    """The normalized keys on which ``pred`` disagrees with ``gold`` for a ``label`` (empty: right).

    >>> value_mismatches("MONEY", {"value": "6700000000", "min": None, "max": None, "currency": "CNY"},
    ...                  {"value": "6.7e9", "min": None, "max": None, "currency": "CNY"})
    []
    >>> value_mismatches("DATE", {"start": "2022-05-01", "end": "2022-05-31"}, None)
    ['start', 'end']
    """
    gold, pred = gold or {}, pred or {}
    keys = VALUE_KEYS.get(label, ())
    if not pred and keys:
        return [k for k, _ in keys]
    bad = []
    for key, kind in keys:
        g, p = gold.get(key), pred.get(key)
        same = _decimal_equal(g, p) if kind == "decimal" else (str(g or "").strip() == str(p or "").strip())
        if not same:
            bad.append(key)
    return bad


@dataclass(slots=True)
class ValueScore:
    """Value scoring of one label: among strict matches, how many carry the gold's normalized value."""

    matched: int = 0
    correct: int = 0
    prf: PRF = field(default_factory=PRF)

    @property
    def accuracy(self) -> float | None:
        """``correct / matched``; ``None`` without strict matches."""
        return ratio(self.correct, self.matched)

    def __add__(self, other: ValueScore) -> ValueScore:
        return ValueScore(self.matched + other.matched, self.correct + other.correct, self.prf + other.prf)

    def to_dict(self) -> dict[str, Any]:
        """``{"matched", "correct", "accuracy", "prf"}``."""
        return {"matched": self.matched, "correct": self.correct, "accuracy": self.accuracy,
                "prf": self.prf.to_dict()}


@dataclass(slots=True)
class SchemeScores:
    """One scheme's per-label counts, its joint (``overall``) counts and the joint matches."""

    labels: dict[str, PRF]
    overall: PRF
    matches: list[Match] = field(default_factory=list)

    def __add__(self, other: SchemeScores) -> SchemeScores:
        keys = list(dict.fromkeys([*self.labels, *other.labels]))
        labels = {k: self.labels.get(k, PRF()) + other.labels.get(k, PRF()) for k in keys}
        return SchemeScores(labels, self.overall + other.overall, self.matches + other.matches)

    def to_dict(self) -> dict[str, Any]:
        """``{"labels": {label: PRF}, "micro": PRF, "macro": Macro, "overall": PRF}``."""
        return {"labels": {k: v.to_dict() for k, v in self.labels.items()},
                "micro": total(self.labels.values()).to_dict(),
                "macro": macro(self.labels.values()),
                "overall": self.overall.to_dict()}


@dataclass(slots=True)
class MentionScores:
    """Everything scored about mentions of one document or of the corpus."""

    schemes: dict[str, SchemeScores]
    values: dict[str, ValueScore]

    def __add__(self, other: MentionScores) -> MentionScores:
        schemes = {k: self.schemes[k] + other.schemes[k] for k in self.schemes}
        values = {k: self.values.get(k, ValueScore()) + other.values.get(k, ValueScore())
                  for k in dict.fromkeys([*self.values, *other.values])}
        return MentionScores(schemes, values)

    def to_dict(self) -> dict[str, Any]:
        """``{"schemes": {scheme: SchemeScores}, "values": {"labels", "micro", "macro"}}``."""
        return {"schemes": {k: v.to_dict() for k, v in self.schemes.items()},
                "values": {"labels": {k: v.to_dict() for k, v in self.values.items()},
                           "micro": sum(self.values.values(), ValueScore()).to_dict(),
                           "macro": macro(v.prf for v in self.values.values())}}

    def errors(self) -> list[ErrorItem]:
        """False positives and negatives of the strict scheme, and value mismatches of its matches."""
        out: list[ErrorItem] = []
        for m in self.schemes["strict"].matches:
            out.extend(_match_errors(m))
        return out


def _item(span: Span, outcome: str, gold: Span | None, pred: Span | None, detail: str) -> ErrorItem:
    return ErrorItem(kind="mention", group=span.label, outcome=outcome, doc_id=span.doc_id, line=span.line,
                     text=span.text, gold=gold.to_dict() if gold else None, pred=pred.to_dict() if pred else None,
                     detail=detail, page=(pred.page if pred else None))


def _match_errors(m: Match) -> list[ErrorItem]:
    """The error items of one strict match (an ``incorrect`` match is one fp and one fn)."""
    g, p = m.gold, m.pred
    if m.outcome == "correct" and g is not None and p is not None:
        bad = value_mismatches(g.label, g.value, p.value) if g.label in VALUE_KEYS else []
        return [_item(g, "value", g, p, "value differs: " + ", ".join(bad))] if bad else []
    items = []
    if p is not None:
        items.append(_item(p, "fp", g, p, f"overlaps {g.text} ({g.label})" if g else "no gold overlap"))
    if g is not None:
        items.append(_item(g, "fn", g, p, f"overlapped by {p.text} ({p.label})" if p else "not predicted"))
    return items


def _grouped(spans: Iterable[Span]) -> dict[tuple[str, int], list[Span]]:
    out: dict[tuple[str, int], list[Span]] = defaultdict(list)
    for s in sorted(spans, key=lambda s: (s.doc_id, s.line, s.start, s.end, s.label)):
        out[(s.doc_id, s.line)].append(s)
    return out


def _label_order(gold: Iterable[Span], pred: Iterable[Span]) -> list[str]:
    seen = {s.label for s in gold} | {s.label for s in pred}
    return [*MENTION_LABELS, *sorted(seen - set(MENTION_LABELS))]


#: Our scheme names → nervaluate's.
NERVALUATE_SCHEMES = {"strict": "strict", "exact": "exact", "partial": "partial", "type": "ent_type"}


def _nervaluate_prf(r: Any) -> PRF:
    """tp/fp/fn of one nervaluate ``EvaluationResult`` (partial matches count half)."""
    tp = r.correct + 0.5 * r.partial
    actual = r.correct + r.incorrect + r.partial + r.spurious
    possible = r.correct + r.incorrect + r.partial + r.missed
    return PRF.from_counts(possible, actual, tp)


def nervaluate_counts(groups: Sequence[tuple[list[Span], list[Span]]],
                      labels: Sequence[str]) -> dict[str, tuple[dict[str, PRF], PRF]]:
    """nervaluate's counts: ``{scheme: ({label: PRF}, overall PRF)}``, one nervaluate document per group.

    Ends are converted to nervaluate's inclusive ends (``end - 1``). Labels without gold or prediction get
    empty counts.

    >>> g = [Span(0, 2, "LOC"), Span(2, 5, "LOC")]; p = [Span(0, 5, "LOC")]
    >>> per_label, overall = nervaluate_counts([(g, p)], ["LOC"])["partial"]
    >>> overall, per_label["LOC"]
    (PRF(tp=0.5, fp=0.5, fn=1.5), PRF(tp=0.5, fp=0.5, fn=1.5))
    """
    from nervaluate import Evaluator

    def docs(side: int) -> list[list[dict[str, Any]]]:
        return [[{"label": s.label, "start": s.start, "end": s.end - 1} for s in group[side]] for group in groups]

    if not groups:
        return {name: ({label: PRF() for label in labels}, PRF()) for name in NERVALUATE_SCHEMES}
    res = Evaluator(docs(0), docs(1), tags=list(labels), loader="dict").evaluate()
    out = {}
    for ours, theirs in NERVALUATE_SCHEMES.items():
        per_label = {label: _nervaluate_prf(res["entities"][label][theirs]) if label in res["entities"] else PRF()
                     for label in labels}
        out[ours] = (per_label, _nervaluate_prf(res["overall"][theirs]) if theirs in res["overall"] else PRF())
    return out


def _score_scheme(rule: MatchingRule, groups: Sequence[tuple[list[Span], list[Span]]],
                  counts: tuple[dict[str, PRF], PRF]) -> SchemeScores:
    """nervaluate's counts with our rule's joint matches (checked to give the same overall counts)."""
    matches = [m for g, p in groups for m in rule.match(g, p)]
    per_label, overall = counts
    ours = rule.prf(matches)
    if ours != overall:
        raise RuntimeError(f"{rule.name} matching disagrees with nervaluate: {ours} != {overall}")
    return SchemeScores(per_label, overall, matches)


def _score_values(strict: SchemeScores) -> dict[str, ValueScore]:
    out = {label: ValueScore() for label in VALUE_KEYS}
    for m in strict.matches:
        if m.outcome == "correct" and m.gold is not None and m.gold.label in out:
            vs = out[m.gold.label]
            vs.matched += 1
            vs.correct += not value_mismatches(m.gold.label, m.gold.value, m.pred.value if m.pred else None)
    for label, vs in out.items():
        s = strict.labels.get(label, PRF())
        vs.prf = PRF(vs.correct, s.tp + s.fp - vs.correct, s.tp + s.fn - vs.correct)
    return out


def score_mentions(gold: Sequence[Span], pred: Sequence[Span]) -> MentionScores:
    """Score predicted mentions against gold under every scheme, plus value scoring.

    Spans are compared within the same ``(doc_id, line)`` (mentions never cross a line), in offset order;
    the counts are nervaluate's (:func:`nervaluate_counts`), the matches ours (:class:`MatchingRule`).

    Args:
        gold: gold spans (end-exclusive document offsets).
        pred: predicted spans, in the same coordinates.

    Returns:
        Per-scheme per-label and joint counts with the joint matches, and per-label value scores.
    """
    g_groups, p_groups = _grouped(gold), _grouped(pred)
    keys = sorted(set(g_groups) | set(p_groups))
    groups = [(g_groups.get(k, []), p_groups.get(k, [])) for k in keys]
    labels = _label_order(gold, pred)
    counts = nervaluate_counts(groups, labels)
    schemes = {name: _score_scheme(rule, groups, counts[name]) for name, rule in SCHEMES.items()}
    return MentionScores(schemes, _score_values(schemes["strict"]))
