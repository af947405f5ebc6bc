"""Person names in the credits of a report: ``主任：刘 权``, ``编写人员`` lists.

Names in a credits line are separated by spaces in the raw text; a name the PDF spaced out (``刘 权``) shows as two
one-character pieces, which are paired back. Only lines after a role word are read.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from ...segment.sentences import Sentence
from ..base import Span, register

ROLE_RE = re.compile(r"^(?:主任|副主任|主编|副主编|编写人员|编委|校稿|作者|顾问|课题组成员|执笔人?)[^：:]*[：:]?\s*")
NAME_RE = re.compile(r"^[\u4e00-\u9fff]{2,4}$")


@dataclass
class CreditNames:
    """PER spans in credit lines; the sentence text here is the raw line (spaces kept)."""

    name: str = "credits.rules.v1"
    labels: tuple[str, ...] = ("PER",)

    def __call__(self, sentence: Sentence) -> list[Span]:
        return self.build_records(sentence, self.match(sentence))

    def match(self, sentence: Sentence) -> list[tuple[int, int]]:
        """Offsets of names in a credits line, or nothing for other lines."""
        text = sentence.text
        lead = len(text) - len(text.lstrip())
        role = ROLE_RE.match(text[lead:])
        if sentence.kind != "credits" and not role:
            return []
        pos = lead + role.end() if role else 0
        pieces = [(m.start(), m.end()) for m in re.finditer(r"[\u4e00-\u9fff]+", text[pos:])]
        pieces = [(s + pos, e + pos) for s, e in pieces]
        return _pair_single_characters(text, pieces)

    def build_records(self, sentence: Sentence, matches: list[tuple[int, int]]) -> list[Span]:
        return [Span(s, e, "PER", "rules", self.name) for s, e in matches]


def _pair_single_characters(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    names, index = [], 0
    while index < len(pieces):
        start, end = pieces[index]
        if end - start == 1 and index + 1 < len(pieces) and pieces[index + 1][1] - pieces[index + 1][0] <= 2:
            names.append((start, pieces[index + 1][1]))
            index += 2
            continue
        if NAME_RE.match(text[start:end]):
            names.append((start, end))
        index += 1
    return names


@register("credits.rules.v1")
def make_credit_names() -> CreditNames:
    """Factory for :class:`CreditNames`."""
    return CreditNames()
