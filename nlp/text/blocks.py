"""Lines → blocks: headings, captions, source lines, table rows and prose paragraphs.

The kind of every line comes from the document model ingest built (:attr:`nlp.ingest.document.RawDocument.model`):
a line of the normalized text is the block its first character came from (through the offset map
:attr:`~nlp.text.normalize.NormalizedText.to_raw`), a heading with its level, a table row with its table block and
row. Nothing here reads ``#`` marks or TABs back from the rendering.

Prose lines that the PDF broke mid-sentence (``防范化解`` / ``风险``) are joined into one paragraph: a prose line that
does not end a sentence, followed (after blank lines) by another prose line, continues into it. The newlines
between them are removed from the normalized text, and the offset map still points every character home.
"""
from __future__ import annotations

from array import array
from dataclasses import dataclass

from ..ingest.document import DocumentModel, Heading, RawDocument, Table
from .normalize import NormalizedText, normalize_text

SENTENCE_END = "。！？；;!?…”」）)：:"
MIN_WRAPPED_LINE = 20
#: The text stage's name of each kind of model block.
KINDS = {"heading": "heading", "paragraph": "prose", "caption": "caption", "source": "source", "table": "table_row"}


@dataclass(frozen=True, slots=True)
class Block:
    """A run of the normalized text with a kind.

    Attributes:
        kind: ``heading``, ``caption``, ``source``, ``table_row`` or ``prose``.
        start, end: end-exclusive offsets in the normalized text.
        line: 1-based line of the block's first character in the raw text.
        level: a heading's level (:class:`nlp.ingest.document.Heading`), else 0.
        source: the index of the model block it comes from in ``RawDocument.model.blocks`` (-1: none).
        row: a table row's index in that table block, else -1.
    """

    kind: str
    start: int
    end: int
    line: int
    level: int = 0
    source: int = -1
    row: int = -1


def _lines_with_offsets(text: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for line in text.split("\n"):
        spans.append((start, start + len(line)))
        start += len(line) + 1
    return spans


def _block(doc: RawDocument, normalized: NormalizedText, start: int, end: int) -> Block:
    """The block of one normalized line: blank, or the kind of the model block its first character comes from."""
    if start >= len(normalized.to_raw):
        return Block("blank", start, end, doc.line_of(len(doc.text)))
    raw = normalized.to_raw[start]
    line = doc.line_of(raw)
    if not normalized.text[start:end].strip():
        return Block("blank", start, end, line)
    model: DocumentModel = doc.model
    index = model.block_at(raw)
    if index < 0:
        return Block("prose", start, end, line)
    found = model.blocks[index]
    level = found.level if isinstance(found, Heading) else 0
    row = row_at(found, raw) if isinstance(found, Table) else -1
    return Block(KINDS[found.kind], start, end, line, level, index, row)


def row_at(table: Table, offset: int) -> int:
    """The row of a table block whose span in the text holds ``offset`` (-1 if none)."""
    for index, (start, end) in enumerate(table.row_spans):
        if start <= offset < end or start == offset == end:
            return index
    return -1


def _joins(kinds: list[Block], text: str) -> list[tuple[int, int]]:
    """Ranges of the first text to delete so that broken prose lines join."""
    deletions = []
    nonblank = [k for k in kinds if k.kind != "blank"]
    for current, following in zip(nonblank, nonblank[1:]):
        if current.kind == "prose" and following.kind == "prose":
            body = text[current.start:current.end].rstrip()
            if len(body) >= MIN_WRAPPED_LINE and body[-1] not in SENTENCE_END:
                deletions.append((current.start + len(body), following.start))
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
    """Normalize a document (its markup dropped) and cut it into blocks (prose paragraphs joined across broken
    lines)."""
    first = normalize_text(doc.text, doc.model.markup)
    kinds = [_block(doc, first, start, end) for start, end in _lines_with_offsets(first.text)]
    final = _delete(first, _joins(kinds, first.text))
    blocks = []
    for start, end in _lines_with_offsets(final.text):
        if start == end or not final.text[start:end].strip():
            continue
        blocks.append(_block(doc, final, start, end))
    return final, blocks
