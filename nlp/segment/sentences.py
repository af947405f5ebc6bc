"""Sentences of the normalized text: prose, headings and captions split after 。！？；; a table row is one sentence."""
from __future__ import annotations

import re

from ..extractors.base import Sentence
from ..text.blocks import Block

SENTENCE_END = re.compile(r"[。！？!?；;]+[”’」）)]?")


def split_sentences(text: str, blocks: list[Block], reference_year: int | None) -> list[Sentence]:
    """Cut every block into sentences, numbered from 0 in document order.

    >>> from nlp.text.blocks import Block
    >>> [s.text for s in split_sentences("甲。乙！丙", [Block("prose", 0, 5, 1)], 2022)]
    ['甲。', '乙！', '丙']
    """
    sentences: list[Sentence] = []
    for block in blocks:
        for start, end in _pieces(text, block):
            if text[start:end].strip():
                sentences.append(Sentence(len(sentences), start, end, text[start:end], block.kind, reference_year))
    return sentences


def _pieces(text: str, block: Block) -> list[tuple[int, int]]:
    if block.kind == "table_row":
        return [(block.start, block.end)]
    out, start = [], block.start
    for match in SENTENCE_END.finditer(text, block.start, block.end):
        out.append((start, match.end()))
        start = match.end()
    if start < block.end:
        out.append((start, block.end))
    return out
