"""Choose how NER spans are combined with rule spans, by cross-validation on the TRAIN split only.

``python -m nlp.train.combination [--folds 3] [--epochs 12] [--write]``

For each fold (train sections grouped into ``folds`` groups), a NER is trained on the other train sections and run
on the held-out lines; the rule extractors of ``nlp/data/pipeline.toml`` run on the same lines. Five policies are
scored per name label (strict span + label) on the held-out lines of all folds, through the run-time merge:

``rules``     the rule spans alone;
``longest``   rules and NER merged by :func:`nlp.extractors.merge.resolve_overlaps` (a longer NER name beats a
              shorter rule name);
``gapfill``   the rule spans kept as they are, NER names added only where no rule span lies;
``guarded``   as ``longest``, but a NER name that begins or ends with a clause word (a jieba tag of the
              ``clause_tags`` of ``nlp/data/combination.toml``: verbs, prepositions, conjunctions, particles,
              pronouns, adverbs; 联盟旨在, 由…于, …及各支持) is dropped first;
``walled``    as ``guarded``, but a NER name with a stop word of the organization-suffix rule strictly inside
              (``org_stops.tsv``: …委员会联合…研究院, …监管局会同…) is dropped too.

Every policy sees the NER's entities through :func:`nlp.extractors.components.ner_spans`, which leaves out an
entity that crosses a line break or cell, or holds a mark of ``name_breaks`` (、，；。…); carries an organization
name that stops short of an organization head to that head when the head ends within ``head_reach`` characters
(tried: ``HEAD_REACHES``); and makes an organization name that ends like a product (``product_heads.tsv``) a
PRODUCT. The policy and head reach with the best micro-F1 over the name labels are chosen, and the NER's spans of a
label are added only if adding them beat the rules alone for that label. ``--write`` saves the choice and the
evidence to ``nlp/data/combination.toml``, which :mod:`nlp.extractors.components` reads. The test split is never
used.
"""
from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..extractors.base import Span
from ..segment.sentences import Sentence
from ..extractors.components import NAME_LABELS, Combination, RuleComponent, clause_offsets, combination, merge_spans, \
    ner_spans, stop_word_spans
from ..options import DEFAULT_MODELS_DIR, Mode
from ..pipeline import configured_extractors, rule_extractor_names
from ..scoring.prf import PRF, total
from .data import GoldLine, read_gold_lines
from . import variants

POLICIES = ("rules", "longest", "gapfill", "guarded", "walled")
HEAD_REACHES = (0, 3, 6, 9)
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


def policy_spans(policy: str, rules: list[Span], ner: list[Span], clause_chars: frozenset[int] = frozenset(),
                 walls: tuple[tuple[int, int], ...] = ()) -> list[Span]:
    """The spans a policy keeps from rule and NER spans of one line, by the run-time merge
    (:func:`nlp.extractors.components.merge_spans`) with every name label open to the NER."""
    if policy == "rules":
        return merge_spans("rules", rules, ner)
    return merge_spans("combined", rules, ner, Combination(policy, NAME_LABELS), clause_chars, walls)


def label_counts(gold: set[tuple[int, int, int, str]], pred: set[tuple[int, int, int, str]], labels: Sequence[str]
                 ) -> dict[str, PRF]:
    """tp, fp, fn per label."""
    out = {}
    for label in labels:
        g = {x for x in gold if x[3] == label}
        p = {x for x in pred if x[3] == label}
        out[label] = PRF(len(g & p), len(p - g), len(g - p))
    return out


