"""Gold of real report PDFs (``annotations/reports/<key>/``, annotations/GUIDELINES.md section 10): reading and
validating it.

A report's gold is keyed by **page and content**, not by offsets: ``document.json`` (``key``, ``file``, ``sha256``,
``pages`` ...: the SHA-256 finds the gold of an extracted document), ``mentions.jsonl`` (one object per page, every
page present: ``{"page", "spans": [{"text", "label", "norm"?}]}``), ``tables.jsonl`` (one object per printed
table), ``figures.csv``, ``policies.csv``, and the blind second passes: each folder ``second_pass*/`` holds one
annotator's ``mentions.jsonl`` over the pages of its ``pages.json`` (a later pass, made after the guidelines were
amended, sits beside the first one as ``second_pass_b/``). A missing file is recorded (a report may have tables
only); a malformed one raises ``ValueError`` naming the file and line.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.scoring.loaders import numbered_json_lines, read_csv, read_jsonl
from nlp.scoring.mentions import MENTION_LABELS

#: The ``norm`` keys allowed per label (GUIDELINES.md section 2); a norm on any other label is an error.
NORM_KEYS: dict[str, frozenset[str]] = {
    "DATE": frozenset({"start", "end", "granularity", "qualifier", "resolved_from"}),
    "MONEY": frozenset({"value", "min", "max", "currency", "qualifier", "unit"}),
    "PERCENT": frozenset({"value", "min", "max", "qualifier"}),
    "QUANTITY": frozenset({"value", "min", "max", "unit", "qualifier"}),
}
#: Keys ``document.json`` must have.
DOCUMENT_KEYS = ("key", "sha256", "pages")
FIGURE_COLUMNS = ("page", "metric", "value", "unit", "period_start", "period_end", "scope", "qualifier", "text")
POLICY_COLUMNS = ("page", "title", "issuer", "date", "doc_number", "source")


@dataclass(frozen=True, slots=True)
class PageSpan:
    """One gold mention of a report: its page, label, text as read, normalized value."""

    page: int
    label: str
    text: str
    norm: Mapping[str, Any] | None = None


@dataclass(frozen=True, slots=True)
class SecondPass:
    """A blind second pass over a sample of a report's pages (its folder name, the pages, its mentions)."""

    name: str
    pages: list[int]
    spans: list[PageSpan]


@dataclass(slots=True)
class ReportGold:
    """The gold of one report; ``missing`` lists the absent files."""

    key: str
    root: Path
    document: dict[str, Any]
    spans: list[PageSpan] | None = None
    tables: list[dict[str, Any]] | None = None
    figures: list[dict[str, str]] | None = None
    policies: list[dict[str, str]] | None = None
    second_passes: dict[str, SecondPass] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        """The SHA-256 of the PDF the gold was made from (what ``cnreport extract`` uses as ``doc_id``)."""
        return str(self.document["sha256"])

    @property
    def pages(self) -> int:
        """The PDF's page count."""
        return int(self.document["pages"])


def _check_span(path: Path, line: int, page: int, span: Any) -> PageSpan:
    if not isinstance(span, dict) or not isinstance(span.get("text"), str) or not span["text"].strip():
        raise ValueError(f"{path}:{line}: page {page}: a span needs a non-empty 'text'")
    label = span.get("label")
    if label not in MENTION_LABELS:
        raise ValueError(f"{path}:{line}: page {page}: unknown label {label!r} of {span['text']!r}")
    norm = span.get("norm")
    if norm is not None:
        allowed = NORM_KEYS.get(label)
        if allowed is None:
            raise ValueError(f"{path}:{line}: page {page}: {label} {span['text']!r} takes no 'norm'")
        if not isinstance(norm, dict):
            raise ValueError(f"{path}:{line}: page {page}: 'norm' of {span['text']!r} is not an object")
        extra = sorted(set(norm) - allowed)
        if extra:
            raise ValueError(f"{path}:{line}: page {page}: norm keys {extra} not allowed for {label}")
    return PageSpan(page, label, span["text"], norm)


