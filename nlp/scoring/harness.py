"""The evaluation harness: score one or more systems' outputs against the gold of one split.

Everything is filtered to the split through one ``(doc_id, line) -> split`` map read from the gold
``mentions.jsonl``: gold spans by their paragraph, predicted mentions by the paragraph that contains their
start offset (else their own ``line``), records, figures and paragraphs by their ``line``. A predicted
``doc_id`` that is not a gold one is mapped to the gold document when each side has exactly one unknown
document (the gold's ids need not be the sha256 ``cnreport extract`` writes); the map is reported.
"""
from __future__ import annotations

import bisect
import dataclasses
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from nlp.scoring.classes import ClassScores, ItemKey, score_classes
from nlp.scoring.figures import score_figures
from nlp.scoring.items import ErrorItem, sentence_bounds
from nlp.scoring.loaders import Gold, Paragraph, Predictions, load_gold, load_predictions, pred_span, read_jsonl
from nlp.scoring.mentions import Span, score_mentions
from nlp.scoring.realign import realign
from nlp.scoring.records import RECORD_KINDS, score_records, squash
from nlp.scoring.report_gold import ReportGold, load_reports
from nlp.scoring.report_scores import ReportScores, score_report
from nlp.scoring.results import Block, Results, SystemResults

#: The name of ``pred_dir`` (our system) in the results.
DEFAULT_SYSTEM = "cnreport"
#: Split names meaning "no filter".
ALL_SPLITS = frozenset({"all", ""})

LineKey = tuple[str, int]


def align_doc_ids(gold_ids: Iterable[str], pred_ids: Iterable[str],
                  hints: Mapping[str, str] | None = None) -> dict[str, str]:
    """Map predicted document ids to gold ones.

    Shared ids map to themselves; then a predicted id whose hint (the stem of its source path, from
    ``documents.jsonl``) is a gold id maps to it; when exactly one predicted id and one gold id are left
    unpaired they are paired; any other id maps to itself (and will find no gold).

    >>> align_doc_ids(["cn-blockchain"], ["3fa9c0"])
    {'3fa9c0': 'cn-blockchain'}
    >>> align_doc_ids(["a", "b", "c"], ["a", "x"])
    {'a': 'a', 'x': 'x'}
    >>> align_doc_ids(["cn-blockchain"], ["3fa9c0", "77e1d2"], {"3fa9c0": "cn-blockchain", "77e1d2": "other"})
    {'3fa9c0': 'cn-blockchain', '77e1d2': '77e1d2'}
    """
    gold, pred = set(gold_ids), sorted(set(pred_ids))
    out = {p: p for p in pred}
    used = gold & set(pred)
    for p in pred:
        hint = (hints or {}).get(p)
        if p not in gold and hint in gold and hint not in used:
            out[p] = hint
            used.add(hint)
    lone_p, lone_g = [p for p in pred if out[p] not in gold], sorted(gold - used)
    if len(lone_p) == 1 and len(lone_g) == 1:
        out[lone_p[0]] = lone_g[0]
    return out


class _Context:
    """What the scoring of one system needs: split filter, doc map, line lookup."""

    def __init__(self, gold: Gold, preds: Predictions, split: str, reports: Iterable[str] = ()) -> None:
        self.gold = gold
        self.split = split
        report_ids = set(reports)  # documents with a real report's gold are never paired with the first report
        self.doc_map = {**align_doc_ids(gold.doc_ids, preds.doc_ids() - report_ids, preds.source_stems()),
                        **{d: d for d in preds.doc_ids() & report_ids}}
        self.gold_ids = frozenset(gold.doc_ids) if gold.paragraphs else frozenset()
        self.starts: dict[str, list[tuple[int, int, int]]] = defaultdict(list)
        for p in gold.paragraphs.values():
            self.starts[p.doc_id].append((p.start, p.end, p.line))
        for v in self.starts.values():
            v.sort()
        self.pages: dict[LineKey, int] = {}

    def doc(self, row: Mapping[str, Any]) -> str:
        """The gold document a predicted row belongs to (rows without ``doc_id``: the main document)."""
        raw = row.get("doc_id")
        return self.doc_map.get(str(raw), str(raw)) if raw is not None else self.gold.main_doc

    def keep(self, doc: str, line: int | None) -> bool:
        """Whether a line is in the split (never for a document without gold)."""
        if self.gold_ids and doc not in self.gold_ids:
            return False
        if self.split in ALL_SPLITS:
            return True
        p = self.gold.paragraphs.get((doc, line or 0))
        return p is not None and p.split == self.split

    def line_of(self, doc: str, offset: int, fallback: int) -> int:
        """The gold line whose paragraph contains ``offset`` (else ``fallback``)."""
        paras = self.starts.get(doc, [])
        i = bisect.bisect_right(paras, (offset, float("inf"), 0)) - 1
        if i >= 0 and paras[i][0] <= offset < max(paras[i][1], paras[i][0] + 1):
            return paras[i][2]
        return fallback

    def lines_between(self, doc: str, start: int, end: int) -> list[int]:
        """The gold lines whose paragraphs overlap ``[start, end)``, in order."""
        paras = self.starts.get(doc, [])
        i = max(bisect.bisect_right(paras, (start, float("inf"), 0)) - 1, 0)
        out = []
        for p_start, p_end, line in paras[i:]:
            if p_start >= end:
                break
            if p_end > start:
                out.append(line)
        return out

    def note_page(self, doc: str, row: Mapping[str, Any]) -> None:
        """Remember the page of a predicted row's line (to show pages of false negatives)."""
        if row.get("page") is not None and row.get("line") is not None:
            self.pages.setdefault((doc, int(row["line"])), int(row["page"]))


