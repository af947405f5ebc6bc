"""Whether a key figure is emitted: its metric names what is measured (precision over recall, issue 19).

A figure is left out when its metric is empty or a fragment of the clause (``余``, ``将``, ``来已注册企业数量``), holds
an enumeration or another value (``1项隐私保护``, ``14.7万条河流、``), starts with a preposition, conjunction or
adverb (``比上年增长率``, ``再犯可处年营业额``) or ends with one (``该法对数量``, ``研发投入在``), and when the
value is an ordinal or a law's article count (``第二十三条``, ``76条``). The checks are ``checks`` of
``nlp/data/figures.yaml``; the words and tags come from the pipeline's own jieba POS tokenizer
(:func:`nlp.segment.tokenizer.jieba_tokenizers`: jieba's dictionary with the domain words), not from jieba's global
one, which would load the dictionary a second time (0.6 s CPU and about 60 MiB on the first document).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import read_yaml
from .schema import KeyFigure

LETTER_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]")
METRIC_SUFFIXES = re.compile(r"(?:同比增长率|复合增长率|增长率|下降率|占比|数量)$")


@dataclass(frozen=True)
class FigureChecks:
    """The compiled ``checks`` of ``nlp/data/figures.yaml``."""

    min_letters: int
    bad_last_words: frozenset[str]
    metric_rejects: re.Pattern[str]
    bad_first_tags: frozenset[str]
    bad_last_tags: frozenset[str]
    lead_punctuation: str
    ordinal_before: re.Pattern[str]
    legal_units: re.Pattern[str]


@lru_cache(maxsize=1)
def figure_checks() -> FigureChecks:
    """Load the checks once per process."""
    from .figures import FIGURE_KEYS
    data = read_yaml("figures.yaml", FIGURE_KEYS)["checks"]
    return FigureChecks(int(data["min_letters"]), frozenset(data["bad_last_words"]), re.compile(data["metric_rejects"]), frozenset(data["bad_first_tags"]),
                        frozenset(data["bad_last_tags"]), str(data["lead_punctuation"]), re.compile(data["ordinal_before"]),
                        re.compile(rf"(?:{data['legal_units']})$"))


@lru_cache(maxsize=4096)
def posseg_words(text: str) -> tuple[tuple[str, str], ...]:
    """The (word, jieba.posseg tag) pairs of a text, cut by the pipeline's own POS tokenizer (one dictionary)."""
    from ..segment.tokenizer import jieba_tokenizers
    return tuple((w.word, w.flag) for w in jieba_tokenizers()[1].cut(text, HMM=True))


def tail_words(text: str, max_chars: int) -> str:
    """The end of a too long metric cut at a word boundary, not inside a word (``研究院对参加…`` is not cut to
    ``究院对参加…``).

    >>> tail_words("赛迪区块链研究院对参加评选数量", 9)
    '对参加评选数量'
    """
    kept, size = [], 0
    for word, _ in reversed(posseg_words(text)):
        if size + len(word) > max_chars:
            break
        kept.append(word)
        size += len(word)
    return "".join(reversed(kept))


def repair_metric(metric: str) -> str:
    """A metric without the function words a clause left at its edges: prepositions, conjunctions, adverbs and
    pronouns at its start (``对参加…``, ``将``), and before its 数量/占比/增长率 suffix (``研发投入在``).

    >>> repair_metric("对参加评选的企业数量"), repair_metric("该方法已开具数量"), repair_metric("研发投入在")
    ('参加评选的企业数量', '方法已开具数量', '研发投入')
    """
    checks = figure_checks()
    suffix = METRIC_SUFFIXES.search(metric)
    tail = suffix.group(0) if suffix else ""
    words = list(posseg_words(metric[:len(metric) - len(tail)]))
    while words and (words[0][1] in checks.bad_first_tags or words[0][0] in checks.lead_punctuation):
        words.pop(0)
    while words and words[-1][1] in checks.bad_last_tags:
        words.pop()
    return "".join(w for w, _ in words) + tail if words else ""


def names_a_measure(metric: str) -> bool:
    """True when a metric names what is measured (not empty, a fragment, or a clause about another value).

    >>> [names_a_measure(m) for m in ("区块链产业规模", "司法解释数量", "余", "比上年增长率", "该法对数量", "1项隐私保护数量")]
    [True, True, False, False, False, False]
    """
    checks = figure_checks()
    subject = METRIC_SUFFIXES.sub("", metric)
    if len(LETTER_RE.findall(subject)) < checks.min_letters or checks.metric_rejects.search(metric):
        return False
    words = posseg_words(metric)
    if not words or words[0][1] in checks.bad_first_tags:
        return False
    base = posseg_words(subject) or words
    return base[-1][1] not in checks.bad_last_tags and base[-1][0] not in checks.bad_last_words


def is_key_figure(figure: KeyFigure, text: str, metric_checked: bool = False) -> bool:
    """True when the figure is emitted: a metric naming a measure, a value that is no ordinal or article count.
    ``text`` is the normalized document text the figure's offsets point into; ``metric_checked`` says the metric
    was built and checked word by word (:mod:`nlp.records.value_first`: ``对测试漏洞提出告警的参评项目比例``
    starts with a preposition as a predicate may), so only its length and the values inside it are checked."""
    checks = figure_checks()
    start = figure.prov.char_start
    if checks.ordinal_before.search(text[max(0, start - 8):start]):
        return False
    if figure.value.kind == "quantity" and checks.legal_units.search(figure.value.text.strip()):
        return False
    if metric_checked:
        return len(LETTER_RE.findall(figure.metric)) >= checks.min_letters and not checks.metric_rejects.search(figure.metric)
    return names_a_measure(figure.metric)
