"""Lines → blocks: headings, captions, source lines, table rows and prose paragraphs.

Prose lines that the PDF broke mid-sentence (``防范化解`` / ``风险``) are joined into one paragraph: a prose line that
does not end a sentence, followed (after blank lines) by another prose line, continues into it. The newlines
between them are removed from the normalized text, and the offset map still points every character home.
"""
from __future__ import annotations

import re
from array import array
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .normalize import NormalizedText, normalize_text

if TYPE_CHECKING:  # a type only: importing nlp.ingest here would run the ingest <-> text cycle from this side
    from ..ingest.document import RawDocument

SENTENCE_END = "。！？；;!?…”」）)：:"
MIN_WRAPPED_LINE = 20
HEADING_RE = re.compile(r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[）)]|第[一二三四五六七八九十]+[章节部分])")
CAPTION_RE = re.compile(r"^(?:(?:图|表)\s*\d+(?:[-－.]\d+)?|附件\s*\d+\s*[：:]|附表\s*\d+)")
SOURCE_RE = re.compile(r"^(?:数据来源|资料来源|来源)\s*[：:]")
MAX_HEADING_CHARS = 60


@dataclass(frozen=True, slots=True)
class Block:
    """A run of the normalized text with a kind.

    Attributes:
        kind: ``heading``, ``caption``, ``source``, ``table_row`` or ``prose``.
        start, end: end-exclusive offsets in the normalized text.
        line: 1-based line of the block's first character in the raw text.
    """

    kind: str
    start: int
    end: int
    line: int


def line_kind(raw_line: str, norm_line: str) -> str:
    """Classify one line.

    >>> line_kind("## 一、总体情况", "一、总体情况")
    'heading'
    >>> line_kind("表 1-2 2022 年区块链专项政策", "表1-2 2022年区块链专项政策")
    'caption'
    >>> line_kind("北京市\\t2022.2\\t《通知》", "北京市\\t2022.2\\t《通知》")
    'table_row'
    """
    stripped = norm_line.strip()
    if not stripped:
        return "blank"
    if "\t" in norm_line.strip(" ") and len([c for c in norm_line.split("\t") if c.strip()]) >= 1 and "\t" in norm_line:
        return "table_row"
    if raw_line.lstrip().startswith("#"):
        return "heading"
    if CAPTION_RE.match(stripped) and len(stripped) <= 80:
        return "caption"
    if SOURCE_RE.match(stripped):
        return "source"
    if HEADING_RE.match(stripped) and len(stripped) <= MAX_HEADING_CHARS and "。" not in stripped:
        return "heading"
    return "prose"


def _lines_with_offsets(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _kinds(doc: RawDocument, first: NormalizedText) -> list[tuple[str, int, int, int]]:
    """(kind, start, end, raw line) for each normalized line."""
    out = []
    raw_lines = doc.text.split("\n")
    for start, end in _lines_with_offsets(first.text):
        raw_line_no = doc.line_of(first.to_raw[start]) if start < len(first.to_raw) else len(raw_lines)
        if start == end and start < len(first.to_raw):
            raw_line_no = doc.line_of(first.to_raw[start])
        raw_line = raw_lines[raw_line_no - 1] if raw_line_no - 1 < len(raw_lines) else ""
        out.append((line_kind(raw_line, first.text[start:end]), start, end, raw_line_no))
    return out


def _joins(kinds: list[tuple[str, int, int, int]], text: str) -> list[tuple[int, int]]:
    """Ranges of the first text to delete so that broken prose lines join."""
    deletions = []
    nonblank = [k for k in kinds if k[0] != "blank"]
    for current, following in zip(nonblank, nonblank[1:]):
        if current[0] == "prose" and following[0] == "prose":
            body = text[current[1]:current[2]].rstrip()
            if len(body) >= MIN_WRAPPED_LINE and body[-1] not in SENTENCE_END:
                deletions.append((current[1] + len(body), following[1]))
    return deletions


def _delete(first: NormalizedText, deletions: list[tuple[int, int]]) -> NormalizedText:
    if not deletions:
        return first
    pieces, to_raw, previous = [], array("l"), 0
    for start, end in deletions:
        pieces.append(first.text[previous:start])
        to_raw.extend(first.to_raw[previous:start])
        previous = end
    pieces.append(first.text[previous:])
    to_raw.extend(first.to_raw[previous:])
    return NormalizedText("".join(pieces), to_raw)


def segment_blocks(doc: RawDocument) -> tuple[NormalizedText, list[Block]]:
    """Normalize a document and cut it into blocks (prose paragraphs joined across broken lines)."""
    first = normalize_text(doc.text)
    kinds = _kinds(doc, first)
    final = _delete(first, _joins(kinds, first.text))
    blocks, raw_lines = [], doc.text.split("\n")
    for start, end in _lines_with_offsets(final.text):
        if start == end or not final.text[start:end].strip():
            continue
        raw_line_no = doc.line_of(final.to_raw[start])
        raw_line = raw_lines[raw_line_no - 1] if raw_line_no else ""
        kind = line_kind(raw_line, final.text[start:end])
        blocks.append(Block(kind if kind != "blank" else "prose", start, end, raw_line_no))
    return final, blocks
