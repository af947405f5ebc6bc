"""One explicit policy for overlapping spans from rules, gazetteers and the NER.

1. Rules own the regular labels (STD, TITLE, DATE, MONEY, PERCENT, QUANTITY): their spans are placed first,
   longest first; a NER span for one of these labels is ignored.
2. Names (ORG, LOC, PER, PRODUCT) are placed next, longest first; a name never overlaps a placed span.
   At equal length the source order decides: rules, then gazetteer, then NER.
3. Ties at the same length and source: the earlier start wins (as spaCy's ``filter_spans``).
"""
from __future__ import annotations

from .base import Span

RULE_LABELS = frozenset({"STD", "TITLE", "DATE", "MONEY", "PERCENT", "QUANTITY"})
SOURCE_RANK = {"rules": 0, "gazetteer": 1, "ner": 2}


def _key(span: Span) -> tuple[int, int, int, int]:
    return (0 if span.label in RULE_LABELS else 1, -(span.end - span.start), SOURCE_RANK.get(span.source, 3), span.start)


def resolve_overlaps(spans: list[Span]) -> list[Span]:
    """Keep a non-overlapping subset of ``spans`` by the policy above, sorted by start.

    >>> a = Span(0, 4, "ORG", "ner"); b = Span(2, 8, "DATE", "rules")
    >>> [s.label for s in resolve_overlaps([a, b])]
    ['DATE']
    """
    taken: list[Span] = []
    occupied: set[int] = set()
    for span in sorted(spans, key=_key):
        if span.source == "ner" and span.label in RULE_LABELS:
            continue
        if any(i in occupied for i in range(span.start, span.end)):
            continue
        taken.append(span)
        occupied.update(range(span.start, span.end))
    return sorted(taken, key=lambda s: (s.start, s.end, s.label))
