"""Text normalization with an offset map back to the original text (pdfplumber's ``TextMap`` idea).

What changes: full-width letters, digits and ``％．`` become half-width; the spaces a PDF puts next to CJK
characters are removed (``2022 年 5 月`` → ``2022年5月``, ``刘 权`` → ``刘权``); the markup the document model names
(:attr:`nlp.ingest.document.DocumentModel.markup`: ``#`` heading marks, ``**``, ``<b>``) is dropped. Newlines and
tabs are kept, so lines and table cells survive. Every character of the result knows the offset of the character it
came from.
"""
from __future__ import annotations

import bisect
import re
from array import array
from dataclasses import dataclass
from typing import Sequence

from ..ingest.chars import FULLWIDTH, is_cjk, removable_space
from ..ingest.kinds import markup_spans

__all__ = ["FULLWIDTH", "NormalizedText", "is_cjk", "mention_text", "normalize_text", "tidy_cell_spaces"]

@dataclass(frozen=True, slots=True)
class NormalizedText:
    """Normalized text and, for each of its characters, the offset of the source character."""

    text: str
    to_raw: array

    def from_raw(self, offset: int) -> int:
        """The normalized offset of the first character that comes from ``offset`` or after it.

        >>> normalize_text("2022 年 5 月").from_raw(5)
        4
        """
        return bisect.bisect_left(self.to_raw, offset)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Map an end-exclusive span of the normalized text to the original text."""
        if end <= start:
            position = self.to_raw[start] if start < len(self.to_raw) else (self.to_raw[-1] + 1 if self.to_raw else 0)
            return position, position
        return self.to_raw[start], self.to_raw[end - 1] + 1


def _markup_mask(text: str, markup: Sequence[tuple[int, int]]) -> bytearray:
    mask = bytearray(len(text))
    for start, end in markup:
        mask[start:end] = b"\x01" * (end - start)
    return mask


def normalize_text(raw: str, markup: Sequence[tuple[int, int]] | None = None) -> NormalizedText:
    """Normalize ``raw`` and keep the offset map; ``markup`` are the spans of ``raw`` that are no content (the
    document model's), by default those a text input writes (:func:`nlp.ingest.kinds.markup_spans`).

    >>> n = normalize_text("2022 年 5 月，刘 权")
    >>> n.text
    '2022年5月，刘权'
    >>> n.raw_span(0, 7)
    (0, 10)
    >>> normalize_text("## 一、总体\\n**主任：**刘 权").text
    '一、总体\\n主任：刘权'
    """
    mapped = "".join(FULLWIDTH.get(c, c) for c in raw)
    drop = _markup_mask(mapped, markup_spans(raw) if markup is None else markup)
    out: list[str] = []
    to_raw = array("l")
    for index, char in enumerate(mapped):
        if drop[index] or (char == " " and removable_space(mapped, index)):
            continue
        out.append(char)
        to_raw.append(index)
    return NormalizedText("".join(out), to_raw)


def _ascii_word(char: str) -> bool:
    return char.isascii() and not char.isspace() and char != "/"


def _spaced_slash(text: str, index: int) -> bool:
    """A space of a symmetric `` / `` (``能链集团 / 车主邦``), unlike the debris of ``中共中央 /国务院``."""
    return (text[index + 1:index + 3] == "/ ") or (index >= 2 and text[index - 2:index] == " /")


def tidy_cell_spaces(raw: str, keep_between_cjk: bool = False) -> str:
    """A table cell's raw text under the gold's space convention (annotations/tables/README.md).

    Full-width forms become half-width; a run of spaces becomes one space and is kept when an ASCII letter, digit or
    ASCII punctuation other than ``/`` stands next to it (``Pre-B 轮``, ``商务部等 27 部门``, ``模式, 深化``) or it
    belongs to a symmetric `` / ``, else removed (``交通运 输部`` → ``交通运输部``, ``中共中央 /国务院`` → ``中共中央/国务院``). ``keep_between_cjk`` keeps the spaces between the
    elements of a standard's title (``《信息技术 区块链和分布式记账技术 存证应用指南》``).

    >>> tidy_cell_spaces("交通运 输部"), tidy_cell_spaces("Pre-B 轮"), tidy_cell_spaces("商务部等 27 部门")
    ('交通运输部', 'Pre-B 轮', '商务部等 27 部门')
    >>> tidy_cell_spaces("《区块链 第 1 部分：总体技术要求》", keep_between_cjk=True)
    '《区块链 第 1 部分：总体技术要求》'
    """
    text = re.sub(r"[ \u3000\u00a0]+", " ", "".join(FULLWIDTH.get(c, c) for c in raw)).strip()
    out = []
    for index, char in enumerate(text):
        if char == " ":
            left, right = text[index - 1], text[index + 1]
            cjk_both = is_cjk(left) and is_cjk(right)
            keep_title = keep_between_cjk and cjk_both and "《" in text
            if not (_ascii_word(left) or _ascii_word(right) or keep_title or _spaced_slash(text, index)):
                continue
        out.append(char)
    return "".join(out)


def mention_text(raw: str, label: str = "") -> str:
    """The text a record shows for a raw span: the PDF's line breaks and letter spacing removed between CJK
    characters (``中国 移 动`` → ``中国移动``, ``腾\\n\\n讯`` → ``腾讯``), spaces next to Latin letters and digits kept
    (``FISCO BCOS``, ``5G 应用``); a standard (``STD``) keeps the spaces between the elements of its title.

    >>> mention_text("天 津 市 人 民政府"), mention_text("欧\\n\\n盟"), mention_text("区块链服务网络 BSN")
    ('天津市人民政府', '欧盟', '区块链服务网络 BSN')
    """
    return tidy_cell_spaces(re.sub(r"\s+", " ", raw), keep_between_cjk=label == "STD")
