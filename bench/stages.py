"""``cnreport extract`` on one document, cut into the stages the brief names, each timed on its own.

ingest   ``nlp.ingest.read_document`` (pdfminer for PDFs; decoding for text files)
text     ``nlp.text.blocks.segment_blocks`` (normalization with offset map, blocks, joined lines)
segment  ``nlp.segment.sentences.split_sentences`` + jieba tokenization into spaCy Docs
extract  the pipeline components over the Docs (rules, NER when shipped, merge), mentions with provenance,
         credit names, ORG typing
records  table rows, key figures, paragraph classes

``nlp.pipeline.Pipeline.run`` takes the clock and times its own stages, so the figures follow the pipeline as it
is; the bench still checks that a timed run equals an untimed one.
"""
from __future__ import annotations

import time
from pathlib import Path
from typing import Any, Callable

from nlp.pipeline import Pipeline
from nlp.records.schema import Extraction

STAGES = ("ingest", "text", "segment", "extract", "records")


class PendingError(RuntimeError):
    """The input cannot be measured yet (PDF ingestion not written)."""


def has_read_document() -> bool:
    """True once ``nlp.ingest.read_document`` exists."""
    try:
        from nlp.ingest import read_document  # noqa: F401
    except ImportError:
        return False
    return True


def read_input(path: Path, processes: int = 1) -> Any:
    """Ingest a report with ``read_document`` (a big PDF's pages shared by ``processes``, 0 = the cores); before it
    exists, text files go through ``read_text_file``."""
    if has_read_document():
        from nlp.ingest import read_document
        return read_document(path, processes=processes)
    if path.suffix.lower() == ".pdf":
        raise PendingError("nlp.ingest.read_document does not exist yet")
    from nlp.ingest.textfile import read_text_file
    return read_text_file(path)


def run_stages(pipeline: Pipeline, path: Path, clock: Callable[[str, Callable[[], Any]], Any],
               processes: int = 1) -> Extraction:
    """Extract ``path`` stage by stage in up to ``processes`` processes (0 = the cores); ``clock(stage, work)`` runs
    each stage's work and returns its result. Ingest is timed here, the other stages by ``Pipeline.run`` itself."""
    doc = clock("ingest", lambda: read_input(path, processes))
    return pipeline.run(doc, clock, processes=processes)


def timed_clock(into: dict[str, float], cpu: dict[str, float]) -> Callable[[str, Callable[[], Any]], Any]:
    """A clock that adds each stage's wall seconds to ``into`` and its CPU seconds to ``cpu`` (with those of the
    children that ended during the stage: the shares of ``segment`` are counted in ``extract``, where they end)."""
    from bench.measure import cpu_seconds

    def clock(stage: str, work: Callable[[], Any]) -> Any:
        start, cpu_start = time.perf_counter(), cpu_seconds()
        result = work()
        into[stage] = into.get(stage, 0.0) + time.perf_counter() - start
        cpu[stage] = cpu.get(stage, 0.0) + cpu_seconds() - cpu_start
        return result
    return clock


def memory_clock(into: dict[str, float]) -> Callable[[str, Callable[[], Any]], Any]:
    """A clock that records each stage's tracemalloc peak (MiB above the stage's start)."""
    from bench.measure import traced_peak

    def clock(stage: str, work: Callable[[], Any]) -> Any:
        peak, result = traced_peak(work)
        into[stage] = peak
        return result
    return clock
