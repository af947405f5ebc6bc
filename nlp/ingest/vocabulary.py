"""The table vocabulary of ``nlp/data/table_vocabulary.yaml``: caption lines, header words → record fields, the
notes that close a table. Ingest uses it to tell a table drawn without any rule from aligned text (its header row
names record fields); :mod:`nlp.records.generic` to give every table its record kind.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from ..data import read_yaml

VOCABULARY_KEYS = frozenset({"caption", "notes", "fields", "kinds"})


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The vocabulary file, with ``words`` (header word, field) sorted longest first and the compiled
    ``caption_re`` and ``notes_re``."""
    data = read_yaml("table_vocabulary.yaml", VOCABULARY_KEYS)
    words = sorted(((w, f) for f, ws in data["fields"].items() for w in ws), key=lambda p: -len(p[0]))
    return {**data, "words": words, "caption_re": re.compile(data["caption"]), "notes_re": re.compile(data["notes"])}


def compact(text: str) -> str:
    """The text without any whitespace.

    >>> compact(" 发文 日期\\n")
    '发文日期'
    """
    return re.sub(r"\s+", "", text or "")


def header_field(cell: str) -> str | None:
    """The field a header cell names (``发文日期`` → ``date``, ``融资轮次`` → ``round``), ``None`` if none.

    >>> [header_field(c) for c in ("发文日期", "文件名称", "发文机关", "主要内容", "融资金额（亿元）")]
    ['date', 'title', 'issuer', None, 'amount']
    """
    text = re.sub(r"[（(].*?[）)]", "", compact(cell))
    if not text:
        return None
    for word, name in vocabulary()["words"]:
        if text == word or (len(text) <= len(word) + 4 and (text.startswith(word) or text.endswith(word))):
            return name
    return None


def is_caption_text(text: str) -> bool:
    """A table caption: ``表 11 …``, ``表 1-2 …``, ``附表 2 …``, ``附件 1：…`` (figure captions ``图 …`` are not).

    >>> is_caption_text("表 11 山东省区块链相关政策"), is_caption_text("图 3 Fabric 多通道架构")
    (True, False)
    """
    return bool(vocabulary()["caption_re"].match(text.strip().lstrip("#").strip()))


def caption_name(caption: str) -> str:
    """The table's name in its caption (``表 1-2 …`` → ``表1-2``, ``附件 2：…`` → ``附件2``), ``""`` when it names none.

    >>> caption_name("表 11 山东省区块链相关政策"), caption_name("附件 2：融资一览表"), caption_name("图 3")
    ('表11', '附件2', '')
    """
    match = vocabulary()["caption_re"].match(caption.strip())
    return re.sub(r"[\s：:]", "", match.group(0)) if match else ""


def is_note(text: str) -> bool:
    """A line that closes a table: its source or note (``数据来源：…``, ``注：…``).

    >>> is_note("数据来源：公开资料整理"), is_note("资料来源: CAICT"), is_note("注：单位为亿元"), is_note("注册资本")
    (True, True, True, False)
    """
    return bool(vocabulary()["notes_re"].match(compact(text)))
