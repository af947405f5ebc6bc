"""doccano's sequence-labeling JSONL, both ways.

doccano imports one JSON object a line with the text under ``text`` and the spans under ``label`` as
``[start_offset, end_offset, "LABEL"]`` lists (its ``SpanLabel.parse``: end-exclusive character offsets, start below
end, a non-empty label); every other key of the object is kept as the example's metadata and written back on
export. Its JSONL export has ``id``, ``text``, ``label`` (or, in projects with relations, ``entities`` objects with
``start_offset``, ``end_offset`` and ``label``) and the metadata keys. cnreport writes as metadata ``doc_id``,
``line`` or ``page``, ``start`` (the unit's document offset), ``split`` (gold lines) and ``norms``: the normalized
values as ``[start, end, "LABEL", norm]``, keyed by their span, so they survive spans added or removed in the tool.
"""
from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from ..errors import AnnotationFileError
from .sources import Task, local_span
from .units import Unit, json_lines, unit_key

TEXT, LABEL, ENTITIES = "text", "label", "entities"


def to_doccano(units: Iterable[Unit]) -> list[dict[str, Any]]:
    """One doccano record per unit, its spans as ``label`` and the cnreport metadata beside them."""
    out = []
    for unit in units:
        spans = [(*unit.local(s), s.label, s.norm) for s in unit.spans]
        record: dict[str, Any] = {TEXT: unit.text, LABEL: [[s, e, lab] for s, e, lab, _ in spans],
                                  "doc_id": unit.doc_id, unit.key: unit.number, "start": unit.start,
                                  "norms": [[s, e, lab, norm] for s, e, lab, norm in spans if norm is not None]}
        if unit.split is not None:
            record["split"] = unit.split
        out.append(record)
    return out


def dumps_doccano(units: Iterable[Unit]) -> bytes:
    """The JSONL file's bytes (sorted keys, ``ensure_ascii=False``)."""
    return "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in to_doccano(units)).encode("utf-8")


def _labels(obj: dict[str, Any], where: str) -> list[tuple[Any, Any, Any]]:
    """``(start, end, label)`` of a record: the ``label`` lists, or ``entities`` objects.

    >>> _labels({"entities": [{"id": 1, "start_offset": 0, "end_offset": 2, "label": "LOC"}]}, "x")
    [(0, 2, 'LOC')]
    >>> _labels({"label": [[0, 2, "LOC"]]}, "x")
    [(0, 2, 'LOC')]
    """
    if ENTITIES in obj and LABEL not in obj:
        return [(e.get("start_offset"), e.get("end_offset"), e.get("label")) for e in obj[ENTITIES]]
    items = obj.get(LABEL, [])
    if not isinstance(items, list) or not all(isinstance(i, list) and len(i) == 3 for i in items):
        raise AnnotationFileError(where, "'label' must be a list of [start, end, label]")
    return [tuple(i) for i in items]  # type: ignore[misc]


def doccano_task(obj: Any, where: str) -> Task:
    """A task from one doccano record (its norms matched to spans by ``(start, end, label)``)."""
    if not isinstance(obj, dict) or not isinstance(obj.get(TEXT), str):
        raise AnnotationFileError(where, "a doccano record needs a 'text' string")
    text = obj[TEXT]
    norms = {(n[0], n[1], n[2]): n[3] for n in obj.get("norms", []) if isinstance(n, list) and len(n) == 4}
    spans = tuple(local_span(where, text, s, e, lab, norms.get((s, e, lab))) for s, e, lab in _labels(obj, where))
    try:
        key: str | None = unit_key(obj)
    except KeyError:
        key = None
    start = obj.get("start")
    return Task(where, text, spans, obj.get("doc_id"), key, obj.get(key) if key else None,
                start if isinstance(start, int) else None, obj.get("split"))


def read_doccano(path: Path) -> list[Task]:
    """The tasks of a doccano JSONL file (blank lines skipped)."""
    return [doccano_task(obj, where) for obj, where in json_lines(path)]