def _pred_line(ctx: _Context, doc: str, row: Mapping[str, Any]) -> int:
    """The line of a predicted mention: the gold paragraph holding its start, else its own ``line``."""
    own = int(row.get("line") or 0)
    start = row.get("raw_start", row.get("char_start"))
    return ctx.line_of(doc, int(start), own) if start is not None else own


def _pred_spans(ctx: _Context, rows: Iterable[Mapping[str, Any]]) -> list[Span]:
    out = []
    for row in rows:
        doc = ctx.doc(row)
        line = _pred_line(ctx, doc, row)
        if ctx.keep(doc, line):
            span = pred_span(row, doc, line)
            out.append(span)
            if span.page is not None:
                ctx.pages.setdefault((doc, line), span.page)
    return out


def _rows_in_split(ctx: _Context, rows: Iterable[Mapping[str, Any]], predicted: bool) -> dict[str, list[dict[str, Any]]]:
    """Rows by document, kept when their line is in the split (predicted rows get the gold doc id)."""
    out: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        doc = ctx.doc(row) if predicted else ctx.gold.main_doc
        line = int(row.get("line") or 0)
        if ctx.keep(doc, line):
            out[doc].append({**row, "doc_id": doc})
            if predicted:
                ctx.note_page(doc, row)
    return out


def _by_doc(items: Iterable[Span]) -> dict[str, list[Span]]:
    out: dict[str, list[Span]] = defaultdict(list)
    for s in items:
        out[s.doc_id].append(s)
    return out


def _documents(ctx: _Context, preds: Predictions) -> dict[str, Block]:
    gold = ctx.gold
    g_spans = _by_doc(s for s in gold.spans if ctx.keep(s.doc_id, s.line))
    p_spans = _by_doc(_pred_spans(ctx, preds.mentions))
    g_rec = {k: _rows_in_split(ctx, gold.tables.get(k, ([], []))[1], False) for k in RECORD_KINDS}
    # the gold record tables (annotations/tables) are table rows: policies read from the prose are scored by the
    # reports' policies.csv (reports.*.policies), not here
    p_rec = {k: _rows_in_split(ctx, [r for r in preds.records.get(k, []) if r.get("source", "table") == "table"], True)
             for k in RECORD_KINDS}
    g_fig = _rows_in_split(ctx, gold.figures[1] if gold.figures else [], False)
    p_fig = _rows_in_split(ctx, preds.figures, True)
    docs = sorted({*gold.doc_ids, *p_spans, *(d for v in p_rec.values() for d in v), *p_fig} - {""} or {""})
    out = {}
    for doc in docs:
        records = {}
        for kind in RECORD_KINDS:
            columns = gold.tables[kind][0] if kind in gold.tables else None
            records[kind] = score_records(kind, g_rec[kind].get(doc, []), p_rec[kind].get(doc, []), columns, doc)
        out[doc] = Block(score_mentions(g_spans.get(doc, []), p_spans.get(doc, [])), records,
                         score_figures(g_fig.get(doc, []), p_fig.get(doc, []), doc))
    return out