def read_page_mentions(path: Path, pages: Iterable[int] | None, complete: bool = True) -> list[PageSpan] | None:
    """The spans of a page-keyed ``mentions.jsonl`` (``None`` when absent), validated.

    Args:
        path: the file.
        pages: the pages that must be present (every page of the report, or the second pass's pages).
        complete: whether a missing page is an error (``False`` while annotators are still appending).

    Raises:
        ValueError: a line that is not a page object, a page twice or outside ``pages``, a missing page, an unknown
            label, a norm on a label without values or with keys not allowed; names the file and line.
    """
    if not path.exists():
        return None
    wanted = set(pages) if pages is not None else None
    seen: set[int] = set()
    out: list[PageSpan] = []
    for n, obj in numbered_json_lines(path):
        page = obj.get("page") if isinstance(obj, dict) else None
        if not isinstance(page, int) or isinstance(page, bool) or not isinstance(obj.get("spans"), list):
            raise ValueError(f"{path}:{n}: expected {{\"page\": N, \"spans\": [...]}}")
        if page in seen:
            raise ValueError(f"{path}:{n}: page {page} given twice")
        if wanted is not None and page not in wanted:
            raise ValueError(f"{path}:{n}: page {page} is not a page of this file (expected {min(wanted)}-"
                             f"{max(wanted)})" if wanted else f"{path}:{n}: no page expected")
        seen.add(page)
        out.extend(_check_span(path, n, page, s) for s in obj["spans"])
    if complete and wanted is not None and wanted - seen:
        raise ValueError(f"{path}:0: pages missing: {sorted(wanted - seen)}")
    return out


def _read_document(root: Path) -> dict[str, Any]:
    path = root / "document.json"
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ValueError(f"{path}:0: missing (a report's gold needs document.json)") from None
    except json.JSONDecodeError as e:
        raise ValueError(f"{path}:{e.lineno}: not valid JSON ({e.msg})") from None
    missing = [k for k in DOCUMENT_KEYS if not isinstance(doc, dict) or k not in doc]
    if missing:
        raise ValueError(f"{path}:1: missing keys {missing}")
    return doc


def _read_tables(path: Path) -> list[dict[str, Any]] | None:
    rows = read_jsonl(path)
    if rows is None:
        return None
    for n, t in enumerate(rows, 1):
        header, body = t.get("header"), t.get("rows")
        if not isinstance(header, list) or not isinstance(body, list):
            raise ValueError(f"{path}:{n}: a table needs 'header' and 'rows' lists")
        for r in body:
            if not isinstance(r, dict) or not isinstance(r.get("cells"), list) or not isinstance(r.get("page"), int):
                raise ValueError(f"{path}:{n}: table {t.get('table')!r}: a row needs 'page' and 'cells'")
    return rows


def _read_rows(path: Path, columns: Iterable[str]) -> list[dict[str, str]] | None:
    table = read_csv(path)
    if table is None:
        return None
    header, rows = table
    lacking = [c for c in columns if c not in header]
    if lacking:
        raise ValueError(f"{path}:1: missing columns {lacking}")
    for n, row in enumerate(rows, 2):
        if not str(row.get("page") or "").strip().isdigit():
            raise ValueError(f"{path}:{n}: 'page' is not a page number")
    return rows


def load_report_gold(root: str | Path, complete: bool = True) -> ReportGold:
    """Read and validate the gold of one report folder (see the module docstring)."""
    root = Path(root)
    doc = _read_document(root)
    gold = ReportGold(str(doc["key"]), root, doc)
    pages = range(1, int(doc["pages"]) + 1)
    gold.spans = read_page_mentions(root / "mentions.jsonl", pages, complete)
    gold.tables = _read_tables(root / "tables.jsonl")
    gold.figures = _read_rows(root / "figures.csv", FIGURE_COLUMNS)
    gold.policies = _read_rows(root / "policies.csv", POLICY_COLUMNS)
    for sample in sorted(root.glob("second_pass*/pages.json")):
        sampled = [int(p) for p in json.loads(sample.read_text(encoding="utf-8"))["pages"]]
        spans = read_page_mentions(sample.parent / "mentions.jsonl", sampled, complete)
        if spans is not None:
            gold.second_passes[sample.parent.name] = SecondPass(sample.parent.name, sampled, spans)
    for name, value in (("mentions.jsonl", gold.spans), ("tables.jsonl", gold.tables),
                        ("figures.csv", gold.figures), ("policies.csv", gold.policies)):
        if value is None:
            gold.missing.append(name)
    return gold


def load_reports(gold_dir: str | Path, complete: bool = True) -> dict[str, ReportGold]:
    """The report golds under ``gold_dir/reports/`` by SHA-256 (folders without ``document.json`` skipped)."""
    base = Path(gold_dir) / "reports"
    out: dict[str, ReportGold] = {}
    for folder in sorted(p for p in base.glob("*") if (p / "document.json").is_file()):
        gold = load_report_gold(folder, complete)
        out[gold.sha256] = gold
    return out


__all__ = ["NORM_KEYS", "PageSpan", "ReportGold", "SecondPass", "load_report_gold", "load_reports", "read_page_mentions"]
