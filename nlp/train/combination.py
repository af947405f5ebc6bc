"""Choose how NER spans are combined with rule spans, by cross-validation that holds out whole reports.

``python -m nlp.train.combination [--corpus-real DIR] [--section-folds 3] [--epochs 12] [--seed 0] [--json F]
[--write]``

Folds (:mod:`nlp.train.folds`): each training report of ``[reports] train`` (settings.toml) held out in turn, its
NER trained on the first report's train split and the other reports; then the first report's train split in
``--section-folds`` groups of sections, its NER trained on the other sections and every report. The held-out
document is extracted by the run-time pipeline with the fold's NER under each combination, and its names (ORG, LOC,
PRODUCT, PER) are scored strict as the harness scores a real report: same page (the line, for the first report),
label and folded text. Policies:

``rules``     the rule spans alone (the pipeline in rules mode);
``longest``   rules and NER merged by :func:`nlp.extractors.merge.resolve_overlaps` (a longer NER name beats a
              shorter rule name);
``gapfill``   the rule spans kept as they are, NER names added only where no rule span lies;
``guarded``   as ``longest``, but a NER name that begins or ends with a clause word (a jieba tag of the
              ``clause_tags`` of ``nlp/data/combination.toml``) is dropped first, and so is a NER name without a head
              with a clause word inside (:func:`nlp.extractors.name_edges.headless_clause`);
``walled``    as ``guarded``, but a NER name with a stop word of ``org_stops.tsv`` strictly inside is dropped too;

each at every head reach of ``HEAD_REACHES`` (:func:`nlp.extractors.components.reach_head`). The criterion is the
**mean over reports** of the names micro-F1 (the first report's section folds summed into one report), so that each
report weighs the same whatever its size: the aim is names that hold up on a report the models never saw. The best
(policy, reach) is chosen (ties: the earlier policy, the shorter reach); a label's NER spans are added if, under that
policy, its mean F1 over the reports with gold of that label beats the rules alone. The chosen combination is then run
once more per fold (``chosen``). ``--write`` saves the choice and the evidence to ``nlp/data/combination.toml``. The
first report's test split and the held-out reports (``[reports] held_out``) are never used.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from ..extractors.components import NAME_LABELS, Combination, combination
from ..scoring.prf import PRF, total
from .data import read_gold_lines
from .folds import Fold, combined_pipeline, extract_names, make_folds, read_study_reports, rules_pipeline, \
    save_fold_ner, score_fold, using_combination
from .reports import find_corpus_real, report_settings
from . import variants

POLICIES = ("rules", "longest", "gapfill", "guarded", "walled")
HEAD_REACHES = (0, 3, 6, 9)
LABELS = tuple(sorted(NAME_LABELS))
ROOT = Path(__file__).resolve().parents[2]
OUT = ROOT / "nlp" / "data" / "combination.toml"
CORPUS = ROOT / "corpus" / "cn-blockchain-2022-2023.txt"

Counts = dict[str, PRF]


def variant_policy(policy: str, reach: int, labels: Sequence[str] = LABELS) -> Combination:
    """The combination of one study variant (the shipped clause tags and name breaks)."""
    return replace(combination(), policy=policy, head_reach=reach, ner_labels=frozenset(labels))


def run_fold(fold: Fold, models: Path, seed: int, epochs: int, variant: str | None, log: Any) -> dict[str, Any]:
    """Train the fold's NER into ``models``, then score every (reach, policy) on the held-out document."""
    print(f"{fold.name}: NER on {len(fold.learn)} lines, {epochs} epochs", file=log, flush=True)
    save_fold_ner(variants.train_variant(variant, fold.learn, seed, epochs).nlp, models)
    counts: dict[str, dict[str, Counts]] = {}
    rules = score_fold(fold, extract_names(rules_pipeline(), fold.document))
    pipeline = combined_pipeline(models)
    for reach in HEAD_REACHES:
        counts[str(reach)] = {"rules": rules}
        for policy in POLICIES[1:]:
            with using_combination(variant_policy(policy, reach)):
                counts[str(reach)][policy] = score_fold(fold, extract_names(pipeline, fold.document))
    return {"name": fold.name, "report": fold.report, "learn_lines": len(fold.learn), "gold": len(fold.gold),
            "counts": counts}


