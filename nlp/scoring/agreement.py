"""Inter-annotator agreement on the gold of real reports: the blind second pass against the first pass.

For each blind second pass of a report (``annotations/reports/<key>/second_pass*/``), the first pass's mentions on
the pages of its ``pages.json`` are compared with its ``mentions.jsonl`` exactly as predictions are
scored (:func:`nlp.scoring.report_scores.score_page_mentions`: page, label and folded text as a multiset), with the
first pass as reference: per label strict F1 (symmetric: swapping the passes swaps P and R, F1 stays), the
pooled micro F1, and every disagreement (a mention only one pass has) so it can be settled by reading the page.

``python -m nlp.scoring.agreement [GOLD_DIR] [--json FILE]`` prints the table (and writes the JSON).
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from nlp.scoring.mentions import MENTION_LABELS
from nlp.scoring.prf import total
from nlp.scoring.report_gold import ReportGold, SecondPass, load_reports
from nlp.scoring.report_scores import score_page_mentions


def report_agreement(gold: ReportGold, second: SecondPass) -> dict[str, Any] | None:
    """Agreement of a report's first pass with one of its blind second passes (``None`` without a first pass)."""
    if gold.spans is None:
        return None
    pages = set(second.pages)
    first = [s for s in gold.spans if s.page in pages]
    scores = score_page_mentions(first, second.spans, gold.key)
    labels = {k: v for k, v in scores.strict.labels.items() if v.tp + v.fp + v.fn}
    disagreements = [{"page": e.page, "label": e.group, "text": e.text,
                      "only_in": "first" if e.outcome == "fn" else "second"}
                     for e in scores.errors if e.outcome in ("fn", "fp")]
    disagreements.sort(key=lambda d: (d["page"], d["label"], d["text"], d["only_in"]))
    return {"key": gold.key, "pass": second.name, "pages": sorted(pages), "of": gold.pages,
            "first_spans": len(first), "second_spans": len(second.spans),
            "labels": {k: {"first": v.tp + v.fn, "second": v.tp + v.fp, "agreed": v.tp, "f1": v.f1}
                       for k, v in labels.items()},
            "micro_f1": total(labels.values()).f1, "disagreements": disagreements}


def agreement(gold_dir: str | Path = "annotations") -> list[dict[str, Any]]:
    """Agreement of every second pass of every report, by key and pass."""
    out = [report_agreement(g, second) for g in sorted(load_reports(gold_dir).values(), key=lambda g: g.key)
           for _, second in sorted(g.second_passes.items())]
    return [a for a in out if a is not None]


def gold_counts(gold_dir: str | Path = "annotations") -> dict[str, dict[str, int]]:
    """Per report key: first-pass mentions per label, and ``tables``/``table_rows``/``figures``/``policies`` rows."""
    out: dict[str, dict[str, int]] = {}
    for g in sorted(load_reports(gold_dir).values(), key=lambda g: g.key):
        counts = dict(Counter(s.label for s in g.spans or []))
        counts = {k: counts[k] for k in [*MENTION_LABELS, *sorted(set(counts) - set(MENTION_LABELS))] if k in counts}
        counts["tables"] = len(g.tables or [])
        counts["table_rows"] = sum(len(t.get("rows", [])) for t in g.tables or [])
        counts["figures"] = len(g.figures or [])
        counts["policies"] = len(g.policies or [])
        out[g.key] = counts
    return out


def render(rows: Sequence[dict[str, Any]]) -> str:
    """A markdown table per report: label, spans of each pass, agreed, strict F1."""
    out = []
    for a in rows:
        out += [f"{a['key']} {a['pass']} (pages {', '.join(map(str, a['pages']))} of {a['of']}): micro strict F1 "
                f"{a['micro_f1']:.3f}", "", "| label | first pass | second pass | agreed | strict F1 |",
                "|---|---:|---:|---:|---:|"]
        out += [f"| {k} | {v['first']} | {v['second']} | {v['agreed']} | {v['f1']:.3f} |" for k, v in a["labels"].items()]
        out.append("")
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    """Print the agreement table of every report (and write it as JSON with ``--json``)."""
    p = argparse.ArgumentParser(prog="python -m nlp.scoring.agreement", description=__doc__.split("\n")[0])
    p.add_argument("gold", nargs="?", default="annotations")
    p.add_argument("--json", help="also write the figures and the disagreements here")
    args = p.parse_args(argv)
    rows = agreement(args.gold)
    print(render(rows))
    for key, counts in gold_counts(args.gold).items():
        print(f"{key}: " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    if args.json:
        Path(args.json).write_text(json.dumps(rows, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
