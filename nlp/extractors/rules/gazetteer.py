"""Known names (LOC, ORG, PRODUCT) of ``nlp/data/gazetteers`` as spans, by :class:`nlp.segment.terms.TermMatcher`."""
from __future__ import annotations

from dataclasses import dataclass, field

from ...data.terms import GAZETTEER_FILES
from ...segment.sentences import Sentence
from ...segment.terms import TermMatcher
from ..base import Span, register


@dataclass
class Gazetteer:
    """Match known names (LOC, ORG, PRODUCT) as literal strings, longest first."""

    files: tuple[str, ...] = GAZETTEER_FILES
    name: str = "gazetteer.rules.v1"
    labels: tuple[str, ...] = ("LOC", "ORG", "PRODUCT")
    matcher: TermMatcher = field(init=False)

    def __post_init__(self) -> None:
        self.matcher = TermMatcher(self.files)

    @property
    def terms(self) -> dict[str, str]:
        """Name → label."""
        return self.matcher.terms

    def __call__(self, sentence: Sentence) -> list[Span]:
        return self.build_records(sentence, self.match(sentence))

    def match(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Non-overlapping longest matches that do not cut a Latin word in half."""
        return self.matcher.match(sentence.text)

    def build_records(self, sentence: Sentence, matches: list[tuple[int, int]]) -> list[Span]:
        return [Span(s, e, self.terms[sentence.text[s:e]], "gazetteer", self.name) for s, e in matches]


@register("gazetteer.rules.v1")
def make_gazetteer() -> Gazetteer:
    """Factory for :class:`Gazetteer`."""
    return Gazetteer()
