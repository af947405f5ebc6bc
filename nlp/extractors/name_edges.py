"""Two checks of a name's edges that hold on any report (issue 14: names that hold up on a new report).

- :func:`balanced_edges`: a name never starts or ends with a bracket it does not balance
  (``nlp/data/gazetteers/name_brackets.tsv``): "（国家发展改革委" → "国家发展改革委".
- :func:`office_by_head`: a NER "product" whose name ends with an organization head (``org_suffixes.tsv``: 厅, 局,
  分局, 交易所 ...) and not with a product head (``product_heads.tsv``) is an organization: "浙江省人民政府办公厅",
  "上海数据交易所" are ORG (GUIDELINES.md: government bodies named with their place are ORG).
- :func:`headless_clause`: a NER name with no head and a clause word inside is a clause, not a name.
"""
from __future__ import annotations

from dataclasses import replace
from functools import lru_cache

from ..data import read_tsv
from ..segment.features import head_type, term_lists
from .base import Span

NAME_LABELS = frozenset({"ORG", "LOC", "PER", "PRODUCT"})


@lru_cache(maxsize=1)
def bracket_pairs() -> dict[str, str]:
    """Opening → closing bracket (``nlp/data/gazetteers/name_brackets.tsv``)."""
    return {row["open"]: row["close"] for row in read_tsv("gazetteers/name_brackets.tsv", ("open", "close", "source"))}


def _unbalanced_first(name: str, pairs: dict[str, str]) -> bool:
    first = name[0]
    closing = {v: k for k, v in pairs.items()}
    if first in closing:
        return True
    return first in pairs and pairs[first] not in name[1:]


def _unbalanced_last(name: str, pairs: dict[str, str]) -> bool:
    last = name[-1]
    if last in pairs:
        return True
    opening = {v: k for k, v in pairs.items()}
    return last in opening and opening[last] not in name[:-1]


def balanced_edges(text: str, span: Span) -> Span | None:
    """A name span without an unbalanced bracket at either edge (``None`` when nothing is left); other labels and
    balanced names as they are.

    >>> text = "（国家发展改革委）河南）"
    >>> s = balanced_edges(text, Span(0, 8, "ORG", "ner")); text[s.start:s.end]
    '国家发展改革委'
    >>> s = balanced_edges(text, Span(9, 12, "LOC", "ner")); text[s.start:s.end]
    '河南'
    >>> balanced_edges(text, Span(0, 9, "ORG", "ner")) == Span(0, 9, "ORG", "ner")
    True
    """
    if span.label not in NAME_LABELS:
        return span
    pairs = bracket_pairs()
    start, end = span.start, span.end
    while end - start > 0 and _unbalanced_first(text[start:end], pairs):
        start += 1
    while end - start > 0 and _unbalanced_last(text[start:end], pairs):
        end -= 1
    if end - start < 1:
        return None
    return span if (start, end) == (span.start, span.end) else replace(span, start=start, end=end)


def office_by_head(text: str, span: Span, product_heads: tuple[str, ...]) -> Span:
    """A PRODUCT span whose name ends with an organization head and not with a product head, relabelled ORG.

    >>> office_by_head("浙江省人民政府办公厅印发", Span(0, 10, "PRODUCT", "ner"), ("平台", "链")).label
    'ORG'
    >>> office_by_head("长安链", Span(0, 3, "PRODUCT", "ner"), ("平台", "链")).label
    'PRODUCT'
    """
    name = text[span.start:span.end].rstrip("”\"）) ")
    if span.label != "PRODUCT" or not name or name.endswith(product_heads) or head_type(name, term_lists()) is None:
        return span
    return replace(span, label="ORG")


def headless_clause(text: str, span: Span, clause_chars: frozenset[int], product_heads: tuple[str, ...]) -> bool:
    """Whether a NER name is a clause rather than a name: it ends with neither an organization head nor a product
    head, and a clause word (``clause_tags`` of ``nlp/data/combination.toml``: verbs, adverbs, prepositions ...)
    lies inside it ("北京大力打造全球数字经济标杆城市", "江苏立足制造业基础", "中国区块链产业生态发展迅猛").
    A name with a head keeps its inner verbs (国家发展和改革委员会, 深圳市信息服务业区块链协会).

    >>> text = "江苏立足制造业基础"
    >>> headless_clause(text, Span(0, 9, "ORG", "ner"), frozenset({2, 3}), ("平台",))
    True
    >>> headless_clause("中国电子技术标准化研究院", Span(0, 12, "ORG", "ner"), frozenset({6, 7, 8}), ("平台",))
    False
    """
    name = text[span.start:span.end].rstrip("”\"）) ")
    if span.label not in NAME_LABELS or name.endswith(product_heads) or head_type(name, term_lists()) is not None:
        return False
    return any(i in clause_chars for i in range(span.start, span.end))


__all__ = ["balanced_edges", "bracket_pairs", "headless_clause", "office_by_head"]