def f1(counts: Counts) -> float:
    """Micro-F1 over the name labels (0 when nothing was predicted or expected)."""
    return total(counts.values()).f1 or 0.0


def by_report(folds: list[dict[str, Any]], reach: str, policy: str) -> dict[str, Counts]:
    """Counts per report (its folds summed) and label."""
    out: dict[str, Counts] = {}
    for fold in folds:
        mine = out.setdefault(fold["report"], {label: PRF() for label in LABELS})
        for label, prf in fold["counts"][reach][policy].items():
            mine[label] = mine[label] + prf
    return out


def mean_f1(folds: list[dict[str, Any]], reach: str, policy: str) -> float:
    """The criterion: the mean over reports of the names micro-F1."""
    reports = by_report(folds, reach, policy)
    return sum(f1(c) for c in reports.values()) / len(reports)


def label_f1(folds: list[dict[str, Any]], reach: str, policy: str, label: str) -> float | None:
    """Mean F1 of one label over the reports with gold of it (``None`` when no report has any)."""
    scores = [c[label].f1 or 0.0 for c in by_report(folds, reach, policy).values() if c[label].support]
    return sum(scores) / len(scores) if scores else None


def choose(folds: list[dict[str, Any]]) -> dict[str, Any]:
    """The (policy, reach) with the best mean names micro-F1 over reports (ties: earlier policy, shorter reach),
    and the labels whose NER spans it adds (their mean F1 beats the rules alone's)."""
    reaches = [str(r) for r in HEAD_REACHES]
    reach, policy = max(((r, p) for r in reaches for p in POLICIES[1:]),
                        key=lambda rp: (round(mean_f1(folds, *rp), 6), -POLICIES.index(rp[1]), -int(rp[0])))
    labels = [label for label in LABELS
              if (label_f1(folds, reach, policy, label) or 0.0) > (label_f1(folds, reach, "rules", label) or 0.0)]
    return {"policy": policy, "head_reach": int(reach), "ner_labels": labels,
            "mean_f1": {p: round(mean_f1(folds, reach, p), 4) for p in POLICIES},
            "mean_f1_by_reach": {r: round(mean_f1(folds, r, policy), 4) for r in reaches}}


def run_chosen(fold: Fold, models: Path, choice: dict[str, Any]) -> Counts:
    """The chosen combination (its labels only) on one fold, with the fold's NER already in ``models``."""
    with using_combination(variant_policy(choice["policy"], choice["head_reach"], choice["ner_labels"])):
        return score_fold(fold, extract_names(combined_pipeline(models), fold.document))


def study(annotations: Path, corpus_real: Path | None, section_folds: int, epochs: int, seed: int = 0,
          variant: str | None = None, log: Any = sys.stderr) -> dict[str, Any]:
    """Run every fold, choose, and score the choice per fold; returns the JSON-ready result."""
    reports = read_study_reports(annotations, corpus_real)
    folds = make_folds(read_gold_lines(annotations), CORPUS, reports, annotations, section_folds)
    results = []
    with tempfile.TemporaryDirectory(prefix="cnreport-study-") as tmp:
        for index, fold in enumerate(folds):
            results.append(run_fold(fold, Path(tmp) / f"fold{index}", seed, epochs, variant, log))
        choice = choose(results)
        for index, fold in enumerate(folds):
            results[index]["chosen"] = run_chosen(fold, Path(tmp) / f"fold{index}", choice)
    return {"epochs": epochs, "seed": seed, "variant": variant, "section_folds": section_folds,
            "held_out": report_settings()["held_out"], "clause_tags": sorted(combination().clause_tags),
            "name_breaks": "".join(sorted(combination().name_breaks)), "folds": results, "choice": choice}


