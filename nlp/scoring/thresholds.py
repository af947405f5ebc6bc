"""Floors for headline figures (evaluation/thresholds.json) and the check against them.

The file is ``{"schema_version": "1.0", "system": "cnreport", "split": "test", "floors": {name: floor}}``
(``system``, ``split`` optional; results of another split fail). A name is a
headline name (``mentions.strict.micro.f1``, see ``SystemResults.headline``) or a dotted path into the
system's JSON (``corpus.mentions.schemes.strict.labels.ORG.f1``). A figure that is undefined (``None``)
fails only a floor above 0.

``cross_report_floors`` (optional, same form) are floors for the figures on the gold of real reports
(``reports_total...``, ``reports.<key>...``: whole reports the models never saw); they are checked when the results
hold real reports (an extraction of their PDFs), and reported as failing when ``require_reports`` is set and there
are none.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nlp.scoring.results import Results, as_dict


def load_thresholds(path: str | Path) -> dict[str, Any]:
    """Read a thresholds file.

    Raises:
        ValueError: the file has no ``floors`` object or a floor is not a number; names the file.
    """
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    floors = data.get("floors") if isinstance(data, dict) else None
    if not isinstance(floors, dict):
        raise ValueError(f"{path}: expected an object with a 'floors' object")
    cross = data.get("cross_report_floors", {})
    if not isinstance(cross, dict):
        raise ValueError(f"{path}: 'cross_report_floors' is not an object")
    for name, floor in {**floors, **cross}.items():
        if not isinstance(floor, (int, float)) or isinstance(floor, bool):
            raise ValueError(f"{path}: floor of {name!r} is not a number")
    return data


def _lookup(system: Mapping[str, Any], name: str) -> tuple[bool, Any]:
    """``(found, value)`` of a headline name or a dotted path into the system's JSON."""
    headline = system.get("headline", {})
    if name in headline:
        return True, headline[name]
    node: Any = system
    for part in name.split("."):
        if not isinstance(node, Mapping) or part not in node:
            return False, None
        node = node[part]
    return True, node


def check_thresholds(results: Results | Mapping[str, Any], thresholds: Mapping[str, Any],
                     require_reports: bool = False) -> list[str]:
    """The failures of ``results`` against ``thresholds``, one message each (empty: all floors met).

    Args:
        results: a :class:`Results` or its JSON form.
        thresholds: ``{"system": name (default the primary system), "split": split (optional),
            "floors": {name: floor}, "cross_report_floors": {name: floor} (optional)}``.
        require_reports: fail when there are cross-report floors but the results hold no real report.

    Returns:
        Messages such as ``"cnreport: mentions.strict.micro.f1 = 0.5120 < floor 0.6000"``.

    >>> r = {"primary": "s", "systems": {"s": {"headline": {"x.f1": 0.5, "y.f1": None}}}}
    >>> check_thresholds(r, {"floors": {"x.f1": 0.6, "y.f1": 0.0, "z": 0.1}})
    ['s: x.f1 = 0.5000 < floor 0.6000', 's: z: no such figure']
    """
    data = as_dict(results)
    if thresholds.get("split") and thresholds["split"] != data.get("split"):
        return [f"the floors are for split {thresholds['split']!r}, the results are of split {data.get('split')!r}"]
    name = thresholds.get("system") or data.get("primary")
    system = data.get("systems", {}).get(name)
    if system is None:
        return [f"{name}: no such system in the results"]
    floors = dict(thresholds.get("floors", {}))
    if system.get("reports_total"):
        floors.update(thresholds.get("cross_report_floors", {}))
    elif require_reports and thresholds.get("cross_report_floors"):
        return [f"{name}: the results hold no real report (extract annotations/reports/*/document.json's PDFs)"]
    out = []
    for metric, floor in floors.items():
        found, value = _lookup(system, metric)
        if not found:
            out.append(f"{name}: {metric}: no such figure")
        elif value is None:
            if floor > 0:
                out.append(f"{name}: {metric} is undefined (no support) < floor {floor:.4f}")
        elif not isinstance(value, (int, float)):
            out.append(f"{name}: {metric} is not a number")
        elif value < floor:
            out.append(f"{name}: {metric} = {value:.4f} < floor {floor:.4f}")
    return out
