"""Reading gold annotations and system predictions for the harness.

Gold (``gold_dir``, default ``annotations/``): ``mentions.jsonl`` (one object per paragraph with its
``split`` and spans), ``tables/<kind>.csv``, ``tables/figures.csv``, ``classes/paragraphs.csv`` and
``classes/org_types.csv``. Predictions (``OUT/`` of ``cnreport extract``): ``mentions.jsonl``,
``<kind>.jsonl``, ``figures.jsonl``, ``paragraphs.jsonl``, ``documents.jsonl`` (source paths, to align document
ids with the gold's). A missing file is empty and is listed.
"""
from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from nlp.scoring.mentions import Span
from nlp.scoring.records import RECORD_KINDS


def read_jsonl(path: Path) -> list[dict[str, Any]] | None:
    """The objects of a JSONL file (blank lines skipped), or ``None`` when the file does not exist.

    Raises:
        ValueError: a line is not a JSON object; the message names the file and line.
    """
    if not path.exists():
        return None
    out = []
    for n, obj in numbered_json_lines(path):
        if not isinstance(obj, dict):
            raise ValueError(f"{path}:{n}: expected a JSON object")
        out.append(obj)
    return out


def numbered_json_lines(path: Path) -> Iterator[tuple[int, Any]]:
    """``(line number, value)`` for each non-blank line of a JSONL file (1-based line numbers).

    Raises:
        ValueError: a line is not valid JSON; the message names the file and line.
    """
    with path.open(encoding="utf-8-sig") as f:
        for n, raw in enumerate(f, 1):
            if not raw.strip():
                continue
            try:
                yield n, json.loads(raw)
            except json.JSONDecodeError as e:
                raise ValueError(f"{path}:{n}: not valid JSON ({e.msg})") from None


def read_csv(path: Path) -> tuple[list[str], list[dict[str, str]]] | None:
    """The header and rows of a UTF-8 CSV file, or ``None`` when the file does not exist."""
    if not path.exists():
        return None
    with path.open(encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        rows = [dict(r) for r in reader]
        return list(reader.fieldnames or []), rows


@dataclass(slots=True)
class Paragraph:
    """One gold paragraph (a line of the document) with its offsets and split."""

    doc_id: str
    line: int
    start: int
    end: int
    text: str
    split: str


@dataclass(slots=True)
class Gold:
    """Everything read from the gold directory; ``missing`` lists the files that were absent."""

    paragraphs: dict[tuple[str, int], Paragraph] = field(default_factory=dict)
    spans: list[Span] = field(default_factory=list)
    tables: dict[str, tuple[list[str], list[dict[str, str]]]] = field(default_factory=dict)
    figures: tuple[list[str], list[dict[str, str]]] | None = None
    paragraph_classes: list[dict[str, str]] | None = None
    org_types: list[dict[str, str]] | None = None
    missing: list[str] = field(default_factory=list)

    @property
    def doc_ids(self) -> list[str]:
        """The gold documents (``[""]`` when there is no mentions file to name them)."""
        ids = sorted({d for d, _ in self.paragraphs})
        return ids or [""]

    @property
    def main_doc(self) -> str:
        """The document the gold tables belong to (they carry no ``doc_id``): the first gold document."""
        return self.doc_ids[0]


def _gold_spans(paragraphs: list[dict[str, Any]]) -> tuple[dict[tuple[str, int], Paragraph], list[Span]]:
    paras: dict[tuple[str, int], Paragraph] = {}
    spans: list[Span] = []
    for p in paragraphs:
        doc, line = str(p.get("doc_id", "")), int(p["line"])
        paras[(doc, line)] = Paragraph(doc, line, int(p.get("start", 0)), int(p.get("end", 0)),
                                       str(p.get("text", "")), str(p.get("split", "")))
        for s in p.get("spans", []):
            spans.append(Span(int(s["start"]), int(s["end"]), str(s["label"]), str(s.get("text", "")), doc, line,
                              s.get("norm")))
    return paras, spans


def load_gold(gold_dir: str | Path) -> Gold:
    """Read the gold directory (missing files are recorded in ``Gold.missing``)."""
    root = Path(gold_dir)
    gold = Gold()
    paragraphs = read_jsonl(root / "mentions.jsonl")
    if paragraphs is None:
        gold.missing.append("mentions.jsonl")
    else:
        gold.paragraphs, gold.spans = _gold_spans(paragraphs)
    for kind in RECORD_KINDS:
        table = read_csv(root / "tables" / f"{kind}.csv")
        if table is None:
            gold.missing.append(f"tables/{kind}.csv")
        else:
            gold.tables[kind] = table
    gold.figures = read_csv(root / "tables" / "figures.csv")
    for name, attr in (("paragraphs", "paragraph_classes"), ("org_types", "org_types")):
        table = read_csv(root / "classes" / f"{name}.csv")
        setattr(gold, attr, table[1] if table else None)
    gold.missing += [n for n, v in (("tables/figures.csv", gold.figures),
                                    ("classes/paragraphs.csv", gold.paragraph_classes),
                                    ("classes/org_types.csv", gold.org_types)) if v is None]
    return gold


@dataclass(slots=True)
class Predictions:
    """Everything read from one system's output directory; ``missing`` lists the absent files."""

    mentions: list[dict[str, Any]] = field(default_factory=list)
    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    figures: list[dict[str, Any]] = field(default_factory=list)
    paragraphs: list[dict[str, Any]] = field(default_factory=list)
    documents: list[dict[str, Any]] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def source_stems(self) -> dict[str, str]:
        """``doc_id`` → file stem of the document's source path (``documents.jsonl``), to align with gold ids."""
        return {str(r["doc_id"]): Path(str(r["path"])).stem for r in self.documents if r.get("doc_id") and r.get("path")}

    def doc_ids(self) -> set[str]:
        """Every ``doc_id`` the predictions mention."""
        rows = [*self.mentions, *self.figures, *self.paragraphs, *self.documents,
                *(r for v in self.records.values() for r in v)]
        return {str(r.get("doc_id", "")) for r in rows}


def load_predictions(pred_dir: str | Path) -> Predictions:
    """Read one system's ``cnreport extract`` output directory (missing files = empty, listed)."""
    root = Path(pred_dir)
    out = Predictions()

    def get(name: str) -> list[dict[str, Any]]:
        rows = read_jsonl(root / name)
        if rows is None:
            out.missing.append(name)
        return rows or []

    out.mentions = get("mentions.jsonl")
    out.records = {kind: get(f"{kind}.jsonl") for kind in RECORD_KINDS}
    out.figures = get("figures.jsonl")
    out.paragraphs = get("paragraphs.jsonl")
    out.documents = get("documents.jsonl")
    return out


def pred_span(row: Mapping[str, Any], doc_id: str, line: int) -> Span:
    """A predicted mention as a :class:`Span` (``raw_*`` offsets, else ``char_*``)."""
    start = row.get("raw_start", row.get("char_start"))
    end = row.get("raw_end", row.get("char_end"))
    page = row.get("page")
    return Span(int(start if start is not None else -1), int(end if end is not None else -1),
                str(row.get("label", "")), str(row.get("text", "")), doc_id, line, row.get("value"),
                int(page) if page is not None else None)
