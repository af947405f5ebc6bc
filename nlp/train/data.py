"""Training data read from an annotations folder: the gold lines with their spans, sections and split, the
paragraph classes and the hand-made ORG types.

Offsets of :class:`GoldSpan` are **line-relative**, end-exclusive (``line.text[start:end]``); the gold file
stores document offsets and :func:`read_gold_lines` subtracts the line's start.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from ..errors import GoldError

MENTIONS = "mentions.jsonl"
SPLIT = "split.json"
PARAGRAPHS = "classes/paragraphs.csv"
ORG_TYPES = "classes/org_types.csv"
ORG_TYPE_LABELS = ("enterprise", "university", "research_institute", "government", "alliance", "park", "fund", "other")


@dataclass(frozen=True, slots=True)
class GoldSpan:
    """A gold mention, offsets relative to its line (end-exclusive)."""

    start: int
    end: int
    label: str


@dataclass(frozen=True, slots=True)
class GoldLine:
    """One non-blank line of the gold document.

    Attributes:
        line: 1-based line number in the document.
        text: the line's text.
        split: ``"train"`` or ``"test"`` (as written in mentions.jsonl).
        section: the top-level section (``front``, ``一``..``八``, ``附件1``..), the split and CV group.
        spans: the gold mentions in the line.
        unknown: (start, end) ranges whose tokens are neither entity nor outside for training (spaCy's missing
            value): the pieces of a real report's gold span that crosses a sentence boundary.
    """

    line: int
    text: str
    split: str
    section: str
    spans: tuple[GoldSpan, ...]
    unknown: tuple[tuple[int, int], ...] = ()


@dataclass(frozen=True, slots=True)
class LabelledText:
    """A text with its class, for the classifiers (``split`` and ``section`` as for :class:`GoldLine`)."""

    text: str
    label: str
    split: str
    section: str


@lru_cache(maxsize=1)
def settings() -> dict[str, Any]:
    """The training settings (``nlp/train/settings.toml``)."""
    return tomllib.loads(resources.files("nlp.train").joinpath("settings.toml").read_text(encoding="utf-8"))


def heading_section(text: str) -> str | None:
    """The top-level section a heading line opens, else None.

    >>> heading_section("#### **四、我国区块链行业应用现状**"), heading_section("附件 3：基金一览表")
    ('四', '附件3')
    >>> heading_section("### （一）产业链上中下游持续拓展") is None
    True
    """
    conf = settings()["sections"]
    if m := re.match(conf["chapter"], text):
        return m.group(1)
    if m := re.match(conf["annex"], text):
        return conf["annex_prefix"] + m.group(1)
    return None


def _read_jsonl(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        raise GoldError(path, "file is missing")
    rows = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if raw.strip():
            try:
                rows.append(json.loads(raw))
            except json.JSONDecodeError as exc:
                raise GoldError(f"{path}:{number}", f"not JSON ({exc.msg})") from exc
    return rows


def _gold_line(row: dict[str, Any], section: str, path: Path) -> GoldLine:
    spans = []
    for span in row["spans"]:
        start, end = span["start"] - row["start"], span["end"] - row["start"]
        if row["text"][start:end] != span["text"]:
            raise GoldError(f"{path}:{row['line']}", f"span {span['text']!r} does not match the line text")
        spans.append(GoldSpan(start, end, span["label"]))
    return GoldLine(row["line"], row["text"], row["split"], section, tuple(spans))


def read_gold_lines(annotations: Path) -> list[GoldLine]:
    """The gold lines of ``annotations/mentions.jsonl`` in line order, with line-relative spans and sections.

    Raises:
        GoldError: if the file is missing, not JSON, or a span does not match its line.
    """
    path = Path(annotations) / MENTIONS
    rows = sorted(_read_jsonl(path), key=lambda r: (r.get("doc_id", ""), r["line"]))
    section, out = settings()["sections"]["front"], []
    for row in rows:
        section = heading_section(row["text"]) or section
        out.append(_gold_line(row, section, path))
    return out


def _read_csv(path: Path, required: tuple[str, ...]) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(row for row in handle if not row.startswith("#"))
        missing = [c for c in required if c not in (reader.fieldnames or [])]
        if missing:
            raise GoldError(path, f"columns {missing} are missing (header {reader.fieldnames})")
        return list(reader)


def read_paragraph_classes(annotations: Path, lines: list[GoldLine]) -> dict[str, list[LabelledText]]:
    """The texts of the paragraphs in ``classes/paragraphs.csv`` with their domain and their topic.

    Returns:
        ``{"para_domain": [...], "para_topic": [...]}``; each text is its gold line's text.
    """
    path = Path(annotations) / PARAGRAPHS
    if not path.exists():
        raise GoldError(path, "file is missing")
    by_number = {g.line: g for g in lines}
    out: dict[str, list[LabelledText]] = {"para_domain": [], "para_topic": []}
    for row in _read_csv(path, ("line", "domain", "topic")):
        gold = by_number.get(int(row["line"]))
        if gold is None:
            raise GoldError(path, f"line {row['line']} is not a gold line")
        out["para_domain"].append(LabelledText(gold.text.strip(), row["domain"], gold.split, gold.section))
        out["para_topic"].append(LabelledText(gold.text.strip(), row["topic"], gold.split, gold.section))
    return out


def _line_of_name(name: str, lines: list[GoldLine]) -> GoldLine | None:
    """The first gold line where ``name`` is an ORG span (else where it occurs at all)."""
    for gold in lines:
        if any(s.label == "ORG" and gold.text[s.start:s.end] == name for s in gold.spans):
            return gold
    return next((g for g in lines if name in g.text), None)


def read_org_types(annotations: Path, lines: list[GoldLine]) -> list[LabelledText] | None:
    """The ORG names of ``classes/org_types.csv`` (columns ``name,type[,line]``) with their type, or ``None``
    when the file is absent. A row without ``line`` takes the first gold line naming it (for split and section).

    Raises:
        GoldError: on an unknown type or a missing column.
    """
    path = Path(annotations) / ORG_TYPES
    if not path.exists():
        return None
    by_number = {g.line: g for g in lines}
    out = []
    for number, row in enumerate(_read_csv(path, ("name", "type")), 2):
        if row["type"] not in ORG_TYPE_LABELS:
            raise GoldError(f"{path}:{number}", f"unknown type {row['type']!r} (allowed: {', '.join(ORG_TYPE_LABELS)})")
        line_field = (row.get("line") or "").strip()
        gold = by_number.get(int(line_field)) if line_field.isdigit() else _line_of_name(row["name"], lines)
        split, section = (gold.split, gold.section) if gold else ("train", "unplaced")
        out.append(LabelledText(row["name"].strip(), row["type"], split, section))
    return out


def training_files(annotations: Path) -> list[dict[str, str]]:
    """``[{path, sha256}]`` of the annotation files a training run reads (those that exist), for the model card."""
    out = []
    for name in (MENTIONS, SPLIT, PARAGRAPHS, ORG_TYPES):
        path = Path(annotations) / name
        if path.exists():
            out.append({"path": name, "sha256": hashlib.sha256(path.read_bytes()).hexdigest()})
    return out
