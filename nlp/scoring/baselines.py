"""Baselines in the same run: the gold documents of an ``extract`` folder re-extracted in-process, per mode.

``cnreport evaluate OUT`` scores OUT (ours) beside four baselines built here from the same source files:

=================  ===========================================================================================
``rules_only``     ``ExtractOptions(mode=rules)``: rule extractors alone
``ner_only``       ``ExtractOptions(mode=ner)``: the trained NER's names plus the regex labels (regex labels
                   only until ``models/ner`` exists)
``rules+ner``      ``ExtractOptions(mode=combined)``: both, merged (what ``extract`` does by default)
``jieba_posseg``   jieba.posseg ``nr``/``ns``/``nt`` as PER/LOC/ORG, nothing else (:mod:`nlp.extractors.
                   baselines.jieba_posseg`; ``ExtractOptions(mode=jieba)``)
=================  ===========================================================================================

Only OUT's documents whose source is a gold document run (``documents.jsonl`` ``path`` whose file stem, or
``doc_id``, is a gold ``doc_id``); each baseline is written by the same writer as ``extract``
(:func:`nlp.records.writer.write_document` and :func:`~nlp.records.writer.combine`) into a folder of
``workdir`` and scored like any ``extract`` folder.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from nlp.options import DEFAULT_MODELS_DIR, ExtractOptions, Mode
from nlp.scoring.loaders import read_jsonl
from nlp.scoring.records import RECORD_KINDS

if TYPE_CHECKING:
    from nlp.records.schema import Extraction

#: Baseline name → extraction mode, in report order.
BASELINE_MODES: dict[str, Mode] = {"rules_only": Mode.RULES, "ner_only": Mode.NER, "rules+ner": Mode.COMBINED,
                                   "jieba_posseg": Mode.JIEBA}


@dataclass(slots=True)
class BaselineRun:
    """The folders written for the baselines, the sources they read, and why any source was skipped."""

    folders: dict[str, Path] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def description(self, name: str) -> str:
        """What a baseline's ``pred_dir`` is shown as (no temp path, so the JSON is reproducible)."""
        return f"in-process: mode={BASELINE_MODES[name].value} on {', '.join(self.sources) or 'no source'}"


def gold_sources(out_dir: str | Path, gold_ids: Iterable[str]) -> tuple[list[Path], list[str]]:
    """The source files of OUT's documents that are gold documents, and notes on the ones not found.

    A document is a gold one when its ``doc_id`` or the stem of its ``path`` is a gold ``doc_id``; a relative
    ``path`` is tried as given (from the current directory), then from OUT's parent folder.
    """
    gold = set(gold_ids)
    rows = read_jsonl(Path(out_dir) / "documents.jsonl") or []
    found, notes = [], []
    for row in rows:
        raw = str(row.get("path") or "")
        if not raw or (Path(raw).stem not in gold and str(row.get("doc_id")) not in gold):
            continue
        candidates = [Path(raw)] if Path(raw).is_absolute() else [Path(raw), Path(out_dir).parent / raw]
        path = next((c for c in candidates if c.is_file()), None)
        if path is None:
            notes.append(f"{raw}: source of a gold document not found; baselines skip it")
        elif path not in found:
            found.append(path)
    return found, notes


def extract_for_mode(path: Path, mode: Mode, models_dir: Path) -> Extraction:
    """One source file extracted in one mode (pipelines are built once per process and mode), in one process: the
    baselines run side by side in worker processes (``--workers``)."""
    from nlp.api import load_document, pipeline_for
    options = ExtractOptions(models_dir, mode, processes=1)
    return pipeline_for(options).run(load_document(path, options))


def write_baseline(name: str, sources: Sequence[Path], folder: Path, models_dir: Path) -> Path:
    """Extract ``sources`` with one baseline and write them into ``folder`` as ``extract`` would."""
    from nlp.records.serialize import extraction_tables
    from nlp.records.writer import combine, write_document

    folder.mkdir(parents=True, exist_ok=True)
    for path in sources:
        extraction = extract_for_mode(path, BASELINE_MODES[name], models_dir)
        write_document(folder, extraction.doc_id, extraction_tables(extraction))
    combine(folder)
    for stem in (*RECORD_KINDS, "figures", "paragraphs"):
        (folder / f"{stem}.jsonl").touch()  # a baseline without records has none of them, not missing files
    return folder


def _warm_up() -> None:
    """Import the pipeline and load jieba's dictionaries once, before worker processes fork from this one."""
    import nlp.api  # noqa: F401
    import nlp.pipeline  # noqa: F401
    from nlp.segment.tokenizer import jieba_tokenizers
    jieba_tokenizers()


def run_baselines(out_dir: str | Path, gold_ids: Iterable[str], workdir: str | Path,
                  names: Sequence[str] = tuple(BASELINE_MODES), models_dir: Path = DEFAULT_MODELS_DIR,
                  workers: int = 1) -> BaselineRun:
    """Extract OUT's gold documents with each baseline into ``workdir/<name>/`` and return the folders.

    Args:
        out_dir: the ``extract`` folder being evaluated (its ``documents.jsonl`` names the sources).
        gold_ids: the gold document ids.
        workdir: an empty folder (a temporary one in ``cnreport evaluate``).
        names: which of :data:`BASELINE_MODES` to run.
        models_dir: the models folder (``models/``).
        workers: processes; above 1 the baselines run side by side (each writes its own folder, so the
            output does not depend on it).

    Returns:
        The written folders by name (none when no gold source was found), the sources and notes.
    """
    sources, notes = gold_sources(out_dir, gold_ids)
    run = BaselineRun(sources=[p.as_posix() for p in sources], notes=notes)
    if not sources:
        run.notes.append(f"{out_dir}: no document whose source is a gold document; no baselines")
        return run
    folders = {name: Path(workdir) / name.replace("+", "_") for name in names}
    if workers > 1 and len(names) > 1:
        from concurrent.futures import ProcessPoolExecutor
        _warm_up()
        with ProcessPoolExecutor(max_workers=min(workers, len(names))) as pool:
            futures = {name: pool.submit(write_baseline, name, sources, folders[name], models_dir) for name in names}
            run.folders = {name: futures[name].result() for name in names}
    else:
        run.folders = {name: write_baseline(name, sources, folders[name], models_dir) for name in names}
    return run


__all__ = ["BASELINE_MODES", "BaselineRun", "gold_sources", "run_baselines", "write_baseline"]
