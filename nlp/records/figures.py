"""Key figures of the prose: (metric, value, unit, period, scope, qualifier) from sentences with amounts.

For every MONEY, PERCENT and QUANTITY mention of a prose sentence: the metric is the clause text before the value
(dates, places, verbs and qualifiers trimmed), the period is the nearest DATE before it in the sentence (else any
DATE of the sentence), the scope is the first place of the sentence or 全国 when it speaks of 我国/全国.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from ..data import read_yaml
from ..segment.sentences import Sentence
from ..ingest.document import RawDocument
from ..text.normalize import NormalizedText
from .figure_checks import figure_checks, is_key_figure, posseg_words, repair_metric, tail_words
from .schema import Amount, DateValue, KeyFigure, Mention, Provenance
from .value_first import value_first

VALUE_LABELS = ("MONEY", "PERCENT", "QUANTITY")
FIGURE_KEYS = frozenset({"clause_break", "drop_spans", "trim_head", "trim_tail", "growth_cues", "share_cues",
                         "count_suffixes", "max_chars", "bare_max_chars", "enumeration", "cue_tail_chars",
                         "checks", "value_first", "share_names", "of_previous",
                         "share_tail", "listed_count_max", "list_marks", "noun_tags"})
GROWTH_SUFFIXES = ("同比增长率", "复合增长率", "增长率", "下降率")


@dataclass(frozen=True)
class MetricRules:
    """The compiled rules of ``nlp/data/figures.yaml``."""

    clause_break: re.Pattern[str]
    drop_spans: tuple[re.Pattern[str], ...]
    trim_head: re.Pattern[str]
    trim_tail: re.Pattern[str]
    growth_cues: tuple[tuple[re.Pattern[str], str], ...]
    share_cues: re.Pattern[str]
    count_suffixes: re.Pattern[str]
    max_chars: int
    bare_max_chars: int
    enumeration: re.Pattern[str]
    cue_tail_chars: str
    share_names: re.Pattern[str]
    of_previous: re.Pattern[str]
    share_tail: re.Pattern[str]
    listed_count_max: int
    list_marks: str
    noun_tags: frozenset[str]


@lru_cache(maxsize=1)
def metric_rules() -> MetricRules:
    """Load the metric rules once per process."""
    data = read_yaml("figures.yaml", FIGURE_KEYS)
    return MetricRules(
        re.compile(data["clause_break"]), tuple(re.compile(p) for p in data["drop_spans"]),
        re.compile(data["trim_head"]), re.compile(data["trim_tail"]),
        tuple((re.compile(c["cue"] + "$"), c["suffix"]) for c in data["growth_cues"]),
        re.compile(data["share_cues"]), re.compile(data["count_suffixes"]), int(data["max_chars"]),
        int(data["bare_max_chars"]), re.compile(data["enumeration"]), str(data["cue_tail_chars"]),
        re.compile(data["share_names"]), re.compile(data["of_previous"]), re.compile(data["share_tail"]),
        int(data["listed_count_max"]), str(data["list_marks"]), frozenset(data["noun_tags"]),
    )


def key_figures(doc: RawDocument, normalized: NormalizedText, sentences: list[Sentence], mentions: list[Mention]) -> list[KeyFigure]:
    """Key figures of all prose sentences."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.prov.sentence, []).append(mention)
    figures: list[KeyFigure] = []
    for sentence in sentences:
        if sentence.kind != "prose":
            continue
        found = sorted(by_sentence.get(sentence.index, []), key=lambda m: m.prov.char_start)
        previous: KeyFigure | None = None
        previous_end = sentence.start
        places = {m.norm_text for m in found if m.label == "LOC"}
        for mention in found:
            if mention.label in VALUE_LABELS and isinstance(mention.value, Amount):
                figure, named = _figure(normalized.text, sentence, mention, found, previous, previous_end, places)
                if is_key_figure(figure, normalized.text, metric_checked=named):
                    figures.append(figure)
                previous, previous_end = figure, mention.prov.char_end
    return figures


