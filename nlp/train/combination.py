"""Choose how NER spans are combined with rule spans, by cross-validation on the TRAIN split only.

``python -m nlp.train.combination [--folds 3] [--epochs 12] [--write]``

For each fold (train sections grouped into ``folds`` groups), a NER is trained on the other train sections and run
on the held-out lines; the rule extractors run on the same lines. Three policies are scored per name label (strict
span + label) on the held-out lines of all folds:

``rules``     the rule spans alone;
``longest``   rules and NER merged by :func:`nlp.extractors.merge.resolve_overlaps` (a longer NER name beats a
              shorter rule name);
``gapfill``   the rule spans kept as they are, NER names added only where no rule span lies;
``guarded``   as ``longest``, but a NER name that begins or ends with a word jieba tags as a verb, preposition,
              conjunction, particle, pronoun or adverb (a clause, not a name: 联盟旨在, 由…于, …及各支持) is dropped
              first.

The policy with the best micro-F1 over the name labels is chosen, and the NER's spans of a label are added only
if adding them beat the rules alone for that label. ``--write`` saves the choice and the evidence to
``nlp/data/combination.toml``, which :mod:`nlp.extractors.components` reads. The test split is never used.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..extractors.base import Sentence, Span
from ..extractors.components import NAME_LABELS, RuleComponent, gapfill_spans
from ..extractors.merge import resolve_overlaps
from .data import GoldLine, read_gold_lines
from .ner import train_ner

POLICIES = ("rules", "longest", "gapfill", "guarded")
#: jieba POS tags of words that do not occur inside names: verbs, prepositions, conjunctions, particles.
CLAUSE_TAGS = frozenset({"v", "vd", "vn_", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "d", "r"})
OUT = Path(__file__).resolve().parents[1] / "data" / "combination.toml"


def fold_sections(lines: Sequence[GoldLine], folds: int) -> list[list[str]]:
    """Train sections dealt into ``folds`` groups of similar size (largest first, to the smallest group)."""
    sizes = Counter(line.section for line in lines if line.split == "train")
    groups: list[list[str]] = [[] for _ in range(folds)]
    totals = [0] * folds
    for section, size in sorted(sizes.items(), key=lambda kv: (-kv[1], kv[0])):
        smallest = totals.index(min(totals))
        groups[smallest].append(section)
        totals[smallest] += size
    return groups


def policy_spans(policy: str, rules: list[Span], ner: list[Span], clause_chars: frozenset[int] = frozenset()
                 ) -> list[Span]:
    """The spans a policy keeps from rule and NER spans of one line (``clause_chars``: offsets of the characters of
    words jieba tags as clause words, :data:`CLAUSE_TAGS`)."""
    names = [s for s in ner if s.label in NAME_LABELS]
    if policy == "rules":
        return resolve_overlaps(rules)
    if policy == "longest":
        return resolve_overlaps(rules + names)
    if policy == "guarded":
        return resolve_overlaps(rules + [s for s in names if not {s.start, s.end - 1} & clause_chars])
    return gapfill_spans(rules, names)


def clause_offsets(doc: Any) -> frozenset[int]:
    """Character offsets of the tokens jieba tags as clause words (:data:`CLAUSE_TAGS`)."""
    return frozenset(i for t in doc if t.tag_ in CLAUSE_TAGS for i in range(t.idx, t.idx + len(t.text)))


def count(gold: set[tuple[int, int, int, str]], pred: set[tuple[int, int, int, str]], labels: Sequence[str]
          ) -> dict[str, list[int]]:
    """tp, fp, fn per label."""
    out = {}
    for label in labels:
        g = {x for x in gold if x[3] == label}
        p = {x for x in pred if x[3] == label}
        out[label] = [len(g & p), len(p - g), len(g - p)]
    return out


def f1(tp: int, fp: int, fn: int) -> float | None:
    return None if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


def study(annotations: Path, folds: int, epochs: int, seed: int = 0) -> dict[str, Any]:
    """Counts per policy and label over the held-out lines of every fold."""
    lines = read_gold_lines(annotations)
    train = [line for line in lines if line.split == "train"]
    rules = RuleComponent(["regex.rules.v1", "gazetteer.rules.v1", "org_suffix.rules.v1"])
    labels = sorted(NAME_LABELS)
    totals = {p: {label: [0, 0, 0] for label in labels} for p in POLICIES}
    groups = fold_sections(train, folds)
    for index, held in enumerate(groups):
        learn = [line for line in train if line.section not in held]
        test = [line for line in train if line.section in held]
        print(f"fold {index + 1}/{folds}: held out {held} ({len(test)} lines), training on {len(learn)}", file=sys.stderr)
        model = train_ner(learn, seed, max_epochs=epochs).nlp
        for line, doc in zip(test, model.pipe([line.text for line in test])):
            sentence = Sentence(0, 0, len(line.text), line.text, "table_row" if "\t" in line.text else "prose")
            rule_spans = [s for e in rules.extractors for s in e(sentence)]
            ner = [Span(e.start_char, e.end_char, e.label_, "ner") for e in doc.ents]
            clause = clause_offsets(doc)
            gold = {(line.line, s.start, s.end, s.label) for s in line.spans}
            for policy in POLICIES:
                pred = {(line.line, s.start, s.end, s.label) for s in policy_spans(policy, rule_spans, ner, clause)}
                for label, c in count(gold, pred, labels).items():
                    totals[policy][label] = [a + b for a, b in zip(totals[policy][label], c)]
    return {"folds": [list(g) for g in groups], "epochs": epochs, "seed": seed, "counts": totals}


def choose(result: dict[str, Any]) -> dict[str, Any]:
    """The policy with the best micro-F1 over name labels, and the labels whose NER spans it adds."""
    counts = result["counts"]

    def micro(policy: str) -> float:
        tp, fp, fn = (sum(c[i] for c in counts[policy].values()) for i in range(3))
        return f1(tp, fp, fn) or 0.0
    policy = max(("longest", "gapfill", "guarded"), key=micro)
    labels = [label for label, c in counts[policy].items()
              if (f1(*c) or 0.0) > (f1(*counts["rules"][label]) or 0.0)]
    return {"policy": policy, "ner_labels": labels,
            "micro": {p: round(micro(p), 4) for p in POLICIES}}


def render_toml(result: dict[str, Any], choice: dict[str, Any]) -> str:
    lines = ["# How NER spans join rule spans (nlp/extractors/components.py). Written by",
             "# `python -m nlp.train.combination --write` from cross-validation on the TRAIN split (never the test split):",
             f"# {len(result['folds'])} folds by section {result['folds']}, NER trained {result['epochs']} epochs per fold, seed {result['seed']}.",
             "# policy: longest (resolve_overlaps over rules + NER), gapfill (NER only where no rule span lies) or",
             "# guarded (longest, after dropping NER names that hold a verb/preposition/conjunction/particle word);",
             "# ner_labels: the name labels whose NER spans are added (adding them beat the rules alone in CV).",
             f'policy = "{choice["policy"]}"',
             "ner_labels = [" + ", ".join(f'"{x}"' for x in choice["ner_labels"]) + "]",
             "# clause_tags: jieba tags of words that do not begin or end a name (used by guarded).",
             "clause_tags = [" + ", ".join(f'"{x}"' for x in sorted(CLAUSE_TAGS)) + "]",
             "", "[evidence.micro_f1]"]
    lines += [f"{p} = {v}" for p, v in choice["micro"].items()]
    for policy, per_label in result["counts"].items():
        lines += ["", f"[evidence.{policy}]  # label = [tp, fp, fn, F1]"]
        for label, (tp, fp, fn) in per_label.items():
            score = f1(tp, fp, fn)
            lines.append(f"{label} = [{tp}, {fp}, {fn}, {round(score, 4) if score is not None else 0}]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--annotations", type=Path, default=Path("annotations"))
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--write", action="store_true", help=f"write {OUT}")
    args = ap.parse_args(argv)
    result = study(args.annotations, args.folds, args.epochs, args.seed)
    choice = choose(result)
    text = render_toml(result, choice)
    print(text)
    if args.write:
        OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
