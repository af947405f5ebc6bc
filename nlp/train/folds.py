"""The folds of the combination study (:mod:`nlp.train.combination`): whole reports held out in turn, and the first
report's train split by sections.

A fold names what it holds out and what its NER learns from. Its held-out document is extracted by the run-time
pipeline (:class:`nlp.pipeline.Pipeline`, mentions only) with the fold's NER and one combination of rule and NER
spans at a time, and its names are scored strict as the harness scores a real report: same unit (the page of a
PDF; the line of the first report, whose gold is keyed by line), same label, same folded text
(:func:`nlp.scoring.report_scores.score_page_mentions`). The first report's test split and the held-out reports of
``[reports] held_out`` (settings.toml) are in no fold, neither to learn nor to score.
"""
from __future__ import annotations

import contextlib
import tempfile
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..extractors import components
from ..extractors.components import NAME_LABELS, Combination
from ..ingest import read_document
from ..models_io import write_meta
from ..options import ExtractOptions, Mode
from ..pipeline import Pipeline
from ..records.schema import Mention
from ..scoring.prf import PRF
from ..scoring.report_gold import PageSpan, load_report_gold
from ..scoring.report_scores import score_page_mentions
from .data import GoldLine
from .reports import report_lines, report_settings

FIRST_REPORT = "cn-blockchain-2022-2023"


@dataclass
class Fold:
    """One fold: its name, the report it holds out (the unit of the study's average), the lines its NER learns
    from, the document to extract, the gold names scored, and how predictions are keyed (``page`` or ``line``;
    ``lines``: the held-out lines of the first report, whose other lines are not scored)."""

    name: str
    report: str
    learn: list[GoldLine]
    document: Path
    gold: list[PageSpan]
    unit: str
    lines: frozenset[int] = frozenset()


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


def line_gold(lines: Sequence[GoldLine]) -> list[PageSpan]:
    """The gold names of first-report lines, keyed by line number."""
    return [PageSpan(g.line, s.label, g.text[s.start:s.end]) for g in lines for s in g.spans if s.label in NAME_LABELS]


def make_folds(first: Sequence[GoldLine], corpus: Path, reports: dict[str, tuple[list[GoldLine], Path]],
               annotations: Path, section_folds: int) -> list[Fold]:
    """Each training report held out in turn (its NER learns from the first report's train split and the other
    reports), then the first report's train split in ``section_folds`` groups of sections (its NER learns from the
    other sections and every report)."""
    held = set(report_settings()["held_out"]) & set(reports)
    if held:
        raise ValueError(f"{sorted(held)} held out (settings.toml [reports] held_out): not in the study")
    train = [g for g in first if g.split == "train"]
    out = []
    for key, (_, pdf) in reports.items():
        others = [line for other, (lines, _) in reports.items() if other != key for line in lines]
        gold = [s for s in load_report_gold(Path(annotations) / "reports" / key).spans or [] if s.label in NAME_LABELS]
        out.append(Fold(f"report {key}", key, train + others, pdf, gold, "page"))
    every_report = [line for lines, _ in reports.values() for line in lines]
    for group in fold_sections(train, section_folds) if section_folds > 1 else []:
        test = [g for g in train if g.section in group]
        learn = [g for g in train if g.section not in group]
        out.append(Fold(f"{FIRST_REPORT} sections {'/'.join(group)}", FIRST_REPORT, learn + every_report, corpus,
                        line_gold(test), "line", frozenset(g.line for g in test)))
    return out


def read_study_reports(annotations: Path, corpus_real: Path | None) -> dict[str, tuple[list[GoldLine], Path]]:
    """The training reports' lines and PDFs (``[reports] train``); every one of them must be found."""
    out = {}
    for key in report_settings()["train"]:
        gold = load_report_gold(Path(annotations) / "reports" / key)
        pdf = Path(corpus_real or ".") / str(gold.document.get("file") or f"{key}.pdf")
        if corpus_real is None or not pdf.is_file():
            raise FileNotFoundError(f"{pdf}: the study holds out whole reports and needs their PDFs (--corpus-real)")
        out[key] = (report_lines(gold, pdf)[0], pdf)
    return out


def save_fold_ner(nlp: Any, models: Path) -> Path:
    """Save a fold's NER as ``models/ner`` (with a meta.json, so the run-time loader takes it) and return ``models``."""
    folder = Path(models) / "ner"
    folder.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(folder / "model")
    write_meta(folder, {"name": "ner", "version": "0.0.0", "schema_version": "fold", "trained_on": [],
                        "labels": list(nlp.get_pipe("ner").labels), "metrics": {}})
    return Path(models)


@contextlib.contextmanager
def using_combination(policy: Combination) -> Iterator[None]:
    """Run the pipeline's merge with ``policy`` in place of ``nlp/data/combination.toml`` (the study's variants);
    the shipped one is back on exit."""
    shipped = components.combination
    components.combination = lambda: policy  # type: ignore[assignment]
    try:
        yield
    finally:
        components.combination = shipped  # type: ignore[assignment]


def extract_names(pipeline: Pipeline, document: Path) -> list[Mention]:
    """The name mentions the run-time pipeline finds in a document (records not built)."""
    found: list[Mention] = []

    def clock(stage: str, work: Any) -> Any:
        if stage == "records":
            return None
        result = work()
        if stage == "extract":
            found.extend(m for m in result if m.label in NAME_LABELS)
        return result
    pipeline.run(read_document(document), clock)
    return found


def score_fold(fold: Fold, mentions: Sequence[Mention]) -> dict[str, PRF]:
    """Strict counts per name label of a fold's predictions against its gold (unit, label, folded text)."""
    if fold.unit == "line":
        pred = [PageSpan(m.prov.line, m.label, m.text) for m in mentions if m.prov.line in fold.lines]
    else:
        pred = [PageSpan(m.prov.page, m.label, m.text) for m in mentions]
    labels = score_page_mentions(fold.gold, pred).strict.labels
    return {label: labels.get(label, PRF()) for label in sorted(NAME_LABELS)}


def rules_pipeline() -> Pipeline:
    """The rules-only pipeline (the study's ``rules`` row)."""
    return Pipeline(ExtractOptions(Path(tempfile.gettempdir()) / "cnreport-no-models", Mode.RULES))


def combined_pipeline(models: Path) -> Pipeline:
    """The combined pipeline with the NER of ``models/ner``."""
    return Pipeline(ExtractOptions(Path(models), Mode.COMBINED))
