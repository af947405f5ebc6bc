"""Literal longest-first matching of the gazetteer names (``nlp/data/gazetteers``) in a text.

Used by the segmentation features (a token inside a known name) and by the gazetteer extractor
(:mod:`nlp.extractors.rules.gazetteer`), which turns the matches into spans.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..data.terms import GAZETTEER_FILES, alternation, gazetteer_terms

LATIN_EDGE = re.compile(r"[A-Za-z0-9]")


@dataclass
class TermMatcher:
    """Known names (term → label) matched as literal strings, longest first.

    >>> matcher = TermMatcher(terms={"北京市": "LOC", "IBM": "ORG"})
    >>> matcher.match("北京市与IBMX合作")
    [(0, 3)]
    """

    files: tuple[str, ...] = GAZETTEER_FILES
    terms: dict[str, str] = field(default_factory=dict)
    pattern: re.Pattern[str] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        if not self.terms:
            self.terms = gazetteer_terms(self.files)
        self.pattern = re.compile(alternation(self.terms)) if self.terms else None

    def match(self, text: str) -> list[tuple[int, int]]:
        """Non-overlapping longest matches that do not cut a Latin word in half."""
        if self.pattern is None:
            return []
        out = []
        for match in self.pattern.finditer(text):
            start, end = match.span()
            if LATIN_EDGE.match(match.group()[0]) and start > 0 and LATIN_EDGE.match(text[start - 1]):
                continue
            if LATIN_EDGE.match(match.group()[-1]) and end < len(text) and LATIN_EDGE.match(text[end]):
                continue
            out.append((start, end))
        return out


__all__ = ["TermMatcher"]
