"""Regex rules for what is regular: STD, TITLE, DATE, MONEY, PERCENT, QUANTITY.

Patterns are data (``nlp/data/patterns/regex.jsonl``); values are normalized by :mod:`nlp.normalizers`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from ...data import read_jsonl
from ...normalizers.amounts import parse_amount
from ...normalizers.dates import parse_date
from ..base import Sentence, Span, register
from .vocab import expand

VALUE_KIND = {"MONEY": "money", "PERCENT": "percent", "QUANTITY": "quantity"}
ORDINAL_BEFORE = re.compile(r"(?:第|前|表|图|附件|序号)$")


@dataclass
class RegexRules:
    """Find STD/TITLE/DATE/MONEY/PERCENT/QUANTITY spans with the regex patterns of a data file."""

    patterns_file: str = "patterns/regex.jsonl"
    name: str = "regex.rules.v1"
    labels: tuple[str, ...] = ("STD", "TITLE", "DATE", "MONEY", "PERCENT", "QUANTITY")
    compiled: list[tuple[str, str, re.Pattern[str]]] = field(default_factory=list, init=False)

    def __post_init__(self) -> None:
        self.compiled = [(row["label"], row["id"], re.compile(expand(row["pattern"])))
                         for row in read_jsonl(self.patterns_file)]

    def __call__(self, sentence: Sentence) -> list[Span]:
        return self.build_records(sentence, self.match(sentence))

    def match(self, sentence: Sentence) -> list[tuple[int, int, str, str]]:
        """All (start, end, label, rule) matches of every pattern."""
        found = []
        for label, rule, pattern in self.compiled:
            for match in pattern.finditer(sentence.text):
                if match.end() > match.start():
                    found.append((match.start(), match.end(), label, rule))
        return found

    def build_records(self, sentence: Sentence, matches: list[tuple[int, int, str, str]]) -> list[Span]:
        """Normalize each match; drop matches whose value cannot be read or that are ordinals."""
        spans = []
        for start, end, label, rule in matches:
            text = sentence.text[start:end]
            if label in VALUE_KIND and ORDINAL_BEFORE.search(sentence.text[max(0, start - 2):start]):
                continue
            value = _value(label, text, sentence.reference_year)
            if label in VALUE_KIND or label == "DATE":
                if value is None:
                    continue
            spans.append(Span(start, end, label, "rules", rule, value))
        return spans


def _value(label: str, text: str, reference_year: int):  # type: ignore[no-untyped-def]
    if label == "DATE":
        return parse_date(text, reference_year)
    if label in VALUE_KIND:
        amount = parse_amount(text, kind_hint=VALUE_KIND[label])
        if amount is not None and label == "MONEY" and amount.currency is None:
            return None
        return amount
    return None


@register("regex.rules.v1")
def make_regex_rules(patterns_file: str = "patterns/regex.jsonl") -> RegexRules:
    """Factory for :class:`RegexRules`."""
    return RegexRules(patterns_file)