def _paragraph_classes(ctx: _Context, preds: Predictions, task: str) -> ClassScores | None:
    gold_rows = ctx.gold.paragraph_classes
    if gold_rows is None:
        return None
    doc = ctx.gold.main_doc
    gold: dict[ItemKey, str] = {(doc, int(r["line"]), ""): r[task] for r in gold_rows if ctx.keep(doc, int(r["line"]))}
    pred: dict[ItemKey, str] = {(ctx.doc(r), int(r.get("line") or 0), ""): str(r.get(task) or "")
                                for r in preds.paragraphs}
    return score_classes(gold, {k: v for k, v in pred.items() if v}, task)


def _org_votes(ctx: _Context, preds: Predictions) -> dict[str, Counter[str]]:
    """Predicted ORG types by squashed ORG text, counted over the ORG mentions in the split."""
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for row in preds.mentions:
        doc = ctx.doc(row)
        if row.get("label") == "ORG" and row.get("org_type") and ctx.keep(doc, _pred_line(ctx, doc, row)):
            votes[squash(row.get("text"))][str(row["org_type"])] += 1
    return votes


def _org_types(ctx: _Context, preds: Predictions) -> ClassScores | None:
    """ORG types of the gold names that occur as gold ORG mentions in the split (all, without mentions).

    The predicted type of a name is the most frequent ``org_type`` of its predicted ORG mentions (ties: the
    alphabetically first).
    """
    rows = ctx.gold.org_types
    if rows is None:
        return None
    in_split = {squash(s.text) for s in ctx.gold.spans if s.label == "ORG" and ctx.keep(s.doc_id, s.line)}
    wanted = [r for r in rows if not ctx.gold.spans or squash(r["name"]) in in_split]
    doc = ctx.gold.main_doc
    gold: dict[ItemKey, str] = {(doc, None, r["name"]): r["type"] for r in wanted}
    names = {squash(r["name"]): r["name"] for r in wanted}
    votes = _org_votes(ctx, preds)
    pred: dict[ItemKey, str] = {(doc, None, names[n]): min(c.items(), key=lambda kv: (-kv[1], kv[0]))[0]
                                for n, c in votes.items() if n in names}
    return score_classes(gold, pred, "org_type")


def _context(e: ErrorItem, para: Paragraph | None) -> tuple[str, int | None]:
    """The sentence of a mention error (from the offsets of the side it is about), else its whole line, with the
    document offset of its first character."""
    if para is None:
        return "", None
    side = e.own_side() if e.kind == "mention" else None
    if side and "start" in side and para.start <= int(side["start"]) <= para.end:
        left, right = sentence_bounds(para.text, int(side["start"]) - para.start, int(side["end"]) - para.start)
        return para.text[left:right], para.start + left
    return para.text, para.start


def _with_context(ctx: _Context, items: Iterable[ErrorItem]) -> list[ErrorItem]:
    """Errors with their sentence (or line) text and offset and, where the prediction gave none, the page of their
    line."""
    out = []
    for e in items:
        para = ctx.gold.paragraphs.get((e.doc_id, e.line or 0))
        page = e.page if e.page is not None else ctx.pages.get((e.doc_id, e.line or 0))
        context, start = _context(e, para)
        out.append(dataclasses.replace(e, context=context, context_start=start, page=page))
    return out


def offset_mismatches(ctx: _Context, rows: Iterable[Mapping[str, Any]]) -> dict[str, tuple[int, int]]:
    """Per gold document, ``(differing, checked)``: how many predicted mentions (of any split) do not read, at
    their offsets in the gold text, the text they claim. Mentions of a PDF extraction sit at the offsets of the
    PDF's text, not of the corpus text the gold was made from, so none of them can match a gold span."""
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in rows:
        doc = ctx.doc(row)
        span = pred_span(row, doc, -1)
        if doc not in ctx.gold_ids or span.start < 0 or span.end < 0:
            continue
        para = ctx.gold.paragraphs.get((doc, ctx.line_of(doc, span.start, -1)))
        found = para.text[span.start - para.start:span.end - para.start] if para is not None else None
        counts[doc][1] += 1
        counts[doc][0] += found != span.text
    return {doc: (c[0], c[1]) for doc, c in sorted(counts.items())}


def misaligned(mismatches: Mapping[str, tuple[int, int]]) -> dict[str, list[int]]:
    """The documents where more than half of the predicted mentions differ from the gold text at their offsets."""
    return {doc: [differ, checked] for doc, (differ, checked) in mismatches.items() if differ * 2 > checked}