def _figure(text: str, sentence: Sentence, mention: Mention, found: list[Mention], previous: KeyFigure | None,
            previous_end: int, places: set[str]) -> tuple[KeyFigure, bool]:
    """One key figure, and whether its metric was built from the words after a value that opens its clause
    (:mod:`nlp.records.value_first`: ``75%的参评项目均使用了…``), whose subject is its scope.

    A value enumerated after the previous one (``约为 17%、9%``) shares its metric and qualifier, a growth rate
    shares the period of the figure it is the growth of."""
    value: Amount = mention.value  # type: ignore[assignment]
    when = period(mention, found)
    if previous is not None and metric_rules().enumeration.fullmatch(text[previous_end:mention.prov.char_start]):
        if previous.value.qualifier != "exact" and value.qualifier == "exact" and previous.value.kind == value.kind:
            value = replace(value, qualifier=previous.value.qualifier)
        return KeyFigure(previous.metric, value, when, previous.scope, mention.prov), False
    first = value_first(text, sentence, mention, _value_first_subject(previous))
    if first is not None:
        return KeyFigure(first.metric, value, when, first.subject, mention.prov), True
    name = metric(text, sentence, mention, previous.metric if previous else "", places)
    if previous is not None and name.endswith(GROWTH_SUFFIXES) and previous.period is not None:
        when = previous.period
    return KeyFigure(name, value, when, scope(sentence, found), mention.prov), False


def _value_first_subject(previous: KeyFigure | None) -> str:
    """The subject of the previous figure when its metric was built value first (``…的参评项目比例``, scope
    ``参评项目``), else ``""``."""
    if previous is None or not previous.scope:
        return ""
    return previous.scope if re.search(f"的{re.escape(previous.scope)}(?:比例|数量)$", previous.metric) else ""


def metric(text: str, sentence: Sentence, mention: Mention, previous: str = "", places: set[str] | frozenset[str] = frozenset()) -> str:
    """The metric of a value: the noun phrase of the clause before it, named as a growth rate, share or count.

    ``previous`` is the metric of the sentence's previous figure: a growth rate or an enumerated share
    (``分别占比约为 17%、9%``) is a figure of the same subject.
    """
    rules = metric_rules()
    clause = _clause_before(text[sentence.start:mention.prov.char_start], rules)
    amount = mention.value
    if mention.label == "PERCENT":
        for cue, suffix in rules.growth_cues:
            if cue.search(clause.rstrip(rules.cue_tail_chars)):
                subject = _trim(cue.sub("", clause), rules) or _base_metric(previous, keep_count=True)
                return _fit(subject + suffix, rules) if subject else ""
    subject = _trim(clause, rules)
    if mention.label == "PERCENT":
        if rules.share_cues.search(clause) and subject and not rules.share_names.search(subject):
            subject += "占比"
        elif not subject and previous.endswith("占比"):
            subject = previous
        if previous and rules.of_previous.search(subject):
            subject = _base_metric(previous) + subject
    elif mention.label == "QUANTITY":
        noun = _noun_after(text, mention, rules)
        counted = _noun_after(text, mention, rules, nouns_only=True)
        if _lists_items(subject, amount, rules):
            subject = noun
        elif len(subject) < 3 or subject in places:
            subject = (subject if subject not in places else "") + noun if noun else subject
        elif counted and _ends_with_verb(subject):
            subject = f"{subject}的{counted}"
        if subject and getattr(amount, "unit", None) and not rules.count_suffixes.search(subject):
            subject += "数量"
    if previous and 0 < len(subject) <= rules.bare_max_chars and not previous.startswith(subject) \
            and not _base_metric(previous).endswith(subject):
        subject = _base_metric(previous) + subject
    return _fit(subject, rules)


def _fit(name: str, rules: MetricRules) -> str:
    """The metric cut to ``max_chars`` at a word boundary, without function words at its edges."""
    return repair_metric(name if len(name) <= rules.max_chars else tail_words(name, rules.max_chars))


