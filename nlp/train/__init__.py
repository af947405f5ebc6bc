"""``cnreport train``: train the NER and the classifiers from an annotations folder and ship them to ``out``.

Models are trained on the first report's **train** split (annotations/split.json, by top-level section) and scored on
its test split; the NER also learns from the real reports of ``[reports] train`` (settings.toml) whose PDFs are found
(``corpus_real``, else ``$CNREPORT_CORPUS_REAL``, else ``../shared/corpus-real``; :mod:`nlp.train.reports` places
their page-keyed gold on the ingested text), never from ``[reports] held_out``. Without the PDFs it learns from the
first report alone and says so (a warning, the summary, ``meta.json``). ``cv`` adds K-fold figures over all lines
with folds grouped by section. Every model's ``meta.json`` records the digests of its inputs
(:mod:`nlp.train.provenance`). Every model folder is written atomically (nlp/models_io.save_atomically), so an
interrupted run leaves the old models.
"""
from __future__ import annotations

import json
import logging
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import GoldError, OutputNotWritableError
from .classifiers import CLASSIFIERS, cross_validate, train_classifier
from .data import GoldLine, LabelledText, read_gold_lines, read_org_types, read_paragraph_classes, settings, \
    training_files
from .ner import cross_validate_ner, load_config, score_ner, summarize_scores, train_ner
from .provenance import examples_digest, model_inputs
from .reports import ReportData, find_corpus_real, read_report_lines

MODEL_NAMES = ("ner",) + CLASSIFIERS
GROUPS = {"ner": ("ner",), "classifiers": CLASSIFIERS}
logger = logging.getLogger(__name__)

__all__ = ["train", "MODEL_NAMES"]


def wanted_models(only: str | Sequence[str] | None) -> tuple[str, ...]:
    """The models to train: all, or those named in ``only`` (``ner``, ``classifiers`` or a model name).

    >>> wanted_models("classifiers")
    ('para_domain', 'para_topic', 'org_type')
    >>> wanted_models(None) == MODEL_NAMES
    True
    """
    if not only:
        return MODEL_NAMES
    names = [only] if isinstance(only, str) else list(only)
    out: list[str] = []
    for name in names:
        if name not in GROUPS and name not in MODEL_NAMES:
            raise ValueError(f"--only must name {', '.join((*GROUPS, *MODEL_NAMES))}, got {name!r}")
        out += [m for m in GROUPS.get(name, (name,)) if m not in out]
    return tuple(m for m in MODEL_NAMES if m in out)


def installation_dirs() -> list[Path]:
    """Folders of the installed package and its site-packages, where train must not write: ``pip uninstall`` would
    leave the models behind, and the next install would overwrite them."""
    import sysconfig
    dirs = {Path(sysconfig.get_paths()[key]).resolve() for key in ("purelib", "platlib")}
    return sorted(dirs | {Path(__file__).resolve().parents[1]})


def check_output(out: Path) -> None:
    """Refuse a models folder inside the installation (:func:`installation_dirs`); a checkout's ``models/`` is fine.

    Raises:
        OutputNotWritableError: ``out`` is inside the installed package or its site-packages.
    """
    target = Path(out).resolve()
    for folder in installation_dirs():
        if target == folder or folder in target.parents:
            raise OutputNotWritableError(out, f"it is inside the installation ({folder}); give -o DIR outside it, "
                                              "and extract with --models DIR")


def _split_info(annotations: Path, lines: list[GoldLine]) -> dict[str, Any]:
    path = annotations / "split.json"
    tests = json.loads(path.read_text(encoding="utf-8")).get("test_sections") if path.exists() else None
    tests = tests or sorted({g.section for g in lines if g.split == "test"})
    return {"unit": "section", "test_sections": list(tests),
            "lines": {"train": sum(g.split == "train" for g in lines), "test": sum(g.split == "test" for g in lines)}}


def _progress_bar(total: int, progress: bool) -> Any:
    from tqdm import tqdm
    return tqdm(total=total, file=sys.stderr, disable=not progress, unit="step", desc="cnreport train")