def _prf_row(c: PRF) -> str:
    return f"[{c.tp}, {c.fp}, {c.fn}, {round(c.f1, 4) if c.f1 is not None else 0}]"


def render_toml(result: dict[str, Any]) -> str:
    """``nlp/data/combination.toml``: the choice, then the evidence per fold and per report."""
    choice, folds = result["choice"], result["folds"]
    reach = str(choice["head_reach"])
    lines = ["# How NER spans join rule spans (nlp/extractors/components.py). Written by `python -m nlp.train.combination",
             "# --write` from cross-validation that holds out whole reports (nlp/train/combination.py): folds "
             + "; ".join(dict.fromkeys(f["name"].split(" (seed ")[0] for f in folds)) + ".",
             f"# NER {result['epochs']} epochs per fold, seed {result['seed']} (several seeds: each report's counts summed over them); never used: the first report's test "
             f"split and {', '.join(result['held_out'])}.",
             "# Criterion: the mean over reports of the names (ORG, LOC, PRODUCT, PER) micro-F1, strict by page (line),",
             "# label and folded text, as the harness scores a real report.",
             "# policy: longest (resolve_overlaps over rules + NER), gapfill (NER only where no rule span lies),",
             "# guarded (longest, after dropping NER names that begin or end with a clause word, or hold one and no head)",
             "# or walled (guarded, after also dropping NER names with a stop word of org_stops.tsv strictly inside);",
             "# ner_labels: the name labels whose NER spans are added (their mean F1 beat the rules alone).",
             f'policy = "{choice["policy"]}"',
             "ner_labels = [" + ", ".join(f'"{x}"' for x in choice["ner_labels"]) + "]",
             "# clause_tags: jieba tags of words that do not begin or end a name (used by guarded).",
             "clause_tags = [" + ", ".join(f'"{x}"' for x in result["clause_tags"]) + "]",
             "# name_breaks: punctuation no name holds (GUIDELINES.md: a list joined by 、 is several names); a NER",
             "# entity with one inside is left out in every mode (nlp.extractors.components.ner_spans).",
             f'name_breaks = "{result["name_breaks"]}"',
             "# head_reach: a NER organization name that does not end with an organization head is carried to the first",
             "# head (org_suffixes.tsv) ending within this many characters after it, only Chinese characters and no",
             "# function word between (nlp.extractors.components.reach_head; 0: never); chosen with the policy.",
             "# A NER ORG name that ends like a product (gazetteers/product_heads.tsv: 平台, 链, 系统 ...) and not like an",
             "# organization is a PRODUCT.",
             f'head_reach = {choice["head_reach"]}',
             "", "[evidence.mean_f1]  # mean over reports of the names micro-F1, at the chosen head_reach"]
    lines += [f"{p} = {v}" for p, v in choice["mean_f1"].items()]
    reports_chosen: dict[str, Counts] = {}
    for fold in (f for f in folds if "chosen" in f):
        mine = reports_chosen.setdefault(fold["report"], {label: PRF() for label in LABELS})
        for label, prf in fold["chosen"].items():
            mine[label] = mine[label] + prf
    chosen = {r: total(c.values()) for r, c in reports_chosen.items()}
    if chosen:
        lines.append(f"chosen = {round(sum(c.f1 or 0.0 for c in chosen.values()) / len(chosen), 4)}  "
                     "# the chosen policy with its ner_labels only (the folds that ran it)")
    lines += ["", "[evidence.head_reach]  # mean names micro-F1 of the chosen policy per reach"]
    lines += [f'"{r}" = {v}' for r, v in choice["mean_f1_by_reach"].items()]
    for report in dict.fromkeys(f["report"] for f in folds):
        lines += ["", f'[evidence.reports."{report}"]  # names micro-F1 per policy at the chosen reach; chosen last']
        counts = {p: by_report(folds, reach, p)[report] for p in POLICIES}
        lines += [f"{p} = {round(f1(c), 4)}" for p, c in counts.items()]
        if report in chosen:
            lines.append(f"chosen = {round(chosen[report].f1 or 0.0, 4)}")
    for fold in folds:
        lines += ["", f'[evidence.folds."{fold["name"]}"]  # label = [tp, fp, fn, F1] at the chosen reach']
        lines.append(f"learn_lines = {fold['learn_lines']}")
        for policy in (*POLICIES, "chosen") if "chosen" in fold else POLICIES:
            counts = fold["chosen"] if policy == "chosen" else fold["counts"][reach][policy]
            lines.append(f"{policy} = {{ " + ", ".join(f"{label} = {_prf_row(counts[label])}" for label in LABELS)
                         + f", micro = {_prf_row(total(counts.values()))} }}")
    return "\n".join(lines) + "\n"


