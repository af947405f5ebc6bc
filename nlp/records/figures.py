"""Key figures of the prose: (metric, value, unit, period, scope, qualifier) from sentences with amounts.

For every MONEY, PERCENT and QUANTITY mention of a prose sentence: the metric is the clause text before the value
(dates, places, verbs and qualifiers trimmed), the period is the nearest DATE before it in the sentence (else any
DATE of the sentence), the scope is the first place of the sentence or 全国 when it speaks of 我国/全国.
"""
from __future__ import annotations

import re

from ..extractors.base import Sentence
from ..ingest.document import RawDocument
from ..text.normalize import NormalizedText
from .schema import Amount, DateValue, KeyFigure, Mention, Provenance

CLAUSE_BREAK = re.compile(r"[，。；：、,;:（）()“”]")
TRIM_TAIL = re.compile(r"(?:达到|达|为|约为|约|超过|超|近|共计|共有|共|有|已经|已|增长了?|增加了?|下降了?|提升了?|占比?|分别|较|同比|累计|首期)+$")
TRIM_HEAD = re.compile(r"^(?:其中|截至|截止|据|根据|在|从|自|我国|全国|目前|当前|同时|此外|另外|以及|和|与|及)+")
VALUE_LABELS = ("MONEY", "PERCENT", "QUANTITY")
MAX_METRIC_CHARS = 16


def key_figures(doc: RawDocument, normalized: NormalizedText, sentences: list[Sentence], mentions: list[Mention]) -> list[KeyFigure]:
    """Key figures of all prose sentences."""
    by_sentence: dict[int, list[Mention]] = {}
    for mention in mentions:
        by_sentence.setdefault(mention.prov.sentence, []).append(mention)
    figures = []
    for sentence in sentences:
        if sentence.kind != "prose":
            continue
        found = sorted(by_sentence.get(sentence.index, []), key=lambda m: m.prov.char_start)
        for mention in found:
            if mention.label in VALUE_LABELS and isinstance(mention.value, Amount):
                figures.append(_figure(normalized, sentence, mention, found))
    return figures


def _figure(normalized: NormalizedText, sentence: Sentence, mention: Mention, found: list[Mention]) -> KeyFigure:
    return KeyFigure(metric(normalized.text, sentence, mention), mention.value,  # type: ignore[arg-type]
                     period(mention, found), scope(sentence, found), mention.prov)


def metric(text: str, sentence: Sentence, mention: Mention) -> str:
    """The clause text before the value, trimmed to its noun phrase."""
    clause = text[sentence.start:mention.prov.char_start]
    pieces = CLAUSE_BREAK.split(clause)
    candidate = pieces[-1] if pieces else ""
    if len(candidate.strip()) < 2 and len(pieces) > 1:
        candidate = pieces[-2]
    candidate = re.sub(r"(?:19|20)\d{2}年(?:\d{1,2}月)?(?:底|末|初)?", "", candidate)
    for _ in range(2):
        candidate = TRIM_TAIL.sub("", TRIM_HEAD.sub("", candidate.strip()))
    return candidate[-MAX_METRIC_CHARS:]


def period(mention: Mention, found: list[Mention]) -> DateValue | None:
    """The nearest DATE before the value in the sentence, else the first DATE after it."""
    dates = [m for m in found if m.label == "DATE" and isinstance(m.value, DateValue)]
    before = [m for m in dates if m.prov.char_end <= mention.prov.char_start]
    chosen = before[-1] if before else (dates[0] if dates else None)
    return chosen.value if chosen else None  # type: ignore[return-value]


def scope(sentence: Sentence, found: list[Mention]) -> str:
    """The first place named in the sentence, or 全国 for 我国/全国."""
    places = [m.norm_text for m in found if m.label == "LOC"]
    if places:
        return places[0]
    return "全国" if ("我国" in sentence.text or "全国" in sentence.text) else ""


def figure_provenance(figure: KeyFigure) -> Provenance:
    """The provenance of a figure (its value's mention)."""
    return figure.prov
