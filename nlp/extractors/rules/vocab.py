"""Regex building blocks filled into the ``{NAME}`` placeholders of ``nlp/data/patterns/regex.jsonl``.

Every word list comes from ``nlp/data/normalize/zh.yaml`` or ``measure_guards.tsv``; this module only assembles.
"""
from __future__ import annotations

import re
from functools import lru_cache

from ...data import normalization_table, read_tsv
from ...data.terms import alternation
from ...normalizers.money import currencies_after, currencies_before


@lru_cache(maxsize=1)
def measure_guards() -> dict[str, str]:
    """Measure word → characters that must not follow it."""
    return {row["unit"]: row["not_followed_by"] for row in read_tsv("normalize/measure_guards.tsv", ("unit", "not_followed_by", "note"))}


def _measure_words() -> str:
    table = normalization_table()
    guards = measure_guards()
    parts = []
    for unit in sorted(table["quantity_units"], key=lambda w: (-len(w), w)):
        guard = guards.get(unit, "")
        parts.append(re.escape(unit) + (f"(?![{re.escape(guard)}])" if guard else ""))
    return "|".join(parts)


@lru_cache(maxsize=1)
def placeholders() -> dict[str, str]:
    """The placeholder → regex table."""
    table = normalization_table()
    pre = [w for w, (_, pos) in table["qualifiers"].items() if pos == "pre"]
    post = [w for w, (_, pos) in table["qualifiers"].items() if pos == "post"]
    return {
        "NUM": r"(?<![\d.A-Za-z/])(?:\d{1,3}(?: \d{3})+(?![\d.])(?= ?(?:万|亿))|\d+(?:,\d{3})*(?:\.\d+)?)",
        "CNNUM": r"(?<![第前])(?:[两二三四五六七八九十][零〇一二两三四五六七八九十百千]*|一[十百千万亿][零〇一二两三四五六七八九十百千]*|[十百千](?=余|多)|(?<=[近超逾])[百千万])",
        "MAG": r"(?:万亿|[十百千]?万|亿|[百千])",
        "PRE": guarded_alternation(pre, table["qualifier_guards"]),
        "POST": alternation(post),
        "CUR": alternation(w for w in currencies_after() if w not in ("块", "块钱")),
        "PRECUR": alternation(currencies_before()),
        "QU": _measure_words(),
        "ASOF": alternation(table["asof_words"]),
        "YEAR": r"(?<![\d.])(?:19|20)\d{2}(?!\d)",
        "PLAN": alternation(table["plan_periods"]),
    }


def guarded_alternation(words: list[str], guards: dict[str, str]) -> str:
    """An alternation of qualifier words (longest first), a guarded word not matched right after one of its guard
    characters (``约`` is the end of ``合约``, not a qualifier, in ``回滚合约两个接口``).

    >>> re.search(guarded_alternation(["约", "大约"], {"约": "合"}), "回滚合约两个") is None
    True
    >>> re.search(guarded_alternation(["约", "大约"], {"约": "合"}), "大约两个").group(0)
    '大约'
    """
    parts = []
    for word in sorted(words, key=lambda w: (-len(w), w)):
        guard = guards.get(word, "")
        parts.append((f"(?<![{re.escape(guard)}])" if guard else "") + re.escape(word))
    return "|".join(parts)


def expand(pattern: str) -> str:
    """Fill the ``{NAME}`` placeholders of a data pattern."""
    return re.sub(r"\{([A-Z]+)\}", lambda m: "(?:" + placeholders()[m.group(1)] + ")", pattern)
