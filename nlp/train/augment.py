"""Mention replacement: more NER training lines made from the gold ones by swapping names.

Rules stop at names they have never seen, and a NER trained on one report learns many of its names by heart. A
copy of a gold line with some of its names replaced by other names of the same label (drawn from the other gold
lines being trained on) keeps the context and moves the name, so that the NER learns more from the words around
a name than from the name itself (mention replacement, Dai and Adel 2020, "An Analysis of Simple Data
Augmentation for Named Entity Recognition"). The gold stays as it is: the copies exist only in memory, for the
training run that asked for them, and are drawn from the lines of that run only (in cross-validation, from the
learning folds).
"""
from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from ..extractors.components import NAME_LABELS
from .data import GoldLine, GoldSpan


@dataclass(frozen=True, slots=True)
class Augment:
    """``copies`` replaced copies per line with a name; each name of the line is replaced with probability
    ``rate`` (a copy where none was replaced is dropped)."""

    copies: int = 0
    rate: float = 0.5


def name_pool(lines: Sequence[GoldLine]) -> dict[str, list[str]]:
    """The distinct names of each name label in ``lines``, sorted (so the draw depends only on the seed)."""
    pool: dict[str, set[str]] = {label: set() for label in sorted(NAME_LABELS)}
    for line in lines:
        for span in line.spans:
            if span.label in pool:
                pool[span.label].add(line.text[span.start:span.end])
    return {label: sorted(names) for label, names in pool.items()}


def replaced(line: GoldLine, choose: dict[int, str]) -> GoldLine:
    """``line`` with the spans at the indexes of ``choose`` rewritten to the chosen names; every span after a
    rewritten one moves by the change in length."""
    parts, spans, cursor, shift = [], [], 0, 0
    for index, span in enumerate(line.spans):
        parts.append(line.text[cursor:span.start])
        name = choose.get(index, line.text[span.start:span.end])
        start = span.start + shift
        spans.append(GoldSpan(start, start + len(name), span.label))
        parts.append(name)
        shift += len(name) - (span.end - span.start)
        cursor = span.end
    parts.append(line.text[cursor:])
    return GoldLine(line.line, "".join(parts), line.split, line.section, tuple(spans))


def replace_mentions(lines: Sequence[GoldLine], augment: Augment, seed: int) -> list[GoldLine]:
    """The replaced copies of ``lines`` (not the lines themselves), by a generator seeded with ``seed``.

    >>> line = GoldLine(1, "由赛迪区块链研究院发布", "train", "一", (GoldSpan(1, 9, "ORG"),))
    >>> other = GoldLine(2, "中国信通院", "train", "一", (GoldSpan(0, 5, "ORG"),))
    >>> [g.text for g in replace_mentions([line, other], Augment(copies=1, rate=1.0), seed=0)]
    ['由中国信通院发布', '赛迪区块链研究院']
    """
    pool = name_pool(lines)
    rng = random.Random(seed)
    out = []
    for line in lines:
        spans = sorted(line.spans, key=lambda s: (s.start, s.end))
        if any(a.end > b.start for a, b in zip(spans, spans[1:])):
            continue  # overlapping gold spans: nothing to rewrite safely
        line = GoldLine(line.line, line.text, line.split, line.section, tuple(spans))
        for _ in range(augment.copies):
            choose = {}
            for index, span in enumerate(spans):
                others = [n for n in pool.get(span.label, []) if n != line.text[span.start:span.end]]
                if others and rng.random() < augment.rate:
                    choose[index] = rng.choice(others)
            if choose:
                out.append(replaced(line, choose))
    return out
