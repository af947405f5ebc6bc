"""Aligning the text a prediction was made from with the text the gold was made from.

Gold and predictions are compared **by content**: both texts are folded (:func:`fold`: NFKC width folding, all
whitespace removed) and the folded texts are aligned, so a mention extracted from the PDF of the first report
(whose ``raw_*`` offsets are in the PDF's logical text) finds its gold counterpart in the corpus text the gold's
offsets refer to. The alignment is an anchor chain (patience-diff style): character k-grams that occur exactly once
in each folded text are anchors; the longest chain of anchors in the same order on both sides is kept and each
anchor is grown left and right while the characters agree; the gaps between the grown blocks are aligned again
with :class:`difflib.SequenceMatcher` (they are short). The result is a list of matching blocks
``(pred_index, gold_index, length)`` over the folded texts.

A predicted span maps onto gold offsets when its first and last folded characters lie in matching blocks and the
gold text between their images folds to the same text as the span; otherwise it has no gold position (it then
counts as a false positive, never as a match). A predicted row (a table record, a key figure, a paragraph) maps
its start to the nearest block to find its gold line.
"""
from __future__ import annotations

import bisect
import difflib
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

#: Length of the k-grams used as anchors (long enough to be unique in a report, short enough to fit between
#: the differences of two extractions of it).
ANCHOR_K = 12
#: Gaps between anchor blocks up to this many characters (each side) are aligned with difflib.
GAP_MAX = 4000


def fold_char(ch: str) -> str:
    """One character as compared: NFKC (full width → half width, compatibility forms), whitespace → ``""``.

    >>> fold_char("％"), fold_char("（"), fold_char(" "), fold_char("\\u3000"), fold_char("链")
    ('%', '(', '', '', '链')
    """
    out = unicodedata.normalize("NFKC", ch)
    return "".join(c for c in out if not c.isspace())


def fold(text: str) -> str:
    """A text as compared on both sides of every match: :func:`fold_char` of each character.

    >>> fold("财政部办公 厅"), fold("２０２２ 年 ５ 月"), fold("（国家发展改革委）")
    ('财政部办公厅', '2022年5月', '(国家发展改革委)')
    """
    return "".join(fold_char(c) for c in text)


@dataclass(slots=True)
class FoldedText:
    """A folded text and, for each folded character, the offset of the raw character it came from."""

    text: str
    origin: list[int]

    @classmethod
    def of(cls, raw: str) -> FoldedText:
        """Fold ``raw`` keeping the map back to raw offsets.

        >>> f = FoldedText.of("A 链 ％")
        >>> f.text, f.origin
        ('A链%', [0, 2, 4])
        """
        chars: list[str] = []
        origin: list[int] = []
        for i, ch in enumerate(raw):
            for c in fold_char(ch):
                chars.append(c)
                origin.append(i)
        return cls("".join(chars), origin)

    def index_at(self, raw_offset: int) -> int:
        """The folded index of the first folded character at or after ``raw_offset``."""
        return bisect.bisect_left(self.origin, raw_offset)


def _unique_grams(text: str, k: int) -> dict[str, int]:
    counts = Counter(text[i:i + k] for i in range(len(text) - k + 1))
    return {text[i:i + k]: i for i in range(len(text) - k + 1) if counts[text[i:i + k]] == 1}


