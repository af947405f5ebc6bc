"""Scoring an extraction against the gold of a real report (:mod:`nlp.scoring.report_gold`), by content.

Everything is compared after :func:`nlp.scoring.align.fold` (NFKC width folding, all whitespace removed) on both
sides, so the PDF's spaces, line breaks and full-width forms never decide a match.

Mentions:
    ``strict``: a prediction is right when a gold mention has the same page, label and folded text; gold and
    predictions are multisets (two 中国 on a page need two predictions). This replaces nervaluate's strict scheme
    (the gold has no offsets to compare). ``contains``: the same page and label, and one folded text contains the
    other (each gold mention used once, strict pairs first): the lenient scheme, in place of nervaluate's
    partial/type schemes. ``values``: among strict pairs of DATE/MONEY/PERCENT/QUANTITY whose gold has a ``norm``,
    how many carry the gold's normalized value (:func:`nlp.scoring.mentions.value_mismatches`: dates by start and
    end, amounts by Decimal value, bounds, currency or unit).
Tables:
    gold ``tables.jsonl`` body rows against the generic rows of ``OUT/table_rows.jsonl``: a row is right when a
    gold row of the same page has the same folded cells (multiset); cells: the multiset of ``(page, folded cell)``
    of non-empty cells.
Key figures:
    as :mod:`nlp.scoring.figures` with the page in place of the line: matched by (page, value as Decimal, unit),
    then metric, metric_overlap, period, scope and qualifier each reported.
Policies:
    gold ``policies.csv`` against ``OUT/policies.jsonl``: matched by folded title, then issuer and date; when
    ``document.json`` lists ``policies_pages`` (a gold made on sampled pages), only the predictions of those pages.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from nlp.scoring.align import fold
from nlp.scoring.figures import score_figures
from nlp.scoring.items import ErrorItem
from nlp.scoring.mentions import MENTION_LABELS, VALUE_KEYS, value_mismatches
from nlp.scoring.prf import PRF, macro, total
from nlp.scoring.records import RowScores, make_rows, score_rows, squash
from nlp.scoring.report_gold import PageSpan, ReportGold

#: The fields compared on matched policies.
POLICY_FIELDS = ("issuer", "date")


@dataclass(slots=True)
class LabelScores:
    """Per-label counts of one mention scheme."""

    labels: dict[str, PRF] = field(default_factory=dict)

    def __add__(self, other: LabelScores) -> LabelScores:
        keys = list(dict.fromkeys([*self.labels, *other.labels]))
        return LabelScores({k: self.labels.get(k, PRF()) + other.labels.get(k, PRF()) for k in keys})

    def to_dict(self) -> dict[str, Any]:
        """``{"labels": {label: PRF}, "micro": PRF, "macro": Macro}``."""
        return {"labels": {k: v.to_dict() for k, v in self.labels.items()},
                "micro": total(self.labels.values()).to_dict(), "macro": macro(self.labels.values())}


@dataclass(slots=True)
class PageMentionScores:
    """Mentions of one report (or several) scored by page and content."""

    strict: LabelScores = field(default_factory=LabelScores)
    contains: LabelScores = field(default_factory=LabelScores)
    values: dict[str, PRF] = field(default_factory=dict)
    errors: list[ErrorItem] = field(default_factory=list)

    def __add__(self, other: PageMentionScores) -> PageMentionScores:
        keys = list(dict.fromkeys([*self.values, *other.values]))
        return PageMentionScores(self.strict + other.strict, self.contains + other.contains,
                                 {k: self.values.get(k, PRF()) + other.values.get(k, PRF()) for k in keys},
                                 self.errors + other.errors)

    def to_dict(self) -> dict[str, Any]:
        """``{"strict", "contains", "values": {"labels", "micro"}}``."""
        return {"strict": self.strict.to_dict(), "contains": self.contains.to_dict(),
                "values": {"labels": {k: v.to_dict() for k, v in self.values.items()},
                           "micro": total(self.values.values()).to_dict()}}


Key = tuple[int, str, str]


def _key(page: int, label: str, text: str) -> Key:
    return (page, label, fold(text))


def pred_page_spans(rows: Iterable[Mapping[str, Any]]) -> list[PageSpan]:
    """Predicted mentions (objects of ``OUT/mentions.jsonl``) as page spans (rows without a page skipped)."""
    return [PageSpan(int(r["page"]), str(r.get("label", "")), str(r.get("text", "")), r.get("value"))
            for r in rows if r.get("page") is not None]


def _strict_pairs(gold: Sequence[PageSpan], pred: Sequence[PageSpan]
                  ) -> tuple[list[tuple[PageSpan, PageSpan]], list[PageSpan], list[PageSpan]]:
    """Pairs of equal keys (in order within a key), unmatched gold, unmatched predictions."""
    waiting: dict[Key, list[PageSpan]] = defaultdict(list)
    for g in gold:
        waiting[_key(g.page, g.label, g.text)].append(g)
    pairs, lone_pred = [], []
    for p in pred:
        queue = waiting.get(_key(p.page, p.label, p.text))
        if queue:
            pairs.append((queue.pop(0), p))
        else:
            lone_pred.append(p)
    lone_gold = [g for q in waiting.values() for g in q]
    return pairs, lone_gold, lone_pred


def _label_prf(pairs: Iterable[Any], gold: Iterable[PageSpan], pred: Iterable[PageSpan]) -> dict[str, PRF]:
    tp = Counter(g.label for g, _ in pairs)
    n_gold, n_pred = Counter(g.label for g in gold), Counter(p.label for p in pred)
    labels = [*MENTION_LABELS, *sorted((set(n_gold) | set(n_pred)) - set(MENTION_LABELS))]
    return {lab: PRF(tp[lab], n_pred[lab] - tp[lab], n_gold[lab] - tp[lab]) for lab in labels}


def _error(doc: str, s: PageSpan, outcome: str, detail: str) -> ErrorItem:
    side = {"page": s.page, "label": s.label, "text": s.text, "value": dict(s.norm) if s.norm else None}
    return ErrorItem("mention", s.label, outcome, doc, None, s.text, side if outcome == "fn" else None,
                     side if outcome == "fp" else None, detail, s.page)


def score_page_mentions(gold: Sequence[PageSpan], pred: Sequence[PageSpan], doc: str = "") -> PageMentionScores:
    """Score predicted mentions against a report's gold by page, label and folded text (see module docstring)."""
    pairs, lone_gold, lone_pred = _strict_pairs(gold, pred)
    strict = _label_prf(pairs, gold, pred)
    extra = Counter[str]()
    free = list(lone_gold)
    for p in lone_pred:
        fp = fold(p.text)
        hit = next((g for g in free if g.page == p.page and g.label == p.label and fp
                    and (fp in fold(g.text) or fold(g.text) in fp)), None)
        if hit is not None:
            extra[p.label] += 1
            free.remove(hit)
    contains = {lab: PRF(s.tp + extra[lab], s.fp - extra[lab], s.fn - extra[lab]) for lab, s in strict.items()}
    values: dict[str, PRF] = {lab: PRF() for lab in VALUE_KEYS}
    errors = [_error(doc, g, "fn", "not predicted on this page") for g in lone_gold]
    errors += [_error(doc, p, "fp", "no gold mention with this text on this page") for p in lone_pred]
    for g, p in pairs:
        if g.label in VALUE_KEYS and g.norm:
            bad = value_mismatches(g.label, g.norm, p.norm)
            values[g.label] = values[g.label] + (PRF(fp=1, fn=1) if bad else PRF(tp=1))
            if bad:
                errors.append(ErrorItem("mention", g.label, "value", doc, None, g.text,
                                        {"value": dict(g.norm)}, {"value": dict(p.norm) if p.norm else None},
                                        "value differs: " + ", ".join(bad), g.page))
    return PageMentionScores(LabelScores(strict), LabelScores(contains), values, errors)


