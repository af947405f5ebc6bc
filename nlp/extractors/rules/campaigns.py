"""Entity mentions that name nothing: a place inside a campaign name (中国 of 数字中国 or 平安中国,
annotations/GUIDELINES.md section 9; the names are data, ``nlp/data/gazetteers/campaigns.tsv``), and a "name" without
a letter (a diagram label such as ``160``)."""
from __future__ import annotations

import re
from functools import lru_cache

from ...data import read_tsv
from ...records.schema import Mention

CAMPAIGNS_FILE = "gazetteers/campaigns.tsv"


@lru_cache(maxsize=1)
def campaign_pattern() -> re.Pattern[str]:
    """One regex finding every campaign name of the data file (longest first)."""
    terms = sorted({row["term"] for row in read_tsv(CAMPAIGNS_FILE, ("term", "kind", "source"))}, key=len, reverse=True)
    return re.compile("|".join(re.escape(t) for t in terms))


def campaign_spans(text: str) -> list[tuple[int, int]]:
    """Offsets of the campaign names in a (normalized) text.

    >>> campaign_spans("推进数字中国建设，建设平安中国")
    [(2, 6), (11, 15)]
    """
    return [(m.start(), m.end()) for m in campaign_pattern().finditer(text)]


def without_campaign_places(mentions: list[Mention], text: str) -> list[Mention]:
    """The mentions without the LOC mentions that lie inside a campaign name of ``text`` (normalized offsets)."""
    spans = campaign_spans(text)
    if not spans:
        return mentions
    return [m for m in mentions if m.label != "LOC" or not any(s <= m.prov.char_start and m.prov.char_end <= e
                                                                 for s, e in spans)]


NAME_LABELS = frozenset({"ORG", "LOC", "PER", "PRODUCT"})
LETTER_RE = re.compile(r"[^\W\d_]")


def without_letterless_names(mentions: list[Mention]) -> list[Mention]:
    """The mentions without names made of digits and signs only: a diagram's axis or box label (``160`` read as a
    PRODUCT, miit_blockchain_tech_app_2016 p57) names nothing.

    >>> from nlp.records.schema import Provenance
    >>> p = Provenance("d", 57, 0, 0, 3, 0, 3)
    >>> [m.text for m in without_letterless_names([Mention("PRODUCT", "160", p, "ner"), Mention("PRODUCT", "5G", p, "ner")])]
    ['5G']
    """
    return [m for m in mentions if m.label not in NAME_LABELS or LETTER_RE.search(m.text)]