NER_LIMITS = ("Trained on the first report's train split (about 840 lines) and the sentences of the real reports "
              "listed in meta.json (reports); names of kinds none of them shows are missed. Rules own STD, TITLE, "
              "DATE, MONEY, PERCENT and QUANTITY at run time; the NER adds names.")
CLASSIFIER_LIMITS = ("A few dozen to a hundred training texts from one report; topics follow the report's "
                     "chapters, so a split by section leaves some topics nearly unseen (see the test figures).")


def _ner(lines: list[GoldLine], target: Path, context: dict[str, Any], cv: int | None, bar: Any,
         max_epochs: int | None, reports: ReportData) -> dict[str, Any]:
    from .artifacts import base_meta, save_model, spacy_writer
    conf = settings()["ner"]
    first = [g for g in lines if g.split == "train"]
    train = first + reports.lines
    test = [g for g in lines if g.split == "test"]
    sources = {"first_report": first, **{k: [g for g in reports.lines if g.section == k] for k in reports.keys}}
    annotations = Path(context["annotations"])
    config = load_config()

    def on_epoch(epoch: int, loss: float) -> None:
        bar.set_postfix_str(f"ner epoch {epoch} loss {loss:.0f}")
        bar.update(1)
    trained = train_ner(train, context["seed"], conf["labels"], conf["alignment"], config, max_epochs, on_epoch)
    metrics = summarize_scores(score_ner(trained.nlp, test, trained.labels))
    inputs = model_inputs("ner", annotations, reports.keys, reports.pdfs,
                          {name: examples_digest(part) for name, part in sources.items()})
    meta = {**base_meta("ner", target, context), "labels": list(trained.labels), "metrics": metrics,
            "train_seconds": round(trained.seconds, 1), "epochs": trained.epochs, "losses": trained.losses,
            "alignment": {"mode": conf["alignment"], **trained.alignment.to_dict()},
            "annotations": str(context["annotations"]), "pipeline": ["tok2vec", "ner"],
            "trained_on": _trained_on(inputs), "inputs": inputs, "reports": reports.summary(),
            "train_lines": {name: len(part) for name, part in sources.items()}}
    written = save_model(target, spacy_writer(trained.nlp), meta, NER_LIMITS)
    result = {"metrics": metrics, "alignment": meta["alignment"], "train_seconds": meta["train_seconds"],
              "size_bytes": written["size_bytes"], "path": str(target), "reports": meta["reports"],
              "train_lines": meta["train_lines"]}
    if cv:
        result["cv"] = cross_validate_ner(lines + reports.lines, cv, context["seed"], conf["labels"],
                                          conf["alignment"], config, max_epochs,
                                          on_fold=lambda fold: bar.set_postfix_str(f"ner cv fold {fold}"))
    return result


def _classifier(name: str, items: list[LabelledText], target: Path, context: dict[str, Any],
                cv: int | None) -> dict[str, Any]:
    from .artifacts import base_meta, save_model, skops_writer
    started = time.perf_counter()
    trained = train_classifier(name, items, context["seed"])
    seconds = round(time.perf_counter() - started, 2)
    metrics = {"family": trained.family, "families": trained.scores, **trained.scores[trained.family]}
    inputs = model_inputs(name, Path(context["annotations"]))
    meta = {**base_meta(name, target, context), "labels": list(trained.labels), "metrics": metrics,
            "train_seconds": seconds, "annotations": str(context["annotations"]),
            "trained_on": _trained_on(inputs), "inputs": inputs,
            "examples": {"train": sum(i.split == "train" for i in items), "test": sum(i.split == "test" for i in items)}}
    written = save_model(target, skops_writer(trained.model), meta, CLASSIFIER_LIMITS)
    result = {"metrics": metrics, "train_seconds": seconds, "size_bytes": written["size_bytes"], "path": str(target)}
    if cv:
        result["cv"] = cross_validate(name, items, cv, context["seed"])
    return result


def _trained_on(inputs: dict[str, Any]) -> list[dict[str, str]]:
    """``[{path, sha256}]`` of the annotation files a model learned from (relative to the annotations folder)."""
    return [{"path": path, "sha256": digest} for path, digest in inputs["annotations"].items()]


