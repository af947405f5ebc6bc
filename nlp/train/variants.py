"""Score NER variants (``nlp/train/ner_variants.toml``) on the test split, as evidence beside the cross-validation on
the train split that chooses the shipped config (``python -m nlp.train.combination --variant NAME``).

Run ``python -m nlp.train.variants [NAME ...]``; each variant prints one JSON line with its name-label and
all-label figures, and :func:`markdown_table` turns the lines into the table of ``models/ner/README.md``.
"""
from __future__ import annotations

import json
import sys
import tomllib
from importlib import resources
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .augment import Augment
from .data import GoldLine, read_gold_lines
from .ner import NAME_LABELS, TrainedNer, load_config, score_ner, summarize_scores, train_ner


def variants() -> dict[str, dict[str, Any]]:
    """The variants of ``ner_variants.toml``."""
    text = resources.files("nlp.train").joinpath("ner_variants.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)["variants"]


def train_variant(name: str | None, lines: Sequence[GoldLine], seed: int, max_epochs: int | None = None
                  ) -> TrainedNer:
    """Train the NER of one variant (its labels, alignment and config overrides) on ``lines``; ``None``: the shipped
    config (``ner.cfg``)."""
    if name is None:
        return train_ner(lines, seed, max_epochs=max_epochs)
    spec = variants()[name]
    return train_ner(lines, seed, spec["labels"], spec["alignment"], load_config(overrides=spec["overrides"]),
                     max_epochs=max_epochs, augment=Augment(**spec.get("augment", {})))


def run_variant(name: str, annotations: Path, seed: int = 0) -> dict[str, Any]:
    """Train one variant on the train split and score it on the test split."""
    lines = read_gold_lines(annotations)
    train = [g for g in lines if g.split == "train"]
    test = [g for g in lines if g.split == "test"]
    trained = train_variant(name, train, seed)
    scores = summarize_scores(score_ner(trained.nlp, test, trained.labels))
    names = {k: v for k, v in scores["per_label"].items() if k in NAME_LABELS}
    return {"variant": name, "seconds": round(trained.seconds, 1), "names_micro": scores["names_micro"],
            "micro": scores["micro"], "per_label": names}


def _cell(x: float | None) -> str:
    return "–" if x is None else f"{100 * x:.1f}"


def markdown_table(rows: list[dict[str, Any]]) -> str:
    """Variant → test-split P/R/F1 of the name labels (micro), F1 per name label, all-label F1, train time."""
    columns = ["variant", "names P", "names R", "names F1", *(f"{k} F1" for k in NAME_LABELS), "all-label F1",
               "train s"]
    lines = ["| " + " | ".join(columns) + " |", "|" + "---|" * len(columns)]
    for r in rows:
        n = r["names_micro"]
        cells = [r["variant"], _cell(n["precision"]), _cell(n["recall"]), _cell(n["f1"]),
                 *(_cell(r["per_label"][k]["f1"]) for k in NAME_LABELS), _cell(r["micro"]["f1"]), str(r["seconds"])]
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    """Run the named variants (default all) and print one JSON line each."""
    names = (argv if argv is not None else sys.argv[1:]) or list(variants())
    for name in names:
        print(json.dumps(run_variant(name, Path("annotations")), ensure_ascii=False), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