def score_reports(preds: Predictions, pred_dir: str | Path, reports: Mapping[str, ReportGold]) -> dict[str, ReportScores]:
    """The scores of each document of ``preds`` that has a report's gold (found by its SHA-256 ``doc_id``), by key.

    Reports are scored whole (every page: the models never saw them), whatever the split.
    """
    table_rows = read_jsonl(Path(pred_dir) / "table_rows.jsonl") or []
    out = {}
    for sha, gold in sorted(reports.items(), key=lambda kv: kv[1].key):
        if sha not in preds.doc_ids():
            continue
        mine = lambda rows: [r for r in rows if str(r.get("doc_id")) == sha]  # noqa: E731
        out[gold.key] = score_report(gold, mine(preds.mentions), mine(table_rows), mine(preds.figures),
                                     mine(preds.records.get("policies", [])))
    return out


def evaluate_system(name: str, pred_dir: str | Path, gold: Gold, split: str,
                    reports: Mapping[str, ReportGold] | None = None) -> SystemResults:
    """Score one system's output directory against loaded gold (see :func:`evaluate`)."""
    preds = load_predictions(pred_dir)
    scored_reports = score_reports(preds, pred_dir, reports or {})
    ctx = _Context(gold, preds, split, reports or {})
    realign(preds, gold, pred_dir, ctx.doc, ctx.line_of, ctx.lines_between)
    documents = _documents(ctx, preds)
    corpus = sum(documents.values(), Block())
    classes: dict[str, ClassScores] = {}
    for task, scorer in (("domain", lambda: _paragraph_classes(ctx, preds, "domain")),
                         ("topic", lambda: _paragraph_classes(ctx, preds, "topic")),
                         ("org_type", lambda: _org_types(ctx, preds))):
        scores = scorer()
        if scores is not None:
            classes[task] = scores
    errors = corpus.errors() + [e for c in classes.values() for e in c.errors]
    doc_map = {k: v for k, v in ctx.doc_map.items() if k != v}
    unscored = sorted(k for k, v in ctx.doc_map.items() if ctx.gold_ids and v not in ctx.gold_ids and k)
    unscored = [d for d in unscored if d not in (reports or {})]
    report_errors = [e for r in scored_reports.values() for e in r.errors()]
    return SystemResults(name, str(pred_dir), corpus, documents, classes, _with_context(ctx, errors) + report_errors,
                         preds.missing, doc_map, unscored, misaligned(offset_mismatches(ctx, preds.mentions)),
                         scored_reports)


def _systems(pred_dir: str | Path | None, systems: Mapping[str, str | Path] | None) -> dict[str, str | Path]:
    out: dict[str, str | Path] = {}
    if pred_dir is not None:
        out[DEFAULT_SYSTEM] = pred_dir
    for name, path in (systems or {}).items():
        if name in out:
            raise ValueError(f"systems: {name!r} is given twice (pred_dir is named {DEFAULT_SYSTEM!r})")
        out[name] = path
    if not out:
        raise ValueError("evaluate: give pred_dir or systems")
    return out


def evaluate(pred_dir: str | Path | None, gold_dir: str | Path = "annotations", split: str = "test",
             systems: Mapping[str, str | Path] | None = None) -> Results:
    """Score system outputs against the gold of one split, and against the gold of any real report
    (``gold_dir/reports/<key>/``) whose PDF is among the extracted documents (whole report, every page).

    Args:
        pred_dir: our ``cnreport extract`` output directory, named :data:`DEFAULT_SYSTEM`; may be ``None``
            when ``systems`` is given.
        gold_dir: the gold directory (``annotations/``).
        split: ``test``, ``train``, or ``all`` (no filter).
        systems: more systems by name (``{"rules_only": dir, "jieba_posseg": dir}``), scored the
            same way and shown beside ours; the first system of the results is the primary one.

    Returns:
        The results of every system, computed once.

    Raises:
        FileNotFoundError: a split is asked for but the gold has no ``mentions.jsonl`` to define it.
        ValueError: no system is given, or a name is given twice; a malformed JSONL line (names file and line),
            or a report's gold under ``gold_dir/reports/`` that does not validate.
    """
    gold = load_gold(gold_dir)
    if split not in ALL_SPLITS and "mentions.jsonl" in gold.missing:
        raise FileNotFoundError(f"{Path(gold_dir) / 'mentions.jsonl'}: needed to select split {split!r} "
                                "(use split='all' to score without it)")
    named = _systems(pred_dir, systems)
    reports = load_reports(gold_dir)
    scored = {name: evaluate_system(name, path, gold, split, reports) for name, path in named.items()}
    return Results(split, str(gold_dir), scored, gold.missing)


__all__ = ["evaluate", "evaluate_system", "align_doc_ids", "DEFAULT_SYSTEM", "ALL_SPLITS"]
