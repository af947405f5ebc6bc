"""Gazetteer matching: longest-first literal matches of the term lists in ``nlp/data/gazetteers/*.tsv``."""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...data import read_tsv
from ..base import Sentence, Span, register
from .vocab import alternation

GAZETTEER_FILES = ("gazetteers/places.tsv", "gazetteers/orgs.tsv", "gazetteers/products.tsv")
LATIN_EDGE = re.compile(r"[A-Za-z0-9]")


@dataclass
class Gazetteer:
    """Match known names (LOC, ORG, PRODUCT) as literal strings, longest first."""

    files: tuple[str, ...] = GAZETTEER_FILES
    name: str = "gazetteer.rules.v1"
    labels: tuple[str, ...] = ("LOC", "ORG", "PRODUCT")
    terms: dict[str, str] = field(default_factory=dict, init=False)
    pattern: re.Pattern[str] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        for path in self.files:
            for row in read_tsv(path, ("term", "label", "source")):
                self.terms.setdefault(row["term"], row["label"])
        self.pattern = re.compile(alternation(self.terms)) if self.terms else None

    def __call__(self, sentence: Sentence) -> list[Span]:
        return self.build_records(sentence, self.match(sentence))

    def match(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Non-overlapping longest matches that do not cut a Latin word in half."""
        if self.pattern is None:
            return []
        text = sentence.text
        out = []
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if LATIN_EDGE.match(match.group()[0]) and start > 0 and LATIN_EDGE.match(text[start - 1]):
                continue
            if LATIN_EDGE.match(match.group()[-1]) and end < len(text) and LATIN_EDGE.match(text[end]):
                continue
            out.append((start, end))
        return out

    def build_records(self, sentence: Sentence, matches: list[tuple[int, int]]) -> list[Span]:
        return [Span(s, e, self.terms[sentence.text[s:e]], "gazetteer", self.name) for s, e in matches]


@register("gazetteer.rules.v1")
def make_gazetteer() -> Gazetteer:
    """Factory for :class:`Gazetteer`."""
    return Gazetteer()
