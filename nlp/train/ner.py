"""Train and score the spaCy NER (tok2vec + ner) on the gold lines.

The pipeline is built from ``nlp/train/ner.cfg`` (with optional dotted overrides for the variants), its tokenizer
is the cnreport jieba tokenizer, and the examples are the gold lines of the train split. Gold spans that do not
fall on jieba token boundaries are aligned by ``alignment`` (``expand``, ``contract`` or ``missing``) and counted.
"""
from __future__ import annotations

import logging
import random
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from ..scoring.prf import PRF, macro, total
from .augment import Augment, replace_mentions
from .data import GoldLine, settings

NAME_LABELS = ("ORG", "LOC", "PER", "PRODUCT")
ALIGNMENTS = ("expand", "contract", "missing")
logger = logging.getLogger(__name__)


@dataclass
class AlignmentReport:
    """How many gold spans fell on token boundaries, and what happened to the others."""

    total: int = 0
    aligned: int = 0
    unaligned: int = 0
    dropped: int = 0
    by_label: Counter = field(default_factory=Counter)
    examples: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        """JSON form (at most 10 examples of unaligned spans)."""
        return {"total": self.total, "aligned": self.aligned, "unaligned": self.unaligned, "dropped": self.dropped,
                "unaligned_by_label": dict(sorted(self.by_label.items())), "examples": self.examples[:10]}


def load_config(path: Path | None = None, overrides: dict[str, Any] | None = None) -> Any:
    """The NER config (default ``nlp/train/ner.cfg``) with dotted ``overrides`` applied."""
    from spacy import util

    from ..segment import tokenizer  # noqa: F401  (registers cnreport.jieba_tokenizer.v1)
    if path is None:
        with resources.as_file(resources.files("nlp.train").joinpath(settings()["ner"]["config"])) as real:
            return util.load_config(real, overrides=dict(overrides or {}), interpolate=False)
    return util.load_config(path, overrides=dict(overrides or {}), interpolate=False)


def chosen_labels(lines: Iterable[GoldLine], labels: str | Sequence[str]) -> tuple[str, ...]:
    """The labels to learn: every gold label for ``"all"``, ``NAME_LABELS`` for ``"names"``, else the list."""
    if labels == "all":
        return tuple(sorted({s.label for g in lines for s in g.spans}))
    if labels == "names":
        return NAME_LABELS
    return tuple(labels)


def _aligned_span(doc: Any, start: int, end: int, label: str, alignment: str, report: AlignmentReport) -> Any:
    """The token span for one gold span (None when it cannot be made one); counts it in ``report``."""
    report.total += 1
    strict = doc.char_span(start, end, label=label)
    if strict is not None:
        report.aligned += 1
        return strict
    report.unaligned += 1
    report.by_label[label] += 1
    report.examples.append(f"{label} {doc.text[start:end]!r} in {doc.text[max(0, start - 4):end + 4]!r}")
    if alignment == "missing":
        return None
    return doc.char_span(start, end, label=label, alignment_mode=alignment)


def reference_doc(nlp: Any, line: GoldLine, labels: tuple[str, ...], alignment: str, report: AlignmentReport) -> Any:
    """The gold doc of one line: entities of ``labels``, unaligned spans handled by ``alignment``."""
    from spacy.util import filter_spans
    doc = nlp.make_doc(line.text)
    ents, missing = [], []
    for span in line.spans:
        if span.label not in labels:
            continue
        token_span = _aligned_span(doc, span.start, span.end, span.label, alignment, report)
        if token_span is not None and len(token_span):
            ents.append(token_span)
        else:
            report.dropped += 1
            missing.append(doc.char_span(span.start, span.end, alignment_mode="expand"))
    missing += [doc.char_span(start, end, alignment_mode="expand") for start, end in line.unknown]
    kept = filter_spans(ents)
    report.dropped += len(ents) - len(kept)
    taken = {i for s in kept for i in range(s.start, s.end)}
    blocked = [s for s in missing if s is not None and not any(i in taken for i in range(s.start, s.end))]
    doc.set_ents(kept, missing=filter_spans(blocked), default="outside")
    return doc


def make_examples(nlp: Any, lines: Iterable[GoldLine], labels: tuple[str, ...], alignment: str = "expand"
                  ) -> tuple[list[Any], AlignmentReport]:
    """spaCy ``Example``s of the gold lines and the alignment counts."""
    from spacy.training import Example
    if alignment not in ALIGNMENTS:
        raise ValueError(f"alignment must be one of {ALIGNMENTS}, got {alignment!r}")
    report, examples = AlignmentReport(), []
    for line in lines:
        reference = reference_doc(nlp, line, labels, alignment, report)
        examples.append(Example(nlp.make_doc(line.text), reference))
    return examples, report


@dataclass
class TrainedNer:
    """A trained pipeline with what the model card needs."""

    nlp: Any
    labels: tuple[str, ...]
    alignment: AlignmentReport
    epochs: int
    seconds: float
    losses: list[float]


def build_pipeline(config: Any) -> Any:
    """A blank pipeline (jieba tokenizer, tok2vec, ner) from the config."""
    from spacy import util
    return util.load_model_from_config(config, auto_fill=True, validate=True)


def _resolve(config: Any, key: str) -> Any:
    from spacy.util import registry
    return registry.resolve({"x": config["training"][key]})["x"]


