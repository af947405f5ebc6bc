"""Annotation interop: ``cnreport annotations export|import --format doccano|labelstudio|docbin``.

Export reads annotations (a rows file such as ``annotations/mentions.jsonl``), an extraction (``cnreport extract``'s
OUT folder, or one ``OUT/docs/<id>``: its mentions become pre-annotations) or a report's text alone, cuts it into
units (non-blank lines, or pages) and writes them in a tool's format. Import reads a tool's file back into a rows
file, placing each task by the metadata written on export, or by finding its text in the report given with
``--text``. Doccano and Label Studio files round-trip byte-identically; anything a conversion cannot carry over (a
span across a line break, a span widened to DocBin's tokens) is listed as a :class:`~nlp.interop.units.Change` with
its reason. The formats are described in :mod:`nlp.interop.doccano`, :mod:`nlp.interop.labelstudio` and
:mod:`nlp.interop.docbin`.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from .sources import Task, check_one_document, read_source, report_text, resolve_tasks
from .units import Change, Conversion, Unit, diff_units, dumps_rows

FORMATS = ("doccano", "labelstudio", "docbin")
SPLITS = ("train", "test", "all")
#: What an export writes by default for each kind of source: gold to review, or an extraction's pre-annotations.
DEFAULT_KIND = {"rows": "annotations", "extraction": "predictions", "text": "annotations"}


@dataclass
class ExportResult:
    """What an export wrote: the file, the units and spans in it, every change, and any other file written."""

    output: Path
    units: int
    spans: int
    changes: list[Change] = field(default_factory=list)
    extra: list[Path] = field(default_factory=list)
    kind: str = "annotations"


@dataclass
class ImportResult:
    """What an import wrote, and how it differs from the file given to compare with (when one was)."""

    output: Path
    units: int
    spans: int
    identical: bool | None = None
    changes: list[Change] = field(default_factory=list)


def _in_split(units: list[Unit], split: str) -> list[Unit]:
    if split not in SPLITS:
        raise ValueError(f"split must be one of {SPLITS}, got {split!r}")
    return units if split == "all" else [u for u in units if u.split == split]


def _write(path: Path, data: bytes) -> None:
    from ..records.writer import atomic_write
    atomic_write(path, data)


def config_path(output: Path) -> Path:
    """Where the Label Studio labeling config is written beside the tasks file.

    >>> config_path(Path("out/tasks.json"))
    PosixPath('out/tasks.label_config.xml')
    """
    return output.with_name(output.stem + ".label_config.xml")


def export_annotations(source: Path, output: Path, fmt: str, unit: str = "line", kind: str | None = None,
                       split: str = "all", tokens: str = "jieba") -> ExportResult:
    """Export a source's units to a tool's file.

    Args:
        source: see :func:`nlp.interop.sources.read_source`.
        output: the file to write (``.jsonl`` for doccano, ``.json`` for Label Studio, ``.spacy`` for DocBin).
        fmt: one of :data:`FORMATS`.
        unit: ``line`` or ``page`` (rows files keep their own unit).
        kind: Label Studio only: ``annotations`` or ``predictions``; default by source (:data:`DEFAULT_KIND`).
        split: ``train``, ``test`` or ``all`` units (only gold lines have a split).
        tokens: DocBin only: ``jieba`` or ``exact`` (see :mod:`nlp.interop.docbin`).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")
    read = read_source(Path(source), unit)
    conversion: Conversion = read.conversion
    units = _in_split(conversion.units, split)
    kind = kind or DEFAULT_KIND[read.kind]
    result = ExportResult(Path(output), len(units), sum(len(u.spans) for u in units), list(conversion.changes),
                          kind=kind)
    if fmt == "doccano":
        from .doccano import dumps_doccano
        _write(result.output, dumps_doccano(units))
    elif fmt == "labelstudio":
        from .labelstudio import dumps_label_studio, label_config
        _write(result.output, dumps_label_studio(units, kind))
        labels = {s.label for u in units for s in u.spans}
        _write(config_path(result.output), label_config(labels).encode("utf-8"))
        result.extra.append(config_path(result.output))
    else:
        from .docbin import to_docbin
        data, changes = to_docbin(units, tokens)
        _write(result.output, data)
        result.changes += changes
    return result


def read_tasks(path: Path, fmt: str) -> list[Task]:
    """The tasks of a tool's file."""
    if fmt == "doccano":
        from .doccano import read_doccano
        return read_doccano(path)
    if fmt == "labelstudio":
        from .labelstudio import read_label_studio
        return read_label_studio(path)
    if fmt == "docbin":
        from .docbin import read_docbin
        return read_docbin(path)
    raise ValueError(f"format must be one of {FORMATS}, got {fmt!r}")


def import_annotations(path: Path, output: Path, fmt: str, text: Path | None = None,
                       compare: Path | None = None) -> ImportResult:
    """Read a tool's file back into a rows file.

    Args:
        path: the tool's file.
        output: the rows file to write.
        fmt: one of :data:`FORMATS`.
        text: the report (``text.json``, ``OUT/docs/<id>``, ``.pdf``, ``.txt``): tasks are checked against it, and
            tasks without cnreport metadata are found in it.
        compare: the exported source (a rows file, an extract folder, ...: see
            :func:`~nlp.interop.sources.read_source`): the result says whether the output is byte-identical to its
            rows and lists every span that differs.
    """
    path = Path(path)
    if not path.is_file():
        from ..errors import InputNotFoundError
        raise InputNotFoundError(path)
    report = report_text(Path(text)) if text is not None else None
    tasks = read_tasks(path, fmt)
    if report is not None:
        tasks = [replace(t, doc_id=report.doc_id if t.doc_id is None else t.doc_id) for t in tasks]
    units = resolve_tasks(tasks, report)
    check_one_document(units, report, str(path))
    data = dumps_rows(units)
    _write(Path(output), data)
    result = ImportResult(Path(output), len(units), sum(len(u.spans) for u in units))
    if compare is not None:
        key = units[0].key if units else "line"
        before = read_source(Path(compare), key).conversion.units
        rows_file = Path(compare).is_file() and Path(compare).suffix.lower() == ".jsonl"
        result.identical = (Path(compare).read_bytes() if rows_file else dumps_rows(before)) == data
        result.changes = diff_units(before, units)
    return result


__all__ = ["FORMATS", "SPLITS", "Change", "ExportResult", "ImportResult", "Unit", "config_path", "export_annotations",
           "import_annotations", "read_tasks"]
