"""What ``cnreport evaluate`` and ``cnreport report`` do: find the systems, run the baselines, score, write.

Library functions return data; only :mod:`nlp.cli` prints. Errors reaching users are coded one-liners:
``[E001]`` the extract folder or JSON does not exist, ``[E012]`` no gold folder, no gold in it, no document of the
extraction in the gold, or a gold that cannot define the split,
``[E010]`` a malformed input file (results JSON, thresholds, a JSONL line).
"""
from __future__ import annotations

import json
import tempfile
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nlp.errors import DataFileError, GoldError, InputNotFoundError
from nlp.options import DEFAULT_MODELS_DIR
from nlp.scoring.baselines import BASELINE_MODES, run_baselines
from nlp.scoring.harness import evaluate
from nlp.scoring.loaders import load_gold
from nlp.scoring.report_gold import load_reports
from nlp.scoring.reporters import render_html, render_json
from nlp.scoring.results import SCHEMA_VERSION, Results
from nlp.scoring.thresholds import check_thresholds, load_thresholds

#: The name of the evaluated extract folder in the results (ours; the baselines are named by mode).
PRIMARY = "cnreport"


def _coded(exc: Exception) -> DataFileError:
    """A loader's ``path:line: problem`` ValueError as an ``[E010]`` error."""
    where, _, detail = str(exc).rpartition(": ")
    return DataFileError(where or "input", detail)


def evaluate_outputs(output: str | Path, gold_dir: str | Path = "annotations", split: str = "test", *,
                     baselines: bool = True, extra: Mapping[str, str | Path] | None = None,
                     models_dir: Path = DEFAULT_MODELS_DIR, workers: int = 1) -> Results:
    """Score an ``extract`` folder, the in-process baselines and any extra folders against the gold.

    Args:
        output: the ``cnreport extract`` folder (named :data:`PRIMARY` in the results).
        gold_dir: the gold directory.
        split: ``test`` (default), ``train`` or ``all``.
        baselines: run the :data:`~nlp.scoring.baselines.BASELINE_MODES` on OUT's gold documents.
        extra: more folders by name (``--baseline NAME=DIR``), scored after the baselines.
        models_dir: models used by the baselines.
        workers: processes for the baselines.

    Returns:
        The results; baseline ``pred_dir`` values describe the run (not the temporary folder).
    """
    output = Path(output)
    if not output.is_dir():
        raise InputNotFoundError(output)
    for name, folder in (extra or {}).items():
        if not Path(folder).is_dir():
            raise InputNotFoundError(folder)
        if name == PRIMARY or (baselines and name in BASELINE_MODES):
            raise ValueError(f"--baseline name {name!r} is taken; choose another")
    check_gold_dir(gold_dir)
    if split != "all" and not (Path(gold_dir) / "mentions.jsonl").is_file():
        raise GoldError(Path(gold_dir) / "mentions.jsonl", f"needed to select split {split!r}; use --split all")
    check_something_to_score(output, gold_dir)
    with tempfile.TemporaryDirectory(prefix="cnreport-baselines-") as workdir:
        run = None
        systems: dict[str, str | Path] = {PRIMARY: output}
        if baselines:
            reports = load_reports(gold_dir).values()
            gold_ids = [*load_gold(gold_dir).doc_ids, *(r.key for r in reports), *(r.sha256 for r in reports)]
            run = run_baselines(output, gold_ids, workdir, models_dir=models_dir, workers=workers)
            systems.update(run.folders)
        systems.update(extra or {})
        try:
            results = evaluate(None, gold_dir, split, systems)
        except ValueError as exc:
            raise _coded(exc) from exc
    if run is not None:
        for name in run.folders:
            results.systems[name].pred_dir = run.description(name)
        results.notes = list(run.notes)
    results.learned_reports = learned_reports(models_dir, load_reports(gold_dir))
    return results


