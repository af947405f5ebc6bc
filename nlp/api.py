"""The Python API, with the same verbs as the command line: ``extract``, ``extract_many``, ``normalize``.

>>> from nlp import extract
>>> ex = extract("2022 年我国区块链产业规模约 67 亿元，同比增长 3.08%。")
>>> [(m.label, m.norm_text) for m in ex.mentions]
[('DATE', '2022年'), ('MONEY', '约67亿元'), ('PERCENT', '3.08%')]
"""
from __future__ import annotations

import logging
import os
import signal
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Iterable

from .errors import CnreportError, InputNotFoundError
from .options import ExtractOptions
from .records.schema import Extraction
from .records.serialize import extraction_tables

if TYPE_CHECKING:  # ingest (pdfminer) is imported when a document is read: `cnreport normalize` never needs it
    from .ingest.document import RawDocument

logger = logging.getLogger(__name__)
INPUT_SUFFIXES = (".pdf", ".txt", ".md")
_PIPELINES: dict[ExtractOptions, Any] = {}


def pipeline_for(options: ExtractOptions) -> Any:
    """The pipeline for these options, built once per process (jieba dictionaries and models load once)."""
    from .pipeline import Pipeline
    if options not in _PIPELINES:
        _PIPELINES[options] = Pipeline(options)
    return _PIPELINES[options]


def source_path(source: str | Path) -> Path | None:
    """The file a source names, or None when the source is a report's text itself (a string that is long, holds a
    line break or does not end with a suffix of ``INPUT_SUFFIXES``)."""
    if isinstance(source, Path):
        return source
    if isinstance(source, str) and len(source) < 4096 and "\n" not in source \
            and Path(source).suffix.lower() in INPUT_SUFFIXES:
        return Path(source)
    return None


def load_document(source: str | Path, options: ExtractOptions | None = None,
                  on_page: Callable[[int], None] | None = None) -> RawDocument:
    """Ingest a path (PDF, .txt, .md) or, for a string that is not an existing path, the text itself
    (``on_page(number)`` is called as each PDF page is read)."""
    options = options or ExtractOptions()
    path = source_path(source)
    if path is not None:
        from .ingest import read_document
        return read_document(path, password=options.password, pages=options.pages, on_page=on_page,
                             processes=options.processes)
    from .ingest.textfile import text_document
    return text_document(str(source).encode("utf-8"), "<text>")


def extract(source: str | Path, options: ExtractOptions | None = None) -> Extraction:
    """Extract typed records from one report (a path, or the report's text)."""
    options = options or ExtractOptions()
    document, pipeline = document_and_pipeline(source, options)
    return pipeline.run(document, processes=options.processes)


def document_and_pipeline(source: str | Path, options: ExtractOptions, on_page: Callable[[int], None] | None = None,
                          on_note: Callable[[str], None] | None = None) -> tuple[RawDocument, Any]:
    """The document read (:func:`load_document`) and the pipeline (:func:`pipeline_for`, ``on_note`` told while it
    loads). A bad input is reported before any model is loaded, or, when both are done at once, before a model
    error: that is when the pipeline is still to be built, the source is a PDF and ``options.processes`` allows
    two processes; a forked child then reads the PDF (in one process) while this one loads spaCy and the models,
    and ``on_page`` is told of the pages once the document is here."""
    from .processes import Shares, processes_for
    path = source_path(source)
    is_pdf = path is not None and path.suffix.lower() == ".pdf"
    if options in _PIPELINES or not is_pdf or processes_for(options.processes, 2, 1) < 2:
        document = load_document(source, options, on_page)  # bad input fails before any model is loaded
        return document, _noted_pipeline(options, on_note)
    one = replace(options, processes=1)
    with Shares(lambda _share: load_document(source, one), 2) as reading:
        try:
            pipeline = _noted_pipeline(options, on_note)
        except CnreportError:
            reading.results()  # a bad input first, as when the document is read before the models load
            raise
        [document] = reading.results()
    if on_page is not None:
        for number in range(document.first_page, document.first_page + document.pages):
            on_page(number)
    return document, pipeline


Outcome = tuple[str, dict[str, list[dict[str, Any]]], int, dict[str, bytes]]


#: A page's share of a document's work while it is read (PDF layout) and while its mentions are found; the rest
#: (tables, figures, classes) is counted when the document is done. Measured on cac_digital_china_2021.pdf (73 pages,
#: one process): ingest 9.7 s, segment and extract 8.7 s, records 3.1 s.
READ_SHARE, EXTRACT_SHARE = 0.45, 0.40


