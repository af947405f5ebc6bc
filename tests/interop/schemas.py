"""The import formats of doccano and Label Studio, written down as checks from their documentation and code.

- doccano (``backend/data_import``: ``readers.py``, ``builders.py``, ``labels.py``): a JSONL line is an object whose
  ``text`` is a non-empty string; the ``label`` column is a list of ``[start_offset, end_offset, label]`` with integer
  offsets, start below end, and a non-empty string label (``SpanLabel``); every other key becomes metadata.
- Label Studio (docs ``guide/predictions.md``, "Import span pre-annotations for text"; ``guide/tasks.md``): a list of
  tasks ``{"data": {<the Text tag's $value>: str, ...}, "predictions" | "annotations": [{"model_version"?,
  "result": [...]}]}``; each result ``{"id": str, "from_name": <a Labels tag's name>, "to_name": <its toName, a Text
  tag>, "type": "labels", "value": {"start": int, "end": int, "text": str, "labels": [<Label values>]}}``, result ids
  distinct within a task.
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from typing import Any


def doccano_errors(records: list[Any]) -> list[str]:
    """Why doccano's sequence-labeling JSONL import would refuse or drop parts of these records (empty: none)."""
    errors = []
    for n, record in enumerate(records, 1):
        if not isinstance(record, dict) or not isinstance(record.get("text"), str) or not record["text"]:
            errors.append(f"record {n}: no non-empty 'text'")
            continue
        for item in record.get("label", []):
            ok = (isinstance(item, list) and len(item) == 3 and all(type(x) is int for x in item[:2])
                  and isinstance(item[2], str) and item[2] and 0 <= item[0] < item[1] <= len(record["text"]))
            if not ok:
                errors.append(f"record {n}: bad span {item!r}")
    return errors


def label_config_parts(config: str) -> tuple[dict[str, tuple[str, set[str]]], dict[str, str]]:
    """``({Labels name: (toName, label values)}, {Text name: data key})`` of a labeling config."""
    root = ET.fromstring(config)
    labels = {tag.get("name", ""): (tag.get("toName", ""), {label.get("value", "") for label in tag.iter("Label")})
              for tag in root.iter("Labels")}
    texts = {tag.get("name", ""): tag.get("value", "").lstrip("$") for tag in root.iter("Text")}
    return labels, texts


def label_studio_errors(tasks: list[Any], config: str, kind: str) -> list[str]:
    """Why Label Studio would refuse these tasks under this labeling config (empty: none)."""
    labels, texts = label_config_parts(config)
    errors = []
    for n, task in enumerate(tasks, 1):
        data = task.get("data") if isinstance(task, dict) else None
        if not isinstance(data, dict) or any(not isinstance(data.get(key), str) for key in texts.values()):
            errors.append(f"task {n}: data lacks {sorted(texts.values())}")
            continue
        entries = task.get(kind)
        if not isinstance(entries, list) or not entries:
            errors.append(f"task {n}: no {kind} list")
            continue
        for entry in entries:
            if kind == "predictions" and not isinstance(entry.get("model_version"), str):
                errors.append(f"task {n}: a prediction without model_version")
            errors += [f"task {n}: {e}" for e in _result_errors(entry.get("result"), data, labels, texts)]
    return errors


def _result_errors(result: Any, data: dict[str, Any], labels: dict[str, tuple[str, set[str]]],
                   texts: dict[str, str]) -> list[str]:
    if not isinstance(result, list):
        return ["result is not a list"]
    errors, ids = [], set()
    for region in result:
        rid = region.get("id")
        if not isinstance(rid, str) or rid in ids:
            errors.append(f"region id {rid!r} missing or repeated")
        ids.add(rid)
        control = labels.get(region.get("from_name"))
        if control is None or region.get("to_name") != control[0] or region.get("to_name") not in texts:
            errors.append(f"region {rid}: from_name/to_name do not match the config")
            continue
        if region.get("type") != "labels":
            errors.append(f"region {rid}: type {region.get('type')!r} is not 'labels'")
        value = region.get("value") or {}
        text = data[texts[control[0]]]
        start, end = value.get("start"), value.get("end")
        if not (type(start) is int and type(end) is int and 0 <= start < end <= len(text)):
            errors.append(f"region {rid}: bad offsets [{start!r}, {end!r})")
        elif value.get("text") != text[start:end]:
            errors.append(f"region {rid}: value.text is not the text at its offsets")
        if not value.get("labels") or not set(value["labels"]) <= control[1]:
            errors.append(f"region {rid}: labels {value.get('labels')!r} not in the config")
    return errors
