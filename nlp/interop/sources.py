"""What ``cnreport annotations export`` reads, and how imported tasks are placed back in their report's text.

Sources: a rows file (``annotations/mentions.jsonl``), an annotations folder holding one, an ``extract`` output
folder (every document of ``OUT/docs/``) or one document folder ``OUT/docs/<id>`` (its ``text.json`` and its
mentions, as pre-annotations), a ``text.json`` file, or a report (``.pdf``, ``.txt``, ``.md``: its text alone, to
annotate from scratch).
"""
from __future__ import annotations

import bisect
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..errors import AnnotationFileError, CnreportError
from ..view.text import TEXT_FILE, DocumentText
from .units import Change, Conversion, Span, Unit, checked_span, read_rows, sorted_units, with_spans

ROWS_FILE = "mentions.jsonl"
DOCS_DIR = "docs"
REPORT_SUFFIXES = (".pdf", ".txt", ".md")


# --- report texts -------------------------------------------------------------------------------------------------


def read_text_json(path: Path) -> DocumentText:
    """The text ``extract`` writes in ``OUT/docs/<id>/text.json``."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        return DocumentText(str(data["doc_id"]), data["text"], tuple(data["page_starts"]), int(data["first_page"]))
    except (ValueError, KeyError, TypeError) as exc:
        raise AnnotationFileError(path, f"not a text.json written by extract ({exc})") from exc


def report_text(path: Path) -> DocumentText:
    """The text of a report: ``text.json``, a document folder ``OUT/docs/<id>``, or a report file read as
    ``extract`` reads it (so offsets agree with its extraction)."""
    path = Path(path)
    if path.is_dir() and (path / TEXT_FILE).is_file():
        return read_text_json(path / TEXT_FILE)
    if path.is_file() and path.suffix.lower() == ".json":
        return read_text_json(path)
    from ..ingest import read_document
    document = read_document(path)
    return DocumentText(document.doc_id, document.text, tuple(document.page_starts), document.first_page)


def line_starts(text: str) -> list[int]:
    r"""The offset of each line's first character (lines split on ``\n`` only).

    >>> line_starts("ab\n\nc")
    [0, 3, 4]
    """
    starts, pos = [0], text.find("\n")
    while pos >= 0:
        starts.append(pos + 1)
        pos = text.find("\n", pos + 1)
    return starts


def text_units(document: DocumentText, key: str = "line") -> list[Unit]:
    r"""The document's non-blank lines (``key="line"``) or non-blank pages (``"page"``) as units without spans.

    >>> [(u.number, u.start, u.text) for u in text_units(DocumentText("d", "# 标题\n\n正文", (0,)))]
    [(1, 0, '# 标题'), (3, 6, '正文')]
    """
    text = document.text
    if key == "line":
        starts = line_starts(text)
        ends = [s - 1 for s in starts[1:]] + [len(text)]
        numbers = range(1, len(starts) + 1)
    elif key == "page":
        starts = list(document.page_starts)
        ends = starts[1:] + [len(text)]
        numbers = range(document.first_page, document.first_page + len(starts))
    else:
        raise ValueError(f"unit must be 'line' or 'page', got {key!r}")
    return [Unit(document.doc_id, key, n, s, text[s:e]) for n, s, e in zip(numbers, starts, ends) if text[s:e].strip()]


# --- placing spans in units -----------------------------------------------------------------------------------------


def place_spans(units: Sequence[Unit], spans: Iterable[Span], doc_id: str, text: str) -> Conversion:
    """Units with the spans that fit in one unit; each span that does not is a ``dropped`` change with its reason."""
    starts = [u.start for u in units]
    placed: dict[int, list[Span]] = {}
    changes = []
    for span in spans:
        index = bisect.bisect_right(starts, span.start) - 1
        unit = units[index] if index >= 0 else None
        if unit is not None and span.end <= unit.end and span.start < unit.end:
            placed.setdefault(index, []).append(span)
            continue
        key = units[0].key if units else "line"
        reason = (f"crosses a {key} break, so it fits no single {key} (export with --unit page to keep it)"
                  if key == "line" else f"crosses a {key} break, so it fits no single {key}")
        if unit is None or span.start >= unit.end:
            reason = f"lies outside every non-blank {key}"
        changes.append(Change(doc_id, unit.name if unit else "", span, text[span.start:span.end], "dropped", reason))
    out = [with_spans(u, placed.get(i, ())) for i, u in enumerate(units)]
    return Conversion(out, changes)


def _mention_span(row: dict[str, Any], where: str, length: int) -> Span:
    """A mention row of ``extract`` as a span (its ``raw_*`` offsets are in ``text.json``'s text)."""
    start, end, label = row.get("raw_start"), row.get("raw_end"), row.get("label")
    if not (isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= length and label):
        raise AnnotationFileError(where, f"a mention needs raw_start < raw_end inside the text and a label, got "
                                         f"[{start!r}, {end!r}) {label!r}")
    return Span(start, end, str(label), row.get("value"))


def extraction_units(folder: Path, key: str = "line") -> Conversion:
    """The units of one extracted document (``OUT/docs/<id>``): its text, its mentions as spans."""
    document = read_text_json(folder / TEXT_FILE)
    mentions = folder / ROWS_FILE
    spans = []
    if mentions.is_file():
        for n, raw in enumerate(mentions.read_text(encoding="utf-8").splitlines(), 1):
            if raw.strip():
                spans.append(_mention_span(json.loads(raw), f"{mentions}:{n}", len(document.text)))
    spans.sort(key=lambda s: (s.start, s.end, s.label))
    return place_spans(text_units(document, key), spans, document.doc_id, document.text)


def _merge(conversions: Iterable[Conversion]) -> Conversion:
    out = Conversion([])
    for conversion in conversions:
        out.units += conversion.units
        out.changes += conversion.changes
        out.warnings += conversion.warnings
    return out


@dataclass(frozen=True, slots=True)
class Source:
    """What a source path holds: ``rows`` (annotations), ``extraction`` (pre-annotations) or ``text``."""

    kind: str
    conversion: Conversion


def read_source(path: Path, key: str = "line") -> Source:
    """Read an export source (see the module docstring) as units.

    Raises:
        CnreportError: E001 for a missing path, E040 for a file that is no source.
    """
    path = Path(path)
    if not path.exists():
        from ..errors import InputNotFoundError
        raise InputNotFoundError(path)
    if path.is_dir() and (path / DOCS_DIR).is_dir():
        folders = sorted(p for p in (path / DOCS_DIR).iterdir() if (p / TEXT_FILE).is_file())
        if not folders:
            raise AnnotationFileError(path, f"no {DOCS_DIR}/<id>/{TEXT_FILE}: extract it again with this cnreport")
        return Source("extraction", _merge(extraction_units(f, key) for f in folders))
    if path.is_dir() and (path / TEXT_FILE).is_file():
        return Source("extraction", extraction_units(path, key))
    if path.is_dir() and (path / ROWS_FILE).is_file():
        path = path / ROWS_FILE
    if path.is_dir():
        raise AnnotationFileError(path, f"holds no {ROWS_FILE}, {DOCS_DIR}/ or {TEXT_FILE}")
    if path.suffix.lower() == ".jsonl":
        return Source("rows", Conversion(read_rows(path)))
    if path.suffix.lower() == ".json" or path.suffix.lower() in REPORT_SUFFIXES:
        return Source("text", Conversion(text_units(report_text(path), key)))
    raise AnnotationFileError(path, f"unknown source (a rows .jsonl, an extract folder, a {TEXT_FILE}, or a "
                                    f"{'/'.join(REPORT_SUFFIXES)} report)")


# --- placing imported tasks back in their report -----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Task:
    """A task as read from a tool's file: its text, its spans (unit-local offsets) and what metadata it kept.

    Attributes:
        where: file and line or task number, for messages.
        text: the task's text.
        spans: ``(start, end, label, norm)``, local offsets, already checked against ``text``.
        doc_id, key, number, start, split: the cnreport metadata written on export (None when absent).
    """

    where: str
    text: str
    spans: tuple[tuple[int, int, str, Any], ...]
    doc_id: str | None = None
    key: str | None = None
    number: int | None = None
    start: int | None = None
    split: str | None = None


def local_span(where: str, text: str, start: Any, end: Any, label: Any, norm: Any = None
               ) -> tuple[int, int, str, Any]:
    """A checked ``(start, end, label, norm)`` in a task's text."""
    span = checked_span(where, text, 0, start, end, label, norm)
    return (span.start, span.end, span.label, span.norm)


def resolve_tasks(tasks: Iterable[Task], report: DocumentText | None) -> list[Unit]:
    """Units from imported tasks: placed by their metadata, checked against (or, without metadata, found in) the
    report's text when one is given.

    Raises:
        AnnotationFileError: a task without metadata and no report to find it in, a text that differs from the
            report at the task's place, or a text found nowhere or in several places.
    """
    units = []
    for task in tasks:
        key, number, start = task.key, task.number, task.start
        if report is not None:
            key, number, start = _placed(task, report)
        elif key is None or number is None or start is None:
            raise AnnotationFileError(task.where, "no cnreport metadata (doc_id, line or page, start); give the "
                                                  "report with --text to find the task's text in it")
        doc_id = task.doc_id if task.doc_id is not None else (report.doc_id if report else "")
        spans = tuple(Span(start + s, start + e, label, norm) for s, e, label, norm in task.spans)
        units.append(with_spans(Unit(doc_id, key, number, start, task.text, (), task.split), spans))
    return sorted_units(units)


def _placed(task: Task, report: DocumentText) -> tuple[str, int, int]:
    """``(key, number, start)`` of a task in the report: its metadata checked, else its text searched."""
    text = report.text
    if task.key is not None and task.number is not None and task.start is not None:
        if text[task.start:task.start + len(task.text)] != task.text:
            raise AnnotationFileError(task.where, f"the text differs from the report's {task.key} {task.number} "
                                                  f"(offset {task.start})")
        number = _number_at(report, task.key, task.start)
        if number != task.number:
            raise AnnotationFileError(task.where, f"offset {task.start} is on {task.key} {number} of the report, "
                                                  f"not {task.key} {task.number}")
        return task.key, task.number, task.start
    key = task.key or "line"
    found = [u for u in text_units(report, key) if u.text == task.text and (task.number in (None, u.number))]
    if len(found) != 1:
        detail = "not found" if not found else f"found on {len(found)} {key}s ({', '.join(str(u.number) for u in found[:5])})"
        raise AnnotationFileError(task.where, f"the task's text is {detail} in the report's {key}s")
    return key, found[0].number, found[0].start


def _number_at(report: DocumentText, key: str, offset: int) -> int:
    if key == "line":
        return report.text.count("\n", 0, offset) + 1
    return report.page_of(offset)


def check_one_document(units: Sequence[Unit], report: DocumentText | None, where: str) -> None:
    """With a report to check against, the units must all belong to one document."""
    ids = {u.doc_id for u in units}
    if report is not None and len(ids) > 1:
        raise AnnotationFileError(where, f"holds {len(ids)} documents; --text checks one report")


__all__ = ["CnreportError", "Source", "Task", "check_one_document", "extraction_units", "local_span", "read_source",
           "report_text", "resolve_tasks", "text_units"]