def extract_tables(path: str, options: ExtractOptions, on_pages: Callable[[float], None] | None = None,
                   on_note: Callable[[str], None] | None = None) -> Outcome:
    """Worker function: (doc_id, output tables, pages, other files of its folder: the text ``cnreport view``
    shows) of one file; raises CnreportError on bad input. ``on_pages(share)`` is called with each part of a page
    done (:data:`READ_SHARE` as a PDF page is read, :data:`EXTRACT_SHARE` as its mentions are found), ``on_note``
    with what is being done besides pages (loading the models, once per process; ``""`` when done)."""
    from .view.text import TEXT_FILE, text_file_bytes
    read = (lambda _page: on_pages(READ_SHARE)) if on_pages else None
    found = (lambda _page: on_pages(EXTRACT_SHARE)) if on_pages else None
    document, pipeline = document_and_pipeline(Path(path), options, read, on_note)
    extraction = pipeline.run(document, on_page=found, processes=options.processes)
    return extraction.doc_id, extraction_tables(extraction), extraction.pages, {TEXT_FILE: text_file_bytes(document)}


def discover(inputs: Iterable[str | Path]) -> list[Path]:
    """Expand folders into their report files (sorted); keep files as given."""
    files: list[Path] = []
    for item in inputs:
        path = Path(item)
        if path.is_dir():
            files.extend(sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in INPUT_SUFFIXES))
        else:
            files.append(path)
    return files


@dataclass
class BatchResult:
    """What a batch did: done and skipped paths, failures with their one-line messages."""

    done: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    pages: int = 0
    tables: int = 0
    untyped_tables: list[str] = field(default_factory=list)
    unmapped_headers: int = 0

    @property
    def exit_code(self) -> int:
        return 1 if self.failed else 0


def _sha256(path: Path) -> str | None:
    import hashlib
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return None


PACKAGE_DIR = Path(__file__).resolve().parent


def pipeline_fingerprint(options: ExtractOptions) -> str:
    """SHA-256 of what decides an extraction besides its input: the package's code and data files (rules,
    dictionaries, the combination policy), the models' ``meta.json`` files (which hold their files' digests) and
    the options that change the output (mode, reference year, pages). A document already extracted into a folder is
    skipped only when it was extracted with the same fingerprint, so an upgrade, a retrain or another ``--mode``
    re-extracts it."""
    import hashlib
    digest = hashlib.sha256()
    shipped = PACKAGE_DIR / "models"  # an installed wheel's models: counted by their meta.json below, if used
    code = sorted(p for p in PACKAGE_DIR.rglob("*") if p.is_file() and "__pycache__" not in p.parts
                  and not p.is_relative_to(shipped))
    metas = sorted(options.models_dir.glob("*/meta.json")) if options.models_dir.is_dir() else []
    named = [(p.relative_to(PACKAGE_DIR), p) for p in code] + [(p.relative_to(options.models_dir), p) for p in metas]
    for name, path in named:
        digest.update(f"{name}\0".encode() + hashlib.sha256(path.read_bytes()).digest())
    digest.update(f"{options.mode.value}\0{options.reference_year}\0{options.pages}".encode())
    return digest.hexdigest()


def _pool_context(options: ExtractOptions) -> Any:
    """Where the platform can fork, build the pipeline (jieba dictionary, NER, classifiers) once in this process
    so that every worker inherits it instead of loading it again; elsewhere workers build their own."""
    import multiprocessing
    if "fork" not in multiprocessing.get_all_start_methods():
        return None
    pipeline_for(options)
    return multiprocessing.get_context("fork")


LOADING_NOTE = "loading the models"


def _noted_pipeline(options: ExtractOptions, on_note: Callable[[str], None] | None) -> Any:
    """:func:`pipeline_for`, saying so through ``on_note`` when it has to be built (about 15 s)."""
    if on_note is None or options in _PIPELINES:
        return pipeline_for(options)
    on_note(LOADING_NOTE)
    try:
        return pipeline_for(options)
    finally:
        on_note("")


#: In a worker process: the queue its page progress goes to (set by :func:`_init_worker`), or None.
_PAGE_QUEUE: Any = None
#: Seconds between two looks at the page progress of worker processes.
PROGRESS_POLL = 0.2


def _init_worker(queue: Any = None) -> None:
    global _PAGE_QUEUE
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _PAGE_QUEUE = queue


def _extract_in_worker(path: str, options: ExtractOptions) -> Outcome:
    """:func:`extract_tables` in a worker process, its page progress sent to the parent through the queue."""
    queue = _PAGE_QUEUE
    return extract_tables(path, options, (lambda share: queue.put((path, share))) if queue is not None else None)


