"""Regex rules for what is regular: STD, TITLE, DATE, MONEY, PERCENT, QUANTITY.

Patterns are data (``nlp/data/patterns/regex.jsonl``); values are normalized by :mod:`nlp.normalizers`.
"""
from __future__ import annotations

import re
from functools import lru_cache
from dataclasses import dataclass, field, replace

from ...data import read_jsonl, read_tsv
from ...normalizers.amounts import parse_amount, with_qualifier
from ...normalizers.money import context_reading
from ...normalizers.dates import date_value
from ...segment.sentences import Sentence
from ..base import Span, register
from .vocab import expand

VALUE_KIND = {"MONEY": "money", "PERCENT": "percent", "QUANTITY": "quantity"}
#: Money rules for a number without a currency (200亿, 5000万以上): money only when the words around say so
#: (nlp/data/normalize/count_context.tsv; for yi_bare also the money words of money.bare in context_words.tsv).
BARE_MONEY_RULES = ("money.yi_bare.v1", "money.bare.v1")
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
            if rule in BARE_MONEY_RULES:
                if not bare_money(sentence.text, start, end):
                    continue
            elif not has_context(rule, sentence.text):
                continue
            if label in VALUE_KIND and ORDINAL_BEFORE.search(sentence.text[max(0, start - 2):start]):
                continue
            value = _value(label, text, sentence.reference_year)
            if label in VALUE_KIND or label == "DATE":
                if value is None:
                    continue
            spans.append(Span(start, end, label, "rules", rule, value))
        return detach_qualifiers(sentence.text, spans)


@lru_cache(maxsize=1)
def context_words() -> dict[str, tuple[str, ...]]:
    """Rule id → words one of which must stand in the sentence (``nlp/data/patterns/context_words.tsv``)."""
    words: dict[str, list[str]] = {}
    for row in read_tsv("patterns/context_words.tsv", ("rule", "word", "note")):
        words.setdefault(row["rule"], []).append(row["word"])
    return {rule: tuple(ws) for rule, ws in words.items()}


def has_context(rule: str, text: str) -> bool:
    """Whether ``text`` satisfies the context words of ``rule`` (always, for a rule without any).

    >>> has_context("money.bare.v1", "营收在5000万以上"), has_context("money.bare.v1", "用户超1亿")
    (True, False)
    """
    words = context_words().get(rule)
    return words is None or any(word in text for word in words)


def bare_money(text: str, start: int, end: int) -> bool:
    """Whether a number with 万/亿 and no currency is money: the nearest context word before it (or a currency on
    the amount it grows to) says money, or, when none does, the sentence is about money (the words of
    ``money.bare.v1`` in ``context_words.tsv``). The same reading as :func:`~nlp.normalizers.amounts.read_amount`.

    >>> bare_money("IPv6 活跃用户数达 6.08 亿。", 15, 21)
    False
    >>> bare_money("元宇宙产业投资子基金\t2022.9\t10亿", 18, 21)
    True
    """
    reading = context_reading(text[:start], text[end:])
    if reading is not None:
        return reading == "money"
    return has_context("money.bare.v1", text)


@lru_cache(maxsize=1)
def detached_qualifiers() -> dict[str, str]:
    """Verb-final qualifier words (``约为``) → qualifier, from ``nlp/data/normalize/detached_qualifiers.tsv``."""
    rows = read_tsv("normalize/detached_qualifiers.tsv", ("word", "qualifier", "note"))
    return {row["word"]: row["qualifier"] for row in rows}


def detach_qualifiers(text: str, spans: list[Span]) -> list[Span]:
    """Cut a verb-final qualifier (``约为 17%`` → ``17%``) out of amount spans, keeping it in the value, and give
    it to the amounts listed after it with ``、`` (``约为 17%、9%、6%``).

    >>> from nlp.records.schema import Amount
    >>> text = "分别占比约为 17%、9%、6%"
    >>> spans = RegexRules()(Sentence(0, 0, len(text), text, "prose"))
    >>> [(text[s.start:s.end], s.value.qualifier) for s in spans if s.label == "PERCENT"]
    [('17%', 'approx'), ('9%', 'approx'), ('6%', 'approx')]
    """
    words = detached_qualifiers()
    out: list[Span] = []
    carried: tuple[int, str] | None = None  # (end of the previous qualified amount, qualifier)
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.label not in VALUE_KIND or span.value is None:
            out.append(span)
            continue
        span, qualifier = _cut_word(text, span, words)
        if qualifier is None and carried and re.fullmatch(r"\s*、\s*", text[carried[0]:span.start]):
            qualifier = carried[1]
        if qualifier is not None:
            span = replace(span, value=with_qualifier(span.value, qualifier))  # type: ignore[arg-type]
            carried = (span.end, qualifier)
        else:
            carried = None
        out.append(span)
    return out


def _cut_word(text: str, span: Span, words: dict[str, str]) -> tuple[Span, str | None]:
    """The span without a leading verb-final qualifier, and that qualifier (also when it stands just before)."""
    inside = text[span.start:span.end]
    before = text[:span.start].rstrip()
    for word in sorted(words, key=len, reverse=True):
        if inside.startswith(word):
            cut = len(inside) - len(inside[len(word):].lstrip())
            value = parse_amount(inside[cut:], kind_hint=VALUE_KIND[span.label])
            if value is None:
                return span, None
            value = replace(value, text=inside[cut:])
            return replace(span, start=span.start + cut, value=value), words[word]
        if before.endswith(word):
            return span, words[word]
    return span, None


def _value(label: str, text: str, reference_year: int | None):  # type: ignore[no-untyped-def]
    if label == "DATE":
        return date_value(text, reference_year)
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
