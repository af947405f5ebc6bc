"""Label Studio's JSON tasks, both ways.

A task is ``{"data": {"text": ..., <metadata>}, "annotations" | "predictions": [{"result": [...]}]}`` (the "Basic
Label Studio JSON format"; pre-annotations go under ``predictions`` with a ``model_version``). Each span is a result
of the ``Labels`` control over the ``Text`` object of :func:`label_config`::

    {"id", "from_name": "label", "to_name": "text", "type": "labels",
     "value": {"start", "end", "text", "labels": ["LABEL"]}, "meta": {"text": ["<norm as JSON>"]}?}

``start``/``end`` are character offsets in ``data.text``, end-exclusive; the region's ``meta.text`` is the
free-text note Label Studio shows and keeps with a region, used here for the normalized value. The cnreport
metadata (``doc_id``, ``line`` or ``page``, ``start``, ``split``) sits in ``data`` beside the text, where Label
Studio keeps it and writes it back on export.
"""
from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import quoteattr

from ..errors import AnnotationFileError
from ..records.schema import MENTION_LABELS
from .sources import Task, local_span
from .units import Unit, unit_key

FROM_NAME, TO_NAME, RESULT_TYPE = "label", "text", "labels"
KINDS = ("annotations", "predictions")
MODEL_VERSION = "cnreport"


def label_config(labels: Iterable[str] = ()) -> str:
    """The labeling config the tasks fit: a ``Labels`` control ``label`` over a ``Text`` object ``text``, with
    cnreport's labels and any other label of ``labels``.

    >>> print(label_config(["ORG"]).splitlines()[2])
        <Label value="ORG"/>
    """
    names = list(MENTION_LABELS) + sorted(set(labels) - set(MENTION_LABELS))
    tags = "".join(f"    <Label value={quoteattr(name)}/>\n" for name in names)
    return (f'<View>\n  <Labels name="{FROM_NAME}" toName="{TO_NAME}">\n{tags}  </Labels>\n'
            f'  <Text name="{TO_NAME}" value="$text"/>\n</View>\n')


def _region_id(unit: Unit, index: int) -> str:
    """A result id unique in the file: document, unit and position.

    >>> _region_id(Unit("3271da05a5a2", "line", 45, 0, "x"), 2)
    '3271da05-l45-2'
    """
    return f"{unit.doc_id[:8] or 'doc'}-{unit.key[0]}{unit.number}-{index}"


def _region(unit: Unit, index: int, start: int, end: int, label: str, norm: Any) -> dict[str, Any]:
    region: dict[str, Any] = {"id": _region_id(unit, index), "from_name": FROM_NAME, "to_name": TO_NAME,
                              "type": RESULT_TYPE,
                              "value": {"start": start, "end": end, "text": unit.text[start:end], "labels": [label]}}
    if norm is not None:
        region["meta"] = {"text": [json.dumps(norm, ensure_ascii=False, sort_keys=True)]}
    return region


def to_label_studio(units: Iterable[Unit], kind: str = "annotations", model_version: str = MODEL_VERSION
                    ) -> list[dict[str, Any]]:
    """Label Studio tasks, one per unit, the spans as ``annotations`` (to review) or ``predictions``
    (pre-annotations, with ``model_version``). Tasks are numbered from 1 (``id``): Label Studio gives imported tasks
    ids of its own, and tools that read its exports (label-studio-converter) need one."""
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {KINDS}, got {kind!r}")
    tasks = []
    for number, unit in enumerate(units, 1):
        result = [_region(unit, i, *unit.local(s), s.label, s.norm) for i, s in enumerate(unit.spans)]
        entry: dict[str, Any] = {"result": result}
        if kind == "predictions":
            entry["model_version"] = model_version
        data: dict[str, Any] = {"text": unit.text, "doc_id": unit.doc_id, unit.key: unit.number, "start": unit.start}
        if unit.split is not None:
            data["split"] = unit.split
        tasks.append({"id": number, "data": data, kind: [entry]})
    return tasks


def dumps_label_studio(units: Sequence[Unit], kind: str = "annotations") -> bytes:
    """The JSON file's bytes (a list of tasks, sorted keys, ``ensure_ascii=False``)."""
    return (json.dumps(to_label_studio(units, kind), ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode()


def _norm(region: dict[str, Any], where: str) -> Any:
    """The norm a region's meta carries (``{"text": [json]}``), else None."""
    texts = (region.get("meta") or {}).get("text") or []
    if not texts or not str(texts[0]).strip():
        return None
    try:
        return json.loads(texts[0])
    except json.JSONDecodeError as exc:
        raise AnnotationFileError(where, f"region {region.get('id')!r}: meta.text is not a JSON norm ({exc.msg})") from exc


def _result(task: dict[str, Any]) -> list[dict[str, Any]]:
    """The result to import: the first annotation not cancelled, else the first prediction."""
    for annotation in task.get("annotations") or []:
        if not annotation.get("was_cancelled"):
            return list(annotation.get("result") or [])
    predictions = task.get("predictions") or []
    return list(predictions[0].get("result") or []) if predictions else []


def _spans(task: dict[str, Any], text: str, where: str) -> tuple[tuple[int, int, str, Any], ...]:
    spans = []
    for region in _result(task):
        if region.get("type") != RESULT_TYPE:
            continue
        value = region.get("value") or {}
        start, end = value.get("start"), value.get("end")
        for label in value.get("labels") or []:
            span = local_span(where, text, start, end, label, _norm(region, where))
            if "text" in value and value["text"] != text[span[0]:span[1]]:
                raise AnnotationFileError(where, f"region {region.get('id')!r} says {value['text']!r} but the task "
                                                 f"text at [{start}, {end}) is {text[span[0]:span[1]]!r}")
            spans.append(span)
    return tuple(spans)


def label_studio_task(task: Any, where: str) -> Task:
    """A task from one Label Studio task (``labels`` results; other result types are left out)."""
    data = task.get("data") if isinstance(task, dict) else None
    if not isinstance(data, dict) or not isinstance(data.get("text"), str):
        raise AnnotationFileError(where, "a Label Studio task needs data.text")
    text = data["text"]
    try:
        key: str | None = unit_key(data)
    except KeyError:
        key = None
    start = data.get("start")
    return Task(where, text, _spans(task, text, where), data.get("doc_id"), key, data.get(key) if key else None,
                start if isinstance(start, int) else None, data.get("split"))


def read_label_studio(path: Path) -> list[Task]:
    """The tasks of a Label Studio JSON file (a list of tasks, or one task)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig"))
    except json.JSONDecodeError as exc:
        raise AnnotationFileError(path, f"not valid JSON ({exc.msg})") from exc
    tasks = data if isinstance(data, list) else [data]
    return [label_studio_task(t, f"{path} task {n}") for n, t in enumerate(tasks, 1)]