def study(annotations: Path, folds: int, epochs: int, seed: int = 0, variant: str | None = None) -> dict[str, Any]:
    """Counts per head reach, policy and label over the held-out lines of every fold; ``variant`` names a NER
    variant of ``ner_variants.toml`` to train instead of the shipped config."""
    lines = read_gold_lines(annotations)
    train = [line for line in lines if line.split == "train"]
    rules = RuleComponent(rule_extractor_names(configured_extractors(DEFAULT_MODELS_DIR, Mode.RULES)))
    tags = combination().clause_tags
    labels = sorted(NAME_LABELS)
    totals = {reach: {p: {label: PRF() for label in labels} for p in POLICIES} for reach in HEAD_REACHES}
    groups = fold_sections(train, folds)
    for index, held in enumerate(groups):
        learn = [line for line in train if line.section not in held]
        test = [line for line in train if line.section in held]
        print(f"fold {index + 1}/{folds}: held out {held} ({len(test)} lines), training on {len(learn)}", file=sys.stderr)
        model = variants.train_variant(variant, learn, seed, epochs).nlp
        for line, doc in zip(test, model.pipe([line.text for line in test])):
            sentence = Sentence(0, 0, len(line.text), line.text, "table_row" if "\t" in line.text else "prose")
            rule_spans = [s for e in rules.extractors for s in e(sentence)]
            clause, walls = clause_offsets(doc, tags), stop_word_spans(doc)
            gold = {(line.line, s.start, s.end, s.label) for s in line.spans}
            for reach in HEAD_REACHES:
                ner = ner_spans(doc, reach)
                for policy in POLICIES:
                    pred = {(line.line, s.start, s.end, s.label)
                            for s in policy_spans(policy, rule_spans, ner, clause, walls)}
                    for label, c in label_counts(gold, pred, labels).items():
                        totals[reach][policy][label] += c
    return {"folds": [list(g) for g in groups], "epochs": epochs, "seed": seed, "clause_tags": sorted(tags),
            "name_breaks": "".join(sorted(combination().name_breaks)),
            "variant": variant, "counts_by_reach": totals}


def micro_f1(per_label: dict[str, PRF]) -> float:
    """Micro-F1 over the name labels."""
    return total(per_label.values()).f1 or 0.0


def choose(result: dict[str, Any]) -> dict[str, Any]:
    """The policy and head reach with the best micro-F1 over name labels (ties: the earlier policy, the shorter
    reach), and the labels whose NER spans that policy adds."""
    by_reach = result["counts_by_reach"]
    reach, policy = max(((r, p) for r in HEAD_REACHES for p in POLICIES[1:]),
                        key=lambda rp: (round(micro_f1(by_reach[rp[0]][rp[1]]), 6), -POLICIES.index(rp[1]), -rp[0]))
    counts = by_reach[reach]
    labels = [label for label, c in counts[policy].items() if (c.f1 or 0.0) > (counts["rules"][label].f1 or 0.0)]
    return {"policy": policy, "ner_labels": labels, "head_reach": reach,
            "micro": {p: round(micro_f1(counts[p]), 4) for p in POLICIES},
            "micro_by_reach": {r: round(micro_f1(by_reach[r][policy]), 4) for r in HEAD_REACHES}}


def render_toml(result: dict[str, Any], choice: dict[str, Any]) -> str:
    lines = ["# How NER spans join rule spans (nlp/extractors/components.py). Written by",
             "# `python -m nlp.train.combination --write` from cross-validation on the TRAIN split (never the test split):",
             f"# {len(result['folds'])} folds by section {result['folds']}, NER trained {result['epochs']} epochs per fold, seed {result['seed']}.",
             "# policy: longest (resolve_overlaps over rules + NER), gapfill (NER only where no rule span lies) or",
             "# guarded (longest, after dropping NER names that begin or end with a clause word) or walled (guarded, after",
             "# also dropping NER names with a stop word of org_stops.tsv strictly inside);",
             "# ner_labels: the name labels whose NER spans are added (adding them beat the rules alone in CV).",
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
             "", "[evidence.micro_f1]  # at the chosen head_reach"]
    lines += [f"{p} = {v}" for p, v in choice["micro"].items()]
    lines += ["", "[evidence.head_reach]  # micro-F1 of the chosen policy per reach"]
    lines += [f'"{r}" = {v}' for r, v in choice["micro_by_reach"].items()]
    for policy, per_label in result["counts_by_reach"][choice["head_reach"]].items():
        lines += ["", f"[evidence.{policy}]  # label = [tp, fp, fn, F1]"]
        for label, c in per_label.items():
            lines.append(f"{label} = [{c.tp}, {c.fp}, {c.fn}, {round(c.f1, 4) if c.f1 is not None else 0}]")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--annotations", type=Path, default=Path("annotations"))
    ap.add_argument("--folds", type=int, default=3)
    ap.add_argument("--epochs", type=int, default=12)
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--variant", help="train this NER variant of ner_variants.toml instead of ner.cfg")
    ap.add_argument("--write", action="store_true", help=f"write {OUT}")
    args = ap.parse_args(argv)
    result = study(args.annotations, args.folds, args.epochs, args.seed, args.variant)
    choice = choose(result)
    text = render_toml(result, choice)
    print(text)
    if args.write:
        OUT.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