def learned_reports(models_dir: Path, reports: Mapping[str, Any]) -> list[str]:
    """The keys of the real reports (by SHA-256 of their PDF) whose gold the NER of ``models_dir`` learned from, as
    its ``meta.json`` records them (``reports.pdfs``); empty when it records none or cannot be read."""
    try:
        meta = json.loads((Path(models_dir) / "ner" / "meta.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    learned = {str(pdf.get("sha256")) for pdf in (meta.get("reports") or {}).get("pdfs", [])}
    return sorted(gold.key for sha, gold in reports.items() if sha in learned)


#: What makes a folder a gold folder: any of these (``annotations/`` of a checkout has them all).
GOLD_FILES = ("mentions.jsonl", "tables/*.csv", "classes/*.csv", "reports/*/document.json")


def check_gold_dir(gold_dir: str | Path) -> None:
    """The gold folder exists and holds gold; else a coded error (E012) saying what to give.

    Raises:
        GoldError: no such folder, or none of :data:`GOLD_FILES` in it.
    """
    root = Path(gold_dir)
    if not root.is_dir():
        raise GoldError(root, "no such folder; give --gold DIR, the annotations/ folder of a cnreport checkout "
                              "(the default ./annotations is there only when run from a checkout)")
    if not any(next(root.glob(pattern), None) for pattern in GOLD_FILES):
        raise GoldError(root, f"no gold in it (none of {', '.join(GOLD_FILES)})")


def check_something_to_score(output: Path, gold_dir: str | Path) -> None:
    """At least one document of ``output`` has gold in ``gold_dir`` (a line-keyed gold document it maps to, or a
    real report's gold); else scores would all be 0.000 for want of gold, so it is a coded error (E012)."""
    from nlp.scoring.harness import align_doc_ids
    from nlp.scoring.loaders import load_predictions
    predictions = load_predictions(output)
    predicted = predictions.doc_ids() - {""}
    gold_ids = set(load_gold(gold_dir).doc_ids) - {""}
    mapped = align_doc_ids(gold_ids, predicted, predictions.source_stems()) if gold_ids else {}
    if any(d in gold_ids for d in mapped.values()) or predicted & set(load_reports(gold_dir)):
        return
    raise GoldError(gold_dir, f"none of the {len(predicted)} documents of {output} has gold here, so there is "
                              "nothing to score (extract a report the gold was made from: corpus/*.txt or a PDF "
                              "under reports/)")


def write_text(path: str | Path, text: str) -> Path:
    """Write UTF-8 text (parent folders created) and return the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def load_results(path: str | Path) -> dict[str, Any]:
    """A saved evaluation JSON (``cnreport evaluate --json``), checked for a compatible ``schema_version``."""
    path = Path(path)
    if not path.is_file():
        raise InputNotFoundError(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise DataFileError(path, f"not an evaluation JSON ({exc})") from exc
    if not isinstance(data, dict) or "systems" not in data:
        raise DataFileError(path, "not an evaluation JSON (no 'systems')")
    major = str(data.get("schema_version", "")).split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        raise DataFileError(path, f"schema_version {data.get('schema_version')!r}, this cnreport reads "
                                  f"{SCHEMA_VERSION.split('.')[0]}.x")
    return data


def check_thresholds_file(results: Results | Mapping[str, Any], path: str | Path) -> list[str]:
    """The floors of a thresholds file that ``results`` does not meet (empty: all met)."""
    if not Path(path).is_file():
        raise InputNotFoundError(path)
    try:
        thresholds = load_thresholds(path)
    except (ValueError, json.JSONDecodeError) as exc:
        raise DataFileError(path, str(exc).split(": ", 1)[-1]) from exc
    return check_thresholds(results, thresholds)


def results_json(results: Results | Mapping[str, Any]) -> str:
    """The JSON text written by ``--json`` (with a final newline)."""
    return render_json(results) + "\n"


def report_html(source: str | Path, gold_dir: str | Path = "annotations", split: str = "test", *,
                baselines: bool = True, extra: Mapping[str, str | Path] | None = None,
                models_dir: Path = DEFAULT_MODELS_DIR, workers: int = 1) -> str:
    """The HTML report of an evaluation JSON file, or of an ``extract`` folder evaluated now."""
    source = Path(source)
    if source.is_file():
        data: Results | Mapping[str, Any] = load_results(source)
    else:
        data = evaluate_outputs(source, gold_dir, split, baselines=baselines, extra=extra, models_dir=models_dir,
                                workers=workers)
    return render_html(data)


__all__ = ["PRIMARY", "check_gold_dir", "check_something_to_score", "evaluate_outputs", "check_thresholds_file", "load_results", "report_html", "results_json",
           "write_text"]
