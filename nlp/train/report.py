"""Render the figures returned by :func:`nlp.train.train` as a plain-text table (what ``cnreport train`` prints)."""
from __future__ import annotations

from typing import Any


def _pct(x: float | None) -> str:
    """A score as a percentage with one decimal, ``-`` when undefined.

    >>> _pct(0.8123), _pct(None)
    ('81.2', '-')
    """
    return "-" if x is None else f"{100 * x:.1f}"


def _ner_lines(result: dict[str, Any]) -> list[str]:
    m = result["metrics"]
    lines = [f"ner (test split, strict)      P     R    F1   tp  fp  fn"]
    for label, s in m["per_label"].items():
        lines.append(f"  {label:<26}{_pct(s['precision']):>5} {_pct(s['recall']):>5} {_pct(s['f1']):>5} "
                     f"{s['tp']:>4}{s['fp']:>4}{s['fn']:>4}")
    for key in ("names_micro", "micro"):
        s = m[key]
        lines.append(f"  {key:<26}{_pct(s['precision']):>5} {_pct(s['recall']):>5} {_pct(s['f1']):>5}")
    if "cv" in result:
        cv = result["cv"]
        lines.append(f"  {cv['folds']}-fold CV by section: names F1 {_pct(cv['names_micro']['f1'])}, "
                     f"all F1 {_pct(cv['micro']['f1'])}")
    lines += _data_lines(result)
    a = result["alignment"]
    lines.append(f"  spans not on token boundaries: {a['unaligned']} of {a['total']} ({a['mode']}); "
                 f"{result['train_seconds']} s; {result['size_bytes'] / 1e6:.1f} MB")
    return lines


def _data_lines(result: dict[str, Any]) -> list[str]:
    """What the NER learned from: lines per source, the real reports' spans placed, and any report left out."""
    counts = result.get("train_lines", {})
    lines = ["  learned from: " + ", ".join(f"{name} {n} lines" for name, n in counts.items())]
    reports = result.get("reports", {})
    for p in reports.get("placements", []):
        lines.append(f"  {p['key']}: {p['placed']} of {p['spans']} gold spans placed ({p['out_of_order']} out of "
                     f"reading order), {p['not_found']} not found, {p['across_sentences']} across sentences, "
                     f"pages dropped {p['pages_dropped'] or 'none'}")
    for missing in reports.get("missing", []):
        lines.append(f"  NOT LEARNED (no real-report data): {missing}")
    if reports and not reports.get("placements"):
        lines.append("  the NER learned from the first report alone (no real report PDF found: --corpus-real DIR)")
    return lines


def _classifier_lines(name: str, result: dict[str, Any]) -> list[str]:
    if "skipped" in result:
        return [f"{name}: skipped ({result['skipped']})"]
    m = result["metrics"]
    lines = [f"{name} (test split, n={m['n']}) shipped: {m['family']}"]
    for family, s in m["families"].items():
        cv = result.get("cv", {}).get(family)
        cv_text = f"   CV acc {_pct(cv['accuracy'])} macro-F1 {_pct(cv['macro_f1'])}" if cv else ""
        lines.append(f"  {family:<14} acc {_pct(s['accuracy']):>5} macro-F1 {_pct(s['macro_f1']):>5}{cv_text}")
    return lines


def format_summary(results: dict[str, Any]) -> str:
    """The test-split (and CV) figures of every trained model, one block per model."""
    lines: list[str] = []
    for name, result in results.items():
        lines += _ner_lines(result) if name == "ner" else _classifier_lines(name, result)
    return "\n".join(lines)