def _clause_before(before: str, rules: MetricRules) -> str:
    for pattern in rules.drop_spans[:1]:
        before = pattern.sub("", before)
    pieces = [p for p in rules.clause_break.split(before)]
    clause = pieces[-1] if pieces else ""
    if len(clause.strip()) < 2 and len(pieces) > 1:
        clause = pieces[-2]
    for pattern in rules.drop_spans[1:]:
        clause = pattern.sub("", clause)
    return clause.strip()


def _trim(clause: str, rules: MetricRules) -> str:
    previous = None
    while previous != clause:
        previous = clause
        clause = rules.trim_tail.sub("", rules.trim_head.sub("", clause)).strip()
    return clause


def _base_metric(metric_text: str, keep_count: bool = False) -> str:
    """A metric without its growth or share suffix (and without 数量 unless ``keep_count``), and without the share
    phrase that ends a share metric (``产业数字化规模占GDP比重`` → ``产业数字化规模``).

    >>> _base_metric("区块链相关政策数量"), _base_metric("区块链相关政策数量", keep_count=True)
    ('区块链相关政策', '区块链相关政策数量')
    >>> _base_metric("产业数字化规模占GDP比重")
    '产业数字化规模'
    """
    suffixes = r"(?:同比增长率|复合增长率|增长率|下降率|占比)$" if keep_count else r"(?:同比增长率|复合增长率|增长率|下降率|占比|数量)$"
    base = re.sub(suffixes, "", metric_text)
    return metric_rules().share_tail.sub("", base) or base


def _lists_items(subject: str, amount: object, rules: MetricRules) -> bool:
    """True for a small count after a clause that lists items (``支持GASM、WASMER、WXVM、EVM`` 四种合约引擎): it
    counts what follows it, not the list."""
    value = getattr(amount, "value", None)
    return value is not None and value <= rules.listed_count_max and any(m in subject for m in rules.list_marks)


def _noun_after(text: str, mention: Mention, rules: MetricRules, nouns_only: bool = False) -> str:
    """The noun right after a count (``1700余家企业`` → 企业), up to the clause's end; with ``nouns_only``, its
    leading noun words only (``200多个矿井提供技术服务`` → 矿井).

    >>> from nlp.records.schema import Provenance
    >>> m = Mention("QUANTITY", "200多个", Provenance("d", 1, 0, 0, 5, 0, 5, 1), "rules", None, "200多个")
    >>> _noun_after("200多个矿井提供技术服务。", m, metric_rules(), nouns_only=True)
    '矿井'
    """
    after = rules.clause_break.split(text[mention.prov.char_end:mention.prov.char_end + 16])[0]
    match = re.match(r"[\u4e00-\u9fffA-Za-z]{1,8}", after)
    if not match:
        return ""
    if not nouns_only:
        return rules.trim_tail.sub("", match.group(0))
    nouns: list[str] = []
    for word, tag in posseg_words(match.group(0)):
        if tag not in rules.noun_tags:
            break
        nouns.append(word)
    return "".join(nouns)


def _ends_with_verb(subject: str) -> bool:
    """True when a metric built from the clause before a count ends with a verb (``参加《…》评选`` 百余家企业): the
    count counts the noun after it, which the metric then names (``参加《…》评选的企业``)."""
    words = posseg_words(subject)
    return bool(words) and words[-1][1] in ("v", "vd", "vi") and words[-1][0] not in figure_checks().bad_last_words


def period(mention: Mention, found: list[Mention]) -> DateValue | None:
    """The nearest DATE before the value in the sentence, else the first DATE after it."""
    dates = [m for m in found if m.label == "DATE" and isinstance(m.value, DateValue)]
    before = [m for m in dates if m.prov.char_end <= mention.prov.char_start]
    chosen = before[-1] if before else (dates[0] if dates else None)
    return chosen.value if chosen else None  # type: ignore[return-value]


def scope(sentence: Sentence, found: list[Mention]) -> str:
    """The first place named in the sentence, or 全国 for 我国/全国."""
    places = [m.norm_text for m in found if m.label == "LOC"]
    if places:
        return places[0]
    return "全国" if ("我国" in sentence.text or "全国" in sentence.text) else ""


def figure_provenance(figure: KeyFigure) -> Provenance:
    """The provenance of a figure (its value's mention)."""
    return figure.prov