@dataclass(slots=True)
class TableScores:
    """Table body rows and cells of one report (or several)."""

    rows: PRF = field(default_factory=PRF)
    cells: PRF = field(default_factory=PRF)

    def __add__(self, other: TableScores) -> TableScores:
        return TableScores(self.rows + other.rows, self.cells + other.cells)

    def to_dict(self) -> dict[str, Any]:
        """``{"rows": PRF, "cells": PRF}``."""
        return {"rows": self.rows.to_dict(), "cells": self.cells.to_dict()}


def _multiset_prf(gold: Counter[Any], pred: Counter[Any]) -> PRF:
    tp = sum((gold & pred).values())
    return PRF(tp, sum(pred.values()) - tp, sum(gold.values()) - tp)


def gold_table_rows(tables: Iterable[Mapping[str, Any]]) -> list[tuple[int, list[Any]]]:
    """``(page, cells)`` of every body row of gold ``tables.jsonl`` objects."""
    return [(int(r["page"]), list(r["cells"])) for t in tables for r in t.get("rows", [])]


def pred_table_rows(rows: Iterable[Mapping[str, Any]]) -> list[tuple[int, list[Any]]]:
    """``(page, cells)`` of the body rows of ``OUT/table_rows.jsonl`` (rows of kind ``header`` left out)."""
    return [(int(r["page"]), list(r.get("cells") or [])) for r in rows
            if r.get("page") is not None and r.get("kind") != "header"]


