"""Organization names found by their head (有限公司, 研究院, 联盟, 人民政府 ...) and scanned leftwards.

The scan stops at punctuation, digits that start a date, a tab, or a stop word (``nlp/data/gazetteers/org_stops.tsv``,
and the ``scan_stop`` verbs of ``org_rule_guards.tsv``); it gives up on names shorter than the head plus two characters. A head that ends a common word
(``false_head``: 内部, 全部, 展厅) is none, unless a ``true_head`` word ends there (国家安全部), and a name whose part before the head is made only of ``generic`` words
(科技公司, 区块链产业联盟, 引导基金) is a description, not an organization (a one-character head excepted: 科技部). The head also suggests the ORG type.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...data.terms import org_head_pattern, org_heads, org_rule_guards, org_stop_words
from ...text.normalize import is_cjk
from ...segment.sentences import Sentence
from ..base import Span, register

MAX_NAME_CHARS = 32
MIN_NAME_EXTRA = 2
NAME_PUNCT = "（）()·“”-&"
BREAK_PUNCT = "，。、；：！？,;:!?《》\t\n 「」【】"


@dataclass(frozen=True)
class WordEnds:
    """Words looked up by where they end in a text: one set lookup per word length, not a scan of the list."""

    words: frozenset[str]
    lengths: tuple[int, ...]

    @classmethod
    def of(cls, words: frozenset[str]) -> WordEnds:
        return cls(words, tuple(sorted({len(w) for w in words}, reverse=True)))

    def end_at(self, text: str, pos: int) -> bool:
        """True when one of the words ends at ``pos`` of ``text``."""
        return any(n <= pos and text[pos - n:pos] in self.words for n in self.lengths)


@dataclass
class OrgSuffixRule:
    """Find ORG spans ending with a known organizational head."""

    name: str = "org_suffix.rules.v1"
    labels: tuple[str, ...] = ("ORG",)
    suffixes: dict[str, str] = field(default_factory=dict, init=False)
    stops: WordEnds = field(init=False)
    false_heads: WordEnds = field(init=False)
    true_heads: WordEnds = field(init=False)
    generic: frozenset[str] = field(default=frozenset(), init=False)
    pattern: re.Pattern[str] | None = field(default=None, init=False)

    def __post_init__(self) -> None:
        guards = org_rule_guards()
        self.suffixes = {head: org_type for head, (org_type, _) in org_heads().items()}
        self.stops = WordEnds.of(org_stop_words() | guards["scan_stop"])
        self.false_heads, self.true_heads = WordEnds.of(guards["false_head"]), WordEnds.of(guards["true_head"])
        self.generic = guards["generic"]
        self.pattern = org_head_pattern()

    def __call__(self, sentence: Sentence) -> list[Span]:
        return self.build_records(sentence, self.match(sentence))

    def match(self, sentence: Sentence) -> list[tuple[int, int, str]]:
        """(start, end, head) of each name; a longer head at the same end wins."""
        assert self.pattern is not None
        found: dict[int, tuple[int, int, str]] = {}
        text = sentence.text
        for match in self.pattern.finditer(text):
            if self.ends_false_head(text, match.end()):
                continue
            start = self.left_edge(text, match.start())
            body = text[start:match.start()]
            if len(body) >= MIN_NAME_EXTRA and not self.description(body, match.group()):
                found[match.end()] = (start, match.end(), match.group())
        return sorted(found.values())

    def ends_false_head(self, text: str, end: int) -> bool:
        """True when a common word that merely ends with a head (内部, 全部) ends at ``end``, and no head word that
        ends with one (安全部) does."""
        return self.false_heads.end_at(text, end) and not self.true_heads.end_at(text, end)

    def description(self, body: str, head: str) -> bool:
        """True when the part of a name before a head of two characters or more is made only of generic words
        (科技公司, 区块链产业联盟); a one-character head makes short official names of such words (科技部, 金融委)."""
        if len(head) < 2:
            return False
        body = body.strip("“”\"'")
        can_end = [True] + [False] * len(body)  # can_end[i]: body[:i] is a sequence of generic words
        for i in range(1, len(body) + 1):
            can_end[i] = any(can_end[i - len(w)] and body.endswith(w, 0, i) for w in self.generic if len(w) <= i)
        return bool(body) and can_end[-1]

    def left_edge(self, text: str, head_start: int) -> int:
        """Scan left from the head while the characters can belong to a name."""
        pos = head_start
        while pos > 0 and head_start - pos < MAX_NAME_CHARS:
            char = text[pos - 1]
            if char in BREAK_PUNCT or not (is_cjk(char) or char.isalnum() or char in NAME_PUNCT):
                break
            if char in "，。、；：“”" and char not in NAME_PUNCT:
                break
            if self.stops.end_at(text, pos):
                break
            pos -= 1
        while pos < head_start and (text[pos] in "）)”-&·" or text[pos].isdigit()):
            pos += 1
        return pos

    def build_records(self, sentence: Sentence, matches: list[tuple[int, int, str]]) -> list[Span]:
        return [Span(s, e, "ORG", "rules", self.name, org_type=self.suffixes[head]) for s, e, head in matches]


@register("org_suffix.rules.v1")
def make_org_suffix() -> OrgSuffixRule:
    """Factory for :class:`OrgSuffixRule`."""
    return OrgSuffixRule()
