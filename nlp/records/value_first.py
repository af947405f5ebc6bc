"""Key figures whose value comes first: the share (or count) of a subject that does something.

"75%的参评项目均使用了至少一种SM系列国密算法" names no metric before its value: what is measured follows it, as
the share of <subject> (参评项目) that <predicate> (使用了至少一种SM系列国密算法). Such a figure gets the metric
``<predicate>的<subject>比例`` (``数量`` for a count, ``仅有1家参评项目提供了…``) and the subject as its scope, the
population it is about. The construction is taken only when the value opens its clause (nothing before it but
words such as 如, 其中, 其余, 仅有: ``以超过50%的速度增长`` and ``占整体算力近50%的份额`` are not shares of a
subject), when a short noun phrase follows it and a predicate follows that. ``其余75%为许可链平台`` (no subject
after the value) takes the subject of the sentence's previous value-first figure. The rules are ``value_first``
of ``nlp/data/figures.yaml``; words and tags come from jieba.posseg.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import read_yaml
from ..segment.sentences import Sentence
from .figure_checks import posseg_words
from .schema import Mention

VALUE_FIRST_KEYS = frozenset({"lead", "joiner", "labels", "count_units", "modifier_tags", "max_modifiers",
                              "noun_tags", "max_subject_chars", "subject_inner_words", "clause_end", "head_drop_tags", "keep_words",
                              "copulas", "drop_tags", "tail_drop_tags", "tail_drop_words", "verb_tags", "rejects",
                              "end_reject_words", "max_chars", "min_predicate_chars", "list_marks",
                              "pairs"})

Words = list[tuple[str, str]]


@dataclass(frozen=True)
class ValueFirstRules:
    """The compiled ``value_first`` rules of ``nlp/data/figures.yaml``."""

    lead: re.Pattern[str]
    joiner: re.Pattern[str]
    suffixes: dict[str, str]
    count_units: re.Pattern[str]
    modifier_tags: frozenset[str]
    max_modifiers: int
    noun_tags: frozenset[str]
    max_subject_chars: int
    subject_inner_words: frozenset[str]
    clause_end: re.Pattern[str]
    head_drop_tags: frozenset[str]
    keep_words: frozenset[str]
    copulas: frozenset[str]
    drop_tags: frozenset[str]
    tail_drop_tags: frozenset[str]
    tail_drop_words: frozenset[str]
    verb_tags: frozenset[str]
    rejects: re.Pattern[str]
    end_reject_words: frozenset[str]
    max_chars: int
    min_predicate_chars: int
    list_marks: frozenset[str]
    pairs: tuple[str, ...]


@dataclass(frozen=True)
class ValueFirst:
    """The metric of a value-first figure and its subject (the figure's scope)."""

    metric: str
    subject: str


@lru_cache(maxsize=1)
def value_first_rules() -> ValueFirstRules:
    """Load the rules once per process."""
    from .figures import FIGURE_KEYS
    data = read_yaml("figures.yaml", FIGURE_KEYS)["value_first"]
    unknown, missing = sorted(set(data) - VALUE_FIRST_KEYS), sorted(VALUE_FIRST_KEYS - set(data))
    if unknown or missing:
        from ..errors import DataFileError
        raise DataFileError("nlp/data/figures.yaml", f"value_first: unknown keys {unknown}, missing keys {missing}")
    return ValueFirstRules(
        re.compile(data["lead"]), re.compile(data["joiner"]), {str(k): str(v) for k, v in data["labels"].items()},
        re.compile(data["count_units"]), frozenset(data["modifier_tags"]), int(data["max_modifiers"]),
        frozenset(data["noun_tags"]), int(data["max_subject_chars"]), frozenset(data["subject_inner_words"]), re.compile(data["clause_end"]),
        frozenset(data["head_drop_tags"]), frozenset(data["keep_words"]), frozenset(data["copulas"]),
        frozenset(data["drop_tags"]), frozenset(data["tail_drop_tags"]), frozenset(data["tail_drop_words"]),
        frozenset(data["verb_tags"]), re.compile(data["rejects"]), frozenset(data["end_reject_words"]),
        int(data["max_chars"]),
        int(data["min_predicate_chars"]), frozenset(data["list_marks"]), tuple(str(p) for p in data["pairs"]),
    )


def value_first(text: str, sentence: Sentence, mention: Mention, previous_subject: str = "") -> ValueFirst | None:
    """The metric and subject of a value that opens its clause and is followed by what it measures, else None.

    ``previous_subject`` is the subject of the sentence's previous value-first figure, for a value with no subject
    of its own (``其中25%的参评项目为公有链平台，其余75%为许可链平台``).
    """
    rules = value_first_rules()
    suffix = rules.suffixes.get(mention.label)
    unit = getattr(mention.value, "unit", None) or ""
    if suffix is None or (mention.label == "QUANTITY" and not rules.count_units.fullmatch(unit)):
        return None
    before = re.split(r"\n", text[sentence.start:mention.prov.char_start])[-1]
    if not rules.lead.fullmatch(rules.clause_end.split(before)[-1].strip()):
        return None
    after = rules.clause_end.split(text[mention.prov.char_end:sentence.end])[0]
    joined = rules.joiner.match(after)
    rest = after[joined.end():] if joined else after
    words = list(posseg_words(rest))
    subject, words = _subject(words, rules)
    if not subject:
        if not (previous_subject and words and words[0][0] in rules.copulas):
            return None
        subject = previous_subject
    predicate = _predicate(words, rules, rules.max_chars - len(subject) - len(suffix) - 1)
    if not predicate:
        return None
    return ValueFirst(f"{predicate}{'' if predicate.endswith('的') else '的'}{subject}{suffix}", subject)


def _subject(words: Words, rules: ValueFirstRules) -> tuple[str, Words]:
    """The noun phrase opening ``words`` (at most ``max_modifiers`` modifiers, then nouns, and after a verb modifier
    one ``的`` and more nouns: ``参与调查的网民``) and the words after it; ``""`` when there is none, or nothing follows it.

    >>> _subject([("参评", "v"), ("项目", "n"), ("均", "d"), ("使用", "v")], value_first_rules())
    ('参评项目', [('均', 'd'), ('使用', 'v')])
    """
    modifiers = 0
    while modifiers < len(words) and modifiers < rules.max_modifiers and words[modifiers][1] in rules.modifier_tags:
        modifiers += 1
    end = modifiers
    while end < len(words) and _subject_word(words, end, modifiers, rules):
        end += 1
    if modifiers and end > modifiers and end + 1 < len(words) and words[end][1] == "uj" \
            and words[end + 1][1] in rules.noun_tags:
        end += 1  # a verb-led modifier with 的: 超过 85%参与调查的网民使用过该功能
        while end < len(words) and _subject_word(words, end, modifiers, rules):
            end += 1
    subject = "".join(w for w, _ in words[:end])
    if end == modifiers or end == len(words) or len(subject) > rules.max_subject_chars:
        return "", words
    return subject, words[end:]


def _subject_word(words: Words, index: int, start: int, rules: ValueFirstRules) -> bool:
    """Whether ``words[index]`` continues the subject: a noun that is no negation (``无法``), or a word of
    ``subject_inner_words`` between two nouns (``地级以上城市``)."""
    word, tag = words[index]
    if word in rules.subject_inner_words:
        return index > start and index + 1 < len(words) and words[index + 1][1] in rules.noun_tags
    return tag in rules.noun_tags and word not in rules.keep_words


def _predicate(words: Words, rules: ValueFirstRules, budget: int) -> str:
    """What the subject does, without leading adverbs and locatives (``均``, ``中``; negations stay), aspect words
    (``了``, ``过``) and trailing function words, cut at a word boundary (before a conjunction where it can) to
    ``budget`` characters; ``""`` when it is no predicate (no verb, another value inside, too short).
    """
    copula = bool(words) and words[0][0] in rules.copulas
    words = [w for w in words if w[1] not in rules.drop_tags]
    while words and (words[0][1] in rules.head_drop_tags or words[0][0] in rules.copulas) \
            and words[0][0] not in rules.keep_words:
        words.pop(0)
    if not (copula or any(tag in rules.verb_tags for _, tag in words)):
        return ""
    words = _fit(words, budget, rules)
    if not words or words[-1][0] in rules.end_reject_words:
        return ""
    predicate = _balanced("".join(w for w, _ in words), rules)
    if len(predicate) < rules.min_predicate_chars or rules.rejects.search(predicate):
        return ""
    return predicate


def _fit(words: Words, budget: int, rules: ValueFirstRules) -> Words:
    """The words within ``budget`` characters, cut before a conjunction or list comma (``采用安全服务器或第三方托管…``
    → ``采用安全服务器``) and without function words at the end; ``[]`` when a too long predicate has no such place
    (a predicate cut anywhere else says something else: ``认为…没有太大``)."""
    if sum(len(w) for w, _ in words) > budget:
        kept, size = [], 0
        for word in words:
            if size + len(word[0]) > budget:
                break
            kept.append(word)
            size += len(word[0])
        cuts = [i for i, (w, tag) in enumerate(kept) if i > 0 and (tag == "c" or w in rules.list_marks)]
        words = kept[:cuts[-1]] if cuts else []
    while words and (words[-1][1] in rules.tail_drop_tags or words[-1][0] in rules.tail_drop_words):
        words.pop()
    return words


def _balanced(predicate: str, rules: ValueFirstRules) -> str:
    """The predicate without a quote or bracket left open by its cut (``认为“加大…体验`` → ``认为加大…体验``).

    >>> _balanced("获取“防止互联网诈骗”相关知识", value_first_rules()), _balanced("认为“平台操作流程较繁琐", value_first_rules())
    ('获取“防止互联网诈骗”相关知识', '认为平台操作流程较繁琐')
    """
    for pair in rules.pairs:
        if predicate.count(pair[0]) != predicate.count(pair[1]):
            predicate = predicate.replace(pair[0], "").replace(pair[1], "")
    return predicate