def score_tables(gold: Sequence[tuple[int, list[Any]]], pred: Sequence[tuple[int, list[Any]]]) -> TableScores:
    """Rows by (page, folded cells) and cells by (page, folded cell), both as multisets.

    >>> s = score_tables([(17, ["1", "密钥明文存储", "25%"])], [(17, ["1", "密钥明文 存储", "25％"]), (17, ["2", "x"])])
    >>> s.rows, s.cells
    (PRF(tp=1, fp=1, fn=0), PRF(tp=3, fp=2, fn=0))
    """
    def row_keys(rows: Sequence[tuple[int, list[Any]]]) -> Counter[Any]:
        return Counter((page, tuple(squash(c) for c in cells)) for page, cells in rows)

    def cell_keys(rows: Sequence[tuple[int, list[Any]]]) -> Counter[Any]:
        return Counter((page, squash(c)) for page, cells in rows for c in cells if squash(c))

    return TableScores(_multiset_prf(row_keys(gold), row_keys(pred)), _multiset_prf(cell_keys(gold), cell_keys(pred)))


def score_page_figures(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], doc: str) -> RowScores:
    """Key figures matched by (page, value, unit), then field by field (:func:`nlp.scoring.figures.score_figures`)."""
    def fix(rows: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
        return [{**r, "line": r.get("page"), "doc_id": doc} for r in rows]
    return score_figures(fix(gold), fix(pred), doc)


def score_policies(gold: Sequence[Mapping[str, Any]], pred: Sequence[Mapping[str, Any]], doc: str) -> RowScores:
    """Policies matched by folded title, then issuer and date compared (folded)."""
    key = lambda r: (squash(r.get("title")),) if squash(r.get("title")) else ()  # noqa: E731
    fix = lambda rows: [{**r, "line": r.get("page") or 0, "doc_id": doc} for r in rows]  # noqa: E731
    return score_rows(make_rows(fix(gold), key, doc), make_rows(fix(pred), key, doc), POLICY_FIELDS,
                      group="policies")


@dataclass(slots=True)
class ReportScores:
    """Everything scored about one report's extraction (``None`` parts: the gold has no such file)."""

    key: str
    sha256: str
    mentions: PageMentionScores | None = None
    tables: TableScores | None = None
    figures: RowScores | None = None
    policies: RowScores | None = None

    def __add__(self, other: ReportScores) -> ReportScores:
        def add(a: Any, b: Any) -> Any:
            return b if a is None else a if b is None else a + b
        return ReportScores("all", "", add(self.mentions, other.mentions), add(self.tables, other.tables),
                            add(self.figures, other.figures), add(self.policies, other.policies))

    def errors(self) -> list[ErrorItem]:
        """The listed errors of mentions, figures and policies."""
        return [*(self.mentions.errors if self.mentions else []), *(self.figures.errors if self.figures else []),
                *(self.policies.errors if self.policies else [])]

    def to_dict(self) -> dict[str, Any]:
        """``{"key", "sha256", "mentions", "tables", "figures", "policies"}`` (``None`` where no gold)."""
        return {"key": self.key, "sha256": self.sha256,
                "mentions": self.mentions.to_dict() if self.mentions else None,
                "tables": self.tables.to_dict() if self.tables else None,
                "figures": self.figures.to_dict() if self.figures else None,
                "policies": self.policies.to_dict() if self.policies else None}


def score_report(gold: ReportGold, mentions: Sequence[Mapping[str, Any]], table_rows: Sequence[Mapping[str, Any]],
                 figures: Sequence[Mapping[str, Any]], policies: Sequence[Mapping[str, Any]]) -> ReportScores:
    """Score one document's predicted rows (already those of ``gold.sha256``) against the report's gold."""
    doc = gold.key
    out = ReportScores(gold.key, gold.sha256)
    if gold.spans is not None:
        out.mentions = score_page_mentions(gold.spans, pred_page_spans(mentions), doc)
    if gold.tables is not None:
        out.tables = score_tables(gold_table_rows(gold.tables), pred_table_rows(table_rows))
    if gold.figures is not None:
        out.figures = score_page_figures(gold.figures, figures, doc)
    if gold.policies is not None:
        sampled = gold.document.get("policies_pages")
        if sampled:  # a gold made on sampled pages scores the predictions of those pages only
            policies = [r for r in policies if r.get("page") in set(sampled)]
        out.policies = score_policies(gold.policies, policies, doc)
    return out


__all__ = ["LabelScores", "PageMentionScores", "ReportScores", "TableScores", "pred_page_spans",
           "score_page_mentions", "score_report", "score_tables"]
