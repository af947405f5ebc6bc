"""What kind of block a line is when its layout alone does not say, by the rules of ``nlp/data/blocks.yaml``: a
caption, a source note, a heading by its numbering, or running text; and the markup of a text input.

Ingest decides it once, for a PDF's lines in the body font and for every line of a text input; later stages read
the kind from the document model (:mod:`nlp.ingest.document`), never from the text again.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..data import read_yaml
from ..errors import DataFileError
from .chars import normalized_length

BLOCKS_FILE = "blocks.yaml"
BLOCKS_KEYS = frozenset({"caption", "caption_max_chars", "source", "numbered_heading", "heading_max_chars",
                         "heading_never", "markup", "heading_marks"})
WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True)
class BlockRules:
    """The compiled rules of ``nlp/data/blocks.yaml`` (see its header for each field)."""

    caption: re.Pattern[str]
    caption_max_chars: int
    source: re.Pattern[str]
    numbered_heading: re.Pattern[str]
    heading_max_chars: int
    heading_never: str
    markup: re.Pattern[str]
    heading_marks: re.Pattern[str]


@lru_cache(maxsize=1)
def block_rules() -> BlockRules:
    """Load and compile ``nlp/data/blocks.yaml`` (once per process)."""
    data = read_yaml(BLOCKS_FILE, BLOCKS_KEYS)
    try:
        return BlockRules(re.compile(data["caption"]), int(data["caption_max_chars"]), re.compile(data["source"]),
                          re.compile(data["numbered_heading"]), int(data["heading_max_chars"]),
                          str(data["heading_never"]), re.compile(data["markup"], re.MULTILINE),
                          re.compile(data["heading_marks"]))
    except (TypeError, ValueError, re.error) as exc:
        raise DataFileError(f"nlp/data/{BLOCKS_FILE}", f"bad entry ({exc})") from exc


def line_kind(text: str) -> str:
    """``caption``, ``source``, ``heading`` (by its numbering) or ``paragraph`` for a line of content (markup
    removed); its length is counted as the NLP stages will read it (:func:`nlp.ingest.chars.normalized_length`).

    >>> [line_kind(t) for t in ("表 1-2 2022 年区块链专项政策", "数据来源：赛迪区块链研究院", "（一）政策数量爆发增长",
    ...                         "一、总体情况。其中……", "2022 年是我国区块链应用更加深入的一年")]
    ['caption', 'source', 'heading', 'paragraph', 'paragraph']
    """
    rules = block_rules()
    compact = WHITESPACE.sub("", text)
    if rules.caption.match(compact) and normalized_length(text) <= rules.caption_max_chars:
        return "caption"
    if rules.source.match(compact):
        return "source"
    if rules.numbered_heading.match(compact) and normalized_length(text) <= rules.heading_max_chars \
            and not any(c in compact for c in rules.heading_never):
        return "heading"
    return "paragraph"


def is_caption_start(text: str) -> bool:
    """True for a line that starts as a figure or table caption does (also a sentence about one: ``图 2-5 所示``).

    >>> is_caption_start("图 1-1 2020 年—2022 年政策数量"), is_caption_start("附件 2：融资一览表"), is_caption_start("图示")
    (True, True, False)
    """
    return bool(block_rules().caption.match(text))


def is_source_note(text: str) -> bool:
    """True for a source line (``数据来源：…``).

    >>> is_source_note("资料来源: 公开资料整理"), is_source_note("来源于")
    (True, False)
    """
    return bool(block_rules().source.match(text))


def is_numbered_heading(text: str) -> bool:
    """True for a line that starts with a heading's numbering (``一、``, ``（二）``, ``第三章``).

    >>> [is_numbered_heading(t) for t in ("一、引言", "（二）标准", "第三章 应用", "1. 引言")]
    [True, True, True, False]
    """
    return bool(block_rules().numbered_heading.match(text))


def markup_spans(text: str) -> list[tuple[int, int]]:
    """The spans of a text input's markup: ``**``, ``<b>``, ``</b>`` and the ``#`` marks opening a line.

    >>> text = "## 一、总体\\n**主任：**刘 权"
    >>> [text[s:e] for s, e in markup_spans(text)]
    ['## ', '**', '**']
    """
    return [match.span() for match in block_rules().markup.finditer(text)]


def heading_level(line: str) -> int:
    """The level a text input's heading line gives by its ``#`` marks, 0 for a line without them.

    >>> heading_level("### （一）政策数量"), heading_level("# 标题"), heading_level("正文")
    (3, 1, 0)
    """
    match = block_rules().heading_marks.match(line)
    return len(match.group(1)) if match else 0