def to_json(result: dict[str, Any]) -> str:
    """The study's result as JSON (PRF counts as ``[tp, fp, fn]``)."""
    def default(o: Any) -> Any:
        if isinstance(o, PRF):
            return [o.tp, o.fp, o.fn]
        raise TypeError(type(o))
    return json.dumps(result, ensure_ascii=False, indent=1, default=default) + "\n"


def pooled(results: list[dict[str, Any]]) -> dict[str, Any]:
    """Several studies (other seeds) as one: their folds side by side (named with their seed), each report's counts
    summed over seeds by the criterion, the choice made again; a fold keeps its ``chosen`` row only when its own
    study chose what the pool chooses."""
    if len(results) == 1:
        return results[0]
    folds = [{**fold, "name": f"{fold['name']} (seed {result['seed']})", "own_choice": result["choice"]}
             for result in results for fold in result["folds"]]
    choice = choose(folds)
    for fold in folds:
        own = fold.pop("own_choice")
        if any(own[k] != choice[k] for k in ("policy", "head_reach", "ner_labels")):
            fold.pop("chosen", None)
    return {**results[0], "seed": ", ".join(str(r["seed"]) for r in results), "folds": folds, "choice": choice}


def from_json(text: str) -> dict[str, Any]:
    """A result written by :func:`to_json`, with its counts as :class:`PRF` again."""
    def counts(obj: dict[str, list[int]]) -> Counts:
        return {label: PRF(*row) for label, row in obj.items()}
    result = json.loads(text)
    for fold in result["folds"]:
        fold["counts"] = {r: {p: counts(c) for p, c in per.items()} for r, per in fold["counts"].items()}
        if "chosen" in fold:
            fold["chosen"] = counts(fold["chosen"])
    return result


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--annotations", type=Path, default=ROOT / "annotations")
    ap.add_argument("--corpus-real", type=Path, help="folder of the real PDFs (default: $CNREPORT_CORPUS_REAL, "
                                                     "else ../shared/corpus-real)")
    ap.add_argument("--section-folds", type=int, default=3, help="folds of the first report's train split")
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variant", help="train this NER variant of ner_variants.toml instead of ner.cfg")
    ap.add_argument("--json", type=Path, help="also write the whole result (every reach and policy) as JSON")
    ap.add_argument("--from-json", type=Path, nargs="+", help="render results written by --json (several: other "
                    "seeds, pooled: each report's counts summed over seeds) instead of running the study")
    ap.add_argument("--write", action="store_true", help=f"write {OUT}")
    args = ap.parse_args(argv)
    if args.from_json:
        result = pooled([from_json(path.read_text(encoding="utf-8")) for path in args.from_json])
    else:
        result = study(args.annotations, find_corpus_real(args.corpus_real), args.section_folds, args.epochs,
                       args.seed, args.variant)
        if args.json:
            args.json.write_text(to_json(result), encoding="utf-8")
    text = render_toml(result)
    print(text)
    if args.write:
        OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