@dataclass
class PageProgress:
    """A page-level progress display of a batch.

    Attributes:
        plan: called with pages to add to the total: first those of every document to extract (known before reading
            them, :func:`nlp.ingest.page_total`), later the difference when a document turns out to have more or fewer.
        advance: called with a document's path and the pages (fractions of pages) done since the last call.
        note: called with what the batch does besides pages (``"loading the models"``; ``""`` when it is done).
    """

    plan: Callable[[int], None]
    advance: Callable[[str, float], None]
    note: Callable[[str], None] | None = None


class _PageCounter:
    """Page progress of each document of a batch, so that each ends at exactly its pages whatever arrived late."""

    def __init__(self, progress: PageProgress | None, planned: dict[str, int]) -> None:
        self.progress, self.planned = progress, planned
        self.done: dict[str, float] = {path: 0.0 for path in planned}
        if progress is not None:
            progress.plan(sum(planned.values()))

    def add(self, path: str, share: float) -> None:
        if self.progress is None or path not in self.done:
            return
        share = min(share, self.planned[path] - self.done[path])
        if share > 0:
            self.done[path] += share
            self.progress.advance(path, share)

    def finish(self, path: str, pages: int | None = None) -> None:
        """A document is done (``pages`` read) or failed (``None``): count what is left of it."""
        if self.progress is None or path not in self.done:
            return
        planned = self.planned[path]
        if pages is not None and pages != planned:
            self.progress.plan(pages - planned)
            planned = pages
        rest = planned - self.done.pop(path)
        if rest:
            self.progress.advance(path, rest)

    def drain(self, queue: Any) -> None:
        """Count the page progress the worker processes have sent."""
        import queue as queues
        while queue is not None:
            try:
                path, share = queue.get_nowait()
            except queues.Empty:
                return
            self.add(path, share)


def extract_many(inputs: Iterable[str | Path], out: Path, options: ExtractOptions | None = None, workers: int = 1,
                 db: Path | None = None, force: bool = False,
                 on_progress: Callable[[str, int], None] | None = None, client: Any = None,
                 pages: PageProgress | None = None) -> BatchResult:
    """Extract many reports into ``out``; each document's results land atomically; failures never stop the rest.

    Args:
        inputs: files and folders.
        out: output folder.
        options: extraction options.
        workers: processes (1 = in this process): several documents run one a process; a single document's
            extraction shares its pages and sentences between up to ``workers`` processes (``options.processes``
            is set from it: :mod:`nlp.processes`).
        db: SQLite store (default ``out/cnreport.sqlite``).
        force: re-extract documents already in the store.
        on_progress: called with (path, pages) after each document.
        client: a ``distributed.Client``: run one task a document on its Dask cluster instead of local processes
            (``workers`` is then ignored); results are written here as they arrive (:mod:`nlp.distributed`).
        pages: a page-level progress display (:class:`PageProgress`): told the pages of the documents to extract,
            then each part of a page as it is done, from this process or the worker processes (on a Dask cluster,
            a document's pages when it is done).
    """
    from .records.combined import update_combined
    from .records.writer import DEFAULT_DB, check_writable, stored_doc_ids, stored_fingerprint, store_sqlite, \
        write_document
    options = options or ExtractOptions()
    check_writable(out)
    db = db or out / DEFAULT_DB
    result = BatchResult()
    known = set() if force else stored_doc_ids(db)
    fingerprint = pipeline_fingerprint(options)
    todo: list[Path] = []
    written: list[str] = []
    for path in discover(inputs):
        digest = _sha256(path) if path.exists() else None
        if digest is not None and digest in known and stored_fingerprint(out, digest) == fingerprint:
            result.skipped.append(str(path))
        else:
            todo.append(path)

    options = replace(options, processes=max(workers, 1) if len(todo) == 1 and client is None else 1)
    from .ingest import page_total
    counter = _PageCounter(pages, {str(p): page_total(p, options.password, options.pages) for p in todo}
                           if pages is not None else {})

    def finish(path: Path, outcome: Outcome, made_by: str = fingerprint) -> None:
        doc_id, tables, page_count, files = outcome
        write_document(out, doc_id, tables, made_by, files)
        store_sqlite(db, doc_id, tables)
        written.append(doc_id)
        result.done.append(str(path))
        result.pages += page_count
        counter.finish(str(path), page_count)
        for table in tables.get("tables", []):
            result.tables += 1
            result.unmapped_headers += len(table["unmapped"]) if table["typed"] else 0
            if not table["typed"]:
                result.untyped_tables.append(f"{path.name} {table['table']}")
        if on_progress:
            on_progress(str(path), page_count)

    def fail(path: Path, exc: BaseException) -> None:
        message = exc.message if isinstance(exc, CnreportError) else f"[E099] {path}: {type(exc).__name__}: {exc}"
        logger.debug("failed %s", path, exc_info=exc)
        result.failed.append((str(path), message))
        counter.finish(str(path))
        if on_progress:
            on_progress(str(path), 0)

    try:
        if client is not None:
            from .distributed import run_on_client
            run_on_client(client, todo, options, finish, fail)
        elif workers <= 1 or len(todo) <= 1:
            for path in todo:
                try:
                    if not path.exists():
                        raise InputNotFoundError(path)
                    finish(path, extract_tables(str(path), options, _advancer(counter, str(path)),
                                                pages.note if pages else None))
                except CnreportError as exc:
                    fail(path, exc)
                except Exception as exc:  # one broken document must not stop the batch
                    fail(path, exc)
        else:
            _run_pool(todo, options, workers, counter, finish, fail, pages.note if pages else None)
    finally:
        update_combined(out, written)
    return result