def _longest_chain(pairs: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """The longest chain of pairs increasing on both sides (pairs sorted by their first element)."""
    tails: list[int] = []
    tail_at: list[int] = []
    back = [-1] * len(pairs)
    for n, (_, b) in enumerate(pairs):
        i = bisect.bisect_left(tails, b)
        if i == len(tails):
            tails.append(b)
            tail_at.append(n)
        else:
            tails[i] = b
            tail_at[i] = n
        back[n] = tail_at[i - 1] if i else -1
    out = []
    n = tail_at[-1] if tail_at else -1
    while n >= 0:
        out.append(pairs[n])
        n = back[n]
    return out[::-1]


def _grow(a: str, b: str, i: int, j: int, lo_a: int, lo_b: int) -> tuple[int, int, int]:
    """The maximal block of equal characters through ``a[i] == b[j]``, not left of ``lo_a``/``lo_b``."""
    s, t = i, j
    while s > lo_a and t > lo_b and a[s - 1] == b[t - 1]:
        s, t = s - 1, t - 1
    e, f = i, j
    while e < len(a) and f < len(b) and a[e] == b[f]:
        e, f = e + 1, f + 1
    return s, t, e - s


def _gap_blocks(a: str, b: str, a0: int, a1: int, b0: int, b1: int) -> list[tuple[int, int, int]]:
    if a1 <= a0 or b1 <= b0 or a1 - a0 > GAP_MAX or b1 - b0 > GAP_MAX:
        return []
    sm = difflib.SequenceMatcher(None, a[a0:a1], b[b0:b1], autojunk=False)
    return [(a0 + x, b0 + y, n) for x, y, n in sm.get_matching_blocks() if n]


def matching_blocks(a: str, b: str, k: int = ANCHOR_K) -> list[tuple[int, int, int]]:
    """Matching blocks ``(i, j, n)`` (``a[i:i+n] == b[j:j+n]``), increasing on both sides.

    >>> matching_blocks("abcdefghij", "abcdefghij", k=4)
    [(0, 0, 10)]
    >>> matching_blocks("区块链产业规模约67亿元同比增长", "区块链产业规模约67亿元。同比增长", k=4)
    [(0, 0, 12), (12, 13, 4)]
    """
    if a == b:
        return [(0, 0, len(a))] if a else []
    ga, gb = _unique_grams(a, k), _unique_grams(b, k)
    pairs = sorted((i, gb[g]) for g, i in ga.items() if g in gb)
    blocks: list[tuple[int, int, int]] = []
    end_a = end_b = 0
    for i, j in _longest_chain(pairs):
        if i < end_a or j < end_b:
            continue
        s, t, n = _grow(a, b, i, j, end_a, end_b)
        blocks.extend(_gap_blocks(a, b, end_a, s, end_b, t))
        blocks.append((s, t, n))
        end_a, end_b = s + n, t + n
    blocks.extend(_gap_blocks(a, b, end_a, len(a), end_b, len(b)))
    return blocks


@dataclass(slots=True)
class Alignment:
    """The alignment of a predicted document's raw text with the gold's raw text."""

    pred: FoldedText
    gold: FoldedText
    blocks: list[tuple[int, int, int]] = field(default_factory=list)
    identical: bool = False

    @classmethod
    def of(cls, pred_raw: str, gold_raw: str) -> Alignment:
        """Align two raw texts (identical texts give the identity, without any work)."""
        if pred_raw == gold_raw:
            f = FoldedText.of(gold_raw)
            return cls(f, f, [(0, 0, len(f.text))], True)
        p, g = FoldedText.of(pred_raw), FoldedText.of(gold_raw)
        return cls(p, g, matching_blocks(p.text, g.text))

    def _gold_index(self, i: int) -> int | None:
        """The gold folded index of predicted folded index ``i`` when it lies in a block."""
        n = bisect.bisect_right(self.blocks, (i, float("inf"), 0)) - 1
        if n >= 0:
            a, b, size = self.blocks[n]
            if a <= i < a + size:
                return b + i - a
        return None

    def span(self, raw_start: int, raw_end: int) -> tuple[int, int] | None:
        """Gold raw offsets of a predicted raw span, or ``None`` when it has no exact image in the gold text."""
        if self.identical:
            return raw_start, raw_end
        i, j = self.pred.index_at(raw_start), self.pred.index_at(raw_end)
        if j <= i:
            return None
        gi, gj = self._gold_index(i), self._gold_index(j - 1)
        if gi is None or gj is None or gj < gi or self.gold.text[gi:gj + 1] != self.pred.text[i:j]:
            return None
        return self.gold.origin[gi], self.gold.origin[gj] + 1

    def offset(self, raw: int) -> int:
        """The gold raw offset nearest to a predicted raw offset (through the nearest block before it)."""
        if self.identical:
            return raw
        i = self.pred.index_at(raw)
        n = bisect.bisect_right(self.blocks, (i, float("inf"), 0)) - 1
        if n < 0:
            g = self.blocks[0][1] if self.blocks else 0
        else:
            a, b, size = self.blocks[n]
            g = b + min(i - a, max(size - 1, 0))
        if not self.gold.origin:
            return 0
        return self.gold.origin[min(max(g, 0), len(self.gold.origin) - 1)]

    @property
    def coverage(self) -> float:
        """The share of the gold's folded characters inside a matching block."""
        return sum(n for _, _, n in self.blocks) / len(self.gold.text) if self.gold.text else 1.0


__all__ = ["ANCHOR_K", "Alignment", "FoldedText", "fold", "fold_char", "matching_blocks"]