def _report_data(annotations: Path, corpus_real: Path | None, wanted: tuple[str, ...]) -> ReportData:
    """The real reports' training lines for the NER (none when the NER is not trained); warns when some are missing.

    Raises:
        ValueError: when ``corpus_real`` is given and is not a folder.
    """
    if "ner" not in wanted:
        return ReportData()
    if corpus_real is not None and not Path(corpus_real).is_dir():
        raise ValueError(f"--corpus-real {corpus_real}: not a folder")
    data = read_report_lines(annotations, find_corpus_real(corpus_real))
    if data.missing:
        logger.warning("the NER learns without %s; give the folder of the real PDFs with --corpus-real DIR (or "
                       "$CNREPORT_CORPUS_REAL)%s", "; ".join(data.missing),
                       "" if data.lines else ": it learns from the first report alone")
    return data


def _classifier_items(annotations: Path, lines: list[GoldLine], wanted: tuple[str, ...]
                      ) -> dict[str, list[LabelledText] | None]:
    items: dict[str, list[LabelledText] | None] = {}
    if "para_domain" in wanted or "para_topic" in wanted:
        items.update(read_paragraph_classes(annotations, lines))
    if "org_type" in wanted:
        items["org_type"] = read_org_types(annotations, lines)
    return {name: items.get(name) for name in wanted if name != "ner"}


def train(annotations: Path, out: Path, seed: int = 0, cv: int | None = None,
          only: str | Sequence[str] | None = None, progress: bool = True,
          max_epochs: int | None = None, corpus_real: Path | None = None) -> dict[str, Any]:
    """Train the models, save them under ``out/<name>/`` and return their figures.

    Args:
        annotations: the annotations folder (mentions.jsonl, split.json, classes/…).
        out: the models folder (``models/`` ships with cnreport).
        seed: random seed of every model.
        cv: K for K-fold cross-validated figures (folds grouped by section); None or 0 for none.
        only: ``"ner"``, ``"classifiers"``, a model name, or a list of them; None for all.
        progress: show a tqdm progress bar on stderr.
        max_epochs: override the NER's ``[training] max_epochs`` (for quick runs).
        corpus_real: the folder of the real report PDFs the NER also learns from (``[reports] train`` of
            settings.toml); ``None``: ``$CNREPORT_CORPUS_REAL``, else ``../shared/corpus-real`` beside the checkout.
            Reports whose gold or PDF is missing are left out with a warning, and recorded in the NER's meta.

    Returns:
        ``{model name: {"metrics": …, "cv": …, "size_bytes": …, …}}``; a classifier without data (no
        ``classes/org_types.csv``) gets ``{"skipped": reason}``.

    Raises:
        GoldError: when an annotation file is missing or invalid.
        ValueError: when ``corpus_real`` is not a folder, or a PDF is not the file its gold was made from.
    """
    annotations, out, wanted = Path(annotations), Path(out), wanted_models(only)
    check_output(out)
    if not annotations.is_dir():
        raise GoldError(annotations, "no such folder; give --annotations DIR, the annotations/ folder of a cnreport "
                                     "checkout (the default ./annotations is there only when run from a checkout)")
    lines = read_gold_lines(annotations)
    if not lines:
        raise GoldError(annotations / "mentions.jsonl", "no gold lines to train on")
    context = {"seed": seed, "annotations": annotations, "trained_on": training_files(annotations),
               "split": _split_info(annotations, lines)}
    items = _classifier_items(annotations, lines, wanted)
    reports = _report_data(annotations, Path(corpus_real) if corpus_real is not None else None, wanted)
    epochs = max_epochs if max_epochs is not None else int(load_config()["training"]["max_epochs"])
    bar = _progress_bar(("ner" in wanted) * epochs + len(items), progress)
    results: dict[str, Any] = {}
    try:
        if "ner" in wanted:
            results["ner"] = _ner(lines, out / "ner", context, cv or None, bar, max_epochs, reports)
        for name, data in items.items():
            bar.set_postfix_str(name)
            if data is None:
                results[name] = {"skipped": f"{annotations / 'classes' / 'org_types.csv'} is missing"}
            else:
                results[name] = _classifier(name, data, out / name, context, cv or None)
            bar.update(1)
    finally:
        bar.close()
    return results
