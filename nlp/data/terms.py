"""The domain term lists of ``nlp/data/gazetteers`` as Python values, read once per process.

A shared leaf (it imports nothing of cnreport but :mod:`nlp.data`), so that the segmentation features and the
extractors read the same lists without one stage importing the other: organization heads with their ORG type and
guard (``org_suffixes.tsv``), the stop words that end a name (``org_stops.tsv``), and the gazetteer names
(``places.tsv``, ``orgs.tsv``, ``products.tsv``).
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from ..errors import DataFileError
from . import read_tsv

GAZETTEER_FILES = ("gazetteers/places.tsv", "gazetteers/orgs.tsv", "gazetteers/products.tsv")


def alternation(words: Iterable[str]) -> str:
    """Longest-first regex alternation of literal words.

    >>> alternation(["区块链", "链", "区块链"])
    '区块链|链'
    """
    return "|".join(re.escape(w) for w in sorted(set(words), key=lambda w: (-len(w), w)))


@lru_cache(maxsize=1)
def org_heads() -> dict[str, tuple[str, str]]:
    """Organization head → (the ORG type it suggests, the characters that must not follow it), from
    ``nlp/data/gazetteers/org_suffixes.tsv``."""
    rows = read_tsv("gazetteers/org_suffixes.tsv", ("suffix", "org_type", "source", "not_followed_by"))
    return {r["suffix"]: (r["org_type"], r["not_followed_by"]) for r in rows}


@lru_cache(maxsize=1)
def org_head_pattern() -> re.Pattern[str]:
    """Any organization head, longest first, each with its guard (a head followed by one of its
    ``not_followed_by`` characters is not one: 公司债, 部署)."""
    heads = sorted(org_heads(), key=lambda w: (-len(w), w))
    guards = {head: guard for head, (_, guard) in org_heads().items()}
    return re.compile("|".join(re.escape(h) + (f"(?![{re.escape(guards[h])}])" if guards[h] else "") for h in heads))


@lru_cache(maxsize=1)
def org_stop_words() -> frozenset[str]:
    """The words that end the leftward scan of a name (``nlp/data/gazetteers/org_stops.tsv``)."""
    return frozenset(r["word"] for r in read_tsv("gazetteers/org_stops.tsv", ("word", "kind", "source")))


@lru_cache(maxsize=1)
def org_rule_guards() -> dict[str, frozenset[str]]:
    """Kind (``false_head``, ``true_head``, ``generic``, ``scan_stop``) → its words, from
    ``nlp/data/gazetteers/org_rule_guards.tsv`` (read by the organization-suffix rule only, not by the NER's
    features)."""
    kinds = ("false_head", "true_head", "generic", "scan_stop")
    rows = read_tsv("gazetteers/org_rule_guards.tsv", ("word", "kind", "source"))
    for row in rows:
        if row["kind"] not in kinds:
            raise DataFileError(f"nlp/data/gazetteers/org_rule_guards.tsv ({row['word']})",
                                f"kind {row['kind']!r} is not one of {kinds}")
    return {kind: frozenset(r["word"] for r in rows if r["kind"] == kind) for kind in kinds}


def gazetteer_terms(files: tuple[str, ...] = GAZETTEER_FILES) -> dict[str, str]:
    """Gazetteer name → label (LOC, ORG, PRODUCT); a name listed twice keeps its first file's label."""
    terms: dict[str, str] = {}
    for path in files:
        for row in read_tsv(path, ("term", "label", "source")):
            terms.setdefault(row["term"], row["label"])
    return terms


__all__ = ["GAZETTEER_FILES", "alternation", "gazetteer_terms", "org_head_pattern", "org_heads", "org_rule_guards",
           "org_stop_words"]