def _advancer(counter: _PageCounter, path: str) -> Callable[[float], None] | None:
    return (lambda share: counter.add(path, share)) if counter.progress is not None else None


def _run_pool(todo: list[Path], options: ExtractOptions, workers: int, counter: _PageCounter,
              finish: Callable[[Path, Outcome], None], fail: Callable[[Path, BaseException], None],
              on_note: Callable[[str], None] | None = None) -> None:
    """Extract ``todo`` in worker processes, handing each outcome to ``finish`` (or its error to ``fail``) as it
    arrives and counting the page progress the workers send meanwhile."""
    import multiprocessing
    if on_note is not None and options not in _PIPELINES and "fork" in multiprocessing.get_all_start_methods():
        on_note(LOADING_NOTE)  # _pool_context builds the pipeline here, for the workers to inherit
    context = _pool_context(options)
    if on_note is not None:
        on_note("")
    queue = (context or multiprocessing.get_context()).Queue() if counter.progress is not None else None
    with ProcessPoolExecutor(max_workers=workers, initializer=_init_worker, initargs=(queue,),
                             mp_context=context) as pool:
        futures = {pool.submit(_extract_in_worker, str(p), options): p for p in todo}
        pending = set(futures)
        try:
            while pending:
                done, pending = wait(pending, timeout=PROGRESS_POLL, return_when=FIRST_COMPLETED)
                counter.drain(queue)
                for future in [f for f in futures if f in done]:
                    try:
                        finish(futures[future], future.result())
                    except Exception as exc:
                        fail(futures[future], exc)
        except KeyboardInterrupt:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def default_workers() -> int:
    """The number of cores."""
    return os.cpu_count() or 1


def normalize(expressions: Iterable[str], kind: str, reference_year: int | None = None, context: str = "",
              after: str = "") -> list[dict[str, Any]]:
    """Normalize date or amount expressions; unreadable ones give null fields and a reason.

    There is no document to read a year from, so a date relative to it (今年, 上半年, 5 月) is resolved only with an
    explicit ``reference_year`` (``--reference-year``); without one it stays unresolved and its reason says so.
    Amounts are read as ``extract`` reads them (:func:`~nlp.normalizers.amounts.read_amount`): a number with 万/亿
    and no unit is money only when ``context`` (the words before it) or ``after`` (the words after it: 增至 45.5 万亿元)
    says so, else a count."""
    from .normalizers.dates import date_value, relative_date
    from .normalizers.amounts import read_amount
    from .records.schema import Amount, DateValue
    from .records.serialize import value_dict
    rows = []
    for text in expressions:
        value: DateValue | Amount | None
        if kind == "date":
            value = date_value(text, reference_year)
            empty = {"start": None, "end": None, "granularity": None, "qualifier": None}
        else:
            value = read_amount(text, context, after=after)
            empty = {"kind": None, "value": None, "min": None, "max": None, "currency": None, "unit": None, "qualifier": None}
        if value is None and kind == "date" and reference_year is None and relative_date(text):
            rows.append({"text": text, **empty, "reason": "a date relative to the report's year: give --reference-year"})
        elif value is None:
            rows.append({"text": text, **empty, "reason": f"not a {kind} expression cnreport can read"})
        else:
            full = {**empty, **(value_dict(value) or {})}
            full.pop("resolved_from", None) if kind != "date" else None
            rows.append({"text": text, **full})
    return rows
