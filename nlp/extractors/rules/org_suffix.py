"""Organization names found by their head (有限公司, 研究院, 联盟, 人民政府 ...) and scanned leftwards.

The scan stops at punctuation, digits that start a date, a tab, or a stop word (``nlp/data/gazetteers/org_stops.tsv``),
and gives up on names shorter than the head plus two characters. The head also suggests the ORG type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from ...data import read_tsv
from ...text.normalize import is_cjk
from ..base import Sentence, Span, register

MAX_NAME_CHARS = 32
MIN_NAME_EXTRA = 2
NAME_PUNCT = "（）()·“”-&"
BREAK_PUNCT = "，。、；：！？,;:!?《》\t\n 「」【】"


@lru_cache(maxsize=1)
def org_heads() -> dict[str, tuple[str, str]]:
    """Organization head → (the ORG type it suggests, the characters that must not follow it), from
    ``nlp/data/gazetteers/org_suffixes.tsv`` (read once per process)."""
    rows = read_tsv("gazetteers/org_suffixes.tsv", ("suffix", "org_type", "source", "not_followed_by"))
    return {r["suffix"]: (r["org_type"], r["not_followed_by"]) for r in rows}


@lru_cache(maxsize=1)
def org_head_pattern() -> re.Pattern[str]:
    """Any organization head, longest first, each with its guard (a head followed by one of its
    ``not_followed_by`` characters is not one: 公司债, 部署)."""
    heads = sorted(org_heads(), key=lambda w: (-len(w), w))
    guards = {head: guard for head, (_, guard) in org_heads().items()}
    return re.compile("|".join(re.escape(h) + (f"(?![{re.escape(guards[h])}])" if guards[h] else "") for h in heads))


@lru_cache(maxsize=1)
def org_stop_words() -> frozenset[str]:
    """The words that end the leftward scan of a name (``nlp/data/gazetteers/org_stops.tsv``, read once)."""
    return frozenset(r["word"] for r in read_tsv("gazetteers/org_stops.tsv", ("word", "kind", "source")))


@dataclass
class OrgSuffixRule:
    """Find ORG spans ending with a known organizational head."""

    name: str = "org_suffix.rules.v1"
    labels: tuple[str, ...] = ("ORG",)
    suffixes: dict[str, str] = field(default_factory=dict, init=False)
    stops: tuple[str, ...] = field(default=(), init=False)
    stop_set: frozenset[str] = field(default=frozenset(), init=False)
    stop_lengths: tuple[int, ...] = field(default=(), init=False)
    pattern: re.Pattern[str] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        self.suffixes = {head: org_type for head, (org_type, _) in org_heads().items()}
        self.stops = tuple(sorted(org_stop_words(), key=len, reverse=True))
        self.stop_set = frozenset(self.stops)
        self.stop_lengths = tuple(sorted({len(w) for w in self.stops}, reverse=True))
        self.pattern = org_head_pattern()

    def __call__(self, sentence: Sentence) -> list[Span]:
        return self.build_records(sentence, self.match(sentence))

    def match(self, sentence: Sentence) -> list[tuple[int, int, str]]:
        """(start, end, head) of each name; a longer head at the same end wins."""
        assert self.pattern is not None
        found: dict[int, tuple[int, int, str]] = {}
        for match in self.pattern.finditer(sentence.text):
            start = self.left_edge(sentence.text, match.start())
            if match.start() - start >= MIN_NAME_EXTRA:
                found[match.end()] = (start, match.end(), match.group())
        return sorted(found.values())

    def left_edge(self, text: str, head_start: int) -> int:
        """Scan left from the head while the characters can belong to a name."""
        pos = head_start
        while pos > 0 and head_start - pos < MAX_NAME_CHARS:
            char = text[pos - 1]
            if char in BREAK_PUNCT or not (is_cjk(char) or char.isalnum() or char in NAME_PUNCT):
                break
            if char in "，。、；：“”" and char not in NAME_PUNCT:
                break
            if self.stop_ends_at(text, pos):
                break
            pos -= 1
        while pos < head_start and (text[pos] in "）)”-&·" or text[pos].isdigit()):
            pos += 1
        return pos

    def stop_ends_at(self, text: str, pos: int) -> bool:
        """True when a stop word ends at ``pos`` (a set lookup per stop-word length, not a scan of the list)."""
        return any(length <= pos and text[pos - length:pos] in self.stop_set for length in self.stop_lengths)

    def build_records(self, sentence: Sentence, matches: list[tuple[int, int, str]]) -> list[Span]:
        return [Span(s, e, "ORG", "rules", self.name, org_type=self.suffixes[head]) for s, e, head in matches]


@register("org_suffix.rules.v1")
def make_org_suffix() -> OrgSuffixRule:
    """Factory for :class:`OrgSuffixRule`."""
    return OrgSuffixRule()
