"""The jieba baseline: jieba.posseg's name tags as mentions, a plain peer for PER/LOC/ORG.

Every sentence is cut by our jieba POS tokenizer (:func:`nlp.segment.tokenizer.jieba_tokenizers`, with the
domain dictionary); a word tagged ``nr`` becomes PER, ``ns`` LOC, ``nt`` ORG (the table is the data file
``nlp/data/baselines/jieba_posseg_tags.tsv``), adjacent words of the same tag are merged into one span
(``北京`` + ``海淀`` tagged ``ns ns`` give one LOC), and nothing else is emitted. Registered as
``jieba_posseg.baseline.v1``.

>>> ex = JiebaPossegBaseline()
>>> s = Sentence(0, 0, 12, "北京市和上海市发布了政策", "prose")
>>> [(s.text[x.start:x.end], x.label) for x in ex(s)]
[('北京市', 'LOC'), ('上海市', 'LOC')]
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from ...data import read_tsv
from ...segment.sentences import Sentence
from ..base import Span, register

TAGS_FILE = "baselines/jieba_posseg_tags.tsv"
SOURCE = "jieba"


@lru_cache(maxsize=None)
def tag_labels(relpath: str = TAGS_FILE) -> dict[str, str]:
    """The kept jieba tags and their labels (``{"nr": "PER", "ns": "LOC", "nt": "ORG"}``)."""
    return {row["tag"]: row["label"] for row in read_tsv(relpath, ("tag", "label", "note"))}


def tagged_words(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, tag)`` of each jieba word of ``text`` (offsets end-exclusive, words cover the text)."""
    from ...segment.tokenizer import jieba_tokenizers
    _, pos = jieba_tokenizers()
    out, offset = [], 0
    for pair in pos.cut(text, HMM=True):
        out.append((offset, offset + len(pair.word), pair.flag))
        offset += len(pair.word)
    return out


def merge_tagged(words: Iterable[tuple[int, int, str]], labels: dict[str, str]) -> list[tuple[int, int, str]]:
    """Spans of the kept tags, adjacent words of the same tag merged: ``(start, end, label)``.

    >>> merge_tagged([(0, 2, "ns"), (2, 4, "ns"), (4, 5, "c"), (5, 7, "nr"), (7, 9, "nt")],
    ...              {"nr": "PER", "ns": "LOC", "nt": "ORG"})
    [(0, 4, 'LOC'), (5, 7, 'PER'), (7, 9, 'ORG')]
    """
    out: list[tuple[int, int, str]] = []
    last_tag = None
    for start, end, tag in words:
        label = labels.get(tag)
        if label is None:
            last_tag = None
            continue
        if last_tag == tag and out and out[-1][1] == start:
            out[-1] = (out[-1][0], end, label)
        else:
            out.append((start, end, label))
        last_tag = tag
    return out


@dataclass
class JiebaPossegBaseline:
    """jieba.posseg ``nr``/``ns``/``nt`` words as PER/LOC/ORG spans (sentence-relative, end-exclusive)."""

    name: str = "jieba_posseg.baseline.v1"
    labels: tuple[str, ...] = ("PER", "LOC", "ORG")
    tags: dict[str, str] = field(default_factory=tag_labels)

    def match(self, sentence: Sentence) -> list[tuple[int, int, str]]:
        """Candidate spans ``(start, end, label)`` of one sentence."""
        return merge_tagged(tagged_words(sentence.text), self.tags)

    def __call__(self, sentence: Sentence) -> list[Span]:
        return [Span(start, end, label, SOURCE, self.name) for start, end, label in self.match(sentence)
                if sentence.text[start:end].strip()]


@register("jieba_posseg.baseline.v1")
def make_jieba_posseg_baseline() -> JiebaPossegBaseline:
    """Factory of :class:`JiebaPossegBaseline`."""
    return JiebaPossegBaseline()


__all__ = ["JiebaPossegBaseline", "merge_tagged", "tag_labels", "tagged_words"]