def train_ner(lines: Sequence[GoldLine], seed: int, labels: str | Sequence[str] = "all", alignment: str = "expand",
              config: Any = None, max_epochs: int | None = None,
              on_epoch: Callable[[int, float], None] | None = None, augment: Augment | None = None) -> TrainedNer:
    """Train tok2vec + ner on ``lines`` (the train split) with fixed seeds, on CPU.

    Args:
        lines: gold lines to learn from.
        seed: random seed (spaCy/thinc/numpy/random and the shuffling).
        labels: ``"all"``, ``"names"`` or a list of labels.
        alignment: how unaligned gold spans are handled (:data:`ALIGNMENTS`).
        config: a loaded config (default :func:`load_config`).
        max_epochs: overrides ``[training] max_epochs`` (tests use 1-2).
        on_epoch: called with (epoch, loss) after each epoch.
        augment: also learn from replaced copies of ``lines`` (:mod:`nlp.train.augment`).

    Returns:
        The trained pipeline with the averaged weights in place.
    """
    from spacy.util import fix_random_seed
    config = config if config is not None else load_config()
    fix_random_seed(seed)
    nlp = build_pipeline(config)
    wanted = chosen_labels(lines, labels)
    if augment is not None and augment.copies:
        lines = [*lines, *replace_mentions(lines, augment, seed)]
    examples, report = make_examples(nlp, lines, wanted, alignment)
    optimizer, batcher = _resolve(config, "optimizer"), _resolve(config, "batcher")
    epochs = int(max_epochs if max_epochs is not None else config["training"]["max_epochs"])
    dropout = float(config["training"]["dropout"])
    started = time.perf_counter()
    nlp.initialize(lambda: examples, sgd=optimizer)
    rng, losses_per_epoch = random.Random(seed), []
    for epoch in range(epochs):
        rng.shuffle(examples)
        losses: dict[str, float] = {}
        for batch in batcher(examples):
            nlp.update(batch, drop=dropout, sgd=optimizer, losses=losses)
        losses_per_epoch.append(round(float(losses.get("ner", 0.0)), 3))
        if on_epoch:
            on_epoch(epoch + 1, float(losses.get("ner", 0.0)))
    apply_averages(nlp, optimizer.averages or {})
    return TrainedNer(nlp, wanted, report, epochs, time.perf_counter() - started, losses_per_epoch)


def apply_averages(nlp: Any, averages: dict[tuple[int, str], Any]) -> None:
    """Replace the weights of every pipe by the optimizer's moving averages, for good (what spaCy's
    ``use_params`` does for a ``with`` block), so scoring and saving use the averaged model."""
    for _, pipe in nlp.pipeline:
        model = getattr(pipe, "model", None)
        for node in model.walk() if model is not None else ():
            for name in node.param_names:
                if (node.id, name) in averages:
                    node.set_param(name, averages[(node.id, name)])


def score_ner(nlp: Any, lines: Sequence[GoldLine], labels: Iterable[str]) -> dict[str, PRF]:
    """Strict (same start, end and label) counts per label of the model on ``lines``."""
    labels = tuple(labels)
    counts = {label: [0, 0, 0] for label in labels}
    for line, doc in zip(lines, nlp.pipe([g.text for g in lines], batch_size=64)):
        gold = {(s.start, s.end, s.label) for s in line.spans if s.label in labels}
        pred = {(e.start_char, e.end_char, e.label_) for e in doc.ents if e.label_ in labels}
        for _, _, label in gold & pred:
            counts[label][0] += 1
        for _, _, label in pred - gold:
            counts[label][1] += 1
        for _, _, label in gold - pred:
            counts[label][2] += 1
    return {label: PRF(*c) for label, c in counts.items()}


def summarize_scores(scores: dict[str, PRF]) -> dict[str, Any]:
    """Per-label P/R/F1 with counts, the micro total and the macro average (None where undefined)."""
    names = {k: v for k, v in scores.items() if k in NAME_LABELS}
    return {"per_label": {k: v.to_dict() for k, v in scores.items()},
            "micro": total(scores.values()).to_dict(), "macro": macro(scores.values()),
            "names_micro": total(names.values()).to_dict()}


def cross_validate_ner(lines: Sequence[GoldLine], folds: int, seed: int, labels: str | Sequence[str] = "all",
                       alignment: str = "expand", config: Any = None, max_epochs: int | None = None,
                       on_fold: Callable[[int], None] | None = None) -> dict[str, Any]:
    """K-fold strict figures over all lines (train and test), folds grouped by section; counts summed. Every
    label of ``lines`` is scored in every fold, so gold spans of a label a fold never saw count as missed."""
    from sklearn.model_selection import GroupKFold
    groups = [g.section for g in lines]
    k, scored = min(folds, len(set(groups))), chosen_labels(lines, labels)
    summed: dict[str, PRF] = {}
    for fold, (train_idx, test_idx) in enumerate(GroupKFold(n_splits=k).split(lines, groups=groups)):
        trained = train_ner([lines[i] for i in train_idx], seed, labels, alignment, config, max_epochs)
        for label, prf in score_ner(trained.nlp, [lines[i] for i in test_idx], scored).items():
            summed[label] = summed.get(label, PRF()) + prf
        if on_fold:
            on_fold(fold + 1)
    return {"folds": k, **summarize_scores(dict(sorted(summed.items())))}
